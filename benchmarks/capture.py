"""Capture mode: time from Enter to the note being committed.

Drives the real CaptureView offscreen: the text is put in the text box, then a
real Enter key (QTest.keyClick) runs the save — hashtag parsing, the service's
insert and draft clear in one SQLite transaction (WAL, synchronous=FULL), the
list model update and the undo command. Also times the bare service call and a
draft write (what the debounce timer runs while typing).

    .venv/bin/python benchmarks/capture.py [--notes 1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKSHOP_PLANNER_AUTHOR", "Benchmark")

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.store import Workspace, open_workspace
from workshop_planner.ui.capture.view import CaptureView
from workshop_planner.ui.operations import Operations


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def _report(label: str, samples: list[float]) -> None:
    ms = [s * 1000 for s in samples]
    print(
        f"{label:<44} n={len(ms):>5}  median {statistics.median(ms):7.2f} ms   "
        f"p99 {_percentile(ms, 99):7.2f} ms   max {max(ms):7.2f} ms"
    )


def _make_event(ws: Workspace) -> tuple[str, str]:
    with ws.transaction() as db:
        event = m.Event(
            title="Benchmark convening",
            start_date=date(2023, 6, 15),
            end_date=date(2023, 6, 16),
            timezone="Europe/Berlin",
        )
        db.add(event)
        db.flush()
        session = m.Session(
            event_id=event.id,
            title="Panel",
            start=datetime(2023, 6, 15, 10),
            end=datetime(2023, 6, 15, 11),
        )
        db.add(session)
        for i, title in enumerate(("Mayoral Leadership", "Climate Resilience"), start=1):
            db.add(m.Theme(event_id=event.id, title=title, position=i))
        db.flush()
        return event.id, session.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "bench.sqlite3")
        event_id, session_id = _make_event(ws)
        view = CaptureView(Operations(ws, QUndoStack()))
        view.resize(1000, 760)
        view.show()
        view.set_event(event_id)
        app.processEvents()

        enter: list[float] = []
        for i in range(args.notes):
            view.editor.setPlainText(f"Note {i}: mayors act first when policy stalls #leadership")
            start = time.perf_counter()
            QTest.keyClick(view.editor, Qt.Key.Key_Return)
            enter.append(time.perf_counter() - start)
            if view.editor.toPlainText():
                raise SystemExit(f"note {i} was not saved")
            app.processEvents()
        saved = len(capture.list_notes(ws, event_id, session_id=session_id))
        assert saved == args.notes, saved

        service: list[float] = []
        for i in range(args.notes):
            start = time.perf_counter()
            capture.add_note(
                ws, event_id, kind="observation", text=f"Service note {i}", author="Benchmark",
                session_id=session_id,
            )  # fmt: skip
            service.append(time.perf_counter() - start)

        draft: list[float] = []
        for i in range(args.notes):
            start = time.perf_counter()
            capture.save_draft(ws, event_id, "Benchmark", session_id, "observation", "x" * i)
            draft.append(time.perf_counter() - start)

        print(f"Capture benchmark ({args.notes} notes, SQLite WAL + synchronous=FULL)")
        _report("Enter → note committed (real CaptureView)", enter)
        _report("services.capture.add_note alone", service)
        _report("services.capture.save_draft (debounced)", draft)
        median_ms = statistics.median(enter) * 1000
        verdict = "meets" if median_ms < 20 else "MISSES"
        print(f"target: median under 20 ms — {verdict} ({median_ms:.2f} ms)")
        view.close()
        ws.close()


if __name__ == "__main__":
    main()
