"""Event editing: fields with validation, duplicate as template, partners, contacts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from workshop_planner.services import event_editing as ee
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.events import list_events
from workshop_planner.store import Workspace

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_create_update_and_validation(workspace: Workspace) -> None:
    event = ee.create_event(workspace, title="Summit", start_date=date(2024, 5, 2))
    assert (event.end_date, event.timezone, event.label) == (
        date(2024, 5, 2),
        "UTC",
        "Event Report",
    )
    updated = ee.update_event(
        workspace, event.id,
        {"venue_country": "de", "timezone": "Europe/Berlin", "subtitle": "  ", "language": "de"},
    )  # fmt: skip
    assert (updated.venue_country, updated.timezone, updated.subtitle) == (
        "DE",
        "Europe/Berlin",
        None,
    )
    assert updated.updated_at >= event.updated_at
    for changes, message in [
        ({"end_date": date(2024, 5, 1)}, "ends"),
        ({"timezone": "Mars/Olympus"}, "IANA"),
        ({"venue_country": "XX"}, "country"),
        ({"title": " "}, "title"),
        ({"language": "zz-Qq-1"}, "language"),
        ({"colour": "red"}, "no field"),
    ]:
        with pytest.raises(ServiceError, match=message):
            ee.update_event(workspace, event.id, changes)
    assert ee.get_event(workspace, event.id) == updated


def test_duplicate_as_template(workspace: Workspace, factory) -> None:
    source = factory.event()
    person = factory.person()
    factory.participant(source, person)
    factory.session(source, start=datetime(2023, 6, 16, 14, 0), end=datetime(2023, 6, 16, 15, 0))
    factory.theme(source, key_message="Mayors lead.", body="Long text")
    factory.note(source)
    ee.add_contact(workspace, source.id, name="Kim", email="kim@example.org")
    copy = ee.duplicate_event(workspace, source.id, start_date=date(2024, 6, 20), title="Next")
    assert (copy.title, copy.start_date, copy.end_date) == (
        "Next",
        date(2024, 6, 20),
        date(2024, 6, 21),
    )
    assert copy.series == "Transatlantic Initiative"
    assert ee.event_counts(workspace, copy.id) == ee.EventCounts(0, 1, 0)
    from workshop_planner.services.agenda import list_sessions

    session = list_sessions(workspace, copy.id)[0]
    assert session.start == datetime(2024, 6, 21, 14, 0)
    assert [c.name for c in ee.list_contacts(workspace, copy.id)] == ["Kim"]
    with_people = ee.duplicate_event(
        workspace, source.id, start_date=date(2025, 1, 1), copy_participants=True, copy_notes=True
    )
    assert with_people.title == "Cities on the Front-lines (next)"
    assert ee.event_counts(workspace, with_people.id) == ee.EventCounts(1, 1, 1)


def test_archive_and_delete(workspace: Workspace, factory) -> None:
    event = factory.event()
    ee.set_archived(workspace, event.id, True)
    assert list_events(workspace, include_archived=False) == []
    ee.set_archived(workspace, event.id, False)
    assert len(list_events(workspace, include_archived=False)) == 1
    ee.delete_event(workspace, event.id)
    assert list_events(workspace) == []


def test_partners_with_logos(tmp_path: Path, workspace: Workspace, factory) -> None:
    event = factory.event()
    png = tmp_path / "logo.png"
    png.write_bytes(PNG)
    svg = tmp_path / "logo.svg"
    svg.write_text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')
    fake = tmp_path / "logo.gif"
    fake.write_bytes(b"GIF89a....")
    asset = ee.store_logo(workspace, png)
    assert asset.media_type == "image/png"
    assert ee.store_logo(workspace, svg).media_type == "image/svg+xml"
    with pytest.raises(ServiceError, match="not a PNG, JPEG or SVG"):
        ee.store_logo(workspace, fake)
    first = ee.add_partner(workspace, event.id, name="Fund", role="donor", logo_id=asset.id)
    second = ee.add_partner(workspace, event.id, name="City", role="host")
    assert [p.position for p in (first, second)] == [0, 1]
    assert ee.get_asset(workspace, asset.id).data == PNG
    ee.update_partner(workspace, second.id, {"url": " https://city.example ", "name": "City Hall"})
    removed = ee.remove_partner(workspace, first.id)
    assert [p.name for p in ee.list_partners(workspace, event.id)] == ["City Hall"]
    ee.restore_partner(workspace, event.id, removed)
    partners = ee.list_partners(workspace, event.id)
    assert [p.name for p in partners] == ["Fund", "City Hall"]
    assert partners[1].url == "https://city.example"
    with pytest.raises(ServiceError, match="needs a name"):
        ee.update_partner(workspace, second.id, {"name": ""})


def test_contacts_and_report_settings(workspace: Workspace, factory) -> None:
    event = factory.event()
    contact = ee.add_contact(workspace, event.id, name="Kim", role="Lead", email="kim@example.org")
    with pytest.raises(ServiceError, match="e-mail"):
        ee.update_contact(workspace, contact.id, {"email": "kim at example"})
    ee.update_contact(workspace, contact.id, {"organisation": "GMF"})
    assert ee.list_contacts(workspace, event.id)[0].organisation == "GMF"
    settings = ee.get_report_settings(workspace, event.id)
    assert settings.template == "event-report"
    assert "summary" in settings.sections
    settings = ee.update_report_settings(
        workspace, event.id, {"sections": ["summary", "themes"], "closing": " Thanks. "}
    )
    assert settings.sections == ("summary", "themes")
    assert settings.closing == "Thanks."
    with pytest.raises(ServiceError, match="not a report section"):
        ee.update_report_settings(workspace, event.id, {"sections": ["appendix"]})
