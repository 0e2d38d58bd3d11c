"""The .ics export, parsed back with icalendar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import text as sql

from tests.conftest import Factory
from workshop_planner.services import agenda
from workshop_planner.services.calendar_export import build_calendar, export_calendar
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.store.files import current_umask


def test_ics_round_trip(workspace: Workspace, factory: Factory, tmp_path: Path) -> None:
    event = factory.event(title="Cities on the Front-lines", timezone="Europe/Berlin")
    ada = factory.person(full_name="Ada Nowak")
    keynote = factory.session(
        event,
        title="Opening keynote",
        start=datetime(2023, 6, 15, 9, 30),
        end=datetime(2023, 6, 15, 10, 0),
        location="Main hall",
        description="Welcome & framing",
    )
    agenda.add_session_person(workspace, keynote.id, ada.id, "keynote")
    visit = agenda.create_session(
        workspace,
        event.id,
        agenda.SessionData(
            title="Field visit",
            kind="field_visit",
            start=datetime(2023, 6, 16, 14, 0),
            end=datetime(2023, 6, 16, 17, 0),
            field_visit=agenda.FieldVisitData(site="Tempelhof", address="Platz der Luftbrücke"),
        ),
    )
    path = tmp_path / "agenda.ics"
    assert export_calendar(workspace, event.id, path) == 2
    assert path.stat().st_mode & 0o044 == 0o044 & ~current_umask()  # readable like any document

    cal = Calendar.from_ical(path.read_bytes())
    events = {e["uid"]: e for e in cal.walk("VEVENT")}
    assert set(events) == {keynote.id, visit.id}
    [tz] = cal.walk("VTIMEZONE")
    assert tz["tzid"] == "Europe/Berlin"

    first = events[keynote.id]
    assert first["dtstart"].params["TZID"] == "Europe/Berlin"
    start = first.decoded("dtstart")
    assert start == datetime(2023, 6, 15, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert start.utcoffset().total_seconds() == 7200
    assert first.decoded("dtend").replace(tzinfo=None) == datetime(2023, 6, 15, 10, 0)
    assert str(first["location"]) == "Main hall"
    assert "Keynote: Ada Nowak" in str(first["description"])
    assert "Welcome & framing" in str(first["description"])
    assert str(events[visit.id]["location"]) == "Tempelhof, Platz der Luftbrücke"


def test_empty_agenda_and_bad_folder(
    workspace: Workspace, factory: Factory, tmp_path: Path
) -> None:
    event = factory.event()
    cal = Calendar.from_ical(build_calendar(workspace, event.id))
    assert cal.walk("VEVENT") == []
    with pytest.raises(ServiceError, match="does not exist"):
        export_calendar(workspace, event.id, tmp_path / "missing" / "a.ics")
    assert not (tmp_path / "missing").exists()


def test_line_breaks_and_controls_stored_before_the_limits_still_export(
    workspace: Workspace, factory: Factory
) -> None:
    # such text is refused at the door now (and at the flush); a workspace may
    # hold it from before, so it is written here past the ORM, as an old version did
    event = factory.event(title="Cities", timezone="Europe/Berlin")
    session = factory.session(
        event, start=datetime(2023, 6, 15, 9, 30), end=datetime(2023, 6, 15, 10, 0)
    )
    with workspace.engine.begin() as conn:
        conn.execute(
            sql("UPDATE events SET title = :t WHERE id = :id"),
            {"t": "Cities\r\non the\nFront-lines\x07", "id": event.id},
        )
        conn.execute(
            sql("UPDATE sessions SET title = :t, location = :l, description = :d WHERE id = :id"),
            {
                "t": "Opening\r\nkeynote",
                "l": "Main\rhall",
                "d": "Welcome\r\n& framing\x00",
                "id": session.id,
            },
        )
    cal = Calendar.from_ical(build_calendar(workspace, event.id))
    assert str(cal["x-wr-calname"]) == "Cities on the Front-lines"
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["summary"]) == "Opening keynote"
    assert str(vevent["location"]) == "Main hall"
    assert str(vevent["description"]) == "Welcome\n& framing"
