"""Curation: the report editor's use cases, shared by the report studio, the CLI and tests.

Themes (add, edit, reorder, delete and restore), every note of an event with
where it prints, featuring, theme links, placements and order, the printed
wording of a note (its captured original stays in the note's history, kept by
:func:`workshop_planner.services.capture.update_note`), and the drafted texts
with their overrides (drafted by :mod:`workshop_planner.report.context`, the
same code the report prints from).

Every write is one transaction; results are plain frozen dataclasses. The
functions that change curation fields return the notes' states *before* the
change, so an undo command hands them to :func:`restore_states`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, cast, func, literal, select, tuple_
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from workshop_planner.domain import models as m
from workshop_planner.domain.enums import NoteKind
from workshop_planner.domain.rules import RuleViolation, check_placement, print_placement
from workshop_planner.domain.types import new_id, utc_now
from workshop_planner.report.context import COLUMN_OVERRIDES, DRAFT_KEYS, draft_texts
from workshop_planner.report.errors import ReportError
from workshop_planner.services import capture
from workshop_planner.services.concurrency import (
    check_version,
    keep_version,
    locked,
    refusing_stale_writes,
)
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

#: Theme fields :func:`update_theme` changes.
THEME_FIELDS: tuple[str, ...] = ("title", "key_message", "summary", "body")

#: Longest theme title the workspace stores.
MAX_THEME_TITLE = 300


# --- themes -------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeInfo:
    id: str
    event_id: str
    position: int
    #: 1-based number the report prints ("1. Mayoral Leadership")
    number: int
    title: str
    key_message: str
    summary: str
    body: str
    #: notes linked to the theme, and how many of them are featured
    note_count: int
    featured_count: int
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0


@dataclass(frozen=True)
class DeletedTheme:
    """Everything :func:`restore_theme` needs to put a deleted theme back."""

    id: str
    event_id: str
    #: 0-based place in the event's theme list when it was deleted
    index: int
    title: str
    key_message: str | None
    summary: str | None
    body: str | None
    updated_at: datetime
    #: (note id, position of the note within the theme)
    links: tuple[tuple[str, int], ...]
    #: the row version it had (a restore keeps it: see :func:`keep_version`)
    version: int = 0


def list_themes(workspace: Workspace, event_id: str) -> list[ThemeInfo]:
    """The event's themes in report order."""
    with workspace.reading() as db:
        _event(db, event_id)
        return _theme_infos(db, event_id)


def add_theme(
    workspace: Workspace,
    event_id: str,
    title: str,
    *,
    theme_id: str | None = None,
    index: int | None = None,
) -> ThemeInfo:
    """A new theme at ``index`` (0-based; None = last); the others move down."""
    title = _title(title)
    with workspace.transaction() as db:
        _event(db, event_id)
        if theme_id is not None and db.get(m.Theme, theme_id) is not None:
            raise ServiceError("A theme with that id exists already.")
        themes = _themes(db, event_id)
        theme = m.Theme(id=theme_id or new_id(), event_id=event_id, title=title)
        where = len(themes) if index is None else max(0, min(index, len(themes)))
        themes.insert(where, theme)
        db.add(theme)
        _renumber(themes)
        db.flush()
        return _theme_info(db, theme, where + 1)


def update_theme(
    workspace: Workspace,
    theme_id: str,
    changes: Mapping[str, str | None],
    *,
    version: int | None = None,
) -> ThemeInfo:
    """Change a theme's title, key message, summary or body (blank → none, the
    title excepted: a theme needs one). A theme changed since ``version`` (the
    one the editor loaded) is refused with :class:`StaleEditError`."""
    unknown = sorted(set(changes) - set(THEME_FIELDS))
    if unknown:
        raise ServiceError(f"A theme has no field “{unknown[0]}”.")
    with refusing_stale_writes(workspace, "theme") as db:
        theme = locked(db, m.Theme, theme_id, _THEME_GONE)
        check_version(theme, version, "theme")
        for key, value in changes.items():
            new: str | None = _title(value or "") if key == "title" else _text(value)
            if getattr(theme, key) != new:  # an unchanged field is no edit (no new stamp)
                setattr(theme, key, new)
        db.flush()
        themes = _themes(db, theme.event_id)
        return _theme_info(db, theme, themes.index(theme) + 1)


