"""Editing events: fields, duplication as a template, archiving, partners, contacts, report.

Every function is one short transaction and returns plain frozen dataclasses;
the organiser's views and their undo commands call these and nothing else.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from workshop_planner.domain import models as m
from workshop_planner.domain.enums import ReportSection
from workshop_planner.domain.rules import RuleViolation, check_event_dates, check_timezone
from workshop_planner.domain.types import new_id, utc_now
from workshop_planner.services.countries import is_country_code
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

#: Largest logo file the workspace accepts.
MAX_LOGO_BYTES = 5 * 1024 * 1024

# --- plain results --------------------------------------------------------------


@dataclass(frozen=True)
class EventData:
    id: str
    title: str
    label: str | None
    series: str | None
    subtitle: str | None
    convenor: str | None
    description: str | None
    venue_name: str | None
    venue_address: str | None
    venue_city: str | None
    venue_country: str | None
    start_date: date
    end_date: date
    timezone: str
    language: str
    archived: bool
    updated_at: datetime


#: The event fields an organiser edits (everything but id, archived, updated_at).
EDITABLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(EventData) if f.name not in ("id", "archived", "updated_at")
)
_TEXT_FIELDS = frozenset(
    name for name in EDITABLE_FIELDS if name not in ("start_date", "end_date", "timezone")
)


@dataclass(frozen=True)
class EventCounts:
    participants: int
    sessions: int
    notes: int


@dataclass(frozen=True)
class PartnerData:
    id: str
    name: str
    role: str | None
    url: str | None
    logo_id: str | None
    acknowledgement: str | None
    position: int


@dataclass(frozen=True)
class ContactData:
    id: str
    name: str
    role: str | None
    organisation: str | None
    email: str | None
    position: int


@dataclass(frozen=True)
class AssetData:
    id: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class ReportSettingsData:
    template: str
    sections: tuple[str, ...]
    summary_opening: str | None
    threats_intro: str | None
    next_steps: str | None
    closing: str | None


REPORT_OVERRIDES: tuple[str, ...] = ("summary_opening", "threats_intro", "next_steps", "closing")


# --- events ----------------------------------------------------------------------


def get_event(workspace: Workspace, event_id: str) -> EventData:
    with workspace.transaction() as db:
        return _event_data(_event(db, event_id))


def create_event(
    workspace: Workspace,
    *,
    title: str,
    start_date: date,
    end_date: date | None = None,
    timezone: str = "UTC",
    event_id: str | None = None,
    **other: Any,
) -> EventData:
    """A new event; ``other`` may hold any further field of :data:`EDITABLE_FIELDS`."""
    values: dict[str, Any] = {
        "title": title,
        "start_date": start_date,
        "end_date": end_date or start_date,
        "timezone": timezone,
        "language": "en",
        "label": "Event Report",
    }
    values.update(other)
    cleaned = _validated(values, current=None)
    with workspace.transaction() as db:
        if event_id is not None and db.get(m.Event, event_id) is not None:
            raise ServiceError(f"An event with the id {event_id} exists already.")
        event = m.Event(id=event_id or new_id(), updated_at=utc_now(), **cleaned)
        event.report_settings = m.ReportSettings()
        db.add(event)
        db.flush()
        return _event_data(event)


def update_event(workspace: Workspace, event_id: str, changes: Mapping[str, Any]) -> EventData:
    """Change some fields of an event; nothing changes if any value is invalid."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"An event has no field called {sorted(unknown)[0]}.")
    with workspace.transaction() as db:
        event = _event(db, event_id)
        cleaned = _validated(dict(changes), current=event)
        changed = False
        for name, value in cleaned.items():
            if getattr(event, name) != value:
                setattr(event, name, value)
                changed = True
        if changed:
            event.updated_at = utc_now()
        return _event_data(event)


def delete_event(workspace: Workspace, event_id: str) -> None:
    """Remove an event and everything in it (used to undo creating one)."""
    with workspace.transaction() as db:
        db.delete(_event(db, event_id))


def set_archived(workspace: Workspace, event_id: str, archived: bool) -> EventData:
    with workspace.transaction() as db:
        event = _event(db, event_id)
        if event.archived != archived:
            event.archived = archived
            event.updated_at = utc_now()
        return _event_data(event)


