"""Countries as ISO 3166-1 alpha-2 codes, named and recognised with Babel."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from workshop_planner.domain.rules import NOT_COUNTRIES

#: Everyday spellings Babel does not list as names.
_ALIASES = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "czech republic": "CZ",
    "holland": "NL",
    "the netherlands": "NL",
    "korea": "KR",
    "republic of korea": "KR",
    "russian federation": "RU",
    "türkiye": "TR",
    "turkiye": "TR",
    "ivory coast": "CI",
}


@cache
def country_names(locale: str = "en") -> dict[str, str]:
    """Alpha-2 code → country name in ``locale``, sorted by name."""
    try:
        territories = Locale.parse(locale).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale("en").territories
    pairs = [
        (code, name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    ]
    return dict(sorted(pairs, key=lambda pair: pair[1].casefold()))


def country_name(code: str | None, locale: str = "en") -> str:
    """The name of the country ``code`` ("DE" → "Germany"); the code itself if unknown."""
    if not code:
        return ""
    return country_names(locale).get(code.upper(), code)


#: Languages whose country names an import or a picker recognises ("Polska", "España").
NAME_LOCALES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "sk",
    "hu", "ro", "el", "tr", "ru", "uk", "hr", "sl", "bg", "lt", "lv", "et",
)  # fmt: skip


def _key(text: str) -> str:
    """Case, accents and punctuation ignored: "États-Unis" and "etats unis" match."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


@cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for locale in NAME_LOCALES:
        for code, name in country_names(locale).items():
            table.setdefault(_key(name), code)
    for alias, codes in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and len(codes) == 1:
            table.setdefault(_key(alias), codes[0])
    for code in country_names("en"):
        table[_key(code)] = code
    table.update({_key(alias): code for alias, code in _ALIASES.items()})
    return table


def to_country_code(text: str | None) -> str | None:
    """Alpha-2 code for a name ("Germany", "germany"), an alpha-2 or alpha-3 code.

    Returns None for empty text; raises ``ValueError`` for text that names no country.
    """
    if text is None:
        return None
    cleaned = " ".join(text.split()).strip()
    if not cleaned:
        return None
    code = _lookup().get(_key(cleaned))
    if code is None:
        raise ValueError(f"“{cleaned}” is not a country name or ISO country code.")
    return code
