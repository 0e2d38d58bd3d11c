"""Checking a bundle before anything is written: every problem with its JSON path.

Three passes, each only when the previous found nothing that would make the
next one meaningless: the format and version, the JSON Schema (types, enums,
required fields), then what a schema cannot say (real dates, end after start,
time zones, references that resolve, ids used once).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from workshop_planner.domain.rules import RuleViolation, check_timezone
from workshop_planner.services.bundle_schema import FORMAT, SCHEMA, VERSION

COLLECTIONS = (
    "organisations",
    "people",
    "participants",
    "sessions",
    "themes",
    "notes",
    "partners",
    "contacts",
    "assets",
)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a bundle, where it is and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@cache
def _validator() -> Draft202012Validator:
    """The reference validator: slow, but its errors say where and why."""
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator(SCHEMA)


@cache
def _compiled() -> jsonschema_rs.Validator:
    """The same schema compiled (Rust): only yes or no, a hundred times faster."""
    return jsonschema_rs.validator_for(SCHEMA)


def _schema_problems(data: dict[str, Any]) -> list[Problem]:
    # A bundle the compiled validator accepts has no schema problem (it is at
    # least as strict as the reference: tests hold them to the same answers);
    # any other bundle gets the reference's full list, in the user's words.
    try:
        if _compiled().is_valid(data):
            return []
    except (TypeError, ValueError, OverflowError):
        pass  # a value it cannot read (not from JSON text): the reference decides
    return sorted({_describe(error) for error in _validator().iter_errors(data)})


def validate_bundle(data: Any) -> list[Problem]:
    """Every problem in ``data``; an empty list means it can be imported."""
    if not isinstance(data, dict):
        return [Problem("$", f"expected a JSON object, found {_json_type(data)}")]
    problems = _check_format(data)
    if problems:
        return problems
    problems = _schema_problems(data)
    if problems:
        return problems
    return _SemanticCheck(data).run()


@lru_cache(maxsize=1 << 16)
def parse_instant(text: str) -> datetime:
    """A bundle instant as an aware UTC datetime (remembered: the check and the
    merge read every stamp of a bundle, and many stamps repeat)."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _is_instant(text: str) -> bool:
    try:
        parse_instant(text)
    except ValueError:
        return False
    return True


def parse_wall_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _check_format(data: dict[str, Any]) -> list[Problem]:
    fmt = data.get("format")
    if fmt != FORMAT:
        shown = json.dumps(fmt, ensure_ascii=False) if "format" in data else "missing"
        return [Problem("$.format", f"unknown format {shown}; expected “{FORMAT}”")]
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        shown = json.dumps(version) if "version" in data else "missing"
        return [
            Problem(
                "$.version",
                f"unsupported version {shown}; this Workshop Planner reads version {VERSION}",
            )
        ]
    return []


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "an array",
    "object": "an object",
    "null": "null",
}


def _describe(error: ValidationError) -> Problem:
    """A schema error in the user's words (the schema's own are for machines)."""
    # anyOf [x, null] hides the real cause: report the branch that is not "null".
    if error.validator == "anyOf" and error.context:
        real = [e for e in error.context if e.validator_value != "null"]
        if real:
            return _describe(min(real, key=lambda e: len(list(e.relative_path))))
    path = json_path(error.absolute_path)
    value = error.instance
    expected: Any = error.validator_value
    match error.validator:
        case "enum":
            allowed = ", ".join(str(v) for v in expected)
            return Problem(
                path,
                f"unknown value {json.dumps(value, ensure_ascii=False)}; expected one of {allowed}",
            )
        case "type":
            wanted = expected if isinstance(expected, list) else [expected]
            wanted_text = " or ".join(_TYPE_NAMES.get(str(w), str(w)) for w in wanted)
            return Problem(path, f"expected {wanted_text}, found {_json_type(value)}")
        case "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            return Problem(path, f"required field “{missing}” is missing")
        case "pattern":
            return Problem(path, _pattern_message(str(expected), value))
        case "minLength":
            return Problem(path, "must not be empty")
        case "const":
            return Problem(path, f"expected {json.dumps(expected)}")
        case _:
            return Problem(path, error.message)