def event_counts(workspace: Workspace, event_id: str) -> EventCounts:
    with workspace.transaction() as db:

        def count(model: Any) -> int:
            return int(
                db.scalar(select(func.count()).select_from(model).where(model.event_id == event_id))
                or 0
            )

        return EventCounts(count(m.Participant), count(m.Session), count(m.Note))


def duplicate_event(
    workspace: Workspace,
    source_id: str,
    *,
    start_date: date,
    title: str | None = None,
    copy_participants: bool = False,
    copy_notes: bool = False,
    event_id: str | None = None,
) -> EventData:
    """A template for the next event of a series.

    Copies the event's fields, report choices, sessions (shifted to the new
    dates, with their field-visit details), themes (title and position, texts
    left empty for the new report), partners and contacts. Participants (and
    the people in sessions and visits) and notes only when asked.
    """
    with workspace.transaction() as db:
        source = db.scalars(
            select(m.Event)
            .where(m.Event.id == source_id)
            .options(
                selectinload(m.Event.sessions).selectinload(m.Session.people),
                selectinload(m.Event.sessions)
                .selectinload(m.Session.field_visit)
                .selectinload(m.FieldVisit.attendees),
                selectinload(m.Event.themes),
                selectinload(m.Event.partners),
                selectinload(m.Event.contacts),
                selectinload(m.Event.participants),
                selectinload(m.Event.notes).selectinload(m.Note.theme_links),
            )
        ).one_or_none()
        if source is None:
            raise NotFoundError("That event no longer exists.")
        if event_id is not None and db.get(m.Event, event_id) is not None:
            raise ServiceError(f"An event with the id {event_id} exists already.")
        shift = timedelta(days=(start_date - source.start_date).days)
        now = utc_now()
        copy = m.Event(
            id=event_id or new_id(),
            updated_at=now,
            title=(title or "").strip() or _next_title(source.title),
            **{
                name: getattr(source, name)
                for name in EDITABLE_FIELDS
                if name not in ("title", "start_date", "end_date")
            },
            start_date=source.start_date + shift,
            end_date=source.end_date + shift,
        )
        settings = source.report_settings
        copy.report_settings = m.ReportSettings(
            template=settings.template if settings else "event-report",
            sections=list(settings.sections) if settings else list(m.DEFAULT_SECTIONS),
        )
        db.add(copy)
        for s in source.sessions:
            session = m.Session(
                id=new_id(),
                updated_at=now,
                event_id=copy.id,
                title=s.title,
                kind=s.kind,
                start=s.start + shift,
                end=s.end + shift,
                location=s.location,
                description=s.description,
            )
            if copy_participants:
                session.people = [
                    m.SessionPerson(person_id=p.person_id, role=p.role, position=p.position)
                    for p in s.people
                ]
            if s.field_visit is not None:
                fv = s.field_visit
                session.field_visit = m.FieldVisit(
                    site=fv.site,
                    host_organisation=fv.host_organisation,
                    address=fv.address,
                    meeting_point=fv.meeting_point,
                    transport=fv.transport,
                    capacity=fv.capacity,
                )
                if copy_participants:
                    session.field_visit.attendees = [
                        m.FieldVisitAttendee(person_id=a.person_id, position=a.position)
                        for a in fv.attendees
                    ]
            db.add(session)
        theme_ids: dict[str, str] = {}
        for t in source.themes:
            theme = m.Theme(
                id=new_id(), updated_at=now, event_id=copy.id, position=t.position, title=t.title
            )
            theme_ids[t.id] = theme.id
            db.add(theme)
        for p in source.partners:
            db.add(
                m.Partner(
                    id=new_id(),
                    updated_at=now,
                    event_id=copy.id,
                    name=p.name,
                    role=p.role,
                    url=p.url,
                    logo_id=p.logo_id,
                    acknowledgement=p.acknowledgement,
                    position=p.position,
                )
            )
        for c in source.contacts:
            db.add(
                m.Contact(
                    id=new_id(),
                    updated_at=now,
                    event_id=copy.id,
                    name=c.name,
                    role=c.role,
                    organisation=c.organisation,
                    email=c.email,
                    position=c.position,
                )
            )
        if copy_participants:
            for part in source.participants:
                db.add(
                    m.Participant(
                        id=new_id(),
                        updated_at=now,
                        event_id=copy.id,
                        person_id=part.person_id,
                        roles=list(part.roles),
                        attendance="invited",
                        requirements=part.requirements,
                    )
                )
        if copy_notes:
            for n in source.notes:
                note = m.Note(
                    id=new_id(),
                    updated_at=now,
                    event_id=copy.id,
                    kind=n.kind,
                    text=n.text,
                    author=n.author,
                    captured_at=n.captured_at,
                    featured=n.featured,
                    position=n.position,
                    placement=n.placement,
                )
                note.theme_links = [
                    m.NoteTheme(theme_id=theme_ids[link.theme_id], position=link.position)
                    for link in n.theme_links
                    if link.theme_id in theme_ids
                ]
                db.add(note)
        db.flush()
        return _event_data(copy)