def delete_theme(workspace: Workspace, theme_id: str) -> DeletedTheme:
    """Delete a theme (its notes stay, unlinked); :func:`restore_theme` undoes it."""
    with workspace.transaction() as db:
        theme = _theme(db, theme_id)
        themes = _themes(db, theme.event_id)
        links = db.execute(
            select(m.NoteTheme.note_id, m.NoteTheme.position)
            .where(m.NoteTheme.theme_id == theme_id)
            .order_by(m.NoteTheme.note_id)
        ).all()
        deleted = DeletedTheme(
            id=theme.id,
            event_id=theme.event_id,
            index=themes.index(theme),
            title=theme.title,
            key_message=theme.key_message,
            summary=theme.summary,
            body=theme.body,
            updated_at=theme.updated_at,
            links=tuple((note_id, position) for note_id, position in links),
            version=theme.version,
        )
        linked = db.scalars(
            select(m.Note).join(m.NoteTheme).where(m.NoteTheme.theme_id == theme_id)
        ).all()
        for note in linked:
            note.theme_links = [link for link in note.theme_links if link.theme_id != theme_id]
        db.flush()  # the links go before the theme they point at
        themes.remove(theme)
        db.delete(theme)
        _renumber(themes)
        return deleted


def restore_theme(workspace: Workspace, deleted: DeletedTheme) -> ThemeInfo:
    """Put a deleted theme back with its id, place and the links of notes that still exist."""
    with workspace.transaction() as db:
        _event(db, deleted.event_id)
        if db.get(m.Theme, deleted.id) is not None:
            raise ServiceError("That theme exists already; there is nothing to restore.")
        themes = _themes(db, deleted.event_id)
        theme = m.Theme(
            id=deleted.id,
            event_id=deleted.event_id,
            title=deleted.title,
            key_message=deleted.key_message,
            summary=deleted.summary,
            body=deleted.body,
            updated_at=deleted.updated_at,
        )
        where = max(0, min(deleted.index, len(themes)))
        themes.insert(where, theme)
        db.add(theme)
        _renumber(themes)
        db.flush()
        keep_version(db, theme, deleted.version)
        for note_id, position in deleted.links:
            note = db.get(m.Note, note_id)
            if note is None or note.event_id != deleted.event_id:
                continue
            if deleted.id not in note.theme_ids:
                note.theme_links.append(m.NoteTheme(theme_id=deleted.id, position=position))
        db.flush()
        return _theme_info(db, theme, where + 1)


def reorder_themes(
    workspace: Workspace, event_id: str, theme_ids: Sequence[str]
) -> list[ThemeInfo]:
    """Put the event's themes in the order ``theme_ids`` gives (positions 1 … n).

    ``theme_ids`` lists every theme of the event once.
    """
    with workspace.transaction() as db:
        _event(db, event_id)
        themes = {t.id: t for t in _themes(db, event_id)}
        wanted = list(theme_ids)
        if len(set(wanted)) != len(wanted) or set(wanted) != set(themes):
            raise ServiceError("Reordering themes needs each of the event's themes exactly once.")
        ordered = [themes[t] for t in wanted]
        _renumber(ordered)
        db.flush()
        return _theme_infos(db, event_id)


# --- notes ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)  # 10,000 of them for a big event: no __dict__ each
class CurationNote:
    id: str
    kind: str
    #: the text that prints (Markdown)
    text: str
    author: str
    captured_at: datetime
    session_id: str | None
    #: "" for a note of no session
    session_title: str
    theme_ids: tuple[str, ...]
    featured: bool
    #: the note's own placement (:class:`~workshop_planner.domain.enums.Placement`), None = by kind
    placement: str | None
    #: where it prints now: a Placement value or "nowhere"
    effective_placement: str
    position: int
    #: "" when not a quote or no speaker
    speaker_label: str
    has_speaker: bool
    #: the fields of its kind as in the bundle (quote, case_study, example, resource), else {}
    details: dict[str, Any] = field(default_factory=dict)
    #: what prints differs from the note as captured (text or fields)
    edited: bool = False
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0

    @property
    def sort_key(self) -> tuple[int, datetime, str]:
        """The print order within any section or theme: sort the notes by it."""
        return (self.position, self.captured_at, self.id)


@dataclass(frozen=True)
class SessionOption:
    id: str
    title: str


@dataclass(frozen=True)
class NoteFilterOptions:
    """What the event's notes can be filtered by: values present in its notes."""

    sessions: tuple[SessionOption, ...]
    kinds: tuple[str, ...]
    authors: tuple[str, ...]
    #: whether some notes belong to no session
    has_no_session: bool = False


#: where a page of :func:`list_notes` starts: the (captured_at, id) of the note before it
NotesCursor = tuple[datetime, str]


