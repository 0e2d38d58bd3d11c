"""Typing in the participants filter with 5,000 people and 1,000 participants.

Run: ``.venv/bin/python benchmarks/participants_filter.py``. Prints the time
per keystroke (the filter box's textChanged → proxy refilter → view update),
plus the time to load the event's participants. Target: under 30 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from workshop_planner.domain import models as m
from workshop_planner.domain.types import new_id
from workshop_planner.store import open_workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.participants.view import ParticipantsView

PEOPLE = 5_000
PARTICIPANTS = 1_000
CITIES = ["Berlin", "Lyon", "Toronto", "Gdańsk", "Boston", "Budapest", "Edmonton", "Oslo"]
COUNTRIES = ["DE", "FR", "CA", "PL", "US", "HU", "CA", "NO"]
SECTORS = ["local_government", "civil_society", "research", "international", "donor"]
ROLES = ["participant", "speaker", "moderator", "panelist", "observer"]
ATTENDANCE = ["invited", "registered", "confirmed", "attended", "declined"]
QUERIES = ["city of lyon", "speaker", "canada confirmed", "zzz", "person 12"]


def populate(path: Path) -> str:
    ws = open_workspace(path)
    with ws.transaction() as db:
        event = m.Event(
            id=new_id(), title="Benchmark", start_date=date(2025, 1, 1), end_date=date(2025, 1, 2)
        )
        db.add(event)
        orgs = []
        for i in range(200):
            org = m.Organisation(
                id=new_id(),
                name=f"City of {CITIES[i % len(CITIES)]} {i}",
                sector=SECTORS[i % len(SECTORS)],
            )
            orgs.append(org)
            db.add(org)
        for i in range(PEOPLE):
            person = m.Person(
                id=new_id(),
                full_name=f"Person {i}",
                job_title="Officer",
                organisation_id=orgs[i % len(orgs)].id,
                city=CITIES[i % len(CITIES)],
                country=COUNTRIES[i % len(COUNTRIES)],
                email=f"person{i}@example.org",
            )
            db.add(person)
            if i < PARTICIPANTS:
                db.add(
                    m.Participant(
                        id=new_id(),
                        event_id=event.id,
                        person_id=person.id,
                        roles=[ROLES[i % len(ROLES)]],
                        attendance=ATTENDANCE[i % len(ATTENDANCE)],
                    )
                )
        event_id = event.id
    ws.close()
    return event_id


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        event_id = populate(path)
        ws = open_workspace(path)
        stack = QUndoStack()
        view = ParticipantsView(Operations(ws, stack))
        view.resize(1300, 800)
        view.show()
        app.processEvents()
        loads: list[float] = []
        paints: list[float] = []
        for other in (None, event_id) * 3:
            started = time.perf_counter()
            view.set_event(other)
            if other is not None:
                loaded = time.perf_counter()
                app.processEvents()  # lays out and paints the table
                loads.append((loaded - started) * 1000)
                paints.append((time.perf_counter() - loaded) * 1000)
            app.processEvents()
        print(f"{PEOPLE} people, {view.model.rowCount()} participants in the event")
        print(
            f"load participants into the table (query + model, GUI thread): "
            f"median {statistics.median(loads):.1f} ms, first {loads[0]:.1f} ms; "
            f"then layout and paint: median {statistics.median(paints):.1f} ms"
        )
        timings: list[float] = []
        for query in QUERIES:
            view.filter_edit.clear()
            app.processEvents()
            for char in query:
                started = time.perf_counter()
                QTest.keyClicks(view.filter_edit, char)
                app.processEvents()
                timings.append((time.perf_counter() - started) * 1000)
            print(f"  “{query}”: {view.proxy.rowCount()} rows shown")
        started = time.perf_counter()
        view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        app.processEvents()
        sort_ms = (time.perf_counter() - started) * 1000
        print(
            f"per keystroke: mean {statistics.mean(timings):.1f} ms, "
            f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
            f"over {len(timings)} keystrokes (target < 30 ms)"
        )
        print(f"sort by organisation: {sort_ms:.1f} ms")
        view.close()
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
