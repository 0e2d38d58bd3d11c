"""On PostgreSQL, values beyond the columns are refused at the door in one sentence.

Before the limits a NUL character, a 501-character title or an id with a trailing
newline reached the server and came back as "Unexpected …" with SQL in it. Runs
in a schema of its own on the local server (127.0.0.1:5432, database ``test``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from workshop_planner.cli import main
from workshop_planner.domain import models as m
from workshop_planner.services import event_editing as ee
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace, open_workspace

SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"
BUNDLE = Path(__file__).parent / "bundle" / "data" / "other-tool-bundle.json"

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema of this worktree's own per test, dropped afterwards."""
    schema = f"wt_files_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{SERVER}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def pg_workspace(pg_url: str) -> Iterator[Workspace]:
    ws = open_workspace(pg_url)
    yield ws
    ws.close()


def bundle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLE.read_text(encoding="utf-8"))
    return data


def counts(ws: Workspace) -> dict[str, int]:
    with ws.transaction() as db:
        return {
            t.name: int(db.scalar(select(func.count()).select_from(t)) or 0)
            for t in m.Base.metadata.sorted_tables
        }


def _title(value: str) -> Callable[[dict[str, Any]], None]:
    return lambda b: b["event"].__setitem__("title", value)


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "NUL": (_title("Cities\x00Together"), "$.event.title: contains a NUL character"),
    "501 characters": (_title("T" * 501), "$.event.title: has 501 characters; at most 500 fit"),
    "id with a trailing newline": (
        lambda b: b["participants"][0].__setitem__("id", b["participants"][0]["id"] + "\n"),
        "$.participants[0].id: contains a control character (U+000A LINE FEED)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_cli_import_is_refused_in_one_sentence_without_sql(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    assert main(["--workspace", pg_url, "import", str(BUNDLE)]) == 0
    with open_workspace(pg_url) as ws:
        before = counts(ws)
    mutate, words = CASES[case]
    hostile = bundle()
    mutate(hostile)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile), encoding="utf-8")
    capsys.readouterr()

    assert main(["--workspace", pg_url, "import", str(path)]) == 1
    first, *details = capsys.readouterr().err.splitlines()
    assert first.startswith("workshop-planner: The bundle was not imported and nothing was")
    assert words in first
    assert "Unexpected" not in first
    assert "SQL" not in first
    assert "INSERT" not in first
    assert len(details) == 1  # the problem again, with its path, under the sentence
    assert words in details[0]
    with open_workspace(pg_url) as ws:
        assert counts(ws) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "T" * 501}, "The title has 501 characters; at most 500 fit."),
        ({"title": "Cities\x00"}, "The title contains a NUL character (at position 7)."),
        ({"venue_city": "C" * 201}, "The venue's city has 201 characters; at most 200 fit."),
        ({"description": "before\x00after"}, "The description contains a NUL character"),
    ],
)
def test_event_edits_are_refused_in_one_sentence(
    pg_workspace: Workspace, changes: dict[str, Any], message: str
) -> None:
    from datetime import date

    event = ee.create_event(pg_workspace, title="Summit", start_date=date(2024, 5, 2))
    with pytest.raises(ServiceError) as info:
        ee.update_event(pg_workspace, event.id, changes)
    assert str(info.value).startswith(message)
    assert ee.get_event(pg_workspace, event.id) == event
