"""Agenda use cases: sessions, their people, field visits and conflicts.

Every function that changes something is one transaction that commits when it
returns and stamps ``updated_at`` on what it touched. Reads return frozen
dataclasses, never ORM objects, so the GUI can keep them without a session.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import fields as fd
from workshop_planner.domain.conflicts import (
    Conflict,
    SessionSlot,
    find_conflicts,
    overlaps,
    update_conflicts,
)
from workshop_planner.domain.enums import SessionKind, SessionRole
from workshop_planner.domain.models import (
    Event,
    FieldVisit,
    FieldVisitAttendee,
    Note,
    Organisation,
    Participant,
    Person,
    SessionPerson,
)
from workshop_planner.domain.models import Session as AgendaSession
from workshop_planner.domain.rules import RuleViolation, check_session_times, event_days
from workshop_planner.domain.types import new_id
from workshop_planner.services.concurrency import (
    check_version,
    keep_version,
    locked,
    refusing_stale_writes,
)
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

#: The agenda's time grid: every start and end snaps to this many minutes.
SNAP_MINUTES = 15
#: Length of a session made with "New session" (N) when nothing else is known.
DEFAULT_DURATION = timedelta(minutes=60)
#: Title given to a session created by dragging over the grid.
NEW_SESSION_TITLE = "New session"


# --- plain data ----------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEvent:
    """What the agenda needs to know about its event."""

    id: str
    title: str
    start_date: date
    end_date: date
    timezone: str
    language: str
    venue_country: str | None

    @property
    def days(self) -> list[date]:
        return event_days(self.start_date, self.end_date)


@dataclass(frozen=True)
class PersonRef:
    person_id: str
    name: str
    organisation: str | None = None


@dataclass(frozen=True)
class SessionPersonInfo:
    person_id: str
    name: str
    role: str


@dataclass(frozen=True)
class FieldVisitData:
    """The extra details of a field visit, as edited."""

    site: str | None = None
    host_organisation: str | None = None
    address: str | None = None
    meeting_point: str | None = None
    transport: str | None = None
    capacity: int | None = None
    #: person ids, in order
    attendees: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionData:
    """Everything the session editor edits; create and update take it whole."""

    title: str
    kind: str
    start: datetime
    end: datetime
    location: str | None = None
    description: str | None = None
    #: (person id, role) in order of appearance
    people: tuple[tuple[str, str], ...] = ()
    #: required details when ``kind`` is ``field_visit``, ignored otherwise
    field_visit: FieldVisitData | None = None


@dataclass(frozen=True)
class FieldVisitInfo:
    site: str | None
    host_organisation: str | None
    address: str | None
    meeting_point: str | None
    transport: str | None
    capacity: int | None
    attendees: tuple[PersonRef, ...]

    def to_data(self) -> FieldVisitData:
        return FieldVisitData(
            **fd.values_of(self, fd.FIELD_VISIT.bundle),
            attendees=tuple(a.person_id for a in self.attendees),
        )


@dataclass(frozen=True)
class SessionInfo:
    id: str
    event_id: str
    title: str
    kind: str
    start: datetime
    end: datetime
    location: str | None
    description: str | None
    people: tuple[SessionPersonInfo, ...] = ()
    field_visit: FieldVisitInfo | None = None
    updated_at: datetime | None = None
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0

    def to_data(self) -> SessionData:
        return SessionData(
            **fd.values_of(self, fd.SESSION.bundle),
            people=tuple((p.person_id, p.role) for p in self.people),
            field_visit=self.field_visit.to_data() if self.field_visit else None,
        )

    @property
    def person_ids(self) -> frozenset[str]:
        ids = {p.person_id for p in self.people}
        if self.field_visit is not None:
            ids.update(a.person_id for a in self.field_visit.attendees)
        return frozenset(ids)


@dataclass(frozen=True)
class DeletedSession:
    """All a deleted session held, so :func:`restore_session` can bring it back."""

    id: str
    event_id: str
    data: SessionData
    #: notes that were captured in the session
    note_ids: tuple[str, ...] = field(default_factory=tuple)
    #: the row version it had (a restore keeps it: see :func:`keep_version`)
    version: int = 0


# --- reading -------------------------------------------------------------------


def get_agenda_event(workspace: Workspace, event_id: str) -> AgendaEvent:
    with workspace.reading() as db:
        event = _event(db, event_id)
        return AgendaEvent(
            event.id,
            event.title,
            event.start_date,
            event.end_date,
            event.timezone,
            event.language,
            event.venue_country,
        )


def _read_sessions(db: DbSession, *criteria: ColumnElement[bool]) -> list[SessionInfo]:
    """The sessions matching ``criteria`` with their people and field visits, in
    agenda order (start, end, title): four plain queries, no ORM objects, so a
    300-session agenda reads in a few milliseconds rather than a few hundred."""
    own = [n for n in fd.names_of(SessionInfo) if n not in ("people", "field_visit")]
    rows = db.execute(
        select(*(getattr(AgendaSession, n) for n in own))
        .where(*criteria)
        .order_by(AgendaSession.start, AgendaSession.end, AgendaSession.title)
    ).all()
    ids = [row.id for row in rows]
    people: dict[str, list[SessionPersonInfo]] = {}
    for sid, pid, name, role in db.execute(
        select(
            SessionPerson.session_id, SessionPerson.person_id, Person.full_name, SessionPerson.role
        )
        .join(Person, Person.id == SessionPerson.person_id)
        .where(SessionPerson.session_id.in_(ids))
        .order_by(SessionPerson.position)
    ):
        people.setdefault(sid, []).append(SessionPersonInfo(pid, name, role))
    attendees: dict[str, list[PersonRef]] = {}
    for sid, pid, name in db.execute(
        select(FieldVisitAttendee.session_id, FieldVisitAttendee.person_id, Person.full_name)
        .join(Person, Person.id == FieldVisitAttendee.person_id)
        .where(FieldVisitAttendee.session_id.in_(ids))
        .order_by(FieldVisitAttendee.position)
    ):
        attendees.setdefault(sid, []).append(PersonRef(pid, name))
    visit_fields = list(fd.FIELD_VISIT.bundle)
    visits = {
        visit.session_id: FieldVisitInfo(
            **fd.values_of(visit, visit_fields),
            attendees=tuple(attendees.get(visit.session_id, ())),
        )
        for visit in db.execute(
            select(FieldVisit.session_id, *(getattr(FieldVisit, n) for n in visit_fields)).where(
                FieldVisit.session_id.in_(ids)
            )
        )
    }
    return [
        fd.result_of(
            SessionInfo,
            row,
            people=tuple(people.get(row.id, ())),
            field_visit=visits.get(row.id),
        )
        for row in rows
    ]


def list_sessions(workspace: Workspace, event_id: str) -> list[SessionInfo]:
    """The event's sessions in agenda order (start, end, title)."""
    with workspace.reading() as db:
        _event(db, event_id)
        return _read_sessions(db, AgendaSession.event_id == event_id)


