"""Capture: the note-taker's use cases, shared by the capture view, the CLI and tests.

Every function opens one short transaction, so every edit is durable when it
returns (the workspace runs SQLite in WAL mode with ``synchronous=FULL``).
Results are plain frozen dataclasses; nothing here holds a database session.

Drafts (:class:`~workshop_planner.domain.models.CaptureDraft`) keep the text a
note-taker is typing, one row per event and author, so a crash loses nothing;
saving a note clears the draft in the same transaction as the insert.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import fields as fd
from workshop_planner.domain import models as m
from workshop_planner.domain.enums import Attribution, NoteKind
from workshop_planner.domain.rules import default_attribution
from workshop_planner.domain.types import new_id, utc_now
from workshop_planner.services.concurrency import (
    check_version,
    keep_version,
    locked,
    refusing_stale_writes,
)
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

#: The kinds in the order of their Ctrl+1 … Ctrl+9 keys; the ninth key cycles
#: between ``example`` and ``resource``.
KIND_KEYS: tuple[NoteKind, ...] = (
    NoteKind.OBSERVATION,
    NoteKind.QUOTE,
    NoteKind.CASE_STUDY,
    NoteKind.THREAT,
    NoteKind.CHALLENGE,
    NoteKind.NEED,
    NoteKind.RECOMMENDATION,
    NoteKind.NEXT_STEP,
    NoteKind.EXAMPLE,
)

#: Longest author name the workspace stores.
MAX_AUTHOR = 200


# --- plain results ------------------------------------------------------------


@dataclass(frozen=True)
class QuoteData:
    """Who said a quote: a directory person (``speaker_id``) or free fields."""

    speaker_id: str | None = None
    name: str | None = None
    job_title: str | None = None
    organisation: str | None = None
    city: str | None = None
    country: str | None = None
    attribution: str = Attribution.BY_ORIGIN.value


@dataclass(frozen=True)
class CaseStudyData:
    title: str | None = None
    city: str | None = None
    country: str | None = None
    challenge: str | None = None
    approach: str | None = None
    impact: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ExampleData:
    label: str | None = None
    city: str | None = None
    country: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ResourceData:
    title: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class NoteData:
    """A note as the capture view shows it; also the snapshot undo restores."""

    id: str
    event_id: str
    kind: str
    text: str
    author: str | None
    captured_at: datetime
    updated_at: datetime
    session_id: str | None = None
    theme_ids: tuple[str, ...] = ()
    featured: bool = False
    position: int = 0
    #: where the report prints it (None: by its kind)
    placement: str | None = None
    quote: QuoteData | None = None
    case_study: CaseStudyData | None = None
    example: ExampleData | None = None
    resource: ResourceData | None = None
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0


@dataclass(frozen=True)
class NoteRevisionData:
    text: str
    author: str | None
    updated_at: datetime
    recorded_at: datetime


@dataclass(frozen=True)
class ThemeItem:
    id: str
    position: int
    title: str
    #: lower-case ASCII words joined by hyphens: "mayoral-leadership"
    slug: str


@dataclass(frozen=True)
class SpeakerOption:
    """A participant a quote can be attributed to."""

    person_id: str
    name: str
    job_title: str | None
    organisation: str | None
    city: str | None
    country: str | None
    consent_to_name: bool

    @property
    def default_attribution(self) -> Attribution:
        return default_attribution(self.consent_to_name)


@dataclass(frozen=True)
class SessionItem:
    """An agenda item; ``start``/``end`` are naive wall times in the event zone."""

    id: str
    title: str
    kind: str
    start: datetime
    end: datetime
    location: str | None = None


@dataclass(frozen=True)
class CaptureEvent:
    """What the capture view needs to know about its event."""

    id: str
    title: str
    timezone: str
    sessions: tuple[SessionItem, ...]
    themes: tuple[ThemeItem, ...]
    speakers: tuple[SpeakerOption, ...]

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.timezone)


@dataclass(frozen=True)
class DraftData:
    event_id: str
    author: str
    session_id: str | None
    kind: str
    text: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not _has_content(self.extra)


# --- reading ----------------------------------------------------------------


def load_capture_event(workspace: Workspace, event_id: str) -> CaptureEvent:
    """The event's title, zone, sessions, themes and possible quote speakers."""
    with workspace.reading() as db:
        event = _event(db, event_id)
        sessions = tuple(_session_item(s) for s in event.sessions)
        themes = tuple(_theme_item(t) for t in event.themes)
        speakers = tuple(_speakers(db, event_id))
        return CaptureEvent(event.id, event.title, event.timezone, sessions, themes, speakers)


