"""Finding and listing events.

Listing and finding read the ``events`` table as plain rows (SQLAlchemy Core):
``workshop-planner events`` and the window's sidebar need neither the domain
model mapping nor an ORM query compiled; deleting goes through the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Boolean, Date, String, column, delete, func, select, table

from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

#: the columns of ``events`` these read (the table is ``domain.models.Event``'s)
EVENTS = table(
    "events",
    column("id", String),
    column("title", String),
    column("series", String),
    column("start_date", Date),
    column("end_date", Date),
    column("archived", Boolean),
)


@dataclass(frozen=True)
class EventSummary:
    id: str
    title: str
    series: str | None
    start_date: date
    end_date: date
    archived: bool


def list_events(workspace: Workspace, *, include_archived: bool = True) -> list[EventSummary]:
    """Events, most recent first."""
    e = EVENTS.c
    query = select(e.id, e.title, e.series, e.start_date, e.end_date, e.archived).order_by(
        e.start_date.desc(), e.title
    )
    if not include_archived:
        query = query.where(e.archived.is_(False))
    with workspace.reading() as db:
        return [EventSummary(*row) for row in db.execute(query)]


def delete_event(workspace: Workspace, event_id: str) -> EventSummary:
    """Remove the event with exactly this id and everything in it; returns what it was.

    Whatever the event holds (even dates no edit could give it now) it can go.
    """
    from workshop_planner.domain.models import Event

    with workspace.transaction() as db:
        event = db.get(Event, event_id.strip())
        if event is None:
            raise NotFoundError(
                f"No event has the id “{event_id.strip()}”; `workshop-planner events` lists them."
            )
        e = event
        summary = EventSummary(e.id, e.title, e.series, e.start_date, e.end_date, e.archived)
        # one statement; the database's ON DELETE CASCADE removes what the event holds
        # (the ORM would load every note first, and delete some rows twice)
        db.execute(delete(Event).where(Event.id == event.id))
    return summary


def find_event_id(workspace: Workspace, key: str) -> str:
    """The id of the event whose id is ``key`` or whose title matches it unambiguously.

    A title matches exactly (ignoring case) or, failing that, as a substring.
    """
    key = key.strip()
    if not key:
        raise ServiceError("Name an event by its id or title.")
    e = EVENTS.c
    with workspace.reading() as db:
        if db.execute(select(e.id).where(e.id == key)).first() is not None:
            return key
        exact = list(db.execute(select(e.id, e.title).where(func.lower(e.title) == key.lower())))
        matches = exact or [
            row
            for row in db.execute(select(e.id, e.title))
            if key.casefold() in row.title.casefold()
        ]
    if not matches:
        raise NotFoundError(
            f"No event has the id or title “{key}”; `workshop-planner events` lists them."
        )
    if len(matches) > 1:
        titles = "; ".join(f"{row.title} ({row.id})" for row in matches[:5])
        raise ServiceError(
            f"“{key}” matches {len(matches)} events ({titles}); give its id instead."
        )
    return str(matches[0].id)
