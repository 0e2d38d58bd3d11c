"""The studio's left column: the themes list, its add/rename/delete/move actions, the theme editor.

Kept apart from the page so the themes' own editing (each write an undo
command pushed through :class:`Operations`) reads in one place; the page
composes it and routes what the other panels need to know.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import curation
from workshop_planner.services.curation import ThemeInfo
from workshop_planner.services.errors import ServiceError, StaleEditError
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.stale_edit import push_or_settle
from workshop_planner.ui.studio import commands as sc
from workshop_planner.ui.studio.actions import make_action
from workshop_planner.ui.studio.models import ThemesModel
from workshop_planner.ui.studio.theme_editor import ThemeEditor

QUEUED = Qt.ConnectionType.QueuedConnection


class ThemesPanel(QWidget):
    """The themes (``themesView``) with their buttons and keys, and the selected theme's editor."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.ws = operations.workspace
        self.event_id: str | None = None
        self.themes_model = ThemesModel(self)
        self.themes_model.renameRequested.connect(self._rename_theme, QUEUED)
        self.themes_model.moveRequested.connect(self._move_theme_to, QUEUED)
        self._build()
        self._build_actions()

    def _build(self) -> None:
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

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(themes_top)
        split.addWidget(editor_scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _build_actions(self) -> None:
        themes = self.themes_view
        # page-wide: the page adds it to itself (its shortcut works anywhere on the page)
        self.add_theme_action = make_action(
            self,
            self.tr("&New theme"),
            "Ctrl+Shift+N",
            self.add_theme,
            None,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
            "plus",
        )
        self.rename_theme_action = make_action(
            self, self.tr("&Rename theme"), "F2", self.rename_theme, themes
        )
        self.delete_theme_action = make_action(
            self,
            self.tr("&Delete theme"),
            "Del",
            self.delete_theme,
            themes,
            icon_name="delete-outline",
        )
        self.theme_up_action = make_action(
            self, self.tr("Move theme &up"), "Alt+Up", lambda: self.move_theme(-1), themes
        )
        self.theme_down_action = make_action(
            self, self.tr("Move theme do&wn"), "Alt+Down", lambda: self.move_theme(1), themes
        )
        self.add_button.clicked.connect(self.add_theme_action.trigger)
        self.delete_button.clicked.connect(self.delete_theme)
        self.up_button.clicked.connect(lambda: self.move_theme(-1))
        self.down_button.clicked.connect(lambda: self.move_theme(1))

    # --- state -------------------------------------------------------------------------

    def update_actions(self) -> None:
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

    def update_empty_state(self) -> None:
        self.themes_empty.setVisible(self.themes_model.rowCount() == 0)

    def current_theme(self) -> ThemeInfo | None:
        index = self.themes_view.currentIndex()
        if not index.isValid():
            return None
        return self.themes_model.theme_at(index.row())

    def current_theme_id(self) -> str | None:
        theme = self.current_theme()
        return theme.id if theme else None

    def restore_current(self, theme_id: str | None) -> None:
        """Make ``theme_id`` current again after a reload (if it is still there)."""
        row = self.themes_model.row_of(theme_id) if theme_id else -1
        if row >= 0:
            self.themes_view.setCurrentIndex(self.themes_model.index(row))

    def select_theme(self, theme_id: str) -> bool:
        row = self.themes_model.row_of(theme_id)
        if row < 0:
            return False
        self.themes_view.setCurrentIndex(self.themes_model.index(row))
        self.themes_view.setFocus()
        return True

    # --- edits -------------------------------------------------------------------------

    def add_theme(self) -> None:
        if self.event_id is None:
            return
        self.theme_editor.flush()
        title = self.tr("New theme {0}").format(self.themes_model.rowCount() + 1)
        command = sc.AddThemeCommand(self.ws, self.event_id, title)
        if self.operations.push(command) and command.theme_id is not None:
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
        self.operations.push(
            sc.UpdateThemeCommand(
                self.ws, self.event_id, theme_id, {"title": old}, {"title": title}
            )
        )

    def _theme_field_edited(self, theme_id: str, field: str, old: str, new: str) -> None:
        if self.event_id is None:
            return
        event_id = self.event_id
        shown = self.theme_editor.theme
        version = shown.version if shown is not None and shown.id == theme_id else None

        def current() -> ThemeInfo | None:
            try:
                themes = curation.list_themes(self.ws, event_id)
            except ServiceError as exc:
                self.operations.failed.emit(str(exc))
                return None
            found = next((t for t in themes if t.id == theme_id), None)
            if found is None:
                self.operations.failed.emit(self.tr("That theme no longer exists."))
            return found

        def reload() -> None:  # theirs in the editor, what I typed discarded
            if (theme := current()) is not None:
                self.theme_editor.discard_typing()
                self.theme_editor.show_theme(theme)

        def on_top(_refusal: StaleEditError) -> sc.UpdateThemeCommand | None:
            if (theme := current()) is None:
                return None
            theirs = {field: getattr(theme, field)}  # undo brings it back
            return sc.UpdateThemeCommand(
                self.ws, event_id, theme_id, theirs, {field: new}, version=theme.version
            )

        command = sc.UpdateThemeCommand(
            self.ws, event_id, theme_id, {field: old}, {field: new}, version=version
        )
        push_or_settle(self, self.operations.push, command, reload=reload, on_top=on_top)

    def delete_theme(self) -> None:
        theme = self.current_theme()
        if theme is None or self.event_id is None:
            return
        self.theme_editor.flush()
        row = self.themes_view.currentIndex().row()
        command = sc.DeleteThemeCommand(self.ws, self.event_id, theme.id, theme.title)
        if self.operations.push(command):
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
        if self.operations.push(sc.ReorderThemesCommand(self.ws, self.event_id, old, ids)):
            self.themes_view.setCurrentIndex(self.themes_model.index(new_row))