def list_notes(
    workspace: Workspace,
    event_id: str,
    *,
    limit: int | None = None,
    after: NotesCursor | None = None,
) -> list[CurationNote]:
    """Every note of the event, all sessions and note-takers, in capture order.

    With ``limit`` only that many notes, starting after the note at ``after``
    (see :func:`notes_cursor`): the pages, read one after another, are the list.
    """
    with workspace.reading() as db:
        _event(db, event_id)
        return _read_notes(db, event_id, limit=limit, after=after)


def notes_cursor(note: CurationNote) -> NotesCursor:
    """Where the page after ``note`` starts (capture order)."""
    return (note.captured_at, note.id)


def get_note(workspace: Workspace, note_id: str) -> CurationNote:
    with workspace.reading() as db:
        note = _note(db, note_id)
        return _curation_note(note, _original(db, note_id))


def note_filters(workspace: Workspace, event_id: str) -> NoteFilterOptions:
    """The sessions (agenda order), kinds (vocabulary order) and authors present in the notes."""
    with workspace.reading() as db:
        _event(db, event_id)
        # each combination once (a big event has 10,000 notes and a few hundred of these)
        rows = db.execute(
            select(m.Note.session_id, m.Note.kind, m.Note.author)
            .where(m.Note.event_id == event_id)
            .distinct()
        ).all()
        session_ids = {r[0] for r in rows}
        kinds = {r[1] for r in rows}
        authors = {(r[2] or "").strip() for r in rows} - {""}
        sessions = db.execute(  # the order of Event.sessions, without loading them
            select(m.Session.id, m.Session.title)
            .where(m.Session.event_id == event_id)
            .order_by(m.Session.start)
        )
        return NoteFilterOptions(
            sessions=tuple(
                SessionOption(sid, title) for sid, title in sessions if sid in session_ids
            ),
            kinds=tuple(k.value for k in NoteKind if k.value in kinds),
            authors=tuple(sorted(authors, key=str.casefold)),
            has_no_session=None in session_ids,
        )


# --- curation fields, with undo -------------------------------------------------


@dataclass(frozen=True)
class CurationState:
    """One note's curation fields, as :func:`restore_states` puts them back."""

    note_id: str
    featured: bool
    placement: str | None
    position: int
    #: (theme id, position of the note within the theme)
    theme_links: tuple[tuple[str, int], ...]


def set_featured(
    workspace: Workspace, note_ids: Sequence[str], featured: bool
) -> list[CurationState]:
    """Feature (print) or unfeature notes; returns their states before."""
    with workspace.transaction() as db:
        notes = _notes(db, note_ids)
        before = [_state(n) for n in notes]
        for note in notes:
            if note.featured != featured:
                note.featured = featured
        return before


def assign_theme(
    workspace: Workspace, note_ids: Sequence[str], theme_id: str, assigned: bool = True
) -> list[CurationState]:
    """Link notes to a theme (last in it) or unlink them; returns their states before."""
    with workspace.transaction() as db:
        theme = _theme(db, theme_id)
        notes = _notes(db, note_ids, event_id=theme.event_id)
        before = [_state(n) for n in notes]
        if assigned:
            last = db.scalar(
                select(func.max(m.Note.position))
                .join(m.NoteTheme, m.NoteTheme.note_id == m.Note.id)
                .where(m.NoteTheme.theme_id == theme_id)
            )
            for note in notes:
                if theme_id in note.theme_ids:
                    continue
                # a note joins its theme last (its links list the note's themes in order)
                link_position = max((lk.position for lk in note.theme_links), default=-1) + 1
                note.theme_links.append(m.NoteTheme(theme_id=theme_id, position=link_position))
                if last is not None and note.position <= last:
                    last += 1
                    note.position = last
        else:
            for note in notes:
                if theme_id not in note.theme_ids:
                    continue
                note.theme_links = [lk for lk in note.theme_links if lk.theme_id != theme_id]
        return before


def set_placement(
    workspace: Workspace, note_ids: Sequence[str], placement: str | None
) -> list[CurationState]:
    """Choose where notes print (None = by kind); returns their states before."""
    try:
        value = check_placement(placement)
    except RuleViolation as exc:
        raise ServiceError(str(exc)) from None
    stored = value.value if value is not None else None
    with workspace.transaction() as db:
        notes = _notes(db, note_ids)
        before = [_state(n) for n in notes]
        for note in notes:
            if note.placement != stored:
                note.placement = stored
        return before


