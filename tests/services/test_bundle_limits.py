"""Bundles beyond the limits: refused at the door in one sentence with the JSON path."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.hostile_files import deep_bundle, deep_json, nested_use_svg, png_declaring, run_measured
from workshop_planner.domain import models as m
from workshop_planner.resources import sample_bundle_path
from workshop_planner.services.bundle import BundleError, import_bundle, import_bundle_file
from workshop_planner.services.bundle_limits import (
    MAX_PROBLEMS,
    bundle_problems,
    check_bundle_limits,
    json_depth,
)
from workshop_planner.store import Workspace

Mutation = Callable[[dict[str, Any]], None]


def sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_bundle_path().read_text(encoding="utf-8"))
    return data


def counts(ws: Workspace) -> dict[str, int]:
    with ws.transaction() as db:
        return {
            table.name: int(db.scalar(select(func.count()).select_from(table)) or 0)
            for table in m.Base.metadata.sorted_tables
        }


def _set(*path: str | int, value: Any) -> Mutation:
    def mutate(bundle: dict[str, Any]) -> None:
        target: Any = bundle
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def _suffix(*path: str | int, suffix: str) -> Mutation:
    def mutate(bundle: dict[str, Any]) -> None:
        target: Any = bundle
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] += suffix

    return mutate


def _asset(media_type: str, data: bytes) -> Mutation:
    def mutate(bundle: dict[str, Any]) -> None:
        asset = bundle["assets"][0]
        asset["media_type"] = media_type
        asset["data"] = base64.b64encode(data).decode()

    return mutate


#: case → (mutation, JSON path, words of the problem)
HOSTILE: dict[str, tuple[Mutation, str, str]] = {
    "event ending 9999-12-31": (
        _set("event", "end_date", value="9999-12-31"),
        "$.event.end_date",
        "lies in the year 9999; dates must lie between 1900 and 2200",
    ),
    "event starting in year 1": (
        _set("event", "start_date", value="0001-01-01"),
        "$.event.start_date",
        "year 1;",
    ),
    "event of 400 days": (
        _set("event", "end_date", value="2024-07-20"),
        "$.event.end_date",
        "an event lasts at most 366 days",
    ),
    "session in 9999": (
        _set("sessions", 0, "end", value="9999-12-31T23:59"),
        "$.sessions[0].end",
        "year 9999",
    ),
    "instant in year 1 with an offset": (
        _set("notes", 0, "captured_at", value="0001-01-01T00:00:00+01:00"),
        "$.notes[0].captured_at",
        "year 1;",
    ),
    "instant in year 9999 with an offset": (
        _set("themes", 0, "updated_at", value="9999-12-31T23:59:59-01:00"),
        "$.themes[0].updated_at",
        "year 9999",
    ),
    "exported in year 1": (
        _set("exported_at", value="0001-01-01T00:00:00Z"),
        "$.exported_at",
        "year 1;",
    ),
    "integer above 2^63": (
        _set("themes", 0, "position", value=2**64),
        "$.themes[0].position",
        "is 18,446,744,073,709,551,616; whole numbers here lie between",
    ),
    "integer above PostgreSQL's INTEGER": (
        _set("notes", 2, "position", value=2**40),
        "$.notes[2].position",
        "whole numbers here lie between -2,147,483,648 and 2,147,483,647",
    ),
    "capacity above 2^63": (
        _set("sessions", 21, "field_visit", "capacity", value=2**63 + 1),
        "$.sessions[21].field_visit.capacity",
        "whole numbers here lie between",
    ),
    "NUL in a title": (
        _suffix("event", "title", suffix="\x00"),
        "$.event.title",
        "contains a NUL character",
    ),
    "NUL in a note": (
        _set("notes", 3, "text", value="before\x00after"),
        "$.notes[3].text",
        "contains a NUL character (at position 7)",
    ),
    "501-character title": (
        _set("event", "title", value="T" * 501),
        "$.event.title",
        "has 501 characters; at most 500 fit",
    ),
    "id with a trailing newline": (
        _suffix("participants", 0, "id", suffix="\n"),
        "$.participants[0].id",
        "contains a control character (U+000A LINE FEED)",
    ),
    "CR/LF in a session title": (
        _set("sessions", 3, "title", value="Opening\r\nkeynote"),
        "$.sessions[3].title",
        "contains a control character (U+000D CARRIAGE RETURN) at position 8",
    ),
    "lone surrogate": (
        _set("notes", 1, "author", value="Ann\ud800"),
        "$.notes[1].author",
        "is not valid Unicode text",
    ),
    "country too long for its column, said by the schema": (
        _set("people", 0, "country", value="Canada"),
        "$.people[0].country",
        "ISO 3166-1",
    ),
    "12000×12000 PNG logo": (
        _asset("image/png", png_declaring(12_000, 12_000)),
        "$.assets[0].data",
        "is 12,000 × 12,000 pixels",
    ),
    "SVG logo of nested <use>": (
        _asset("image/svg+xml", nested_use_svg()),
        "$.assets[0].data",
        "once its <use> references are expanded",
    ),
}


@pytest.fixture
def filled(workspace: Workspace) -> Workspace:
    """A workspace already holding the sample: a refused bundle must leave it as it was."""
    import_bundle(workspace, sample())
    return workspace


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_bundle_is_refused_with_its_path_and_changes_nothing(
    filled: Workspace, case: str
) -> None:
    mutate, path, words = HOSTILE[case]
    bundle = sample()
    bundle["event"]["title"] += " (again)"  # would be an update if it went through
    mutate(bundle)
    before = counts(filled)
    started = time.perf_counter()
    with pytest.raises(BundleError) as info:
        import_bundle(filled, bundle)
    assert time.perf_counter() - started < 10
    message = str(info.value)
    assert message.startswith("The bundle was not imported and nothing was changed: ")
    assert f"{path}: " in message, message
    assert words in message, message
    assert "\n" not in message
    assert message.endswith(".")
    assert counts(filled) == before


def test_the_sample_is_within_every_limit() -> None:
    assert check_bundle_limits(sample()) == []
    assert bundle_problems(sample()) == []


def test_limits_tolerate_any_shape() -> None:
    # wrong types are the schema's to name; the limits pass them over
    assert check_bundle_limits([1, 2]) == []
    assert check_bundle_limits({"event": "x", "sessions": [3, None], "assets": {}}) == []
    assert bundle_problems({"format": 3})  # validation still speaks


def test_the_first_problems_are_reported_not_all(filled: Workspace) -> None:
    bundle = sample()
    for note in bundle["notes"]:
        note["text"] = "\x00"
    problems = check_bundle_limits(bundle)
    assert len(problems) == MAX_PROBLEMS
    with pytest.raises(BundleError, match=rf"\(and {MAX_PROBLEMS - 1} more\)"):
        import_bundle(filled, bundle)


# --- the file itself ----------------------------------------------------------------------


def _write(tmp_path: Path, raw: bytes, name: str = "hostile.json") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def test_json_depth_is_counted_without_parsing() -> None:
    assert json_depth(b'{"a": [1, {"b": "[[[[ ]]] \\" [["}]}') == 3
    assert json_depth(deep_json(10_000)) == 10_000
    assert json_depth(b"12") == 0


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (deep_json(10_000), "its JSON nests 10,000 levels deep, and a bundle nests at most 32"),
        (deep_bundle(10_000), "its JSON nests 10,001 levels deep"),
        (b'{"format": NaN}', "it holds NaN, which is not a number JSON allows"),
        (b'{"version": -Infinity}', "it holds -Infinity"),
        (b'{"version": 1' + b"0" * 5000 + b"}", "it holds a number with too many digits to read"),
    ],
)
def test_hostile_json_files_are_one_sentence(
    workspace: Workspace, tmp_path: Path, raw: bytes, words: str
) -> None:
    path = _write(tmp_path, raw)
    before = counts(workspace)
    with pytest.raises(BundleError) as info:
        import_bundle_file(workspace, path)
    message = str(info.value)
    assert message == f"{path} is not imported: {words}." or words in message, message
    assert "\n" not in message
    assert counts(workspace) == before


def test_a_year_9999_bundle_file_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    bundle = sample()
    bundle["event"]["end_date"] = "9999-12-31"
    path = _write(tmp_path, json.dumps(bundle).encode())
    with pytest.raises(BundleError, match=r"\$\.event\.end_date: lies in the year 9999"):
        import_bundle_file(workspace, path)
    assert counts(workspace)["events"] == 0


@pytest.mark.parametrize(
    "depth",
    [10_000, 1_000_000],
)
def test_deep_json_is_refused_quickly_and_in_little_memory(tmp_path: Path, depth: int) -> None:
    path = _write(tmp_path, deep_bundle(depth))
    workspace = tmp_path / "ws.sqlite3"
    said, seconds, rss = run_measured(
        "from pathlib import Path\n"
        "from workshop_planner.services.bundle import BundleError, import_bundle_file\n"
        "from workshop_planner.store import open_workspace\n"
        f"with open_workspace(Path({str(workspace)!r})) as ws:\n"
        "    try:\n"
        f"        import_bundle_file(ws, Path({str(path)!r}))\n"
        "    except BundleError as exc:\n"
        "        print(exc)\n"
    )
    assert f"nests {depth + 1:,} levels deep" in said, said
    assert seconds < 10, seconds
    assert rss < 500, rss


def test_a_deep_bundle_built_in_python_is_refused_too(filled: Workspace) -> None:
    # no file, so no check before parsing: validation's own recursion must not escape
    deep: Any = "bottom"
    for _ in range(10_000):
        deep = [deep]
    bundle = sample()
    bundle["event"]["title"] = deep
    before = counts(filled)
    with pytest.raises(BundleError) as info:
        import_bundle(filled, bundle)
    assert "$.event.title" in str(info.value)
    assert "\n" not in str(info.value)
    assert counts(filled) == before
