"""The report's context: everything a template prints, as plain frozen data.

``build_context`` reads one event from the workspace (SQLAlchemy, in one
read transaction) and returns a :class:`ReportContext` made of the
dataclasses below: strings, numbers and tuples only, never ORM objects, so
templates, the GUI and tests can use it without a database session.

Texts the user typed stay Markdown source (templates render them with the
``markdown`` filter); drafted texts are Markdown too, with names escaped.
"""

from __future__ import annotations

import mimetypes
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from typing import cast
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_name
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from workshop_planner.domain import models as m
from workshop_planner.domain.enums import NoteKind, Placement, ReportSection, SessionKind
from workshop_planner.domain.rules import (
    RuleViolation,
    check_timezone,
    event_days,
    print_placement,
)
from workshop_planner.report.attribution import QuoteSpeaker, attribution_line
from workshop_planner.report.drafting import (
    KeynoteSpeaker,
    SummaryFacts,
    capitalise,
    country_name,
    format_date_range,
    keynote_sentence,
    place_name,
    report_locale,
    summary_opening,
    themes_intro,
    unnamed_person,
)
from workshop_planner.report.errors import ReportError
from workshop_planner.report.markdown import safe_url
from workshop_planner.report.mentions import NAME_WITHHELD as NAME_WITHHELD
from workshop_planner.report.mentions import Watchlist, WithheldPerson, workspace_watchlist
from workshop_planner.store import Workspace

#: Partner roles named in "with support from …".
SUPPORTER_ROLES = frozenset({"donor", "host", "supporter", "sponsor", "funder"})

#: The texts the app drafts and an editor may replace, in report order, with their labels.
DRAFT_LABELS: dict[str, str] = {
    "summary_opening": "Summary opening",
    "keynotes": "Keynotes",
    "themes_intro": "Themes list introduction",
    "threats_intro": "Threats introduction",
    "threats_group_threat": "Threats: introduction of the threats",
    "threats_group_challenge": "Threats: introduction of the key challenges",
    "threats_group_need": "Threats: introduction of the city needs",
    "next_steps": "Next Steps",
    "closing": "Closing",
}
DRAFT_KEYS: tuple[str, ...] = tuple(DRAFT_LABELS)

#: Overrides kept in their own columns of ReportSettings; the others live in
#: ``extra_overrides`` (they travel in the bundle's ``report.overrides`` alike).
COLUMN_OVERRIDES: frozenset[str] = frozenset(
    {"summary_opening", "threats_intro", "next_steps", "closing"}
)

#: The groups of "Threats, Key Challenges & City Needs", in print order.
THREAT_GROUPS: tuple[tuple[str, str], ...] = (
    (NoteKind.THREAT.value, "Threats"),
    (NoteKind.CHALLENGE.value, "Key Challenges"),
    (NoteKind.NEED.value, "City Needs"),
)

#: Page sizes a report can be printed on (CSS ``size`` values).
PAGE_SIZES = {"a4": "A4", "letter": "Letter", "a5": "A5", "legal": "Legal"}
DEFAULT_PAGE_SIZE = "A4"


# --- the dataclasses --------------------------------------------------------------


@dataclass(frozen=True)
class AssetData:
    """A workspace file the report shows (a partner logo)."""

    id: str
    media_type: str
    data: bytes

    @property
    def filename(self) -> str:
        """The asset's file name in the report's files folder: ``<id><ext>``."""
        ext = mimetypes.guess_extension(self.media_type, strict=False) or ""
        return f"{self.id}{ext}"


@dataclass(frozen=True)
class EventInfo:
    id: str
    label: str
    series: str
    title: str
    #: the title for the running footer
    short_title: str
    subtitle: str
    convenor: str
    description: str
    venue_name: str
    venue_address: str
    venue_city: str
    venue_country: str
    #: "Berlin, Germany"
    place: str
    #: "15 – 16 June 2023"
    date_range: str
    start_date: date
    end_date: date
    timezone: str
    #: "Central European Summer Time"
    timezone_name: str
    #: BCP 47 language of the report ("en", "de")
    language: str


@dataclass(frozen=True)
class Quote:
    text: str
    #: the line under the quote, already decided by attribution and consent
    attribution: str


