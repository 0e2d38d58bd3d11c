"""Load: notes/second and p99 commit latency for 1, 4 and 8 writer processes.

Each writer is its own process with its own connection, saving notes through
the capture service (``capture.add_note``: one transaction each, as Enter in
capture mode does) into one event, as fast as it can. On SQLite they share
one file (WAL, synchronous=FULL, writers take turns); on PostgreSQL they
share one schema on the local server (a fresh one, dropped afterwards), and
every commit is also announced with NOTIFY for the live updates.

    .venv/bin/python benchmarks/load.py [--notes 200] [--writers 1 4 8] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.store import open_workspace

SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"


def _writer(url: str, event_id: str, notes: int, number: int, ready: Any) -> list[float]:
    ws = open_workspace(url)
    try:
        ready.wait()  # every writer connected: the clock starts
        latencies = []
        for i in range(notes):
            began = time.perf_counter()
            capture.add_note(
                ws, event_id, kind="observation", text=f"Note {i} of writer {number}",
                author=f"Writer {number}",
            )  # fmt: skip
            latencies.append(time.perf_counter() - began)
        return latencies
    finally:
        ws.close()


@dataclass(frozen=True)
class Result:
    backend: str
    writers: int
    notes: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.notes / self.seconds

    def percentile(self, pct: float) -> float:
        ordered = sorted(self.latencies)
        k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
        return ordered[k] * 1000


def _run(backend: str, url: str, writers: int, notes: int) -> Result:
    with open_workspace(url) as ws, ws.transaction() as db:
        event = m.Event(title="Load", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2))
        db.add(event)
        db.flush()
        event_id = event.id
    context = mp.get_context("spawn")  # a fresh interpreter each: no shared engine
    with context.Manager() as manager:
        ready = manager.Barrier(writers + 1)
        with context.Pool(writers) as pool:
            pending = [
                pool.apply_async(_writer, (url, event_id, notes, n, ready)) for n in range(writers)
            ]
            ready.wait()
            began = time.perf_counter()
            latencies = [lat for job in pending for lat in job.get()]
            seconds = time.perf_counter() - began
    with open_workspace(url) as ws:
        saved = len(capture.list_notes(ws, event_id, all_sessions=True))
    assert saved == writers * notes, f"{saved} notes saved of {writers * notes}"
    return Result(backend, writers, writers * notes, seconds, latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200, help="notes per writer")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument(
        "--backend", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    args = parser.parse_args()
    results = []
    for backend in args.backend:
        for writers in args.writers:
            if backend == "sqlite":
                with tempfile.TemporaryDirectory() as tmp:
                    url = str(Path(tmp) / "load.sqlite3")
                    results.append(_run(backend, url, writers, args.notes))
            else:
                schema = f"wp_load_{uuid.uuid4().hex[:12]}"
                admin = create_engine(SERVER)
                with admin.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                try:
                    url = f"{SERVER}?options=-csearch_path%3D{schema}"
                    results.append(_run(backend, url, writers, args.notes))
                finally:
                    with admin.begin() as conn:
                        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                    admin.dispose()
    print(f"{'backend':<11}{'writers':>8}{'notes':>8}{'notes/s':>10}"
          f"{'median ms':>11}{'p99 ms':>9}{'max ms':>9}")  # fmt: skip
    for r in results:
        median = statistics.median(r.latencies) * 1000
        print(
            f"{r.backend:<11}{r.writers:>8}{r.notes:>8}{r.rate:>10.0f}"
            f"{median:>11.1f}{r.percentile(99):>9.1f}{max(r.latencies) * 1000:>9.1f}"
        )


if __name__ == "__main__":
    main()
