"""Country names as registration lists write them, in several languages."""

from __future__ import annotations

import pytest

from workshop_planner.services.countries import country_name, to_country_code


@pytest.mark.parametrize(("text", "code"), [
    ("Deutschland", "DE"), ("Germany", "DE"), ("DEU", "DE"), ("de", "DE"),
    ("USA", "US"), ("U.S.A.", "US"), ("United States", "US"), ("États-Unis", "US"),
    ("Etats-Unis", "US"), ("Polska", "PL"), ("España", "ES"), ("Italia", "IT"),
    ("Österreich", "AT"), ("Schweiz", "CH"), ("Nederland", "NL"), ("Magyarország", "HU"),
    ("Česko", "CZ"), ("  united   kingdom ", "GB"), ("UK", "GB"), ("Türkiye", "TR"),
])  # fmt: skip
def test_names_in_other_languages_and_codes(text: str, code: str) -> None:
    assert to_country_code(text) == code


@pytest.mark.parametrize("text", ["Atlantis", "Europe", "XX", "Berlin"])
def test_not_a_country_is_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a country name or ISO country code\.$"):
        to_country_code(text)


def test_blank_is_no_country() -> None:
    assert to_country_code("  ") is None
    assert to_country_code(None) is None
    assert country_name("US") == "United States"
