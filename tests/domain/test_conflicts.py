"""The pure conflict rules of the agenda."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from workshop_planner.domain.conflicts import (
    ConflictKind,
    SessionSlot,
    capacity_conflicts,
    conflicts_by_session,
    conflicts_involving,
    find_conflicts,
    outside_event_conflicts,
    overlaps,
    person_conflicts,
    room_conflicts,
    room_key,
    update_conflicts,
)

DAY1 = date(2023, 6, 15)
DAY2 = date(2023, 6, 16)


def slot(sid: str, start: str, end: str, **kw: object) -> SessionSlot:
    return SessionSlot(
        id=sid,
        title=kw.pop("title", sid.capitalize()),  # type: ignore[arg-type]
        start=datetime.fromisoformat(f"2023-06-15T{start}" if "T" not in start else start),
        end=datetime.fromisoformat(f"2023-06-15T{end}" if "T" not in end else end),
        **kw,  # type: ignore[arg-type]
    )


def test_overlap_is_half_open() -> None:
    a, b = datetime(2023, 6, 15, 9), datetime(2023, 6, 15, 10)
    assert overlaps(a, b, datetime(2023, 6, 15, 9, 45), datetime(2023, 6, 15, 11))
    assert not overlaps(a, b, b, datetime(2023, 6, 15, 11))
    assert overlaps(a, b, a, b)


def test_person_in_two_overlapping_sessions() -> None:
    slots = [
        slot("keynote", "09:30", "10:30", people=frozenset({"ada"})),
        slot("panel", "10:00", "11:00", people=frozenset({"ada", "bo"})),
        slot("lunch", "12:00", "13:00", people=frozenset({"ada"})),
    ]
    found = person_conflicts(slots, {"ada": "Ada Nowak"})
    assert len(found) == 1
    conflict = found[0]
    assert conflict.kind is ConflictKind.PERSON_DOUBLE_BOOKED
    assert conflict.session_ids == ("keynote", "panel")
    assert conflict.person_id == "ada"
    assert "Ada Nowak" in conflict.message


def test_back_to_back_sessions_do_not_conflict() -> None:
    slots = [
        slot("a", "09:00", "10:00", people=frozenset({"ada"}), location="Hall"),
        slot("b", "10:00", "11:00", people=frozenset({"ada"}), location="Hall"),
    ]
    assert find_conflicts(slots, DAY1, DAY2) == []


def test_field_visit_attendee_counts_like_a_speaker() -> None:
    # The service puts attendees into ``people`` too; a visit over a panel clashes.
    slots = [
        slot("visit", "13:00", "16:00", people=frozenset({"cy"}), capacity=10, attendee_count=1),
        slot("panel", "14:00", "15:00", people=frozenset({"cy"})),
    ]
    assert [c.kind for c in find_conflicts(slots, DAY1, DAY2)] == [
        ConflictKind.PERSON_DOUBLE_BOOKED
    ]


def test_same_room_ignores_case_and_spaces() -> None:
    slots = [
        slot("a", "09:00", "10:00", location="Room  A"),
        slot("b", "09:30", "10:30", location=" room a"),
        slot("c", "09:30", "10:30", location="Room B"),
    ]
    found = room_conflicts(slots)
    assert [(c.kind, c.session_ids) for c in found] == [
        (ConflictKind.ROOM_DOUBLE_BOOKED, ("a", "b"))
    ]
    assert room_key(" Room  A ") == "room a"


def test_sessions_without_room_never_clash_on_room() -> None:
    slots = [
        slot("coffee", "10:00", "10:30", location=None),
        slot("reception", "10:00", "10:30", location="   "),
        slot("panel", "10:00", "10:30", location=""),
    ]
    assert room_conflicts(slots) == []


def test_session_outside_event_days() -> None:
    slots = [
        slot("inside", "09:00", "10:00"),
        slot("after", "2023-06-17T09:00", "2023-06-17T10:00"),
        slot("before", "2023-06-14T23:00", "2023-06-15T01:00"),
        slot("late", "2023-06-16T23:00", "2023-06-17T00:00"),
    ]
    found = outside_event_conflicts(slots, DAY1, DAY2)
    assert sorted(c.session_ids[0] for c in found) == ["after", "before"]
    assert all(c.kind is ConflictKind.OUTSIDE_EVENT for c in found)


def test_field_visit_over_capacity() -> None:
    slots = [
        slot("full", "13:00", "15:00", capacity=2, attendee_count=2),
        slot("over", "13:00", "15:00", capacity=2, attendee_count=3),
        slot("open", "13:00", "15:00", capacity=None, attendee_count=50),
    ]
    found = capacity_conflicts(slots)
    assert [c.session_ids for c in found] == [("over",)]
    assert "3 attendees" in found[0].message


def test_three_way_overlap_lists_every_pair() -> None:
    slots = [slot(s, "09:00", "10:00", people=frozenset({"ada"})) for s in "abc"]
    found = person_conflicts(slots)
    assert sorted(c.session_ids for c in found) == [("a", "b"), ("a", "c"), ("b", "c")]


def test_find_conflicts_orders_and_groups() -> None:
    slots = [
        slot("late", "15:00", "16:00", location="Hall", capacity=1, attendee_count=2),
        slot("early", "09:00", "10:00", location="Hall", people=frozenset({"p"})),
        slot("early2", "09:30", "10:30", location="hall", people=frozenset({"p"})),
    ]
    found = find_conflicts(slots, DAY1, DAY2, {"p": "Pat"})
    assert [c.kind for c in found] == [
        ConflictKind.PERSON_DOUBLE_BOOKED,
        ConflictKind.ROOM_DOUBLE_BOOKED,
        ConflictKind.OVER_CAPACITY,
    ]
    grouped = conflicts_by_session(found)
    assert len(grouped["early"]) == 2
    assert len(grouped["late"]) == 1
    assert "early" in grouped
    assert "early2" in grouped


# --- updating after a few sessions changed --------------------------------------

_PEOPLE = ["ada", "bo", "cy", "di"]
_ROOMS = [None, "Hall", "hall ", "Room 2"]


@st.composite
def _agenda(draw: st.DrawFn) -> list[SessionSlot]:
    slots = []
    for i in range(draw(st.integers(1, 12))):
        start = draw(st.integers(0, 40))  # quarter hours from 08:00 on two days
        length = draw(st.integers(1, 8))
        begin = datetime(2023, 6, 15, 8) + timedelta(minutes=15 * start)
        if draw(st.booleans()):
            begin += timedelta(days=draw(st.integers(1, 2)))
        slots.append(
            SessionSlot(
                id=f"s{i}",
                title=f"Session {i}",
                start=begin,
                end=begin + timedelta(minutes=15 * length),
                location=draw(st.sampled_from(_ROOMS)),
                people=frozenset(draw(st.sets(st.sampled_from(_PEOPLE), max_size=3))),
                capacity=draw(st.none() | st.integers(0, 3)),
                attendee_count=draw(st.integers(0, 4)),
            )
        )
    return slots


@given(before=_agenda(), data=st.data())
def test_updating_the_changed_sessions_equals_finding_every_conflict(
    before: list[SessionSlot], data: st.DataObject
) -> None:
    names = {p: p.capitalize() for p in _PEOPLE}
    previous = find_conflicts(before, DAY1, DAY2, names)
    changed = data.draw(st.sets(st.sampled_from([s.id for s in before]), min_size=1, max_size=3))
    after = []
    for s in before:
        if s.id not in changed:
            after.append(s)
        elif data.draw(st.booleans()):  # moved (or resized, re-roomed) …
            shift = timedelta(minutes=15 * data.draw(st.integers(-8, 8)))
            after.append(
                replace(
                    s,
                    start=s.start + shift,
                    end=s.end + shift + timedelta(minutes=15 * data.draw(st.integers(0, 2))),
                    location=data.draw(st.sampled_from(_ROOMS)),
                )
            )
        # … or deleted
    assert update_conflicts(previous, after, changed, DAY1, DAY2, names) == find_conflicts(
        after, DAY1, DAY2, names
    )


def test_conflicts_involving_compares_only_the_changed_sessions() -> None:
    slots = [
        slot("a", "09:00", "10:00", people=frozenset({"ada"})),
        slot("b", "09:30", "10:30", people=frozenset({"ada"})),
        slot("c", "09:00", "10:00", location="Hall"),
        slot("d", "09:30", "10:30", location="Hall"),
    ]
    found = conflicts_involving(slots, {"a"}, DAY1, DAY2)
    assert [c.session_ids for c in found] == [("a", "b")]  # not the room clash of c and d
