"""Editing events: fields, duplication as a template, archiving, partners, contacts, report.

Every function is one short transaction and returns plain frozen dataclasses;
the organiser's views and their undo commands call these and nothing else.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from workshop_planner.domain import fields as fd
from workshop_planner.domain import models as m
from workshop_planner.domain import rules
from workshop_planner.domain.enums import ReportSection
from workshop_planner.domain.limits import MAX_IMAGE_BYTES
from workshop_planner.domain.types import new_id
from workshop_planner.services.concurrency import (
    changed_fields,
    check_version,
    edited,
    keep_version,
    locked,
    refusing_stale_writes,
)
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

#: Largest logo file the workspace accepts.
MAX_LOGO_BYTES = MAX_IMAGE_BYTES

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
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0


#: The event fields an organiser edits (everything but id, archived, updated_at).
EDITABLE_FIELDS: tuple[str, ...] = fd.EVENT.bundle


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
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0


@dataclass(frozen=True)
class ContactData:
    id: str
    name: str
    role: str | None
    organisation: str | None
    email: str | None
    position: int
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0


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


REPORT_OVERRIDES: tuple[str, ...] = fd.REPORT_OVERRIDES


# --- events ----------------------------------------------------------------------


def get_event(workspace: Workspace, event_id: str) -> EventData:
    # a Core row of the table: the window's first screen reads it before the
    # ORM's mappers are configured (0.1–0.3 s, left to the first edit)
    with workspace.reading() as db:
        return _row_result(EventData, _event_row(db, event_id))


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
        event = m.Event(id=event_id or new_id(), **cleaned)
        event.report_settings = m.ReportSettings()
        db.add(event)
        db.flush()
        return _event_data(event)


def update_event(
    workspace: Workspace,
    event_id: str,
    changes: Mapping[str, Any],
    *,
    version: int | None = None,
    base: EventData | None = None,
) -> EventData:
    """Change some fields of an event; nothing changes if any value is invalid.

    ``version`` is the version the editor loaded (``base``, the event as it
    showed it, names what changed): an event changed since is refused with
    :class:`StaleEditError`; None checks nothing (undo and redo).
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"An event has no field called {sorted(unknown)[0]}.")
    with refusing_stale_writes(workspace, "event") as db:
        event = locked(db, m.Event, event_id, _EVENT_GONE)
        check_version(event, version, "event", lambda: _event_changes(base, event))
        cleaned = _validated(dict(changes), current=event)
        for name, value in cleaned.items():
            if getattr(event, name) != value:
                setattr(event, name, value)
        db.flush()  # the flush hook stamps updated_at
        return _event_data(event)


def delete_event(workspace: Workspace, event_id: str) -> None:
    """Remove an event and everything in it (used to undo creating one)."""
    with workspace.transaction() as db:
        db.delete(_event(db, event_id))


def set_archived(workspace: Workspace, event_id: str, archived: bool) -> EventData:
    with workspace.transaction() as db:
        event = _event(db, event_id)
        event.archived = archived
        db.flush()
        return _event_data(event)


