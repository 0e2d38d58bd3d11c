"""Domain rules as plain functions: no database, no Qt, no files.

The services check every write with these, and the UI asks the same functions
to mark a field invalid as the person types, so the two never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale, UnknownLocaleError

from workshop_planner.domain import limits
from workshop_planner.domain.enums import Attribution, NoteKind, Placement
from workshop_planner.domain.models import Event


class RuleViolation(ValueError):
    """A domain rule was broken; the message is one sentence for the user."""


def event_days(start: date, end: date) -> list[date]:
    """Every calendar day of an event, first to last inclusive.

    At most :data:`~limits.MAX_EVENT_DAYS` of them: an event stored before the
    limits were checked (one ending in 9999) still shows, cut short, rather than
    asking for millions of agenda columns.
    """
    check_event_dates(start, end)
    count = min((end - start).days + 1, limits.MAX_EVENT_DAYS)
    return [start + timedelta(days=i) for i in range(count)]


def dates_in_order(start: date, end: date) -> bool:
    """An event may end on the day it starts or later, never before."""
    return end >= start


def check_event_dates(start: date, end: date) -> None:
    if not dates_in_order(start, end):
        raise RuleViolation(
            f"The event ends ({end.isoformat()}) before it starts ({start.isoformat()})."
        )


def check_timezone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises if there is none."""
    try:
        if not is_timezone(name):
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuleViolation(f"“{name}” is not an IANA time zone such as Europe/Berlin.") from exc


def is_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone (Europe/Berlin, UTC …)."""
    return name in _zone_names()


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


#: The shortest session the agenda makes by dragging or by keys (one grid step).
MIN_SESSION_LENGTH = timedelta(minutes=15)


def session_too_short(start: datetime, end: datetime) -> bool:
    """True when a session from ``start`` to ``end`` is shorter than the minimum."""
    return end - start < MIN_SESSION_LENGTH


def check_session_length(start: datetime, end: datetime) -> None:
    if session_too_short(start, end):
        minutes = MIN_SESSION_LENGTH // timedelta(minutes=1)
        raise RuleViolation(f"A session cannot be shorter than {minutes} minutes.")


def session_outside_event(
    start: datetime, end: datetime, event_start: date, event_end: date
) -> bool:
    """True when any part of the session falls outside the event's days."""
    return start < datetime.combine(event_start, time.min) or end > end_of_day(event_end)


def end_of_day(day: date) -> datetime:
    """The midnight that ends ``day``; for 9999-12-31, whose next day Python cannot
    name, the last instant it can (an event stored before the limits existed)."""
    if day >= date.max:
        return datetime.max
    return datetime.combine(day + timedelta(days=1), time.min)


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
    """The attribution a note-taker starts from for a quote by this speaker.

    A speaker of the directory starts as ``named`` whatever their consent today:
    the choice is only an upper bound, and the report applies the consent the
    person has when it is printed (granted later: named; withdrawn: not).
    Without a directory speaker (None) a quote starts by its origin.
    """
    return Attribution.BY_ORIGIN if consent_to_name is None else Attribution.NAMED


# --- people and contacts ------------------------------------------------------------

#: something@domain.tld with no spaces; ``+`` tags, subdomains and non-ASCII
#: (internationalised) names and domains are all fine.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_email(text: str) -> bool:
    """Whether ``text`` is an e-mail address (name@example.org); surrounding blanks ignored."""
    return EMAIL_PATTERN.match(text.strip()) is not None


def check_email(text: str | None) -> str | None:
    """``text`` without surrounding blanks (None when empty); raises if it is no address."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if not is_email(cleaned):
        raise RuleViolation(f"“{cleaned}” is not an e-mail address such as name@example.org.")
    return cleaned


#: Babel "territories" that are not countries (regions, unions, private use).
NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(
        code
        for code in map(str, Locale("en").territories)
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


def is_country_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country code (any case)."""
    return code.upper() in _country_codes()


def check_country_code(code: str | None) -> str | None:
    """The code trimmed and in capitals (None when empty); raises if it names no country."""
    cleaned = (code or "").strip()
    if not cleaned:
        return None
    if not is_country_code(cleaned):
        raise RuleViolation(f"“{cleaned}” is not an ISO country code such as DE.")
    return cleaned.upper()


