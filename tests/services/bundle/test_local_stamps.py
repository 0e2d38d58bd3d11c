"""Local edits stamp the fields they change with the workspace's clock; deletions leave
tombstones. What the field-level merge of bundles builds on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workshop_planner.domain import clock as hlc
from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.services.bundle import export_event, import_bundle
from workshop_planner.store import Workspace

BUNDLE = Path(__file__).parent / "data" / "other-tool-bundle.json"
EVENT_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01"
THEME_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d51"
THREAT = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d65"


def imported(workspace: Workspace) -> None:
    import_bundle(workspace, json.loads(BUNDLE.read_text(encoding="utf-8")))


def clock_of(workspace: Workspace, note_id: str) -> Any:
    with workspace.reading() as db:
        return db.scalar(select(m.Note.clock).where(m.Note.id == note_id))


def test_an_edit_stamps_only_the_fields_it_changed(workspace: Workspace) -> None:
    imported(workspace)
    assert clock_of(workspace, THREAT) is None  # as imported: its updated_at says it all
    capture.update_note(workspace, THREAT, kind="challenge")
    capture.update_note(workspace, THREAT, theme_ids=[THEME_ID])
    clock = clock_of(workspace, THREAT)
    assert clock["at"] == "2024-07-01T11:00:00.000000Z/000000/"  # from its updated_at
    assert set(clock["fields"]) == {"kind", "themes"}
    assert clock["fields"]["themes"] > clock["fields"]["kind"]
    # updated_at follows the clock's physical time
    note = capture.get_note(workspace, THREAT)
    assert hlc.make_stamp(note.updated_at) <= clock["fields"]["themes"]


def test_a_new_note_is_stamped_as_a_whole(workspace: Workspace) -> None:
    imported(workspace)
    note = capture.add_note(workspace, EVENT_ID, kind="observation", text="New.", author="Ana")
    clock = clock_of(workspace, note.id)
    assert set(clock) == {"at"}
    assert hlc.is_stamp(clock["at"])


def test_a_deletion_leaves_a_tombstone_and_its_undo_takes_it_away(workspace: Workspace) -> None:
    imported(workspace)
    snapshot = capture.delete_note(workspace, THREAT)
    with workspace.reading() as db:
        stone = db.get(m.Tombstone, THREAT)
        assert stone is not None
        assert (stone.collection, stone.event_id) == ("notes", EVENT_ID)
    capture.restore_note(workspace, snapshot)
    with workspace.reading() as db:
        assert db.get(m.Tombstone, THREAT) is None
    assert "deleted" not in export_event(workspace, EVENT_ID)


def test_every_stamp_is_newer_than_the_one_before(workspace: Workspace) -> None:
    imported(workspace)
    stamps = []
    for i in range(20):
        capture.update_note(workspace, THREAT, text=f"Edit {i}.")
        stamps.append(clock_of(workspace, THREAT)["fields"]["text"])
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