def _next_title(title: str) -> str:
    return f"{title} (next)"


# --- partners ----------------------------------------------------------------------


def list_partners(workspace: Workspace, event_id: str) -> list[PartnerData]:
    with workspace.transaction() as db:
        _event(db, event_id)
        rows = db.scalars(
            select(m.Partner)
            .where(m.Partner.event_id == event_id)
            .order_by(m.Partner.position, m.Partner.name)
        )
        return [_partner_data(p) for p in rows]


def add_partner(
    workspace: Workspace,
    event_id: str,
    *,
    name: str,
    role: str | None = None,
    url: str | None = None,
    acknowledgement: str | None = None,
    logo_id: str | None = None,
    position: int | None = None,
    partner_id: str | None = None,
) -> PartnerData:
    name = _required(name, "A partner needs a name.")
    with workspace.transaction() as db:
        _event(db, event_id)
        if logo_id is not None and db.get(m.Asset, logo_id) is None:
            raise NotFoundError("That logo is no longer in the workspace.")
        if position is None:
            position = _next_position(db, m.Partner, event_id)
        partner = m.Partner(
            id=partner_id or new_id(),
            updated_at=utc_now(),
            event_id=event_id,
            name=name,
            role=_clean(role),
            url=_clean(url),
            acknowledgement=_clean(acknowledgement),
            logo_id=logo_id,
            position=position,
        )
        db.add(partner)
        db.flush()
        return _partner_data(partner)


def update_partner(
    workspace: Workspace, partner_id: str, changes: Mapping[str, Any]
) -> PartnerData:
    allowed = {"name", "role", "url", "acknowledgement", "logo_id", "position"}
    if set(changes) - allowed:
        raise ServiceError(f"A partner has no field called {sorted(set(changes) - allowed)[0]}.")
    with workspace.transaction() as db:
        partner = db.get(m.Partner, partner_id)
        if partner is None:
            raise NotFoundError("That partner no longer exists.")
        for key, value in changes.items():
            if key == "name":
                value = _required(value, "A partner needs a name.")
            elif key == "logo_id":
                if value is not None and db.get(m.Asset, value) is None:
                    raise NotFoundError("That logo is no longer in the workspace.")
            elif key != "position":
                value = _clean(value)
            setattr(partner, key, value)
        partner.updated_at = utc_now()
        return _partner_data(partner)


def remove_partner(workspace: Workspace, partner_id: str) -> PartnerData:
    """Delete a partner; returns what it was so an undo can put it back."""
    with workspace.transaction() as db:
        partner = db.get(m.Partner, partner_id)
        if partner is None:
            raise NotFoundError("That partner no longer exists.")
        data = _partner_data(partner)
        db.delete(partner)
        return data


def restore_partner(workspace: Workspace, event_id: str, data: PartnerData) -> PartnerData:
    return add_partner(
        workspace,
        event_id,
        name=data.name,
        role=data.role,
        url=data.url,
        acknowledgement=data.acknowledgement,
        logo_id=data.logo_id,
        position=data.position,
        partner_id=data.id,
    )


