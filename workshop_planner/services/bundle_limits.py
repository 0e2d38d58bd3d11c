"""A bundle's limits, checked before its schema: every stored value fits where it goes.

Runs on a bundle's parsed JSON, whatever its shape (a value of the wrong type is
passed over: the schema names it), so nothing that would overflow a date, a
column or an integer reaches the database.
Each problem carries the field's JSON path (``$.sessions[3].title``); the field
limits themselves are :mod:`workshop_planner.domain.limits`, shared with the
event rules and the spreadsheet import.

Reading the file is bounded too: its size, and how deep its JSON nests, are
checked before the text is parsed, so a 10,000-deep array is one sentence rather
than a RecursionError.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import accumulate, chain
from typing import Any

from workshop_planner.domain import fields as fd
from workshop_planner.domain import limits
from workshop_planner.domain.image_limits import image_problem
from workshop_planner.services.bundle_validation import Problem, validate_bundle

#: Problems reported at most: the first few say enough to fix the file.
MAX_PROBLEMS = 20
#: Integers beyond 64 bits are refused wherever they are in a bundle.
MAX_ANY_INT = 2**63 - 1

#: The collections whose items are declared in :mod:`fields`, by bundle key.
COLLECTIONS: dict[str, fd.Fields] = {
    "organisations": fd.ORGANISATION,
    "people": fd.PERSON,
    "participants": fd.PARTICIPANT,
    "sessions": fd.SESSION,
    "themes": fd.THEME,
    "notes": fd.NOTE,
    "partners": fd.PARTNER,
    "contacts": fd.CONTACT,
}


class BundleLimitError(ValueError):
    """A bundle file is too large or too deep to read; the message is a sentence fragment."""


# --- reading the file ---------------------------------------------------------------

# A JSON string (with escapes); written unrolled so long strings match in one step.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(raw: bytes) -> int:
    """How deep the arrays and objects in ``raw`` nest, counted without parsing it."""
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    steps = (1 if b in b"[{" else -1 for b in brackets)
    return max(accumulate(steps), default=0)


def load_bundle_json(raw: bytes) -> Any:
    """The JSON value in ``raw`` (UTF-8); raises :class:`BundleLimitError` for a hostile file.

    Invalid JSON raises :class:`json.JSONDecodeError` and text that is not UTF-8
    :class:`UnicodeDecodeError`, as :func:`json.loads` does.
    """
    if len(raw) > limits.MAX_BUNDLE_BYTES:
        raise BundleLimitError(_too_large(len(raw)))
    depth = json_depth(raw)
    if depth > limits.MAX_JSON_DEPTH:
        raise BundleLimitError(
            f"its JSON nests {depth:,} levels deep, and a bundle nests at most "
            f"{limits.MAX_JSON_DEPTH}"
        )
    text = raw.decode("utf-8-sig")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (BundleLimitError, json.JSONDecodeError):
        raise
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise BundleLimitError("its JSON nests too deep to read") from None
    except ValueError:
        # int() refuses numbers of more than 4,300 digits
        raise BundleLimitError("it holds a number with too many digits to read") from None


def _too_large(size: int) -> str:
    mb = 1024 * 1024
    most = limits.MAX_BUNDLE_BYTES // mb
    return f"it is {size / mb:,.0f} MB, and a bundle may be at most {most} MB"


def _refuse_constant(name: str) -> Any:
    raise BundleLimitError(f"it holds {name}, which is not a number JSON allows")


def bundle_file_too_large(size: int) -> str | None:
    """For a bundle file's size on disk, before it is read."""
    return _too_large(size) if size > limits.MAX_BUNDLE_BYTES else None


# --- checking the parsed bundle ------------------------------------------------------


def bundle_problems(data: Any) -> list[Problem]:
    """Everything that keeps ``data`` from being imported; empty when it can be.

    Values no part may meet come first: nesting deeper than a bundle, NUL,
    broken Unicode, numbers beyond 64 bits (validators themselves recurse on
    them, or convert them). Then the schema and the rules, whose words are the
    most precise ("not an ISO country code" rather than "has 6 characters"),
    then the fields' limits. A value validation cannot handle (an instant in
    year 1 with a zone offset overflows when converted to UTC) is named by the
    limits too.
    """
    hazards = _first(_anywhere(data))
    if hazards:
        return hazards
    try:
        problems = validate_bundle(data)
    except (OverflowError, RecursionError):
        problems = _first(_fields_beyond_limits(data))
        if not problems:
            raise  # not a limit: a bug to report, not bad input
        return problems
    return problems or _first(_fields_beyond_limits(data))


