"""Opening a workspace: where it lives, how SQLite is tuned, schema upgrades.

A workspace is one database: a SQLite file by default (one per user, in the
platform's data folder), or a PostgreSQL URL for a team.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from workshop_planner.store import live, migrations
from workshop_planner.store.errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    NotAWorkspaceError,
    WorkspaceError,
    WorkspaceTooNewError,
    busy_error,
    corrupt_error,
    is_busy,
    os_error,
    read_only_error,
    sqlite_code,
    translate,
)

log = logging.getLogger(__name__)

#: Environment variable naming the workspace when ``--workspace`` is not given.
ENV_VAR = "WORKSHOP_PLANNER_WORKSPACE"
#: SQLite ``application_id`` of our files: "WPLN".
APPLICATION_ID = 0x57504C4E
#: Seconds a connection waits for another writer before SQLite gives up.
BUSY_TIMEOUT_S = 10.0
#: A write that SQLite gave up on is tried this many times in all, after a pause
#: that doubles from WRITE_BACKOFF_S (another program may hold the lock for long).
WRITE_ATTEMPTS = 3
WRITE_BACKOFF_S = 0.25
APP_NAME = "workshop-planner"
#: Tables every Workshop Planner workspace has had since the first schema.
OUR_TABLES = frozenset({"events", "people", "notes"})
#: How a SQLite transaction begins (an execution option read by the "begin" hook).
BEGIN_OPTION = "workshop_planner_begin"
_READING = "workshop_planner.reading"


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

    Services call :meth:`transaction` for every user action that writes; the
    block commits when it ends, so every edit is durable as soon as it is made.
    On SQLite it takes the write lock first (``BEGIN IMMEDIATE``), so a writer
    waits its turn instead of failing half-way. Work that only reads uses
    :meth:`reading`, which never waits for writers (WAL readers see the last
    commit). Both turn driver errors into :class:`WorkspaceError` subclasses
    with one-sentence messages.
    """

    def __init__(
        self,
        engine: Engine,
        backup_path: Path | None = None,
        *,
        busy_timeout_s: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.engine = engine
        self.url = engine.url
        #: the copy taken before the last schema upgrade, if one ran
        self.backup_path = backup_path
        self.busy_timeout_s = busy_timeout_s
        #: where this workspace announces its commits to other windows
        self.outbox = live.Outbox()
        if engine.url.get_backend_name() == "postgresql":
            with engine.connect() as conn:
                self.outbox.announcer = live.announcer_for(conn)
        elif self.path is not None:
            self.outbox.beside = live.file_announcer(self.path)
        live.install()
        self._sessions = sessionmaker(
            engine, expire_on_commit=False, info={live.OUTBOX: self.outbox}
        )
        self._read_sessions = sessionmaker(
            engine.execution_options(**{BEGIN_OPTION: "DEFERRED"}),
            expire_on_commit=False,
            info={_READING: True},
        )
        if not event.contains(Session, "before_flush", _refuse_writes_when_reading):
            event.listen(Session, "before_flush", _refuse_writes_when_reading)

    @property
    def announcer(self) -> live.Announcer | None:
        """Where its commits are announced (None: nowhere, e.g. SQLite no window follows)."""
        return self.outbox.announcer

    def announce_commits(self) -> bool:
        """Announce every commit to the other windows on this workspace from now on.

        A PostgreSQL workspace always does; a SQLite file starts now (its
        messages go to a file beside it, and while that file exists every
        program writing to the workspace announces there too). False when it
        cannot (in memory).
        """
        if self.outbox.announcer is None and self.outbox.beside is not None:
            self.outbox.announcer = self.outbox.beside
            live.open_file_channel(self.outbox.beside)  # other programs announce there too now
        return self.outbox.announcer is not None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for PostgreSQL and in-memory databases)."""
        database = self.url.database or ""
        if not self.is_sqlite or database in ("", ":memory:"):
            return None
        return Path(database)

    @property
    def display_name(self) -> str:
        if self.is_sqlite and self.url.database:
            return Path(self.url.database).name
        return self.url.render_as_string(hide_password=True)

    @property
    def where(self) -> str:
        """The workspace as messages name it: its file, or its URL without password."""
        path = self.path
        return str(path) if path is not None else self.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: commits on success, rolls back on error."""
        started = time.monotonic()
        install_write_hooks()
        with self.translated_errors(started), self._sessions() as session:
            self._lock_for_writing(session, started)
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One transaction that only reads; on SQLite it does not wait for writers.

        A flush (a write) inside it is a programming error and raises.
        """
        with self.translated_errors(time.monotonic()), self._read_sessions.begin() as session:
            yield session

    @contextmanager
    def translated_errors(self, started: float) -> Iterator[None]:
        """Driver errors (busy, full, read-only, corrupt) as one-sentence WorkspaceErrors."""
        try:
            yield
        except (DBAPIError, sqlite3.Error) as exc:
            if is_busy(exc):
                raise busy_error(time.monotonic() - started) from exc
            translated = translate(exc, self.where, self.path)
            if translated is None:
                raise
            raise translated from exc

    def _lock_for_writing(self, session: Session, started: float) -> None:
        """Begin the session's transaction holding the write lock, retrying while busy.

        Nothing of the caller's has run yet, so trying again is always safe.
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                session.connection()  # SQLite: BEGIN IMMEDIATE, waits up to the busy timeout
                return
            except DBAPIError as exc:
                session.rollback()
                if not is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise
                log.info("Workspace busy after %.1f s; trying again", time.monotonic() - started)
                time.sleep(WRITE_BACKOFF_S * 2**attempt)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@cache
