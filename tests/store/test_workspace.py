"""The workspace database: location, pragmas, migrations, backups, refusals."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from workshop_planner.domain import models as m
from workshop_planner.store import (
    NotAWorkspaceError,
    Workspace,
    WorkspaceTooNewError,
    migrations,
    open_workspace,
    resolve_workspace_url,
)
from workshop_planner.store.workspace import APPLICATION_ID, default_workspace_path


def pragma(ws: Workspace, name: str) -> object:
    with ws.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_pragmas_on_every_connection(workspace: Workspace) -> None:
    assert pragma(workspace, "journal_mode") == "wal"
    assert pragma(workspace, "synchronous") == 2  # FULL
    assert pragma(workspace, "foreign_keys") == 1
    assert pragma(workspace, "busy_timeout") == 10_000  # BUSY_TIMEOUT_S
    assert pragma(workspace, "application_id") == APPLICATION_ID


def test_new_workspace_is_at_the_head_revision(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        assert migrations.current_revision(conn) == migrations.head_revision()


def test_foreign_keys_are_enforced(workspace: Workspace) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), workspace.transaction() as db:
        db.add(m.Participant(event_id="no-such-event", person_id="no-such-person"))


def test_models_match_the_migrations(workspace: Workspace) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with workspace.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), m.Base.metadata) == []


def make_first_revision_workspace(path: Path) -> None:
    """A workspace as the very first release wrote it, with an event in it."""
    from workshop_planner.store.workspace import create_sqlite_engine, resolve_workspace_url

    engine = create_sqlite_engine(resolve_workspace_url(path))
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO events (id, title, start_date, end_date, timezone, language,"
                " updated_at) VALUES ('e1', 'Old event', '2023-06-15', '2023-06-16',"
                " 'Europe/Berlin', 'en', '2023-06-01 08:00:00')"
            )
        )
    engine.dispose()


def test_upgrade_of_a_workspace_made_by_the_first_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_first_revision_workspace(path)
    with open_workspace(path) as ws:
        with ws.engine.connect() as conn:
            assert migrations.current_revision(conn) == migrations.head_revision()
        with ws.transaction() as db:
            event = db.get(m.Event, "e1")
            assert event is not None
            assert event.title == "Old event"
            assert event.archived is False
            assert event.start_date == date(2023, 6, 15)
        backup = ws.backup_path
    # A backup taken with SQLite's backup API, still at the old revision.
    assert backup is not None
    assert backup.exists()
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT title FROM events").fetchall() == [("Old event",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_opening_an_up_to_date_workspace_takes_no_backup(workspace_path: Path) -> None:
    open_workspace(workspace_path).close()
    with open_workspace(workspace_path) as ws:
        assert ws.backup_path is None
    assert [p.name for p in workspace_path.parent.glob("*before-upgrade*")] == []


def test_workspace_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_workspace(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(WorkspaceTooNewError, match="newer version of Workshop Planner"):
        open_workspace(path)
    assert digest(path) == before
    assert list(tmp_path.glob("*before-upgrade*")) == []


def test_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAWorkspaceError, match="another program"):
        open_workspace(path)
    assert digest(path) == before


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some text, not a database\n" * 20)
    with pytest.raises(NotAWorkspaceError):
        open_workspace(path)
    assert path.read_text().startswith("just some text")


def test_workspace_location_from_argument_environment_and_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_workspace_url(tmp_path / "a.sqlite3").database == str(tmp_path / "a.sqlite3")
    monkeypatch.setenv("WORKSHOP_PLANNER_WORKSPACE", str(tmp_path / "env.sqlite3"))
    assert resolve_workspace_url(None).database == str(tmp_path / "env.sqlite3")
    monkeypatch.delenv("WORKSHOP_PLANNER_WORKSPACE")
    assert resolve_workspace_url(None).database == str(default_workspace_path())
    assert "workshop-planner" in str(default_workspace_path())
    url = resolve_workspace_url("postgresql+psycopg://root@127.0.0.1:5432/test")
    assert url.get_backend_name() == "postgresql"


def test_commit_is_visible_to_a_second_connection_at_once(workspace: Workspace) -> None:
    with workspace.transaction() as db:
        db.add(m.Person(full_name="Anna Łęcka"))
    other = create_engine(workspace.url)
    with other.connect() as conn:
        assert conn.execute(text("SELECT full_name FROM people")).scalars().all() == ["Anna Łęcka"]
    other.dispose()