def get_sessions(
    workspace: Workspace, event_id: str, session_ids: Iterable[str]
) -> list[SessionInfo]:
    """Those of ``session_ids`` that are sessions of the event (a deleted one is left
    out), in agenda order: what an edit of a few sessions changed, in a few queries."""
    ids = sorted(set(session_ids))
    with workspace.reading() as db:
        _event(db, event_id)
        return _read_sessions(db, AgendaSession.event_id == event_id, AgendaSession.id.in_(ids))


def agenda_order(session: SessionInfo) -> tuple[datetime, datetime, str]:
    """The order :func:`list_sessions` gives sessions in."""
    return (session.start, session.end, session.title)


def get_session(workspace: Workspace, session_id: str) -> SessionInfo:
    with workspace.reading() as db:
        _session(db, session_id)
        return _read_sessions(db, AgendaSession.id == session_id)[0]


def list_participant_choices(workspace: Workspace, event_id: str) -> list[PersonRef]:
    """The event's participants (not declined ones last) for type-ahead, by name."""
    with workspace.reading() as db:
        _event(db, event_id)
        rows = db.execute(
            select(Person.id, Person.full_name, Organisation.name)
            .join(Participant, Participant.person_id == Person.id)
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .where(Participant.event_id == event_id)
            .order_by(Person.full_name)
        )
        return [PersonRef(pid, name, org) for pid, name, org in rows]