def install_write_hooks() -> None:
    """The stamps and value checks every flush gets, installed before the first write
    (once per process: a test that removes one for a while keeps it removed).

    Only write transactions flush, so a process that only reads (``events`` in
    a terminal, the window's first screen) never imports the domain models
    these hooks need.
    """
    from workshop_planner.store import guards, tracking

    tracking.install()
    guards.install()


def _refuse_writes_when_reading(session: Session, _flush: object, _instances: object) -> None:
    if session.info.get(_READING) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("A change was made in Workspace.reading(); use transaction() to write.")


def open_workspace(
    target: str | os.PathLike[str] | URL | None = None,
    *,
    busy_timeout_s: float = BUSY_TIMEOUT_S,
) -> Workspace:
    """Open (creating or upgrading as needed) the workspace at ``target``.

    ``busy_timeout_s`` is how long one attempt to write waits for another
    writer (a write is attempted :data:`WRITE_ATTEMPTS` times).
    """
    url = target if isinstance(target, URL) else resolve_workspace_url(target)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _open_sqlite(url, busy_timeout_s)
    engine = create_engine(url, pool_pre_ping=True)
    where = url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            revision = migrations.current_revision(conn)
            tables = set(inspect(conn).get_table_names())
        if revision is not None and not migrations.is_known(revision) and "events" not in tables:
            raise _foreign(where)
        _refuse_unknown_revision(revision, url)
        migrations.upgrade(engine)
    except WorkspaceError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        translated = translate(exc, where, opening=True)
        if translated is not None:
            raise translated from exc
        raise WorkspaceError(
            f"Could not open the workspace database {where}: {_first_line(exc)}."
        ) from exc
    return Workspace(engine, busy_timeout_s=busy_timeout_s)


def _open_sqlite(url: URL, busy_timeout_s: float) -> Workspace:
    database = url.database or ""
    in_memory = database in ("", ":memory:")
    path = None if in_memory else Path(database)
    state = SchemaState(exists=False, revision=None)
    existed = path is not None and path.exists()
    if path is not None:
        if path.is_dir():
            raise WorkspaceError(f"{path} is a folder, not a workspace file.")
        # Everything that can refuse the file runs before SQLite may create
        # -wal/-shm/-journal files next to it.
        state = _inspect_sqlite_file(path)
        _refuse_unknown_revision(state.revision, url)
        _check_writable(path)
    engine = create_sqlite_engine(url, busy_timeout_s=busy_timeout_s)
    backup_path = None
    try:
        if (
            path is not None
            and state.revision is not None
            and not migrations.is_head(state.revision)
        ):
            backup_path = backup_sqlite(engine, path, state.revision)
        # Up to date: no write lock at all (a program opening the file must not
        # queue behind busy writers for a no-op upgrade).
        if state.revision is None or not migrations.is_head(state.revision):
            migrations.upgrade(engine)
    except Exception as exc:
        engine.dispose()
        if path is not None and not existed:
            _remove_database_files(path)  # a half-made new workspace is no use to anyone
        if isinstance(exc, WorkspaceError):
            raise
        where = str(path) if path is not None else database
        translated = (
            os_error(exc, path, opening=True)
            if isinstance(exc, OSError) and path is not None
            else translate(exc, where, path, opening=True)
        )
        if translated is not None:
            raise translated from exc
        raise WorkspaceError(
            f"Could not prepare the workspace {database}: {_first_line(exc)}."
        ) from exc
    return Workspace(engine, backup_path, busy_timeout_s=busy_timeout_s)


