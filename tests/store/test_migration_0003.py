"""Migration 0003 adds ``notes.placement``; notes captured before keep printing by kind."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from workshop_planner.domain import models as m
from workshop_planner.store import migrations, open_workspace
from workshop_planner.store.workspace import create_sqlite_engine, resolve_workspace_url


def test_a_workspace_at_0002_with_a_note_upgrades_and_downgrades(tmp_path: Path) -> None:
    path = tmp_path / "at-0002.sqlite3"
    engine = create_sqlite_engine(resolve_workspace_url(path))
    migrations.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (id, title, start_date, end_date, timezone, language,"
                " archived, updated_at) VALUES ('e1', 'Old event', '2023-06-15', '2023-06-16',"
                " 'Europe/Berlin', 'en', 0, '2023-06-01 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO notes (id, event_id, kind, text, captured_at, featured, position,"
                " updated_at) VALUES ('n1', 'e1', 'quote', 'We act.', '2023-06-15 08:00:00', 1,"
                " 3, '2023-06-15 08:00:00')"
            )
        )
    engine.dispose()

    with open_workspace(path) as ws:
        with ws.transaction() as db:
            note = db.get(m.Note, "n1")
            assert note is not None
            assert note.placement is None
            assert (note.text, note.featured, note.position) == ("We act.", True, 3)
            note.placement = "closing"
            db.add(m.NoteOriginal(note_id="n1", text="We act.", details={"attribution": "named"}))
        ws.engine.dispose()
        engine = ws.engine
        with engine.begin() as conn:
            from alembic import command

            command.downgrade(migrations.alembic_config(conn), "0002")
        with engine.connect() as conn:
            columns = [row[1] for row in conn.execute(text("PRAGMA table_info(notes)"))]
            assert "placement" not in columns
            tables = {row[0] for row in conn.execute(text("SELECT name FROM sqlite_master"))}
            assert "note_originals" not in tables
            assert conn.execute(text("SELECT text FROM notes")).scalar_one() == "We act."
