"""Capture mode: the page a note-taker keeps open during a live session.

Keyboard first: one text box (Enter saves, Shift+Enter new line), Ctrl+digit
picks the kind, Alt+digit toggles a theme (or type ``#theme``), Ctrl+PgUp /
Ctrl+PgDown switch session. What is being typed is written to the workspace
as a draft at most a second behind, and at once on Enter, focus change,
session switch and quit, so a crash loses nothing.

The page is put together from its parts: the :class:`Composer` (what is being
typed), the :class:`DraftKeeper` (its draft in the workspace), the
:class:`NoteTaker` and its :class:`AuthorBar` (whose notes), the
:class:`NotesPanel` (the session's notes and their edits) and the
:class:`KeyRouter` (where keys go). It follows the change channel: sessions,
speakers, themes, the event and notes changed on other pages show here without
touching what is in the composer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import NoteKind
from workshop_planner.domain.types import utc_now
from workshop_planner.services import capture
from workshop_planner.services.capture import CaptureEvent, NoteData
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.ui.capture.commands import AddNoteCommand
from workshop_planner.ui.capture.composer import MAX_THEME_KEYS, Composer
from workshop_planner.ui.capture.drafts import (
    DRAFT_DEBOUNCE_MS,
    DRAFT_MAX_DELAY_MS,
    DraftKeeper,
    DraftState,
)
from workshop_planner.ui.capture.header import CaptureHeader, SessionBar
from workshop_planner.ui.capture.identity import (
    AUTHOR_ENV,
    AUTHOR_KEY,
    AuthorBar,
    NoteTaker,
    export_notes,
    settings,
)
from workshop_planner.ui.capture.journal import CaptureJournal, JournalError, PendingNote
from workshop_planner.ui.capture.keys import KeyRouter
from workshop_planner.ui.capture.kinds import kind_style
from workshop_planner.ui.capture.models import NotesModel, SessionsModel, SpeakersModel
from workshop_planner.ui.capture.notes_list import NotesPanel
from workshop_planner.ui.capture.style import CAPTURE_STYLE
from workshop_planner.ui.capture.unsaved import UnsavedStrip
from workshop_planner.ui.errors import expected, one_sentence, report_exception
from workshop_planner.ui.operations import Operations, PageFollower

__all__ = [
    "AUTHOR_ENV",
    "AUTHOR_KEY",
    "CLOCK_TICK_MS",
    "DRAFT_DEBOUNCE_MS",
    "DRAFT_MAX_DELAY_MS",
    "MAX_THEME_KEYS",
    "SCRIPT_ENV",
    "CaptureView",
    "settings",
]

#: Path of a JSON file that makes the page run a scripted typist (crash tests):
#: it types real keys into the page as soon as the page shows an event.
SCRIPT_ENV = "WORKSHOP_PLANNER_CAPTURE_SCRIPT"
#: How often the "now" indicator follows the clock.
CLOCK_TICK_MS = 30_000
#: How often notes whose save failed are tried again by themselves.
PENDING_RETRY_MS = 3000

#: what the page shows of an event, besides its notes
_EVENT_PARTS = frozenset({Part.EVENT, Part.AGENDA, Part.PARTICIPANTS, Part.PEOPLE, Part.THEMES})


class CaptureView(QWidget):
    """The Capture page: pick the session, type notes, see them listed below."""

    #: the scripted typist of :data:`SCRIPT_ENV`, once per process
    _typist: QObject | None = None

    #: the notes shown changed (a note id, or "" when they were read again)
    notesChanged = Signal(str)
    #: the draft was written to the workspace (time of the write)
    draftSaved = Signal(object)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.setObjectName("captureView")
        self._ws = operations.workspace
        self._event: CaptureEvent | None = None
        self._session_id: str | None = None
        #: the notes change this page is announcing itself (already shown)
        self._announcing = False
        #: the clock; tests replace it
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

        self.notes_model = NotesModel(self)
        self.speakers_model = SpeakersModel(self)
        self.sessions_model = SessionsModel(self)
        self.note_taker = NoteTaker(self)
        self._build()
        self.journal = CaptureJournal.for_workspace(self._ws)
        #: notes whose save failed, oldest first (also in the journal)
        self.pending: list[PendingNote] = []
        self._pending_where: str | None = None
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(PENDING_RETRY_MS)
        self._retry_timer.timeout.connect(lambda: self.retry_pending())
        self.drafts = DraftKeeper(
            self._ws, self._draft_state, self, clock=lambda: self.clock(), journal=self.journal
        )
        self.drafts.saved.connect(self._draft_saved)
        self.drafts.failed.connect(self.show_error)
        self.composer.edited.connect(self.drafts.mark_dirty)
        self.composer.submitted.connect(self.submit)
        self._build_actions()
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self._update_clock_hint)
        self.follower = PageFollower(self, operations, _EVENT_PARTS | {Part.NOTES}, self._follow)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.aboutToQuit.connect(self.flush_draft)
        self._show_empty_state()

    # --- what tests, windows and menus use

    @property
    def event_id(self) -> str | None:
        return self._event.id if self._event else None

    @property
    def kind(self) -> NoteKind:
        return self.composer.kind

    @property
    def theme_ids(self) -> list[str]:
        return self.composer.theme_ids

    @property
    def author(self) -> str | None:
        return self.note_taker.name

    @property
    def session_id(self) -> str | None:
        return self._session_id

    @property
    def notes_view(self) -> QListView:
        return self.notes_panel.view

    @property
    def status_text(self) -> str:
        return self.composer.status.text()

    def selected_note(self) -> NoteData | None:
        return self.notes_panel.selected_note()

    def select_note_row(self, row: int) -> None:
        """Select a listed note (keyboard users: click or arrow keys do the same)."""
        self.notes_panel.select_row(row)

    def delete_selected(self) -> None:
        self.notes_panel.delete_selected()

    def change_kind_action(self, kind: NoteKind | str) -> QAction:
        """The explicit action that changes the selected note's kind to ``kind``."""
        return self.notes_panel.change_kind_action(kind)

    # --- the event

    def set_event(self, event_id: str | None) -> None:
        """Show capture for an event (None: nothing to capture).

        The event shown already: read it again, keeping what is in the composer.
        """
        if event_id is not None and event_id == self.event_id:
            self.follower.mark_dirty(Changes.everything(event_id))
            if self.isVisible():
                self.follower.flush()
            return
        if self._event is not None:
            self.flush_draft()
        self.follower.set_event(event_id)
        self.drafts.bind(None, None)
        self._event = None
        self._session_id = None
        self._set_pending([], "")
        with self.drafts.paused():
            self.composer.reset()
        self.composer.set_status("")  # what it said was about the previous event
        if event_id is None:
            self._show_empty_state()
            return
        try:
            event = capture.load_capture_event(self._ws, event_id)
        except ServiceError as exc:
            self.show_error(str(exc))
            self._show_empty_state()
            return
        self._show_event(event)
        self._stack.setCurrentWidget(self._page)
        self._clock_timer.start()
        self.author_bar.resolve()
        self.header.show_author(None if self.note_taker.provisional else self.note_taker.name)
        self.drafts.bind(event.id, self.note_taker.name)
        clock = capture.current_session(event.sessions, self.clock(), event.zone)
        draft = self.drafts.load()
        target = clock.id if clock else None
        if draft is not None and self.sessions_model.row_of(draft.session_id) >= 0:
            target = draft.session_id
        self._select_session(target, follow_draft=False)
        if draft is not None:
            self._restore_draft(draft)
        self._load_pending()
        self.keys.focus_composer()  # only when the page is shown

    def _show_event(self, event: CaptureEvent) -> None:
        self._event = event
        self.notes_model.set_context(event.zone, event.themes, event.speakers)
        self.speakers_model.set_speakers(event.speakers)
        self.sessions_model.set_sessions(event.sessions)
        ticked = self.composer.theme_ids
        self.composer.set_themes(event.themes)
        if self.composer.theme_ids != ticked:  # a ticked theme was removed
            self.drafts.mark_dirty()
        self.notes_panel.themes = event.themes
        self.header.show_event(event.title, event.timezone, self.clock())

    def _follow(self, changes: Changes) -> None:
        """Another page (or an undo) changed what this page shows: show it, keeping
        the composer's text, kind, themes and details, and the selected session."""
        event = self._event
        if event is None:
            return
        if changes.parts & _EVENT_PARTS:
            try:
                fresh = capture.load_capture_event(self._ws, event.id)
            except NotFoundError:
                self.set_event(None)  # the event is gone
                return
            except ServiceError as exc:
                self.show_error(str(exc))
                return
            self._show_event(fresh)
            self._select_session(self._session_id, follow_draft=True)
            return  # the notes were read again with the session
        if Part.NOTES in changes.parts and not self._announcing:
            self._reload_notes()

    def _show_empty_state(self) -> None:
        self._clock_timer.stop()
        self._empty.setText(
            self.tr("Pick an event to capture notes for.\nIts sessions and themes appear here.")
        )
        self._stack.setCurrentWidget(self._empty)
        self.notes_model.set_notes([])
        self.sessions_model.set_sessions([])
        self.speakers_model.set_speakers([])

    # --- sessions

    def select_session(self, session_id: str | None) -> None:
        self._select_session(session_id, follow_draft=True)

    def step_session(self, step: int) -> None:
        if self._event is None:
            return
        target = capture.adjacent_session(self._event.sessions, self._session_id, step)
        if target is not None:
            self.select_session(target.id)

    def jump_to_now(self) -> None:
        if self._event is None:
            return
        now = capture.current_session(self._event.sessions, self.clock(), self._event.zone)
        if now is not None:
            self.select_session(now.id)

    def _select_session(self, session_id: str | None, *, follow_draft: bool) -> None:
        """Show ``session_id`` (the first session when it is not on the agenda);
        ``follow_draft``: a draft being typed moves to the session at once."""
        event = self._event
        if event is None:
            return
        if event.sessions and self.sessions_model.row_of(session_id) < 0:
            session_id = event.sessions[0].id
        if not event.sessions:
            session_id = None
        changed = session_id != self._session_id
        self._session_id = session_id
        self.session_bar.show_selected(session_id)
        self._reload_notes(scroll=changed)
        self._update_clock_hint()
        if changed and follow_draft:
            self.drafts.mark_dirty()
            self.flush_draft()

    def _reload_notes(self, *, scroll: bool = False) -> None:
        event = self._event
        if event is None:
            return
        try:
            notes = capture.list_notes(self._ws, event.id, session_id=self._session_id)
        except ServiceError as exc:
            self.show_error(str(exc))
            notes = []
        if scroll:
            self.notes_model.set_notes(notes)
            self.notes_panel.update_state()
            self.notes_view.scrollToBottom()
        else:
            self.notes_panel.set_notes(notes)
        self.notesChanged.emit("")

    def _session_picked(self, session_id: str) -> None:
        self.select_session(session_id)
        self.keys.focus_composer()

    def _update_clock_hint(self) -> None:
        event = self._event
        if event is not None:
            self.session_bar.show_clock(
                event.sessions, self._session_id, self.clock(), event.timezone
            )

    # --- saving a note

    def submit(self) -> NoteData | None:
        """Save what is in the composer as a note (what Enter does).

        Notes whose save failed earlier are retried first, each as its own note.
        A note the workspace cannot take now leaves the composer for the
        "not saved" strip (and the journal) so nothing typed next joins it; a
        note the service refuses (its content) stays in the composer to be fixed.
        """
        event = self._event
        if event is None:
            return None
        author = self.note_taker.require()
        text, tagged = capture.extract_hashtags(self.composer.text(), event.themes)
        theme_ids = list(dict.fromkeys([*self.composer.theme_ids, *tagged]))
        had_pending = bool(self.pending)
        if had_pending:
            self.retry_pending(put_back=True)
        if not text.strip() and not self.composer.details_filled():
            if not had_pending:
                self.composer.set_status(self.tr("Type a note first — Enter saves it."))
            return None
        note = PendingNote.of(
            event.id,
            author,
            self._session_id,
            self.composer.kind.value,
            text,
            utc_now(),
            theme_ids,
            self.composer.details(),
            self._composer_draft(event.id, author),
        )
        try:
            saved = note.save(self._ws, clear_draft=True)
        except ServiceError as exc:
            self.show_error(str(exc))
            self.drafts.mark_dirty()
            self.flush_draft()
            return None
        except Exception as exc:  # whatever it was, the note is kept
            self._keep_aside(note, exc)
            return None
        # The draft row went in the same commit as the note.
        with self.drafts.paused():
            self.composer.reset()
        self.drafts.note_saved()
        self.keys.focus_composer()
        self._show_saved(saved)
        return saved

    def _show_saved(self, note: NoteData) -> None:
        """A note was committed: list it, put it on the undo stack, say so."""
        event = self._event
        if event is None:
            return
        self.note_taker.saved_note(note.id)
        if note.session_id == self._session_id:
            self.notes_panel.upsert(note)  # shown at once; the announcement is ours
        command = AddNoteCommand(self._ws, note)
        self._announcing = True
        try:
            self.operations.push_applied(command, command.changes)
        finally:
            self._announcing = False
        self.notesChanged.emit(note.id)
        self.composer.set_status(
            self.tr("Saved %1 at %2")
            .replace("%1", kind_style(note.kind).label.lower())
            .replace("%2", note.captured_at.astimezone(event.zone).strftime("%H:%M:%S"))
        )

    # --- notes whose save failed

    def _keep_aside(self, note: PendingNote, exc: Exception) -> None:
        """The workspace did not take ``note``: keep it (journal and strip), empty the
        composer for the next note, retry soon."""
        reason = one_sentence(exc) if expected(exc) else report_exception(exc, "Saving the note")
        self.pending.append(note)
        try:
            self._pending_where = str(self.journal.add_pending(note))
        except JournalError:
            self._pending_where = None
        with self.drafts.paused():
            self.composer.reset()
        self.drafts.note_kept_aside()
        self.keys.focus_composer()
        self._set_pending(self.pending, reason)
        self.composer.set_status(self.tr("Not saved — press Enter to retry"))

    def _composer_draft(self, event_id: str, author: str) -> capture.DraftData:
        state = self.composer.state(self._session_id)
        return capture.DraftData(
            event_id, author, state.session_id, state.kind, state.text, dict(state.extra)
        )

    def retry_pending(self, *, put_back: bool = False) -> int:
        """Save the notes waiting, oldest first, each as its own note; returns how
        many were saved. The workspace failing again stops the round (order is
        kept). A note the service refuses (its session was deleted meanwhile, …)
        goes back into an empty composer on ``put_back`` (Enter, Retry) — never
        by the timer, or what the note-taker types next would join it."""
        saved = 0
        reason = ""
        for note in list(self.pending):
            try:
                done = note.save(self._ws, clear_draft=False)
            except ServiceError as exc:
                reason = str(exc)
                if put_back and self.composer.is_empty():
                    self._put_back(note)
                    reason = self.tr("A waiting note is back in the composer: %1").replace(
                        "%1", reason
                    )
                    self.show_error(reason)
                continue
            except Exception as exc:  # it stays waiting
                reason = (
                    one_sentence(exc)
                    if expected(exc)
                    else report_exception(exc, "Saving a waiting note")
                )
                break
            self.pending.remove(note)
            # If it stays in the journal, a retry finds it saved (same id) and drops it.
            with contextlib.suppress(OSError):
                self.journal.drop_pending(note.note_id)
            saved += 1
            self._show_saved(done)
        self._set_pending(self.pending, reason)
        if saved and not self.pending:
            self.composer.set_status(self.tr("Saved %1 waiting note(s)").replace("%1", str(saved)))
        elif self.pending:
            self.composer.set_status(self.tr("Not saved — press Enter to retry"))
        return saved

    def _put_back(self, note: PendingNote) -> None:
        """Move a waiting note into the (empty) composer; its draft keeps it from now on."""
        self.pending.remove(note)
        self.composer.apply_draft(note.as_draft())
        self.drafts.forget()
        self.drafts.mark_dirty()
        self.flush_draft()
        with contextlib.suppress(OSError):
            self.journal.drop_pending(note.note_id)

    def _set_pending(self, notes: list[PendingNote], reason: str) -> None:
        self.pending = notes
        self.unsaved.show_notes(notes, reason, self._pending_where)
        if notes:
            self._retry_timer.start()
        else:
            self._retry_timer.stop()

    def _load_pending(self) -> None:
        """Notes an earlier run could not save: show them and try them now."""
        event, author = self._event, self.note_taker.name
        if event is None or not author:
            return
        try:
            waiting = self.journal.pending(event.id, author)
        except OSError:
            return
        if waiting:
            where = self.journal.location()
            self._pending_where = str(where) if where else None
            self._set_pending(waiting, "")
            self.retry_pending()

    # --- drafts

    def flush_draft(self) -> None:
        """Write the composer's state to the workspace now, if it changed."""
        self.drafts.flush()

    def _draft_state(self) -> DraftState:
        return self.composer.state(self._session_id)

    def _draft_saved(self, when: object) -> None:
        saved = self.drafts.saved_state
        if self._event is not None and isinstance(when, datetime) and saved and not saved.is_empty:
            local = when.astimezone(self._event.zone).strftime("%H:%M:%S")
            kept = self.tr("Draft kept %1").replace("%1", local)
            if self.pending:  # "not saved" stays in view while a note waits
                kept = self.tr("Not saved — press Enter to retry") + " · " + kept
            self.composer.set_status(kept)
        self.draftSaved.emit(when)

    def _restore_draft(self, draft: capture.DraftData) -> None:
        """Put a draft left by an earlier run back in the composer."""
        if self._event is None:
            return
        self.composer.apply_draft(draft)
        self.drafts.restored()
        if not draft.is_empty:
            zone = self._event.zone
            when = draft.updated_at.astimezone(zone).strftime("%H:%M") if draft.updated_at else ""
            self.composer.set_status(
                self.tr("Restored your unsaved draft from %1").replace("%1", when)
            )

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        leaving = new is None or not self.composer.isAncestorOf(new)
        if old is not None and self.composer.isAncestorOf(old) and leaving:
            self.flush_draft()

    # --- the note-taker

    def set_author(self, name: str, *, remember: bool = True) -> None:
        """Take notes as ``name`` from now on (kept in the settings).

        Notes saved in this run under the provisional login name, and the draft,
        become the new name's.
        """
        name = name.strip()[: capture.MAX_AUTHOR]
        if not name:
            return
        previous = self.note_taker.name
        if previous and previous != name:
            self.flush_draft()
        moved = self.note_taker.rename(name, remember=remember)
        self.header.show_author(name)
        self.author_bar.hide()
        event = self._event
        if event is None or previous == name:
            return
        if moved:
            try:
                capture.set_notes_author(self._ws, event.id, moved, name)
            except ServiceError as exc:
                self.show_error(str(exc))
            self.operations.announce(Changes.of(event.id, Part.NOTES))
        self._rename_pending(name)
        composer_empty = self.composer.is_empty()
        self.drafts.clear()  # the previous name's draft row
        self.drafts.bind(event.id, name)
        draft = self.drafts.load() if (previous is None or composer_empty) else None
        if draft is not None and not draft.is_empty:
            if self.sessions_model.row_of(draft.session_id) >= 0:
                self._select_session(draft.session_id, follow_draft=False)
            self._restore_draft(draft)
        else:
            self.drafts.mark_dirty()
            self.flush_draft()

    def _rename_pending(self, name: str) -> None:
        """Notes waiting to be saved become the new name's, like the saved ones."""
        self.pending = [dataclasses.replace(note, author=name) for note in self.pending]
        for note in self.pending:  # the same id: the journal's entry is replaced
            with contextlib.suppress(OSError):
                self.journal.add_pending(note)

    def ask_author(self) -> None:
        """Show the name bar with the name field focused (the note-taker changes name)."""
        self.author_bar.ask_name()

    # --- exporting, messages

    def export_my_notes(self, path: str | Path | None = None) -> Path | None:
        """Write this event's notes by this note-taker as a bundle (asks where if no path)."""
        event = self._event
        if event is None:
            return None
        try:
            target = export_notes(
                self, self._ws, event.id, event.title, self.note_taker.require(), path
            )
        except (ServiceError, OSError) as exc:
            self.show_error(self.tr("The notes were not exported: %1").replace("%1", str(exc)))
            return None
        if target is not None:
            self.composer.set_status(
                self.tr("Exported your notes to %1").replace("%1", target.name)
            )
        return target

    def show_error(self, message: str) -> None:
        self._message.setText(message)
        self._message.show()
        self._message_timer.start()

    # --- building

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._stack = QStackedWidget(self)
        outer.addWidget(self._stack)

        self._empty = QLabel(self)
        self._empty.setObjectName("captureEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setProperty("role", "empty")
        self._stack.addWidget(self._empty)

        self._page = QWidget(self)
        self._stack.addWidget(self._page)
        page = QVBoxLayout(self._page)
        page.setContentsMargins(16, 12, 16, 12)
        page.setSpacing(8)

        self.header = CaptureHeader(self._page)
        self.header.authorClicked.connect(self.ask_author)
        self.header.exportClicked.connect(lambda: self.export_my_notes())
        page.addWidget(self.header)
        # who is taking notes (asked once, never in the way of typing)
        self.author_bar = AuthorBar(self.note_taker, self._page)
        self.author_bar.renamed.connect(self.set_author)
        self.author_edit: QLineEdit = self.author_bar.edit
        page.addWidget(self.author_bar)
        self.session_bar = SessionBar(self.sessions_model, self._page)
        self.session_bar.picked.connect(self._session_picked)
        self.session_bar.stepped.connect(self.step_session)
        self.session_bar.nowClicked.connect(self.jump_to_now)
        self.session_combo = self.session_bar.combo
        page.addWidget(self.session_bar)

        # --- message bar
        self._message = QLabel(self._page)
        self._message.setObjectName("captureMessage")
        self._message.setWordWrap(True)
        self._message.setProperty("role", "error")
        self._message.hide()
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(8000)
        self._message_timer.timeout.connect(self._message.hide)
        page.addWidget(self._message)

        # --- the notes, the notes not saved yet, then the composer
        self.notes_panel = NotesPanel(
            self.operations, self.notes_model, lambda: self.note_taker.name, self._page
        )
        self.notes_panel.failed.connect(self.show_error)
        page.addWidget(self.notes_panel, 1)
        self.unsaved = UnsavedStrip(self._page)
        self.unsaved.retryRequested.connect(lambda: self.retry_pending(put_back=True))
        page.addWidget(self.unsaved)
        self.composer = Composer(self.speakers_model, self._page)
        page.addWidget(self.composer)
        self.editor = self.composer.editor
        self.kind_buttons = self.composer.kind_buttons
        self.quote_form = self.composer.quote_form
        self.case_form = self.composer.case_form
        self.example_form = self.composer.example_form
        self.resource_form = self.composer.resource_form
        self.setStyleSheet(CAPTURE_STYLE)

    @property
    def theme_buttons(self) -> list[QToolButton]:
        return self.composer.theme_buttons

    def _build_actions(self) -> None:
        self.action_prev_session = self.session_bar.action_prev
        self.action_next_session = self.session_bar.action_next
        self.action_now = self.session_bar.action_now
        self.action_export = self.header.action_export
        self.action_author = self.header.action_author
        page_actions = [
            self.action_prev_session,
            self.action_next_session,
            self.action_now,
            self.action_export,
            self.action_author,
        ]
        self.addActions(page_actions)
        self.kind_actions = self.composer.kind_actions
        self.theme_actions = self.composer.theme_actions
        self.action_attribution = self.composer.action_attribution
        self.action_edit = self.notes_panel.action_edit
        self.action_delete = self.notes_panel.action_delete
        self.change_kind_menu = self.notes_panel.change_kind_menu
        self.change_kind_actions = self.notes_panel.change_kind_actions
        self.author_bar.message.connect(self.composer.set_status)
        self.keys = KeyRouter(
            self,
            self._stack,
            self.composer,
            self.editor,
            self.notes_panel.view,
            self.operations.undo_stack,
            composer_actions=[*self.kind_actions, *self.theme_actions, self.action_attribution],
            notes_actions=self.notes_panel.actions_for_keys(),
            page_actions=page_actions[:4],
            hint=self.composer.set_status,
        )
        self.author_bar.closed.connect(self.keys.focus_composer)

    # --- Qt events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._event is not None:
            # Shown: the text box takes the keys (unless a field of the page has them).
            QTimer.singleShot(0, self.keys.focus_composer_if_idle)
            if os.environ.get(SCRIPT_ENV) and CaptureView._typist is None:
                QTimer.singleShot(0, self._start_typist)

    def _start_typist(self) -> None:
        if CaptureView._typist is not None or self._event is None:
            return
        from workshop_planner.ui.capture.typist import Typist

        typist = Typist.from_file(self, os.environ[SCRIPT_ENV])
        CaptureView._typist = typist
        typist.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys sent to the page itself (not to one of its fields) go to the text box."""
        if self._event is None or not self.keys.key_press(event):
            super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush_draft()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush_draft()
        super().closeEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.WindowDeactivate:
            self.flush_draft()
        return super().event(e)

    def sizeHint(self) -> QSize:
        return QSize(960, 720)
