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

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import curation
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.curation import CurationNote, ThemeInfo
from workshop_planner.services.errors import ServiceError
from workshop_planner.ui.capture.kinds import kind_style
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations, PageFollower, UndoCommand
from workshop_planner.ui.studio import commands as sc
from workshop_planner.ui.studio.models import (
    ANY,
    Column,
    CurationFilter,
    CurationModel,
    FeaturedModel,
    Role,
    ThemesModel,
    placement_label,
)
from workshop_planner.ui.studio.note_editor import NoteEditor
from workshop_planner.ui.studio.theme_editor import ThemeEditor

FOLLOWED = {Part.THEMES, Part.NOTES, Part.AGENDA, Part.PEOPLE, Part.PARTICIPANTS, Part.EVENT}

#: "Print in…" choices in menu order: (placement, menu text with its key)
PLACEMENTS: tuple[tuple[str | None, str], ...] = (
    (None, "&By its kind"),
    ("theme", "Its &themes"),
    ("threats", "T&hreats, Key Challenges && City Needs"),
    ("next_steps", "&Next Steps"),
    ("closing", "&Closing of Next Steps (pull quote)"),
    ("examples", "Other city &examples"),
    ("resources", "Additional &Resources"),
)

#: sections (besides the themes) whose featured items can be ordered
SECTIONS: tuple[tuple[str, str], ...] = (
    ("threats", "Threats, Key Challenges & City Needs"),
    ("next_steps", "Next Steps"),
    ("closing", "Closing of Next Steps"),
    ("resources", "Additional Resources"),
)

QUEUED = Qt.ConnectionType.QueuedConnection


_THREAT_GROUPS = {"threat": 0, "challenge": 1, "need": 2}


def print_group(note: CurationNote, section: str) -> int:
    """Which block of ``section`` the note prints in (the report prints block by block).

    A theme prints its observations, then case studies, pull quotes and other
    city examples; Threats… prints threats, challenges, needs, other notes,
    then quotes; Next Steps its items, then quotes.
    """
    if section.startswith("theme:"):
        if note.effective_placement == "examples":
            return 3
        return {"case_study": 1, "quote": 2}.get(note.kind, 0)
    if section == "threats":
        return 4 if note.kind == "quote" else _THREAT_GROUPS.get(note.kind, 3)
    if section == "next_steps":
        return 1 if note.kind == "quote" else 0
    return 0


def featured_in(notes: Sequence[CurationNote], section: str) -> list[CurationNote]:
    """The featured notes printed in ``section`` ("theme:<id>" or a placement), in print order."""
    if section.startswith("theme:"):
        theme_id = section.removeprefix("theme:")
        chosen = [
            n
            for n in notes
            if n.featured
            and theme_id in n.theme_ids
            and n.effective_placement in ("theme", "examples")
        ]
    else:
        chosen = [n for n in notes if n.featured and n.effective_placement == section]
    return sorted(chosen, key=lambda n: (print_group(n, section), *n.sort_key))