def _check_writable(path: Path) -> None:
    """Refuse a workspace we could not save to, before touching it."""
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, path, opening=True) or WorkspaceError(
                f"The folder {folder} for the workspace cannot be created: {exc.strerror or exc}."
            ) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise read_only_error(path)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise read_only_error(path, folder=True)


def _remove_database_files(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        path.with_name(name).unlink(missing_ok=True)


def create_sqlite_engine(url: URL, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> Engine:
    """A SQLite engine with our pragmas on every connection.

    pysqlite's own implicit BEGIN is switched off and we emit BEGIN ourselves
    (SQLAlchemy's documented recipe): IMMEDIATE unless the connection's
    execution options ask for DEFERRED (:meth:`Workspace.reading`), so a
    writer takes the lock up front and the busy timeout applies to it.
    """
    engine = create_engine(url, connect_args={"timeout": busy_timeout_s})
    busy_ms = round(busy_timeout_s * 1000)

    def configure(dbapi_connection: Any, _record: Any) -> None:
        _configure_sqlite_connection(dbapi_connection, busy_ms)

    event.listen(engine, "connect", configure)
    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _configure_sqlite_connection(dbapi_connection: Any, busy_ms: int) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit survives a power cut, not only a crash of the app.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        (app_id,) = cursor.execute("PRAGMA application_id").fetchone()
        if app_id == 0:
            cursor.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        cursor.close()


SQLITE_MAGIC = b"SQLite format 3\x00"


def _inspect_sqlite_file(path: Path) -> SchemaState:
    """Read what a file holds without changing a byte of it or creating a file beside it.

    The header says whether it is SQLite and whose (``application_id`` at
    offset 68). A WAL database opened ``mode=ro`` would get -wal/-shm files
    that stay behind, so without a -wal file (no other program has it open)
    the file is read ``immutable``: exactly what is on disk, no locks, no files.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return SchemaState(exists=False, revision=None)
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return SchemaState(exists=False, revision=None)
    except OSError as exc:
        raise WorkspaceError(
            f"The workspace {path} cannot be read: {(exc.strerror or str(exc)).lower()}."
        ) from exc
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotAWorkspaceError(
            f"{path} is not a Workshop Planner workspace: it is not a database file."
        )
    app_id = int.from_bytes(header[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise _foreign(str(path))
    wal, shm = (path.with_name(f"{path.name}-{end}") for end in ("wal", "shm"))
    mode = "mode=ro" if wal.exists() and shm.exists() else "immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    except sqlite3.Error as exc:
        raise NotAWorkspaceError(f"{path} cannot be read as a workspace: {exc}.") from exc
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB) and app_id == APPLICATION_ID:
            raise corrupt_error(str(path)) from exc
        raise NotAWorkspaceError(f"{path} is not a Workshop Planner workspace ({exc}).") from exc
    finally:
        conn.close()
    theirs = tables and (revision is None or (app_id == 0 and not tables >= OUR_TABLES))
    if theirs:
        raise _foreign(str(path))
    return SchemaState(exists=bool(tables), revision=revision)


def _foreign(where: str) -> NotAWorkspaceError:
    return NotAWorkspaceError(
        f"{where} is a database of another program, not a Workshop Planner workspace."
    )


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
    from workshop_planner.store.backups import copy_database

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy_database(source, target)
    finally:
        raw.close()
    log.info("Backed up %s to %s before upgrading its schema", path, target)
    return target


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__
