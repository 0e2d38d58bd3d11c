"""Drafting the texts a report editor would otherwise type.

Pure functions: plain values in, text out (Markdown for the drafted
paragraphs, so a convenor's website can become a link). Names are
Markdown-escaped, dates, lists and numbers go through Babel for the report's
language. The prose itself is English; other languages get Babel's dates,
numbers and lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.lists import format_list
from babel.numbers import format_decimal

# The locale and date-range rules live in the domain (the event list uses them
# too); they are re-exported here for the report's callers.
from workshop_planner.domain.dates import format_date_range as format_date_range
from workshop_planner.domain.dates import is_english as is_english
from workshop_planner.domain.dates import report_locale as report_locale

# --- Markdown-safe names -------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!&|~#])")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: no emphasis, links or HTML from a name."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# --- collation -----------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
    }
)


def collation_key(text: str) -> tuple[str, str, str]:
    """Sort key close to the Unicode root collation.

    Letters sort by their base letter first ("Łódź" with the Ls, "Ørsta" with
    the Os), accents only break ties, case last.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    base = "".join(c for c in folded if not unicodedata.combining(c))
    return (base.casefold(), text.casefold(), text)


# --- dates and numbers ---------------------------------------------------------


def round_down_count(count: int) -> tuple[int, bool]:
    """A head count as a report states it: (round number, whether it is "more than").

    Under 10 the count is exact; then down to tens (53 → 50), fifties from
    100 (176 → 150) and hundreds from 1000.
    """
    if count < 10:
        return count, False
    step = 10 if count < 100 else 50 if count < 1000 else 100
    rounded = count // step * step
    return rounded, rounded != count


_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)


def number_words(count: int, locale: Locale) -> str:
    """A small count spelled out in English ("three"), else Babel's digits."""
    if is_english(locale) and 0 <= count < len(_NUMBER_WORDS):
        return _NUMBER_WORDS[count]
    return format_decimal(count, locale=locale)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_list(items: Sequence[str], locale: Locale) -> str:
    """ "A", "A and B", "A, B and C" in the report's language."""
    items = [i for i in items if i]
    if not items:
        return ""
    return format_list(list(items), locale=locale)


# --- countries -----------------------------------------------------------------

#: Country names that take "the" in running English text.
_THE_COUNTRIES = frozenset(
    {
        "AE",
        "BS",
        "CF",
        "CK",
        "DO",
        "FK",
        "FO",
        "GB",
        "GM",
        "KM",
        "KY",
        "MH",
        "MP",
        "MV",
        "NL",
        "PH",
        "SB",
        "SC",
        "TC",
        "UM",
        "US",
        "VA",
        "VG",
        "VI",
    }
)


#: Countries whose (plural) name keeps "the" even after a comma:
#: "Amsterdam, the Netherlands", "Manila, the Philippines" (but "Chicago, United States").
_PLURAL_THE_COUNTRIES = frozenset(
    {"BS", "CK", "FK", "FO", "GM", "KM", "KY", "MH", "MP", "MV", "NL", "PH", "SB", "SC", "TC"}
    | {"VG", "VI"}
)


def country_name(code: str | None, locale: Locale) -> str:
    """The country's name from Babel ("DE" → "Germany"); unknown codes as given."""
    if not code:
        return ""
    return str(locale.territories.get(code.upper(), code))


def country_in_text(code: str | None, locale: Locale) -> str:
    """The country's name as it follows "from"/"in": "the United States", "Germany"."""
    name = country_name(code, locale)
    if name and is_english(locale) and code and code.upper() in _THE_COUNTRIES:
        return f"the {name}"
    return name


def country_in_place(code: str | None, locale: Locale) -> str:
    """The country's name after a city and a comma: "Paris, France", "Amsterdam,
    the Netherlands", "Chicago, United States"."""
    name = country_name(code, locale)
    if name and is_english(locale) and code and code.upper() in _PLURAL_THE_COUNTRIES:
        return f"the {name}"
    return name