def check_bundle_limits(data: Any) -> list[Problem]:
    """The first problems (at most :data:`MAX_PROBLEMS`) with a limit; empty when none."""
    return _first(chain(_anywhere(data), _fields_beyond_limits(data)))


def _first(found: Iterable[Problem]) -> list[Problem]:
    problems: dict[str, Problem] = {}
    for problem in found:
        problems.setdefault(problem.path, problem)  # the first problem of a field
        if len(problems) >= MAX_PROBLEMS:
            break
    return sorted(problems.values())


def _fields_beyond_limits(data: Any) -> Iterator[Problem]:
    if not isinstance(data, dict):
        return
    yield from _instant("$.exported_at", data.get("exported_at"))
    event = data.get("event")
    if isinstance(event, dict):
        yield from _event(event)
    for name, declared in COLLECTIONS.items():
        for path, item in _items(data, name):
            yield from _tracked(path, item, declared)
            yield from _extra(name, path, item)
    for path, asset in _items(data, "assets"):
        yield from _asset(path, asset)


def _items(data: dict[str, Any], name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    values = data.get(name)
    if isinstance(values, list):
        for i, item in enumerate(values):
            if isinstance(item, dict):
                yield f"$.{name}[{i}]", item


def _anywhere(data: Any) -> Iterator[Problem]:
    """What no value may be, wherever it is: NUL, broken Unicode, 64-bit overflow, infinity,
    nesting deeper than a bundle does (a bundle built in Python skipped the file's check)."""
    stack: list[tuple[str, Any, int]] = [("$", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, dict | list) and depth >= limits.MAX_JSON_DEPTH:
            yield Problem(path, f"nests deeper than a bundle may ({limits.MAX_JSON_DEPTH} levels)")
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                problem = limits.encoding_problem(key) if isinstance(key, str) else None
                if problem:
                    yield Problem(path, f"a field name {problem}")
                stack.append((f"{path}.{key}", item, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (f"{path}[{i}]", item, depth + 1) for i, item in reversed(list(enumerate(value)))
            )
        elif isinstance(value, str):
            problem = limits.encoding_problem(value)
            if problem:
                yield Problem(path, problem)
        elif isinstance(value, int) and not isinstance(value, bool):
            if not -MAX_ANY_INT - 1 <= value <= MAX_ANY_INT:
                yield Problem(path, limits.integer_problem(value) or "is too large")
        elif isinstance(value, float) and not math.isfinite(value):
            yield Problem(path, "is not a finite number")


def _lookup(item: dict[str, Any], key: str) -> Any:
    """The value at a dotted key ("venue.name"); None where any part is missing."""
    value: Any = item
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _fields(path: str, item: dict[str, Any], declared: fd.Fields) -> Iterator[Problem]:
    """Each declared field of ``item`` against its column."""
    for name in declared.bundle:
        key = declared.key(name)
        value = _lookup(item, key)
        if value is None:
            continue
        field_path = f"{path}.{key}"
        kind, _ = limits.column_kind(declared.model, name)
        if kind == limits.DATE or kind == limits.INSTANT:
            yield from _timed(field_path, value, kind)
            continue
        if isinstance(value, list):
            if not name.endswith("_ids"):  # lists of names ("roles"): the schema's concern
                continue
            for i, entry in enumerate(value):  # a relation's ids ("themes")
                if isinstance(entry, str):
                    yield from _found(f"{field_path}[{i}]", limits.id_problem(entry))
            continue
        yield from _found(field_path, limits.column_problem(declared.model, name, value))


def _tracked(path: str, item: dict[str, Any], declared: fd.Fields) -> Iterator[Problem]:
    if isinstance(item.get("id"), str):
        yield from _found(f"{path}.id", limits.id_problem(item["id"]))
    yield from _instant(f"{path}.updated_at", item.get("updated_at"))
    yield from _fields(path, item, declared)


def _found(path: str, problem: str | None) -> Iterator[Problem]:
    if problem:
        yield Problem(path, problem)


def _parsed(value: Any, kind: str) -> date | None:
    if not isinstance(value, str):
        return None
    parse = datetime.fromisoformat if kind == limits.INSTANT else date.fromisoformat
    try:
        return parse(value)
    except ValueError:
        return None  # not a date at all: validation says so


def _timed(path: str, value: Any, kind: str) -> Iterator[Problem]:
    parsed = _parsed(value, kind)
    if isinstance(parsed, datetime):
        yield from _found(path, limits.instant_problem(parsed))
    elif parsed is not None:
        yield from _found(path, limits.date_problem(parsed))


def _instant(path: str, value: Any) -> Iterator[Problem]:
    yield from _timed(path, value, limits.INSTANT)


def _event(event: dict[str, Any]) -> Iterator[Problem]:
    yield from _tracked("$.event", event, fd.EVENT)
    start = _parsed(event.get("start_date"), limits.DATE)
    end = _parsed(event.get("end_date"), limits.DATE)
    if (
        start is not None
        and end is not None
        and not limits.date_problem(start)
        and not limits.date_problem(end)
    ):
        yield from _found("$.event.end_date", limits.event_length_problem(start, end))
    report = event.get("report")
    if isinstance(report, dict):
        yield from _fields("$.event.report", report, fd.REPORT_SETTINGS)
        overrides = report.get("overrides")
        if isinstance(overrides, dict):  # keys of newer tools are kept too
            for key, text in overrides.items():
                if isinstance(text, str):
                    path = f"$.event.report.overrides.{key}"
                    yield from _found(path, limits.long_text_problem(text))


def _extra(name: str, path: str, item: dict[str, Any]) -> Iterator[Problem]:
    """What a collection's items hold beyond their declared columns."""
    if name == "sessions":
        yield from _session(path, item)
    elif name == "notes":
        for key, declared in fd.NOTE_DETAILS.items():
            details = item.get(key)
            if isinstance(details, dict):
                yield from _fields(f"{path}.{key}", details, declared)


def _session(path: str, session: dict[str, Any]) -> Iterator[Problem]:
    start = _parsed(session.get("start"), limits.INSTANT)
    end = _parsed(session.get("end"), limits.INSTANT)
    if (
        isinstance(start, datetime)
        and isinstance(end, datetime)
        and not limits.instant_problem(start)
        and not limits.instant_problem(end)
        and (end - start).days >= limits.MAX_EVENT_DAYS
    ):
        yield Problem(
            f"{path}.end",
            f"makes the session {(end - start).days:,} days long; a session lasts at most "
            f"{limits.MAX_EVENT_DAYS} days",
        )
    people = session.get("people")
    if isinstance(people, list):
        for i, link in enumerate(people):
            if isinstance(link, dict):
                yield from _fields(f"{path}.people[{i}]", link, fd.SESSION_PERSON)
    visit = session.get("field_visit")
    if isinstance(visit, dict):
        yield from _fields(f"{path}.field_visit", visit, fd.FIELD_VISIT)
        attendees = visit.get("attendees")
        if isinstance(attendees, list):
            for i, person in enumerate(attendees):
                if isinstance(person, str):
                    yield from _found(
                        f"{path}.field_visit.attendees[{i}]", limits.id_problem(person)
                    )


def _asset(path: str, asset: dict[str, Any]) -> Iterator[Problem]:
    if isinstance(asset.get("id"), str):
        yield from _found(f"{path}.id", limits.id_problem(asset["id"]))
    data, media_type = asset.get("data"), asset.get("media_type")
    if not isinstance(data, str) or not isinstance(media_type, str):
        return
    if len(data) // 4 * 3 > limits.MAX_IMAGE_BYTES + 3:  # judged before decoding it
        mb = limits.MAX_IMAGE_BYTES // (1024 * 1024)
        yield Problem(f"{path}.data", f"holds an image larger than {mb} MB")
        return
    try:
        decoded = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return  # validation reports invalid base64
    yield from _found(f"{path}.data", image_problem(media_type, decoded))