def list_locations(workspace: Workspace, event_id: str) -> list[str]:
    """Rooms and places already used in the event, for type-ahead."""
    with workspace.reading() as db:
        rows = db.scalars(
            select(AgendaSession.location)
            .where(AgendaSession.event_id == event_id, AgendaSession.location.is_not(None))
            .distinct()
        )
        return sorted({r.strip() for r in rows if r and r.strip()}, key=str.casefold)


# --- conflicts -------------------------------------------------------------------


def session_slots(sessions: Iterable[SessionInfo]) -> list[SessionSlot]:
    """The conflict rules' view of sessions."""
    slots = []
    for s in sessions:
        fv = s.field_visit
        slots.append(
            SessionSlot(
                id=s.id,
                title=s.title,
                start=s.start,
                end=s.end,
                location=s.location,
                people=s.person_ids,
                capacity=fv.capacity if fv is not None else None,
                attendee_count=len(fv.attendees) if fv is not None else 0,
            )
        )
    return slots


def _person_names(sessions: Iterable[SessionInfo]) -> dict[str, str]:
    names: dict[str, str] = {}
    for s in sessions:
        names.update((p.person_id, p.name) for p in s.people)
        if s.field_visit is not None:
            names.update((a.person_id, a.name) for a in s.field_visit.attendees)
    return names


def conflicts_for(event: AgendaEvent, sessions: Sequence[SessionInfo]) -> list[Conflict]:
    """The conflicts of sessions already loaded (no database access)."""
    return find_conflicts(
        session_slots(sessions), event.start_date, event.end_date, _person_names(sessions)
    )


def conflicts_after_change(
    event: AgendaEvent,
    sessions: Sequence[SessionInfo],
    previous: Iterable[Conflict],
    changed: Collection[str],
) -> list[Conflict]:
    """:func:`conflicts_for` after the ``changed`` sessions changed, from the
    ``previous`` conflicts: only the conflicts of the changed sessions are found again."""
    return update_conflicts(
        previous,
        session_slots(sessions),
        changed,
        event.start_date,
        event.end_date,
        _person_names(sessions),
    )


def agenda_conflicts(workspace: Workspace, event_id: str) -> list[Conflict]:
    """Every conflict in the event's agenda."""
    return conflicts_for(get_agenda_event(workspace, event_id), list_sessions(workspace, event_id))


# --- writing -------------------------------------------------------------------


def create_session(
    workspace: Workspace, event_id: str, data: SessionData, *, session_id: str | None = None
) -> SessionInfo:
    """Add a session; ``session_id`` lets redo bring back the same id."""
    with workspace.transaction() as db:
        event = _event(db, event_id)
        data = _validated(db, event, data)
        sid = session_id or new_id()
        if db.get(AgendaSession, sid) is not None:
            raise ServiceError("A session with this id already exists.")
        row = AgendaSession(id=sid, event_id=event_id)
        db.add(row)
        _apply(db, row, data)
        db.flush()
        return _info(row)


def update_session(
    workspace: Workspace,
    session_id: str,
    data: SessionData,
    *,
    base: SessionData | None = None,
    version: int | None = None,
) -> SessionInfo:
    """Save what the editor edits: fields, people and field-visit details.

    ``base`` is the session as the editor loaded it: only what differs from
    it is written, on top of the session as it is now (:func:`on_top`), so
    another person's edit of another field stays; without it everything is
    replaced. ``version`` is the version the editor loaded: if the session
    changed since, nothing is saved and :class:`StaleEditError` says what
    changed (None: no check, as undo and redo do).
    """
    with refusing_stale_writes(workspace, "session") as db:
        row = locked(db, AgendaSession, session_id, _GONE)
        current = _info(row).to_data()
        check_version(row, version, "session", lambda: session_changes(base, current))
        if base is not None:
            data = on_top(current, base, data)
        data = _validated(db, row.event, data)
        _apply(db, row, data)
        db.flush()
        return _info(row)


#: how a refusal names another person's change of a field
_CHANGE_LABELS = {
    "title": "title edited",
    "kind": "kind changed",
    "start": "time changed",
    "end": "time changed",
    "location": "location edited",
    "description": "description edited",
    "field_visit": "field visit edited",
}