def event_counts(workspace: Workspace, event_id: str) -> EventCounts:
    with workspace.reading() as db:

        def count(model: Any) -> int:
            rows = model.__table__  # Core: no mapper configuration (see get_event)
            return int(
                db.scalar(select(func.count()).select_from(rows).where(rows.c.event_id == event_id))
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
                *fd.load_note_relations(selectinload(m.Event.notes)),
            )
        ).one_or_none()
        if source is None:
            raise NotFoundError("That event no longer exists.")
        if event_id is not None and db.get(m.Event, event_id) is not None:
            raise ServiceError(f"An event with the id {event_id} exists already.")
        shift = timedelta(days=(start_date - source.start_date).days)
        copy = fd.new_copy(
            source,
            fd.EVENT,
            id=event_id or new_id(),
            title=(title or "").strip() or _next_title(source.title),
            start_date=source.start_date + shift,
            end_date=source.end_date + shift,
        )
        copy.report_settings = m.ReportSettings()
        if source.report_settings is not None:
            fd.copy_fields(source.report_settings, copy.report_settings, fd.REPORT_SETTINGS.copied)
        db.add(copy)
        session_ids: dict[str, str] = {}
        for s in source.sessions:
            times = {"start": s.start + shift, "end": s.end + shift}
            session = fd.new_copy(s, fd.SESSION, id=new_id(), event_id=copy.id, **times)
            session_ids[s.id] = session.id
            if copy_participants:
                session.people = [fd.new_copy(p, fd.SESSION_PERSON) for p in s.people]
            if s.field_visit is not None:
                session.field_visit = fd.new_copy(s.field_visit, fd.FIELD_VISIT)
                if copy_participants:
                    session.field_visit.attendees = [
                        fd.new_copy(a, fd.FIELD_VISIT_ATTENDEE) for a in s.field_visit.attendees
                    ]
            db.add(session)
        theme_ids: dict[str, str] = {}
        for t in source.themes:
            theme = fd.new_copy(t, fd.THEME, id=new_id(), event_id=copy.id)
            theme_ids[t.id] = theme.id
            db.add(theme)
        for p in source.partners:
            db.add(fd.new_copy(p, fd.PARTNER, id=new_id(), event_id=copy.id))
        for c in source.contacts:
            db.add(fd.new_copy(c, fd.CONTACT, id=new_id(), event_id=copy.id))
        if copy_participants:
            for part in source.participants:
                db.add(fd.new_copy(part, fd.PARTICIPANT, id=new_id(), event_id=copy.id))
        if copy_notes:
            for n in source.notes:
                note = fd.new_copy(n, fd.NOTE, id=new_id(), event_id=copy.id)
                note.session_id = session_ids.get(n.session_id or "")
                note.theme_links = [
                    m.NoteTheme(theme_id=theme_ids[link.theme_id], position=link.position)
                    for link in n.theme_links
                    if link.theme_id in theme_ids
                ]
                for name, declared in fd.NOTE_DETAILS.items():
                    details = getattr(n, name)
                    if details is not None:
                        setattr(note, name, fd.new_copy(details, declared))
                db.add(note)
        db.flush()
        return _event_data(copy)


def _next_title(title: str) -> str:
    return f"{title} (next)"


# --- partners ----------------------------------------------------------------------


def list_partners(workspace: Workspace, event_id: str) -> list[PartnerData]:
    return _list(workspace, _PARTNERS, event_id)


def add_partner(
    workspace: Workspace,
    event_id: str,
    *,
    position: int | None = None,
    partner_id: str | None = None,
    **values: Any,
) -> PartnerData:
    """Add a partner; ``values`` are :class:`PartnerData` fields (a name is required)."""
    return _add(workspace, _PARTNERS, event_id, values, position, partner_id)


def update_partner(
    workspace: Workspace,
    partner_id: str,
    changes: Mapping[str, Any],
    *,
    version: int | None = None,
) -> PartnerData:
    """Change some fields; a partner changed since ``version`` is refused (StaleEditError)."""
    return _update(workspace, _PARTNERS, partner_id, changes, version)


def remove_partner(workspace: Workspace, partner_id: str) -> PartnerData:
    """Delete a partner; returns what it was so an undo can put it back."""
    return _remove(workspace, _PARTNERS, partner_id)


def restore_partner(workspace: Workspace, event_id: str, data: PartnerData) -> PartnerData:
    return _restore(workspace, _PARTNERS, event_id, data)


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
    # Pillow is loaded by the first logo chosen, not by the app's start
    from workshop_planner.domain.image_limits import image_problem

    media_type = logo_media_type(path, data)
    problem = image_problem(media_type, data)
    if problem:
        raise ServiceError(f"{path.name} {problem}; choose another logo.")
    with workspace.transaction() as db:
        asset = m.Asset(id=new_id(), media_type=media_type, data=data)
        db.add(asset)
        return AssetData(asset.id, media_type, data)


