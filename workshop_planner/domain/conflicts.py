"""Agenda conflicts as pure functions over plain inputs.

The agenda service turns the database rows of one event into
:class:`SessionSlot` values and asks :func:`find_conflicts` what is wrong:

* a person in two overlapping sessions or field visits (people with a role in
  a session and the attendees of a field visit both count);
* two sessions in one room at the same time (same non-empty location,
  compared without case and surrounding spaces);
* a session outside the event's days;
* a field visit with more attendees than its capacity.

Two intervals overlap when one starts before the other ends; a session that
ends at 10:00 does not clash with one that starts at 10:00.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from workshop_planner.domain.rules import session_outside_event


class ConflictKind(StrEnum):
    PERSON_DOUBLE_BOOKED = "person_double_booked"
    ROOM_DOUBLE_BOOKED = "room_double_booked"
    OUTSIDE_EVENT = "outside_event"
    OVER_CAPACITY = "over_capacity"


@dataclass(frozen=True)
class SessionSlot:
    """What the conflict rules need to know about one session."""

    id: str
    title: str
    start: datetime
    end: datetime
    location: str | None = None
    #: person ids with a role in the session or attending its field visit
    people: frozenset[str] = field(default_factory=frozenset)
    #: the field visit's capacity; None when it has none (or is no field visit)
    capacity: int | None = None
    #: how many attendees the field visit has
    attendee_count: int = 0


@dataclass(frozen=True)
class Conflict:
    """One problem in the agenda; ``message`` is a sentence for the user."""

    kind: ConflictKind
    #: the sessions involved, in agenda order
    session_ids: tuple[str, ...]
    message: str
    #: the person booked twice (person conflicts only)
    person_id: str | None = None


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """True when the half-open intervals [a_start, a_end) and [b_start, b_end) meet."""
    return a_start < b_end and b_start < a_end


def room_key(location: str | None) -> str | None:
    """The key two locations share when they name the same room, or None for no room."""
    if location is None:
        return None
    key = " ".join(location.split()).casefold()
    return key or None


def _overlapping_pairs(slots: Sequence[SessionSlot]) -> Iterable[tuple[SessionSlot, SessionSlot]]:
    """Every pair of overlapping slots, each pair once, earlier slot first.

    A sweep over the slots sorted by start keeps only the slots still running,
    so the cost grows with the number of clashes, not with the square of the
    agenda.
    """
    ordered = sorted(slots, key=lambda s: (s.start, s.end, s.id))
    active: list[SessionSlot] = []
    for slot in ordered:
        active = [a for a in active if a.end > slot.start]
        for other in active:
            if overlaps(other.start, other.end, slot.start, slot.end):
                yield other, slot
        active.append(slot)


def _when(slot: SessionSlot) -> str:
    return f"{slot.start:%a %H:%M}–{slot.end:%H:%M}"


def person_conflicts(
    slots: Sequence[SessionSlot], person_names: Mapping[str, str] | None = None
) -> list[Conflict]:
    """A person in two sessions (or field visits) that overlap."""
    names = person_names or {}
    by_person: dict[str, list[SessionSlot]] = defaultdict(list)
    for slot in slots:
        for person_id in slot.people:
            by_person[person_id].append(slot)
    found: list[Conflict] = []
    for person_id, booked in by_person.items():
        if len(booked) < 2:
            continue
        name = names.get(person_id, "A person")
        for first, second in _overlapping_pairs(booked):
            found.append(
                Conflict(
                    ConflictKind.PERSON_DOUBLE_BOOKED,
                    (first.id, second.id),
                    f"{name} is in “{first.title}” ({_when(first)}) and "
                    f"“{second.title}” ({_when(second)}) at the same time.",
                    person_id=person_id,
                )
            )
    return found


def room_conflicts(slots: Sequence[SessionSlot]) -> list[Conflict]:
    """Two sessions in the same room at once; sessions without a room never clash."""
    by_room: dict[str, list[SessionSlot]] = defaultdict(list)
    for slot in slots:
        key = room_key(slot.location)
        if key is not None:
            by_room[key].append(slot)
    found: list[Conflict] = []
    for in_room in by_room.values():
        if len(in_room) < 2:
            continue
        for first, second in _overlapping_pairs(in_room):
            room = (first.location or "").strip()
            found.append(
                Conflict(
                    ConflictKind.ROOM_DOUBLE_BOOKED,
                    (first.id, second.id),
                    f"“{first.title}” and “{second.title}” are both in {room} "
                    f"at the same time ({_when(second)}).",
                )
            )
    return found


def outside_event_conflicts(
    slots: Sequence[SessionSlot], event_start: date, event_end: date
) -> list[Conflict]:
    """Sessions that do not lie within the event's days."""
    return [
        Conflict(
            ConflictKind.OUTSIDE_EVENT,
            (slot.id,),
            f"“{slot.title}” ({slot.start:%Y-%m-%d %H:%M}) lies outside the event days "
            f"({event_start.isoformat()} to {event_end.isoformat()}).",
        )
        for slot in slots
        if session_outside_event(slot.start, slot.end, event_start, event_end)
    ]


