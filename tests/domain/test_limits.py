"""The shared limits, and the event rules that apply them to every edit."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workshop_planner.domain import limits
from workshop_planner.domain import models as m
from workshop_planner.domain.rules import (
    RuleViolation,
    check_event_fields,
    end_of_day,
    event_days,
    session_outside_event,
)


def test_years_are_kept_far_from_the_ends_of_python_dates() -> None:
    assert limits.date_problem(date(2024, 6, 15)) is None
    assert limits.date_problem(date(1900, 1, 1)) is None
    assert limits.date_problem(date(2200, 12, 31)) is None
    assert "9999" in (limits.date_problem(date(9999, 12, 31)) or "")
    assert "year 1;" in (limits.instant_problem(datetime(1, 1, 1)) or "")


def test_event_length() -> None:
    assert limits.event_length_problem(date(2024, 1, 1), date(2024, 12, 31)) is None
    problem = limits.event_length_problem(date(2024, 1, 1), date(2025, 1, 1))
    assert problem == "makes the event 367 days long; an event lasts at most 366 days"


@pytest.mark.parametrize(
    ("value", "ok"),
    [(0, True), (2**31 - 1, True), (-(2**31), True), (2**31, False), (2**64, False)],
)
def test_integers_fit_postgresql(value: int, ok: bool) -> None:
    assert (limits.integer_problem(value) is None) is ok


def test_integer_problem_words() -> None:
    assert limits.integer_problem(float("inf")) == "is not a finite number"
    assert limits.integer_problem(True) is None  # a boolean is the schema's business
    huge = limits.integer_problem(10**100)
    assert huge is not None
    assert "a number of 101 digits" in huge


def test_one_line_text() -> None:
    assert limits.line_problem("Cities on the Front Lines", 500) is None
    assert limits.line_problem("x" * 501, 500) == "has 501 characters; at most 500 fit"
    assert limits.line_problem("a\r\nb", 500) == (
        "contains a control character (U+000D CARRIAGE RETURN) at position 2"
    )
    assert limits.line_problem("tab\there", 500) is not None
    assert limits.line_problem("bell\x07", 500) is not None


def test_nul_nowhere_but_free_text_keeps_its_lines() -> None:
    assert limits.long_text_problem("one\ntwo\r\n\tthree") is None
    assert limits.long_text_problem("a\x00b") == "contains a NUL character (at position 2)"
    assert limits.long_text_problem("\ud800") == "is not valid Unicode text (at position 1)"
    assert limits.long_text_problem("x" * (limits.MAX_LONG_TEXT + 1)) is not None


def test_ids() -> None:
    good = "7b1f1a52-55e4-4e45-9d6c-1c0b2f0f2a11"
    assert limits.id_problem(good) is None
    assert limits.id_problem(good + "\n") is not None
    assert limits.id_problem(" abc") == "has blanks before or after it"


def test_column_limits_come_from_the_models() -> None:
    assert limits.column_kind(m.Event, "title") == (limits.LINE, 500)
    assert limits.column_kind(m.Note, "text") == (limits.LONG_TEXT, limits.MAX_LONG_TEXT)
    assert limits.column_kind(m.Note, "captured_at")[0] == limits.INSTANT
    assert limits.column_kind(m.Event, "start_date")[0] == limits.DATE
    assert limits.column_kind(m.Theme, "position")[0] == limits.INTEGER
    assert limits.column_kind(m.Note, "theme_ids")[0] == limits.OTHER
    assert limits.column_problem(m.Person, "country", "DEU") is not None


# --- the event rules use them: CLI, GUI and import refuse alike ------------------------


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"title": "x" * 501}, "The title has 501 characters; at most 500 fit."),
        ({"title": "Summit\x00"}, "The title contains a NUL character"),
        ({"title": "Line one\nLine two"}, "The title contains a control character"),
        ({"venue_city": "y" * 201}, "The venue's city has 201 characters"),
        ({"end_date": date(9999, 12, 31)}, "The last day lies in the year 9999"),
        ({"start_date": date(1, 1, 1)}, "The first day lies in the year 1;"),
        ({"end_date": date(2026, 1, 1)}, "The last day makes the event"),
    ],
)
def test_event_edits_keep_the_limits(values: dict[str, object], words: str) -> None:
    with pytest.raises(RuleViolation) as info:
        check_event_fields(values, start=date(2024, 6, 15), end=date(2024, 6, 16))
    assert str(info.value).startswith(words)
    assert str(info.value).endswith(".")


def test_an_event_stored_beyond_the_limits_can_still_be_renamed() -> None:
    cleaned = check_event_fields(
        {"title": "Renamed"}, start=date(2023, 1, 1), end=date(9999, 12, 31)
    )
    assert cleaned == {"title": "Renamed"}


def test_date_arithmetic_at_the_end_of_time_does_not_overflow() -> None:
    last = date(9999, 12, 31)
    assert end_of_day(last) == datetime.max
    assert end_of_day(date(2024, 2, 28)) == datetime(2024, 2, 29)
    inside = datetime(9999, 12, 31, 9), datetime(9999, 12, 31, 10)
    assert not session_outside_event(*inside, last, last)
    assert session_outside_event(datetime(2023, 6, 15, 9), datetime(2023, 6, 15, 10), last, last)
    # a stored event of 8,000 years shows its first days, not millions of columns
    days = event_days(date(2023, 6, 15), last)
    assert len(days) == limits.MAX_EVENT_DAYS
    assert days[0] == date(2023, 6, 15)