def order_items(
    workspace: Workspace, event_id: str, section: str, note_ids: Sequence[str]
) -> list[CurationState]:
    """Put notes in the order ``note_ids`` gives within a report section.

    ``section`` is ``"theme:<theme id>"`` (the order inside that theme) or a
    placement name (``"threats"``, ``"next_steps"`` …). Either way the notes'
    own ``position`` holds the order (it travels in the bundle; a note linked
    to two themes keeps one order for both). The listed notes come first, the
    section's other notes keep their order after them. Returns the states
    before of every note whose order may change (the listed ones first).
    """
    with workspace.transaction() as db:
        _event(db, event_id)
        notes = _notes(db, note_ids, event_id=event_id)
        ordered = db.scalars(
            select(m.Note)
            .where(m.Note.event_id == event_id)
            .order_by(m.Note.position, m.Note.captured_at, m.Note.id)
        ).all()
        if section.startswith("theme:"):
            theme_id = section.removeprefix("theme:")
            theme = _theme(db, theme_id)
            if theme.event_id != event_id:
                raise NotFoundError("That theme is not one of this event's themes.")
            if any(theme_id not in n.theme_ids for n in notes):
                raise ServiceError("Only notes of that theme can be ordered within it.")
            others = [n for n in ordered if n not in notes and theme_id in n.theme_ids]
        else:
            try:
                if check_placement(section) is None:
                    raise RuleViolation("empty")
            except RuleViolation:
                raise ServiceError(f"“{section}” is not a section of the report.") from None
            others = [n for n in ordered if n not in notes and _prints_in(n) == section]
        before = [_state(n) for n in notes + others]
        for position, note in enumerate(notes + others):
            if note.position != position:
                note.position = position
        return before


def restore_states(workspace: Workspace, states: Sequence[CurationState]) -> None:
    """Put notes' curation fields back as the states say (the undo of the four above).

    Notes deleted since are skipped, and so are links to themes deleted since.
    """
    if not states:
        return
    with workspace.transaction() as db:
        for state in states:
            note = db.get(m.Note, state.note_id)
            if note is None:
                continue
            if _state(note) == state:
                continue
            themes = set(db.scalars(select(m.Theme.id).where(m.Theme.event_id == note.event_id)))
            note.featured = state.featured
            note.placement = state.placement
            note.position = state.position
            wanted = [(t, p) for t, p in state.theme_links if t in themes]
            current = {lk.theme_id: lk for lk in note.theme_links}
            kept = []
            for theme_id, position in wanted:
                link = current.get(theme_id) or m.NoteTheme(theme_id=theme_id)
                link.position = position
                kept.append(link)
            note.theme_links = kept


# --- what prints, and what was said ------------------------------------------------------


def edit_printed(
    workspace: Workspace,
    note_id: str,
    *,
    text: str | None = None,
    details: Mapping[str, Any] | None = None,
    editor: str | None = None,
    version: int | None = None,
) -> CurationNote:
    """Change what prints: the wording and the fields of its kind (a quote's
    speaker and attribution, a case study's fields …).

    ``details`` holds fields as in the bundle (``speaker`` is a person id);
    fields not given keep their value. Every earlier text is kept in the
    note's history (:func:`capture.update_note`), and the note as captured
    (text and fields) is kept on the first edit, so it can be restored. A note
    changed since ``version`` (the one the editor loaded) is refused with
    :class:`StaleEditError`.
    """
    current = capture.get_note(workspace, note_id)
    kwargs: dict[str, Any] = {}
    if details:
        kind = NoteKind(current.kind)
        existing = _DETAILS_OF.get(kind)
        if existing is None:
            raise ServiceError(f"A note of the kind “{kind.value}” has no fields besides its text.")
        attr, cls = existing
        base = getattr(current, attr) or cls()
        kwargs[attr] = _merge_details(base, details)
    _keep_original(workspace, note_id)
    try:
        capture.update_note(workspace, note_id, text=text, editor=editor, version=version, **kwargs)
    except ValueError as exc:  # a detail that does not fit its field
        raise ServiceError(str(exc)) from None
    return get_note(workspace, note_id)


def original_text(workspace: Workspace, note_id: str) -> str | None:
    """The text as captured; None if the note was never edited."""
    with workspace.reading() as db:
        _note(db, note_id)
        original = _original(db, note_id)
        return original.text if original is not None else None


def original_details(workspace: Workspace, note_id: str) -> dict[str, Any] | None:
    """The fields of its kind as captured (as in the bundle); None if not kept."""
    with workspace.reading() as db:
        _note(db, note_id)
        original = _original(db, note_id)
        return dict(original.details) if original and original.details is not None else None


