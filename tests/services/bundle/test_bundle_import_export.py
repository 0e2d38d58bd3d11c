"""Event bundles: round trip, merge by id, and refusal of broken bundles."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from workshop_planner.domain import models as m
from workshop_planner.services.bundle import (
    BundleError,
    dumps,
    export_bundle_file,
    export_event,
    import_bundle,
    import_bundle_file,
    read_bundle_file,
)
from workshop_planner.services.bundle_schema import SCHEMA
from workshop_planner.store import Workspace, open_workspace

DATA = Path(__file__).parent / "data"
OTHER_TOOL = DATA / "other-tool-bundle.json"
EVENT_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01"


def other_tool_bundle() -> dict[str, Any]:
    return json.loads(OTHER_TOOL.read_text(encoding="utf-8"))


def without_exported_at(bundle: dict[str, Any]) -> dict[str, Any]:
    out = dict(bundle)
    out.pop("exported_at")
    return out


def count(ws: Workspace, model: type[m.Base]) -> int:
    with ws.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def table_counts(ws: Workspace) -> dict[str, int]:
    return {t: count(ws, model) for t, model in MODELS.items()}


MODELS: dict[str, type[m.Base]] = {
    "events": m.Event,
    "people": m.Person,
    "organisations": m.Organisation,
    "participants": m.Participant,
    "sessions": m.Session,
    "themes": m.Theme,
    "notes": m.Note,
    "partners": m.Partner,
    "contacts": m.Contact,
    "assets": m.Asset,
    "note_revisions": m.NoteRevision,
}


def test_bundle_from_another_tool_imports_and_exports_identically(workspace: Workspace) -> None:
    original = other_tool_bundle()
    result = import_bundle(workspace, original)
    assert result.event_id == EVENT_ID
    assert result.added["notes"] == 5
    exported = export_event(workspace, EVENT_ID)
    assert without_exported_at(exported) == without_exported_at(original)


def test_export_import_into_empty_workspace_export_is_identical(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_bundle(workspace, other_tool_bundle())
    first = tmp_path / "first.json"
    export_bundle_file(workspace, EVENT_ID, first)
    with open_workspace(tmp_path / "empty.sqlite3") as empty:
        import_bundle_file(empty, first)
        second = export_event(empty, EVENT_ID)
    assert without_exported_at(second) == without_exported_at(read_bundle_file(first))
    # The text itself is stable too, not only the parsed structure.
    second["exported_at"] = read_bundle_file(first)["exported_at"]
    assert dumps(second) == first.read_text(encoding="utf-8")


def test_reimporting_the_same_bundle_changes_nothing(workspace: Workspace) -> None:
    import_bundle(workspace, other_tool_bundle())
    before = table_counts(workspace)
    again = import_bundle(workspace, other_tool_bundle())
    assert sum(again.added.values()) == 0
    assert sum(again.updated.values()) == 0
    assert table_counts(workspace) == before


def new_note(text: str, author: str, minute: int) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "observation",
        "text": text,
        "author": author,
        "captured_at": f"2024-07-01T12:{minute:02d}:00Z",
        "session": None,
        "themes": ["0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d51"],
        "featured": False,
        "position": 0,
        "updated_at": f"2024-07-01T12:{minute:02d}:00Z",
    }


def test_second_bundle_with_extra_notes_adds_exactly_those_notes(workspace: Workspace) -> None:
    import_bundle(workspace, other_tool_bundle())
    second = other_tool_bundle()
    extra = [new_note("Cities asked for training.", "Note-taker C", i) for i in range(3)]
    second["notes"].extend(extra)
    result = import_bundle(workspace, second)
    assert result.added["notes"] == 3
    assert sum(result.added.values()) == 3
    with workspace.transaction() as db:
        texts = sorted(db.scalars(select(m.Note.text).where(m.Note.author == "Note-taker C")))
    assert texts == ["Cities asked for training."] * 3
    assert count(workspace, m.Note) == 8


def test_two_note_takers_merge_without_duplicates(workspace: Workspace) -> None:
    base = other_tool_bundle()
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    a["notes"].append(new_note("From laptop A", "A", 1))
    b["notes"].append(new_note("From laptop B", "B", 2))
    import_bundle(workspace, a)
    import_bundle(workspace, b)
    import_bundle(workspace, a)
    exported = export_event(workspace, EVENT_ID)
    ids = [n["id"] for n in exported["notes"]]
    assert len(ids) == len(set(ids)) == 7
    assert {"From laptop A", "From laptop B"} <= {n["text"] for n in exported["notes"]}


def test_newer_update_wins_and_older_text_goes_to_history(workspace: Workspace) -> None:
    import_bundle(workspace, other_tool_bundle())
    newer = other_tool_bundle()
    newer["notes"][4]["text"] = "Disinformation about refugees and migrants."
    newer["notes"][4]["updated_at"] = "2024-07-05T09:00:00Z"
    older = other_tool_bundle()
    older["notes"][4]["text"] = "An older wording."
    older["notes"][4]["updated_at"] = "2024-07-01T11:00:00Z"
    older["event"]["title"] = "Stale title"

    assert import_bundle(workspace, newer).updated["notes"] == 1
    result = import_bundle(workspace, older)
    assert result.updated["notes"] == 0
    assert result.unchanged["event"] == 1

    note_id = newer["notes"][4]["id"]
    with workspace.transaction() as db:
        note = db.get(m.Note, note_id)
        assert note is not None
        assert note.text == "Disinformation about refugees and migrants."
        history = set(
            db.scalars(select(m.NoteRevision.text).where(m.NoteRevision.note_id == note_id))
        )
        event = db.get(m.Event, EVENT_ID)
        assert event is not None
        assert event.title == "Cities Together"
    assert history == {"Disinformation about refugees.", "An older wording."}


def _break(mutate: Any) -> dict[str, Any]:
    bundle = other_tool_bundle()
    mutate(bundle)
    return bundle


BROKEN = {
    "unknown enum value": (
        lambda b: b["notes"][0].__setitem__("kind", "rumour"),
        "$.notes[0].kind",
        "unknown value",
    ),
    "unknown attribution": (
        lambda b: b["notes"][0]["quote"].__setitem__("attribution", "famous"),
        "$.notes[0].quote.attribution",
        "unknown value",
    ),
    "dangling person": (
        lambda b: b["participants"][0].__setitem__("person", str(uuid.uuid4())),
        "$.participants[0].person",
        "not in the bundle",
    ),
    "dangling theme": (
        lambda b: b["notes"][1]["themes"].append(str(uuid.uuid4())),
        "$.notes[1].themes[1]",
        "not in the bundle",
    ),
    "dangling logo": (
        lambda b: b["partners"][0].__setitem__("logo", str(uuid.uuid4())),
        "$.partners[0].logo",
        "not in the bundle",
    ),
    "impossible date": (
        lambda b: b["event"].__setitem__("end_date", "2024-02-30"),
        "$.event.end_date",
        "not a real date",
    ),
    "impossible time": (
        lambda b: b["sessions"][0].__setitem__("start", "2024-06-30T25:10"),
        "$.sessions[0].start",
        "not a real date",
    ),
    "event ends before it starts": (
        lambda b: b["event"].__setitem__("end_date", "2024-06-01"),
        "$.event.end_date",
        "before it starts",
    ),
    "session ends before it starts": (
        lambda b: b["sessions"][0].__setitem__("end", "2024-06-30T09:00"),
        "$.sessions[0].end",
        "before or when it starts",
    ),
    "wrong type": (
        lambda b: b["people"][0].__setitem__("consent_to_name", "yes"),
        "$.people[0].consent_to_name",
        "expected true or false",
    ),
    "wrong type capacity": (
        lambda b: b["sessions"][1]["field_visit"].__setitem__("capacity", "twelve"),
        "$.sessions[1].field_visit.capacity",
        "expected an integer",
    ),
    "unknown format": (
        lambda b: b.__setitem__("format", "someone-else/bundle"),
        "$.format",
        "unknown format",
    ),
    "unknown version": (lambda b: b.__setitem__("version", 2), "$.version", "unsupported version"),
    "missing field": (lambda b: b["sessions"][0].pop("kind"), "$.sessions[0]", "“kind” is missing"),
    "bad country": (
        lambda b: b["people"][0].__setitem__("country", "Canada"),
        "$.people[0].country",
        "ISO 3166-1",
    ),
    "unknown time zone": (
        lambda b: b["event"].__setitem__("timezone", "Europe/Atlantis"),
        "$.event.timezone",
        "not an IANA time zone",
    ),
    "duplicate id": (
        lambda b: b["notes"][1].__setitem__("id", b["notes"][0]["id"]),
        "$.notes[1].id",
        "used twice",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_bundle_is_refused_with_its_json_path_and_changes_nothing(
    workspace: Workspace, workspace_path: Path, case: str
) -> None:
    mutate, path, words = BROKEN[case]
    # A workspace that already holds data must keep it exactly.
    import_bundle(workspace, other_tool_bundle())
    broken = _break(mutate)
    broken["notes"].append(new_note("must not appear", "X", 5))
    before = table_counts(workspace)
    with pytest.raises(BundleError) as info:
        import_bundle(workspace, broken)
    problems = [str(p) for p in info.value.problems]
    assert any(p.startswith(path + ":") and words in p for p in problems), problems
    assert "nothing was changed" in str(info.value)
    assert table_counts(workspace) == before


def test_problem_in_an_empty_workspace_adds_nothing(workspace: Workspace) -> None:
    broken = _break(lambda b: b["notes"][0].__setitem__("kind", "rumour"))
    with pytest.raises(BundleError):
        import_bundle(workspace, broken)
    assert all(n == 0 for n in table_counts(workspace).values())


def test_id_of_another_event_is_refused_and_rolls_back(workspace: Workspace) -> None:
    import_bundle(workspace, other_tool_bundle())
    other = other_tool_bundle()
    other["event"]["id"] = str(uuid.uuid4())
    other["event"]["title"] = "Another event"
    before = table_counts(workspace)
    with pytest.raises(BundleError) as info:
        import_bundle(workspace, other)
    assert "another event" in str(info.value)
    assert table_counts(workspace) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{ not json", "not valid JSON (line 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not an object"),
    ],
)
def test_file_that_is_not_a_bundle_is_refused(
    workspace: Workspace, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(BundleError, match=re.escape(words)):
        import_bundle_file(workspace, path)
    assert count(workspace, m.Event) == 0


def test_export_of_only_one_note_takers_notes(workspace: Workspace) -> None:
    import_bundle(workspace, other_tool_bundle())
    mine = export_event(workspace, EVENT_ID, notes_author="Note-taker B")
    assert {n["author"] for n in mine["notes"]} == {"Note-taker B"}
    assert len(mine["notes"]) == 3
    # The event and the people the notes refer to still travel along.
    assert mine["event"]["id"] == EVENT_ID


def test_export_is_atomic_and_leaves_no_temp_files(workspace: Workspace, tmp_path: Path) -> None:
    import_bundle(workspace, other_tool_bundle())
    target = tmp_path / "out.json"
    target.write_text("old content")
    export_bundle_file(workspace, EVENT_ID, target)
    assert json.loads(target.read_text(encoding="utf-8"))["event"]["id"] == EVENT_ID
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_docs_schema_is_the_schema_the_validator_uses() -> None:
    docs = Path(__file__).parents[3] / "docs" / "event-bundle.schema.json"
    assert json.loads(docs.read_text(encoding="utf-8")) == SCHEMA


def test_export_is_deterministic_regardless_of_insert_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    shuffled = other_tool_bundle()
    for key in ("people", "organisations", "notes", "sessions"):
        shuffled[key].reverse()
    with open_workspace(tmp_path / "b.sqlite3") as other:
        import_bundle(other, shuffled)
        b = export_event(other, EVENT_ID)
    import_bundle(workspace, other_tool_bundle())
    a = export_event(workspace, EVENT_ID)
    assert (
        hashlib.sha256(dumps(without_exported_at(a)).encode()).hexdigest()
        == hashlib.sha256(dumps(without_exported_at(b)).encode()).hexdigest()
    )


def test_imported_stamp_survives_the_import_flushes(workspace: Workspace) -> None:
    """An updated note with themes keeps the bundle's updated_at, not the import time."""
    import_bundle(workspace, other_tool_bundle())
    newer = other_tool_bundle()
    newer["notes"][0]["text"] = "We act locally, together."
    newer["notes"][0]["updated_at"] = "2024-07-05T09:00:00Z"
    import_bundle(workspace, newer)
    exported = export_event(workspace, EVENT_ID)
    note = next(n for n in exported["notes"] if n["id"] == newer["notes"][0]["id"])
    assert note["updated_at"] == "2024-07-05T09:00:00Z"
    assert note["themes"] == newer["notes"][0]["themes"]