def session_changes(base: SessionData | None, current: SessionData) -> list[str]:
    """What changed from ``base`` to ``current``, said briefly ("speaker added", …)."""
    if base is None:
        return []
    base, current = normalised(base), normalised(current)
    said: list[str] = []
    for name, label in _CHANGE_LABELS.items():
        if getattr(base, name) != getattr(current, name) and label not in said:
            said.append(label)
    added = [role for p, role in current.people if (p, role) not in base.people]
    removed = [role for p, role in base.people if (p, role) not in current.people]
    for words in [*(f"{r} added" for r in added), *(f"{r} removed" for r in removed)]:
        if words not in said:
            said.append(words)
    if not (added or removed) and base.people != current.people:
        said.append("people reordered")
    return said


def on_top(current: SessionData, base: SessionData, mine: SessionData) -> SessionData:
    """My edit (``base`` → ``mine``) re-applied on top of the session as it is now.

    Each field I changed takes my value; every other field keeps its current
    one. People merge one by one: my list in my order, without the ones
    someone else took out meanwhile, then the ones someone else added.
    """
    current, base, mine = normalised(current), normalised(base), normalised(mine)
    values = {
        f.name: getattr(mine if getattr(mine, f.name) != getattr(base, f.name) else current, f.name)
        for f in fields(SessionData)
    }
    if mine.people != base.people:
        kept = [p for p in mine.people if p not in base.people or p in current.people]
        theirs = [p for p in current.people if p not in base.people and p not in kept]
        values["people"] = (*kept, *theirs)
    return SessionData(**values)


def normalised(data: SessionData) -> SessionData:
    """``data`` as it would be saved (blank texts as None, no visit unless a field visit).

    An editor's empty field and a stored None are the same value, so neither
    counts as a change.
    """
    visit = data.field_visit if data.kind == SessionKind.FIELD_VISIT else None
    if visit is not None:
        texts: dict[str, Any] = {
            name: _clean(value)
            for name, value in fd.values_of(visit, fd.FIELD_VISIT.bundle).items()
            if name != "capacity"
        }
        visit = replace(visit, **texts, capacity=visit.capacity or None)
    return replace(
        data,
        title=(data.title or "").strip(),
        location=_clean(data.location),
        description=_clean(data.description),
        field_visit=visit,
    )


def move_session(
    workspace: Workspace, session_id: str, start: datetime, end: datetime
) -> SessionInfo:
    """Move and/or resize a session to [start, end)."""
    with workspace.transaction() as db:
        row = _session(db, session_id)
        _check_times(row.event, start, end)
        row.start, row.end = start, end
        db.flush()
        return _info(row)


def delete_session(workspace: Workspace, session_id: str) -> DeletedSession:
    """Remove a session with its people and field visit; notes keep their text."""
    with workspace.transaction() as db:
        row = _session(db, session_id)
        snapshot = DeletedSession(row.id, row.event_id, _info(row).to_data())
        notes = list(db.scalars(select(Note).where(Note.session_id == session_id)))
        for note in notes:
            note.session_id = None
        db.delete(row)
        return DeletedSession(
            snapshot.id,
            snapshot.event_id,
            snapshot.data,
            tuple(n.id for n in notes),
            version=row.version,
        )


def restore_session(workspace: Workspace, deleted: DeletedSession) -> SessionInfo:
    """Bring back a deleted session exactly as it was, with the notes captured in it.

    The times are not checked against the event days: a session restored
    must come back where it was, and a session outside the days shows up as a
    conflict instead.
    """
    with workspace.transaction() as db:
        event = _event(db, deleted.event_id)
        if db.get(AgendaSession, deleted.id) is not None:
            raise ServiceError("The session is already there.")
        data = _validated(db, event, deleted.data, check_days=False)
        row = AgendaSession(id=deleted.id, event_id=event.id)
        db.add(row)
        _apply(db, row, data)
        db.flush()
        keep_version(db, row, deleted.version)
        for note_id in deleted.note_ids:
            note = db.get(Note, note_id)
            if note is not None and note.session_id is None:
                note.session_id = row.id
        return _info(row)


