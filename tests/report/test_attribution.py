"""Quote attribution: the speaker's consent always wins."""

from __future__ import annotations

from workshop_planner.report.attribution import QuoteSpeaker, attribution_line
from workshop_planner.report.drafting import report_locale

EN = report_locale("en")

ANTHONY = QuoteSpeaker(
    name="Clarence Anthony",
    job_title="Executive Director",
    organisation="National League of Cities",
    city="Washington",
    country="US",
    consent_to_name=True,
)


def test_named_prints_name_title_organisation_and_country() -> None:
    assert attribution_line("named", ANTHONY, EN) == (
        "Clarence Anthony, Executive Director, National League of Cities, United States"
    )


def test_named_without_organisation_uses_the_city() -> None:
    speaker = QuoteSpeaker(name="Amarjeet Sohi", job_title="Mayor", city="Edmonton", country="CA")
    assert attribution_line("named", speaker, EN) == "Amarjeet Sohi, Mayor, Edmonton, Canada"


def test_by_origin_names_the_country_only() -> None:
    assert attribution_line("by_origin", ANTHONY, EN) == "One participant from the United States"
    german = QuoteSpeaker(name="X", country="DE")
    assert attribution_line("by_origin", german, EN) == "One participant from Germany"


def test_anonymous_is_a_participant() -> None:
    assert attribution_line("anonymous", ANTHONY, EN) == "A participant"
    assert attribution_line("named", None, EN) == "A participant"


def test_without_consent_a_name_is_never_printed() -> None:
    hidden = QuoteSpeaker(
        name="Zofia Nowak",
        job_title="Deputy Mayor",
        organisation="City of Łódź",
        country="PL",
        consent_to_name=False,
    )
    line = attribution_line("named", hidden, EN)
    assert line == "One participant from Poland"
    assert "Zofia" not in line
    assert attribution_line("anonymous", hidden, EN) == "A participant"


def test_country_names_follow_the_report_language() -> None:
    assert attribution_line("by_origin", ANTHONY, report_locale("de")) == (
        "One participant from Vereinigte Staaten"
    )


def test_unknown_attribution_falls_back_to_by_origin() -> None:
    assert attribution_line("shouted", ANTHONY, EN) == "One participant from the United States"
