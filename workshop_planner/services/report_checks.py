"""Checks before export: what in an event's report is missing or will not print as meant.

:func:`report_checks` lists them, each one sentence with the place to fix it
(a section, a theme, a note, a partner, a drafted text or the event), so the
report page can show them beside the preview and take the user there. Export
is still allowed; the checks only warn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from workshop_planner.domain import models as m
from workshop_planner.domain.enums import NoteKind, Placement, ReportSection
from workshop_planner.domain.rules import NOWHERE, print_placement
from workshop_planner.report.collector import collector_paused
from workshop_planner.report.context import (
    COLUMN_OVERRIDES,
    DRAFT_LABELS,
    ReportContext,
    build_context,
)
from workshop_planner.report.errors import ReportError
from workshop_planner.report.markdown import is_allowed_link, link_targets
from workshop_planner.report.mentions import mention_checks as find_mention_checks
from workshop_planner.services import capture
from workshop_planner.services.errors import NotFoundError
from workshop_planner.store import Workspace

#: Every check code, in the order the checks are listed.
CHECK_CODES: tuple[str, ...] = (
    "nothing_featured",
    "empty_section",
    "theme_no_key_message",
    "theme_no_featured",
    "featured_nowhere",
    "quote_no_speaker",
    "case_study_no_impact",
    "bad_link",
    "partner_no_logo",
    "unmatched_tag",
    "withheld_mention",
)

#: Section headings as the report prints them.
SECTION_TITLES: dict[str, str] = {
    ReportSection.SUMMARY: "Summary",
    ReportSection.THREATS: "Threats, Key Challenges & City Needs",
    ReportSection.THEMES: "Key Themes",
    ReportSection.NEXT_STEPS: "Next Steps",
    ReportSection.RESOURCES: "Additional Resources",
    ReportSection.PARTNERS: "Donors & Partners",
    ReportSection.CONTACTS: "Contact Information",
}

_KIND_NAMES: dict[str, str] = {
    NoteKind.OBSERVATION: "observation",
    NoteKind.QUOTE: "quote",
    NoteKind.THREAT: "threat",
    NoteKind.CHALLENGE: "challenge",
    NoteKind.NEED: "need",
    NoteKind.CASE_STUDY: "case study",
    NoteKind.EXAMPLE: "city example",
    NoteKind.RECOMMENDATION: "recommendation",
    NoteKind.NEXT_STEP: "next step",
    NoteKind.RESOURCE: "resource",
}


@dataclass(frozen=True)
class Check:
    #: one of :data:`CHECK_CODES`
    code: str
    #: one sentence for the user
    message: str
    #: "section" | "theme" | "note" | "partner" | "override" | "event"
    target_kind: str
    #: section name, theme id, note id, partner id, override key (None for the event)
    target_id: str | None


def report_checks(workspace: Workspace, event_id: str) -> list[Check]:
    """Everything to look at before exporting the event's report, in report order."""
    try:
        context = build_context(workspace, event_id)
    except ReportError:
        raise NotFoundError("That event does not exist in this workspace.") from None
    with workspace.reading() as db:
        with collector_paused():  # every note with its details: many objects, none garbage
            event = _load(db, event_id)
        if event is None:
            raise NotFoundError("That event does not exist in this workspace.")
        checks: list[Check] = []
        checks += _nothing_featured(event)
        checks += _empty_sections(context)
        checks += _theme_checks(event, context)
        checks += _note_checks(event, context)
        checks += _link_checks(event)
        checks += _partner_checks(event, context)
        checks += _tag_checks(event)
    return checks + mention_checks(workspace, event_id)


def mention_checks(workspace: Workspace, event_id: str) -> list[Check]:
    """Each printed mention of a person who has not consented to be named
    ("withheld_mention"), with its context (the name masked) and where it is."""
    return [
        Check(c.code, c.message, c.target_kind, c.target_id)
        for c in find_mention_checks(workspace, event_id)
    ]