def logo_media_type(path: Path, data: bytes) -> str:
    """The media type of a logo file; raises for anything but PNG, JPEG or SVG."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = data[:4096].lstrip().lower()
    if b"<svg" in head and head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        return "image/svg+xml"
    guessed = mimetypes.guess_type(path.name)[0]
    if guessed in ("image/png", "image/jpeg", "image/svg+xml"):
        # the name says it is an image, the content does not
        raise ServiceError(
            f"{path.name} is damaged or not really an image; choose a PNG, JPEG or SVG logo."
        )
    raise ServiceError(
        f"{path.name} is not a PNG, JPEG or SVG image; choose a logo in one of those formats."
    )


def store_logo(workspace: Workspace, path: Path) -> AssetData:
    """Keep a logo image file inside the workspace."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise ServiceError(
                f"{path.name} is {size // (1024 * 1024)} MB; choose a logo under 5 MB."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ServiceError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ServiceError(f"{path} is a folder, not an image.") from None
    except OSError as exc:
        raise ServiceError(f"{path} cannot be read ({exc.strerror}).") from None
    media_type = logo_media_type(path, data)
    with workspace.transaction() as db:
        asset = m.Asset(id=new_id(), media_type=media_type, data=data)
        db.add(asset)
        return AssetData(asset.id, media_type, data)


def get_asset(workspace: Workspace, asset_id: str) -> AssetData:
    with workspace.transaction() as db:
        asset = db.get(m.Asset, asset_id)
        if asset is None:
            raise NotFoundError("That image is no longer in the workspace.")
        return AssetData(asset.id, asset.media_type, asset.data)


# --- contacts ----------------------------------------------------------------------


def list_contacts(workspace: Workspace, event_id: str) -> list[ContactData]:
    with workspace.transaction() as db:
        _event(db, event_id)
        rows = db.scalars(
            select(m.Contact)
            .where(m.Contact.event_id == event_id)
            .order_by(m.Contact.position, m.Contact.name)
        )
        return [_contact_data(c) for c in rows]


def add_contact(
    workspace: Workspace,
    event_id: str,
    *,
    name: str,
    role: str | None = None,
    organisation: str | None = None,
    email: str | None = None,
    position: int | None = None,
    contact_id: str | None = None,
) -> ContactData:
    name = _required(name, "A contact needs a name.")
    email = _email(email)
    with workspace.transaction() as db:
        _event(db, event_id)
        if position is None:
            position = _next_position(db, m.Contact, event_id)
        contact = m.Contact(
            id=contact_id or new_id(),
            updated_at=utc_now(),
            event_id=event_id,
            name=name,
            role=_clean(role),
            organisation=_clean(organisation),
            email=email,
            position=position,
        )
        db.add(contact)
        db.flush()
        return _contact_data(contact)


def update_contact(
    workspace: Workspace, contact_id: str, changes: Mapping[str, Any]
) -> ContactData:
    allowed = {"name", "role", "organisation", "email", "position"}
    if set(changes) - allowed:
        raise ServiceError(f"A contact has no field called {sorted(set(changes) - allowed)[0]}.")
    with workspace.transaction() as db:
        contact = db.get(m.Contact, contact_id)
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        for key, value in changes.items():
            if key == "name":
                value = _required(value, "A contact needs a name.")
            elif key == "email":
                value = _email(value)
            elif key != "position":
                value = _clean(value)
            setattr(contact, key, value)
        contact.updated_at = utc_now()
        return _contact_data(contact)


def remove_contact(workspace: Workspace, contact_id: str) -> ContactData:
    with workspace.transaction() as db:
        contact = db.get(m.Contact, contact_id)
        if contact is None:
            raise NotFoundError("That contact no longer exists.")
        data = _contact_data(contact)
        db.delete(contact)
        return data


def restore_contact(workspace: Workspace, event_id: str, data: ContactData) -> ContactData:
    return add_contact(
        workspace,
        event_id,
        name=data.name,
        role=data.role,
        organisation=data.organisation,
        email=data.email,
        position=data.position,
        contact_id=data.id,
    )


# --- report settings ---------------------------------------------------------------


def get_report_settings(workspace: Workspace, event_id: str) -> ReportSettingsData:
    with workspace.transaction() as db:
        event = _event(db, event_id)
        return _settings_data(event.report_settings)


