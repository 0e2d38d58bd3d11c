"""How long the window's event loop stalls while the Report page renders a large preview.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/preview_stall.py [--copies 20]``.
Prints figures; asserts nothing.

The large event is the sample event with its notes copied ``--copies`` times
(all featured, so all print) and its sessions copied a few times (so the
programme grows too). The Report page renders it as the app does (a thread
builds the context, a render process lays it out); a 10 ms QTimer records
its ticks from the edit (which schedules the preview) until the PDF is shown
and painted. The longest gap between two ticks is the longest stall (target:
≤ 50 ms; issue 14 measured up to 0.6 s with WeasyPrint on a thread). The
same timer with nothing rendering gives the machine's own noise.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from workshop_planner.resources import sample_bundle_path
from workshop_planner.services.bundle import import_bundle
from workshop_planner.store import open_workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.report.page import ReportView

_NS = uuid.UUID("0b7f5d3e-8a51-4c1e-9d7a-2f4e6b1c3a90")


def large_event_bundle(copies: int, session_copies: int = 4) -> dict[str, Any]:
    """The sample bundle with its notes copied ``copies`` times, sessions ``session_copies``."""
    bundle: dict[str, Any] = json.loads(sample_bundle_path().read_text(encoding="utf-8"))
    bundle["event"]["title"] += " (large)"
    sessions = []
    for n in range(session_copies):
        for session in bundle["sessions"]:
            s = copy.deepcopy(session)
            if n:
                s["id"] = str(uuid.uuid5(_NS, f"session/{n}/{session['id']}"))
                s["title"] = f"{session['title']} ({n + 1})"
                s["field_visit"] = None
                s["people"] = []
            sessions.append(s)
    bundle["sessions"] = sessions
    notes = []
    for n in range(copies):
        for note in bundle["notes"]:
            c = copy.deepcopy(note)
            if n:
                c["id"] = str(uuid.uuid5(_NS, f"note/{n}/{note['id']}"))
                c["position"] = note.get("position", 0) + n * 1000
            c["featured"] = True
            notes.append(c)
    bundle["notes"] = notes
    return bundle


def _gaps(app: QApplication, go_on: Callable[[float], bool]) -> list[tuple[float, float]]:
    """(when, gap) between the ticks of a 10 ms timer while ``go_on(elapsed)``."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    while go_on(time.perf_counter() - start):
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return [(a, b - a) for a, b in itertools.pairwise(ticks)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the sample's notes")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)

    with tempfile.TemporaryDirectory() as tmp, open_workspace(Path(tmp) / "big.sqlite3") as ws:
        started = time.perf_counter()
        event_id = import_bundle(ws, large_event_bundle(args.copies)).event_id
        took = time.perf_counter() - started
        print(f"Large event: {args.copies}× the sample's notes (imported in {took:.1f} s)")
        stack = QUndoStack()
        view = ReportView(Operations(ws, stack))
        view.resize(1300, 800)
        view.show()
        view.set_event(event_id)
        view.renderer.cancel()  # nothing renders before the measurement

        finished: list[float] = []
        failures: list[str] = []
        view.rendered.connect(lambda _path: finished.append(time.perf_counter()))
        view.renderFailed.connect(failures.append)

        # the machine's own noise: the same timer while nothing renders
        idle = _gaps(app, lambda elapsed: elapsed < 3.0)
        # as an edit does: schedule (the render process starts), render after the pause
        begin = time.perf_counter()
        view.renderer.schedule()
        busy = _gaps(
            app,
            lambda elapsed: (
                (not finished and not failures and elapsed < 300)
                or (bool(finished) and time.perf_counter() - finished[0] < 0.5)
            ),
        )
        view.renderer.cancel()
        if failures:
            print(f"The preview failed: {failures[0]}")
            return 1
        pages = view.document.pageCount()
        print(f"Preview: {pages} pages, shown {finished[0] - begin:.2f} s after the edit")
        print(f"  ticks while rendering and showing: {len(busy)}")
        print(f"  longest gap between 10 ms ticks: {max(g for _, g in busy) * 1000:6.1f} ms")
        median = statistics.median(g for _, g in busy)
        print(f"  median gap:                      {median * 1000:6.1f} ms")
        print(f"  gaps over 50 ms: {sum(g > 0.05 for _, g in busy)}  (target: longest ≤ 50 ms)")
        print(
            f"  idle, nothing rendering (3 s):   {max(g for _, g in idle) * 1000:6.1f} ms longest"
        )
        for at, gap in busy:
            if gap > 0.03:
                print(f"    {gap * 1000:5.0f} ms gap at {at - begin:6.2f} s after the edit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
