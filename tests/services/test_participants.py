"""Participants service: listing, adding, bulk edits with undo data, counts."""

from __future__ import annotations

import pytest

from workshop_planner.services import participants as ps
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace


def test_add_from_directory_and_counts(workspace: Workspace, factory) -> None:
    event = factory.event()
    city = factory.organisation(name="City of Lyon", sector="local_government", country="FR")
    ngo = factory.organisation(name="Open Cities", sector="civil_society", country="US")
    a = factory.person(full_name="Ann", organisation_id=city.id, country="FR")
    b = factory.person(full_name="Ben", organisation_id=ngo.id, country="US")
    c = factory.person(full_name="Cat", country="US")
    assert [d.full_name for d in ps.list_directory(workspace, exclude_event_id=event.id)] == [
        "Ann", "Ben", "Cat"
    ]  # fmt: skip
    addition = ps.add_participants(workspace, event.id, [a.id, b.id], attendance="confirmed")
    assert len(addition.participants) == 2
    assert [d.full_name for d in ps.list_directory(workspace, exclude_event_id=event.id)] == ["Cat"]
    ps.add_participants(workspace, event.id, [c.id], roles=["speaker"], attendance="attended")
    rows = ps.list_participants(workspace, event.id)
    assert [r.full_name for r in rows] == ["Ann", "Ben", "Cat"]
    assert rows[0].organisation == "City of Lyon"
    assert rows[0].sector == "local_government"
    counts = ps.count_participants(rows)
    assert counts.total == 3
    assert counts.by_attendance == {"confirmed": 2, "attended": 1}
    assert counts.by_country == {"US": 2, "FR": 1}
    assert counts.by_sector == {"local_government": 1, "civil_society": 1, "unknown": 1}
    with pytest.raises(ServiceError, match="already a participant"):
        ps.add_participants(workspace, event.id, [a.id])


def test_bulk_edit_and_restore(workspace: Workspace, factory) -> None:
    event = factory.event()
    ids = [
        ps.add_participants(workspace, event.id, [factory.person(full_name=n).id]).participant_ids[
            0
        ]
        for n in ("A", "B")
    ]
    before = ps.update_participants(workspace, ids, attendance="attended", add_role="speaker")
    rows = ps.list_participants(workspace, event.id)
    assert {r.attendance for r in rows} == {"attended"}
    assert all(r.roles == ("participant", "speaker") for r in rows)
    ps.update_participants(workspace, ids[:1], remove_role="participant")
    assert ps.get_participants(workspace, ids[:1])[0].roles == ("speaker",)
    ps.set_participant_states(workspace, before)
    rows = ps.list_participants(workspace, event.id)
    assert {r.attendance for r in rows} == {"invited"}
    assert all(r.roles == ("participant",) for r in rows)
    with pytest.raises(ServiceError, match="not an attendance"):
        ps.update_participants(workspace, ids, attendance="maybe")


def test_create_new_person_undo_and_redo(workspace: Workspace, factory) -> None:
    event = factory.event()
    addition = ps.create_participant(
        workspace,
        event.id,
        ps.NewPerson(
            "  Dana   Ray ",
            organisation="New Org",
            sector="research",
            country="ca",
            email="dana@example.org",
        ),
        roles=["moderator"],
    )
    assert len(addition.organisations) == 1
    row = ps.list_participants(workspace, event.id)[0]
    assert (row.full_name, row.country, row.sector, row.roles) == (
        "Dana Ray", "CA", "research", ("moderator",)
    )  # fmt: skip
    with pytest.raises(ServiceError, match="already has the e-mail"):
        ps.create_participant(workspace, event.id, ps.NewPerson("X", email="DANA@example.org"))
    ps.undo_addition(workspace, addition)
    assert ps.list_participants(workspace, event.id) == []
    assert ps.list_directory(workspace) == []
    ps.redo_addition(workspace, addition)
    assert ps.list_participants(workspace, event.id)[0].id == row.id


def test_remove_and_restore(workspace: Workspace, factory) -> None:
    event = factory.event()
    person = factory.person()
    part = factory.participant(event, person, roles=["speaker"], requirements="vegan")
    snapshots = ps.remove_participants(workspace, [part.id])
    assert ps.list_participants(workspace, event.id) == []
    assert len(ps.list_directory(workspace)) == 1
    ps.redo_addition(workspace, ps.Addition(participants=tuple(snapshots)))
    row = ps.list_participants(workspace, event.id)[0]
    assert (row.id, row.roles, row.requirements) == (part.id, ("speaker",), "vegan")