def place_name(city: str | None, code: str | None, locale: Locale) -> str:
    """ "Amsterdam, the Netherlands", "Paris, France", "Berlin", or the country
    alone ("The Netherlands")."""
    city = (city or "").strip()
    if not city:
        return capitalise(country_in_place(code, locale))
    country = country_in_place(code, locale)
    return f"{city}, {country}" if country else city


#: Words that make an organisation's name take "the" ("the US Embassy").
_GENERIC_NOUNS = frozenset(
    {
        "agency",
        "alliance",
        "association",
        "bank",
        "centre",
        "center",
        "city",
        "coalition",
        "commission",
        "committee",
        "conference",
        "council",
        "department",
        "embassy",
        "federation",
        "forum",
        "foundation",
        "fund",
        "group",
        "initiative",
        "institute",
        "league",
        "ministry",
        "network",
        "office",
        "organisation",
        "organization",
        "partnership",
        "programme",
        "program",
        "secretariat",
        "senate",
        "service",
        "society",
        "trust",
        "union",
    }
)


def with_article(name: str, locale: Locale) -> str:
    """ "the Strong Cities Network", "the US Embassy, Berlin", but "HateAid"."""
    if not is_english(locale) or not name:
        return name
    words = re.findall(r"[A-Za-z]+", name)
    if not words or words[0].lower() == "the" or len(words) < 2:
        return name
    if any(w.lower() in _GENERIC_NOUNS for w in words):
        return f"the {name}"
    return name


# --- cities grouped by country --------------------------------------------------


#: Continents in the order the city list visits them (time-zone area names).
_CONTINENTS = ("Europe", "Atlantic", "America", "Africa", "Asia", "Australia", "Pacific", "Indian")


@cache
def _territory_zones() -> dict[str, list[str]]:
    zones: dict[str, list[str]] = {}
    for zone, territory in get_global("zone_territories").items():
        zones.setdefault(str(territory), []).append(str(zone))
    return zones


def continent(code: str | None) -> str:
    """The continent of a country, from the areas of its time zones (Babel's
    CLDR data): "DE" → "Europe", "CA" → "America", "RU" → "Europe"; "" if unknown."""
    if not code:
        return ""
    areas = {z.split("/", 1)[0] for z in _territory_zones().get(code.upper(), ())}
    for area in _CONTINENTS:
        if area in areas:
            return area
    return min(areas, default="")


def cities_by_country(
    places: Iterable[tuple[str, str | None]],
    locale: Locale,
    *,
    first_country: str | None = None,
) -> str:
    """Cities grouped the way the reference report lists them.

    "Berlin, Dortmund, Rostock and Weißenfels in Germany; Paris, France; …
    and Edmonton, Canada" — alphabetical within a country, one city as
    "City, Country", several as "A, B and C in Country", groups separated by
    "; " and the last one joined with "; and ". As in the reference, the host
    country comes first, then the other countries of the host's continent,
    then the other continents (Europe, the Americas, Africa, Asia, Oceania …),
    countries by name within a continent; cities without a country close the
    list.
    """
    groups: dict[str | None, dict[str, str]] = {}
    for city, country in places:
        city = (city or "").strip()
        if not city:
            continue
        code = country.upper() if country else None
        groups.setdefault(code, {}).setdefault(city.casefold(), city)
    if not groups:
        return ""

    first = first_country.upper() if first_country else None
    home = continent(first) if first else None

    def order(code: str | None) -> tuple[int, int, tuple[str, str, str]]:
        if code is None:
            return (3, 0, ("", "", ""))
        if code == first:
            return (0, 0, ("", "", ""))
        place = continent(code)
        rank = _CONTINENTS.index(place) if place in _CONTINENTS else len(_CONTINENTS)
        return (1 if place == home else 2, rank, collation_key(country_name(code, locale)))

    parts: list[str] = []
    for code in sorted(groups, key=order):
        cities = sorted(groups[code].values(), key=collation_key)
        cities = [md_escape(c) for c in cities]
        if code is None:
            parts.append(join_list(cities, locale))
        elif len(cities) == 1:
            parts.append(f"{cities[0]}, {md_escape(country_in_place(code, locale))}")
        else:
            parts.append(
                f"{join_list(cities, locale)} in {md_escape(country_in_text(code, locale))}"
            )
    if len(parts) == 1:
        return parts[0]
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