def get_asset(workspace: Workspace, asset_id: str) -> AssetData:
    assets = m.Asset.__table__  # Core, as get_event
    with workspace.reading() as db:
        row = db.execute(select(assets).where(assets.c.id == asset_id)).first()
        if row is None:
            raise NotFoundError("That image is no longer in the workspace.")
        return _row_result(AssetData, row)


# --- contacts ----------------------------------------------------------------------


def list_contacts(workspace: Workspace, event_id: str) -> list[ContactData]:
    return _list(workspace, _CONTACTS, event_id)


def add_contact(
    workspace: Workspace,
    event_id: str,
    *,
    position: int | None = None,
    contact_id: str | None = None,
    **values: Any,
) -> ContactData:
    """Add a contact; ``values`` are :class:`ContactData` fields (a name is required)."""
    return _add(workspace, _CONTACTS, event_id, values, position, contact_id)


def update_contact(
    workspace: Workspace,
    contact_id: str,
    changes: Mapping[str, Any],
    *,
    version: int | None = None,
) -> ContactData:
    """Change some fields; a contact changed since ``version`` is refused (StaleEditError)."""
    return _update(workspace, _CONTACTS, contact_id, changes, version)


def remove_contact(workspace: Workspace, contact_id: str) -> ContactData:
    return _remove(workspace, _CONTACTS, contact_id)


def restore_contact(workspace: Workspace, event_id: str, data: ContactData) -> ContactData:
    return _restore(workspace, _CONTACTS, event_id, data)


# --- partners and contacts alike -----------------------------------------------------


R = TypeVar("R")


@dataclass(frozen=True)
class _Listed(Generic[R]):
    """Partners and contacts: named rows of an event, in the organiser's order."""

    noun: str
    declared: fd.Fields
    result: type[R]

    @property
    def model(self) -> Any:
        return self.declared.model

    @property
    def editable(self) -> tuple[str, ...]:
        return tuple(n for n in fd.names_of(self.result) if n not in ("id", "version"))


_PARTNERS = _Listed("partner", fd.PARTNER, PartnerData)
_CONTACTS = _Listed("contact", fd.CONTACT, ContactData)


def _list(workspace: Workspace, kind: _Listed[R], event_id: str) -> list[R]:
    items = kind.model.__table__  # Core rows, as get_event
    with workspace.reading() as db:
        _event_row(db, event_id)
        rows = db.execute(
            select(items)
            .where(items.c.event_id == event_id)
            .order_by(items.c.position, items.c.name)
        )
        return [_row_result(kind.result, row) for row in rows]


def _cleaned(db: DbSession, kind: _Listed[R], values: Mapping[str, Any]) -> dict[str, Any]:
    """Checked values for a partner or contact; raises ServiceError with one sentence."""
    unknown = set(values) - set(kind.editable)
    if unknown:
        raise ServiceError(f"A {kind.noun} has no field called {sorted(unknown)[0]}.")
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            value = _required(value, f"A {kind.noun} needs a name.")
        elif key == "email":
            value = _ruled(rules.check_email, value)
        elif key == "url":
            value = _ruled(rules.check_web_address, value)
        elif key == "logo_id":
            if value is not None and db.get(m.Asset, value) is None:
                raise NotFoundError("That logo is no longer in the workspace.")
        elif key != "position":
            value = rules.clean_text(value)
        cleaned[key] = value
    return cleaned


def _add(
    workspace: Workspace,
    kind: _Listed[R],
    event_id: str,
    values: Mapping[str, Any],
    position: int | None,
    item_id: str | None,
    version: int = 0,
) -> R:
    with workspace.transaction() as db:
        cleaned = _cleaned(db, kind, {"name": None, **values})
        _event(db, event_id)
        if position is None:
            position = _next_position(db, kind.model, event_id)
        row = kind.model(id=item_id or new_id(), event_id=event_id, position=position, **cleaned)
        db.add(row)
        db.flush()
        keep_version(db, row, version)
        return fd.result_of(kind.result, row)