def _pattern_message(pattern: str, value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    if "[A-Z]{2}" in pattern:
        return f"{shown} is not an ISO 3166-1 alpha-2 country code such as “DE”"
    if "[0-9a-fA-F]{8}" in pattern:
        return f"{shown} is not a UUID"
    if "(Z|" in pattern:
        return f"{shown} is not a UTC instant such as “2023-06-15T08:12:00Z”"
    if "T" in pattern:
        return f"{shown} is not a local time such as “2023-06-15T09:30”"
    return f"{shown} is not a date such as “2023-06-15”"


class _SemanticCheck:
    """What the schema cannot check. Assumes the schema pass was clean."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {name: set() for name in COLLECTIONS}

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def run(self) -> list[Problem]:
        self._collect_ids()
        event_days = self._check_event()
        self._check_references()
        self._check_sessions(event_days)
        self._check_instants()
        self._check_assets()
        return sorted(self.problems)

    def items(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        return [(f"$.{name}[{i}]", item) for i, item in enumerate(self.data.get(name) or [])]

    def _collect_ids(self) -> None:
        for name in COLLECTIONS:
            for path, item in self.items(name):
                if item["id"] in self.ids[name]:
                    self.add(f"{path}.id", f"the id {item['id']} is used twice in {name}")
                self.ids[name].add(item["id"])
        seen: dict[str, str] = {}
        for path, item in self.items("participants"):
            if item["person"] in seen:
                self.add(
                    f"{path}.person",
                    f"this person is already a participant at {seen[item['person']]}",
                )
            seen[item["person"]] = path

    def _date(self, path: str, text: str) -> date | None:
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.add(path, f"“{text}” is not a real date")
            return None

    def _check_event(self) -> tuple[date, date] | None:
        event = self.data["event"]
        start = self._date("$.event.start_date", event["start_date"])
        end = self._date("$.event.end_date", event["end_date"])
        try:
            check_timezone(event["timezone"])
        except RuleViolation as exc:
            self.add("$.event.timezone", str(exc))
        if start and end and end < start:
            self.add("$.event.end_date", f"the event ends ({end}) before it starts ({start})")
            return None
        return (start, end) if start and end else None

    def _ref(
        self, name: str, index: int, where: str, value: str | None, collection: str, what: str
    ) -> None:
        # the path is only written out for a problem: most bundles have none
        if value is not None and value not in self.ids[collection]:
            self.add(
                f"$.{name}[{index}].{where}",
                f"refers to {what} {value}, which is not in the bundle's {collection}",
            )

    def _check_references(self) -> None:
        for i, person in enumerate(self.data.get("people") or []):
            org = person.get("organisation")
            self._ref("people", i, "organisation", org, "organisations", "organisation")
        for i, participant in enumerate(self.data.get("participants") or []):
            self._ref("participants", i, "person", participant["person"], "people", "person")
        for i, session in enumerate(self.data.get("sessions") or []):
            for k, link in enumerate(session.get("people") or []):
                where = f"people[{k}].person"
                self._ref("sessions", i, where, link["person"], "people", "person")
            visit = session.get("field_visit") or {}
            for k, person_id in enumerate(visit.get("attendees") or []):
                where = f"field_visit.attendees[{k}]"
                self._ref("sessions", i, where, person_id, "people", "person")
        for i, note in enumerate(self.data.get("notes") or []):
            self._ref("notes", i, "session", note.get("session"), "sessions", "session")
            for k, theme_id in enumerate(note.get("themes") or []):
                self._ref("notes", i, f"themes[{k}]", theme_id, "themes", "theme")
            speaker = (note.get("quote") or {}).get("speaker")
            self._ref("notes", i, "quote.speaker", speaker, "people", "person")
        for i, partner in enumerate(self.data.get("partners") or []):
            self._ref("partners", i, "logo", partner.get("logo"), "assets", "asset")

    def _check_sessions(self, event_days: tuple[date, date] | None) -> None:
        for path, session in self.items("sessions"):
            times = []
            for key in ("start", "end"):
                try:
                    times.append(parse_wall_time(session[key]))
                except ValueError:
                    self.add(f"{path}.{key}", f"“{session[key]}” is not a real date and time")
            if len(times) != 2:
                continue
            start, end = times
            if end <= start:
                self.add(
                    f"{path}.end",
                    f"the session ends ({session['end']}) before or when it starts "
                    f"({session['start']})",
                )

    def _check_instants(self) -> None:
        self._instant("$.exported_at", self.data.get("exported_at"))
        self._instant("$.event.updated_at", self.data["event"]["updated_at"])
        for name in COLLECTIONS:
            keys = ("updated_at", "captured_at") if name == "notes" else ("updated_at",)
            for i, item in enumerate(self.data.get(name) or []):
                for key in keys:
                    text = item.get(key)
                    if text is not None and not _is_instant(text):
                        self.add(f"$.{name}[{i}].{key}", f"“{text}” is not a real date and time")

    def _instant(self, path: str, text: str | None) -> None:
        if text is not None and not _is_instant(text):
            self.add(path, f"“{text}” is not a real date and time")

    def _check_assets(self) -> None:
        for path, asset in self.items("assets"):
            try:
                base64.b64decode(asset["data"], validate=True)
            except (binascii.Error, ValueError):
                self.add(f"{path}.data", "is not valid base64")
