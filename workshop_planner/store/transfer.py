"""Moving a workspace: copy every row of one database into a new, empty one.

``workshop-planner workspace copy SRC DEST`` copies a laptop's SQLite file
into a team's PostgreSQL database (an empty database or schema) and back.
The destination's schema is made by the same migrations that make any
workspace, then the rows follow table by table in dependency order, in
batches, in that one transaction: a copy that fails leaves no half-filled
destination behind (a new SQLite file is removed again). A destination that
already holds tables is refused, so a copy never mixes two workspaces; to
combine them, export and import event bundles.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from sqlalchemy import Connection, Engine, Integer, create_engine, func, inspect, select, text
from sqlalchemy.engine import URL

from workshop_planner.domain.models import Base
from workshop_planner.store import migrations
from workshop_planner.store.errors import WorkspaceError, translate
from workshop_planner.store.workspace import (
    BEGIN_OPTION,
    create_sqlite_engine,
    open_workspace,
    resolve_workspace_url,
)

#: rows inserted per statement
BATCH = 1000


@dataclass(frozen=True)
class CopyResult:
    source: str
    destination: str
    tables: int
    rows: int


def copy_workspace(
    source: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    progress: Callable[[str, int], None] | None = None,
) -> CopyResult:
    """Copy the workspace ``source`` into the empty database ``destination``, all or nothing.

    ``progress(table, rows)`` is called after each table. The source is opened
    as a workspace (an older one is upgraded first, with its usual backup).
    """
    src_url, dest_url = resolve_workspace_url(source), resolve_workspace_url(destination)
    src_name, dest_name = _where(src_url), _where(dest_url)
    if src_name == dest_name:
        raise WorkspaceError("The source and the destination are the same workspace.")
    _refuse_missing(src_url)
    dest_path = _sqlite_path(dest_url)
    created = dest_path is not None and not dest_path.exists()
    dest = _engine(dest_url)
    try:
        _refuse_non_empty(dest, dest_name)
        with open_workspace(src_url) as ws, _snapshot(ws.engine) as src:
            revision = migrations.current_revision(src)
            with dest.begin() as conn:
                # the schema is made in the copy's transaction: a failure leaves no tables
                command.upgrade(migrations.alembic_config(conn), revision or "head")
                rows = _copy_rows(src, conn, progress)
                if dest_url.get_backend_name() != "sqlite":
                    _advance_sequences(conn)
    except Exception as exc:
        dest.dispose()
        if created and dest_path is not None:
            for name in (dest_path.name, f"{dest_path.name}-wal", f"{dest_path.name}-shm"):
                dest_path.with_name(name).unlink(missing_ok=True)
        if isinstance(exc, WorkspaceError):
            raise
        translated = translate(exc, dest_name, dest_path)
        if translated is not None:
            raise translated from exc
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
        raise WorkspaceError(
            f"Copying to {dest_name} failed and nothing was kept: {reason[0].rstrip('.')}."
        ) from exc
    dest.dispose()
    return CopyResult(src_name, dest_name, len(Base.metadata.sorted_tables), rows)


def _copy_rows(
    src: Connection, dest: Connection, progress: Callable[[str, int], None] | None
) -> int:
    """Every table's rows, parents before children, in batches of :data:`BATCH`."""
    total = 0
    for table in Base.metadata.sorted_tables:
        count = 0
        result = src.execution_options(yield_per=BATCH).execute(select(table))
        for batch in result.mappings().partitions():
            dest.execute(table.insert(), [dict(row) for row in batch])
            count += len(batch)
        total += count
        if progress is not None:
            progress(table.name, count)
    return total


def _snapshot(engine: Engine) -> Connection:
    """A connection that reads every table as of one moment, while others keep writing."""
    if engine.url.get_backend_name() == "sqlite":  # a WAL read transaction, not the write lock
        return engine.connect().execution_options(**{BEGIN_OPTION: "DEFERRED"})
    return engine.connect().execution_options(isolation_level="REPEATABLE READ")


def _advance_sequences(conn: Connection) -> None:
    """PostgreSQL numbers rows from a sequence that copied ids did not advance."""
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                highest = conn.execute(select(func.max(column))).scalar()
                if highest is not None:
                    conn.execute(
                        text("SELECT setval(pg_get_serial_sequence(:table, :column), :value)"),
                        {"table": table.name, "column": column.name, "value": highest},
                    )


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        return create_sqlite_engine(url)
    return create_engine(url)


def _refuse_missing(url: URL) -> None:
    path = _sqlite_path(url)
    if url.get_backend_name() == "sqlite" and (path is None or not path.is_file()):
        raise WorkspaceError(f"There is no workspace at {_where(url)} to copy.")
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                empty = not inspect(conn).get_table_names()
        except Exception as exc:
            translated = translate(exc, _where(url), opening=True)
            raise (translated or WorkspaceError(f"Cannot open {_where(url)}: {exc}.")) from exc
        finally:
            engine.dispose()
        if empty:
            raise WorkspaceError(f"There is no workspace at {_where(url)} to copy.")


def _refuse_non_empty(engine: Engine, where: str) -> None:
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
    except Exception as exc:
        translated = translate(exc, where, opening=True)
        raise (translated or WorkspaceError(f"Cannot open {where}: {exc}.")) from exc
    if tables:
        raise WorkspaceError(
            f"{where} is not empty; copy a workspace only into a new file "
            "or an empty database or schema."
        )


def _sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _where(url: URL) -> str:
    path = _sqlite_path(url)
    return str(path) if path is not None else url.render_as_string(hide_password=True)
