"""The notes of the session being captured, and the edits made on them.

Edits of a listed note (its text in place, its kind, its themes, deleting it)
are explicit: F2 or a double click, the note's menu (right-click), the Capture
menu's "Change kind of selected note", Alt+digit and Delete on the list. They
run as undo commands through the page's :class:`Operations`; the list shows
their result when the change channel says the notes changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import NoteKind
from workshop_planner.services import capture
from workshop_planner.services.capture import NoteData, ThemeItem
from workshop_planner.services.errors import ServiceError, StaleEditError
from workshop_planner.ui import icons
from workshop_planner.ui.capture.commands import (
    DeleteNoteCommand,
    EditNoteCommand,
    edit_values,
    short,
)
from workshop_planner.ui.capture.composer import MAX_THEME_KEYS
from workshop_planner.ui.capture.delegate import NoteDelegate
from workshop_planner.ui.capture.kinds import all_kind_styles, kind_style
from workshop_planner.ui.capture.models import NotesModel
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.stale_edit import StaleChoice, ask_about_stale_edit


class NotesPanel(QFrame):
    """The list of notes (or what to do when there are none) and its actions."""

    #: a one-sentence problem to show
    failed = Signal(str)

    def __init__(
        self,
        operations: Operations,
        model: NotesModel,
        editor_name: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("captureNotesCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._ops = operations
        self._editor_name = editor_name
        self.model = model
        self.themes: tuple[ThemeItem, ...] = ()
        self.stack = QStackedWidget(self)
        self.view = QListView(self)
        self.view.setObjectName("captureNotes")
        self.view.setModel(model)
        self.view.setItemDelegate(NoteDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAccessibleName(self.tr("Notes of this session"))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.empty = QLabel(self)
        self.empty.setObjectName("captureNotesEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "empty")
        self.empty.setText(
            self.tr(
                "No notes for this session yet.\n"
                "Type below and press Enter — each note appears here as you capture it."
            )
        )
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.stack)
        model.textEditRequested.connect(self._edit_text)
        self._build_actions()

    # --- actions

    def _build_actions(self) -> None:
        def add(
            text: str, keys: QKeySequence, slot: Callable[[], object], icon: str = ""
        ) -> QAction:
            action = QAction(text, self.view)
            if icon:
                action.setIcon(icons.icon(icon))
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
            return action

        self.action_delete = add(
            self.tr("Delete note"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.delete_selected,
            "mdi6.delete-outline",
        )
        self.action_edit = add(
            self.tr("Edit note"), QKeySequence(), self.edit_selected, "mdi6.pencil-outline"
        )
        self.theme_actions = [
            add(
                self.tr("Theme %1").replace("%1", str(n)),
                QKeySequence(f"Alt+{n}"),
                partial(self.retag_selected, n),
            )
            for n in range(1, MAX_THEME_KEYS + 1)
        ]
        # Changing a saved note's kind is asked for by name, never by Ctrl+digit:
        # those keys pick the kind of the note being typed.
        self.change_kind_menu = QMenu(self.tr("Change kind of selected note"), self)
        self.change_kind_menu.setObjectName("captureChangeKindMenu")
        self.change_kind_actions: list[QAction] = []
        for style in all_kind_styles():
            action = QAction(
                self.tr("Make it %1").replace("%1", style.label.lower()), self.change_kind_menu
            )
            action.setObjectName(f"changeKind_{style.kind.value}")
            action.setData(style.kind.value)
            action.triggered.connect(partial(self.rekind_selected, style.kind))
            self.change_kind_menu.addAction(action)
            self.change_kind_actions.append(action)
        self.change_kind_menu.aboutToShow.connect(self._update_kind_actions)

    def actions_for_keys(self) -> Sequence[QAction]:
        """The list's own shortcuts (for keys that reach the page as key presses)."""
        return [self.action_delete, *self.theme_actions]

    def change_kind_action(self, kind: NoteKind | str) -> QAction:
        value = NoteKind(kind).value
        return next(a for a in self.change_kind_actions if a.data() == value)

    def _update_kind_actions(self) -> None:
        note = self.selected_note()
        for action in self.change_kind_actions:
            action.setEnabled(note is not None)
            action.setCheckable(note is not None)
            action.setChecked(note is not None and note.kind == action.data())

    # --- the list

    def set_notes(self, notes: Sequence[NoteData]) -> None:
        """Show ``notes``, keeping the selected note selected (by id)."""
        current = self.selected_note()
        self.model.replace(notes)
        if current is not None and (row := self.model.row_of(current.id)) >= 0:
            self.select_row(row)
        self.update_state()

    def upsert(self, note: NoteData) -> None:
        """Show a note this page just saved (fast: no reading back)."""
        self.model.upsert(note)
        self.update_state()
        # Scroll once the list has laid out, outside the save's path.
        QTimer.singleShot(0, lambda: self.scroll_to(note.id))

    def update_state(self) -> None:
        has = self.model.rowCount() > 0
        self.stack.setCurrentWidget(self.view if has else self.empty)

    def scroll_to(self, note_id: str) -> None:
        row = self.model.row_of(note_id)
        if row < 0:
            return
        if row == self.model.rowCount() - 1:
            self.view.scrollToBottom()
        else:
            self.view.scrollTo(self.model.index(row))

    def select_row(self, row: int) -> None:
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def selected_note(self) -> NoteData | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        return self.model.note_at(index.row())

    # --- edits (through the change channel)

    def _push(self, command: EditNoteCommand | DeleteNoteCommand) -> bool:
        return self._ops.push(command)

    def delete_selected(self) -> None:
        note = self.selected_note()
        if note is None:
            return
        row = self.model.row_of(note.id)
        if self._push(DeleteNoteCommand(self._ops.workspace, note)):
            count = self.model.rowCount()
            if count:
                self.select_row(min(row, count - 1))

    def edit_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def rekind_selected(self, kind: NoteKind) -> None:
        note = self.selected_note()
        if note is None or note.kind == kind.value:
            return
        before = edit_values(note, ("kind",))
        after = {"kind": kind.value, **{k: v for k, v in before.items() if k != "kind"}}
        title = self.tr("Make note a %1").replace("%1", kind_style(kind).label.lower())
        self._push(
            EditNoteCommand(
                self._ops.workspace, note, before, after, title, editor=self._editor_name()
            )
        )

    def retag_selected(self, number: int) -> None:
        note = self.selected_note()
        if note is None or not 1 <= number <= len(self.themes):
            return
        theme = self.themes[number - 1]
        ids = list(note.theme_ids)
        if theme.id in ids:
            ids.remove(theme.id)
            title = self.tr("Untag note from %1")
        else:
            ids.append(theme.id)
            title = self.tr("Tag note with %1")
        self._push(
            EditNoteCommand(
                self._ops.workspace,
                note,
                {"theme_ids": list(note.theme_ids)},
                {"theme_ids": ids},
                title.replace("%1", theme.title),
                editor=self._editor_name(),
            )
        )

    def _edit_text(self, note_id: str, text: str) -> None:
        row = self.model.row_of(note_id)
        if row < 0:
            return
        note = self.model.note_at(row)
        author = self._editor_name()
        workspace = self._ops.workspace
        version: int | None = note.version
        while True:  # based on the note as listed; if it changed since, the person chooses
            try:
                updated = capture.update_note(
                    workspace, note_id, text=text, editor=author, version=version
                )
                break
            except StaleEditError as exc:
                choice = ask_about_stale_edit(self, exc)
                try:
                    current = capture.get_note(workspace, note_id)
                except ServiceError as gone:
                    self.failed.emit(str(gone))
                    return
                if choice is StaleChoice.RELOAD:
                    self.upsert(current)
                if choice is not StaleChoice.ON_TOP:
                    return
                note, version = current, current.version  # undo brings back theirs
            except ServiceError as exc:
                self.failed.emit(str(exc))
                return
        command = EditNoteCommand(
            workspace,
            updated,
            {"text": note.text},
            {"text": updated.text},
            self.tr("Edit note “%1”").replace("%1", short(note.text)),
            editor=author,
        )
        self._ops.push_applied(command, command.changes)

    def _menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        note = self.model.note_at(index.row())
        menu = QMenu(self)
        menu.addAction(self.action_edit)
        kinds = menu.addMenu(self.tr("Kind"))
        self._update_kind_actions()
        for action in self.change_kind_actions:
            kinds.addAction(action)
        themes = menu.addMenu(self.tr("Themes"))
        for n, theme in enumerate(self.themes, start=1):
            act = themes.addAction(theme.title)
            act.setCheckable(True)
            act.setChecked(theme.id in note.theme_ids)
            if n <= MAX_THEME_KEYS:
                act.setShortcut(QKeySequence(f"Alt+{n}"))
            act.triggered.connect(lambda _c=False, n=n: self.retag_selected(n))
        menu.addSeparator()
        menu.addAction(self.action_delete)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()