def list_sessions(workspace: Workspace, event_id: str) -> list[SessionItem]:
    """The event's sessions in agenda order."""
    with workspace.reading() as db:
        return [_session_item(s) for s in _event(db, event_id).sessions]


def list_themes(workspace: Workspace, event_id: str) -> list[ThemeItem]:
    """The event's themes in their report order."""
    with workspace.reading() as db:
        return [_theme_item(t) for t in _event(db, event_id).themes]


def list_speakers(workspace: Workspace, event_id: str) -> list[SpeakerOption]:
    """The event's participants by name, with their consent to be named."""
    with workspace.reading() as db:
        _event(db, event_id)
        return _speakers(db, event_id)


def list_notes(
    workspace: Workspace,
    event_id: str,
    *,
    session_id: str | None = None,
    all_sessions: bool = False,
    author: str | None = None,
) -> list[NoteData]:
    """The notes of one session (``session_id``, None = no session), oldest first.

    ``all_sessions`` lists the whole event; ``author`` keeps one note-taker's notes.
    """
    query = (
        select(m.Note)
        .where(m.Note.event_id == event_id)
        .options(*fd.load_note_relations())
        .order_by(m.Note.captured_at, m.Note.id)
    )
    if not all_sessions:
        query = query.where(
            m.Note.session_id.is_(None) if session_id is None else m.Note.session_id == session_id
        )
    if author is not None:
        query = query.where(m.Note.author == author)
    with workspace.reading() as db:
        _event(db, event_id)
        return [note_data(n) for n in db.scalars(query)]


def get_note(workspace: Workspace, note_id: str) -> NoteData:
    with workspace.reading() as db:
        return note_data(_note(db, note_id))


def note_history(workspace: Workspace, note_id: str) -> list[NoteRevisionData]:
    """Earlier texts of a note, oldest first."""
    with workspace.reading() as db:
        _note(db, note_id)
        rows = db.scalars(
            select(m.NoteRevision)
            .where(m.NoteRevision.note_id == note_id)
            .order_by(m.NoteRevision.recorded_at, m.NoteRevision.id)
        )
        return [NoteRevisionData(r.text, r.author, r.updated_at, r.recorded_at) for r in rows]


# --- the session on the clock -------------------------------------------------


def current_session(
    sessions: Sequence[SessionItem], now: datetime, zone: ZoneInfo | str
) -> SessionItem | None:
    """The session to capture at ``now`` (an aware instant).

    The session running now; else the next one starting later today; else the
    last one that started before now; else (the event is still ahead) the first.
    """
    if not sessions:
        return None
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tz = _zone(zone) if isinstance(zone, str) else zone
    wall = now.astimezone(tz).replace(tzinfo=None)
    ordered = sorted(sessions, key=lambda s: (s.start, s.end, s.title))
    running = [s for s in ordered if s.start <= wall < s.end]
    if running:
        # Of overlapping sessions, the one that started last is the one in focus.
        return max(running, key=lambda s: s.start)
    end_of_day = datetime.combine(wall.date() + timedelta(days=1), time.min)
    upcoming = [s for s in ordered if wall < s.start < end_of_day]
    if upcoming:
        return upcoming[0]
    before = [s for s in ordered if s.start <= wall]
    if before:
        return before[-1]
    return ordered[0]


def adjacent_session(
    sessions: Sequence[SessionItem], session_id: str | None, step: int
) -> SessionItem | None:
    """The session ``step`` places before (-1) or after (+1) ``session_id``.

    Stops at the first and last session (returns None past them).
    """
    ids = [s.id for s in sessions]
    if not ids:
        return None
    if session_id not in ids:
        return sessions[0] if step > 0 else sessions[-1]
    index = ids.index(session_id) + step
    if 0 <= index < len(ids):
        return sessions[index]
    return None


# --- themes and hashtags ------------------------------------------------------

_HASHTAG = re.compile(r"(?<![\w#])#([^\W_][\w-]*)", re.UNICODE)


