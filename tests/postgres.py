"""A fresh PostgreSQL schema per test on the local server (127.0.0.1:5432, database test).

Each test gets its own schema (dropped afterwards), so parallel runs and
other helpers' tests never see each other's rows or notifications.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"


@contextmanager
def fresh_schema(prefix: str = "wp_live") -> Iterator[str]:
    """The URL of a new empty schema; the schema is dropped when the block ends."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
