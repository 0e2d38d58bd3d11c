"""Merging a newer bundle in bulk: the same result as before, in a fixed number of statements."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from workshop_planner.domain import models as m
from workshop_planner.services.bundle import export_event, import_bundle
from workshop_planner.services.bundle_validation import COLLECTIONS
from workshop_planner.store import Workspace

BUNDLE = Path(__file__).parent / "data" / "other-tool-bundle.json"
EVENT_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01"
THEME_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d51"


def bundle() -> dict[str, Any]:
    return json.loads(BUNDLE.read_text(encoding="utf-8"))


def later(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")) + timedelta(days=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def edited_a_day_later(original: dict[str, Any]) -> dict[str, Any]:
    """Every object of ``original`` edited a day later: its texts, links and details.

    Nothing that orders an export (names, times, positions) changes, so the
    merged event must export as exactly this bundle.
    """
    newer = copy.deepcopy(original)
    newer["event"]["subtitle"] = "Edited subtitle"
    newer["event"]["updated_at"] = later(newer["event"]["updated_at"])
    for name in COLLECTIONS:
        for item in newer.get(name) or []:
            if "updated_at" in item:
                item["updated_at"] = later(item["updated_at"])
    for note in newer["notes"]:
        note["text"] = note["text"] + " (edited)"
        note["featured"] = not note.get("featured")
        # links move: a note loses its theme, one without gains it
        note["themes"] = [] if note.get("themes") else [THEME_ID]
        if "quote" in note:
            note["quote"]["attribution"] = "anonymous"
            note["quote"]["job_title"] = "Edited job title"
    visit = newer["sessions"][1]["field_visit"]
    visit["attendees"].reverse()
    visit["capacity"] = 20
    people = [p["id"] for p in newer["people"]]
    newer["sessions"][0]["people"] = [{"person": people[1], "role": "moderator"}]
    newer["sessions"][1]["people"] = [{"person": people[0], "role": "host"}]
    for participant in newer["participants"]:
        participant["roles"] = ["observer"]
        participant["requirements"] = "Step-free access"
    for person in newer["people"]:
        person["job_title"] = "Edited"
    for partner in newer["partners"]:
        partner["acknowledgement"] = "Edited thanks."
    return newer


def without_exported_at(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "exported_at"}


def test_merging_a_newer_bundle_exports_exactly_that_bundle(workspace: Workspace) -> None:
    original = bundle()
    import_bundle(workspace, original)
    newer = edited_a_day_later(original)

    result = import_bundle(workspace, newer)

    assert result.updated["notes"] == len(original["notes"])
    assert result.updated["sessions"] == len(original["sessions"])
    assert sum(result.added.values()) == 0
    assert without_exported_at(export_event(workspace, EVENT_ID)) == without_exported_at(newer)
    # every replaced wording is in its note's history, with the stamp it had
    with workspace.transaction() as db:
        history = set(db.execute(select(m.NoteRevision.note_id, m.NoteRevision.text)))
    assert history == {(n["id"], n["text"]) for n in original["notes"]}


def test_the_older_bundle_after_the_newer_changes_nothing(workspace: Workspace) -> None:
    original = bundle()
    import_bundle(workspace, original)
    newer = edited_a_day_later(original)
    import_bundle(workspace, newer)

    result = import_bundle(workspace, original)

    assert sum(result.updated.values()) == 0
    assert without_exported_at(export_event(workspace, EVENT_ID)) == without_exported_at(newer)
    with workspace.transaction() as db:
        revisions = db.scalar(select(func.count()).select_from(m.NoteRevision))
    # the older texts were already kept when the newer ones replaced them
    assert revisions == len(original["notes"])


def with_notes(count: int) -> dict[str, Any]:
    data = bundle()
    for i in range(count):
        data["notes"].append(
            {
                "id": str(uuid.UUID(int=i + 1)),
                "kind": "quote",
                "text": f"Note {i}",
                "author": "Note-taker C",
                "captured_at": "2024-07-01T12:00:00Z",
                "session": data["sessions"][0]["id"],
                "themes": [THEME_ID],
                "featured": True,
                "position": i,
                "quote": {"speaker": data["people"][0]["id"], "attribution": "named"},
                "updated_at": "2024-07-01T12:00:00Z",
            }
        )
    return data


@contextmanager
def statements(workspace: Workspace) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(workspace.engine, "before_cursor_execute", count)


def test_import_and_merge_take_as_many_statements_for_ten_notes_as_for_three_hundred(
    tmp_path: Path,
) -> None:
    from workshop_planner.store import open_workspace

    counts = []
    for notes in (10, 300):
        with open_workspace(tmp_path / f"{notes}.sqlite3") as ws:
            data = with_notes(notes)
            with statements(ws) as first:
                import_bundle(ws, data)
            with statements(ws) as merge:
                import_bundle(ws, edited_a_day_later(data))
            counts.append((len(first), len(merge)))
    assert counts[0] == counts[1], counts