def slugify(title: str) -> str:
    """ "Mayoral Leadership & Crisis" → "mayoral-leadership-crisis"."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def match_theme(themes: Iterable[ThemeItem], tag: str) -> ThemeItem | None:
    """The theme a typed ``#tag`` names: same slug, else a unique prefix of a slug,
    a title word or the title with its spaces removed."""
    key = slugify(tag)
    if not key:
        return None
    candidates = list(themes)
    exact = [t for t in candidates if t.slug == key or t.slug.replace("-", "") == key]
    if exact:
        return exact[0]
    prefixed = [
        t
        for t in candidates
        if t.slug.startswith(key)
        or t.slug.replace("-", "").startswith(key.replace("-", ""))
        or any(word.startswith(key) for word in t.slug.split("-"))
    ]
    if len(prefixed) == 1:
        return prefixed[0]
    # Ambiguous: prefer a title that starts with the tag.
    starting = [t for t in prefixed if t.slug.startswith(key)]
    return starting[0] if len(starting) == 1 else None


def hashtags(text: str) -> list[str]:
    """The ``#tags`` typed in ``text`` (without the ``#``), in order."""
    return [match.group(1) for match in _HASHTAG.finditer(text)]


def extract_hashtags(text: str, themes: Sequence[ThemeItem]) -> tuple[str, list[str]]:
    """Remove ``#tags`` naming themes from ``text``; return the text and those theme ids.

    Tags that name no theme stay in the text, untouched.
    """
    found: list[str] = []

    def _replace(match: re.Match[str]) -> str:
        theme = match_theme(themes, match.group(1))
        if theme is None:
            return match.group(0)
        if theme.id not in found:
            found.append(theme.id)
        return ""

    cleaned = _HASHTAG.sub(_replace, text)
    if found:
        # Tidy the gaps the tags left behind, line by line.
        lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in cleaned.split("\n")]
        cleaned = "\n".join(lines).strip()
        cleaned = re.sub(r"\s+([.,;:!?])", r"\1", cleaned)
    return cleaned, found


# --- writing notes ------------------------------------------------------------


def add_note(
    workspace: Workspace,
    event_id: str,
    *,
    kind: NoteKind | str,
    text: str,
    author: str,
    session_id: str | None = None,
    theme_ids: Sequence[str] = (),
    quote: QuoteData | None = None,
    case_study: CaseStudyData | None = None,
    example: ExampleData | None = None,
    resource: ResourceData | None = None,
    captured_at: datetime | None = None,
    note_id: str | None = None,
    clear_draft: bool = True,
) -> NoteData:
    """Save a captured note (and, by default, clear its author's draft in the same commit)."""
    kind_value = _kind(kind)
    author = _author(author)
    text = text.strip()
    details = _details_for(kind_value, quote, case_study, example, resource)
    if not text and not _details_have_content(details):
        raise ServiceError("Type the note's text before saving it.")
    when = captured_at or utc_now()
    if when.tzinfo is None:
        raise ServiceError("A note's capture time must be an instant with a time zone.")
    with workspace.transaction() as db:
        _event(db, event_id)
        if session_id is not None:
            _check_session(db, event_id, session_id)
        themes = _check_themes(db, event_id, theme_ids)
        if note_id is not None and db.get(m.Note, note_id) is not None:
            raise ServiceError(f"A note with the id {note_id} exists already.")
        note = m.Note(
            id=note_id or new_id(),
            event_id=event_id,
            kind=kind_value.value,
            text=text,
            author=author,
            captured_at=when.astimezone(UTC),
            session_id=session_id,
        )
        note.theme_links = [m.NoteTheme(theme_id=t, position=i) for i, t in enumerate(themes)]
        _apply_details(db, note, kind_value, details, event_id)
        db.add(note)
        if clear_draft:
            db.execute(
                delete(m.CaptureDraft).where(
                    m.CaptureDraft.event_id == event_id, m.CaptureDraft.author == author
                )
            )
        db.flush()
        return note_data(note)


_UNSET: Any = object()