# --- the checks -------------------------------------------------------------------


def _load(db: DbSession, event_id: str) -> m.Event | None:
    return db.scalars(
        select(m.Event)
        .where(m.Event.id == event_id)
        .options(
            selectinload(m.Event.report_settings),
            selectinload(m.Event.themes),
            selectinload(m.Event.notes).selectinload(m.Note.theme_links),
            selectinload(m.Event.notes).selectinload(m.Note.quote),
            selectinload(m.Event.notes).selectinload(m.Note.case_study),
            selectinload(m.Event.notes).selectinload(m.Note.example),
            selectinload(m.Event.notes).selectinload(m.Note.resource),
            selectinload(m.Event.partners),
        )
    ).first()


def _notes(event: m.Event) -> list[m.Note]:
    return sorted(event.notes, key=lambda n: (n.position, n.captured_at, n.id))


def _where(note: m.Note) -> str:
    return print_placement(note.kind, note.placement, bool(note.featured), bool(note.theme_links))


def _excerpt(text: str, limit: int = 50) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _note_name(note: m.Note) -> str:
    kind = _KIND_NAMES.get(note.kind, note.kind)
    text = _excerpt(note.text)
    return f"The {kind} “{text}”" if text else f"A {kind}"


def _nothing_featured(event: m.Event) -> list[Check]:
    count = len(event.notes)
    if not count or any(n.featured for n in event.notes):
        return []
    noun = "note was" if count == 1 else "notes were"
    return [
        Check(
            "nothing_featured",
            f"{count} {noun} captured but none is featured, so the report prints none of them.",
            "event",
            None,
        )
    ]


def _empty_sections(context: ReportContext) -> list[Check]:
    return [
        Check(
            "empty_section",
            f"The section “{SECTION_TITLES.get(name, name)}” is ticked but has nothing to print.",
            "section",
            name,
        )
        for name in context.sections
        if not context.has_section(name)
    ]


def _theme_checks(event: m.Event, context: ReportContext) -> list[Check]:
    if not {ReportSection.THEMES.value, ReportSection.SUMMARY.value} & set(context.sections):
        return []
    checks: list[Check] = []
    printing: dict[str, int] = {}
    for note in event.notes:
        if _where(note) in ("theme", "examples"):
            for theme_id in note.theme_ids:
                printing[theme_id] = printing.get(theme_id, 0) + 1
    for theme in sorted(event.themes, key=lambda t: t.position):
        title = (theme.title or "").strip() or "Untitled"
        if not (theme.key_message or "").strip():
            checks.append(
                Check(
                    "theme_no_key_message",
                    f"The theme “{title}” has no key message.",
                    "theme",
                    theme.id,
                )
            )
        if not printing.get(theme.id):
            checks.append(
                Check(
                    "theme_no_featured",
                    f"The theme “{title}” has no featured notes.",
                    "theme",
                    theme.id,
                )
            )
    return checks


#: The report section each placement prints in.
PLACEMENT_SECTIONS: dict[str, str] = {
    Placement.THEME: ReportSection.THEMES,
    Placement.EXAMPLES: ReportSection.THEMES,
    Placement.THREATS: ReportSection.THREATS,
    Placement.NEXT_STEPS: ReportSection.NEXT_STEPS,
    Placement.CLOSING: ReportSection.NEXT_STEPS,
    Placement.RESOURCES: ReportSection.RESOURCES,
}