def add_session_person(
    workspace: Workspace, session_id: str, person_id: str, role: str
) -> SessionInfo:
    """Give a person a role in a session (appended to its people)."""
    info = get_session(workspace, session_id)
    people = (*info.to_data().people, (person_id, role))
    # on top of the session as it is when saved: a concurrent edit is kept
    return update_session(
        workspace, session_id, replace(info.to_data(), people=people), base=info.to_data()
    )


def remove_session_person(
    workspace: Workspace, session_id: str, person_id: str, role: str | None = None
) -> SessionInfo:
    """Take a person (in ``role``, or in every role) out of a session."""
    info = get_session(workspace, session_id)
    people = tuple(
        (pid, r) for pid, r in info.to_data().people if not (pid == person_id and role in (None, r))
    )
    if len(people) == len(info.people):
        raise NotFoundError("That person has no such role in the session.")
    return update_session(
        workspace, session_id, replace(info.to_data(), people=people), base=info.to_data()
    )


def add_field_visit_attendee(workspace: Workspace, session_id: str, person_id: str) -> SessionInfo:
    """Add a person to a field visit's attendee list."""
    data = get_session(workspace, session_id).to_data()
    if data.kind != SessionKind.FIELD_VISIT or data.field_visit is None:
        raise ServiceError("Only field visits have attendees.")
    if person_id in data.field_visit.attendees:
        raise ServiceError("That person already attends the field visit.")
    visit = replace(data.field_visit, attendees=(*data.field_visit.attendees, person_id))
    return update_session(workspace, session_id, replace(data, field_visit=visit), base=data)


def remove_field_visit_attendee(
    workspace: Workspace, session_id: str, person_id: str
) -> SessionInfo:
    data = get_session(workspace, session_id).to_data()
    if data.field_visit is None or person_id not in data.field_visit.attendees:
        raise NotFoundError("That person does not attend the field visit.")
    attendees = tuple(p for p in data.field_visit.attendees if p != person_id)
    visit = replace(data.field_visit, attendees=attendees)
    return update_session(workspace, session_id, replace(data, field_visit=visit), base=data)


# --- finding room in the agenda --------------------------------------------------


def snap(moment: datetime, minutes: int = SNAP_MINUTES) -> datetime:
    """``moment`` rounded to the nearest grid step."""
    base = moment.replace(minute=0, second=0, microsecond=0)
    steps = round((moment - base) / timedelta(minutes=minutes))
    return base + timedelta(minutes=minutes * steps)


def free_slot(
    event: AgendaEvent,
    sessions: Sequence[SessionInfo],
    *,
    day: date | None = None,
    duration: timedelta = DEFAULT_DURATION,
    day_start: time = time(9, 0),
    day_end: time = time(18, 0),
) -> tuple[datetime, datetime]:
    """The first gap of ``duration`` in the agenda, on ``day`` first, then the other days.

    Gaps are looked for between ``day_start`` and ``day_end`` on the grid; when
    every day is full, the slot after the last session of the first day tried.
    """
    days = event.days
    if day in days:
        days.remove(day)
        days.insert(0, day)
    step = timedelta(minutes=SNAP_MINUTES)
    for d in days:
        candidate = datetime.combine(d, day_start)
        last = datetime.combine(d, day_end)
        busy = sorted(
            (s.start, s.end) for s in sessions if overlaps(s.start, s.end, candidate, last)
        )
        while candidate + duration <= last:
            clash = next(
                (e for s, e in busy if overlaps(s, e, candidate, candidate + duration)), None
            )
            if clash is None:
                return candidate, candidate + duration
            candidate = max(candidate + step, snap_up(clash))
    first = days[0]
    on_first = [s.end for s in sessions if s.start.date() == first]
    start = snap_up(max(on_first)) if on_first else datetime.combine(first, day_start)
    end = min(start + duration, datetime.combine(first + timedelta(days=1), time.min))
    if end <= start:
        start = end - step
    return start, end


