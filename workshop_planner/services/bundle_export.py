"""Writing an event as a bundle dict, exactly in the ``domain.md`` v1 layout.

Arrays are sorted by a natural key with the id last, so the same data always
gives the same JSON, whatever order it was inserted in.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

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
    note_query = (
        select(m.Note)
        .where(m.Note.event_id == event_id)
        .options(
            selectinload(m.Note.theme_links),
            selectinload(m.Note.quote),
            selectinload(m.Note.case_study),
            selectinload(m.Note.example),
            selectinload(m.Note.resource),
        )
    )
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
            _organisation(o) for o in sorted(organisations, key=lambda o: (o.name, o.id))
        ],
        "people": [_person(p) for p in sorted(people, key=lambda p: (p.full_name, p.id))],
        "participants": [
            _participant(p)
            for p in sorted(participants, key=lambda p: (names.get(p.person_id, ""), p.id))
        ],
        "sessions": [
            _session(s) for s in sorted(sessions, key=lambda s: (s.start, s.end, s.title, s.id))
        ],
        "themes": [_theme(t) for t in sorted(themes, key=lambda t: (t.position, t.id))],
        "notes": [_note(n) for n in sorted(notes, key=lambda n: (n.captured_at, n.position, n.id))],
        "partners": [
            _partner(p) for p in sorted(partners, key=lambda p: (p.position, p.name, p.id))
        ],
        "contacts": [
            _contact(c) for c in sorted(contacts, key=lambda c: (c.position, c.name, c.id))
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


def _event(e: m.Event) -> dict[str, Any]:
    settings = e.report_settings
    overrides: dict[str, Any] = {
        "summary_opening": settings.summary_opening if settings else None,
        "threats_intro": settings.threats_intro if settings else None,
        "next_steps": settings.next_steps if settings else None,
        "closing": settings.closing if settings else None,
    }
    if settings and settings.extra_overrides:
        overrides.update(settings.extra_overrides)
    return {
        "id": e.id,
        "label": e.label,
        "series": e.series,
        "title": e.title,
        "subtitle": e.subtitle,
        "convenor": e.convenor,
        "description": e.description,
        "venue": {
            "name": e.venue_name,
            "address": e.venue_address,
            "city": e.venue_city,
            "country": e.venue_country,
        },
        "start_date": e.start_date.isoformat(),
        "end_date": e.end_date.isoformat(),
        "timezone": e.timezone,
        "language": e.language,
        "report": {
            "template": settings.template if settings else "event-report",
            "sections": list(settings.sections) if settings else list(m.DEFAULT_SECTIONS),
            "overrides": overrides,
        },
        "updated_at": format_instant(e.updated_at),
    }


def _organisation(o: m.Organisation) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "sector": o.sector,
        "city": o.city,
        "country": o.country,
        "website": o.website,
        "updated_at": format_instant(o.updated_at),
    }


def _person(p: m.Person) -> dict[str, Any]:
    return {
        "id": p.id,
        "full_name": p.full_name,
        "job_title": p.job_title,
        "organisation": p.organisation_id,
        "city": p.city,
        "country": p.country,
        "email": p.email,
        "consent_to_name": p.consent_to_name,
        "updated_at": format_instant(p.updated_at),
    }


def _participant(p: m.Participant) -> dict[str, Any]:
    return {
        "id": p.id,
        "person": p.person_id,
        "roles": list(p.roles),
        "attendance": p.attendance,
        "requirements": p.requirements,
        "notes": p.notes,
        "updated_at": format_instant(p.updated_at),
    }


def _session(s: m.Session) -> dict[str, Any]:
    visit = s.field_visit
    return {
        "id": s.id,
        "title": s.title,
        "kind": s.kind,
        "start": format_wall_time(s.start),
        "end": format_wall_time(s.end),
        "location": s.location,
        "description": s.description,
        "people": [{"person": link.person_id, "role": link.role} for link in s.people],
        "field_visit": (
            {
                "site": visit.site,
                "host_organisation": visit.host_organisation,
                "address": visit.address,
                "meeting_point": visit.meeting_point,
                "transport": visit.transport,
                "capacity": visit.capacity,
                "attendees": [a.person_id for a in visit.attendees],
            }
            if visit
            else None
        ),
        "updated_at": format_instant(s.updated_at),
    }


def _theme(t: m.Theme) -> dict[str, Any]:
    return {
        "id": t.id,
        "position": t.position,
        "title": t.title,
        "key_message": t.key_message,
        "summary": t.summary,
        "body": t.body,
        "updated_at": format_instant(t.updated_at),
    }


def _note(n: m.Note) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": n.id,
        "kind": n.kind,
        "text": n.text,
        "author": n.author,
        "captured_at": format_instant(n.captured_at),
        "session": n.session_id,
        "themes": n.theme_ids,
        "featured": n.featured,
        "position": n.position,
    }
    if n.placement is not None:
        out["placement"] = n.placement
    if n.quote:
        q = n.quote
        out["quote"] = {
            "speaker": q.speaker_id,
            "name": q.name,
            "job_title": q.job_title,
            "organisation": q.organisation,
            "city": q.city,
            "country": q.country,
            "attribution": q.attribution,
        }
    if n.case_study:
        c = n.case_study
        out["case_study"] = {
            "title": c.title,
            "city": c.city,
            "country": c.country,
            "challenge": c.challenge,
            "approach": c.approach,
            "impact": c.impact,
            "url": c.url,
        }
    if n.example:
        x = n.example
        out["example"] = {"label": x.label, "city": x.city, "country": x.country, "url": x.url}
    if n.resource:
        r = n.resource
        out["resource"] = {"title": r.title, "publisher": r.publisher, "url": r.url}
    out["updated_at"] = format_instant(n.updated_at)
    return out


def _partner(p: m.Partner) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "role": p.role,
        "url": p.url,
        "logo": p.logo_id,
        "acknowledgement": p.acknowledgement,
        "updated_at": format_instant(p.updated_at),
    }


def _contact(c: m.Contact) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "role": c.role,
        "organisation": c.organisation,
        "email": c.email,
        "updated_at": format_instant(c.updated_at),
    }