def update_report_settings(
    workspace: Workspace, event_id: str, changes: Mapping[str, Any]
) -> ReportSettingsData:
    """Change the template, the sections or the override texts (None or "" → use the draft)."""
    allowed = {"template", "sections", *REPORT_OVERRIDES}
    if set(changes) - allowed:
        raise ServiceError(f"Report settings have no {sorted(set(changes) - allowed)[0]}.")
    with workspace.transaction() as db:
        event = _event(db, event_id)
        settings = event.report_settings
        if settings is None:
            settings = m.ReportSettings(template="event-report", sections=list(m.DEFAULT_SECTIONS))
            event.report_settings = settings
        for key, value in changes.items():
            if key == "template":
                value = _required(value, "Choose a report template.")
            elif key == "sections":
                known = {s.value for s in ReportSection}
                bad = [s for s in value if s not in known]
                if bad:
                    raise ServiceError(f"“{bad[0]}” is not a report section.")
                value = list(dict.fromkeys(value))
            else:
                value = _clean(value)
            setattr(settings, key, value)
        event.updated_at = utc_now()
        db.flush()
        return _settings_data(settings)


# --- helpers -----------------------------------------------------------------------


def _event(db: DbSession, event_id: str) -> m.Event:
    event = db.get(m.Event, event_id)
    if event is None:
        raise NotFoundError("That event no longer exists.")
    return event


def _event_data(e: m.Event) -> EventData:
    return EventData(
        id=e.id,
        title=e.title,
        label=e.label,
        series=e.series,
        subtitle=e.subtitle,
        convenor=e.convenor,
        description=e.description,
        venue_name=e.venue_name,
        venue_address=e.venue_address,
        venue_city=e.venue_city,
        venue_country=e.venue_country,
        start_date=e.start_date,
        end_date=e.end_date,
        timezone=e.timezone,
        language=e.language,
        archived=e.archived,
        updated_at=e.updated_at,
    )


def _partner_data(p: m.Partner) -> PartnerData:
    return PartnerData(p.id, p.name, p.role, p.url, p.logo_id, p.acknowledgement, p.position)


def _contact_data(c: m.Contact) -> ContactData:
    return ContactData(c.id, c.name, c.role, c.organisation, c.email, c.position)


def _settings_data(s: m.ReportSettings | None) -> ReportSettingsData:
    if s is None:
        return ReportSettingsData("event-report", tuple(m.DEFAULT_SECTIONS), None, None, None, None)
    return ReportSettingsData(
        s.template,
        tuple(s.sections or ()),
        s.summary_opening,
        s.threats_intro,
        s.next_steps,
        s.closing,
    )


def _next_position(db: DbSession, model: Any, event_id: str) -> int:
    top = db.scalar(select(func.max(model.position)).where(model.event_id == event_id))
    return 0 if top is None else int(top) + 1


def _clean(text: Any) -> str | None:
    if text is None:
        return None
    cleaned = str(text).strip()
    return cleaned or None


def _required(text: Any, message: str) -> str:
    cleaned = _clean(text)
    if cleaned is None:
        raise ServiceError(message)
    return cleaned


def _email(text: str | None) -> str | None:
    cleaned = _clean(text)
    if cleaned is not None and ("@" not in cleaned or " " in cleaned):
        raise ServiceError(f"“{cleaned}” is not an e-mail address.")
    return cleaned


def check_language(code: str) -> str:
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ServiceError(f"“{code}” is not a language code such as en or de.") from None
    return code


def _validated(values: dict[str, Any], current: m.Event | None) -> dict[str, Any]:
    """Clean and check field values; raises ServiceError with one sentence."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name in _TEXT_FIELDS:
            value = _clean(value)
        cleaned[name] = value
    if "title" in cleaned and not cleaned["title"]:
        raise ServiceError("An event needs a title.")
    if cleaned.get("venue_country"):
        code = str(cleaned["venue_country"]).upper()
        if not is_country_code(code):
            raise ServiceError(f"“{cleaned['venue_country']}” is not an ISO country code.")
        cleaned["venue_country"] = code
    if "timezone" in cleaned:
        try:
            check_timezone(str(cleaned["timezone"]))
        except RuleViolation as exc:
            raise ServiceError(str(exc)) from None
    if "language" in cleaned:
        cleaned["language"] = check_language(cleaned["language"] or "en")
    for name in ("start_date", "end_date"):
        if name in cleaned and not isinstance(cleaned[name], date):
            raise ServiceError("Give the event's dates as calendar dates.")
    start = cleaned.get("start_date", current.start_date if current else None)
    end = cleaned.get("end_date", current.end_date if current else None)
    if start is not None and end is not None:
        try:
            check_event_dates(start, end)
        except RuleViolation as exc:
            raise ServiceError(str(exc)) from None
    return cleaned
