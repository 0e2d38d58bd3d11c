"""Opening a workspace: where it lives, how SQLite is tuned, schema upgrades.

A workspace is one database: a SQLite file by default (one per user, in the
platform's data folder), or a PostgreSQL URL for a team.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from workshop_planner.store import migrations, tracking

log = logging.getLogger(__name__)

#: Environment variable naming the workspace when ``--workspace`` is not given.
ENV_VAR = "WORKSHOP_PLANNER_WORKSPACE"
#: SQLite ``application_id`` of our files: "WPLN".
APPLICATION_ID = 0x57504C4E
#: Milliseconds a connection waits for another writer before giving up.
BUSY_TIMEOUT_MS = 10_000
APP_NAME = "workshop-planner"


class WorkspaceError(Exception):
    """A workspace cannot be opened; the message is one sentence for the user."""


class WorkspaceTooNewError(WorkspaceError):
    pass


class NotAWorkspaceError(WorkspaceError):
    pass


def default_workspace_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "workspace.sqlite3"


def resolve_workspace_url(target: str | os.PathLike[str] | None = None) -> URL:
    """The database URL for ``--workspace`` / the environment / the default."""
    raw = os.fspath(target) if target is not None else os.environ.get(ENV_VAR) or None
    if raw is None:
        return _sqlite_url(default_workspace_path())
    if "://" in raw:
        try:
            return make_url(raw)
        except ArgumentError as exc:
            raise WorkspaceError(f"“{raw}” is not a database URL or a file path.") from exc
    return _sqlite_url(Path(raw).expanduser())


def _sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path.resolve()))


@dataclass(frozen=True)
class SchemaState:
    """What an existing database holds before we touch it."""

    exists: bool
    revision: str | None


class Workspace:
    """An open workspace: an engine plus short transactions on it.

    Services call :meth:`transaction` for every user action; the block commits
    when it ends, so every edit is durable as soon as it is made.
    """

    def __init__(self, engine: Engine, backup_path: Path | None = None) -> None:
        self.engine = engine
        self.url = engine.url
        #: the copy taken before the last schema upgrade, if one ran
        self.backup_path = backup_path
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        tracking.install()

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display_name(self) -> str:
        if self.is_sqlite and self.url.database:
            return Path(self.url.database).name
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One database transaction: commits on success, rolls back on error."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_workspace(target: str | os.PathLike[str] | URL | None = None) -> Workspace:
    """Open (creating or upgrading as needed) the workspace at ``target``."""
    url = target if isinstance(target, URL) else resolve_workspace_url(target)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _open_sqlite(url)
    engine = create_engine(url, pool_pre_ping=True)
    try:
        with engine.connect() as conn:
            revision = migrations.current_revision(conn)
        _refuse_unknown_revision(revision, url)
        migrations.upgrade(engine)
    except WorkspaceError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise WorkspaceError(
            f"Could not open the workspace database {url.render_as_string(hide_password=True)}: "
            f"{_first_line(exc)}."
        ) from exc
    return Workspace(engine)


def _open_sqlite(url: URL) -> Workspace:
    database = url.database or ""
    in_memory = database in ("", ":memory:")
    path = None if in_memory else Path(database)
    state = SchemaState(exists=False, revision=None)
    if path is not None:
        if path.is_dir():
            raise WorkspaceError(f"{path} is a folder, not a workspace file.")
        state = _inspect_sqlite_file(path)
        _refuse_unknown_revision(state.revision, url)
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(url)
    backup_path = None
    try:
        if (
            path is not None
            and state.revision is not None
            and not migrations.is_head(state.revision)
        ):
            backup_path = backup_sqlite(engine, path, state.revision)
        migrations.upgrade(engine)
    except Exception as exc:
        engine.dispose()
        if isinstance(exc, WorkspaceError):
            raise
        raise WorkspaceError(
            f"Could not prepare the workspace {database}: {_first_line(exc)}."
        ) from exc
    return Workspace(engine, backup_path)


def create_sqlite_engine(url: URL) -> Engine:
    """A SQLite engine with our pragmas on every connection."""
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite_connection)
    # Let SQLite see the real BEGIN/COMMIT (pysqlite's legacy mode defers them).
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit survives a power cut, not only a crash of the app.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        (app_id,) = cursor.execute("PRAGMA application_id").fetchone()
        if app_id == 0:
            cursor.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        cursor.close()


def _inspect_sqlite_file(path: Path) -> SchemaState:
    """Read what a file holds without changing a byte of it."""
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(exists=False, revision=None)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotAWorkspaceError(f"{path} cannot be read as a workspace: {exc}.") from exc
    try:
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise NotAWorkspaceError(f"{path} is not a Workshop Planner workspace ({exc}).") from exc
    finally:
        conn.close()
    if app_id not in (0, APPLICATION_ID) or (tables and revision is None):
        raise NotAWorkspaceError(
            f"{path} is a database of another program, not a Workshop Planner workspace."
        )
    return SchemaState(exists=bool(tables), revision=revision)


def _refuse_unknown_revision(revision: str | None, url: URL) -> None:
    if revision is not None and not migrations.is_known(revision):
        where = (
            url.database
            if url.get_backend_name() == "sqlite"
            else url.render_as_string(hide_password=True)
        )
        raise WorkspaceTooNewError(
            f"The workspace {where} was written by a newer version of Workshop Planner "
            f"(schema {revision}); update the app to open it — the file was left untouched."
        )


def backup_sqlite(engine: Engine, path: Path, revision: str) -> Path:
    """Copy the database with SQLite's backup API before an upgrade."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        raw.close()
    log.info("Backed up %s to %s before upgrading its schema", path, target)
    return target


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__
