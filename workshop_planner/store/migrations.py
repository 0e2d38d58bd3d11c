"""Schema migrations (Alembic), run from code: the user never types a command.

Opening a workspace whose schema is current is the common case, so it must
not pay for importing Alembic (and Mako): the revision chain is read from the
migration files' ``revision``/``down_revision`` lines and the database's
revision with plain SQL. Alembic is imported only when a migration runs.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = Path(__file__).with_name("alembic")
VERSION_TABLE = "alembic_version"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _assigned_string(tree: ast.Module, name: str) -> str | None:
    """The string (or None) a migration file assigns to ``name`` at module level."""
    for node in tree.body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id == name and isinstance(value, ast.Constant):
            return value.value if isinstance(value.value, str) else None
    return None


@cache
def _revisions() -> dict[str, str | None]:
    """Every known revision and the one it follows, read from the migration files."""
    chain: dict[str, str | None] = {}
    for path in sorted((SCRIPT_LOCATION / "versions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        revision = _assigned_string(tree, "revision")
        if revision is not None:
            chain[revision] = _assigned_string(tree, "down_revision")
    return chain


def head_revision() -> str:
    chain = _revisions()
    heads = set(chain) - {down for down in chain.values() if down is not None}
    assert len(heads) == 1, f"the migrations must form one line, not {sorted(heads)}"
    return heads.pop()


def is_known(revision: str) -> bool:
    return revision in _revisions()


def is_head(revision: str) -> bool:
    return revision == head_revision()


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision (None: never migrated), read with plain SQL."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()  # noqa: S608
    return rows[0][0] if rows else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op (without Alembic) when it is already there."""
    target = head_revision() if revision == "head" else revision
    with engine.connect() as connection:
        if current_revision(connection) == target:
            return
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
