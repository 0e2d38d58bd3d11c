"""Migration 0005 gives every editable row a version; existing rows start at 1."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, inspect, text

from workshop_planner.services import agenda, capture
from workshop_planner.services.errors import StaleEditError
from workshop_planner.store import migrations, open_workspace
from workshop_planner.store.workspace import create_sqlite_engine, resolve_workspace_url

SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"
VERSIONED = (
    "organisations",
    "people",
    "events",
    "participants",
    "sessions",
    "themes",
    "notes",
    "partners",
    "contacts",
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "at-0004.sqlite3")
        return
    schema = f"wp_occ_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _engine(url: str) -> Engine:
    if "://" in url:
        return create_engine(url)
    return create_sqlite_engine(resolve_workspace_url(url))


def test_a_workspace_at_0004_upgrades_to_versioned_rows_and_back(url: str) -> None:
    engine = _engine(url)
    migrations.upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (id, title, start_date, end_date, timezone, language,"
                " archived, updated_at) VALUES ('e1', 'Old event', '2023-06-15', '2023-06-16',"
                " 'Europe/Berlin', 'en', false, '2023-06-01 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sessions (id, event_id, title, kind, start_time, end_time,"
                " updated_at) VALUES ('s1', 'e1', 'Keynote', 'keynote', '2023-06-15 09:00:00',"
                " '2023-06-15 10:00:00', '2023-06-01 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO notes (id, event_id, kind, text, captured_at, featured, position,"
                " updated_at) VALUES ('n1', 'e1', 'quote', 'We act.', '2023-06-15 08:00:00',"
                " true, 3, '2023-06-15 08:00:00')"
            )
        )
    engine.dispose()

    ws = open_workspace(url)
    try:
        with ws.engine.connect() as conn:
            assert migrations.current_revision(conn) == "0005"
            for table in VERSIONED:
                assert "version" in {c["name"] for c in inspect(conn).get_columns(table)}
        session = agenda.get_session(ws, "s1")
        note = capture.get_note(ws, "n1")
        assert (session.version, note.version) == (1, 1)
        edited = capture.update_note(ws, "n1", text="We act now.", version=1)
        assert edited.version == 2
        with pytest.raises(StaleEditError):
            capture.update_note(ws, "n1", text="Stale.", version=1)
        with ws.engine.begin() as conn:
            command.downgrade(migrations.alembic_config(conn), "0004")
        with ws.engine.connect() as conn:
            assert "version" not in {c["name"] for c in inspect(conn).get_columns("notes")}
            # a plain DROP COLUMN: no table rebuild, so nothing cascaded away
            assert conn.execute(text("SELECT text FROM notes")).scalar_one() == "We act now."
            assert conn.execute(text("SELECT title FROM sessions")).scalar_one() == "Keynote"
            assert conn.execute(text("SELECT count(*) FROM note_revisions")).scalar_one() == 1
    finally:
        ws.close()