def restore_original(
    workspace: Workspace, note_id: str, *, editor: str | None = None
) -> CurationNote:
    """Print the note as captured again: its wording and the fields of its kind
    (the edited versions stay in the history)."""
    with workspace.transaction() as db:
        note = _note(db, note_id)
        original = _original(db, note_id)
        kind = NoteKind(note.kind)
    if original is None:
        raise ServiceError("This note was never edited; it prints as it was captured.")
    kwargs: dict[str, Any] = {}
    place = _DETAILS_OF.get(kind)
    if original.details is not None and place is not None:
        attr, cls = place
        kwargs[attr] = _merge_details(cls(), original.details)
    capture.update_note(workspace, note_id, text=original.text, editor=editor, **kwargs)
    return get_note(workspace, note_id)


# --- drafted texts --------------------------------------------------------------------


@dataclass(frozen=True)
class DraftedText:
    #: one of :data:`~workshop_planner.report.context.DRAFT_KEYS`
    key: str
    #: "Summary opening" …
    label: str
    #: what the app drafts now ("" when there is nothing to draft)
    draft: str
    #: the editor's text replacing the draft, None = the draft prints
    override: str | None

    @property
    def is_override(self) -> bool:
        return self.override is not None

    @property
    def printed(self) -> str:
        """What the report prints."""
        return self.override if self.override is not None else self.draft


def drafted_texts(workspace: Workspace, event_id: str) -> list[DraftedText]:
    """Every drafted text of the event's report with its override, in report order."""
    try:
        drafts = draft_texts(workspace, event_id)
    except ReportError:
        raise NotFoundError("That event does not exist in this workspace.") from None
    return [DraftedText(d.key, d.label, d.draft, d.override) for d in drafts]


def set_override(workspace: Workspace, event_id: str, key: str, text: str | None) -> DraftedText:
    """Replace a drafted text by ``text``; None (or blank) brings the draft back."""
    if key not in DRAFT_KEYS:
        raise ServiceError(f"“{key}” is not a drafted text of the report.")
    value = _text(text)
    with workspace.transaction() as db:
        event = _event(db, event_id)
        settings = event.report_settings
        if settings is None:
            settings = m.ReportSettings(template="event-report", sections=list(m.DEFAULT_SECTIONS))
            event.report_settings = settings
        if key in COLUMN_OVERRIDES:
            setattr(settings, key, value)
        else:
            extra = dict(settings.extra_overrides or {})
            if value is None:
                extra.pop(key, None)
            else:
                extra[key] = value
            settings.extra_overrides = extra or None
    for drafted in drafted_texts(workspace, event_id):
        if drafted.key == key:
            return drafted
    raise AssertionError(key)  # pragma: no cover - every key is drafted


# --- internals ------------------------------------------------------------------------

_DETAILS_OF: dict[NoteKind, tuple[str, type[Any]]] = {
    NoteKind.QUOTE: ("quote", capture.QuoteData),
    NoteKind.CASE_STUDY: ("case_study", capture.CaseStudyData),
    NoteKind.EXAMPLE: ("example", capture.ExampleData),
    NoteKind.RESOURCE: ("resource", capture.ResourceData),
}


def _merge_details(base: Any, details: Mapping[str, Any]) -> Any:
    names = {f.name for f in fields(base)}
    changes: dict[str, Any] = {}
    for key, value in details.items():
        name = "speaker_id" if key == "speaker" and "speaker_id" in names else key
        if name not in names:
            raise ServiceError(f"“{key}” is not a field of this kind of note.")
        changes[name] = None if value is None else str(value)
    if changes.get("attribution", "") is None:
        changes.pop("attribution")
    return replace(base, **changes)


def _title(title: str) -> str:
    value = (title or "").strip()
    if not value:
        raise ServiceError("Give the theme a title.")
    if len(value) > MAX_THEME_TITLE:
        raise ServiceError(f"A theme's title can have at most {MAX_THEME_TITLE} characters.")
    return value


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _event(db: DbSession, event_id: str) -> m.Event:
    event = db.get(m.Event, event_id)
    if event is None:
        raise NotFoundError("That event does not exist in this workspace.")
    return event


_THEME_GONE = "That theme no longer exists; it may have been deleted."


def _theme(db: DbSession, theme_id: str) -> m.Theme:
    theme = db.get(m.Theme, theme_id)
    if theme is None:
        raise NotFoundError(_THEME_GONE)
    return theme


def _note(db: DbSession, note_id: str) -> m.Note:
    note = db.scalars(_notes_query().where(m.Note.id == note_id)).first()
    if note is None:
        raise NotFoundError("That note no longer exists; it may have been deleted.")
    return note


