"""The Themes page (report studio): themes, every note of the event, curation.

Left: the themes (``themesView``) and the selected theme's editor. Middle:
every note of the event (``curationView``) with search, filters and bulk
actions. Right: the featured items of the selected theme or section, in print
order, and what the selected note prints.

Every write is an undo command pushed through :class:`Operations`; the page
follows the change channel with a :class:`PageFollower` and reloads from the
services. Keys (also in the Themes menu, see :meth:`StudioView.menu_groups`):

* Ctrl+Shift+N new theme, F2 rename, Del delete, Alt+Up/Alt+Down move
  (themes list); Ctrl+F search the notes;
* notes list: Space feature/unfeature, Alt+1…9 add to / remove from theme N,
  P opens "Print in…" (then B by its kind, T its themes, H Threats…, N Next
  Steps, C closing, E Other city examples, R Additional Resources), F2 edit
  what prints;
* featured list: Alt+Up/Alt+Down move.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QSplitter, QVBoxLayout, QWidget

from workshop_planner.services import curation
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.curation import CurationNote, ThemeInfo
from workshop_planner.services.errors import ServiceError, StaleEditError
from workshop_planner.ui.operations import Operations, PageFollower
from workshop_planner.ui.stale_edit import push_or_settle
from workshop_planner.ui.studio import commands as sc
from workshop_planner.ui.studio.featured_panel import FeaturedPanel
from workshop_planner.ui.studio.note_editor import NoteEditor
from workshop_planner.ui.studio.notes_panel import NotesPanel
from workshop_planner.ui.studio.themes_panel import ThemesPanel

#: notes read before the page shows an event (a few screenfuls); the rest follow
#: in pages while the window idles, each a short pause (10,000 notes: ~0.2 s in one read)
FIRST_NOTES = 300
MORE_NOTES = 250
#: milliseconds before the first of those pages (the window paints the first notes and
#: takes the next key first) and between two pages (it answers input in between)
MORE_NOTES_DELAY = 100
MORE_NOTES_GAP = 20

FOLLOWED = {Part.THEMES, Part.NOTES, Part.AGENDA, Part.PEOPLE, Part.PARTICIPANTS, Part.EVENT}


class StudioView(QWidget):
    """The report studio page; ``set_event`` loads an event.

    It composes the themes, notes and featured panels and the "what prints"
    editor, loads them from the services and routes between them (a panel
    never calls another). The panels' widgets and actions are reachable here
    under their old names for the window and the tests.
    """

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studioView")
        self.operations = operations
        self.ws = operations.workspace
        self._event_id: str | None = None
        self._reloading = False
        self.follower = PageFollower(self, operations, FOLLOWED, self._refresh)
        # reads the event's next page of notes (after a paged load) when the window idles
        self._more_timer = QTimer(self)
        self._more_timer.setSingleShot(True)
        self._more_timer.timeout.connect(self._read_more_notes)

        self.themes = ThemesPanel(operations)
        self.notes = NotesPanel(operations, self.themes.themes_model)
        self.featured = FeaturedPanel(operations, lambda: self.notes.notes)
        self.note_editor = NoteEditor()
        self._alias_panels()
        self._build()

        self.themes_view.selectionModel().currentChanged.connect(self._theme_changed)
        self.notes_view.selectionModel().selectionChanged.connect(self._notes_selected)
        self.featured.noteActivated.connect(self.select_note)
        self.notes.editPrintedRequested.connect(self.note_editor.focus_text)
        self.note_editor.edited.connect(self._printed_edited)
        self.note_editor.restoreRequested.connect(self._restore_original)
        # the page-wide keys (new theme, search) work wherever the focus is on the page
        self.addAction(self.add_theme_action)
        self.addAction(self.search_action)
        # which of the many text boxes has the keyboard is plain to see
        self.setStyleSheet("QPlainTextEdit:focus { border: 2px solid palette(highlight); }")
        self.setEnabled(False)

    def _alias_panels(self) -> None:
        """The panels' widgets, models, actions and edits under the page's names."""
        themes, notes, featured = self.themes, self.notes, self.featured
        self.themes_model = themes.themes_model
        self.themes_view = themes.themes_view
        self.themes_empty = themes.themes_empty
        self.theme_editor = themes.theme_editor
        self.add_button = themes.add_button
        self.add_theme_action = themes.add_theme_action
        self.rename_theme_action = themes.rename_theme_action
        self.delete_theme_action = themes.delete_theme_action
        self.theme_up_action = themes.theme_up_action
        self.theme_down_action = themes.theme_down_action
        self.add_theme = themes.add_theme
        self.rename_theme = themes.rename_theme
        self.delete_theme = themes.delete_theme
        self.move_theme = themes.move_theme
        self.current_theme = themes.current_theme
        self.current_theme_id = themes.current_theme_id
        self.select_theme = themes.select_theme

        self.notes_model = notes.notes_model
        self.proxy = notes.proxy
        self.notes_view = notes.notes_view
        self.notes_empty = notes.notes_empty
        self.search = notes.search
        self.filters = notes.filters
        self.search_action = notes.search_action
        self.feature_action = notes.feature_action
        self.edit_printed_action = notes.edit_printed_action
        self.theme_actions = notes.theme_actions
        self.place_actions = notes.place_actions
        self.print_in_action = notes.print_in_action
        self.print_in_menu = notes.print_in_menu
        self.assign_menu = notes.assign_menu
        self.unassign_menu = notes.unassign_menu
        self.selected_note_ids = notes.selected_note_ids
        self.select_note = notes.select_note
        self.toggle_featured = notes.toggle_featured
        self.toggle_theme = notes.toggle_theme
        self.place_selected = notes.place_selected
        self.popup_print_in = notes.popup_print_in

        self.featured_model = featured.featured_model
        self.featured_view = featured.featured_view
        self.featured_empty = featured.featured_empty
        self.section_combo = featured.section_combo
        self.featured_up_action = featured.featured_up_action
        self.featured_down_action = featured.featured_down_action
        self.current_section = featured.current_section
        self.move_featured = featured.move_featured

    @property
    def event_id(self) -> str | None:
        return self._event_id

    @event_id.setter
    def event_id(self, event_id: str | None) -> None:
        self._event_id = event_id
        for panel in (self.themes, self.notes, self.featured):
            panel.event_id = event_id

    # --- building -----------------------------------------------------------------

    def _build(self) -> None:
        note_box = QWidget()
        nl = QVBoxLayout(note_box)
        nl.setContentsMargins(4, 8, 8, 8)
        nl.addWidget(QLabel(self.tr("<b>What prints</b>")))
        nl.addWidget(self.note_editor, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.featured)
        right.addWidget(note_box)

        splitter = QSplitter()
        splitter.addWidget(self.themes)
        splitter.addWidget(self.notes)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([340, 720, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # empty states are written inside their empty list (the list keeps the keyboard)
        self._overlays: dict[QWidget, QLabel] = {
            self.themes_view.viewport(): self.themes_empty,
            self.notes_view.viewport(): self.notes_empty,
            self.featured_view.viewport(): self.featured_empty,
        }
        for viewport, empty in self._overlays.items():
            empty.setParent(viewport)
            empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            viewport.installEventFilter(self)
        self.setTabOrder(self.themes_view, self.search)

    def menu_groups(self) -> list[list[QAction | QMenu]]:
        """The Themes menu for the window: the page's actions, grouped."""
        return [
            [self.add_theme_action, self.rename_theme_action, self.delete_theme_action],
            [self.theme_up_action, self.theme_down_action],
            [self.search_action, self.feature_action, self.edit_printed_action],
            [self.print_in_action],
            [self.assign_menu, self.print_in_menu],
            [self.featured_up_action, self.featured_down_action],
        ]

    # --- loading ------------------------------------------------------------------------

    def set_event(self, event_id: str | None) -> None:
        self.theme_editor.flush()
        self.note_editor.flush()
        if event_id != self.event_id:
            self.notes.clear_search_and_filters()
        self.event_id = event_id
        self.follower.set_event(event_id)
        self.reload(paged=True)

    def _refresh(self, _changes: Changes) -> None:
        self.reload()

    @property
    def loading_notes(self) -> bool:
        """Whether more of the event's notes are still to be read (after a paged load)."""
        return self._more_timer.isActive()

    def reload(self, *, paged: bool = False) -> None:
        """Load the event; ``paged``: its first notes now, the rest while the window idles.

        A reload after a change reads every note (and ends a paged load).
        """
        self._more_timer.stop()
        if self.event_id is None:
            self._load([], [], None)
            self.setEnabled(False)
            return
        try:
            themes = curation.list_themes(self.ws, self.event_id)
            limit = FIRST_NOTES if paged else None
            notes = curation.list_notes(self.ws, self.event_id, limit=limit)
            options = curation.note_filters(self.ws, self.event_id)
        except ServiceError as exc:
            self._failed(str(exc))
            return
        self.setEnabled(True)
        self._load(themes, notes, options)
        if paged and len(notes) == FIRST_NOTES:
            self._more_timer.start(MORE_NOTES_DELAY)

    def _failed(self, message: str) -> None:
        self.operations.failed.emit(message)
        self.event_id = None
        self.follower.set_event(None)
        self.reload()

    def _read_more_notes(self) -> None:
        """Append the next page of notes; the filters, sorting and selection follow."""
        loaded = self.notes.notes
        if self.event_id is None or not loaded:
            return
        try:
            page = curation.list_notes(
                self.ws, self.event_id, limit=MORE_NOTES, after=curation.notes_cursor(loaded[-1])
            )
        except ServiceError as exc:
            self._failed(str(exc))
            return
        loaded.extend(page)
        self.notes_model.add_notes(page)
        if len(page) == MORE_NOTES:
            self._more_timer.start(MORE_NOTES_GAP)
            return
        # every note is there: the featured items and the states that count the notes
        self.featured.show_featured(self.featured.current_note_id())
        self._update_empty_states()
        self._update_actions()

    def _load(
        self,
        themes: list[ThemeInfo],
        notes: list[CurationNote],
        options: curation.NoteFilterOptions | None,
    ) -> None:
        theme_id = self.themes.current_theme_id()
        selected = self.notes.selected_note_ids()
        current_note = self.notes.current_note_id()
        section = self.featured.current_section()
        featured_current = self.featured.current_note_id()
        self._reloading = True
        try:
            self.notes.notes = list(notes)
            self.themes_model.set_themes(themes)
            self.notes_model.set_notes(notes, themes)
            if options is not None:
                self.notes.fill_filters(options, themes)
            self.featured.fill_sections(themes)
            self.themes.restore_current(theme_id)
            self.notes.restore_selection(selected, current_note)
            self.featured.select_section(section)
        finally:
            self._reloading = False
        self.theme_editor.show_theme(self.current_theme())
        self.featured.show_featured(featured_current)
        self._show_note()
        self._update_empty_states()
        self._update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        label = self._overlays.get(watched) if isinstance(watched, QWidget) else None
        if label is not None and event.type() == QEvent.Type.Resize:
            self._place_empty(label)
        return super().eventFilter(watched, event)

    def _place_empty(self, label: QLabel) -> None:
        viewport = label.parentWidget()
        if viewport is not None:
            label.setGeometry(viewport.rect().adjusted(8, 6, -8, -6))

    def _update_empty_states(self) -> None:
        self.themes.update_empty_state()
        self.notes.update_empty_state()
        self.featured.update_empty_state()

    def _update_actions(self) -> None:
        self.notes.update_actions()
        self.themes.update_actions()

    # --- routing between the panels ---------------------------------------------------------

    def _theme_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._reloading:
            return
        theme = self.themes_model.theme_at(current.row()) if current.isValid() else None
        self.theme_editor.show_theme(theme)
        if theme is not None:
            self.featured.select_section(f"theme:{theme.id}")
        self._update_actions()

    def _notes_selected(self, *_args: object) -> None:
        if self._reloading:
            return
        self._show_note()
        self._update_actions()

    def _show_note(self) -> None:
        ids = self.selected_note_ids()
        note = self.notes.note(ids[0]) if len(ids) == 1 else None
        self.note_editor.show_note(note)

    # --- what prints ---------------------------------------------------------------

    def _printed_edited(self, note_id: str, old: object, new: object) -> None:
        if self.event_id is None:
            return
        assert isinstance(old, tuple)
        assert isinstance(new, tuple)
        event_id = self.event_id
        shown = self.note_editor.note
        version = shown.version if shown is not None and shown.id == note_id else None

        def current() -> CurationNote | None:
            try:
                return curation.get_note(self.ws, note_id)
            except ServiceError as exc:
                self.operations.failed.emit(str(exc))
                return None

        def reload() -> None:  # theirs in the editor, what I typed discarded
            if (note := current()) is not None:
                self.note_editor.discard_typing()
                self.note_editor.show_note(note)

        def on_top(_refusal: StaleEditError) -> sc.EditPrintedCommand | None:
            if (note := current()) is None:
                return None
            # only what I changed in the editor; undo brings back theirs
            (old_text, old_details), (text, details) = old, new
            mine = {k: v for k, v in (details or {}).items() if (old_details or {}).get(k) != v}
            theirs = {k: note.details.get(k) for k in mine}
            return sc.EditPrintedCommand(
                self.ws,
                event_id,
                note_id,
                (note.text, theirs or None),
                (text if text != old_text else note.text, mine or None),
                version=note.version,
            )

        command = sc.EditPrintedCommand(self.ws, event_id, note_id, old, new, version=version)
        push_or_settle(self, self.operations.push, command, reload=reload, on_top=on_top)

    def _restore_original(self, note_id: str, current: object) -> None:
        if self.event_id is None:
            return
        assert isinstance(current, tuple)
        self.operations.push(sc.RestoreOriginalCommand(self.ws, self.event_id, note_id, current))

    # --- navigation (the window routes the report's checks here) -------------------

    def navigate_to(self, kind: str, target_id: str | None) -> bool:
        """Show a check's target: a theme (its editor) or a note (selected, its editor)."""
        if kind == "theme" and target_id and self.select_theme(target_id):
            self.theme_editor.key_message.setFocus()
            return True
        if kind == "note" and target_id:
            return self.select_note(target_id)
        return False