def update_note(
    workspace: Workspace,
    note_id: str,
    *,
    text: str | None = None,
    kind: NoteKind | str | None = None,
    theme_ids: Sequence[str] | None = None,
    session_id: str | None = _UNSET,
    quote: QuoteData | None = _UNSET,
    case_study: CaseStudyData | None = _UNSET,
    example: ExampleData | None = _UNSET,
    resource: ResourceData | None = _UNSET,
    editor: str | None = None,
    version: int | None = None,
) -> NoteData:
    """Change a note in place; an earlier text is kept in its history (NoteRevision).

    Only the arguments given change. Changing the kind drops detail rows of the
    old kind unless new details are given. ``version`` is the version the
    editor loaded: a note changed since is refused (StaleEditError).

    The note is read under a row lock, so the text put in the history is the
    one this edit replaces, whoever else edits at the same time: every text a
    save acknowledged stays either the note's text or in its history.
    """
    with refusing_stale_writes(workspace, "note") as db:
        note = locked(db, m.Note, note_id, _NOTE_GONE)
        check_version(note, version, "note")
        if text is not None:
            new_text = text.strip()
            if not new_text and not _note_has_details(note):
                raise ServiceError("A note cannot be empty; delete it instead.")
            if new_text != note.text:
                db.add(
                    m.NoteRevision(
                        note_id=note.id,
                        text=note.text,
                        author=note.author if editor is None else editor,
                        updated_at=note.updated_at,
                        recorded_at=utc_now(),
                    )
                )
                note.text = new_text
        new_kind = _kind(kind) if kind is not None else NoteKind(note.kind)
        if new_kind.value != note.kind:
            note.kind = new_kind.value
        if theme_ids is not None:
            themes = _check_themes(db, note.event_id, theme_ids)
            if themes != note.theme_ids:
                note.theme_links = [
                    m.NoteTheme(theme_id=t, position=i) for i, t in enumerate(themes)
                ]
        if session_id is not _UNSET and session_id != note.session_id:
            if session_id is not None:
                _check_session(db, note.event_id, session_id)
            note.session_id = session_id
        given = {
            "quote": quote,
            "case_study": case_study,
            "example": example,
            "resource": resource,
        }
        if any(v is not _UNSET for v in given.values()) or kind is not None:
            current = note_data(note)
            details = _details_for(
                new_kind,
                current.quote if quote is _UNSET else quote,
                current.case_study if case_study is _UNSET else case_study,
                current.example if example is _UNSET else example,
                current.resource if resource is _UNSET else resource,
            )
            if _details_differ(current, new_kind, details):
                _apply_details(db, note, new_kind, details, note.event_id)
        db.flush()  # the flush hook stamps updated_at when anything changed
        return note_data(note)


def delete_note(workspace: Workspace, note_id: str) -> NoteData:
    """Delete a note; returns its full snapshot so :func:`restore_note` can bring it back."""
    with workspace.transaction() as db:
        note = _note(db, note_id)
        snapshot = note_data(note)
        db.delete(note)
        return snapshot


def restore_note(workspace: Workspace, snapshot: NoteData) -> NoteData:
    """Put a deleted note back exactly as it was, with the same id."""
    with workspace.transaction() as db:
        if db.get(m.Note, snapshot.id) is not None:
            raise ServiceError("That note exists already; there is nothing to restore.")
        _event(db, snapshot.event_id)
        session_id = snapshot.session_id
        if session_id is not None and db.get(m.Session, session_id) is None:
            session_id = None
        existing_themes = set(
            db.scalars(select(m.Theme.id).where(m.Theme.event_id == snapshot.event_id))
        )
        # The note comes back as it was, its stamp too: an undo of a deletion
        # is no new edit that should win a later merge.
        note = fd.new_copy(
            snapshot,
            fd.NOTE,
            id=snapshot.id,
            event_id=snapshot.event_id,
            session_id=session_id,
            updated_at=snapshot.updated_at,
        )
        note.theme_links = [
            m.NoteTheme(theme_id=t, position=i)
            for i, t in enumerate(t for t in snapshot.theme_ids if t in existing_themes)
        ]
        kind = NoteKind(snapshot.kind)
        details = _details_for(
            kind, snapshot.quote, snapshot.case_study, snapshot.example, snapshot.resource
        )
        _apply_details(db, note, kind, details, snapshot.event_id, check_speaker=False)
        db.add(note)
        db.flush()
        keep_version(db, note, snapshot.version)
        return note_data(note)


def set_notes_author(
    workspace: Workspace, event_id: str, note_ids: Sequence[str], author: str
) -> list[NoteData]:
    """Give notes of an event another author (a note-taker who named themselves late).

    Notes that no longer exist are skipped; the changed notes are returned.
    """
    author = _author(author)
    ids = list(dict.fromkeys(note_ids))
    if not ids:
        return []
    with workspace.transaction() as db:
        _event(db, event_id)
        notes = list(
            db.scalars(select(m.Note).where(m.Note.event_id == event_id, m.Note.id.in_(ids)))
        )
        changed = []
        for note in notes:
            if note.author != author:
                note.author = author
                changed.append(note)
        db.flush()
        return [note_data(n) for n in changed]