@dataclass(frozen=True)
class CaseStudyBox:
    title: str
    challenge: str
    approach: str
    impact: str
    url: str | None
    #: the note's own text, printed before the labelled parts
    text: str


@dataclass(frozen=True)
class CityExampleItem:
    #: "New York City, United States" (or the country alone, or "")
    place: str
    label: str
    url: str | None


@dataclass(frozen=True)
class ThemeSection:
    number: int
    title: str
    key_message: str
    summary: str
    body: str
    observations: tuple[str, ...]
    case_studies: tuple[CaseStudyBox, ...]
    quotes: tuple[Quote, ...]
    examples: tuple[CityExampleItem, ...]

    @property
    def has_content(self) -> bool:
        return bool(
            self.key_message
            or self.body
            or self.observations
            or self.case_studies
            or self.quotes
            or self.examples
        )


@dataclass(frozen=True)
class Summary:
    #: the opening paragraph (Markdown): the editor's text or the draft
    opening: str
    #: True when ``opening`` is the editor's override
    opening_is_override: bool
    #: the event's own description (Markdown)
    description: str
    #: one sentence per keynote session (Markdown)
    keynotes: tuple[str, ...]
    #: "Three key themes emerged out of these discussions:"
    themes_intro: str

    @property
    def has_content(self) -> bool:
        return bool(self.opening or self.description or self.keynotes or self.themes_intro)


@dataclass(frozen=True)
class NoteGroup:
    """A bulleted group of a section: "Threats", "Key Challenges", "City Needs"."""

    #: the notes' kind ("threat", "challenge", "need"), "" for notes of other kinds
    kind: str
    #: "Key Challenges" ("" for the group of other kinds)
    heading: str
    #: the editor's introduction of the group (Markdown)
    intro: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class TextSection:
    """A section made of an editor's introduction and featured notes."""

    intro: str
    #: every featured note's text, in order (the groups hold the same, grouped)
    items: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()
    closing: str = ""
    #: the items grouped by kind, each with its introduction (threats only)
    groups: tuple[NoteGroup, ...] = ()
    #: the pull quotes that close the section (placement "closing"; next steps only)
    closing_quotes: tuple[Quote, ...] = ()

    @property
    def has_content(self) -> bool:
        return bool(
            self.intro
            or self.items
            or self.quotes
            or self.closing
            or self.closing_quotes
            or any(g.intro for g in self.groups)
        )


@dataclass(frozen=True)
class ResourceItem:
    title: str
    publisher: str
    url: str | None


@dataclass(frozen=True)
class PartnerItem:
    name: str
    role: str
    url: str | None
    #: file name under the report's ``assets/`` folder, or None without a logo
    logo: str | None
    acknowledgement: str


@dataclass(frozen=True)
class ContactItem:
    name: str
    role: str
    organisation: str
    email: str | None


@dataclass(frozen=True)
class ProgrammePerson:
    role: str
    #: "Speaker", "Moderator" …
    role_label: str
    #: the person's name, or "A Councillor from Norway" for a person who has
    #: not consented to be named (then job title and organisation are "")
    name: str
    job_title: str
    organisation: str
    #: False for a person printed without their name
    named: bool = True


@dataclass(frozen=True)
class FieldVisitInfo:
    site: str
    host_organisation: str
    address: str
    meeting_point: str
    transport: str
    capacity: int | None
    #: names of the attendees who consented to be named
    attendees: tuple[str, ...]
    #: attendees not named (no consent)
    unnamed_attendees: int = 0

    @property
    def attendee_count(self) -> int:
        return len(self.attendees) + self.unnamed_attendees

    @property
    def attendees_text(self) -> str:
        """ "Ada Nowak, Bo Berg and 2 other participants" (names never of the unconsenting)."""
        parts = list(self.attendees)
        if self.unnamed_attendees:
            other = "other " if parts else ""
            noun = "participant" if self.unnamed_attendees == 1 else "participants"
            parts.append(f"{self.unnamed_attendees} {other}{noun}")
        if len(parts) <= 1:
            return "".join(parts)
        return f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True)
class ProgrammeSession:
    id: str
    #: "09:30", in the event's zone
    start: str
    end: str
    kind: str
    kind_label: str
    title: str
    location: str
    description: str
    people: tuple[ProgrammePerson, ...]
    field_visit: FieldVisitInfo | None


