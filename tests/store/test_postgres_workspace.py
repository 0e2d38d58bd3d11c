"""A team workspace on the local PostgreSQL server (127.0.0.1:5432, database test)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from workshop_planner.services.bundle import export_event, import_bundle
from workshop_planner.store import Workspace, WorkspaceTooNewError, migrations, open_workspace

SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"
BUNDLE = Path(__file__).parents[1] / "services" / "bundle" / "data" / "other-tool-bundle.json"

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema per test, dropped afterwards, so runs never see each other."""
    schema = f"wp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{SERVER}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_postgres_workspace_migrates_imports_and_round_trips(pg_url: str) -> None:
    bundle = json.loads(BUNDLE.read_text(encoding="utf-8"))
    ws: Workspace = open_workspace(pg_url)
    try:
        assert not ws.is_sqlite
        with ws.engine.connect() as conn:
            assert migrations.current_revision(conn) == migrations.head_revision()
        import_bundle(ws, bundle)
        exported = export_event(ws, bundle["event"]["id"])
    finally:
        ws.close()
    exported.pop("exported_at")
    bundle.pop("exported_at")
    assert exported == bundle


def test_postgres_workspace_from_a_newer_version_is_refused(pg_url: str) -> None:
    open_workspace(pg_url).close()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(WorkspaceTooNewError):
        open_workspace(pg_url)
