"""Writing an event as a bundle dict, exactly in the ``domain.md`` v1 layout.

Arrays are sorted by a natural key with the id last, so the same data always
gives the same JSON, whatever order it was inserted in.
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from workshop_planner.domain import fields as f
from workshop_planner.domain import models as m
from workshop_planner.domain.types import utc_now
from workshop_planner.services.bundle_schema import FORMAT, VERSION
from workshop_planner.services.errors import NotFoundError


def format_instant(value: datetime) -> str:
    """UTC instant as ``2023-06-15T08:12:00Z`` (microseconds only when present)."""
    value = value.astimezone(UTC)
    spec = "microseconds" if value.microsecond else "seconds"
    return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def format_wall_time(value: datetime) -> str:
    """Local wall time as ``2023-06-15T09:30`` (seconds only when present)."""
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def export_event(
    db: DbSession, event_id: str, *, notes_author: str | None = None
) -> dict[str, Any]:
    """The bundle of one event; ``notes_author`` keeps only that note-taker's notes."""
    event = db.get(m.Event, event_id, options=[selectinload(m.Event.report_settings)])
    if event is None:
        raise NotFoundError(f"There is no event with the id {event_id}.")

    participants = list(
        db.scalars(
            select(m.Participant)
            .where(m.Participant.event_id == event_id)
            .options(selectinload(m.Participant.person))
        )
    )
    sessions = list(
        db.scalars(
            select(m.Session)
            .where(m.Session.event_id == event_id)
            .options(
                selectinload(m.Session.people),
                selectinload(m.Session.field_visit).selectinload(m.FieldVisit.attendees),
            )
        )
    )
    themes = list(db.scalars(select(m.Theme).where(m.Theme.event_id == event_id)))
    note_query = select(m.Note).where(m.Note.event_id == event_id).options(*f.load_note_relations())
    if notes_author is not None:
        note_query = note_query.where(m.Note.author == notes_author)
    notes = list(db.scalars(note_query))
    partners = list(db.scalars(select(m.Partner).where(m.Partner.event_id == event_id)))
    contacts = list(db.scalars(select(m.Contact).where(m.Contact.event_id == event_id)))

    person_ids = {p.person_id for p in participants}
    for s in sessions:
        person_ids.update(link.person_id for link in s.people)
        if s.field_visit:
            person_ids.update(a.person_id for a in s.field_visit.attendees)
    for n in notes:
        if n.quote and n.quote.speaker_id:
            person_ids.add(n.quote.speaker_id)
    people = (
        list(db.scalars(select(m.Person).where(m.Person.id.in_(person_ids)))) if person_ids else []
    )
    org_ids = {p.organisation_id for p in people if p.organisation_id}
    organisations = (
        list(db.scalars(select(m.Organisation).where(m.Organisation.id.in_(org_ids))))
        if org_ids
        else []
    )
    asset_ids = {p.logo_id for p in partners if p.logo_id}
    assets = list(db.scalars(select(m.Asset).where(m.Asset.id.in_(asset_ids)))) if asset_ids else []
    names = {p.id: p.full_name for p in people}

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_instant(utc_now().replace(microsecond=0)),
        "event": _event(event),
        "organisations": [
            _row(o, f.ORGANISATION) for o in sorted(organisations, key=lambda o: (o.name, o.id))
        ],
        "people": [_row(p, f.PERSON) for p in sorted(people, key=lambda p: (p.full_name, p.id))],
        "participants": [
            _row(p, f.PARTICIPANT)
            for p in sorted(participants, key=lambda p: (names.get(p.person_id, ""), p.id))
        ],
        "sessions": [
            _session(s) for s in sorted(sessions, key=lambda s: (s.start, s.end, s.title, s.id))
        ],
        "themes": [_row(t, f.THEME) for t in sorted(themes, key=lambda t: (t.position, t.id))],
        "notes": [_note(n) for n in sorted(notes, key=lambda n: (n.captured_at, n.position, n.id))],
        "partners": [
            _row(p, f.PARTNER) for p in sorted(partners, key=lambda p: (p.position, p.name, p.id))
        ],
        "contacts": [
            _row(c, f.CONTACT) for c in sorted(contacts, key=lambda c: (c.position, c.name, c.id))
        ],
        "assets": [
            {
                "id": a.id,
                "media_type": a.media_type,
                "data": base64.b64encode(a.data).decode("ascii"),
            }
            for a in sorted(assets, key=lambda a: a.id)
        ],
    }


def bundle_values(obj: object, declared: f.Fields) -> dict[str, Any]:
    """The declared bundle fields of ``obj`` under their bundle keys, as JSON values."""
    out: dict[str, Any] = {}
    for name in declared.bundle:
        value = getattr(obj, name)
        if value is None and name in declared.optional:
            continue
        key = declared.key(name)
        target = out
        if "." in key:
            *outer, key = key.split(".")
            for part in outer:
                target = target.setdefault(part, {})
        target[key] = to_json(value)
    return out


def to_json(value: Any) -> Any:
    """A column value as the bundle writes it."""
    if isinstance(value, datetime):
        # instants are aware (UTC columns); session times are naive wall times
        return format_instant(value) if value.tzinfo is not None else format_wall_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def _row(obj: m.Tracked, declared: f.Fields, **more: Any) -> dict[str, Any]:
    """One bundle object: id, its declared fields, ``more``, then updated_at."""
    return {
        "id": obj.id,
        **bundle_values(obj, declared),
        **more,
        "updated_at": format_instant(obj.updated_at),
    }


def _event(e: m.Event) -> dict[str, Any]:
    settings = e.report_settings
    if settings is not None:
        report = bundle_values(settings, f.REPORT_SETTINGS)
        report["overrides"].update(settings.extra_overrides or {})
    else:
        report = {
            "template": "event-report",
            "sections": list(m.DEFAULT_SECTIONS),
            "overrides": dict.fromkeys(f.REPORT_OVERRIDES),
        }
    return _row(e, f.EVENT, report=report)


def _session(s: m.Session) -> dict[str, Any]:
    visit = s.field_visit
    return _row(
        s,
        f.SESSION,
        people=[bundle_values(link, f.SESSION_PERSON) for link in s.people],
        field_visit=(
            {
                **bundle_values(visit, f.FIELD_VISIT),
                "attendees": [a.person_id for a in visit.attendees],
            }
            if visit
            else None
        ),
    )


def _note(n: m.Note) -> dict[str, Any]:
    details = {
        name: bundle_values(detail, declared)
        for name, declared in f.NOTE_DETAILS.items()
        if (detail := getattr(n, name)) is not None
    }
    return _row(n, f.NOTE, **details)