@dataclass(frozen=True)
class ProgrammeDay:
    date: date
    #: "Thursday, 15 June 2023"
    label: str
    sessions: tuple[ProgrammeSession, ...]


@dataclass(frozen=True)
class ReportContext:
    event: EventInfo
    #: the template the event's settings chose
    template: str
    #: the sections chosen in the report settings, in the layout's print order
    sections: tuple[str, ...]
    page_size: str
    summary: Summary
    #: the numbered themes (for the summary list and the Key Themes section)
    themes: tuple[ThemeSection, ...]
    threats: TextSection
    next_steps: TextSection
    resources: tuple[ResourceItem, ...]
    partners: tuple[PartnerItem, ...]
    contacts: tuple[ContactItem, ...]
    programme: tuple[ProgrammeDay, ...]
    assets: tuple[AssetData, ...]

    def has_section(self, name: str) -> bool:
        """Whether the section is chosen and has something to print."""
        if name not in self.sections:
            return False
        content: dict[str, bool] = {
            ReportSection.SUMMARY: self.summary.has_content,
            ReportSection.THREATS: self.threats.has_content,
            ReportSection.THEMES: any(t.has_content for t in self.themes),
            ReportSection.NEXT_STEPS: self.next_steps.has_content,
            ReportSection.RESOURCES: bool(self.resources),
            ReportSection.PARTNERS: bool(self.partners),
            ReportSection.CONTACTS: bool(self.contacts),
        }
        return content.get(name, False)

    @property
    def shown_sections(self) -> tuple[str, ...]:
        """The chosen sections that have something to print, in print order."""
        return tuple(s for s in self.sections if self.has_section(s))


# --- building it -------------------------------------------------------------------


def normalise_page_size(value: str | None) -> str | None:
    """ "a4" → "A4", "letter" → "Letter"; raises for a size we do not print."""
    if value is None or not str(value).strip():
        return None
    size = PAGE_SIZES.get(str(value).strip().casefold())
    if size is None:
        choices = ", ".join(PAGE_SIZES.values())
        raise ReportError(f"“{value}” is not a page size the report knows ({choices}).")
    return size


def build_context(workspace: Workspace, event_id: str) -> ReportContext:
    """Read the event ``event_id`` and everything its report prints."""
    with workspace.reading() as db:
        event = _load_event(db, event_id)
        return _Builder(db, event).build()


@dataclass(frozen=True)
class Draft:
    """A text the app drafts, with the editor's override (None = the draft prints)."""

    key: str
    label: str
    draft: str
    override: str | None


def draft_texts(workspace: Workspace, event_id: str) -> tuple[Draft, ...]:
    """Every drafted text of the event's report (:data:`DRAFT_KEYS` order), drafted
    by the same code the report prints from."""
    with workspace.reading() as db:
        event = _load_event(db, event_id)
        return _Builder(db, event).drafts()


def _load_event(db: DbSession, event_id: str) -> m.Event:
    """The event with what prints whole: settings, programme, themes, partners, contacts.

    Its notes and participants are not loaded: the report prints only the
    featured notes (:func:`_featured_notes`) and counts the participants
    (:func:`_attendance`), so a big event costs what its report shows.
    """
    stmt = (
        select(m.Event)
        .where(m.Event.id == event_id)
        .options(
            selectinload(m.Event.report_settings),
            selectinload(m.Event.sessions)
            .selectinload(m.Session.people)
            .selectinload(m.SessionPerson.person)
            .selectinload(m.Person.organisation),
            selectinload(m.Event.sessions)
            .selectinload(m.Session.field_visit)
            .selectinload(m.FieldVisit.attendees)
            .selectinload(m.FieldVisitAttendee.person),
            selectinload(m.Event.themes),
            selectinload(m.Event.partners).selectinload(m.Partner.logo),
            selectinload(m.Event.contacts),
        )
    )
    event = db.scalars(stmt).first()
    if event is None:
        raise ReportError(f"There is no event with the id {event_id}.")
    return event