def _notes(db: DbSession, note_ids: Sequence[str], *, event_id: str | None = None) -> list[m.Note]:
    """The notes, in the order given (repeats dropped); all must exist, of one event."""
    ids = list(dict.fromkeys(note_ids))
    found = {n.id: n for n in db.scalars(_notes_query().where(m.Note.id.in_(ids)))}
    if len(found) != len(ids):
        raise NotFoundError("A chosen note no longer exists; it may have been deleted.")
    notes = [found[i] for i in ids]
    events = {n.event_id for n in notes} | ({event_id} if event_id else set())
    if len(events) > 1:
        raise ServiceError("The chosen notes belong to another event.")
    return notes


def _notes_query() -> Select[m.Note]:
    return (
        select(m.Note)
        .options(
            selectinload(m.Note.theme_links),
            selectinload(m.Note.session),
            selectinload(m.Note.quote).selectinload(m.QuoteDetails.speaker),
            selectinload(m.Note.case_study),
            selectinload(m.Note.example),
            selectinload(m.Note.resource),
        )
        .order_by(m.Note.captured_at, m.Note.id)
    )


def _themes(db: DbSession, event_id: str) -> list[m.Theme]:
    return list(
        db.scalars(
            select(m.Theme)
            .where(m.Theme.event_id == event_id)
            .order_by(m.Theme.position, m.Theme.id)
        )
    )


def _renumber(themes: Sequence[m.Theme]) -> None:
    for position, theme in enumerate(themes, 1):
        if theme.position != position:
            theme.position = position


def _theme_infos(db: DbSession, event_id: str) -> list[ThemeInfo]:
    """Every theme of the event with its counts, from one grouped query.

    The links are counted from their theme index alone; the featured ones are
    those whose note is in the (small) list of the event's featured notes, not
    looked up note by note (a third of the time with 18,000 links).
    """
    featured = select(m.Note.id).where(m.Note.event_id == event_id, m.Note.featured.is_(True))
    counts = {
        theme_id: (total, featured_count)
        for theme_id, total, featured_count in db.execute(
            select(
                m.NoteTheme.theme_id,
                func.count(),
                func.count().filter(m.NoteTheme.note_id.in_(featured)),
            )
            .join(m.Theme, m.Theme.id == m.NoteTheme.theme_id)
            .where(m.Theme.event_id == event_id)
            .group_by(m.NoteTheme.theme_id)
        )
    }
    themes = _themes(db, event_id)
    return [_info_of(t, i, counts.get(t.id, (0, 0))) for i, t in enumerate(themes, 1)]


#: how many notes a theme links, and how many of them are featured
_COUNTS = (func.count(), func.coalesce(func.sum(cast(m.Note.featured, Integer)), 0))


def _theme_info(db: DbSession, theme: m.Theme, number: int) -> ThemeInfo:
    counts = db.execute(
        select(*_COUNTS)
        .select_from(m.NoteTheme)
        .join(m.Note, m.Note.id == m.NoteTheme.note_id)
        .where(m.NoteTheme.theme_id == theme.id)
    ).one()
    return _info_of(theme, number, (counts[0], counts[1]))


def _info_of(theme: m.Theme, number: int, counts: tuple[Any, Any]) -> ThemeInfo:
    return ThemeInfo(
        id=theme.id,
        event_id=theme.event_id,
        position=theme.position,
        number=number,
        title=theme.title,
        key_message=theme.key_message or "",
        summary=theme.summary or "",
        body=theme.body or "",
        note_count=int(counts[0] or 0),
        featured_count=int(counts[1] or 0),
        version=theme.version,
    )


def _state(note: m.Note) -> CurationState:
    return CurationState(
        note_id=note.id,
        featured=bool(note.featured),
        placement=note.placement,
        position=note.position or 0,
        theme_links=tuple((lk.theme_id, lk.position) for lk in note.theme_links),
    )


def _prints_in(note: m.Note) -> str:
    """Where a note prints or would print if featured."""
    return print_placement(note.kind, note.placement, True, bool(note.theme_links))


@dataclass(frozen=True)
class _Original:
    text: str
    #: None when only the text's history is known (edited elsewhere, e.g. in capture)
    details: Mapping[str, Any] | None


def _first_revision(db: DbSession, note_id: str) -> str | None:
    return db.scalar(
        select(m.NoteRevision.text)
        .where(m.NoteRevision.note_id == note_id)
        .order_by(m.NoteRevision.recorded_at, m.NoteRevision.id)
        .limit(1)
    )


