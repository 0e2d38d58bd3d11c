"""Moving a workspace between SQLite and PostgreSQL: every row, all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect

from tests.postgres import fresh_schema
from workshop_planner.services import capture
from workshop_planner.services.bundle import export_event, load_sample_event
from workshop_planner.services.events import list_events
from workshop_planner.store import WorkspaceError, open_workspace
from workshop_planner.store.transfer import copy_workspace

pytestmark = pytest.mark.postgres


def exported(target: str | Path, event_id: str) -> dict[str, Any]:
    with open_workspace(target) as ws:
        bundle = export_event(ws, event_id)
    bundle.pop("exported_at")
    return bundle


def test_sqlite_to_postgres_and_back_exports_the_same_bundle(tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.sqlite3"
    with open_workspace(laptop) as ws:
        event_id = load_sample_event(ws).event_id
        note = capture.add_note(ws, event_id, kind="observation", text="First", author="Ana")
        capture.update_note(ws, note.id, text="Second")  # a history row (numbered id)
    before = exported(laptop, event_id)
    back = tmp_path / "back" / "again.sqlite3"
    with fresh_schema() as team:
        result = copy_workspace(laptop, team)
        assert result.rows > 0
        assert exported(team, event_id) == before
        copy_workspace(team, back)
        assert exported(back, event_id) == before
        # the copied history rows did not take the numbers of new ones
        with open_workspace(team) as ws:
            capture.update_note(ws, note.id, text="Third")
            assert [r.text for r in capture.note_history(ws, note.id)][:2] == ["First", "Second"]


def test_a_destination_that_holds_tables_is_refused_and_left_alone(tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.sqlite3"
    with open_workspace(laptop) as ws:
        event_id = load_sample_event(ws).event_id
    other = tmp_path / "other.sqlite3"
    open_workspace(other).close()
    with pytest.raises(WorkspaceError, match="is not empty"):
        copy_workspace(laptop, other)
    with open_workspace(other) as ws:
        assert list_events(ws) == []
    with pytest.raises(WorkspaceError, match="no workspace"):
        copy_workspace(tmp_path / "missing.sqlite3", tmp_path / "new.sqlite3")
    assert not (tmp_path / "new.sqlite3").exists()
    assert event_id


def test_a_copy_that_fails_half_way_leaves_no_tables(tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.sqlite3"
    with open_workspace(laptop) as ws:
        event_id = load_sample_event(ws).event_id
        capture.add_note(ws, event_id, kind="observation", text="ok", author="Ana")
    # SQLite keeps a text longer than its column allows; PostgreSQL refuses it
    with sqlite3.connect(laptop) as conn:
        conn.execute("UPDATE notes SET kind = ? WHERE text = 'ok'", ("x" * 50,))
    with fresh_schema() as team:
        with pytest.raises(WorkspaceError, match="nothing was kept"):
            copy_workspace(laptop, team)
        engine = create_engine(team)
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
        engine.dispose()
