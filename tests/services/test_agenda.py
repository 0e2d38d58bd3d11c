"""Agenda services on a real SQLite workspace."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.domain.conflicts import ConflictKind
from workshop_planner.services import agenda
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 6, day, hour, minute)


def test_create_list_and_get(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    ada = factory.person(full_name="Ada Nowak")
    data = agenda.SessionData(
        title="  Opening  ",
        kind="keynote",
        start=at(15, 9),
        end=at(15, 10),
        location=" Main hall ",
        people=((ada.id, "keynote"),),
    )
    info = agenda.create_session(workspace, event.id, data)
    assert info.title == "Opening"
    assert info.location == "Main hall"
    assert info.people[0].name == "Ada Nowak"
    listed = agenda.list_sessions(workspace, event.id)
    assert [s.id for s in listed] == [info.id]
    assert agenda.get_session(workspace, info.id) == listed[0]
    assert listed[0].updated_at is not None


def test_bad_input_changes_nothing(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    good = agenda.SessionData(title="x", kind="panel", start=at(15, 9), end=at(15, 10))
    with pytest.raises(ServiceError, match="end after it starts"):
        agenda.create_session(workspace, event.id, replace(good, end=at(15, 9)))
    with pytest.raises(ServiceError, match="outside"):
        agenda.create_session(workspace, event.id, replace(good, start=at(17, 9), end=at(17, 10)))
    with pytest.raises(ServiceError, match="title"):
        agenda.create_session(workspace, event.id, replace(good, title="  "))
    with pytest.raises(ServiceError, match="kind"):
        agenda.create_session(workspace, event.id, replace(good, kind="party"))
    with pytest.raises(ServiceError, match="role"):
        agenda.create_session(workspace, event.id, replace(good, people=(("x", "boss"),)))
    with pytest.raises(NotFoundError):
        agenda.create_session(workspace, event.id, replace(good, people=(("nobody", "host"),)))
    assert agenda.list_sessions(workspace, event.id) == []


def test_move_sets_updated_at_and_checks_days(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    row = factory.session(event)
    before = agenda.get_session(workspace, row.id)
    moved = agenda.move_session(workspace, row.id, at(16, 11), at(16, 12, 15))
    assert (moved.start, moved.end) == (at(16, 11), at(16, 12, 15))
    assert moved.updated_at is not None
    assert before.updated_at is not None
    assert moved.updated_at > before.updated_at
    with pytest.raises(ServiceError, match="outside"):
        agenda.move_session(workspace, row.id, at(17, 11), at(17, 12))
    assert agenda.get_session(workspace, row.id).start == at(16, 11)


def test_field_visit_with_attendees(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    people = [factory.person(full_name=f"Person {i}") for i in range(3)]
    data = agenda.SessionData(
        title="Visit to Tempelhof",
        kind="field_visit",
        start=at(16, 14),
        end=at(16, 17),
        field_visit=agenda.FieldVisitData(
            site="Tempelhofer Feld", capacity=2, attendees=(people[0].id, people[1].id)
        ),
    )
    info = agenda.create_session(workspace, event.id, data)
    assert info.field_visit is not None
    assert [a.name for a in info.field_visit.attendees] == ["Person 0", "Person 1"]
    assert agenda.agenda_conflicts(workspace, event.id) == []

    info = agenda.add_field_visit_attendee(workspace, info.id, people[2].id)
    conflicts = agenda.agenda_conflicts(workspace, event.id)
    assert [c.kind for c in conflicts] == [ConflictKind.OVER_CAPACITY]
    with pytest.raises(ServiceError, match="already attends"):
        agenda.add_field_visit_attendee(workspace, info.id, people[2].id)

    agenda.remove_field_visit_attendee(workspace, info.id, people[0].id)
    assert agenda.agenda_conflicts(workspace, event.id) == []

    # Changing the kind drops the visit details; attendees no longer exist.
    plain = agenda.update_session(
        workspace, info.id, replace(agenda.get_session(workspace, info.id).to_data(), kind="other")
    )
    assert plain.field_visit is None
    with workspace.transaction() as db:
        assert db.scalar(select(m.FieldVisit).where(m.FieldVisit.session_id == info.id)) is None


def test_people_roles_in_order(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    ada, bo = factory.person(full_name="Ada"), factory.person(full_name="Bo")
    row = factory.session(event)
    agenda.add_session_person(workspace, row.id, bo.id, "moderator")
    info = agenda.add_session_person(workspace, row.id, ada.id, "speaker")
    assert [(p.name, p.role) for p in info.people] == [("Bo", "moderator"), ("Ada", "speaker")]
    with pytest.raises(ServiceError, match="twice"):
        agenda.add_session_person(workspace, row.id, ada.id, "speaker")
    info = agenda.remove_session_person(workspace, row.id, bo.id)
    assert [p.name for p in info.people] == ["Ada"]


def test_delete_and_restore_everything(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    ada, bo = factory.person(full_name="Ada"), factory.person(full_name="Bo")
    data = agenda.SessionData(
        title="Visit",
        kind="field_visit",
        start=at(16, 14),
        end=at(16, 16),
        location="Bus stop",
        description="Bring shoes",
        people=((ada.id, "host"),),
        field_visit=agenda.FieldVisitData(
            site="Site", transport="Bus", capacity=5, attendees=(bo.id,)
        ),
    )
    info = agenda.create_session(workspace, event.id, data)
    note = factory.note(event, session_id=info.id)

    deleted = agenda.delete_session(workspace, info.id)
    assert agenda.list_sessions(workspace, event.id) == []
    assert deleted.note_ids == (note.id,)
    with workspace.transaction() as db:
        assert db.get(m.Note, note.id).session_id is None  # type: ignore[union-attr]

    restored = agenda.restore_session(workspace, deleted)
    assert restored.id == info.id
    assert restored.to_data() == info.to_data()
    with workspace.transaction() as db:
        assert db.get(m.Note, note.id).session_id == info.id  # type: ignore[union-attr]
    with pytest.raises(ServiceError):
        agenda.restore_session(workspace, deleted)


def test_missing_session_is_a_clear_error(workspace: Workspace, factory: Factory) -> None:
    factory.event()
    with pytest.raises(NotFoundError, match="no longer exists"):
        agenda.move_session(workspace, "nope", at(15, 9), at(15, 10))


def test_conflicts_for_double_booked_speaker(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    ada = factory.person(full_name="Ada Nowak")
    a = factory.session(event, title="Keynote", start=at(15, 9), end=at(15, 10))
    b = factory.session(event, title="Panel", kind="panel", start=at(15, 9, 30), end=at(15, 11))
    agenda.add_session_person(workspace, a.id, ada.id, "keynote")
    agenda.add_session_person(workspace, b.id, ada.id, "panelist")
    conflicts = agenda.agenda_conflicts(workspace, event.id)
    assert len(conflicts) == 1
    assert conflicts[0].session_ids == (a.id, b.id)
    assert "Ada Nowak" in conflicts[0].message
    agenda.move_session(workspace, b.id, at(15, 10), at(15, 11))
    assert agenda.agenda_conflicts(workspace, event.id) == []


def test_free_slot_finds_gaps(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    factory.session(event, start=at(15, 9), end=at(15, 10, 10))
    ev = agenda.get_agenda_event(workspace, event.id)
    sessions = agenda.list_sessions(workspace, event.id)
    start, end = agenda.free_slot(ev, sessions)
    assert (start, end) == (at(15, 10, 15), at(15, 11, 15))
    start, _ = agenda.free_slot(ev, sessions, day=at(16, 0).date())
    assert start == at(16, 9)
    full = [replace(sessions[0], id=str(d), start=at(d, 0), end=at(d, 23, 30)) for d in (15, 16)]
    start, end = agenda.free_slot(ev, full)
    assert start == at(15, 23, 30)
    assert end - start == timedelta(minutes=30)


def test_snap() -> None:
    assert agenda.snap(at(15, 9, 7)) == at(15, 9, 0)
    assert agenda.snap(at(15, 9, 8)) == at(15, 9, 15)
    assert agenda.snap(at(15, 9, 53)) == at(15, 10, 0)
    assert agenda.snap_up(at(15, 9, 1)) == at(15, 9, 15)
    assert agenda.snap_up(at(15, 9, 15)) == at(15, 9, 15)


def test_participant_choices_and_locations(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    org = factory.organisation(name="City of Berlin")
    ada = factory.person(full_name="Ada", organisation_id=org.id)
    factory.person(full_name="Not invited")
    factory.participant(event, ada)
    factory.session(event, location="Room A")
    factory.session(event, location="room b ")
    assert agenda.list_participant_choices(workspace, event.id) == [
        agenda.PersonRef(ada.id, "Ada", "City of Berlin")
    ]
    assert agenda.list_locations(workspace, event.id) == ["Room A", "room b"]


def test_sessions_read_in_bulk_equal_the_edited_rows(
    workspace: Workspace, factory: Factory
) -> None:
    """list_sessions reads with plain queries; an edit returns its ORM row's view:
    the two agree, people and field visit included, in the same order."""
    event = factory.event()
    ada = factory.person(full_name="Ada Nowak")
    bo = factory.person(full_name="Bo Li")
    data = agenda.SessionData(
        title="Site visit",
        kind="field_visit",
        start=at(15, 14),
        end=at(15, 16),
        location="Harbour",
        people=((bo.id, "moderator"), (ada.id, "speaker")),
        field_visit=agenda.FieldVisitData(site="Port", capacity=1, attendees=(ada.id, bo.id)),
    )
    created = agenda.create_session(workspace, event.id, data)
    plain = factory.session(event, start=at(15, 9), end=at(15, 10))
    listed = agenda.list_sessions(workspace, event.id)
    assert [s.id for s in listed] == [plain.id, created.id]
    assert listed[1] == created
    assert agenda.get_session(workspace, created.id) == created
    assert agenda.get_sessions(workspace, event.id, {created.id, "gone"}) == [created]
