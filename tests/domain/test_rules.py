"""Domain rules: event fields, session times, e-mail, web addresses, quote attribution."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_planner.domain.enums import Attribution
from workshop_planner.domain.rules import (
    MIN_SESSION_LENGTH,
    RuleViolation,
    check_country_code,
    check_email,
    check_event_dates,
    check_event_fields,
    check_session_length,
    check_session_times,
    check_timezone,
    check_web_address,
    dates_in_order,
    default_attribution,
    effective_attribution,
    event_days,
    is_country_code,
    is_email,
    is_timezone,
    is_web_address,
    session_outside_event,
    session_too_short,
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


def test_default_attribution_is_an_upper_bound_for_directory_speakers() -> None:
    assert default_attribution(True) is Attribution.NAMED
    assert default_attribution(False) is Attribution.NAMED  # consent decides at print time
    assert default_attribution(None) is Attribution.BY_ORIGIN  # no directory speaker


# --- e-mail: one rule for the Overview, the dialogs, the import and the services -----


@pytest.mark.parametrize(
    "address",
    [
        "kim@example.org",
        "kim+berlin2023@example.org",  # a tag after +
        "kim.lee@mail.city.gov.uk",  # subdomains
        "jörg@münchen.de",  # internationalised (IDN) name and domain
        "o'neil@example.ie",
        "  padded@example.org  ",  # blanks around are not part of it
    ],
)
def test_real_addresses_are_email(address: str) -> None:
    assert is_email(address)
    assert check_email(address) == address.strip()


@pytest.mark.parametrize(
    "typed",
    ["claire@", "claire@example", "claire @example.org", "kim at example", "a@b@c.org", "@x.org"],
)
def test_half_addresses_are_refused(typed: str) -> None:
    assert not is_email(typed)
    with pytest.raises(RuleViolation, match="is not an e-mail address"):
        check_email(typed)


def test_no_address_is_fine() -> None:
    assert check_email(None) is None
    assert check_email("   ") is None


# --- session length ------------------------------------------------------------------


def test_minimum_session_length() -> None:
    start = datetime(2023, 6, 15, 9)
    assert timedelta(minutes=15) == MIN_SESSION_LENGTH
    assert not session_too_short(start, start + MIN_SESSION_LENGTH)
    assert session_too_short(start, start + MIN_SESSION_LENGTH - timedelta(minutes=1))
    assert session_too_short(start, start)
    check_session_length(start, start + timedelta(hours=1))
    with pytest.raises(RuleViolation, match="shorter than 15 minutes"):
        check_session_length(start, start + timedelta(minutes=5))


# --- event fields --------------------------------------------------------------------


def test_event_fields_are_cleaned_and_checked() -> None:
    cleaned = check_event_fields(
        {"title": "  Summit ", "subtitle": "  ", "venue_country": "de", "language": "pt-BR"}
    )
    assert cleaned == {
        "title": "Summit",
        "subtitle": None,
        "venue_country": "DE",
        "language": "pt-BR",
    }
    assert check_event_fields({"language": None})["language"] == "en"
    for values, message in [
        ({"title": "  "}, "needs a title"),
        ({"venue_country": "XX"}, "not an ISO country code"),
        ({"venue_country": "EU"}, "not an ISO country code"),
        ({"timezone": "Mars/Olympus"}, "IANA"),
        ({"language": "zz-Qq-1"}, "language code"),
        ({"start_date": "2023-06-15"}, "calendar dates"),
        ({"start_date": END, "end_date": START}, "before it starts"),
    ]:
        with pytest.raises(RuleViolation, match=message):
            check_event_fields(values)
    # a new end date is checked against the current start date
    with pytest.raises(RuleViolation, match="before it starts"):
        check_event_fields({"end_date": date(2023, 6, 14)}, start=START, end=END)
    assert check_event_fields({"end_date": START}, start=START, end=END) == {"end_date": START}


def test_event_date_and_zone_predicates_match_the_checks() -> None:
    assert dates_in_order(START, START)
    assert dates_in_order(START, END)
    assert not dates_in_order(END, START)
    assert is_timezone("Europe/Berlin")
    assert is_timezone("UTC")
    assert not is_timezone("Europe/Atlantis")


def test_country_codes() -> None:
    assert is_country_code("de")
    assert check_country_code("ca") == "CA"
    for bad in ("XX", "EU", "ZZ", "DEU", ""):
        assert not is_country_code(bad)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://gmfus.org", True),
        ("http://city.example/plan", True),
        ("www.example.org", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("ftp://example.org", False),
        ("https://exa mple.org", False),
    ],
)
def test_web_addresses(url: str, ok: bool) -> None:
    assert is_web_address(url) is ok
    if ok:
        assert check_web_address(f" {url} ") == url
    else:
        with pytest.raises(RuleViolation, match="not a web address"):
            check_web_address(url)
