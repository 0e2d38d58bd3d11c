"""Issue 14's table: our time beside a floor or a peer, at the sizes real networks reach.

Builds the three workspaces of ``scale_data`` (sample, medium, big; cached after
the first run) and prints, for each measure, the median of ours, the median of
its floor or peer, and the median of the per-pair ratios. Ours and the floor
run in alternating pairs (ours first, then the floor first), so a burst of load
from another process hits both alike. Figures are printed, never asserted.

Usage: python benchmarks/scale.py [--quick] [--repeats N] [--only NAME ...]
Names: import, merge, export, context, context-cold, events, version, report, report-process,
report-sample, report-sample-process.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import scale_data

from workshop_planner.report import build_context, export_report
from workshop_planner.services.bundle import (
    dumps,
    export_bundle_file,
    import_bundle,
    load_sample_event,
)
from workshop_planner.store import Workspace, open_workspace
from workshop_planner.store.workspace import BUSY_TIMEOUT_S

#: the issue's targets: ours ≤ this many times the floor
TARGETS = {
    "import": 4.0,
    "merge": 1.5,
    "export": 3.0,
    "events": 1.5,
    "version": 3.0,
    "report": 1.15,
    "report-process": 1.15,
    "report-sample": 1.15,
    "report-sample-process": 1.15,
}

Timed = Callable[[], float]


@dataclass
class Measure:
    name: str
    what: str
    peer: str
    #: one pair of timed runs, (ours, floor); ``True``: ours runs first
    pair: Callable[[bool], tuple[float, float]]


def alternating(ours: Timed, floor: Timed) -> Callable[[bool], tuple[float, float]]:
    """A pair of independent runs; each sets itself up outside its clock."""

    def pair(ours_first: bool) -> tuple[float, float]:
        if ours_first:
            o = ours()
            return o, floor()
        f = floor()
        return ours(), f

    return pair


@dataclass
class Result:
    ours: float
    floor: float
    ratio: float


def clock(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run_process(*argv: str | Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(a) for a in argv], check=True, capture_output=True)
    return time.perf_counter() - start


def timed_inside(code: str, *args: str | Path) -> float:
    """Seconds a fresh interpreter spends on ``code`` (it prints them), imports excluded."""
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], check=True, capture_output=True, text=True
    )
    return float(done.stdout.split()[-1])


#: the first context a process builds: it compiles the mention watchlist first
_COLD_CONTEXT = """
import sys, time
from workshop_planner.report import build_context
from workshop_planner.store import open_workspace
with open_workspace(sys.argv[1]) as ws:
    start = time.perf_counter()
    build_context(ws, sys.argv[2])
    print(time.perf_counter() - start)
"""


def measure(m: Measure, pairs: int) -> Result:
    runs = [m.pair(i % 2 == 0) for i in range(pairs)]
    ours = [o for o, _ in runs]
    floors = [f for _, f in runs]
    ratios = [o / f for o, f in runs]
    return Result(statistics.median(ours), statistics.median(floors), statistics.median(ratios))


# --- the workspaces and the data the measures share -------------------------------------


class Bench:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runs = folder / "runs"
        self.runs.mkdir(parents=True, exist_ok=True)
        self._count = 0

    def path(self, suffix: str) -> Path:
        self._count += 1
        return self.runs / f"run{self._count}{suffix}"

    @cached_property
    def big(self) -> Path:
        return scale_data.build("big", self.folder)

    @cached_property
    def big_workspace(self) -> Workspace:
        """The big workspace, open, after one export (as after the app's first)."""
        ws = open_workspace(self.big)
        export_bundle_file(ws, scale_data.big_event_id(), self.path(".json"))
        return ws

    @cached_property
    def sample(self) -> Path:
        return scale_data.build("sample", self.folder)

    @cached_property
    def sample_id(self) -> str:
        with open_workspace(self.sample) as ws:
            return load_sample_event(ws).event_id

    @cached_property
    def empty(self) -> Path:
        """An empty workspace at the current schema, copied for each import."""
        path = self.folder / "empty.sqlite3"
        path.unlink(missing_ok=True)
        open_workspace(path).close()
        return path

    @contextmanager
    def fresh(self) -> Iterator[Workspace]:
        """A new empty workspace (copied, outside any clock)."""
        target = self.path(".sqlite3")
        shutil.copyfile(self.empty, target)
        with open_workspace(target) as ws:
            yield ws
        for leftover in target.parent.glob(target.name + "*"):
            leftover.unlink()

    @cached_property
    def big_bundle(self) -> dict[str, Any]:
        return scale_data.big_event_bundle()

    @cached_property
    def merge_bundle(self) -> dict[str, Any]:
        return scale_data.merge_event_bundle()

    @cached_property
    def merge_newer(self) -> dict[str, Any]:
        return scale_data.newer_notes(self.merge_bundle)

    @cached_property
    def big_rows(self) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
        """Every row an import of the big event writes, as SQLite holds them."""
        with self.fresh() as ws:
            import_bundle(ws, self.big_bundle)
            assert ws.url.database is not None
            conn = sqlite3.connect(ws.url.database)
            try:
                return _all_rows(conn)
            finally:
                conn.close()

    def html_page(self, workspace: Path, event_id: str) -> Path:
        page = self.folder / f"{workspace.stem}-report.html"
        if not page.exists():
            with open_workspace(workspace) as ws:
                export_report(ws, event_id, page, fmt="html")
        return page


def _all_rows(conn: sqlite3.Connection) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'"
        )
    ]
    out = {}
    for table in tables:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        if rows:
            out[table] = (columns, rows)
    return out


