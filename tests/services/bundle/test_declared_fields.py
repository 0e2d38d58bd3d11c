"""Export, import and duplicate-as-template carry every declared field.

The event below gets a value, unlike any default, for every declared column of
every entity, found from the declarations in ``domain/fields.py`` and the
column types, so a column added to a declaration is filled and checked here
without touching this test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Text, inspect, select

from workshop_planner.domain import fields as f
from workshop_planner.domain import models as m
from workshop_planner.domain.types import UTCDateTime, new_id
from workshop_planner.services import event_editing as ee
from workshop_planner.services.bundle import export_event, import_bundle
from workshop_planner.store import Workspace, open_workspace

START = date(2023, 6, 15)

#: Values a column of that name must take to be valid (vocabularies, codes, zones).
VALID: dict[tuple[type[m.Base], str], Any] = {
    (m.Organisation, "sector"): "research",
    (m.Participant, "roles"): ["speaker", "organiser"],
    (m.Participant, "attendance"): "attended",
    (m.Session, "kind"): "field_visit",
    (m.SessionPerson, "role"): "moderator",
    (m.Note, "kind"): "quote",
    (m.Note, "placement"): "closing",
    (m.QuoteDetails, "attribution"): "anonymous",
    (m.Event, "timezone"): "America/Toronto",
    (m.Event, "language"): "fr",
    (m.Event, "start_date"): START,
    (m.Event, "end_date"): START + timedelta(days=1),
    (m.ReportSettings, "sections"): ["summary", "themes"],
    (m.ReportSettings, "template"): "event-report",
}


def value_for(model: type[m.Base], name: str, refs: dict[str, str]) -> Any:
    """A valid, non-default value for a declared column."""
    if (model, name) in VALID:
        return VALID[(model, name)]
    if name in refs:  # a reference to another object of the event
        return refs[name]
    column = inspect(model).columns[name]
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime(2023, 6, 15, 8, 12, tzinfo=UTC)
    if isinstance(kind, DateTime):
        return datetime(2023, 6, 15, 9, 30) if name == "start" else datetime(2023, 6, 15, 11)
    if isinstance(kind, Date):
        return START
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, Integer):
        return 7
    if isinstance(kind, JSON):
        return ["x"]
    if isinstance(kind, String) and kind.length == 2:
        return "CA"
    assert isinstance(kind, String | Text), f"no test value for {model.__name__}.{name}"
    return f"{model.__name__} {name} ✓"[: kind.length or 100]


#: a real image: an import refuses one it cannot read
ONE_PIXEL_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def filled(model: type[m.Base], declared: f.Fields, refs: dict[str, str], **given: Any) -> Any:
    values = {n: value_for(model, n, refs) for n in declared.writable}
    values.update(given)
    return model(**values)


def build_event(ws: Workspace) -> str:
    event_id = new_id()
    with ws.transaction() as db:
        logo = m.Asset(id=new_id(), media_type="image/png", data=ONE_PIXEL_PNG)
        org = filled(m.Organisation, f.ORGANISATION, {}, id=new_id())
        db.add_all([logo, org])
        db.flush()
        person = filled(m.Person, f.PERSON, {"organisation_id": org.id}, id=new_id())
        db.add(person)
        db.flush()
        refs = {"person_id": person.id, "speaker_id": person.id, "logo_id": logo.id}
        event = filled(m.Event, f.EVENT, refs, id=event_id)
        event.report_settings = filled(m.ReportSettings, f.REPORT_SETTINGS, refs)
        db.add(event)
        db.flush()
        session = filled(m.Session, f.SESSION, refs, id=new_id(), event_id=event_id)
        session.people = [filled(m.SessionPerson, f.SESSION_PERSON, refs)]
        session.field_visit = filled(m.FieldVisit, f.FIELD_VISIT, refs)
        session.field_visit.attendees = [
            filled(m.FieldVisitAttendee, f.FIELD_VISIT_ATTENDEE, refs, position=0)
        ]
        theme = filled(m.Theme, f.THEME, refs, id=new_id(), event_id=event_id)
        db.add_all(
            [
                session,
                theme,
                filled(m.Participant, f.PARTICIPANT, refs, id=new_id(), event_id=event_id),
                filled(m.Partner, f.PARTNER, refs, id=new_id(), event_id=event_id, position=0),
                filled(m.Contact, f.CONTACT, refs, id=new_id(), event_id=event_id, position=0),
            ]
        )
        db.flush()
        refs["session_id"] = session.id
        # one note per kind of details, each with all of its detail fields
        for name, declared in f.NOTE_DETAILS.items():
            note = filled(m.Note, f.NOTE, refs, id=new_id(), event_id=event_id, text=name)
            note.theme_links = [m.NoteTheme(theme_id=theme.id, position=0)]
            setattr(note, name, filled(declared.model, declared, refs))
            db.add(note)
    return event_id


def rows(ws: Workspace, event_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every declared value of every object of the event, keyed by entity."""
    out: dict[str, list[dict[str, Any]]] = {}
    with ws.transaction() as db:
        event = db.get(m.Event, event_id)
        assert event is not None
        objects: dict[str, list[Any]] = {
            "event": [event],
            "report": [event.report_settings],
            "participants": list(event.participants),
            "people": [p.person for p in event.participants],
            "organisations": [p.person.organisation for p in event.participants],
            "sessions": list(event.sessions),
            "session_people": [p for s in event.sessions for p in s.people],
            "visits": [s.field_visit for s in event.sessions if s.field_visit],
            "attendees": [a for s in event.sessions for a in _attendees(s)],
            "themes": list(event.themes),
            "notes": sorted(event.notes, key=lambda n: n.text),
            "partners": list(event.partners),
            "contacts": list(event.contacts),
        }
        for note in objects["notes"]:
            for name in f.NOTE_DETAILS:
                objects.setdefault(name, []).extend(filter(None, [getattr(note, name)]))
        by_model = {d.model: d for d in f.ALL}
        for key, objs in objects.items():
            assert objs, f"the test event has no {key}"
            out[key] = [f.values_of(o, by_model[type(o)].bundle) for o in objs]
    return out


