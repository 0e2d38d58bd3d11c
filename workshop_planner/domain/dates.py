"""Dates as people write them, for the event list and the report alike.

Light on purpose (Babel only): the window's sidebar formats date ranges at
start-up, long before the report chain (Jinja2, WeasyPrint) is needed.
"""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval


def report_locale(language: str | None) -> Locale:
    """The Babel locale for a report language ("en", "de", "en-US" …).

    Plain "en" reads as British English, the house style of the reference
    report ("15 – 16 June 2023", "A, B and C"); "en-US" stays American.
    Unknown languages fall back to English.
    """
    tag = (language or "en").strip().replace("-", "_") or "en"
    try:
        locale = Locale.parse(tag)
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse("en_GB")
    if locale.language == "en" and locale.territory is None:
        locale = Locale.parse("en_GB")
    return locale


def is_english(locale: Locale) -> bool:
    return locale.language == "en"


def format_date_range(start: date, end: date, locale: Locale) -> str:
    """A date range as people write it.

    English: "15 June 2023", "15 – 16 June 2023", "30 June – 2 July 2024",
    "31 December 2024 – 1 January 2025"; American English "June 15 – 16,
    2023"; other languages Babel's interval format ("15.–16. Juni 2023").
    """
    if end < start:
        start, end = end, start
    if is_english(locale) and locale.territory != "US":
        full = "d MMMM y"
        if start == end:
            return format_date(start, full, locale=locale)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day} – {format_date(end, full, locale=locale)}"
        if start.year == end.year:
            first = format_date(start, "d MMMM", locale=locale)
            return f"{first} – {format_date(end, full, locale=locale)}"
        return (
            f"{format_date(start, full, locale=locale)} – {format_date(end, full, locale=locale)}"
        )
    if is_english(locale):  # American: "June 15 – 16, 2023"
        if start == end:
            return format_date(start, "MMMM d, y", locale=locale)
        if (start.year, start.month) == (end.year, end.month):
            return f"{format_date(start, 'MMMM d', locale=locale)} – {end.day}, {end.year}"
        if start.year == end.year:
            first = format_date(start, "MMMM d", locale=locale)
            return f"{first} – {format_date(end, 'MMMM d, y', locale=locale)}"
        full = "MMMM d, y"
        return (
            f"{format_date(start, full, locale=locale)} – {format_date(end, full, locale=locale)}"
        )
    if start == end:
        return format_date(start, "long", locale=locale)
    return format_interval(start, end, "yMMMMd", locale=locale)