# --- drafts -------------------------------------------------------------------


def save_draft(
    workspace: Workspace,
    event_id: str,
    author: str,
    session_id: str | None,
    kind: NoteKind | str,
    text: str,
    extra: Mapping[str, Any] | None = None,
) -> DraftData:
    """Keep what the note-taker is typing (one row per event and author, replaced)."""
    author = _author(author)
    kind_value = _kind(kind).value
    now = utc_now()
    extra_value = dict(extra) if extra else None
    with workspace.transaction() as db:
        draft = db.get(m.CaptureDraft, (event_id, author))
        if draft is None:
            if db.get(m.Event, event_id) is None:
                raise NotFoundError("That event no longer exists; its draft cannot be kept.")
            draft = m.CaptureDraft(event_id=event_id, author=author)
            db.add(draft)
        draft.session_id = session_id
        draft.kind = kind_value
        draft.text = text
        draft.extra = extra_value
        draft.updated_at = now
    return DraftData(event_id, author, session_id, kind_value, text, extra_value or {}, now)


def load_draft(workspace: Workspace, event_id: str, author: str) -> DraftData | None:
    """The draft this author left for this event, if any."""
    with workspace.reading() as db:
        draft = db.get(m.CaptureDraft, (event_id, author))
        if draft is None:
            return None
        return DraftData(
            draft.event_id,
            draft.author,
            draft.session_id,
            draft.kind,
            draft.text,
            dict(draft.extra or {}),
            draft.updated_at,
        )


def clear_draft(workspace: Workspace, event_id: str, author: str) -> None:
    with workspace.transaction() as db:
        db.execute(
            delete(m.CaptureDraft).where(
                m.CaptureDraft.event_id == event_id, m.CaptureDraft.author == author
            )
        )


# --- converting ---------------------------------------------------------------


#: the result class of each note detail, by relation name (as in fields.NOTE_DETAILS)
_DETAIL_RESULTS: dict[str, type[Any]] = {
    "quote": QuoteData,
    "case_study": CaseStudyData,
    "example": ExampleData,
    "resource": ResourceData,
}


def note_data(note: m.Note) -> NoteData:
    details = {
        name: None if (row := getattr(note, name)) is None else fd.result_of(result, row)
        for name, result in _DETAIL_RESULTS.items()
    }
    return fd.result_of(
        NoteData,
        note,
        theme_ids=tuple(link.theme_id for link in note.theme_links),
        featured=bool(note.featured),
        position=note.position or 0,
        **details,
    )


# --- internals ----------------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _kind(kind: NoteKind | str) -> NoteKind:
    try:
        return NoteKind(kind)
    except ValueError:
        names = ", ".join(k.value for k in NoteKind)
        raise ServiceError(f"“{kind}” is not a kind of note; use one of {names}.") from None


def _author(author: str) -> str:
    name = (author or "").strip()
    if not name:
        raise ServiceError("Say who is taking the notes (a name) before capturing.")
    if len(name) > MAX_AUTHOR:
        raise ServiceError(f"A note-taker's name can have at most {MAX_AUTHOR} characters.")
    return name


def _event(db: DbSession, event_id: str) -> m.Event:
    event = db.get(m.Event, event_id)
    if event is None:
        raise NotFoundError("That event does not exist in this workspace.")
    return event


_NOTE_GONE = "That note no longer exists; it may have been deleted."


def _note(db: DbSession, note_id: str) -> m.Note:
    note = db.get(m.Note, note_id)
    if note is None:
        raise NotFoundError(_NOTE_GONE)
    return note


def _check_session(db: DbSession, event_id: str, session_id: str) -> None:
    session = db.get(m.Session, session_id)
    if session is None or session.event_id != event_id:
        raise NotFoundError("That session is not on this event's agenda.")


def _check_themes(db: DbSession, event_id: str, theme_ids: Sequence[str]) -> list[str]:
    wanted = list(dict.fromkeys(theme_ids))
    if not wanted:
        return []
    known = set(
        db.scalars(select(m.Theme.id).where(m.Theme.event_id == event_id, m.Theme.id.in_(wanted)))
    )
    missing = [t for t in wanted if t not in known]
    if missing:
        raise NotFoundError("A theme chosen for the note is not one of this event's themes.")
    return wanted


