"""The drafted texts: dates, counts, city lists, the opening sentence, keynotes."""

from __future__ import annotations

from datetime import date

import pytest

from workshop_planner.report.drafting import (
    KeynoteSpeaker,
    SummaryFacts,
    cities_by_country,
    collation_key,
    country_in_text,
    format_date_range,
    keynote_sentence,
    md_escape,
    number_words,
    report_locale,
    round_down_count,
    summary_opening,
    themes_intro,
    with_article,
)

EN = report_locale("en")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2023, 6, 15), date(2023, 6, 16), "15 – 16 June 2023"),
        (date(2024, 6, 30), date(2024, 7, 2), "30 June – 2 July 2024"),
        (date(2024, 12, 31), date(2025, 1, 1), "31 December 2024 – 1 January 2025"),
        (date(2023, 6, 15), date(2023, 6, 15), "15 June 2023"),
    ],
)
def test_date_ranges_read_as_people_write_them(start: date, end: date, expected: str) -> None:
    assert format_date_range(start, end, EN) == expected


def test_date_ranges_in_other_languages_come_from_babel() -> None:
    german = format_date_range(date(2023, 6, 15), date(2023, 6, 16), report_locale("de"))
    assert "Juni" in german
    assert "2023" in german
    american = format_date_range(date(2023, 6, 15), date(2023, 6, 16), report_locale("en-US"))
    assert american.startswith("June 15")


def test_unknown_language_falls_back_to_english() -> None:
    assert report_locale("xx-nonsense").language == "en"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (53, (50, True)),
        (47, (40, True)),
        (50, (50, False)),
        (8, (8, False)),
        (12, (10, True)),
        (176, (150, True)),
        (1234, (1200, True)),
    ],
)
def test_head_counts_round_down_to_a_round_number(count: int, expected: tuple[int, bool]) -> None:
    assert round_down_count(count) == expected


def test_small_numbers_are_spelled_in_english_only() -> None:
    assert number_words(3, EN) == "three"
    assert number_words(12, EN) == "12"
    assert number_words(3, report_locale("de")) == "3"


def test_collation_sorts_letters_by_their_base_letter() -> None:
    names = ["Zabrze", "Łódź", "Lublin", "Ørsta", "Olsztyn", "Åre", "Berlin"]
    assert sorted(names, key=collation_key) == [
        "Åre",
        "Berlin",
        "Łódź",
        "Lublin",
        "Olsztyn",
        "Ørsta",
        "Zabrze",
    ]


def test_cities_are_grouped_by_country_like_the_reference() -> None:
    places = [
        ("Weißenfels", "DE"),
        ("Paris", "FR"),
        ("Rostock", "DE"),
        ("Lublin", "PL"),
        ("Berlin", "DE"),
        ("Dąbrowa Górnicza", "PL"),
        ("Dortmund", "DE"),
        ("Edmonton", "CA"),
        ("Seattle", "US"),
        ("Aurora", "US"),
        ("berlin", "DE"),
    ]
    assert cities_by_country(places, EN, first_country="DE") == (
        # the host first, then its continent, then the Americas: as the reference
        "Berlin, Dortmund, Rostock and Weißenfels in Germany; Paris, France; "
        "Dąbrowa Górnicza and Lublin in Poland; Edmonton, Canada; "
        "and Aurora and Seattle in the United States"
    )


def test_one_city_stands_alone_and_no_city_gives_nothing() -> None:
    assert cities_by_country([("Paris", "FR")], EN) == "Paris, France"
    assert cities_by_country([], EN) == ""
    assert cities_by_country([("Gotham", None), ("Paris", "FR")], EN) == "Paris, France; and Gotham"


def test_country_names_come_from_babel_with_the_article_english_needs() -> None:
    assert country_in_text("US", EN) == "the United States"
    assert country_in_text("DE", EN) == "Germany"
    assert country_in_text("DE", report_locale("de")) == "Deutschland"
    assert country_in_text("GB", EN) == "the United Kingdom"


