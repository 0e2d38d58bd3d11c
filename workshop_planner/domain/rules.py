"""Domain rules as plain functions: no database, no Qt, no files."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale

from workshop_planner.domain.enums import Attribution


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


#: what counts as an e-mail address: something@domain.tld, no spaces
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(text: str | None) -> str | None:
    """The e-mail address ``text`` trimmed (None when empty); raises if it is not one."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if _EMAIL.match(cleaned) is None:
        raise RuleViolation(f"“{cleaned}” is not an e-mail address such as name@example.org.")
    return cleaned


def check_country_code(text: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code ``text`` in capitals (None when empty); raises if unknown."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    code = cleaned.upper()
    if len(code) != 2 or code not in _country_codes():
        raise RuleViolation(f"“{cleaned}” is not an ISO country code such as DE.")
    return code


_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})


@cache
def _country_codes() -> frozenset[str]:
    territories = Locale("en").territories
    return frozenset(
        c for c in map(str, territories) if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES
    )
