"""The studio's middle column: every note of the event, with search, filters and bulk actions.

Apart from the page because curating notes (feature, add to / remove from a
theme, "Print in…", their keys and menus) is one job with its own state: the
event's notes and which of them are selected.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import curation
from workshop_planner.services.curation import CurationNote, ThemeInfo
from workshop_planner.ui.capture.kinds import kind_style
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.studio import commands as sc
from workshop_planner.ui.studio.actions import make_action
from workshop_planner.ui.studio.models import (
    ANY,
    Column,
    CurationFilter,
    CurationModel,
    Role,
    ThemesModel,
    placement_label,
)

QUEUED = Qt.ConnectionType.QueuedConnection

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


class NotesPanel(QWidget):
    """Every note of the event (``curationView``), its search, filters and bulk actions.

    ``themes_model`` is the themes panel's model (read for the theme numbers;
    notes dropped on a theme are added to it here). F2 on a note emits
    :attr:`editPrintedRequested`: the page owns the "what prints" editor.
    """

    editPrintedRequested = Signal()

    def __init__(
        self, operations: Operations, themes_model: ThemesModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.operations = operations
        self.ws = operations.workspace
        self.event_id: str | None = None
        self.notes: list[CurationNote] = []
        self.themes_model = themes_model
        self.notes_model = CurationModel(self)
        self.proxy = CurationFilter(self)
        self.proxy.setSourceModel(self.notes_model)
        themes_model.notesDropped.connect(self._notes_dropped, QUEUED)
        self._build()
        self._build_actions()

    def _build(self) -> None:
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

        ml = QVBoxLayout(self)
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

    def _build_actions(self) -> None:
        notes = self.notes_view
        # page-wide: the page adds it to itself (its shortcut works anywhere on the page)
        self.search_action = make_action(
            self,
            self.tr("&Search the notes"),
            "Ctrl+F",
            self._focus_search,
            None,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.feature_action = make_action(
            self,
            self.tr("&Feature / unfeature"),
            "Space",
            self.toggle_featured,
            notes,
            icon_name="star",
        )
        self.edit_printed_action = make_action(
            self, self.tr("&Edit what prints"), "F2", self.editPrintedRequested.emit, notes
        )
        self.theme_actions: list[QAction] = []
        for n in range(1, 10):
            action = make_action(
                self,
                self.tr("Theme {0}").format(n),
                f"Alt+{n}",
                partial(self.toggle_theme, n),
                notes,
            )
            self.theme_actions.append(action)
        self.place_actions: list[QAction] = []
        for placement, text in PLACEMENTS:
            action = QAction(self.tr(text), self)
            action.triggered.connect(partial(self.place_selected, placement))
            self.place_actions.append(action)
        self.print_in_action = make_action(
            self, self.tr("&Print in…"), "P", self.popup_print_in, notes
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
        self.feature_button.clicked.connect(self.toggle_featured)

    # --- loading -----------------------------------------------------------------------

    def clear_search_and_filters(self) -> None:
        self.search.clear()
        for combo in self.filters.values():
            combo.setCurrentIndex(0)

    def fill_filters(self, options: curation.NoteFilterOptions, themes: list[ThemeInfo]) -> None:
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

    def restore_selection(self, note_ids: list[str], current: str | None) -> None:
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

    def update_empty_state(self) -> None:
        if not self.notes:
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

    def update_actions(self) -> None:
        themes = self.themes_model.themes()
        for n, action in enumerate(self.theme_actions, 1):
            if n <= len(themes):
                action.setText(self.tr("{0}. {1}").format(n, themes[n - 1].title))
                action.setEnabled(True)
            else:
                action.setText(self.tr("Theme {0}").format(n))
                action.setEnabled(False)
        count = len(self.selected_note_ids())
        self.selection_label.setText(
            self.tr("{0} selected").format(count) if count else self.tr("Select notes to curate")
        )
        for w in (self.feature_button, self.assign_button, self.unassign_button, self.place_button):
            w.setEnabled(count > 0)

    # --- current things ----------------------------------------------------------------

    def selected_note_ids(self) -> list[str]:
        rows = self.notes_view.selectionModel().selectedRows()
        ids = [self.proxy.mapToSource(i).data(Role.ID) for i in rows]
        order = {n.id: i for i, n in enumerate(self.notes)}
        return sorted((i for i in ids if isinstance(i, str)), key=lambda i: order.get(i, 0))

    def current_note_id(self) -> str | None:
        index = self.notes_view.currentIndex()
        value = index.data(Role.ID) if index.isValid() else None
        return value if isinstance(value, str) else None

    def note(self, note_id: str) -> CurationNote | None:
        for note in self.notes:
            if note.id == note_id:
                return note
        return None

    def select_note(self, note_id: str) -> bool:
        row = self.notes_model.row_of(note_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.notes_model.index(row, 0))
        if not index.isValid():  # hidden by the search or a filter: show every note
            self.clear_search_and_filters()
            index = self.proxy.mapFromSource(self.notes_model.index(row, 0))
        self.notes_view.setCurrentIndex(index)
        self.notes_view.selectRow(index.row())
        self.notes_view.scrollTo(index)
        self.notes_view.setFocus()
        return True

    # --- reacting to the user ----------------------------------------------------------

    def _note_clicked(self, index: QModelIndex) -> None:
        if index.column() != Column.FEATURED:
            return
        note_id = index.data(Role.ID)
        note = self.note(note_id) if isinstance(note_id, str) else None
        if note is not None and self.event_id is not None:
            self.operations.push(sc.feature(self.ws, self.event_id, [note.id], not note.featured))

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.update_empty_state()

    def _filter_changed(self, name: str) -> None:
        value = self.filters[name].currentData()
        self.proxy.set_filter(name, value if isinstance(value, str) else ANY)
        self.update_empty_state()

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
        linked = {t for n in self.notes if n.id in ids for t in n.theme_ids}
        for theme in self.themes_model.themes():
            if theme.id in linked:
                action = self.unassign_menu.addAction(f"{theme.number}. {theme.title}")
                action.triggered.connect(
                    lambda _c=False, t=theme: self.assign(t.id, self.selected_note_ids(), False)
                )
        if self.unassign_menu.isEmpty():
            self.unassign_menu.addAction(self.tr("The selected notes are in no theme")).setEnabled(
                False
            )

    # --- edits -------------------------------------------------------------------------

    def toggle_featured(self) -> None:
        ids = self.selected_note_ids()
        if not ids or self.event_id is None:
            return
        on = not all(n.featured for n in self.notes if n.id in ids)
        self.operations.push(sc.feature(self.ws, self.event_id, ids, on))

    def toggle_theme(self, number: int) -> None:
        themes = self.themes_model.themes()
        ids = self.selected_note_ids()
        if not ids or not 1 <= number <= len(themes):
            return
        theme = themes[number - 1]
        on = not all(theme.id in n.theme_ids for n in self.notes if n.id in ids)
        self.assign(theme.id, ids, on)

    def assign(self, theme_id: str, note_ids: list[str], on: bool) -> None:
        """Add the notes to the theme (``on``) or remove them from it."""
        row = self.themes_model.row_of(theme_id)
        if row < 0 or not note_ids or self.event_id is None:
            return
        title = self.themes_model.theme_at(row).title
        self.operations.push(sc.assign(self.ws, self.event_id, note_ids, theme_id, title, on))

    def _notes_dropped(self, theme_id: str, note_ids: list[str]) -> None:
        self.assign(theme_id, list(note_ids), True)

    def place_selected(self, placement: str | None) -> None:
        ids = self.selected_note_ids()
        if not ids or self.event_id is None:
            return
        self.operations.push(
            sc.place(self.ws, self.event_id, ids, placement, placement_label(placement))
        )