# --- the summary's opening paragraph ------------------------------------------------

#: How each sector reads in "representatives of local governments, …".
SECTOR_PHRASES = {
    "local_government": "local governments",
    "regional_government": "regional governments",
    "national_government": "national governments",
    "civil_society": "civil society",
    "private_sector": "the private sector",
    "research": "research institutions",
    "international": "international organisations",
    "donor": "donors",
}

#: More countries than this read as "from 12 countries".
MAX_COUNTRIES_NAMED = 8


def representatives_phrase(count: int, locale: Locale) -> str:
    """ "more than 50 representatives", "12 representatives", "one representative"."""
    rounded, more = round_down_count(count)
    number = (
        number_words(rounded, locale) if rounded < 10 else format_decimal(rounded, locale=locale)
    )
    noun = "representative" if rounded == 1 and not more else "representatives"
    return f"{'more than ' if more else ''}{number} {noun}"


@dataclass(frozen=True)
class SummaryFacts:
    """What the opening paragraph is drafted from."""

    date_range: str
    #: convenor's name as typed, and its website if the directory knows it
    convenor: str | None = None
    convenor_url: str | None = None
    #: attending participants
    attendance: int = 0
    #: sector values of the attending participants' organisations
    sectors: tuple[str, ...] = ()
    #: country codes the attending participants came from
    countries: tuple[str, ...] = ()
    #: (city, country code) of the attending local and regional officials
    cities: tuple[tuple[str, str | None], ...] = ()
    venue_name: str | None = None
    venue_city: str | None = None
    venue_country: str | None = None
    #: names of partners with role donor, host or supporter
    supporters: tuple[str, ...] = ()
    #: the event's title, named when nobody is recorded as attending
    title: str = ""


def _convenor_text(facts: SummaryFacts, locale: Locale) -> str:
    name = (facts.convenor or "").strip()
    if not name:
        return ""
    linked = md_escape(name)
    if facts.convenor_url and facts.convenor_url.startswith(("http://", "https://")):
        linked = f"[{linked}](<{facts.convenor_url}>)"
    phrase = with_article(name, locale)
    if phrase != name:  # "the " was added in front of the name
        return f"the {linked}"
    return linked


#: At most this many sectors are named ("of local governments, … and civil society").
MAX_SECTORS_NAMED = 4


def _sector_phrases(sectors: Sequence[str]) -> list[str]:
    """The most represented sectors (at most four), in the vocabulary's order."""
    order = list(SECTOR_PHRASES)
    counts = Counter(s for s in sectors if s in SECTOR_PHRASES)
    top = sorted(counts, key=lambda s: (-counts[s], order.index(s)))[:MAX_SECTORS_NAMED]
    return [SECTOR_PHRASES[s] for s in sorted(top, key=order.index)]


