"""How a quote is attributed in a published report.

Decided when the report is built, from the directory's consent as it is then
(not as it was when the quote was captured): a person who has not consented to
be named is printed by origin (``domain.rules.effective_attribution``). The
quote's own attribution is an upper bound (named → by origin → anonymous): a
report never prints a quote more revealingly than the note-taker chose, nor
than consent allows. A speaker typed in freely whose name is that of a
withheld person of the directory is treated as that person
(``report.context``), so "— [name withheld], Deputy Mayor, City of …" never
prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from workshop_planner.domain.enums import Attribution
from workshop_planner.domain.rules import effective_attribution
from workshop_planner.report.drafting import country_in_place, country_in_text


@dataclass(frozen=True)
class QuoteSpeaker:
    """Who said a quote: a directory person or a speaker typed in freely."""

    name: str | None = None
    job_title: str | None = None
    organisation: str | None = None
    city: str | None = None
    #: ISO 3166-1 alpha-2
    country: str | None = None
    #: the directory person's consent; a free-typed speaker counts as consenting
    consent_to_name: bool = True


def attribution_line(
    requested: Attribution | str, speaker: QuoteSpeaker | None, locale: Locale
) -> str:
    """The line printed under a quote.

    named → "Name, Job title, Organisation (or city), Country";
    by_origin → "One participant from the United States";
    anonymous → "A participant".
    """
    try:
        wanted = Attribution(requested)
    except ValueError:
        wanted = Attribution.BY_ORIGIN
    if speaker is None:
        return "A participant"
    how = effective_attribution(wanted, speaker.consent_to_name)
    if how is Attribution.NAMED and _clean(speaker.name):
        parts = [
            _clean(speaker.name),
            _clean(speaker.job_title),
            _clean(speaker.organisation) or _clean(speaker.city),
            country_in_place(speaker.country, locale),
        ]
        return ", ".join(p for p in parts if p)
    if how is Attribution.ANONYMOUS:
        return "A participant"
    if speaker.country:
        return f"One participant from {country_in_text(speaker.country, locale)}"
    return "A participant"


def _clean(value: str | None) -> str:
    return (value or "").strip()