def _original(db: DbSession, note_id: str) -> _Original | None:
    """The note as captured: kept by the first printed edit, else the oldest
    text of its history; None when neither exists."""
    kept = db.get(m.NoteOriginal, note_id)
    if kept is not None:
        return _Original(kept.text, kept.details)
    text = _first_revision(db, note_id)
    return _Original(text, None) if text is not None else None


def _originals(db: DbSession, of_notes: Any) -> dict[str, _Original]:
    """The originals of the notes ``of_notes`` (a condition on the note) selects."""
    rows = db.execute(
        select(m.NoteRevision.note_id, m.NoteRevision.text)
        .join(m.Note, m.Note.id == m.NoteRevision.note_id)
        .where(of_notes)
        .order_by(m.NoteRevision.recorded_at.desc(), m.NoteRevision.id.desc())
    )
    # newest first, so the oldest revision of each note is written last and wins
    result = {note_id: _Original(text, None) for note_id, text in rows}
    kept = db.scalars(
        select(m.NoteOriginal).join(m.Note, m.Note.id == m.NoteOriginal.note_id).where(of_notes)
    )
    result.update({k.note_id: _Original(k.text, k.details) for k in kept})
    return result


def _keep_original(workspace: Workspace, note_id: str) -> None:
    """Keep the note as captured before its first printed edit (once)."""
    with workspace.transaction() as db:
        if db.get(m.NoteOriginal, note_id) is not None:
            return
        note = _note(db, note_id)
        text = _first_revision(db, note_id)
        db.add(
            m.NoteOriginal(
                note_id=note_id,
                text=note.text if text is None else text,
                details=_details(note) or None,
                recorded_at=utc_now(),
            )
        )


def _is_edited(text: str, details: dict[str, Any], original: _Original | None) -> bool:
    if original is None:
        return False
    if original.text != text:
        return True
    return original.details is not None and dict(original.details) != (details or {})


def _speaker_label(name: str | None, title: str | None) -> str:
    """ "Name, job title" of a quote's speaker (the directory's, else the note's own)."""
    name = (name or "").strip()
    if not name:
        return ""
    return f"{name}, {title.strip()}" if title and title.strip() else name


#: the fields of each kind's detail row, as :func:`_details` lists them
QUOTE_FIELDS = ("name", "job_title", "organisation", "city", "country", "attribution")
CASE_STUDY_FIELDS = ("title", "city", "country", "challenge", "approach", "impact", "url")
EXAMPLE_FIELDS = ("label", "city", "country", "url")
RESOURCE_FIELDS = ("title", "publisher", "url")


def _details(note: m.Note) -> dict[str, Any]:
    if note.kind == NoteKind.QUOTE and note.quote is not None:
        q = note.quote
        return {"speaker": q.speaker_id} | {n: getattr(q, n) for n in QUOTE_FIELDS}
    if note.kind == NoteKind.CASE_STUDY and note.case_study is not None:
        return {n: getattr(note.case_study, n) for n in CASE_STUDY_FIELDS}
    if note.kind == NoteKind.EXAMPLE and note.example is not None:
        return {n: getattr(note.example, n) for n in EXAMPLE_FIELDS}
    if note.kind == NoteKind.RESOURCE and note.resource is not None:
        return {n: getattr(note.resource, n) for n in RESOURCE_FIELDS}
    return {}


def _curation_note(note: m.Note, original: _Original | None) -> CurationNote:
    """One note read through the ORM (:func:`get_note`)."""
    q = note.quote if note.kind == NoteKind.QUOTE else None
    if q is not None and q.speaker is not None:
        speaker = _speaker_label(q.speaker.full_name, q.speaker.job_title or q.job_title)
    else:
        speaker = _speaker_label(q.name, q.job_title) if q is not None else ""
    return _make_note(
        (note.id, note.kind, note.text, note.author, note.captured_at, note.session_id,
         note.session.title if note.session is not None else None, note.featured,
         note.placement, note.position, note.version),
        tuple(lk.theme_id for lk in note.theme_links),
        _details(note),
        speaker,
        original,
    )  # fmt: skip


def _make_note(
    row: tuple[Any, ...],
    theme_ids: tuple[str, ...],
    details: dict[str, Any],
    speaker_label: str,
    original: _Original | None,
) -> CurationNote:
    """A :class:`CurationNote` from the note's columns (:data:`NOTE_COLUMNS`' order)."""
    note_id, kind, text, author, captured_at, session_id, session_title = row[:7]
    featured, placement, position, version = row[7:]
    return CurationNote(
        id=note_id,
        kind=kind,
        text=text,
        author=author or "",
        captured_at=captured_at,
        session_id=session_id,
        session_title=session_title or "",
        theme_ids=theme_ids,
        featured=bool(featured),
        placement=placement,
        effective_placement=print_placement(kind, placement, bool(featured), bool(theme_ids)),
        position=position or 0,
        speaker_label=speaker_label,
        has_speaker=bool(
            kind == NoteKind.QUOTE
            and details
            and (details["speaker"] or (details["name"] or "").strip())
        ),
        details=details,
        edited=_is_edited(text, details, original),
        version=version or 0,
    )


