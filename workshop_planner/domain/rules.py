"""Domain rules as plain functions: no database, no Qt, no files."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from workshop_planner.domain.enums import Attribution, NoteKind, Placement


class RuleViolation(ValueError):
    """A domain rule was broken; the message is one sentence for the user."""


def event_days(start: date, end: date) -> list[date]:
    """Every calendar day of an event, first to last inclusive."""
    check_event_dates(start, end)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def check_event_dates(start: date, end: date) -> None:
    if end < start:
        raise RuleViolation(
            f"The event ends ({end.isoformat()}) before it starts ({start.isoformat()})."
        )


def check_timezone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises if there is none."""
    try:
        if name not in _zone_names():
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuleViolation(f"“{name}” is not an IANA time zone such as Europe/Berlin.") from exc


_ZONES: frozenset[str] | None = None


def _zone_names() -> frozenset[str]:
    global _ZONES  # computed once: the zone list is large
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def check_session_times(start: datetime, end: datetime, event_start: date, event_end: date) -> None:
    """A session ends after it starts and lies within the event's days."""
    if end <= start:
        raise RuleViolation("A session must end after it starts.")
    if session_outside_event(start, end, event_start, event_end):
        raise RuleViolation(
            f"The session ({start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}) lies outside "
            f"the event days ({event_start.isoformat()} to {event_end.isoformat()})."
        )


def session_outside_event(
    start: datetime, end: datetime, event_start: date, event_end: date
) -> bool:
    """True when any part of the session falls outside the event's days."""
    first = datetime.combine(event_start, time.min)
    after_last = datetime.combine(event_end + timedelta(days=1), time.min)
    return start < first or end > after_last


def effective_attribution(
    requested: Attribution | str, consent_to_name: bool | None
) -> Attribution:
    """How a quote may be printed.

    A speaker who has not consented (or whose consent is unknown) is never
    named: ``named`` falls back to ``by_origin``. Anonymous stays anonymous.
    A speaker typed free (not in the directory) is passed as consenting: the
    note-taker records a public statement by someone the directory lacks.
    """
    wanted = Attribution(requested)
    if wanted is Attribution.NAMED and not consent_to_name:
        return Attribution.BY_ORIGIN
    return wanted


def default_attribution(consent_to_name: bool | None) -> Attribution:
    """The attribution a note-taker starts from for a quote by this speaker."""
    return Attribution.NAMED if consent_to_name else Attribution.BY_ORIGIN


#: Where a featured note prints when it has no placement of its own.
DEFAULT_PLACEMENT: dict[str, Placement] = {
    NoteKind.OBSERVATION: Placement.THEME,
    NoteKind.QUOTE: Placement.THEME,
    NoteKind.CASE_STUDY: Placement.THEME,
    NoteKind.EXAMPLE: Placement.EXAMPLES,
    NoteKind.THREAT: Placement.THREATS,
    NoteKind.CHALLENGE: Placement.THREATS,
    NoteKind.NEED: Placement.THREATS,
    NoteKind.RECOMMENDATION: Placement.NEXT_STEPS,
    NoteKind.NEXT_STEP: Placement.NEXT_STEPS,
    NoteKind.RESOURCE: Placement.RESOURCES,
}

#: What :func:`print_placement` answers for a note the report does not print.
NOWHERE = "nowhere"


def check_placement(value: str | None) -> Placement | None:
    """The placement named ``value`` (None or "" = by kind); raises for an unknown one."""
    if value is None or not str(value).strip():
        return None
    try:
        return Placement(str(value).strip())
    except ValueError:
        names = ", ".join(p.value for p in Placement)
        raise RuleViolation(
            f"“{value}” is not a place in the report; use one of {names}."
        ) from None


def print_placement(kind: str, placement: str | None, featured: bool, has_themes: bool) -> str:
    """Where the report prints a note: a :class:`Placement` value, or :data:`NOWHERE`.

    Only featured notes print. Without a placement of its own a note prints by
    its kind (:data:`DEFAULT_PLACEMENT`). A note that prints inside its themes
    (``theme``, ``examples``) but has none prints nowhere, except a quote
    without a placement: the layout prints it with the threats.
    """
    if not featured:
        return NOWHERE
    try:
        own = Placement(placement) if placement else None
    except ValueError:
        own = None
    place = own or DEFAULT_PLACEMENT.get(kind, Placement.THEME)
    if place in (Placement.THEME, Placement.EXAMPLES) and not has_themes:
        if own is None and kind == NoteKind.QUOTE:
            return Placement.THREATS.value
        return NOWHERE
    return place.value