def _featured_notes(db: DbSession, event_id: str) -> list[m.Note]:
    """The event's featured notes with their details, in report order
    (``Note.position``, then capture time)."""
    stmt = (
        select(m.Note)
        .where(m.Note.event_id == event_id, m.Note.featured.is_(True))
        .options(
            selectinload(m.Note.theme_links),
            selectinload(m.Note.quote)
            .selectinload(m.QuoteDetails.speaker)
            .selectinload(m.Person.organisation),
            selectinload(m.Note.case_study),
            selectinload(m.Note.example),
            selectinload(m.Note.resource),
        )
    )
    return sorted(db.scalars(stmt), key=lambda n: (n.position, n.captured_at, n.id))


@dataclass(frozen=True)
class _Attending:
    """Attending participants who share their organisation's sector, their
    countries and their cities: one row of :func:`_attendance`."""

    #: their organisation's sector; None: they have no organisation
    sector: str | None
    person_country: str | None
    org_country: str | None
    org_city: str | None
    person_city: str | None
    count: int


def _attendance(db: DbSession, event_id: str) -> list[_Attending]:
    """What the summary says of who attended, counted by the database (GROUP BY)."""
    person, org = m.Person, m.Organisation
    columns = (org.sector, person.country, org.country, org.city, person.city)
    stmt = (
        select(*columns, func.count())
        .select_from(m.Participant)
        .join(person, m.Participant.person_id == person.id)
        .outerjoin(org, person.organisation_id == org.id)
        .where(m.Participant.event_id == event_id, m.Participant.attendance == "attended")
        .group_by(*columns)
    )
    return [_Attending(*row) for row in db.execute(stmt)]


def _s(value: str | None) -> str:
    return (value or "").strip()