def summary_opening(facts: SummaryFacts, locale: Locale) -> str:
    """The drafted opening paragraph of the summary (Markdown).

    "On 15 – 16 June 2023, the Strong Cities Network convened more than 50
    representatives of local governments, national governments and civil
    society from Canada, France, … and the United States. This included mayors
    and other officials from Berlin, Dortmund, Rostock and Weißenfels in
    Germany; Paris, France; …. The event was held at Berlin City Hall, Berlin,
    with support from the US Embassy, Berlin."
    """
    sentences: list[str] = []

    who = (
        representatives_phrase(facts.attendance, locale) if facts.attendance else "representatives"
    )
    sectors = _sector_phrases(facts.sectors)
    if sectors:
        who += f" of {join_list(sectors, locale)}"
    codes = sorted(
        {c.upper() for c in facts.countries if c},
        key=lambda c: collation_key(country_name(c, locale)),
    )
    if len(codes) > MAX_COUNTRIES_NAMED:
        who += f" from {number_words(len(codes), locale)} countries"
    elif codes:
        who += " from " + join_list([md_escape(country_in_text(c, locale)) for c in codes], locale)

    convenor = _convenor_text(facts, locale)
    when = f"On {facts.date_range}, " if facts.date_range else ""
    if convenor and not facts.attendance and not sectors and not codes:
        # nobody is recorded as attending: say what was convened, not "representatives"
        what = f"“{md_escape(facts.title.strip())}”" if facts.title.strip() else "this event"
        sentences.append(capitalise(f"{when}{convenor} convened {what}."))
    elif convenor:
        sentences.append(f"{when}{convenor} convened {who}.")
    elif facts.attendance:
        sentences.append(capitalise(f"{when}{who} came together."))

    cities = cities_by_country(facts.cities, locale, first_country=facts.venue_country)
    if cities:
        sentences.append(f"This included mayors and other officials from {cities}.")

    where = ""
    if facts.venue_name:
        where = md_escape(facts.venue_name)
        if facts.venue_city and facts.venue_city.casefold() not in facts.venue_name.casefold():
            where += f", {md_escape(facts.venue_city)}"
        where = f"at {where}"
    elif facts.venue_city:
        where = f"in {md_escape(place_name(facts.venue_city, facts.venue_country, locale))}"
    supporters = join_list([md_escape(with_article(s, locale)) for s in facts.supporters], locale)
    if where and supporters:
        sentences.append(f"The event was held {where}, with support from {supporters}.")
    elif where:
        sentences.append(f"The event was held {where}.")
    elif supporters:
        sentences.append(f"The event was made possible with support from {supporters}.")
    return " ".join(sentences)


# --- keynotes and themes --------------------------------------------------------


@dataclass(frozen=True)
class KeynoteSpeaker:
    name: str
    job_title: str | None = None
    organisation: str | None = None
    country: str | None = None
    #: False when the person has not consented to be named in reports
    may_name: bool = True


def describe_speaker(speaker: KeynoteSpeaker, locale: Locale) -> str:
    """ "Clarence Anthony, Executive Director, National League of Cities"; or,
    without consent to be named, "a Mayor from Germany"."""
    if speaker.may_name and speaker.name.strip():
        parts = [speaker.name, speaker.job_title, speaker.organisation]
        return ", ".join(md_escape(p.strip()) for p in parts if p and p.strip())
    role = (speaker.job_title or "").strip() or "speaker"
    role = f"{'an' if role[:1].lower() in 'aeiou' else 'a'} {md_escape(role)}"
    if speaker.country:
        return f"{role} from {md_escape(country_in_text(speaker.country, locale))}"
    return role


def unnamed_person(job_title: str | None, country: str | None, locale: Locale) -> str:
    """A person printed without their name (plain text): "a Councillor from
    Norway", "a participant from the United States", "a participant"."""
    role = (job_title or "").strip() or "participant"
    text = f"{'an' if role[:1].lower() in 'aeiou' else 'a'} {role}"
    if country:
        text += f" from {country_in_text(country, locale)}"
    return text


def keynote_sentence(title: str, speakers: Sequence[KeynoteSpeaker], locale: Locale) -> str:
    """One sentence for a keynote session (Markdown), or "" without speakers.

    "Clarence Anthony, Executive Director, National League of Cities, gave a
    keynote address on “Civility as the foundation of prevention”."; several
    speakers: "A, Mayor, City of X, and B, Mayor, City of Y, gave keynote
    addresses on …".
    """
    described = [describe_speaker(s, locale) for s in speakers]
    if not described:
        return ""
    # an appositive ("Name, Mayor, City") is closed by a comma before the verb
    closed = [f"{d}," if ", " in d else d for d in described]
    verb = "gave a keynote address" if len(described) == 1 else "gave keynote addresses"
    who = join_list(closed, locale)
    sentence = f"{who} {verb}"
    topic = f" on “{md_escape(title.strip())}”" if title.strip() else ""
    return capitalise(f"{sentence}{topic}.")


def themes_intro(count: int, locale: Locale) -> str:
    """ "Three key themes emerged out of these discussions:" ("" for none)."""
    if count <= 0:
        return ""
    noun, verb = ("key theme", "emerged") if count == 1 else ("key themes", "emerged")
    return capitalise(f"{number_words(count, locale)} {noun} {verb} out of these discussions:")
