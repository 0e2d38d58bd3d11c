"""Copies of a SQLite workspace: taken online, read without touching, restored whole.

* :func:`copy_database` uses SQLite's online backup API: the copy is one
  consistent state even while other programs write, and it is written to a
  temporary name and renamed, so a crash never leaves half a backup.
* :func:`open_copy` reads a copy ``immutable``: no locks, no -wal/-shm files.
* :func:`replace_contents` puts a copy's rows in place of the workspace's in
  one write transaction (``BEGIN IMMEDIATE``, so it waits its turn like any
  other write): other programs see the old workspace or the restored one,
  never a mix.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workshop_planner.store.errors import WorkspaceError
from workshop_planner.store.files import current_umask
from workshop_planner.store.workspace import Workspace


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy the database behind ``source`` to ``target`` (a standalone rollback-journal file)."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        dest = sqlite3.connect(temp_name, isolation_level=None)
        try:
            source.backup(dest)
            # The copy carries the source's WAL flag; a backup is read alone, without -wal/-shm.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.chmod(temp_name, 0o666 & ~current_umask())
        with open(temp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def copy_workspace(workspace: Workspace, target: Path) -> Path:
    """Back up an open SQLite workspace to ``target`` with the online backup API."""
    raw = workspace.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        return copy_database(source, target)
    finally:
        raw.close()


@contextmanager
def open_copy(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a backup file that creates nothing beside it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def replace_contents(workspace: Workspace, source: Path) -> None:
    """Make the workspace hold exactly the rows of ``source`` (same schema), all or nothing."""
    path = workspace.path
    if path is None:
        raise WorkspaceError("Only a SQLite workspace file can be restored from a backup.")
    with workspace.transaction() as db:
        conn = db.connection()
        tables = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT name FROM main.sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        # ATTACH cannot run inside a transaction, so the copy's rows are read
        # through a second connection (workspaces are small).
        with open_copy(source) as copy:
            # Keys are checked at commit: the tables are filled in name order.
            conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            # Empty every table first: a cascade from a parent must not remove
            # rows already put back in a child.
            # Table and column names come from our own schema, quoted as identifiers.
            for table in tables:
                conn.exec_driver_sql(f"DELETE FROM {quoted(table)}")  # noqa: S608
            for table in tables:
                info = conn.exec_driver_sql(f"PRAGMA table_info({quoted(table)})")
                columns = [row[1] for row in info]
                names = ", ".join(quoted(c) for c in columns)
                rows = copy.execute(f"SELECT {names} FROM {quoted(table)}").fetchall()  # noqa: S608
                if rows:
                    marks = ", ".join("?" for _ in columns)
                    insert = f"INSERT INTO {quoted(table)} ({names}) VALUES ({marks})"  # noqa: S608
                    conn.exec_driver_sql(insert, rows)


def quoted(name: str) -> str:
    """``name`` as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
