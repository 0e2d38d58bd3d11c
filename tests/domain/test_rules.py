"""Domain rules: event dates, session times, time zones, quote attribution."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_planner.domain.enums import Attribution
from workshop_planner.domain.rules import (
    RuleViolation,
    check_event_dates,
    check_session_times,
    check_timezone,
    default_attribution,
    effective_attribution,
    event_days,
    session_outside_event,
)

START, END = date(2023, 6, 15), date(2023, 6, 16)


def test_event_days_cover_first_to_last_day() -> None:
    assert event_days(date(2024, 12, 31), date(2025, 1, 1)) == [
        date(2024, 12, 31),
        date(2025, 1, 1),
    ]
    assert event_days(START, START) == [START]


def test_event_may_not_end_before_it_starts() -> None:
    with pytest.raises(RuleViolation, match=r"ends .* before it starts"):
        check_event_dates(END, START)


@given(st.dates(), st.integers(min_value=0, max_value=30))
def test_any_forward_range_is_valid_and_has_one_day_per_date(start: date, length: int) -> None:
    try:
        end = start + timedelta(days=length)
    except OverflowError:
        return
    days = event_days(start, end)
    assert len(days) == length + 1
    assert days[0] == start
    assert days[-1] == end


def test_session_must_end_after_it_starts() -> None:
    with pytest.raises(RuleViolation, match="end after it starts"):
        check_session_times(datetime(2023, 6, 15, 10), datetime(2023, 6, 15, 10), START, END)
    with pytest.raises(RuleViolation):
        check_session_times(datetime(2023, 6, 15, 10), datetime(2023, 6, 15, 9), START, END)


def test_session_must_lie_inside_the_event_days() -> None:
    check_session_times(datetime(2023, 6, 16, 23), datetime(2023, 6, 17, 0, 0), START, END)
    with pytest.raises(RuleViolation, match="outside the event days"):
        check_session_times(datetime(2023, 6, 14, 9), datetime(2023, 6, 14, 10), START, END)
    with pytest.raises(RuleViolation, match="outside the event days"):
        check_session_times(datetime(2023, 6, 16, 23), datetime(2023, 6, 17, 0, 30), START, END)
    assert session_outside_event(datetime(2023, 6, 17, 9), datetime(2023, 6, 17, 10), START, END)
    assert not session_outside_event(
        datetime(2023, 6, 15, 9), datetime(2023, 6, 15, 10), START, END
    )


def test_time_zones_are_iana_names() -> None:
    assert str(check_timezone("Europe/Berlin")) == "Europe/Berlin"
    for bad in ("Europe/Atlantis", "CEST+2", "", "../etc/passwd"):
        with pytest.raises(RuleViolation, match="not an IANA time zone"):
            check_timezone(bad)


@pytest.mark.parametrize(
    ("requested", "consent", "printed"),
    [
        ("named", True, Attribution.NAMED),
        ("named", False, Attribution.BY_ORIGIN),
        ("named", None, Attribution.BY_ORIGIN),
        ("by_origin", True, Attribution.BY_ORIGIN),
        ("by_origin", False, Attribution.BY_ORIGIN),
        ("anonymous", True, Attribution.ANONYMOUS),
        ("anonymous", False, Attribution.ANONYMOUS),
    ],
)
def test_a_name_is_printed_only_with_consent(
    requested: str, consent: bool | None, printed: Attribution
) -> None:
    assert effective_attribution(requested, consent) is printed


def test_default_attribution_follows_consent() -> None:
    assert default_attribution(True) is Attribution.NAMED
    assert default_attribution(False) is Attribution.BY_ORIGIN
