"""The report context reads what prints: its queries do not grow with the event's notes.

A big event has thousands of notes and participants and prints a few hundred
featured notes and a handful of counts; building its context must not load
the rest, nor query once per note or participant.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, select

from workshop_planner.domain import models as m
from workshop_planner.report.context import build_context
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import Workspace


@contextmanager
def statements(workspace: Workspace) -> Iterator[list[str]]:
    """Every SQL statement sent to the database inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(workspace.engine, "before_cursor_execute", record)


def grow(ws: Workspace, event_id: str, notes: int, people: int) -> None:
    """More of what a big event has: notes (a few featured, with details), attendees."""
    start = datetime(2023, 6, 15, 9, 0, tzinfo=UTC)
    with ws.transaction() as db:
        theme_id = db.scalars(select(m.Theme.id).where(m.Theme.event_id == event_id)).first()
        assert theme_id is not None
        org = m.Organisation(name="City of Lyon", sector="local_government", city="Lyon")
        db.add(org)
        for i in range(people):
            person = m.Person(full_name=f"Attendee {i}", country="FR", organisation=org)
            db.add(person)
            db.add(m.Participant(event_id=event_id, person=person, attendance="attended"))
        for i in range(notes):
            note = m.Note(
                event_id=event_id,
                kind="quote" if i % 3 == 0 else "example",
                text=f"Said in the hall, number {i}.",
                captured_at=start + timedelta(minutes=i),
                featured=i % 10 == 0,
                position=i,
            )
            note.theme_links = [m.NoteTheme(theme_id=theme_id)]
            if note.kind == "quote":
                note.quote = m.QuoteDetails(name=f"Speaker {i}", attribution="named")
            else:
                note.example = m.CityExample(label=f"Example {i}", city="Lyon", country="FR")
            db.add(note)


def test_the_context_takes_as_many_queries_for_a_big_event_as_for_the_sample(
    workspace: Workspace,
) -> None:
    event_id = load_sample_event(workspace).event_id
    build_context(workspace, event_id)  # the mention watchlist is compiled once
    with statements(workspace) as sample:
        before = build_context(workspace, event_id)

    grow(workspace, event_id, notes=1200, people=400)
    with statements(workspace) as big:
        after = build_context(workspace, event_id)

    assert len(big) == len(sample), "\n".join(big)
    # notes are only read featured; what was added prints where it belongs
    read_notes = [s for s in big if "FROM notes" in s]
    assert read_notes
    assert all("featured" in s for s in read_notes), read_notes
    assert sum(len(t.examples) for t in after.themes) > sum(len(t.examples) for t in before.themes)
    assert after.summary.opening != before.summary.opening  # 400 more attended
