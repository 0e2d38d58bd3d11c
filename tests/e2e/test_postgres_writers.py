"""A team on one PostgreSQL workspace: eight note-takers saving at once lose nothing.

Eight real processes (forked from a server that imported the app once) save
500 notes each through the capture service into one fresh schema; every
acknowledged note is there exactly once, and none failed.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.e2e.writer_process import write_notes
from tests.postgres import fresh_schema
from workshop_planner.domain import models as m
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import open_workspace

pytestmark = pytest.mark.postgres

WRITERS = 8
NOTES_EACH = 500


def test_eight_writers_save_4000_notes_once_each(tmp_path: Path) -> None:
    with fresh_schema("wp_writers") as url:
        with open_workspace(url) as ws:
            event_id = load_sample_event(ws).event_id
            with ws.reading() as db:
                before = db.scalar(select(func.count()).select_from(m.Note))
        go = tmp_path / "go"
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.e2e.writer_process"])
        authors = [f"Writer {i}" for i in range(WRITERS)]
        with context.Pool(WRITERS) as pool:
            pending = pool.starmap_async(
                write_notes, [(url, event_id, a, NOTES_EACH, 0, str(go)) for a in authors]
            )
            time.sleep(0.5)  # every worker opens the workspace, then all start at once
            go.touch()
            results = pending.get(timeout=300)
        assert [failures for _saved, failures in results] == [[]] * WRITERS
        assert [saved for saved, _failures in results] == [NOTES_EACH] * WRITERS
        with open_workspace(url) as ws, ws.reading() as db:
            rows = db.execute(
                select(m.Note.author, m.Note.text).where(m.Note.author.in_(authors))
            ).all()
            total = db.scalar(select(func.count()).select_from(m.Note))
        expected = {(a, f"{a} note {i}") for a in authors for i in range(NOTES_EACH)}
        assert len(rows) == WRITERS * NOTES_EACH  # none twice
        assert set(map(tuple, rows)) == expected  # none lost
        assert total == before + WRITERS * NOTES_EACH
