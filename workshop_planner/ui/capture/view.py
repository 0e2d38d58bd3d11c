"""Capture mode: the view a note-taker keeps open during a live session.

Keyboard first: one text box (Enter saves, Shift+Enter new line), Ctrl+digit
picks the kind, Alt+digit toggles a theme (or type ``#theme``), Ctrl+PgUp /
Ctrl+PgDown switch session. What is being typed is written to the workspace
as a draft at most a second behind, and at once on Enter, focus change,
session switch and quit, so a crash loses nothing.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QObject,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import NoteKind
from workshop_planner.services import capture
from workshop_planner.services.capture import (
    CaptureEvent,
    DraftData,
    NoteData,
    ThemeItem,
)
from workshop_planner.services.errors import ServiceError
from workshop_planner.ui.capture.commands import (
    AddNoteCommand,
    DeleteNoteCommand,
    EditNoteCommand,
    edit_values,
)
from workshop_planner.ui.capture.delegate import NoteDelegate
from workshop_planner.ui.capture.kinds import all_kind_styles, kind_for_key, kind_style
from workshop_planner.ui.capture.models import NotesModel, SessionsModel, SpeakersModel
from workshop_planner.ui.capture.widgets import (
    DetailsForm,
    NoteEdit,
    QuoteForm,
    case_study_form,
    example_form,
    resource_form,
)
from workshop_planner.ui.operations import Operations

#: Environment variable that presets the note-taker's name (tests, automation).
AUTHOR_ENV = "WORKSHOP_PLANNER_AUTHOR"
#: Path of a JSON file that makes the page run a scripted typist (crash tests):
#: it types real keys into the page as soon as the page shows an event.
SCRIPT_ENV = "WORKSHOP_PLANNER_CAPTURE_SCRIPT"
#: QSettings key of the note-taker's name.
AUTHOR_KEY = "capture/author"
#: A draft is written this long after the last keystroke …
DRAFT_DEBOUNCE_MS = 400
#: … and at least this often while typing goes on.
DRAFT_MAX_DELAY_MS = 750
#: How often the "now" indicator follows the clock.
CLOCK_TICK_MS = 30_000

MAX_THEME_KEYS = 9


def settings() -> QSettings:
    return QSettings("Workshop Planner", "Workshop Planner")


class CaptureView(QWidget):
    """The Capture page: pick the session, type notes, see them listed below."""

    #: the scripted typist of :data:`SCRIPT_ENV`, once per process
    _typist: QObject | None = None

    #: a note was saved, edited, deleted or restored (note id)
    notesChanged = Signal(str)
    #: the draft was written to the workspace (time of the write)
    draftSaved = Signal(object)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        workspace, undo_stack = operations.workspace, operations.undo_stack
        self.operations = operations
        self.setObjectName("captureView")
        self._ws = workspace
        self._undo = undo_stack
        self._event: CaptureEvent | None = None
        self._session_id: str | None = None
        self._kind = NoteKind.OBSERVATION
        self._theme_ids: list[str] = []
        self._author: str | None = None
        #: the author is the login name, used until the note-taker gives theirs
        self._author_provisional = False
        #: notes saved in this run under the provisional name (re-authored once named)
        self._provisional_notes: list[str] = []
        self._forwarding = False
        #: the last key press that reached the page through one of its fields
        self._key_from_child: tuple[int, int, int, str] | None = None
        self._restoring = False
        self._saved_state: dict[str, Any] | None = None
        self._draft_row = False
        self._chip_kind: NoteKind | None = None
        #: the clock; tests replace it
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

        self.notes_model = NotesModel(self)
        self.speakers_model = SpeakersModel(self)
        self.sessions_model = SessionsModel(self)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DEBOUNCE_MS)
        self._draft_timer.timeout.connect(self.flush_draft)
        self._max_timer = QTimer(self)
        self._max_timer.setSingleShot(True)
        self._max_timer.setInterval(DRAFT_MAX_DELAY_MS)
        self._max_timer.timeout.connect(self.flush_draft)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self._update_clock_hint)

        self._build()
        self._build_actions()
        self.notes_model.textEditRequested.connect(self._edit_text)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.aboutToQuit.connect(self.flush_draft)
        self._show_empty_state()

    # ======================================================================
    # public API
    # ======================================================================

    @property
    def event_id(self) -> str | None:
        return self._event.id if self._event else None

    @property
    def editor(self) -> NoteEdit:
        return self._editor

    @property
    def kind(self) -> NoteKind:
        return self._kind

    @property
    def theme_ids(self) -> list[str]:
        return list(self._theme_ids)

    @property
    def author(self) -> str | None:
        return self._author

    @property
    def session_id(self) -> str | None:
        return self._session_id

    def set_event(self, event_id: str | None) -> None:
        """Show capture for an event (None: nothing to capture)."""
        if self._event is not None:
            self.flush_draft()
        self._stop_draft_timers()
        self._event = None
        self._session_id = None
        self._saved_state = None
        self._draft_row = False
        self._reset_composer()
        self._status.setText("")  # what it said was about the previous event
        if event_id is None:
            self._show_empty_state()
            return
        try:
            event = capture.load_capture_event(self._ws, event_id)
        except ServiceError as exc:
            self.show_error(str(exc))
            self._show_empty_state()
            return
        self._event = event
        self.notes_model.set_context(event.zone, event.themes, event.speakers)
        self.speakers_model.set_speakers(event.speakers)
        self.sessions_model.set_sessions(event.sessions)
        self._rebuild_theme_buttons(event.themes)
        self._title.setText(event.title)
        self._zone_label.setText(self._zone_text(event))
        self._stack.setCurrentWidget(self._page)
        self._clock_timer.start()
        self._resolve_author()
        clock = capture.current_session(event.sessions, self.clock(), event.zone)
        draft = self._load_draft()
        target = clock.id if clock else None
        if draft is not None and self.sessions_model.row_of(draft.session_id) >= 0:
            target = draft.session_id
        self._select_session(target, flush=False)
        if draft is not None:
            self._apply_draft(draft)
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_author(self, name: str, *, remember: bool = True) -> None:
        """Take notes as ``name`` from now on (kept in the settings).

        Notes saved in this run under the provisional login name, and the draft,
        become the new name's.
        """
        name = name.strip()[: capture.MAX_AUTHOR]
        if not name:
            return
        previous = self._author
        was_provisional = self._author_provisional
        if previous and previous != name:
            self.flush_draft()
        self._author = name
        self._author_provisional = False
        self._author_button.setText(name)
        self._author_bar.hide()
        if remember:
            store = settings()
            store.setValue(AUTHOR_KEY, name)
            store.sync()
        event = self._event
        if event is None or previous == name:
            if was_provisional:
                self._provisional_notes = []
            return
        if was_provisional and self._provisional_notes:
            try:
                changed = capture.set_notes_author(
                    self._ws, event.id, self._provisional_notes, name
                )
            except ServiceError as exc:
                self.show_error(str(exc))
                changed = []
            for note in changed:
                self.note_changed(note)
        self._provisional_notes = []
        composer_empty = self._composer_empty()
        if previous is not None and self._draft_row:
            try:
                capture.clear_draft(self._ws, event.id, previous)
            except ServiceError as exc:
                self.show_error(str(exc))
        self._saved_state = None
        self._draft_row = False
        draft = self._load_draft() if (previous is None or composer_empty) else None
        if draft is not None and not draft.is_empty:
            if self.sessions_model.row_of(draft.session_id) >= 0:
                self._select_session(draft.session_id, flush=False)
            self._apply_draft(draft)
        else:
            self._mark_dirty()
            self.flush_draft()

    def ask_author(self) -> None:
        """Show the name bar with the name field focused (the note-taker changes name)."""
        self._show_author_bar(focus=True)

    def submit(self) -> NoteData | None:
        """Save what is in the composer as a note (what Enter does)."""
        event = self._event
        if event is None:
            return None
        author = self._require_author()
        raw = self._editor.toPlainText()
        text, tagged = capture.extract_hashtags(raw, event.themes)
        theme_ids = list(dict.fromkeys([*self._theme_ids, *tagged]))
        details = self._details()
        if not text.strip() and not self._details_filled():
            self._flash(self.tr("Type a note first — Enter saves it."))
            return None
        try:
            note = capture.add_note(
                self._ws,
                event.id,
                kind=self._kind,
                text=text,
                author=author,
                session_id=self._session_id,
                theme_ids=theme_ids,
                **details,
            )
        except ServiceError as exc:
            self.show_error(str(exc))
            self._mark_dirty()
            self.flush_draft()
            return None
        # The draft row went in the same commit as the note.
        self._stop_draft_timers()
        self._draft_row = False
        self._reset_composer()
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self._saved_state = self._draft_state()
        if self._author_provisional:
            self._provisional_notes.append(note.id)
        self.note_changed(note)
        self._undo.push(AddNoteCommand(self._ws, self, note))
        self._status.setText(
            self.tr("Saved %1 at %2")
            .replace("%1", kind_style(note.kind).label.lower())
            .replace("%2", note.captured_at.astimezone(event.zone).strftime("%H:%M:%S"))
        )
        return note

    def set_kind(self, kind: NoteKind | str) -> None:
        new = NoteKind(kind)
        if new is self._kind:
            return
        self._kind = new
        self._refresh_kind()
        self._mark_dirty()

    def press_kind_key(self, digit: int) -> None:
        """What Ctrl+digit does in the composer (Ctrl+9 cycles example ↔ resource)."""
        if digit == 9 and self._kind is NoteKind.EXAMPLE:
            self.set_kind(NoteKind.RESOURCE)
            return
        kind = kind_for_key(digit)
        if kind is not None:
            self.set_kind(kind)

    def toggle_theme(self, number: int) -> None:
        """Toggle the composer's theme number ``number`` (1-based)."""
        if self._event is None or not 1 <= number <= len(self._event.themes):
            return
        theme_id = self._event.themes[number - 1].id
        if theme_id in self._theme_ids:
            self._theme_ids.remove(theme_id)
        else:
            self._theme_ids.append(theme_id)
        self._refresh_themes()
        self._mark_dirty()

    def select_session(self, session_id: str | None) -> None:
        self._select_session(session_id, flush=True)

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

    def flush_draft(self) -> None:
        """Write the composer's state to the workspace now, if it changed."""
        self._stop_draft_timers()
        event = self._event
        if event is None or self._restoring or not self._author:
            return
        state = self._draft_state()
        if state == self._saved_state:
            return
        empty = not state["text"] and not _extra_has_content(state["extra"])
        try:
            if empty:
                if self._draft_row:
                    capture.clear_draft(self._ws, event.id, self._author)
                    self._draft_row = False
            else:
                capture.save_draft(
                    self._ws,
                    event.id,
                    self._author,
                    state["session_id"],
                    state["kind"],
                    state["text"],
                    state["extra"],
                )
                self._draft_row = True
        except ServiceError as exc:
            self.show_error(str(exc))
            return
        self._saved_state = state
        now = self.clock()
        if not empty:
            self._status.setText(
                self.tr("Draft kept %1").replace(
                    "%1", now.astimezone(event.zone).strftime("%H:%M:%S")
                )
            )
        self.draftSaved.emit(now)

    def selected_note(self) -> NoteData | None:
        index = self._list.currentIndex()
        if not index.isValid() or not self._list.selectionModel().isSelected(index):
            return None
        return self.notes_model.note_at(index.row())

    def delete_selected(self) -> None:
        note = self.selected_note()
        if note is None:
            return
        row = self.notes_model.row_of(note.id)
        self._undo.push(DeleteNoteCommand(self._ws, self, note))
        count = self.notes_model.rowCount()
        if count:
            self._list.setCurrentIndex(self.notes_model.index(min(row, count - 1)))

    def export_my_notes(self, path: str | Path | None = None) -> Path | None:
        """Write this event's notes by this note-taker as a bundle (asks where if no path)."""
        event = self._event
        if event is None:
            return None
        author = self._require_author()
        if path is None:
            suggested = Path.home() / f"{_slug(event.title)}-notes-{_slug(author)}.json"
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Export my notes"),
                str(suggested),
                self.tr("Event bundle (*.json)"),
            )
            if not chosen:
                return None
            path = chosen
        from workshop_planner.services.bundle import export_bundle_file

        target = Path(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_bundle_file(self._ws, event.id, target, notes_author=author)
        except (ServiceError, OSError) as exc:
            self.show_error(self.tr("The notes were not exported: %1").replace("%1", str(exc)))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self._status.setText(self.tr("Exported your notes to %1").replace("%1", target.name))
        return target

    # --- NoteSink (commands report back here) -----------------------------

    def note_changed(self, note: NoteData) -> None:
        if self._event is None or note.event_id != self._event.id:
            return
        if note.session_id == self._session_id:
            self.notes_model.upsert(note)
            # Scroll once the list has laid out, outside the save's path.
            QTimer.singleShot(0, lambda: self._scroll_to(note.id))
        else:
            self.notes_model.remove(note.id)
        self._update_list_state()
        self.notesChanged.emit(note.id)

    def _scroll_to(self, note_id: str) -> None:
        row = self.notes_model.row_of(note_id)
        if row < 0:
            return
        if row == self.notes_model.rowCount() - 1:
            self._list.scrollToBottom()
        else:
            self._list.scrollTo(self.notes_model.index(row))

    def note_removed(self, note_id: str) -> None:
        self.notes_model.remove(note_id)
        self._update_list_state()
        self.notesChanged.emit(note_id)

    def show_error(self, message: str) -> None:
        self._message.setText(message)
        self._message.show()
        self._message_timer.start()

    # ======================================================================
    # building
    # ======================================================================

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._stack = QStackedWidget(self)
        outer.addWidget(self._stack)
        # Every field of the page sits in the stack: a key press passing it on its
        # way up came from a field, one that did not pass it was sent to the page.
        self._stack.installEventFilter(self)

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

        # --- header: event, session, note-taker -----------------------------
        head = QHBoxLayout()
        head.setSpacing(8)
        self._title = QLabel(self._page)
        self._title.setObjectName("captureTitle")
        title_font = self._title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setWeight(title_font.Weight.DemiBold)
        self._title.setFont(title_font)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        head.addWidget(self._title, 1)
        self._zone_label = QLabel(self._page)
        self._zone_label.setProperty("role", "hint")
        head.addWidget(self._zone_label)
        self._author_button = QToolButton(self._page)
        self._author_button.setObjectName("captureAuthor")
        self._author_button.setIcon(qta.icon("mdi6.account-edit-outline"))
        self._author_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._author_button.setAutoRaise(True)
        self._author_button.setToolTip(self.tr("Note-taker (click to change)"))
        self._author_button.clicked.connect(self.ask_author)
        self._author_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        head.addWidget(self._author_button)
        self._export_button = QToolButton(self._page)
        self._export_button.setObjectName("captureExport")
        self._export_button.setIcon(qta.icon("mdi6.export"))
        self._export_button.setText(self.tr("Export my notes…"))
        self._export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._export_button.setAutoRaise(True)
        self._export_button.setToolTip(self.tr("Export my notes for the organiser (Ctrl+Shift+E)"))
        self._export_button.clicked.connect(lambda: self.export_my_notes())
        self._export_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        head.addWidget(self._export_button)
        page.addLayout(head)

        # --- who is taking notes (asked once, never in the way of typing) -------
        self._author_bar = QFrame(self._page)
        self._author_bar.setObjectName("captureAuthorBar")
        bar = QHBoxLayout(self._author_bar)
        bar.setContentsMargins(10, 6, 10, 6)
        bar.setSpacing(8)
        bar_icon = QLabel(self._author_bar)
        bar_icon.setPixmap(qta.icon("mdi6.account-question-outline").pixmap(20, 20))
        bar.addWidget(bar_icon)
        self._author_prompt = QLabel(self._author_bar)
        self._author_prompt.setObjectName("captureAuthorPrompt")
        self._author_prompt.setWordWrap(True)
        bar.addWidget(self._author_prompt, 1)
        self.author_edit = QLineEdit(self._author_bar)
        self.author_edit.setObjectName("captureAuthorEdit")
        self.author_edit.setPlaceholderText(self.tr("Your name"))
        self.author_edit.setAccessibleName(self.tr("Note-taker's name"))
        self.author_edit.setMaxLength(capture.MAX_AUTHOR)
        self.author_edit.setMinimumWidth(220)
        self.author_edit.returnPressed.connect(self._accept_author)
        bar.addWidget(self.author_edit)
        self._author_save = QPushButton(
            qta.icon("mdi6.check"), self.tr("Use this name"), self._author_bar
        )
        self._author_save.setObjectName("captureAuthorSave")
        self._author_save.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._author_save.clicked.connect(self._accept_author)
        bar.addWidget(self._author_save)
        escape = QAction(self._author_bar)
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        escape.triggered.connect(self._dismiss_author_bar)
        self.author_edit.addAction(escape)
        self._author_bar.hide()
        page.addWidget(self._author_bar)

        sess = QHBoxLayout()
        sess.setSpacing(4)
        self._prev_button = self._tool("mdi6.chevron-left", self.tr("Previous session (Ctrl+PgUp)"))
        self._prev_button.clicked.connect(lambda: self.step_session(-1))
        sess.addWidget(self._prev_button)
        self.session_combo = QComboBox(self._page)
        self.session_combo.setObjectName("captureSession")
        self.session_combo.setModel(self.sessions_model)
        self.session_combo.setAccessibleName(self.tr("Session being captured"))
        self.session_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.session_combo.setMinimumWidth(320)
        self.session_combo.activated.connect(self._combo_activated)
        sess.addWidget(self.session_combo)
        self._next_button = self._tool("mdi6.chevron-right", self.tr("Next session (Ctrl+PgDown)"))
        self._next_button.clicked.connect(lambda: self.step_session(1))
        sess.addWidget(self._next_button)
        self._now_button = QPushButton(qta.icon("mdi6.crosshairs-gps"), self.tr("Now"), self._page)
        self._now_button.setObjectName("captureNow")
        self._now_button.setToolTip(self.tr("Go to the session on the clock (Ctrl+J)"))
        self._now_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._now_button.clicked.connect(self.jump_to_now)
        sess.addWidget(self._now_button)
        self._live = QLabel(self._page)
        self._live.setObjectName("captureLive")
        self._live.setProperty("role", "hint")
        sess.addWidget(self._live, 1)
        page.addLayout(sess)

        # --- message bar -----------------------------------------------------
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

        # --- the notes ----------------------------------------------------------
        self._list_stack = QStackedWidget(self._page)
        self._list = QListView(self._page)
        self._list.setObjectName("captureNotes")
        self._list.setModel(self.notes_model)
        self._list.setItemDelegate(NoteDelegate(self._list))
        self._list.setWordWrap(True)
        self._list.setUniformItemSizes(False)
        self._list.setResizeMode(QListView.ResizeMode.Adjust)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self._list.setAccessibleName(self.tr("Notes of this session"))
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._list.customContextMenuRequested.connect(self._list_menu)
        self._list.setFrameShape(QFrame.Shape.NoFrame)
        self._list_empty = QLabel(self._page)
        self._list_empty.setObjectName("captureNotesEmpty")
        self._list_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._list_empty.setWordWrap(True)
        self._list_empty.setProperty("role", "empty")
        self._list_empty.setText(
            self.tr(
                "No notes for this session yet.\n"
                "Type below and press Enter — each note appears here as you capture it."
            )
        )
        self._list_stack.addWidget(self._list_empty)
        self._list_stack.addWidget(self._list)
        card = QFrame(self._page)
        card.setObjectName("captureNotesCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(1, 1, 1, 1)
        card_layout.addWidget(self._list_stack)
        page.addWidget(card, 1)

        # --- the composer ------------------------------------------------------
        self.composer = QFrame(self._page)
        self.composer.setObjectName("captureComposer")
        self.composer.setFrameShape(QFrame.Shape.StyledPanel)
        comp = QVBoxLayout(self.composer)
        comp.setContentsMargins(12, 10, 12, 10)
        comp.setSpacing(6)

        kinds_row = QHBoxLayout()
        kinds_row.setSpacing(4)
        self._kind_group = QButtonGroup(self)
        self._kind_group.setExclusive(True)
        self.kind_buttons: dict[NoteKind, QToolButton] = {}
        for style in all_kind_styles():
            button = QToolButton(self.composer)
            button.setObjectName(f"kind_{style.kind.value}")
            button.setCheckable(True)
            button.setText(f"{style.key} {style.label}")
            button.setToolTip(
                self.tr("%1 (Ctrl+%2)").replace("%1", style.label).replace("%2", str(style.key))
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRaise(True)
            button.setProperty("kindColour", style.colour)
            button.setStyleSheet(
                f"QToolButton:checked {{ background: {style.colour}; color: white;"
                f" border-color: {style.colour}; font-weight: 600; }}"
            )
            button.clicked.connect(lambda _c=False, k=style.kind: self.set_kind(k))
            self._kind_group.addButton(button)
            self.kind_buttons[style.kind] = button
            kinds_row.addWidget(button)
        kinds_row.addStretch(1)
        comp.addLayout(kinds_row)

        themes_row = QHBoxLayout()
        themes_row.setSpacing(4)
        themes_caption = QLabel(self.tr("Themes"), self.composer)
        themes_caption.setProperty("role", "caption")
        themes_row.addWidget(themes_caption)
        self._themes_box = QHBoxLayout()
        self._themes_box.setSpacing(4)
        themes_row.addLayout(self._themes_box)
        themes_row.addStretch(1)
        comp.addLayout(themes_row)
        self.theme_buttons: list[QToolButton] = []
        self._no_themes: QLabel | None = None

        entry = QHBoxLayout()
        entry.setSpacing(8)
        self._chip = QLabel(self.composer)
        self._chip.setObjectName("captureKindChip")
        self._chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._chip.setMinimumWidth(120)
        self._chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        entry.addWidget(self._chip, 0, Qt.AlignmentFlag.AlignTop)
        self._editor = NoteEdit(self.composer)
        self._editor.setObjectName("captureEditor")
        self._editor.setPlaceholderText(
            self.tr("Type what you hear… Enter saves, Shift+Enter starts a new line, #theme tags.")
        )
        self._editor.submitted.connect(self.submit)
        self._editor.textChanged.connect(self._mark_dirty)
        entry.addWidget(self._editor, 1)
        comp.addLayout(entry)

        self.quote_form = QuoteForm(self.speakers_model, self.composer)
        self.quote_form.setObjectName("quoteForm")
        self.case_form = case_study_form(self.composer)
        self.case_form.setObjectName("caseStudyForm")
        self.example_form = example_form(self.composer)
        self.example_form.setObjectName("exampleForm")
        self.resource_form = resource_form(self.composer)
        self.resource_form.setObjectName("resourceForm")
        self._forms: dict[NoteKind, QuoteForm | DetailsForm] = {
            NoteKind.QUOTE: self.quote_form,
            NoteKind.CASE_STUDY: self.case_form,
            NoteKind.EXAMPLE: self.example_form,
            NoteKind.RESOURCE: self.resource_form,
        }
        for form in self._forms.values():
            form.changed.connect(self._mark_dirty)
            form.submitted.connect(self.submit)
            form.hide()
            comp.addWidget(form)

        foot = QHBoxLayout()
        self._hint = QLabel(
            self.tr(
                "Enter save · Shift+Enter new line · Ctrl+0…9 kind · Alt+1…9 theme · "
                "#tag · Ctrl+PgUp/PgDown session"
            ),
            self.composer,
        )
        self._hint.setProperty("role", "hint")
        foot.addWidget(self._hint, 1)
        self._status = QLabel(self.composer)
        self._status.setObjectName("captureStatus")
        self._status.setProperty("role", "hint")
        self._status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        foot.addWidget(self._status)
        comp.addLayout(foot)
        page.addWidget(self.composer)

        QWidget.setTabOrder(self._editor, self.quote_form.speaker)
        QWidget.setTabOrder(self.quote_form.country, self.case_form.first_field())
        QWidget.setTabOrder(self.case_form.last_field(), self.example_form.first_field())
        QWidget.setTabOrder(self.example_form.last_field(), self.resource_form.first_field())
        self._apply_style()
        self._refresh_kind()

    def _tool(self, icon: str, tip: str) -> QToolButton:
        button = QToolButton(self._page)
        button.setIcon(qta.icon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _build_actions(self) -> None:
        def add(
            text: str,
            keys: QKeySequence | str | list[QKeySequence],
            slot: Callable[[], object],
            scope: QWidget,
            context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
            icon: str | None = None,
        ) -> QAction:
            action = QAction(text, scope)
            if icon:
                action.setIcon(qta.icon(icon))
            if isinstance(keys, list):
                action.setShortcuts(keys)
            else:
                action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(context)
            action.triggered.connect(slot)
            scope.addAction(action)
            return action

        view = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.action_prev_session = add(
            self.tr("Previous session"),
            QKeySequence("Ctrl+PgUp"),
            lambda: self.step_session(-1),
            self,
            view,
            "mdi6.chevron-left",
        )
        self.action_next_session = add(
            self.tr("Next session"),
            QKeySequence("Ctrl+PgDown"),
            lambda: self.step_session(1),
            self,
            view,
            "mdi6.chevron-right",
        )
        self.action_now = add(
            self.tr("Session on the clock"),
            QKeySequence("Ctrl+J"),
            self.jump_to_now,
            self,
            view,
            "mdi6.crosshairs-gps",
        )
        self.action_export = add(
            self.tr("Export my notes…"),
            QKeySequence("Ctrl+Shift+E"),
            lambda: self.export_my_notes(),
            self,
            view,
            "mdi6.export",
        )
        self.action_author = add(
            self.tr("Change note-taker…"),
            QKeySequence(),
            self.ask_author,
            self,
            view,
            "mdi6.account-edit-outline",
        )
        # composer: kinds, themes, attribution
        self.kind_actions: list[QAction] = []
        for digit in range(10):
            kind = kind_for_key(digit)
            if kind is None:
                continue
            self.kind_actions.append(
                add(
                    kind_style(kind).label,
                    f"Ctrl+{digit}",
                    partial(self.press_kind_key, digit),
                    self.composer,
                )
            )
        self.theme_actions = [
            add(
                self.tr("Theme %1").replace("%1", str(n)),
                f"Alt+{n}",
                partial(self.toggle_theme, n),
                self.composer,
            )
            for n in range(1, MAX_THEME_KEYS + 1)
        ]
        self.action_attribution = add(
            self.tr("Cycle quote attribution"),
            QKeySequence("Ctrl+Shift+A"),
            self._cycle_attribution,
            self.composer,
        )
        # the list: edit, delete, re-kind, re-tag the selected note
        lst = Qt.ShortcutContext.WidgetShortcut
        self.action_delete = add(
            self.tr("Delete note"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.delete_selected,
            self._list,
            lst,
            "mdi6.delete-outline",
        )
        self.action_edit = add(
            self.tr("Edit note"),
            QKeySequence(),
            self._edit_selected,
            self._list,
            lst,
            "mdi6.pencil-outline",
        )
        self.list_kind_actions = [
            add(
                kind_style(kind).label,
                f"Ctrl+{digit}",
                partial(self._rekind_selected, kind),
                self._list,
                lst,
            )
            for digit in range(10)
            if (kind := kind_for_key(digit)) is not None
        ]
        self.list_theme_actions = [
            add(
                self.tr("Theme %1").replace("%1", str(n)),
                f"Alt+{n}",
                partial(self._retag_selected, n),
                self._list,
                lst,
            )
            for n in range(1, MAX_THEME_KEYS + 1)
        ]

    def _apply_style(self) -> None:
        self.setStyleSheet(
            """
            QLabel[role="hint"] { color: palette(placeholder-text); }
            QLabel[role="caption"] { color: palette(placeholder-text); }
            QLabel[role="empty"] { color: palette(placeholder-text); font-size: 11pt; }
            QLabel[role="error"] {
                background: #fbe9e7; color: #8a2a1c; border: 1px solid #f0c2b8;
                border-radius: 4px; padding: 6px 8px;
            }
            QFrame#captureAuthorBar {
                background: #fff6db; border: 1px solid #ecd48a; border-radius: 6px;
            }
            QFrame#captureComposer, QFrame#captureNotesCard {
                border: 1px solid palette(mid); border-radius: 6px; background: palette(base);
            }
            QPlainTextEdit#captureEditor {
                border: none; background: palette(base); font-size: 11pt;
            }
            QToolButton[kindColour] {
                border: 1px solid transparent; border-radius: 10px; padding: 2px 8px;
                color: palette(placeholder-text);
            }
            QToolButton[kindColour]:hover { border-color: palette(mid); }
            QToolButton[themeButton="true"] {
                border: 1px solid palette(mid); border-radius: 10px; padding: 2px 8px;
                color: palette(placeholder-text);
            }
            QToolButton[themeButton="true"]:checked {
                background: #e6eef8; border-color: #2f69ad; color: #1f4f8a;
            }
            """
        )

    # ======================================================================
    # state
    # ======================================================================

    def _show_empty_state(self) -> None:
        self._clock_timer.stop()
        self._empty.setText(
            self.tr("Pick an event to capture notes for.\nIts sessions and themes appear here.")
        )
        self._stack.setCurrentWidget(self._empty)
        self.notes_model.set_notes([])
        self.sessions_model.set_sessions([])
        self.speakers_model.set_speakers([])

    def _zone_text(self, event: CaptureEvent) -> str:
        local = datetime.now().astimezone().tzinfo
        now = self.clock()
        if now.astimezone(event.zone).utcoffset() != now.astimezone(local).utcoffset():
            return self.tr("Times in %1").replace("%1", event.timezone)
        return ""

    def _select_session(self, session_id: str | None, *, flush: bool) -> None:
        event = self._event
        if event is None:
            return
        if event.sessions and self.sessions_model.row_of(session_id) < 0:
            session_id = event.sessions[0].id
        if not event.sessions:
            session_id = None
        changed = session_id != self._session_id
        self._session_id = session_id
        row = self.sessions_model.row_of(session_id)
        self.session_combo.setCurrentIndex(row)
        self.session_combo.setEnabled(bool(event.sessions))
        if not event.sessions:
            self.session_combo.setPlaceholderText(
                self.tr("No sessions on the agenda — notes belong to the whole event")
            )
        self._prev_button.setEnabled(row > 0)
        self._next_button.setEnabled(0 <= row < len(event.sessions) - 1)
        try:
            notes = capture.list_notes(self._ws, event.id, session_id=session_id)
        except ServiceError as exc:
            self.show_error(str(exc))
            notes = []
        self.notes_model.set_notes(notes)
        self._list.scrollToBottom()
        self._update_list_state()
        self._update_clock_hint()
        if changed and flush:
            # The draft follows the session it will be saved in.
            self._mark_dirty()
            self.flush_draft()

    def _combo_activated(self, row: int) -> None:
        sessions = self.sessions_model.sessions()
        if 0 <= row < len(sessions):
            self.select_session(sessions[row].id)
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_list_state(self) -> None:
        has = self.notes_model.rowCount() > 0
        self._list_stack.setCurrentWidget(self._list if has else self._list_empty)

    def _update_clock_hint(self) -> None:
        event = self._event
        if event is None or not event.sessions:
            self._live.setText("")
            return
        now = self.clock()
        current = capture.current_session(event.sessions, now, event.zone)
        wall = now.astimezone(event.zone).replace(tzinfo=None)
        selected = next((s for s in event.sessions if s.id == self._session_id), None)
        if selected is not None and selected.start <= wall < selected.end:
            self._live.setText(self.tr("● On now, until %1").replace("%1", f"{selected.end:%H:%M}"))
        elif current is not None and selected is not None and current.id != selected.id:
            self._live.setText(
                self.tr("On the clock: %1 — Ctrl+J").replace("%1", _short(current.title))
            )
        else:
            self._live.setText("")

    def _rebuild_theme_buttons(self, themes: tuple[ThemeItem, ...]) -> None:
        for button in self.theme_buttons:
            self._themes_box.removeWidget(button)
            button.deleteLater()
        if self._no_themes is not None:
            self._themes_box.removeWidget(self._no_themes)
            self._no_themes.deleteLater()
            self._no_themes = None
        self.theme_buttons = []
        for n, theme in enumerate(themes, start=1):
            button = QToolButton(self.composer)
            button.setObjectName(f"theme_{n}")
            button.setCheckable(True)
            button.setProperty("themeButton", True)
            title = theme.title if len(theme.title) <= 28 else theme.title[:27] + "…"
            button.setText(f"{n} {title}" if n <= MAX_THEME_KEYS else title)
            button.setToolTip(
                self.tr("%1 (Alt+%2, or type #%3)")
                .replace("%1", theme.title)
                .replace("%2", str(n))
                .replace("%3", theme.slug.split("-")[0])
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, n=n: self.toggle_theme(n))
            self._themes_box.addWidget(button)
            self.theme_buttons.append(button)
        if not themes:
            self._no_themes = QLabel(
                self.tr("none defined for this event yet — the organiser adds them"),
                self.composer,
            )
            self._no_themes.setProperty("role", "hint")
            self._themes_box.addWidget(self._no_themes)
        self._refresh_themes()

    def _refresh_themes(self) -> None:
        if self._event is None:
            return
        for button, theme in zip(self.theme_buttons, self._event.themes, strict=False):
            button.setChecked(theme.id in self._theme_ids)

    def _refresh_kind(self) -> None:
        style = kind_style(self._kind)
        self.kind_buttons[self._kind].setChecked(True)
        if self._chip_kind is not self._kind:
            self._chip_kind = self._kind
            self._chip.setText(style.label)
            self._chip.setStyleSheet(
                f"QLabel#captureKindChip {{ background: {style.colour}; color: white;"
                " border-radius: 6px; padding: 4px 12px; font-weight: 600; }"
            )
        self._chip.setAccessibleName(self.tr("Kind: %1").replace("%1", style.label))
        focus = self._focus_in_window()
        for kind, form in self._forms.items():
            if kind is not self._kind and focus is not None and form.isAncestorOf(focus):
                # Don't let Qt hand the focus to some other widget when the form hides.
                self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
            form.setVisible(kind is self._kind)

    def _reset_composer(self) -> None:
        self._restoring = True
        try:
            self._editor.clear()
            self._kind = NoteKind.OBSERVATION
            self._theme_ids = []
            self.quote_form.clear()
            for form in (self.case_form, self.example_form, self.resource_form):
                form.clear()
            self._refresh_kind()
            self._refresh_themes()
        finally:
            self._restoring = False

    def _details(self) -> dict[str, Any]:
        if self._kind is NoteKind.QUOTE:
            return {"quote": self.quote_form.value()}
        if self._kind is NoteKind.CASE_STUDY:
            return {"case_study": self.case_form.value()}
        if self._kind is NoteKind.EXAMPLE:
            return {"example": self.example_form.value()}
        if self._kind is NoteKind.RESOURCE:
            return {"resource": self.resource_form.value()}
        return {}

    def _details_filled(self) -> bool:
        form = self._forms.get(self._kind)
        return isinstance(form, DetailsForm) and form.has_content()

    # ======================================================================
    # drafts
    # ======================================================================

    def _draft_state(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self._theme_ids:
            extra["theme_ids"] = list(self._theme_ids)
        for kind, form in self._forms.items():
            values = form.to_extra()
            if values:
                extra[kind.value] = values
        return {
            "session_id": self._session_id,
            "kind": self._kind.value,
            "text": self._editor.toPlainText(),
            "extra": extra,
        }

    def _composer_empty(self) -> bool:
        state = self._draft_state()
        return not state["text"] and not _extra_has_content(state["extra"])

    def _mark_dirty(self) -> None:
        if self._restoring or self._event is None:
            return
        self._draft_timer.start()  # restarts the debounce
        if not self._max_timer.isActive():
            self._max_timer.start()  # … but never more than this behind

    def _stop_draft_timers(self) -> None:
        self._draft_timer.stop()
        self._max_timer.stop()

    def _load_draft(self) -> DraftData | None:
        if self._event is None or not self._author:
            return None
        try:
            draft = capture.load_draft(self._ws, self._event.id, self._author)
        except ServiceError as exc:
            self.show_error(str(exc))
            return None
        self._draft_row = draft is not None
        return draft

    def _apply_draft(self, draft: DraftData) -> None:
        """Put a draft left by an earlier run back in the composer."""
        event = self._event
        if event is None:
            return
        self._restoring = True
        try:
            try:
                self._kind = NoteKind(draft.kind)
            except ValueError:
                self._kind = NoteKind.OBSERVATION
            known = {t.id for t in event.themes}
            raw_themes = draft.extra.get("theme_ids") or []
            self._theme_ids = [str(t) for t in raw_themes if t in known]
            for kind, form in self._forms.items():
                values = draft.extra.get(kind.value)
                if isinstance(values, dict):
                    form.from_extra(values)
            self._editor.setPlainText(draft.text)
            cursor = self._editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self._editor.setTextCursor(cursor)
            self._refresh_kind()
            self._refresh_themes()
        finally:
            self._restoring = False
        self._saved_state = self._draft_state()
        if draft.text or _extra_has_content(dict(draft.extra)):
            when = (
                draft.updated_at.astimezone(event.zone).strftime("%H:%M")
                if draft.updated_at
                else ""
            )
            self._status.setText(self.tr("Restored your unsaved draft from %1").replace("%1", when))

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        leaving = new is None or not self.composer.isAncestorOf(new)
        if old is not None and self.composer.isAncestorOf(old) and leaving:
            self.flush_draft()

    # ======================================================================
    # the note-taker
    # ======================================================================

    def _resolve_author(self) -> None:
        """The note-taker: from the environment or the settings; else the login
        name, provisionally, with the name bar asking for theirs."""
        if self._author and not self._author_provisional:
            return
        name = os.environ.get(AUTHOR_ENV, "").strip()
        if not name:
            stored = settings().value(AUTHOR_KEY, "")
            name = str(stored).strip() if stored else ""
        if name:
            self._author = name[: capture.MAX_AUTHOR]
            self._author_provisional = False
            self._author_button.setText(self._author)
            self._author_bar.hide()
            return
        if not self._author:
            self._author = _login_name()
            self._author_provisional = True
        self._author_button.setText(self.tr("Who is taking notes?"))
        self._show_author_bar(focus=False)

    def _require_author(self) -> str:
        if not self._author:
            self._resolve_author()
        assert self._author is not None
        return self._author

    def _show_author_bar(self, *, focus: bool) -> None:
        if self._author_provisional:
            self._author_prompt.setText(
                self.tr(
                    "Who is taking these notes? Until you say, they are saved as “%1”. "
                    "Type your name and press Enter — it is asked only once."
                ).replace("%1", self._author or "")
            )
            self.author_edit.setText("")
        else:
            self._author_prompt.setText(
                self.tr(
                    "Take notes under another name (Enter to confirm, Esc to keep “%1”)."
                ).replace("%1", self._author or "")
            )
            self.author_edit.setText(self._author or "")
            self.author_edit.selectAll()
        self._author_bar.show()
        if focus:
            self.author_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _accept_author(self) -> None:
        name = self.author_edit.text().strip()
        if not name:
            self._flash(self.tr("Type your name first, then press Enter."))
            self.author_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.set_author(name)
        self._status.setText(self.tr("Taking notes as %1").replace("%1", name))
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _dismiss_author_bar(self) -> None:
        if not self._author_provisional:
            self._author_bar.hide()
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # ======================================================================
    # editing listed notes
    # ======================================================================

    def _edit_text(self, note_id: str, text: str) -> None:
        row = self.notes_model.row_of(note_id)
        if row < 0:
            return
        note = self.notes_model.note_at(row)
        try:
            updated = capture.update_note(self._ws, note_id, text=text, editor=self._author)
        except ServiceError as exc:
            self.show_error(str(exc))
            return
        command = EditNoteCommand(
            self._ws,
            self,
            note_id,
            {"text": note.text},
            {"text": updated.text},
            self.tr("Edit note “%1”").replace("%1", _short(note.text)),
            editor=self._author,
            done=True,
        )
        self.note_changed(updated)
        self._undo.push(command)

    def _edit_selected(self) -> None:
        index = self._list.currentIndex()
        if index.isValid():
            self._list.edit(index)

    def _rekind_selected(self, kind: NoteKind) -> None:
        note = self.selected_note()
        if note is None or note.kind == kind.value:
            return
        before = edit_values(note, ("kind",))
        after = {"kind": kind.value, **{k: v for k, v in before.items() if k != "kind"}}
        self._undo.push(
            EditNoteCommand(
                self._ws,
                self,
                note.id,
                before,
                after,
                self.tr("Make note a %1").replace("%1", kind_style(kind).label.lower()),
                editor=self._author,
            )
        )

    def _retag_selected(self, number: int) -> None:
        note = self.selected_note()
        event = self._event
        if note is None or event is None or not 1 <= number <= len(event.themes):
            return
        theme = event.themes[number - 1]
        ids = list(note.theme_ids)
        if theme.id in ids:
            ids.remove(theme.id)
            title = self.tr("Untag note from %1")
        else:
            ids.append(theme.id)
            title = self.tr("Tag note with %1")
        self._undo.push(
            EditNoteCommand(
                self._ws,
                self,
                note.id,
                {"theme_ids": list(note.theme_ids)},
                {"theme_ids": ids},
                title.replace("%1", theme.title),
                editor=self._author,
            )
        )

    def _list_menu(self, pos: Any) -> None:
        index = self._list.indexAt(pos)
        if not index.isValid() or self._event is None:
            return
        self._list.setCurrentIndex(index)
        note = self.notes_model.note_at(index.row())
        menu = QMenu(self)
        menu.addAction(self.action_edit)
        kinds = menu.addMenu(self.tr("Kind"))
        for action, style in zip(self.list_kind_actions, all_kind_styles(), strict=False):
            action.setCheckable(True)
            action.setChecked(style.kind.value == note.kind)
            kinds.addAction(action)
        themes = menu.addMenu(self.tr("Themes"))
        for n, theme in enumerate(self._event.themes, start=1):
            act = themes.addAction(theme.title)
            act.setCheckable(True)
            act.setChecked(theme.id in note.theme_ids)
            if n <= MAX_THEME_KEYS:
                act.setShortcut(QKeySequence(f"Alt+{n}"))
            act.triggered.connect(lambda _c=False, n=n: self._retag_selected(n))
        menu.addSeparator()
        menu.addAction(self.action_delete)
        menu.exec(self._list.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _cycle_attribution(self) -> None:
        if self._kind is not NoteKind.QUOTE:
            self.set_kind(NoteKind.QUOTE)
        self.quote_form.cycle_attribution()

    def _flash(self, text: str) -> None:
        self._status.setText(text)

    # ======================================================================
    # Qt events
    # ======================================================================

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._event is not None:
            # Shown as a page of the main window: the text box takes the keys.
            QTimer.singleShot(0, self._focus_editor_if_idle)
            if os.environ.get(SCRIPT_ENV) and CaptureView._typist is None:
                QTimer.singleShot(0, self._start_typist)

    def _start_typist(self) -> None:
        if CaptureView._typist is not None or self._event is None:
            return
        from workshop_planner.ui.capture.typist import Typist

        typist = Typist.from_file(self, os.environ[SCRIPT_ENV])
        CaptureView._typist = typist
        typist.start()

    def _focus_editor_if_idle(self) -> None:
        if self._event is None or not self._editor.isVisible():
            return
        focus = QApplication.focusWidget()
        window = self.window()
        if focus is None or focus is window or not window.isAncestorOf(focus):
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not self.isAncestorOf(focus) and window.isAncestorOf(focus):
            # Focus sits on the main window's chrome (sidebar, tabs): capture wants the keys.
            self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._stack and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            self._key_from_child = _key_signature(event)
        return super().eventFilter(watched, event)

    def _trigger_fallback_shortcut(self, event: QKeyEvent, focus: QWidget | None) -> bool:
        """Run the page's action for a key that reached it as a plain key press.

        Qt runs shortcuts only in the active window; a key sent straight to the
        page (automation, or a window the window manager never activated) arrives
        here instead, and still does what its shortcut says.
        """
        on_list = focus is not None and focus in (self._list, self._list.viewport())
        plain = (
            event.modifiers()
            & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
            == Qt.KeyboardModifier.NoModifier
        )
        if plain and not on_list:
            return False  # plain typing, never a shortcut of the composer
        if event.matches(QKeySequence.StandardKey.Undo):
            self._undo.undo()
            event.accept()
            return True
        if event.matches(QKeySequence.StandardKey.Redo):
            self._undo.redo()
            event.accept()
            return True
        pressed = QKeySequence(event.keyCombination())
        actions = (
            [*self.list_kind_actions, *self.list_theme_actions, self.action_delete]
            if on_list
            else [*self.kind_actions, *self.theme_actions, self.action_attribution]
        )
        actions += [
            self.action_prev_session,
            self.action_next_session,
            self.action_now,
            self.action_export,
        ]
        for action in actions:
            if not action.isEnabled():
                continue
            for key in action.shortcuts():
                if key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch:
                    action.trigger()
                    event.accept()
                    return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys sent to the page itself (not to one of its fields) go to the text box."""
        propagated = self._key_from_child == _key_signature(event)
        self._key_from_child = None
        if self._forwarding or self._event is None or not self._editor.isVisible():
            super().keyPressEvent(event)
            return
        focus = self._focus_in_window()
        if self._trigger_fallback_shortcut(event, focus):
            return
        if propagated:
            super().keyPressEvent(event)  # a field of the page did not want it
            return
        # The field that has (or, in an inactive window, will have) the focus types it.
        target: QWidget = self._editor
        if (
            focus is not None
            and focus is not self
            and self.isAncestorOf(focus)
            and focus.isVisible()
            and focus.isEnabled()
        ):
            target = focus
        self._forwarding = True
        try:
            if target is self._editor and not self._editor.hasFocus():
                self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
            copy = QKeyEvent(
                event.type(),
                event.key(),
                event.modifiers(),
                event.text(),
                event.isAutoRepeat(),
                event.count(),
            )
            QApplication.sendEvent(target, copy)
            event.setAccepted(copy.isAccepted())
        finally:
            self._forwarding = False

    def _focus_in_window(self) -> QWidget | None:
        """The widget with the keyboard focus in this page's window, active or not."""
        window = self.window()
        focus = QApplication.focusWidget()
        if focus is not None and (focus is window or window.isAncestorOf(focus)):
            return focus
        return window.focusWidget()

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

    def select_note_row(self, row: int) -> None:
        """Select a listed note (keyboard users: click or arrow keys do the same)."""
        index = self.notes_model.index(row)
        self._list.setCurrentIndex(index)
        self._list.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    @property
    def notes_view(self) -> QListView:
        return self._list


def _key_signature(event: QKeyEvent) -> tuple[int, int, int, str]:
    return (event.timestamp(), event.key(), event.modifiers().value, event.text())


def _login_name() -> str:
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):
        name = ""
    return name[: capture.MAX_AUTHOR] or "note-taker"


def _extra_has_content(extra: dict[str, Any]) -> bool:
    for key, value in extra.items():
        if key == "theme_ids":
            continue
        if isinstance(value, dict) and any(v for k, v in value.items() if k != "attribution"):
            return True
    return False


def _short(text: str, limit: int = 40) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "event"