def test_every_declared_field_survives_export_import_export(
    workspace: Workspace, tmp_path: Path
) -> None:
    event_id = build_event(workspace)
    before = rows(workspace, event_id)
    first = export_event(workspace, event_id)
    with open_workspace(tmp_path / "other.sqlite3") as other:
        import_bundle(other, first)
        assert rows(other, event_id) == before
        second = export_event(other, event_id)
    first.pop("exported_at")
    second.pop("exported_at")
    assert second == first


def test_no_declared_value_was_left_at_its_default(workspace: Workspace) -> None:
    """Guards the test above: every declared field holds a value worth comparing."""
    for objects in rows(workspace, build_event(workspace)).values():
        for values in objects:
            assert all(v not in (None, "", []) for v in values.values()), values


def test_duplicate_as_template_carries_every_template_field(workspace: Workspace) -> None:
    source_id = build_event(workspace)
    copy = ee.duplicate_event(
        workspace,
        source_id,
        start_date=START + timedelta(days=365),
        title="Next",
        copy_participants=True,
        copy_notes=True,
    )
    by_model = {d.model: d for d in f.ALL}

    def template_values(event_id: str) -> list[tuple[str, dict[str, Any]]]:
        with workspace.transaction() as db:
            objs: list[Any] = []
            for model in by_model:
                if model in (m.Organisation, m.Person, m.NoteTheme):
                    continue  # the directory is shared, not copied
                objs.extend(db.scalars(select(model)))
            out = []
            for obj in objs:
                owner = _event_of(obj)
                if owner == event_id:
                    declared = by_model[type(obj)]
                    out.append((type(obj).__name__, f.values_of(obj, declared.copied)))
            return sorted(out, key=repr)

    assert template_values(copy.id) == template_values(source_id)
    shifted = ee.get_event(workspace, copy.id)
    assert (shifted.title, shifted.start_date) == ("Next", START + timedelta(days=365))


def _event_of(obj: Any) -> str:
    """The event an object belongs to, through its owners."""
    for owner in ("event", "session", "note", "field_visit"):
        parent = getattr(obj, owner, None)
        if parent is not None:
            return _event_of(parent)
    assert isinstance(obj, m.Event)
    return obj.id


def _attendees(session: m.Session) -> list[m.FieldVisitAttendee]:
    return list(session.field_visit.attendees) if session.field_visit else []