def raw_insert(path: Path, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> float:
    """The floor: the same rows with sqlite3's executemany, one transaction, our pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        start = time.perf_counter()
        conn.execute("BEGIN")
        for table in _insert_order(conn, list(rows)):
            columns, values = rows[table]
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
        conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()


def _insert_order(conn: sqlite3.Connection, tables: list[str]) -> list[str]:
    """Parents before children, as the foreign keys require."""
    parents = {
        t: {row[2] for row in conn.execute(f'PRAGMA foreign_key_list("{t}")')} & set(tables)
        for t in tables
    }
    order: list[str] = []
    while len(order) < len(tables):
        for t in tables:
            if t not in order and parents[t] - {t} <= set(order):
                order.append(t)
    return order


# --- the measures ------------------------------------------------------------------------


def measures(bench: Bench) -> list[Measure]:
    cli = Path(sys.executable).with_name("workshop-planner")
    python = sys.executable
    big_id = scale_data.big_event_id()

    def import_ours() -> float:
        with bench.fresh() as ws:
            return clock(lambda: import_bundle(ws, bench.big_bundle))

    def import_floor() -> float:
        rows = bench.big_rows
        target = bench.path(".sqlite3")
        shutil.copyfile(bench.empty, target)
        return raw_insert(target, rows)

    def merge_pair(_ours_first: bool) -> tuple[float, float]:
        # ours is a merge into what the floor (the first import) wrote
        with bench.fresh() as ws:
            first = clock(lambda: import_bundle(ws, bench.merge_bundle))
            return clock(lambda: import_bundle(ws, bench.merge_newer)), first

    def export_ours() -> float:
        # the workspace stays open, as in the app (its statements compiled once)
        ws = bench.big_workspace
        return clock(lambda: export_bundle_file(ws, big_id, bench.path(".json")))

    def export_floor() -> float:
        text = dumps(bench.big_bundle)
        return clock(lambda: dumps(json.loads(text)))

    def context(workspace: Path, event_id: str) -> float:
        with open_workspace(workspace) as ws:
            build_context(ws, event_id)  # the first build compiles the mention watchlist
            return clock(lambda: build_context(ws, event_id))

    def cold_context(workspace: Path, event_id: str) -> float:
        return timed_inside(_COLD_CONTEXT, workspace, event_id)

    def report_in_process(workspace: Path, event_id: str) -> float:
        with open_workspace(workspace) as ws:
            return clock(lambda: export_report(ws, event_id, bench.path(".pdf")))

    def weasyprint_in_process(workspace: Path, event_id: str) -> float:
        from weasyprint import HTML

        page = bench.html_page(workspace, event_id)
        return clock(lambda: HTML(filename=str(page)).write_pdf(pdf_tags=True))

    def report_process(workspace: Path, event_id: str) -> float:
        return run_process(
            cli, "--workspace", workspace, "report", event_id, "-o", bench.path(".pdf")
        )

    def weasyprint_process(workspace: Path, event_id: str) -> float:
        page = bench.html_page(workspace, event_id)
        script = (
            "import sys; from weasyprint import HTML; "
            "HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], pdf_tags=True)"
        )
        return run_process(python, "-c", script, page, bench.path(".pdf"))

    return [
        Measure(
            "import",
            "import of the big event",
            "raw sqlite3 insert of the same rows",
            alternating(import_ours, import_floor),
        ),
        Measure(
            "merge",
            f"merge where every note is newer ({scale_data.MERGE_EVENT.notes:,} notes)",
            "its first import",
            merge_pair,
        ),
        Measure(
            "export",
            "export of the big event",
            "JSON round trip of the bundle",
            alternating(export_ours, export_floor),
        ),
        Measure(
            "context",
            "report context of the big event",
            "report context of the sample",
            alternating(
                lambda: context(bench.big, big_id),
                lambda: context(bench.sample, bench.sample_id),
            ),
        ),
        Measure(
            "context-cold",
            "report context of the big event, first in a process",
            "the same for the sample",
            alternating(
                lambda: cold_context(bench.big, big_id),
                lambda: cold_context(bench.sample, bench.sample_id),
            ),
        ),
        Measure(
            "events",
            "`workshop-planner events` (big workspace)",
            '`python -c "import sqlalchemy"`',
            alternating(
                lambda: run_process(cli, "--workspace", bench.big, "events"),
                lambda: run_process(python, "-c", "import sqlalchemy"),
            ),
        ),
        Measure(
            "version",
            "`workshop-planner --version`",
            "`python -c pass`",
            alternating(
                lambda: run_process(cli, "--version"),
                lambda: run_process(python, "-c", "pass"),
            ),
        ),
        Measure(
            "report",
            "report of the big event, in process",
            "WeasyPrint alone on the same HTML",
            alternating(
                lambda: report_in_process(bench.big, big_id),
                lambda: weasyprint_in_process(bench.big, big_id),
            ),
        ),
        Measure(
            "report-process",
            "report of the big event, whole process",
            "WeasyPrint alone, as a process",
            alternating(
                lambda: report_process(bench.big, big_id),
                lambda: weasyprint_process(bench.big, big_id),
            ),
        ),
        Measure(
            "report-sample",
            "report of the sample, in process",
            "WeasyPrint alone on the same HTML",
            alternating(
                lambda: report_in_process(bench.sample, bench.sample_id),
                lambda: weasyprint_in_process(bench.sample, bench.sample_id),
            ),
        ),
        Measure(
            "report-sample-process",
            "report of the sample, whole process",
            "WeasyPrint alone, as a process",
            alternating(
                lambda: report_process(bench.sample, bench.sample_id),
                lambda: weasyprint_process(bench.sample, bench.sample_id),
            ),
        ),
    ]


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two pairs per measure")
    parser.add_argument("--repeats", type=int, default=3, help="pairs per measure (default 3)")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only these")
    parser.add_argument("--folder", type=Path, help="where the workspaces go (default: temp)")
    args = parser.parse_args()
    pairs = 2 if args.quick else args.repeats
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(args.folder or Path(tmp))
        chosen = [m for m in measures(bench) if not args.only or m.name in args.only]
        unknown = set(args.only or ()) - {m.name for m in measures(bench)}
        if unknown:
            parser.error(f"unknown measure {', '.join(sorted(unknown))}")
        print("| what | ours | floor or peer | ratio | target |")
        print("| --- | --- | --- | --- | --- |")
        for m in chosen:
            r = measure(m, pairs)
            target = f"≤ {TARGETS[m.name]}×" if m.name in TARGETS else "—"
            print(
                f"| {m.what} | {_seconds(r.ours)} | {m.peer} {_seconds(r.floor)} "
                f"| {r.ratio:.2f}× | {target} |",
                flush=True,
            )
        if "big_workspace" in vars(bench):
            bench.big_workspace.close()
        shutil.rmtree(bench.runs, ignore_errors=True)


if __name__ == "__main__":
    main()
