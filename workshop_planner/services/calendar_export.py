"""The agenda as an iCalendar (.ics) file for calendar apps.

Every session becomes a VEVENT whose times carry the event's IANA zone as
TZID, with a VTIMEZONE component describing that zone, so a calendar shows
10:00 in Berlin as 04:00 in Washington. The session id is the UID, so
importing a newer export updates the entries instead of duplicating them.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from workshop_planner.domain.enums import SessionKind
from workshop_planner.domain.rules import RuleViolation, check_timezone
from workshop_planner.domain.types import utc_now
from workshop_planner.services.agenda import SessionInfo, get_agenda_event, list_sessions
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.store.files import write_atomically

PRODID = "-//Workshop Planner//Agenda//EN"


def build_calendar(workspace: Workspace, event_id: str) -> bytes:
    """The event's agenda as iCalendar bytes."""
    event = get_agenda_event(workspace, event_id)
    try:
        zone = check_timezone(event.timezone)
    except RuleViolation as exc:
        raise ServiceError(f"The event's time zone cannot be exported: {exc}") from exc
    sessions = list_sessions(workspace, event_id)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _one_line(event.title))
    cal.add("x-wr-timezone", event.timezone)
    stamp = utc_now()
    for session in sessions:
        cal.add_component(_vevent(session, stamp, zone))
    if sessions:
        cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _vevent(session: SessionInfo, stamp: datetime, zone: ZoneInfo) -> CalendarEvent:
    vevent = CalendarEvent()
    vevent.add("uid", session.id)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", _one_line(session.title))
    vevent.add("dtstart", session.start.replace(tzinfo=zone))
    vevent.add("dtend", session.end.replace(tzinfo=zone))
    if session.updated_at is not None:
        vevent.add("last-modified", session.updated_at)
    location = session.location
    visit = session.field_visit
    if visit is not None and not location:
        location = ", ".join(x for x in (visit.site, visit.address) if x) or None
    if location:
        vevent.add("location", _one_line(location))
    description = _plain(_description(session))
    if description:
        vevent.add("description", description)
    vevent.add("categories", [_kind_label(session.kind)])
    return vevent


# Control characters a calendar line cannot carry (RFC 5545 allows only TAB).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain(text: str) -> str:
    """Text whose line breaks the iCalendar writer escapes; other controls dropped.

    Data stored before the limits were checked may hold any of them.
    """
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _one_line(text: str) -> str:
    """A name or title on one line: a calendar's name cannot hold a line break at all."""
    return " ".join(_plain(text).split())


def _kind_label(kind: str) -> str:
    try:
        return SessionKind(kind).value.replace("_", " ").capitalize()
    except ValueError:
        return "Other"


def _description(session: SessionInfo) -> str:
    parts: list[str] = []
    if session.description:
        parts.append(session.description)
    if session.people:
        parts.append(
            "\n".join(f"{p.role.replace('_', ' ').capitalize()}: {p.name}" for p in session.people)
        )
    visit = session.field_visit
    if visit is not None:
        details = [
            ("Site", visit.site),
            ("Host", visit.host_organisation),
            ("Address", visit.address),
            ("Meeting point", visit.meeting_point),
            ("Transport", visit.transport),
        ]
        lines = [f"{label}: {value}" for label, value in details if value]
        if visit.capacity is not None:
            lines.append(f"Places: {len(visit.attendees)} of {visit.capacity} taken")
        if lines:
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def export_calendar(workspace: Workspace, event_id: str, path: str | os.PathLike[str]) -> int:
    """Write the agenda to ``path`` (atomically); returns the number of sessions written."""
    data = build_calendar(workspace, event_id)
    target = Path(path)
    if not target.parent.is_dir():
        raise ServiceError(f"The folder {target.parent} does not exist.")
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise ServiceError(f"Could not write {target}: {exc.strerror or exc}.") from exc
    return data.count(b"BEGIN:VEVENT")