def test_organisations_get_the_article_they_need() -> None:
    assert with_article("Strong Cities Network", EN) == "the Strong Cities Network"
    assert with_article("US Embassy, Berlin", EN) == "the US Embassy, Berlin"
    assert with_article("HateAid", EN) == "HateAid"
    assert with_article("The Alliance", EN) == "The Alliance"


def test_names_cannot_inject_markdown() -> None:
    assert md_escape("[x](javascript:1) *y* <b>") == r"\[x\](javascript:1) \*y\* \<b\>"


def test_the_opening_sentence_is_drafted_from_the_facts() -> None:
    facts = SummaryFacts(
        date_range="15 – 16 June 2023",
        convenor="Strong Cities Network",
        convenor_url="https://strongcitiesnetwork.org/",
        attendance=53,
        sectors=("local_government",) * 8 + ("civil_society", "national_government", "donor"),
        countries=("DE", "FR", "PL", "US", "DE"),
        cities=(("Berlin", "DE"), ("Paris", "FR"), ("Lublin", "PL"), ("Rostock", "DE")),
        venue_name="Berlin City Hall",
        venue_city="Berlin",
        venue_country="DE",
        supporters=("US Embassy, Berlin",),
    )
    assert summary_opening(facts, EN) == (
        "On 15 – 16 June 2023, the [Strong Cities Network](<https://strongcitiesnetwork.org/>) "
        "convened more than 50 representatives of local governments, national governments, "
        "civil society and donors from France, Germany, Poland and the United States. "
        "This included mayors and other officials from Berlin and Rostock in Germany; "
        "Paris, France; and Lublin, Poland. "
        "The event was held at Berlin City Hall, with support from the US Embassy, Berlin."
    )


def test_the_opening_sentence_leaves_out_what_is_unknown() -> None:
    facts = SummaryFacts(
        date_range="15 June 2023", attendance=8, venue_city="Berlin", venue_country="DE"
    )
    assert summary_opening(facts, EN) == (
        "On 15 June 2023, eight representatives came together. "
        "The event was held in Berlin, Germany."
    )
    assert summary_opening(SummaryFacts(date_range=""), EN) == ""


def test_one_sentence_per_keynote() -> None:
    one = keynote_sentence(
        "Civility as the foundation of prevention",
        [KeynoteSpeaker("Clarence Anthony", "Executive Director", "National League of Cities")],
        EN,
    )
    assert one == (
        "Clarence Anthony, Executive Director, National League of Cities, gave a keynote "
        "address on “Civility as the foundation of prevention”."
    )
    two = keynote_sentence(
        "Building resilient cities",
        [
            KeynoteSpeaker("Márta Váradiné Naszályi", "Mayor", "Budavár"),
            KeynoteSpeaker("Amarjeet Sohi", "Mayor", "City of Edmonton"),
        ],
        EN,
    )
    assert two == (
        "Márta Váradiné Naszályi, Mayor, Budavár, and Amarjeet Sohi, Mayor, City of Edmonton, "
        "gave keynote addresses on “Building resilient cities”."
    )
    assert keynote_sentence("Nobody", [], EN) == ""


def test_a_keynote_speaker_without_consent_is_described_not_named() -> None:
    sentence = keynote_sentence(
        "Threats",
        [KeynoteSpeaker("Hidden Person", "Mayor", "City", country="US", may_name=False)],
        EN,
    )
    assert sentence == "A Mayor from the United States gave a keynote address on “Threats”."
    assert "Hidden" not in sentence


def test_themes_intro_spells_the_count() -> None:
    assert themes_intro(3, EN) == "Three key themes emerged out of these discussions:"
    assert themes_intro(1, EN) == "One key theme emerged out of these discussions:"
    assert themes_intro(0, EN) == ""