def snap_up(moment: datetime, minutes: int = SNAP_MINUTES) -> datetime:
    base = moment.replace(minute=0, second=0, microsecond=0)
    step = timedelta(minutes=minutes)
    steps = -((base - moment) // step)
    return base + steps * step


# --- internals -------------------------------------------------------------------


def _event(db: DbSession, event_id: str) -> Event:
    event = db.get(Event, event_id)
    if event is None:
        raise NotFoundError("The event no longer exists.")
    return event


_GONE = "The session no longer exists; it may have been deleted."


def _session(db: DbSession, session_id: str) -> AgendaSession:
    row = db.get(AgendaSession, session_id)
    if row is None:
        raise NotFoundError(_GONE)
    return row


def _check_times(event: Event, start: datetime, end: datetime) -> None:
    try:
        check_session_times(start, end, event.start_date, event.end_date)
    except RuleViolation as exc:
        raise ServiceError(str(exc)) from exc


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _validated(
    db: DbSession, event: Event, data: SessionData, *, check_days: bool = True
) -> SessionData:
    title = (data.title or "").strip()
    if not title:
        raise ServiceError("A session needs a title.")
    if data.kind not in set(SessionKind):
        raise ServiceError(f"“{data.kind}” is not a kind of session.")
    if check_days:
        _check_times(event, data.start, data.end)
    elif data.end <= data.start:
        raise ServiceError("A session must end after it starts.")
    seen: set[tuple[str, str]] = set()
    for person_id, role in data.people:
        if role not in set(SessionRole):
            raise ServiceError(f"“{role}” is not a role in a session.")
        if (person_id, role) in seen:
            raise ServiceError("The same person is listed twice in the same role.")
        seen.add((person_id, role))
    _check_people(db, [p for p, _ in data.people])
    visit = data.field_visit
    if data.kind == SessionKind.FIELD_VISIT:
        visit = visit or FieldVisitData()
        if visit.capacity is not None and visit.capacity < 0:
            raise ServiceError("A field visit's capacity cannot be negative.")
        if len(set(visit.attendees)) != len(visit.attendees):
            raise ServiceError("The same person is listed twice as an attendee.")
        _check_people(db, visit.attendees)
    else:
        visit = None
    return SessionData(
        title=title,
        kind=data.kind,
        start=data.start,
        end=data.end,
        location=_clean(data.location),
        description=_clean(data.description),
        people=data.people,
        field_visit=visit,
    )


def _check_people(db: DbSession, person_ids: Sequence[str]) -> None:
    wanted = set(person_ids)
    if not wanted:
        return
    found = set(db.scalars(select(Person.id).where(Person.id.in_(wanted))))
    if missing := wanted - found:
        raise NotFoundError(
            f"{len(missing)} of the people chosen no longer exist in the directory."
        )


def _apply(db: DbSession, row: AgendaSession, data: SessionData) -> None:
    fd.copy_fields(data, row, fd.SESSION.bundle)
    wanted_people = [(pid, role) for pid, role in data.people]
    if [(p.person_id, p.role) for p in row.people] != wanted_people:
        row.people.clear()
        db.flush()
        row.people.extend(
            SessionPerson(person_id=pid, role=role, position=i)
            for i, (pid, role) in enumerate(wanted_people)
        )
    visit = data.field_visit
    if visit is None:
        if row.field_visit is not None:
            row.field_visit = None
            db.flush()
        return
    if row.field_visit is None:
        row.field_visit = FieldVisit()
    fv = row.field_visit
    for name, value in fd.values_of(visit, fd.FIELD_VISIT.bundle).items():
        setattr(fv, name, _clean(value) if isinstance(value, str) else value)
    if [a.person_id for a in fv.attendees] != list(visit.attendees):
        fv.attendees.clear()
        db.flush()
        fv.attendees.extend(
            FieldVisitAttendee(person_id=pid, position=i) for i, pid in enumerate(visit.attendees)
        )


def _info(row: AgendaSession) -> SessionInfo:
    """What an edit returns, from the row it edited (reads go through _read_sessions)."""
    fv = row.field_visit
    visit = None
    if fv is not None:
        visit = FieldVisitInfo(
            **fd.values_of(fv, fd.FIELD_VISIT.bundle),
            attendees=tuple(PersonRef(a.person_id, a.person.full_name) for a in fv.attendees),
        )
    return fd.result_of(
        SessionInfo,
        row,
        people=tuple(
            SessionPersonInfo(p.person_id, p.person.full_name, p.role) for p in row.people
        ),
        field_visit=visit,
    )