def check_language(code: str) -> str:
    """A report language (BCP 47 / Babel locale such as en, de, pt-BR); raises otherwise."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise RuleViolation(f"“{code}” is not a language code such as en or de.") from None
    return code


#: Schemes a web address may have; none at all ("www.example.org") is fine too.
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(?!\d)")


def is_web_address(url: str) -> bool:
    """Whether ``url`` is a web address a report may link to (no ``file:``, ``javascript:`` …)."""
    text = url.strip()
    if not text or any(c.isspace() for c in text):
        return False
    scheme = _SCHEME.match(text)
    return scheme is None or scheme.group(1).lower() in WEB_SCHEMES


def check_web_address(url: str | None) -> str | None:
    """``url`` without surrounding blanks (None when empty); raises for other schemes."""
    cleaned = (url or "").strip()
    if not cleaned:
        return None
    if not is_web_address(cleaned):
        raise RuleViolation(f"“{cleaned}” is not a web address such as https://example.org.")
    return cleaned


# --- events ------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    """Text without surrounding blanks; None for nothing or only blanks."""
    if value is None:
        return None
    cleaned = str(value).strip()
    return cleaned or None


def check_title(value: Any) -> str:
    title = clean_text(value)
    if title is None:
        raise RuleViolation("An event needs a title.")
    return title


#: What the event fields are called in a refusal ("The title has 501 characters …").
_EVENT_FIELD_NAMES = {
    "label": "label",
    "series": "series",
    "title": "title",
    "subtitle": "subtitle",
    "convenor": "convenor",
    "description": "description",
    "venue_name": "venue's name",
    "venue_address": "venue's address",
    "venue_city": "venue's city",
    "venue_country": "venue's country",
    "start_date": "first day",
    "end_date": "last day",
    "timezone": "time zone",
    "language": "language",
}


def event_field_problem(name: str, value: Any) -> str | None:
    """The sentence refusing ``value`` for the event field ``name``, or None within the limits.

    The overview asks it as the organiser types, the services before they write.
    """
    problem = limits.column_problem(Event, name, value)
    if problem is None:
        return None
    return f"The {_EVENT_FIELD_NAMES.get(name, name.replace('_', ' '))} {problem}."


def check_event_limits(
    values: Mapping[str, Any], *, start: date | None = None, end: date | None = None
) -> None:
    """The shared limits (:mod:`limits`) on event field values: lengths, characters, years.

    The event's length is checked only when a date changes, so an event stored
    before the limits existed can still be renamed.
    """
    for name, value in values.items():
        problem = event_field_problem(name, value)
        if problem:
            raise RuleViolation(problem)
    if "start_date" in values or "end_date" in values:
        first, last = values.get("start_date", start), values.get("end_date", end)
        if isinstance(first, date) and isinstance(last, date):
            problem = limits.event_length_problem(first, last)
            if problem:
                raise RuleViolation(f"The last day {problem}.")


def check_event_fields(
    values: Mapping[str, Any], *, start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Cleaned event field values; raises :class:`RuleViolation` with one sentence.

    ``start`` and ``end`` are the event's current dates, checked against a new
    value of the other one.
    """
    # text is kept without surrounding blanks, and blank text means "none";
    # a time zone name is taken exactly as given
    cleaned: dict[str, Any] = {
        name: clean_text(value) if isinstance(value, str) and name != "timezone" else value
        for name, value in values.items()
    }
    if "title" in cleaned:
        cleaned["title"] = check_title(cleaned["title"])
    if cleaned.get("venue_country"):
        cleaned["venue_country"] = check_country_code(str(cleaned["venue_country"]))
    if "timezone" in cleaned:
        check_timezone(str(cleaned["timezone"]))
    if "language" in cleaned:
        cleaned["language"] = check_language(cleaned["language"] or "en")
    for name in ("start_date", "end_date"):
        if name in cleaned and not isinstance(cleaned[name], date):
            raise RuleViolation("Give the event's dates as calendar dates.")
    check_event_limits(cleaned, start=start, end=end)
    start = cleaned.get("start_date", start)
    end = cleaned.get("end_date", end)
    if start is not None and end is not None:
        check_event_dates(start, end)
    return cleaned


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
