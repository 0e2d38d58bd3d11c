"""Real SQLite refusing writes (no mocks): a full database or a read-only connection.

``PRAGMA max_page_count`` set to the current size makes every write that needs
a new page fail with "database or disk is full"; ``PRAGMA query_only`` makes
every write fail with "attempt to write a readonly database". Both are set on
each new connection of the workspace's engine while the block runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from sqlalchemy import Engine, event

How = Literal["full", "read_only"]


def refuse_writes(dbapi_connection: Any, how: How) -> None:
    if how == "full":
        (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")
    else:
        dbapi_connection.execute("PRAGMA query_only = ON")


@contextmanager
def unwritable(engine: Engine, how: How = "full") -> Iterator[None]:
    """The database refuses writes inside the block (full, or read-only)."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        refuse_writes(dbapi_connection, how)

    event.listen(engine, "connect", on_connect)
    engine.dispose()  # pooled connections were made without the limit
    try:
        yield
    finally:
        event.remove(engine, "connect", on_connect)
        engine.dispose()