def _session_item(s: m.Session) -> SessionItem:
    return SessionItem(s.id, s.title, s.kind, s.start, s.end, s.location)


def _theme_item(t: m.Theme) -> ThemeItem:
    return ThemeItem(t.id, t.position, t.title, slugify(t.title))


def _speakers(db: DbSession, event_id: str) -> list[SpeakerOption]:
    # columns, not Person objects: a big event has thousands of participants
    rows = db.execute(
        select(
            m.Person.id,
            m.Person.full_name,
            m.Person.job_title,
            m.Organisation.name,
            m.Person.city,
            m.Person.country,
            m.Person.consent_to_name,
        )
        .join(m.Participant, m.Participant.person_id == m.Person.id)
        .outerjoin(m.Organisation, m.Organisation.id == m.Person.organisation_id)
        .where(m.Participant.event_id == event_id)
        .order_by(m.Person.full_name)
    )
    return [
        SpeakerOption(pid, name, job, org, city, country, bool(consent))
        for pid, name, job, org, city, country, consent in rows
    ]


def _details_for(
    kind: NoteKind,
    quote: QuoteData | None,
    case_study: CaseStudyData | None,
    example: ExampleData | None,
    resource: ResourceData | None,
) -> QuoteData | CaseStudyData | ExampleData | ResourceData | None:
    """The detail object that belongs to ``kind`` (others are ignored)."""
    if kind is NoteKind.QUOTE:
        return _clean(quote) if quote is not None else QuoteData()
    if kind is NoteKind.CASE_STUDY:
        return _clean(case_study) if case_study is not None else CaseStudyData()
    if kind is NoteKind.EXAMPLE:
        return _clean(example) if example is not None else ExampleData()
    if kind is NoteKind.RESOURCE:
        return _clean(resource) if resource is not None else ResourceData()
    return None


def _clean(details: Any) -> Any:
    """Strip text fields, blank → None, countries upper-case (ISO alpha-2)."""
    changes: dict[str, Any] = {}
    for name in details.__dataclass_fields__:
        value = getattr(details, name)
        if isinstance(value, str):
            value = value.strip() or None
            if name == "country" and value is not None:
                value = value.upper()
                if len(value) != 2 or not value.isalpha():
                    raise ServiceError(
                        f"“{value}” is not a two-letter country code such as DE or US."
                    )
            changes[name] = value
    if isinstance(details, QuoteData):
        try:
            changes["attribution"] = Attribution(details.attribution).value
        except ValueError:
            raise ServiceError(
                f"“{details.attribution}” is not an attribution; use named, by_origin or anonymous."
            ) from None
    return replace(details, **changes)


def _details_have_content(details: Any) -> bool:
    if details is None or isinstance(details, QuoteData):
        return False
    return any(getattr(details, n) for n in details.__dataclass_fields__)


def _note_has_details(note: m.Note) -> bool:
    data = note_data(note)
    details = _details_for(
        NoteKind(note.kind), data.quote, data.case_study, data.example, data.resource
    )
    return _details_have_content(details)


def _details_differ(current: NoteData, kind: NoteKind, details: Any) -> bool:
    have = {
        "quote": current.quote,
        "case_study": current.case_study,
        "example": current.example,
        "resource": current.resource,
    }
    want: dict[str, Any] = dict.fromkeys(have)
    if details is not None:
        want[kind.value] = details
    return have != want


def _apply_details(
    db: DbSession,
    note: m.Note,
    kind: NoteKind,
    details: Any,
    event_id: str,
    *,
    check_speaker: bool = True,
) -> None:
    note.quote = None
    note.case_study = None
    note.example = None
    note.resource = None
    if details is None:
        return
    name = next(n for n, result in _DETAIL_RESULTS.items() if isinstance(details, result))
    declared = fd.NOTE_DETAILS[name]
    row = declared.model(**fd.values_of(details, declared.bundle))
    if isinstance(row, m.QuoteDetails):
        speaker_id = row.speaker_id
        if speaker_id is not None and db.get(m.Person, speaker_id) is None:
            if check_speaker:
                raise NotFoundError("The quote's speaker is not in the directory.")
            row.speaker_id = None
    setattr(note, name, row)


def _has_content(extra: Mapping[str, Any]) -> bool:
    for key, value in extra.items():
        if key == "theme_ids":
            continue
        if isinstance(value, Mapping):
            if any(v for k, v in value.items() if k != "attribution"):
                return True
        elif value:
            return True
    return False
