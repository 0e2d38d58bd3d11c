"""How long the agenda takes to find conflicts and to show a big agenda.

Run: ``.venv/bin/python benchmarks/agenda.py``. Prints timings; asserts nothing.

1. The pure conflict rules over synthetic agendas of growing size (sessions
   with several people each, a shared set of rooms, some field visits).
2. The agenda service on a real SQLite workspace: load every session with its
   people and compute the conflicts (what the Agenda page does on each edit).
3. The time grid painting that agenda offscreen.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workshop_planner.domain import models as m
from workshop_planner.domain.conflicts import SessionSlot, find_conflicts
from workshop_planner.services import agenda
from workshop_planner.store import open_workspace
from workshop_planner.ui.operations import Operations

START = date(2023, 6, 15)
DAYS = 5
ROOMS = [f"Room {i}" for i in range(12)]


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    """Median milliseconds of ``repeat`` runs, and the last result."""
    times = []
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def synthetic_slots(n_sessions: int, n_people: int, rng: random.Random) -> list[SessionSlot]:
    slots = []
    for i in range(n_sessions):
        day = START + timedelta(days=rng.randrange(DAYS))
        start = datetime.combine(day, datetime.min.time()) + timedelta(
            minutes=15 * rng.randrange(8 * 4, 18 * 4)
        )
        end = start + timedelta(minutes=15 * rng.choice([2, 3, 4, 6, 8]))
        people = frozenset(f"p{rng.randrange(n_people)}" for _ in range(rng.randint(1, 5)))
        visit = rng.random() < 0.05
        slots.append(
            SessionSlot(
                id=f"s{i}",
                title=f"Session {i}",
                start=start,
                end=end,
                location=rng.choice(ROOMS) if rng.random() < 0.8 else None,
                people=people,
                capacity=20 if visit else None,
                attendee_count=rng.randint(10, 25) if visit else 0,
            )
        )
    return slots


def bench_domain() -> None:
    print("Conflict rules (pure functions), median of 5 runs")
    rng = random.Random(7)
    for n_sessions, n_people in ((50, 100), (200, 400), (1_000, 1_000), (5_000, 5_000)):
        slots = synthetic_slots(n_sessions, n_people, rng)
        ms, found = timed(
            lambda slots=slots: find_conflicts(slots, START, START + timedelta(days=DAYS - 1))
        )
        assert isinstance(found, list)
        print(
            f"  {n_sessions:>6} sessions, {n_people:>5} people: {ms:8.2f} ms "
            f"({len(found)} conflicts)"
        )


def bench_service_and_grid() -> None:
    rng = random.Random(11)
    n_sessions, n_people = 300, 400
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "bench.sqlite3")
        with ws.transaction() as db:
            event = m.Event(
                title="Benchmark",
                start_date=START,
                end_date=START + timedelta(days=DAYS - 1),
                timezone="Europe/Berlin",
            )
            db.add(event)
            people = [m.Person(full_name=f"Person {i}") for i in range(n_people)]
            db.add_all(people)
            db.flush()
            for slot in synthetic_slots(n_sessions, n_people, rng):
                session = m.Session(
                    event_id=event.id,
                    title=slot.title,
                    kind="panel",
                    start=slot.start,
                    end=slot.end,
                    location=slot.location,
                )
                session.people = [
                    m.SessionPerson(person_id=people[int(p[1:])].id, role="speaker", position=i)
                    for i, p in enumerate(sorted(slot.people))
                ]
                db.add(session)
            event_id = event.id
        print(f"\nAgenda service on SQLite ({n_sessions} sessions, {n_people} people)")
        ms, _ = timed(lambda: agenda.list_sessions(ws, event_id))
        print(f"  list_sessions:          {ms:8.2f} ms")
        ms, conflicts = timed(lambda: agenda.agenda_conflicts(ws, event_id))
        assert isinstance(conflicts, list)
        print(f"  agenda_conflicts:       {ms:8.2f} ms ({len(conflicts)} conflicts)")
        first = agenda.list_sessions(ws, event_id)[0]
        ms, _ = timed(
            lambda: agenda.move_session(
                ws, first.id, first.start, first.end + timedelta(minutes=15)
            )
        )
        print(f"  move_session (1 txn):   {ms:8.2f} ms")

        from PySide6.QtGui import QUndoStack
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv)
        from workshop_planner.ui.agenda.view import AgendaView

        stack = QUndoStack()
        view = AgendaView(Operations(ws, stack))
        view.resize(1400, 900)
        view.show()
        ms, _ = timed(lambda: view.set_event(event_id), repeat=3)
        print(f"  AgendaView.set_event:   {ms:8.2f} ms (load, conflicts, models)")
        ms, _ = timed(lambda: view.grid.viewport().grab(), repeat=5)
        print(f"  paint the time grid:    {ms:8.2f} ms")
        view.close()
        view.deleteLater()
        app.processEvents()
        ws.close()


if __name__ == "__main__":
    bench_domain()
    bench_service_and_grid()