def capacity_conflicts(slots: Sequence[SessionSlot]) -> list[Conflict]:
    """Field visits with more attendees than places."""
    return [
        Conflict(
            ConflictKind.OVER_CAPACITY,
            (slot.id,),
            f"“{slot.title}” has {slot.attendee_count} attendees but only {slot.capacity} places.",
        )
        for slot in slots
        if slot.capacity is not None and slot.attendee_count > slot.capacity
    ]


def find_conflicts(
    slots: Sequence[SessionSlot],
    event_start: date,
    event_end: date,
    person_names: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Every conflict of an agenda, sorted by the start of the first session involved."""
    found = [
        *outside_event_conflicts(slots, event_start, event_end),
        *capacity_conflicts(slots),
        *person_conflicts(slots, person_names),
        *room_conflicts(slots),
    ]
    return _in_agenda_order(slots, found)


def _in_agenda_order(slots: Sequence[SessionSlot], found: list[Conflict]) -> list[Conflict]:
    order = {
        slot.id: (slot.start, slot.end, index)
        for index, slot in enumerate(sorted(slots, key=lambda s: (s.start, s.end)))
    }
    kind_order = {kind: i for i, kind in enumerate(ConflictKind)}
    # ties broken by person and sessions, so the order never depends on how they were found
    found.sort(
        key=lambda c: (
            order[c.session_ids[0]],
            kind_order[c.kind],
            c.message,
            c.person_id or "",
            c.session_ids,
        )
    )
    return found


def conflicts_involving(
    slots: Sequence[SessionSlot],
    changed: Collection[str],
    event_start: date,
    event_end: date,
    person_names: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """The conflicts of ``slots`` that one of the ``changed`` sessions takes part in.

    Only the slots that share a person or a room with a changed session are
    compared, so a move in a big agenda costs what that session's people and
    room cost, not what the whole agenda does.
    """
    mine = [s for s in slots if s.id in changed]
    people = frozenset().union(*(s.people for s in mine))
    rooms = {room_key(s.location) for s in mine} - {None}
    near = [s for s in slots if s.people & people or room_key(s.location) in rooms]

    def involved(conflict: Conflict) -> bool:
        return any(sid in changed for sid in conflict.session_ids)

    return [
        *outside_event_conflicts(mine, event_start, event_end),
        *capacity_conflicts(mine),
        *(
            c
            for c in person_conflicts(near, person_names)
            if c.person_id in people and involved(c)
        ),
        *(c for c in room_conflicts(near) if involved(c)),
    ]


def update_conflicts(
    previous: Iterable[Conflict],
    slots: Sequence[SessionSlot],
    changed: Collection[str],
    event_start: date,
    event_end: date,
    person_names: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """The agenda's conflicts after the ``changed`` sessions changed (or went).

    ``previous`` are the conflicts before; those without a changed session
    stay as they were, those of the changed sessions are found again. The
    result equals :func:`find_conflicts` over ``slots``.
    """
    kept = [c for c in previous if not any(sid in changed for sid in c.session_ids)]
    fresh = conflicts_involving(slots, changed, event_start, event_end, person_names)
    return _in_agenda_order(slots, kept + fresh)


def conflicts_by_session(conflicts: Iterable[Conflict]) -> dict[str, list[Conflict]]:
    """For each session id, the conflicts it takes part in."""
    result: dict[str, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        for session_id in conflict.session_ids:
            result[session_id].append(conflict)
    return dict(result)
