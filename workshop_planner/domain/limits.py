"""The limits a value must keep before it is written: one place for import, CLI and GUI.

Each ``*_problem`` function answers None for a value within its limits, or what is
wrong as a sentence fragment ("has 501 characters; at most 500 fit") that the
caller completes: the bundle check puts the field's JSON path in front, the
event rules the field's name, the spreadsheet import the row and column.

The limits, and why:

- **Years 1900–2200** for dates, wall times and instants. Wide enough for any
  convening and any record of one, and far from the ends of Python's dates
  (years 1 and 9999), where one day more or one hour of time zone overflows.
- **Events of at most 366 days**: the agenda draws a column per day.
- **Integers within PostgreSQL's INTEGER** (32-bit signed); SQLite would take
  64 bits, but a workspace must move between the two.
- **Text that fits its column**: a ``String(n)`` column holds n characters
  (PostgreSQL's ``VARCHAR(n)`` refuses more); a ``Text`` column holds at most
  :data:`MAX_LONG_TEXT` characters, enough for a long narrative and far from what
  makes the report's layout engine run out of memory.
- **One-line text without control characters**: ids and every ``String`` column
  (titles, names, places …) are one line; a line break or tab in a title breaks
  the calendar export and the report's headings. Ids are also trimmed: no
  surrounding blanks. Free text (``Text`` columns) may hold any character but NUL.
- **NUL nowhere** and no unpaired surrogate: PostgreSQL refuses the first, UTF-8
  cannot encode the second.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable
from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Integer, String, Text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.types import TypeDecorator

MIN_YEAR = 1900
MAX_YEAR = 2200
#: an event's days, first to last inclusive
MAX_EVENT_DAYS = 366
#: PostgreSQL's INTEGER
MIN_INT = -(2**31)
MAX_INT = 2**31 - 1
#: characters in a ``Text`` column (notes, narratives, descriptions)
MAX_LONG_TEXT = 200_000
#: characters in an id (a UUID has 36)
MAX_ID_LENGTH = 36

#: How deep a bundle's JSON may nest (a real bundle needs 6 levels).
MAX_JSON_DEPTH = 32
#: Largest bundle file read (logos travel inside it, base64-encoded).
MAX_BUNDLE_BYTES = 128 * 1024 * 1024

#: Largest image file (a partner logo) kept in a workspace.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: Widest or tallest image, in pixels; a logo prints a few centimetres wide.
MAX_IMAGE_SIDE = 8_000
#: Most pixels in an image: 25 million take 100 MB once decoded.
MAX_IMAGE_PIXELS = 25_000_000
#: Deepest chain of ``<use>`` references in an SVG, and the most elements it may
#: draw once every reference is expanded (nested ``<use>`` grow exponentially).
MAX_SVG_USE_DEPTH = 8
MAX_SVG_DRAWN_ELEMENTS = 20_000

#: Rows a participant spreadsheet may have, and the uncompressed size of an XLSX.
MAX_SPREADSHEET_ROWS = 20_000
MAX_SPREADSHEET_COLUMNS = 200
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
#: Any other part of an XLSX (shared strings, styles …): openpyxl reads each whole, at
#: about a second and 15 MB per 60,000 strings.
MAX_XLSX_PART_BYTES = 10 * 1024 * 1024
MAX_CSV_BYTES = 50 * 1024 * 1024


def _year_problem(year: int) -> str | None:
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return f"lies in the year {year}; dates must lie between {MIN_YEAR} and {MAX_YEAR}"


def date_problem(value: date) -> str | None:
    """For a calendar date (an event's first or last day)."""
    return _year_problem(value.year)


def instant_problem(value: datetime) -> str | None:
    """For a wall time or an instant (as written, before any time zone conversion)."""
    return _year_problem(value.year)


def event_length_problem(start: date, end: date) -> str | None:
    """For an event's days; an end before the start is the rules' concern, not ours."""
    days = (end - start).days + 1
    if days <= MAX_EVENT_DAYS:
        return None
    return f"makes the event {days:,} days long; an event lasts at most {MAX_EVENT_DAYS} days"


def integer_problem(value: Any, *, minimum: int = MIN_INT, maximum: int = MAX_INT) -> str | None:
    """For a whole number (a position, a capacity); floats that are whole count."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # not a number at all: the schema or the caller says so
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "is not a finite number"
        if not value.is_integer():
            return None  # a fraction: the schema says a whole number is wanted
    if minimum <= value <= maximum:
        return None
    shown = f"{value:,.0f}" if isinstance(value, float) else _short_number(value)
    return f"is {shown}; whole numbers here lie between {minimum:,} and {maximum:,}"


def _short_number(value: int) -> str:
    text = str(value)
    return f"{value:,}" if len(text) <= 24 else f"a number of {len(text.lstrip('-'))} digits"


def encoding_problem(text: str) -> str | None:
    """For any text at all: no NUL character and no unpaired surrogate."""
    if "\x00" in text:
        return f"contains a NUL character (at position {text.index(chr(0)) + 1})"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"is not valid Unicode text (at position {exc.start + 1})"
    return None


def _control_problem(text: str) -> str | None:
    for index, char in enumerate(text):
        if char < " " or "\x7f" <= char <= "\x9f":
            name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
            described = f"U+{ord(char):04X} {name}".strip()
            return f"contains a control character ({described}) at position {index + 1}"
    return None


_CONTROL_NAMES = {
    "\t": "TAB",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x00": "NUL",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
}


def line_problem(text: str, max_length: int) -> str | None:
    """For one-line text (a title, a name, a place): no control characters, fits its column."""
    return encoding_problem(text) or _control_problem(text) or _length_problem(text, max_length)


def long_text_problem(text: str, max_length: int = MAX_LONG_TEXT) -> str | None:
    """For free text (notes, narratives): any character but NUL, as long as it fits."""
    return encoding_problem(text) or _length_problem(text, max_length)


def id_problem(text: str) -> str | None:
    """For an object's id or a reference to one: one short line, no surrounding blanks."""
    problem = line_problem(text, MAX_ID_LENGTH)
    if problem is None and text != text.strip():
        return "has blanks before or after it"
    return problem


def _length_problem(text: str, max_length: int) -> str | None:
    if len(text) <= max_length:
        return None
    return f"has {len(text):,} characters; at most {max_length:,} fit"


# --- the columns' own limits ---------------------------------------------------------

#: What kind of value a column holds, for :func:`column_problem`.
LINE, LONG_TEXT, INTEGER, DATE, INSTANT, OTHER = (
    "line", "long_text", "integer", "date", "instant", "other"
)  # fmt: skip


def column_kind(model: type[Any], attribute: str) -> tuple[str, int]:
    """(kind, max length) of a model's column, read from its declaration.

    Foreign keys (``String(36)`` references) are one-line text of an id's length;
    an attribute that is no column (a relation's ids) is OTHER.
    """
    return _column_kind(cast(Hashable, model), attribute)  # classes hash by identity


@cache
def _column_kind(model: Any, attribute: str) -> tuple[str, int]:
    columns = sa_inspect(model).columns
    if attribute not in columns:
        return OTHER, 0
    kind = columns[attribute].type
    if isinstance(kind, TypeDecorator):  # UTCDateTime: what it stores decides
        kind = kind.impl_instance
    if isinstance(kind, String) and not isinstance(kind, Text) and kind.length:
        return LINE, int(kind.length)
    if isinstance(kind, String):
        return LONG_TEXT, MAX_LONG_TEXT
    if isinstance(kind, Integer):
        return INTEGER, 0
    try:
        python_type = kind.python_type
    except NotImplementedError:  # pragma: no cover - every column type here has one
        return OTHER, 0
    if issubclass(python_type, datetime):
        return INSTANT, 0
    if issubclass(python_type, date):
        return DATE, 0
    return OTHER, 0


def column_problem(model: type[Any], attribute: str, value: Any) -> str | None:
    """For a value about to be written to ``model.attribute``; values of other types pass."""
    kind, length = column_kind(model, attribute)
    if isinstance(value, str):
        if attribute == "id" or attribute.endswith("_id"):
            return id_problem(value)
        if kind == LINE:
            return line_problem(value, length)
        if kind == LONG_TEXT:
            return long_text_problem(value, length)
        return None
    if kind == INTEGER:
        return integer_problem(value)
    if kind == INSTANT and isinstance(value, datetime):
        return instant_problem(value)
    if kind == DATE and isinstance(value, date) and not isinstance(value, datetime):
        return date_problem(value)
    return None