class _Builder:
    def __init__(self, db: DbSession, event: m.Event) -> None:
        self.db = db
        self.event = event
        self.locale: Locale = report_locale(event.language)
        try:
            self.zone: ZoneInfo | None = check_timezone(event.timezone)
        except RuleViolation:
            self.zone = None
        settings = event.report_settings
        self.settings = settings
        self.featured = _featured_notes(db, event.id)
        self.watchlist = workspace_watchlist(db)
        #: where each featured note prints (a Placement value or "nowhere")
        self.placed: dict[str, str] = {
            n.id: print_placement(n.kind, n.placement, True, bool(n.theme_links))
            for n in self.featured
        }
        self.overrides = self._overrides()

    # -- drafted texts and their overrides

    def _overrides(self) -> dict[str, str | None]:
        settings = self.settings
        extra = (settings.extra_overrides or {}) if settings else {}
        result: dict[str, str | None] = {}
        for key in DRAFT_KEYS:
            if key in COLUMN_OVERRIDES:
                value = getattr(settings, key) if settings else None
            else:
                value = extra.get(key)
            result[key] = _s(value) if isinstance(value, str) and _s(value) else None
        return result

    def _draft(self, key: str) -> str:
        """What the app drafts for ``key`` ("" when it drafts nothing)."""
        if key == "summary_opening":
            return summary_opening(self._summary_facts(), self.locale)
        if key == "keynotes":
            return " ".join(self._keynote_sentences())
        if key == "themes_intro":
            return themes_intro(sum(1 for t in self.event.themes if _s(t.title)), self.locale)
        return ""

    def _text(self, key: str) -> str:
        """What prints for a drafted text: the override, else the draft."""
        override = self.overrides[key]
        return override if override is not None else self._draft(key)

    def drafts(self) -> tuple[Draft, ...]:
        return tuple(
            Draft(key, DRAFT_LABELS[key], self._draft(key), self.overrides[key])
            for key in DRAFT_KEYS
        )

    def _keynote_sentences(self) -> list[str]:
        sentences = []
        for session in self.event.sessions:
            if session.kind != SessionKind.KEYNOTE:
                continue
            speakers = [sp for sp in session.people if sp.role in ("keynote", "speaker")]
            sentence = keynote_sentence(
                session.title, [self._keynote_speaker(sp.person) for sp in speakers], self.locale
            )
            if sentence:
                sentences.append(sentence)
        return sentences

    # -- the whole report

    def build(self) -> ReportContext:
        settings = self.settings
        template = _s(settings.template) if settings else ""
        sections = tuple(settings.sections) if settings and settings.sections else ()
        # always in the layout's order, whatever order the settings list them in
        sections = tuple(s.value for s in ReportSection if s.value in sections) or tuple(
            s.value for s in ReportSection
        )
        extra = (settings.extra_overrides or {}) if settings else {}
        try:
            page_size = normalise_page_size(extra.get("page_size")) or DEFAULT_PAGE_SIZE
        except ReportError:
            page_size = DEFAULT_PAGE_SIZE
        themes = self._themes()
        partners, assets = self._partners()
        context = ReportContext(
            event=self._event_info(),
            template=template or "event-report",
            sections=sections,
            page_size=page_size,
            summary=self._summary(themes),
            themes=themes,
            threats=self._threats(),
            next_steps=self._next_steps(),
            resources=self._resources(),
            partners=partners,
            contacts=self._contacts(),
            programme=self._programme(),
            assets=assets,
        )
        return withhold_mentions(context, self.watchlist)

    # -- title block

    def _event_info(self) -> EventInfo:
        e = self.event
        country = country_name(e.venue_country, self.locale)
        place = place_name(e.venue_city, e.venue_country, self.locale)
        zone_name = ""
        if self.zone is not None:
            moment = datetime.combine(e.start_date, datetime.min.time().replace(hour=12))
            zone_name = str(get_timezone_name(moment.replace(tzinfo=self.zone), locale=self.locale))
        title = _s(e.title)
        return EventInfo(
            id=e.id,
            label=_s(e.label),
            series=_s(e.series),
            title=title,
            short_title=title if len(title) <= 60 else title[:57].rstrip() + "…",
            subtitle=_s(e.subtitle),
            convenor=_s(e.convenor),
            description=_s(e.description),
            venue_name=_s(e.venue_name),
            venue_address=_s(e.venue_address),
            venue_city=_s(e.venue_city),
            venue_country=country,
            place=place,
            date_range=format_date_range(e.start_date, e.end_date, self.locale),
            start_date=e.start_date,
            end_date=e.end_date,
            timezone=e.timezone,
            timezone_name=zone_name,
            language=(e.language or "en").replace("_", "-"),
        )

    # -- summary

    def _summary(self, themes: Sequence[ThemeSection]) -> Summary:
        e = self.event
        keynotes_override = self.overrides["keynotes"]
        keynotes = (
            [keynotes_override] if keynotes_override is not None else self._keynote_sentences()
        )
        listed = [t for t in themes if t.title]
        intro = self.overrides["themes_intro"]
        return Summary(
            opening=self._text("summary_opening"),
            opening_is_override=self.overrides["summary_opening"] is not None,
            description=_s(e.description),
            keynotes=tuple(keynotes),
            themes_intro=intro if intro is not None else themes_intro(len(listed), self.locale),
        )

    def _summary_facts(self) -> SummaryFacts:
        e = self.event
        attendance = 0
        sectors: list[str] = []
        countries: list[str] = []
        cities: list[tuple[str, str | None]] = []
        for group in _attendance(self.db, e.id):
            # each attending participant counts, as if listed one by one
            attendance += group.count
            has_org = group.sector is not None
            country = group.person_country or (group.org_country if has_org else None)
            if group.sector is not None:
                sectors += [group.sector] * group.count
            if country:
                countries += [country] * group.count
            if group.sector in ("local_government", "regional_government"):
                city = _s(group.org_city) or _s(group.person_city)
                if city:
                    cities += [(city, group.org_country or group.person_country)] * group.count
        convenor_url = None
        if _s(e.convenor):
            convenor_url = self.db.scalar(
                select(m.Organisation.website)
                .where(m.Organisation.name == _s(e.convenor))
                .where(m.Organisation.website.is_not(None))
                .limit(1)
            )
        supporters = tuple(
            _s(p.name)
            for p in e.partners
            if _s(p.name) and _s(p.role).casefold() in SUPPORTER_ROLES
        )
        return SummaryFacts(
            date_range=format_date_range(e.start_date, e.end_date, self.locale),
            convenor=_s(e.convenor) or None,
            convenor_url=safe_url(convenor_url),
            attendance=attendance,
            sectors=tuple(sectors),
            countries=tuple(countries),
            cities=tuple(cities),
            venue_name=_s(e.venue_name) or None,
            venue_city=_s(e.venue_city) or None,
            venue_country=e.venue_country,
            supporters=supporters,
            title=_s(e.title),
        )

    def _keynote_speaker(self, person: m.Person) -> KeynoteSpeaker:
        org = person.organisation
        return KeynoteSpeaker(
            name=_s(person.full_name),
            job_title=_s(person.job_title) or None,
            organisation=(_s(org.name) if org else "") or _s(person.city) or None,
            country=person.country or (org.country if org else None),
            may_name=bool(person.consent_to_name),
        )

    # -- notes by kind and theme

    def _placed(self, *placements: Placement, theme_id: str | None = None) -> list[m.Note]:
        """The featured notes that print in one of ``placements``, in their order
        (``Note.position``, then capture time; in a theme, those linked to it)."""
        wanted = {p.value for p in placements}
        picked = [n for n in self.featured if self.placed[n.id] in wanted]
        if theme_id is None:
            return picked
        return [n for n in picked if theme_id in n.theme_ids]

    def _quote(self, note: m.Note) -> Quote:
        details = note.quote
        speaker: QuoteSpeaker | None = None
        attribution = "by_origin"
        if details is not None:
            attribution = details.attribution
            person = details.speaker
            if person is not None:
                org = person.organisation
                speaker = QuoteSpeaker(
                    name=person.full_name,
                    job_title=person.job_title or details.job_title,
                    organisation=(org.name if org else None) or details.organisation,
                    city=person.city or details.city,
                    country=person.country or (org.country if org else None) or details.country,
                    consent_to_name=bool(person.consent_to_name),
                )
            elif details.speaker_id is None:
                # a typed name that is a withheld person of the directory is that person
                typed = _s(details.name)
                match = self.watchlist.find(typed) if typed else []
                withheld = match[0].person if match else None
                speaker = QuoteSpeaker(
                    name=details.name,
                    job_title=details.job_title,
                    organisation=details.organisation,
                    city=details.city,
                    country=details.country or (withheld.country if withheld else None),
                    consent_to_name=withheld is None,
                )
        return Quote(
            text=_unquote(_s(note.text)),
            # a note of another kind printed as a pull quote has nobody to attribute it to
            attribution=attribution_line(attribution, speaker, self.locale)
            if note.kind == NoteKind.QUOTE
            else "",
        )

    def _case_study(self, note: m.Note) -> CaseStudyBox:
        cs = note.case_study
        title = _s(cs.title) if cs else ""
        if not title and cs is not None:
            title = place_name(cs.city, cs.country, self.locale)
        return CaseStudyBox(
            title=title,
            challenge=_s(cs.challenge) if cs else "",
            approach=_s(cs.approach) if cs else "",
            impact=_s(cs.impact) if cs else "",
            url=safe_url(cs.url) if cs else None,
            text=_s(note.text),
        )

    def _example(self, note: m.Note) -> CityExampleItem:
        ex = note.example
        label = (_s(ex.label) if ex else "") or _s(note.text)
        return CityExampleItem(
            place=place_name(ex.city, ex.country, self.locale) if ex else "",
            label=label,
            url=safe_url(ex.url) if ex else None,
        )

    def _themes(self) -> tuple[ThemeSection, ...]:
        result = []
        for number, theme in enumerate(sorted(self.event.themes, key=lambda t: t.position), 1):
            in_theme = self._placed(Placement.THEME, theme_id=theme.id)
            listed = self._placed(Placement.THEME, Placement.EXAMPLES, theme_id=theme.id)
            result.append(
                ThemeSection(
                    number=number,
                    title=_s(theme.title),
                    key_message=_s(theme.key_message),
                    summary=_s(theme.summary),
                    body=_s(theme.body),
                    observations=tuple(
                        _s(n.text) for n in in_theme if n.kind not in _BOXED_KINDS and _s(n.text)
                    ),
                    case_studies=tuple(
                        self._case_study(n) for n in in_theme if n.kind == NoteKind.CASE_STUDY
                    ),
                    quotes=tuple(
                        self._quote(n) for n in in_theme if n.kind == NoteKind.QUOTE and _s(n.text)
                    ),
                    examples=tuple(
                        ex
                        for ex in (
                            self._example(n)
                            for n in listed
                            if n.kind == NoteKind.EXAMPLE or self.placed[n.id] == Placement.EXAMPLES
                        )
                        if ex.label or ex.place
                    ),
                )
            )
        return tuple(result)

    def _threats(self) -> TextSection:
        notes = self._placed(Placement.THREATS)
        texts = [n for n in notes if n.kind != NoteKind.QUOTE and _s(n.text)]
        known = {kind for kind, _ in THREAT_GROUPS}
        groups = []
        for kind, heading in THREAT_GROUPS:
            intro = self.overrides[f"threats_group_{kind}"] or ""
            items = tuple(_s(n.text) for n in texts if n.kind == kind)
            if items or intro:
                groups.append(NoteGroup(kind=kind, heading=heading, intro=intro, items=items))
        # notes of other kinds placed here: one last list, without a heading
        others = tuple(_s(n.text) for n in texts if n.kind not in known)
        if others:
            groups.append(NoteGroup(kind="", heading="", intro="", items=others))
        return TextSection(
            intro=self._text("threats_intro"),
            items=tuple(item for group in groups for item in group.items),
            quotes=tuple(self._quote(n) for n in notes if n.kind == NoteKind.QUOTE and _s(n.text)),
            groups=tuple(groups),
        )

    def _next_steps(self) -> TextSection:
        notes = self._placed(Placement.NEXT_STEPS)
        return TextSection(
            intro=self._text("next_steps"),
            items=tuple(_s(n.text) for n in notes if n.kind != NoteKind.QUOTE and _s(n.text)),
            quotes=tuple(self._quote(n) for n in notes if n.kind == NoteKind.QUOTE and _s(n.text)),
            closing=self._text("closing"),
            closing_quotes=tuple(
                self._quote(n) for n in self._placed(Placement.CLOSING) if _s(n.text)
            ),
        )

    def _resources(self) -> tuple[ResourceItem, ...]:
        result = []
        for note in self._placed(Placement.RESOURCES):
            res = note.resource
            title = (_s(res.title) if res else "") or _s(note.text)
            if not title:
                continue
            result.append(
                ResourceItem(
                    title=title,
                    publisher=_s(res.publisher) if res else "",
                    url=safe_url(res.url) if res else None,
                )
            )
        return tuple(result)

    # -- partners and contacts

    def _partners(self) -> tuple[tuple[PartnerItem, ...], tuple[AssetData, ...]]:
        partners = []
        assets: dict[str, AssetData] = {}
        for p in self.event.partners:
            logo = None
            if p.logo is not None and p.logo.media_type.startswith("image/"):
                asset = AssetData(id=p.logo.id, media_type=p.logo.media_type, data=p.logo.data)
                assets[asset.id] = asset
                logo = asset.filename
            partners.append(
                PartnerItem(
                    name=_s(p.name),
                    role=_s(p.role),
                    url=safe_url(p.url),
                    logo=logo,
                    acknowledgement=_s(p.acknowledgement),
                )
            )
        return tuple(partners), tuple(assets.values())

    def _contacts(self) -> tuple[ContactItem, ...]:
        return tuple(
            ContactItem(
                name=_s(c.name),
                role=_s(c.role),
                organisation=_s(c.organisation),
                email=_s(c.email) if c.email and "@" in c.email else None,
            )
            for c in self.event.contacts
            if _s(c.name) or _s(c.email)
        )

    # -- the programme booklet

    def _programme(self) -> tuple[ProgrammeDay, ...]:
        e = self.event
        by_day: dict[date, list[m.Session]] = defaultdict(list)
        for session in sorted(e.sessions, key=lambda s: (s.start, s.end, s.title)):
            by_day[session.start.date()].append(session)
        try:
            days = event_days(e.start_date, e.end_date)
        except RuleViolation:
            days = []
        all_days = sorted(set(days) | set(by_day))
        result = []
        for day in all_days:
            sessions = tuple(self._programme_session(s) for s in by_day.get(day, []))
            if not sessions:
                continue
            label = format_date(day, "full", locale=self.locale)
            result.append(ProgrammeDay(date=day, label=label, sessions=sessions))
        return tuple(result)

    def _programme_session(self, s: m.Session) -> ProgrammeSession:
        people = tuple(self._programme_person(sp) for sp in s.people)
        visit = None
        fv = s.field_visit
        if fv is not None:
            visit = FieldVisitInfo(
                site=_s(fv.site),
                host_organisation=_s(fv.host_organisation),
                address=_s(fv.address),
                meeting_point=_s(fv.meeting_point),
                transport=_s(fv.transport),
                capacity=fv.capacity,
                attendees=tuple(
                    _s(a.person.full_name) for a in fv.attendees if a.person.consent_to_name
                ),
                unnamed_attendees=sum(1 for a in fv.attendees if not a.person.consent_to_name),
            )
        return ProgrammeSession(
            id=s.id,
            start=self._time(s.start),
            end=self._time(s.end),
            kind=s.kind,
            kind_label=_KIND_LABELS.get(s.kind, ""),
            title=_s(s.title),
            location=_s(s.location),
            description=_s(s.description),
            people=people,
            field_visit=visit,
        )

    def _programme_person(self, sp: m.SessionPerson) -> ProgrammePerson:
        person = sp.person
        org = person.organisation
        role_label = _ROLE_LABELS.get(sp.role, sp.role.replace("_", " ").title())
        if not person.consent_to_name:
            country = person.country or (org.country if org else None)
            return ProgrammePerson(
                role=sp.role,
                role_label=role_label,
                name=capitalise(unnamed_person(person.job_title, country, self.locale)),
                job_title="",
                organisation="",
                named=False,
            )
        return ProgrammePerson(
            role=sp.role,
            role_label=role_label,
            name=_s(person.full_name),
            job_title=_s(person.job_title),
            organisation=_s(org.name) if org else "",
        )

    def _time(self, moment: datetime) -> str:
        return str(format_time(moment.time(), "short", locale=self.locale))