#: the columns :func:`_make_note` takes, in its order
NOTE_COLUMNS = (
    m.Note.id, m.Note.kind, m.Note.text, m.Note.author, m.Note.captured_at, m.Note.session_id,
    m.Session.title, m.Note.featured, m.Note.placement, m.Note.position, m.Note.version,
)  # fmt: skip


def _key_of(captured_at: datetime, note_id: str) -> Any:
    """A note's place in capture order, as bound values of the columns' types."""
    return tuple_(literal(captured_at, m.Note.captured_at.type), literal(note_id, m.Note.id.type))


def _read_notes(
    db: DbSession, event_id: str, *, limit: int | None, after: NotesCursor | None
) -> list[CurationNote]:
    """The event's notes (a page of them with ``limit``) as plain rows: one query
    for the notes and one per detail table, no ORM objects (10,000 notes in a
    fraction of the ORM's time)."""
    key = tuple_(m.Note.captured_at, m.Note.id)
    of_event = m.Note.event_id == event_id
    if after is not None:
        of_event = of_event & (key > _key_of(*after))
    # Core execution: these select columns only, the ORM's row loading adds nothing
    conn = db.connection()
    rows = conn.execute(
        select(*NOTE_COLUMNS)
        .outerjoin(m.Session, m.Session.id == m.Note.session_id)
        .where(of_event)
        .order_by(m.Note.captured_at, m.Note.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    if limit is not None and len(rows) == limit:
        # the details below are read for this page only
        of_event = of_event & (key <= _key_of(rows[-1][4], rows[-1][0]))
    originals = _originals(db, of_event)
    themes: dict[str, list[str]] = {}
    for note_id, theme_id in conn.execute(
        select(m.NoteTheme.note_id, m.NoteTheme.theme_id)
        .join(m.Note, m.Note.id == m.NoteTheme.note_id)
        .where(of_event)
        .order_by(m.NoteTheme.position)
    ):
        themes.setdefault(note_id, []).append(theme_id)
    details: dict[str, dict[str, Any]] = {}
    speakers: dict[str, str] = {}
    q, person = m.QuoteDetails, m.Person
    for row in conn.execute(
        select(q.note_id, q.speaker_id, *(getattr(q, n) for n in QUOTE_FIELDS),
               person.id, person.full_name, person.job_title)
        .join(m.Note, m.Note.id == q.note_id)
        .outerjoin(person, person.id == q.speaker_id)
        .where(of_event, m.Note.kind == NoteKind.QUOTE)
    ):  # fmt: skip
        note_id, speaker_id, *values, person_id, full_name, person_title = row
        fields_ = dict(zip(QUOTE_FIELDS, values, strict=True))
        details[note_id] = {"speaker": speaker_id} | fields_
        speakers[note_id] = (
            _speaker_label(full_name, person_title or fields_["job_title"])
            if person_id is not None
            else _speaker_label(fields_["name"], fields_["job_title"])
        )
    for model, kind, names in (
        (m.CaseStudy, NoteKind.CASE_STUDY, CASE_STUDY_FIELDS),
        (m.CityExample, NoteKind.EXAMPLE, EXAMPLE_FIELDS),
        (m.Resource, NoteKind.RESOURCE, RESOURCE_FIELDS),
    ):
        for note_id, *values in conn.execute(
            select(model.note_id, *(getattr(model, n) for n in names))
            .join(m.Note, m.Note.id == model.note_id)
            .where(of_event, m.Note.kind == kind)
        ):
            details[note_id] = dict(zip(names, values, strict=True))
    # one string object per distinct kind, author, session id and title, placement
    shared: dict[Any, Any] = {}
    share = shared.setdefault
    notes = []
    for row in rows:
        note_id, note_kind, text, author, at, session_id, title, featured, placement, *rest = row
        notes.append(
            _make_note(
                (note_id, share(note_kind, note_kind), text, share(author, author), at,
                 share(session_id, session_id), share(title, title), featured,
                 share(placement, placement), *rest),
                tuple(themes.get(note_id, ())),
                details.get(note_id, {}),
                speakers.get(note_id, ""),
                originals.get(note_id),
            )
        )  # fmt: skip
    return notes