class StudioView(QWidget):
    """The report studio page; ``set_event`` loads an event."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studioView")
        self.operations = operations
        self.ws = operations.workspace
        self.event_id: str | None = None
        self._reloading = False
        self._notes: list[CurationNote] = []
        self.follower = PageFollower(self, operations, FOLLOWED, self._refresh)

        self.themes_model = ThemesModel(self)
        self.notes_model = CurationModel(self)
        self.proxy = CurationFilter(self)
        self.proxy.setSourceModel(self.notes_model)
        self.featured_model = FeaturedModel(self)
        self.themes_model.renameRequested.connect(self._rename_theme, QUEUED)
        self.themes_model.notesDropped.connect(self._notes_dropped, QUEUED)
        self.themes_model.moveRequested.connect(self._move_theme_to, QUEUED)
        self.featured_model.moveRequested.connect(self._move_featured_to, QUEUED)

        self._build()
        self._build_actions()
        # which of the many text boxes has the keyboard is plain to see
        self.setStyleSheet("QPlainTextEdit:focus { border: 2px solid palette(highlight); }")
        self.setEnabled(False)

    # --- building -----------------------------------------------------------------

    def _build(self) -> None:
        # themes
        self.themes_view = QListView()
        self.themes_view.setObjectName("themesView")
        self.themes_view.setAccessibleName(self.tr("Themes"))
        self.themes_view.setModel(self.themes_model)
        self.themes_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.themes_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        # long titles wrap in the narrow column rather than scroll sideways
        self.themes_view.setWordWrap(True)
        self.themes_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.themes_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.themes_view.setDragEnabled(True)
        self.themes_view.setAcceptDrops(True)
        self.themes_view.setDropIndicatorShown(True)
        self.themes_view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.themes_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.themes_view.selectionModel().currentChanged.connect(self._theme_changed)
        self.themes_empty = QLabel(
            self.tr("No themes yet — press Ctrl+Shift+N to add one, then drag notes onto it.")
        )
        self.themes_empty.setObjectName("themesEmpty")
        self.themes_empty.setWordWrap(True)
        self.themes_empty.setProperty("role", "empty")

        self.add_button = QPushButton(icon("plus"), self.tr("Add theme"))
        self.add_button.setObjectName("addTheme")
        self.add_button.setToolTip(self.tr("Add a theme (Ctrl+Shift+N)"))
        self.delete_button = QToolButton()
        self.delete_button.setIcon(icon("delete-outline"))
        self.delete_button.setToolTip(self.tr("Delete the theme (Del)"))
        self.delete_button.setAccessibleName(self.tr("Delete theme"))
        self.up_button = QToolButton()
        self.up_button.setIcon(icon("arrow-up"))
        self.up_button.setToolTip(self.tr("Move the theme up (Alt+Up)"))
        self.up_button.setAccessibleName(self.tr("Move theme up"))
        self.down_button = QToolButton()
        self.down_button.setIcon(icon("arrow-down"))
        self.down_button.setToolTip(self.tr("Move the theme down (Alt+Down)"))
        self.down_button.setAccessibleName(self.tr("Move theme down"))
        theme_buttons = QHBoxLayout()
        theme_buttons.addWidget(self.add_button)
        theme_buttons.addStretch(1)
        for button in (self.up_button, self.down_button, self.delete_button):
            theme_buttons.addWidget(button)

        self.theme_editor = ThemeEditor()
        self.theme_editor.fieldEdited.connect(self._theme_field_edited)
        editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setWidget(self.theme_editor)

        themes_top = QWidget()
        tl = QVBoxLayout(themes_top)
        tl.setContentsMargins(8, 8, 4, 0)
        heading = QLabel(self.tr("<b>Themes</b>"))
        tl.addWidget(heading)
        tl.addLayout(theme_buttons)
        tl.addWidget(self.themes_view, 1)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(themes_top)
        left.addWidget(editor_scroll)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 2)

        # notes
        self.search = QLineEdit()
        self.search.setObjectName("curationSearch")
        self.search.setPlaceholderText(self.tr("Search the notes (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search the notes"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.filters: dict[str, QComboBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        labels = (
            ("session", self.tr("Session")),
            ("kind", self.tr("Kind")),
            ("author", self.tr("Note-taker")),
            ("theme", self.tr("Theme")),
            ("featured", self.tr("Featured")),
            ("speaker", self.tr("Speaker")),
        )
        for i, (name, label) in enumerate(labels):
            combo = QComboBox()
            combo.setObjectName(f"filter{name.capitalize()}")
            combo.setAccessibleName(self.tr("Filter by {0}").format(label.lower()))
            combo.addItem(self.tr("All"), ANY)
            # long session titles must not widen the page: the list drops down wide instead
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._filter_changed(n))
            self.filters[name] = combo
            title = QLabel(label)
            title.setBuddy(combo)
            # three filters a row, so the notes column stays usable on a small screen
            row, column = divmod(i, 3)
            grid.addWidget(title, 2 * row, column)
            grid.addWidget(combo, 2 * row + 1, column)
        self.filters["featured"].addItem(self.tr("Featured"), "yes")
        self.filters["featured"].addItem(self.tr("Not featured"), "no")
        self.filters["speaker"].addItem(self.tr("Has a speaker"), "yes")
        self.filters["speaker"].addItem(self.tr("No speaker"), "no")

        self.notes_view = QTableView()
        self.notes_view.setObjectName("curationView")
        self.notes_view.setAccessibleName(self.tr("All notes of the event"))
        self.notes_view.setModel(self.proxy)
        self.notes_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.notes_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.notes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notes_view.setDragEnabled(True)
        self.notes_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.notes_view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.notes_view.setWordWrap(False)
        self.notes_view.verticalHeader().hide()
        header = self.notes_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # the note gets room to be read; the last column takes what is left
        header.setStretchLastSection(True)
        header.resizeSection(Column.FEATURED, 32)
        header.resizeSection(Column.KIND, 100)
        header.resizeSection(Column.TEXT, 380)
        header.resizeSection(Column.THEMES, 64)
        header.resizeSection(Column.PRINTS_IN, 140)
        header.resizeSection(Column.SESSION, 180)
        self.notes_view.clicked.connect(self._note_clicked)
        self.notes_view.selectionModel().selectionChanged.connect(self._notes_selected)
        self.notes_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.notes_view.customContextMenuRequested.connect(self._notes_menu)
        self.notes_empty = QLabel()
        self.notes_empty.setObjectName("notesEmpty")
        self.notes_empty.setWordWrap(True)
        self.notes_empty.setProperty("role", "empty")

        self.bulk = QHBoxLayout()
        self.feature_button = QPushButton(icon("star-outline"), self.tr("Feature"))
        self.feature_button.setObjectName("featureNotes")
        self.feature_button.setToolTip(self.tr("Feature or unfeature the selected notes (Space)"))
        self.assign_button = QToolButton()
        self.assign_button.setText(self.tr("Add to theme"))
        self.assign_button.setToolTip(self.tr("Add the selected notes to a theme (Alt+1…9)"))
        self.assign_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.unassign_button = QToolButton()
        self.unassign_button.setText(self.tr("Remove from theme"))
        self.unassign_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.place_button = QToolButton()
        self.place_button.setText(self.tr("Print in"))
        self.place_button.setToolTip(self.tr("Choose where the selected notes print (P)"))
        self.place_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for w in (self.feature_button, self.assign_button, self.unassign_button, self.place_button):
            self.bulk.addWidget(w)
        self.bulk.addStretch(1)
        self.selection_label = QLabel()
        self.selection_label.setProperty("role", "hint")
        self.selection_label.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )

        middle = QWidget()
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(4, 8, 4, 0)
        notes_heading = QHBoxLayout()
        notes_heading.addWidget(QLabel(self.tr("<b>All notes of the event</b>")))
        notes_heading.addStretch(1)
        notes_heading.addWidget(self.selection_label)  # beside the heading: the buttons keep room
        ml.addLayout(notes_heading)
        ml.addWidget(self.search)
        ml.addLayout(grid)
        ml.addLayout(self.bulk)
        ml.addWidget(self.notes_view, 1)

        # featured items and what prints
        self.section_combo = QComboBox()
        self.section_combo.setObjectName("sectionCombo")
        self.section_combo.setAccessibleName(self.tr("Theme or section to order"))
        self.section_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.section_combo.setMinimumContentsLength(12)
        self.section_combo.currentIndexChanged.connect(lambda _i: self._show_featured())
        self.featured_view = QListView()
        self.featured_view.setObjectName("featuredView")
        self.featured_view.setAccessibleName(self.tr("Featured in this theme or section"))
        self.featured_view.setModel(self.featured_model)
        self.featured_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.featured_view.setDragEnabled(True)
        self.featured_view.setAcceptDrops(True)
        self.featured_view.setDropIndicatorShown(True)
        self.featured_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.featured_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.featured_view.setWordWrap(True)
        self.featured_view.activated.connect(self._featured_activated)
        self.featured_empty = QLabel(
            self.tr("Nothing featured here yet — select notes and press Space to feature them.")
        )
        self.featured_empty.setObjectName("featuredEmpty")
        self.featured_empty.setWordWrap(True)
        self.featured_empty.setProperty("role", "empty")
        self.note_editor = NoteEditor()
        self.note_editor.edited.connect(self._printed_edited)
        self.note_editor.restoreRequested.connect(self._restore_original)

        featured_box = QWidget()
        fl = QVBoxLayout(featured_box)
        fl.setContentsMargins(4, 8, 8, 0)
        title = QLabel(self.tr("<b>Featured in this theme/section</b> (print order)"))
        title.setBuddy(self.section_combo)
        title.setWordWrap(True)
        fl.addWidget(title)
        fl.addWidget(self.section_combo)
        fl.addWidget(self.featured_view, 1)
        note_box = QWidget()
        nl = QVBoxLayout(note_box)
        nl.setContentsMargins(4, 8, 8, 8)
        nl.addWidget(QLabel(self.tr("<b>What prints</b>")))
        nl.addWidget(self.note_editor, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(featured_box)
        right.addWidget(note_box)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(middle)
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

    def _action(
        self,
        text: str,
        keys: str | QKeySequence.StandardKey | None,
        slot: Callable[[], None],
        widget: QWidget,
        context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut,
        icon_name: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(context)
        action.triggered.connect(lambda _c=False: slot())
        widget.addAction(action)
        return action

    def _build_actions(self) -> None:
        page = Qt.ShortcutContext.WidgetWithChildrenShortcut
        themes = self.themes_view
        self.add_theme_action = self._action(
            self.tr("&New theme"), "Ctrl+Shift+N", self.add_theme, self, page, "plus"
        )
        self.rename_theme_action = self._action(
            self.tr("&Rename theme"), "F2", self.rename_theme, themes
        )
        self.delete_theme_action = self._action(
            self.tr("&Delete theme"), "Del", self.delete_theme, themes, icon_name="delete-outline"
        )
        self.theme_up_action = self._action(
            self.tr("Move theme &up"), "Alt+Up", lambda: self.move_theme(-1), themes
        )
        self.theme_down_action = self._action(
            self.tr("Move theme do&wn"), "Alt+Down", lambda: self.move_theme(1), themes
        )
        self.search_action = self._action(
            self.tr("&Search the notes"), "Ctrl+F", self._focus_search, self, page
        )
        notes = self.notes_view
        self.feature_action = self._action(
            self.tr("&Feature / unfeature"), "Space", self.toggle_featured, notes, icon_name="star"
        )
        self.edit_printed_action = self._action(
            self.tr("&Edit what prints"), "F2", self.note_editor.focus_text, notes
        )
        self.theme_actions: list[QAction] = []
        for n in range(1, 10):
            action = self._action(
                self.tr("Theme {0}").format(n), f"Alt+{n}", partial(self.toggle_theme, n), notes
            )
            self.theme_actions.append(action)
        self.place_actions: list[QAction] = []
        for placement, text in PLACEMENTS:
            action = QAction(self.tr(text), self)
            action.triggered.connect(partial(self.place_selected, placement))
            self.place_actions.append(action)
        self.print_in_action = self._action(self.tr("&Print in…"), "P", self.popup_print_in, notes)
        self.featured_up_action = self._action(
            self.tr("Move featured item up"),
            "Alt+Up",
            lambda: self.move_featured(-1),
            self.featured_view,
        )
        self.featured_down_action = self._action(
            self.tr("Move featured item down"),
            "Alt+Down",
            lambda: self.move_featured(1),
            self.featured_view,
        )
        self.print_in_menu = QMenu(self.tr("Print in &section"), self)
        self.print_in_menu.addActions(self.place_actions)
        self.assign_menu = QMenu(self.tr("&Add to theme / remove (toggle)"), self)
        self.assign_menu.aboutToShow.connect(self._fill_assign_menu)
        self.unassign_menu = QMenu(self.tr("Remove from theme"), self)
        self.unassign_menu.aboutToShow.connect(self._fill_unassign_menu)
        self.place_button.setMenu(self.print_in_menu)
        self.assign_button.setMenu(self.assign_menu)
        self.unassign_button.setMenu(self.unassign_menu)

        self.add_button.clicked.connect(self.add_theme_action.trigger)
        self.delete_button.clicked.connect(self.delete_theme)
        self.up_button.clicked.connect(lambda: self.move_theme(-1))
        self.down_button.clicked.connect(lambda: self.move_theme(1))
        self.feature_button.clicked.connect(self.toggle_featured)

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
            self.search.clear()
            for combo in self.filters.values():
                combo.setCurrentIndex(0)
        self.event_id = event_id
        self.follower.set_event(event_id)
        self.reload()

    def _refresh(self, _changes: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        if self.event_id is None:
            self._load([], [], None)
            self.setEnabled(False)
            return
        try:
            themes = curation.list_themes(self.ws, self.event_id)
            notes = curation.list_notes(self.ws, self.event_id)
            options = curation.note_filters(self.ws, self.event_id)
        except ServiceError as exc:
            self.operations.failed.emit(str(exc))
            self.event_id = None
            self.follower.set_event(None)
            self.reload()
            return
        self.setEnabled(True)
        self._load(themes, notes, options)

    def _load(
        self,
        themes: list[ThemeInfo],
        notes: list[CurationNote],
        options: curation.NoteFilterOptions | None,
    ) -> None:
        theme_id = self.current_theme_id()
        selected = self.selected_note_ids()
        current_note = self._current_note_id()
        section = self.section_combo.currentData()
        featured_current = self.featured_view.currentIndex().data(Role.ID)
        self._reloading = True
        try:
            self._notes = notes
            self.themes_model.set_themes(themes)
            self.notes_model.set_notes(notes, themes)
            if options is not None:
                self._fill_filters(options, themes)
            self._fill_sections(themes)
            row = self.themes_model.row_of(theme_id) if theme_id else -1
            if row >= 0:
                self.themes_view.setCurrentIndex(self.themes_model.index(row))
            self._restore_selection(selected, current_note)
            if isinstance(section, str):
                index = self.section_combo.findData(section)
                if index >= 0:
                    self.section_combo.setCurrentIndex(index)
        finally:
            self._reloading = False
        self.theme_editor.show_theme(self.current_theme())
        self._show_featured(featured_current if isinstance(featured_current, str) else None)
        self._show_note()
        self._update_empty_states()
        self._update_actions()

    def _fill_filters(self, options: curation.NoteFilterOptions, themes: list[ThemeInfo]) -> None:
        choices: dict[str, list[tuple[str, str]]] = {
            "session": [(s.title, s.id) for s in options.sessions]
            + ([(self.tr("No session"), "")] if options.has_no_session else []),
            "kind": [(kind_style(k).label, k) for k in options.kinds],
            "author": [(a, a) for a in options.authors],
            "theme": [(f"{t.number}. {t.title}", t.id) for t in themes]
            + [(self.tr("No theme"), "")],
        }
        for name, items in choices.items():
            combo = self.filters[name]
            wanted = combo.currentData()
            combo.blockSignals(True)
            try:
                while combo.count() > 1:
                    combo.removeItem(1)
                for label, value in items:
                    combo.addItem(label, value)
                index = combo.findData(wanted)
                combo.setCurrentIndex(max(index, 0))
            finally:
                combo.blockSignals(False)
            if index < 0 and wanted != ANY:
                self.proxy.set_filter(name, ANY)

    def _fill_sections(self, themes: list[ThemeInfo]) -> None:
        combo = self.section_combo
        wanted = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            for t in themes:
                combo.addItem(self.tr("Theme {0}. {1}").format(t.number, t.title), f"theme:{t.id}")
            for key, label in SECTIONS:
                combo.addItem(self.tr(label), key)
            index = combo.findData(wanted)
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)

    def _restore_selection(self, note_ids: list[str], current: str | None) -> None:
        selection = QItemSelection()
        for note_id in note_ids:
            row = self.notes_model.row_of(note_id)
            if row < 0:
                continue
            index = self.proxy.mapFromSource(self.notes_model.index(row, 0))
            if index.isValid():
                last = self.proxy.index(index.row(), self.proxy.columnCount() - 1)
                selection.select(index, last)
        model = self.notes_view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        if current is not None:
            row = self.notes_model.row_of(current)
            if row >= 0:
                index = self.proxy.mapFromSource(self.notes_model.index(row, 0))
                if index.isValid():
                    model.setCurrentIndex(index, flags.NoUpdate)
        model.select(selection, flags.ClearAndSelect | flags.Rows)

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
        has_themes = self.themes_model.rowCount() > 0
        self.themes_empty.setVisible(not has_themes)
        if not self._notes:
            self.notes_empty.setText(
                self.tr(
                    "No notes captured yet — note-takers capture them on the Capture page; "
                    "they appear here to be featured and placed."
                )
            )
            self.notes_empty.show()
        elif self.proxy.rowCount() == 0:
            self.notes_empty.setText(
                self.tr("No note matches the search and filters — clear them to see every note.")
            )
            self.notes_empty.show()
        else:
            self.notes_empty.hide()
        self.featured_empty.setVisible(self.featured_model.rowCount() == 0)

    def _update_actions(self) -> None:
        themes = self.themes_model.themes()
        for n, action in enumerate(self.theme_actions, 1):
            if n <= len(themes):
                action.setText(self.tr("{0}. {1}").format(n, themes[n - 1].title))
                action.setEnabled(True)
            else:
                action.setText(self.tr("Theme {0}").format(n))
                action.setEnabled(False)
        has_theme = self.current_theme() is not None
        for action in (
            self.rename_theme_action,
            self.delete_theme_action,
            self.theme_up_action,
            self.theme_down_action,
        ):
            action.setEnabled(has_theme)
        for button in (self.delete_button, self.up_button, self.down_button):
            button.setEnabled(has_theme)
        count = len(self.selected_note_ids())
        self.selection_label.setText(
            self.tr("{0} selected").format(count) if count else self.tr("Select notes to curate")
        )
        for w in (self.feature_button, self.assign_button, self.unassign_button, self.place_button):
            w.setEnabled(count > 0)

    # --- current things ---------------------------------------------------------------------

    def current_theme(self) -> ThemeInfo | None:
        index = self.themes_view.currentIndex()
        if not index.isValid():
            return None
        return self.themes_model.theme_at(index.row())

    def current_theme_id(self) -> str | None:
        theme = self.current_theme()
        return theme.id if theme else None

    def selected_note_ids(self) -> list[str]:
        rows = self.notes_view.selectionModel().selectedRows()
        ids = [self.proxy.mapToSource(i).data(Role.ID) for i in rows]
        order = {n.id: i for i, n in enumerate(self._notes)}
        return sorted((i for i in ids if isinstance(i, str)), key=lambda i: order.get(i, 0))

    def _current_note_id(self) -> str | None:
        index = self.notes_view.currentIndex()
        value = index.data(Role.ID) if index.isValid() else None
        return value if isinstance(value, str) else None

    def _note(self, note_id: str) -> CurationNote | None:
        for note in self._notes:
            if note.id == note_id:
                return note
        return None

    # --- reacting to the user ------------------------------------------------------------------

    def _theme_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._reloading:
            return
        theme = self.themes_model.theme_at(current.row()) if current.isValid() else None
        self.theme_editor.show_theme(theme)
        if theme is not None:
            index = self.section_combo.findData(f"theme:{theme.id}")
            if index >= 0:
                self.section_combo.setCurrentIndex(index)
        self._update_actions()

    def _notes_selected(self, *_args: object) -> None:
        if self._reloading:
            return
        self._show_note()
        self._update_actions()

    def _show_note(self) -> None:
        ids = self.selected_note_ids()
        note = self._note(ids[0]) if len(ids) == 1 else None
        self.note_editor.show_note(note)

    def _note_clicked(self, index: QModelIndex) -> None:
        if index.column() != Column.FEATURED:
            return
        note_id = index.data(Role.ID)
        note = self._note(note_id) if isinstance(note_id, str) else None
        if note is not None:
            self._push(sc.feature(self.ws, self._eid(), [note.id], not note.featured))

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_empty_states()

    def _filter_changed(self, name: str) -> None:
        value = self.filters[name].currentData()
        self.proxy.set_filter(name, value if isinstance(value, str) else ANY)
        self._update_empty_states()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _notes_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.feature_action)
        menu.addAction(self.edit_printed_action)
        menu.addSeparator()
        self._fill_assign_menu()
        menu.addMenu(self.assign_menu)
        self._fill_unassign_menu()
        menu.addMenu(self.unassign_menu)
        menu.addMenu(self.print_in_menu)
        menu.popup(self.notes_view.viewport().mapToGlobal(pos))

    def popup_print_in(self) -> None:
        """Open "Print in…" at the current note: its entries' underlined letters choose."""
        if not self.selected_note_ids():
            return
        table = self.notes_view
        rect = table.visualRect(table.currentIndex())
        self.print_in_menu.popup(table.viewport().mapToGlobal(rect.bottomLeft()))

    def _fill_assign_menu(self) -> None:
        self.assign_menu.clear()
        themes = self.themes_model.themes()
        if not themes:
            none = self.assign_menu.addAction(self.tr("No themes yet (Ctrl+Shift+N adds one)"))
            none.setEnabled(False)
        for action in self.theme_actions[: len(themes)]:
            self.assign_menu.addAction(action)

    def _fill_unassign_menu(self) -> None:
        self.unassign_menu.clear()
        ids = set(self.selected_note_ids())
        linked = {t for n in self._notes if n.id in ids for t in n.theme_ids}
        for theme in self.themes_model.themes():
            if theme.id in linked:
                action = self.unassign_menu.addAction(f"{theme.number}. {theme.title}")
                action.triggered.connect(
                    lambda _c=False, t=theme: self._assign(t.id, self.selected_note_ids(), False)
                )
        if self.unassign_menu.isEmpty():
            self.unassign_menu.addAction(self.tr("The selected notes are in no theme")).setEnabled(
                False
            )

    # --- edits ----------------------------------------------------------------------------------

    def _eid(self) -> str:
        assert self.event_id is not None
        return self.event_id

    def _push(self, command: UndoCommand) -> bool:
        return self.operations.push(command)

    def add_theme(self) -> None:
        if self.event_id is None:
            return
        self.theme_editor.flush()
        title = self.tr("New theme {0}").format(self.themes_model.rowCount() + 1)
        command = sc.AddThemeCommand(self.ws, self.event_id, title)
        if self._push(command) and command.theme_id is not None:
            row = self.themes_model.row_of(command.theme_id)
            index = self.themes_model.index(row)
            self.themes_view.setFocus()
            self.themes_view.setCurrentIndex(index)
            self.themes_view.edit(index)

    def rename_theme(self) -> None:
        index = self.themes_view.currentIndex()
        if index.isValid():
            self.themes_view.edit(index)

    def _rename_theme(self, theme_id: str, title: str) -> None:
        row = self.themes_model.row_of(theme_id)
        if row < 0 or self.event_id is None:
            return
        old = self.themes_model.theme_at(row).title
        self._push(
            sc.UpdateThemeCommand(
                self.ws, self.event_id, theme_id, {"title": old}, {"title": title}
            )
        )

    def _theme_field_edited(self, theme_id: str, field: str, old: str, new: str) -> None:
        if self.event_id is None:
            return
        self._push(
            sc.UpdateThemeCommand(self.ws, self.event_id, theme_id, {field: old}, {field: new})
        )

    def delete_theme(self) -> None:
        theme = self.current_theme()
        if theme is None or self.event_id is None:
            return
        self.theme_editor.flush()
        row = self.themes_view.currentIndex().row()
        if self._push(sc.DeleteThemeCommand(self.ws, self.event_id, theme.id, theme.title)):
            count = self.themes_model.rowCount()
            if count:
                self.themes_view.setCurrentIndex(self.themes_model.index(min(row, count - 1)))
            self.themes_view.setFocus()

    def move_theme(self, step: int) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        row = self.themes_model.row_of(theme.id)
        self._move_theme_to(theme.id, row + step)

    def _move_theme_to(self, theme_id: str, new_row: int) -> None:
        ids = [t.id for t in self.themes_model.themes()]
        if theme_id not in ids or not 0 <= new_row < len(ids) or self.event_id is None:
            return
        old = list(ids)
        ids.remove(theme_id)
        ids.insert(new_row, theme_id)
        if ids == old:
            return
        self.theme_editor.flush()
        if self._push(sc.ReorderThemesCommand(self.ws, self.event_id, old, ids)):
            self.themes_view.setCurrentIndex(self.themes_model.index(new_row))

    def toggle_featured(self) -> None:
        ids = self.selected_note_ids()
        if not ids or self.event_id is None:
            return
        on = not all(n.featured for n in self._notes if n.id in ids)
        self._push(sc.feature(self.ws, self.event_id, ids, on))

    def toggle_theme(self, number: int) -> None:
        themes = self.themes_model.themes()
        ids = self.selected_note_ids()
        if not ids or not 1 <= number <= len(themes):
            return
        theme = themes[number - 1]
        on = not all(theme.id in n.theme_ids for n in self._notes if n.id in ids)
        self._assign(theme.id, ids, on)

    def _assign(self, theme_id: str, note_ids: list[str], on: bool) -> None:
        row = self.themes_model.row_of(theme_id)
        if row < 0 or not note_ids or self.event_id is None:
            return
        title = self.themes_model.theme_at(row).title
        self._push(sc.assign(self.ws, self.event_id, note_ids, theme_id, title, on))

    def _notes_dropped(self, theme_id: str, note_ids: list[str]) -> None:
        self._assign(theme_id, list(note_ids), True)

    def place_selected(self, placement: str | None) -> None:
        ids = self.selected_note_ids()
        if not ids or self.event_id is None:
            return
        self._push(sc.place(self.ws, self.event_id, ids, placement, placement_label(placement)))

    # --- featured order -------------------------------------------------------------------------

    def current_section(self) -> str | None:
        value = self.section_combo.currentData()
        return value if isinstance(value, str) else None

    def _show_featured(self, keep: str | None = None) -> None:
        if keep is None:
            value = self.featured_view.currentIndex().data(Role.ID)
            keep = value if isinstance(value, str) else None
        section = self.current_section()
        self.featured_model.set_notes(featured_in(self._notes, section) if section else [])
        row = self.featured_model.row_of(keep) if keep else -1
        if row >= 0:
            self.featured_view.setCurrentIndex(self.featured_model.index(row))
        self.featured_empty.setVisible(self.featured_model.rowCount() == 0)

    def move_featured(self, step: int) -> None:
        index = self.featured_view.currentIndex()
        if not index.isValid():
            return
        note_id = index.data(Role.ID)
        if isinstance(note_id, str):
            self._move_featured_to(note_id, index.row() + step)

    def _move_featured_to(self, note_id: str, new_row: int) -> None:
        section = self.current_section()
        ids = self.featured_model.ids()
        if section is None or note_id not in ids or not 0 <= new_row < len(ids):
            return
        featured = self.featured_model.notes()
        moving = featured[ids.index(note_id)]
        if print_group(moving, section) != print_group(featured[new_row], section):
            return  # the report prints block by block: order within the block only
        old = list(ids)
        ids.remove(note_id)
        ids.insert(new_row, note_id)
        if ids == old or self.event_id is None:
            return
        if self._push(sc.order(self.ws, self.event_id, section, ids)):
            self.featured_view.setCurrentIndex(self.featured_model.index(new_row))

    def _featured_activated(self, index: QModelIndex) -> None:
        note_id = index.data(Role.ID)
        if isinstance(note_id, str):
            self.select_note(note_id)

    # --- what prints ---------------------------------------------------------------

    def _printed_edited(self, note_id: str, old: object, new: object) -> None:
        if self.event_id is None:
            return
        assert isinstance(old, tuple)
        assert isinstance(new, tuple)
        self._push(sc.EditPrintedCommand(self.ws, self.event_id, note_id, old, new))

    def _restore_original(self, note_id: str, current: object) -> None:
        if self.event_id is None:
            return
        assert isinstance(current, tuple)
        self._push(sc.RestoreOriginalCommand(self.ws, self.event_id, note_id, current))

    # --- navigation (the window routes the report's checks here) -------------------

    def select_theme(self, theme_id: str) -> bool:
        row = self.themes_model.row_of(theme_id)
        if row < 0:
            return False
        self.themes_view.setCurrentIndex(self.themes_model.index(row))
        self.themes_view.setFocus()
        return True

    def select_note(self, note_id: str) -> bool:
        row = self.notes_model.row_of(note_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.notes_model.index(row, 0))
        if not index.isValid():  # hidden by the search or a filter: show every note
            self.search.clear()
            for combo in self.filters.values():
                combo.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.notes_model.index(row, 0))
        self.notes_view.setCurrentIndex(index)
        self.notes_view.selectRow(index.row())
        self.notes_view.scrollTo(index)
        self.notes_view.setFocus()
        return True

    def navigate_to(self, kind: str, target_id: str | None) -> bool:
        """Show a check's target: a theme (its editor) or a note (selected, its editor)."""
        if kind == "theme" and target_id and self.select_theme(target_id):
            self.theme_editor.key_message.setFocus()
            return True
        if kind == "note" and target_id:
            return self.select_note(target_id)
        return False