# --- names that must not be printed ---------------------------------------------

#: Fields that are not prose (links, files, codes, times): never rewritten.
_NOT_PROSE = frozenset(
    {"id", "url", "logo", "email", "kind", "role", "start", "end", "timezone", "language"}
)


def withhold_mentions(context: ReportContext, watchlist: Watchlist) -> ReportContext:
    """``context`` with every printed mention of a withheld person replaced by
    :data:`NAME_WITHHELD` (see :mod:`workshop_planner.report.mentions`).

    Drafted texts and attributions already leave these people unnamed; this
    also covers what a note-taker or editor typed ("Mayor X said …"), in every
    text the templates print. Contacts are left alone: a contact is listed to
    be contacted.
    """
    if not watchlist.matchers:
        return context
    return cast(ReportContext, _withhold(context, watchlist))


def withhold_names(context: ReportContext, names: Iterable[str]) -> ReportContext:
    """``context`` with every printed mention of ``names`` withheld."""
    return withhold_mentions(context, Watchlist([WithheldPerson(n) for n in names]))


def _withhold(value: object, watchlist: Watchlist) -> object:
    if isinstance(value, str):
        return watchlist.withhold(value)
    if isinstance(value, tuple):
        return tuple(_withhold(v, watchlist) for v in value)
    if isinstance(value, (ContactItem, AssetData)):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _withhold(getattr(value, f.name), watchlist)
            for f in fields(value)
            if f.name not in _NOT_PROSE
        }
        url = getattr(value, "url", None)
        if isinstance(url, str) and watchlist.find(url):
            changes["url"] = None  # a link that names the person ("…/jan-kowalski") is dropped
        return replace(value, **changes)
    return value


_OPENING_QUOTES = "\"“„«‘'"
_CLOSING_QUOTES = "\"”“»’'"


def _unquote(text: str) -> str:
    """A quote's words without the quotation marks a note-taker typed around them
    (the template draws its own)."""
    if len(text) > 1 and text[0] in _OPENING_QUOTES and text[-1] in _CLOSING_QUOTES:
        inner = text[1:-1].strip()
        if not any(c in inner for c in '"“”„«»'):
            return inner
    return text


#: Kinds a theme prints in their own block, not as an observation.
_BOXED_KINDS = frozenset({NoteKind.CASE_STUDY.value, NoteKind.QUOTE.value})

_ROLE_LABELS = {
    "speaker": "Speaker",
    "keynote": "Keynote",
    "moderator": "Moderator",
    "panelist": "Panellist",
    "host": "Host",
}

_KIND_LABELS = {
    "keynote": "Keynote",
    "panel": "Panel",
    "workshop": "Workshop",
    "plenary": "Plenary",
    "breakout": "Breakout",
    "field_visit": "Field visit",
    "break": "Break",
    "reception": "Reception",
    "other": "",
}