def _row(db: DbSession, kind: _Listed[R], item_id: str) -> Any:
    row = db.get(kind.model, item_id)
    if row is None:
        raise NotFoundError(f"That {kind.noun} no longer exists.")
    return row


def _update(
    workspace: Workspace,
    kind: _Listed[R],
    item_id: str,
    changes: Mapping[str, Any],
    version: int | None,
) -> R:
    with refusing_stale_writes(workspace, kind.noun) as db:
        cleaned = _cleaned(db, kind, changes)
        row = locked(db, kind.model, item_id, f"That {kind.noun} no longer exists.")
        check_version(row, version, kind.noun)
        for key, value in cleaned.items():
            setattr(row, key, value)
        db.flush()
        return fd.result_of(kind.result, row)


def _remove(workspace: Workspace, kind: _Listed[R], item_id: str) -> R:
    with workspace.transaction() as db:
        row = _row(db, kind, item_id)
        data = fd.result_of(kind.result, row)
        db.delete(row)
        return data


def _restore(workspace: Workspace, kind: _Listed[R], event_id: str, data: R) -> R:
    """Put back a removed partner or contact with its id, values and place."""
    values = fd.values_of(data, ("id", *kind.editable))
    item_id, position = values.pop("id"), values.pop("position")
    return _add(workspace, kind, event_id, values, position, item_id, getattr(data, "version", 0))


# --- report settings ---------------------------------------------------------------


def get_report_settings(workspace: Workspace, event_id: str) -> ReportSettingsData:
    with workspace.reading() as db:
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
                value = rules.clean_text(value)
            setattr(settings, key, value)
        db.flush()
        return _settings_data(settings)


# --- helpers -----------------------------------------------------------------------


_EVENT_GONE = "That event no longer exists."


def _event(db: DbSession, event_id: str) -> m.Event:
    event = db.get(m.Event, event_id)
    if event is None:
        raise NotFoundError(_EVENT_GONE)
    return event


def _event_row(db: DbSession, event_id: str) -> Row[Any]:
    events = m.Event.__table__
    row = db.execute(select(events).where(events.c.id == event_id)).first()
    if row is None:
        raise NotFoundError(_EVENT_GONE)
    return row


def _row_result(cls: type[R], row: Row[Any]) -> R:
    """``cls`` filled from a Core row whose column names are its field names."""
    return fd.result_of(cls, row)


def _event_changes(base: EventData | None, event: m.Event) -> list[str]:
    """The fields another edit changed since ``base`` ("title edited", …)."""
    if base is None:
        return []
    return changed_fields(
        fd.values_of(base, EDITABLE_FIELDS),
        fd.values_of(event, EDITABLE_FIELDS),
        edited(EDITABLE_FIELDS),
    )


def _event_data(e: m.Event) -> EventData:
    return fd.result_of(EventData, e)


def _settings_data(s: m.ReportSettings | None) -> ReportSettingsData:
    if s is None:
        return ReportSettingsData("event-report", tuple(m.DEFAULT_SECTIONS), None, None, None, None)
    return fd.result_of(ReportSettingsData, s, sections=tuple(s.sections or ()))


def _next_position(db: DbSession, model: Any, event_id: str) -> int:
    top = db.scalar(select(func.max(model.position)).where(model.event_id == event_id))
    return 0 if top is None else int(top) + 1


def _required(text: Any, message: str) -> str:
    cleaned = rules.clean_text(text)
    if cleaned is None:
        raise ServiceError(message)
    return cleaned


def _ruled(rule: Callable[[Any], Any], value: Any) -> Any:
    """``rule(value)``, its refusal as the services' one-sentence error."""
    try:
        return rule(value)
    except rules.RuleViolation as exc:
        raise ServiceError(str(exc)) from None


def _validated(values: dict[str, Any], current: m.Event | None) -> dict[str, Any]:
    """Clean and check field values (the domain's event rules); raises ServiceError."""
    start, end = (current.start_date, current.end_date) if current else (None, None)
    check = partial(rules.check_event_fields, start=start, end=end)
    cleaned: dict[str, Any] = _ruled(check, values)
    return cleaned