def _note_checks(event: m.Event, context: ReportContext) -> list[Check]:
    checks: list[Check] = []
    for note in _notes(event):
        if not note.featured:
            continue
        where = _where(note)
        if where == NOWHERE:
            checks.append(
                Check(
                    "featured_nowhere",
                    f"{_note_name(note)} is featured but prints nowhere: "
                    "give it a theme or choose where it prints.",
                    "note",
                    note.id,
                )
            )
            continue
        section = PLACEMENT_SECTIONS.get(where)
        if section is not None and section not in context.sections:
            checks.append(
                Check(
                    "featured_nowhere",
                    f"{_note_name(note)} is featured but prints in "
                    f"“{SECTION_TITLES[section]}”, which is not ticked.",
                    "note",
                    note.id,
                )
            )
        q = note.quote
        if (
            note.kind == NoteKind.QUOTE
            and (q is None or (q.speaker_id is None and not (q.name or "").strip()))
            and (q is None or q.attribution != "anonymous")
        ):
            checks.append(
                Check(
                    "quote_no_speaker",
                    f"{_note_name(note)} is featured without a speaker.",
                    "note",
                    note.id,
                )
            )
        cs = note.case_study
        if note.kind == NoteKind.CASE_STUDY and (cs is None or not (cs.impact or "").strip()):
            checks.append(
                Check(
                    "case_study_no_impact",
                    f"{_note_name(note)} has no impact.",
                    "note",
                    note.id,
                )
            )
    return checks


def _bad(urls: Iterable[str | None]) -> list[str]:
    return [u.strip() for u in urls if u is not None and u.strip() and not is_allowed_link(u)]


def _link_check(bad: Sequence[str], where: str, kind: str, target: str | None) -> list[Check]:
    if not bad:
        return []
    shown = ", ".join(f"“{_excerpt(u, 40)}”" for u in dict.fromkeys(bad))
    noun = "a link" if len(set(bad)) == 1 else "links"
    return [
        Check(
            "bad_link",
            f"{where} has {noun} the report cannot print ({shown}): "
            "use http://, https:// or mailto: addresses.",
            kind,
            target,
        )
    ]


def _link_checks(event: m.Event) -> list[Check]:
    checks: list[Check] = []
    settings = event.report_settings
    if settings is not None:
        extra = settings.extra_overrides or {}
        for key, label in DRAFT_LABELS.items():
            value = getattr(settings, key) if key in COLUMN_OVERRIDES else extra.get(key)
            if isinstance(value, str):
                bad = _bad(link_targets(value))
                checks += _link_check(bad, f"The text “{label}”", "override", key)
    for theme in sorted(event.themes, key=lambda t: t.position):
        texts = (theme.key_message, theme.summary, theme.body)
        bad = _bad(url for text in texts for url in link_targets(text))
        title = (theme.title or "").strip() or "Untitled"
        checks += _link_check(bad, f"The theme “{title}”", "theme", theme.id)
    for note in _notes(event):
        if _where(note) == NOWHERE:
            continue
        urls: list[str | None] = list(link_targets(note.text))
        for details in (note.case_study, note.example, note.resource):
            if details is not None:
                urls.append(details.url)
        checks += _link_check(_bad(urls), _note_name(note), "note", note.id)
    for partner in event.partners:
        checks += _link_check(
            _bad([partner.url, *link_targets(partner.acknowledgement)]),
            f"The partner “{partner.name}”",
            "partner",
            partner.id,
        )
    return checks


def _partner_checks(event: m.Event, context: ReportContext) -> list[Check]:
    if ReportSection.PARTNERS.value not in context.sections:
        return []
    return [
        Check(
            "partner_no_logo",
            f"The partner “{p.name}” has no logo.",
            "partner",
            p.id,
        )
        for p in event.partners
        if p.logo_id is None
    ]


def _tag_checks(event: m.Event) -> list[Check]:
    themes = [
        capture.ThemeItem(t.id, t.position, t.title, capture.slugify(t.title)) for t in event.themes
    ]
    checks: list[Check] = []
    for note in _notes(event):
        unmatched = [
            tag for tag in capture.hashtags(note.text) if capture.match_theme(themes, tag) is None
        ]
        if unmatched:
            tags = ", ".join(f"#{t}" for t in dict.fromkeys(unmatched))
            checks.append(
                Check(
                    "unmatched_tag",
                    f"{_note_name(note)} is tagged {tags}, which names no theme.",
                    "note",
                    note.id,
                )
            )
    return checks
