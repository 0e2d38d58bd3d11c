"""The People page: every person of the workspace, their consent, merge, export and erase.

The page shows the whole directory, whichever event is selected (that event's
participants are shown in bold). It edits through undoable commands pushed on
the window's :class:`Operations` and follows the change channel for people and
participants of *every* event.
"""

from __future__ import annotations

import getpass
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import people as ps
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import ServiceError, StaleEditError
from workshop_planner.ui.capture.view import AUTHOR_KEY
from workshop_planner.ui.capture.view import settings as app_settings
from workshop_planner.ui.operations import Operations, PageFollower, UndoCommand
from workshop_planner.ui.people.commands import (
    EditPersonCommand,
    ErasePersonCommand,
    MergePeopleCommand,
)
from workshop_planner.ui.people.dialogs import EraseDialog, MergeDialog
from workshop_planner.ui.people.form import PersonForm, person_values
from workshop_planner.ui.people.model import IdRole, PeopleFilterProxy, PeopleTableModel
from workshop_planner.ui.stale_edit import push_or_settle
from workshop_planner.ui.widgets import EmptyState, page_action, search_field

#: what the edit of a field is called on the undo stack
FIELD_NAMES = {
    "full_name": "name",
    "job_title": "job title",
    "organisation": "organisation",
    "city": "city",
    "country": "country",
    "email": "e-mail",
    "consent_to_name": "consent",
}


def current_user() -> str:
    """Who makes an edit: the note-taker's name the app knows, else the login name."""
    name = app_settings().value(AUTHOR_KEY)
    if isinstance(name, str) and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "unknown"


class PeopleView(QWidget):
    """The People page (page name ``"people"``)."""

    #: one sentence of information to show the user
    message = Signal(str)
    #: one sentence saying what went wrong (shown as an error)
    failed = Signal(str)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peoplePage")
        self.operations = operations
        self.ws = operations.workspace
        self.event_id: str | None = None
        #: who the consent history names for this page's edits
        self.changed_by: Callable[[], str] = current_user
        self.model = PeopleTableModel(self)
        self.proxy = PeopleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(True)
        #: the dialogs open now (None when closed)
        self.merge_dialog: MergeDialog | None = None
        self.erase_dialog: EraseDialog | None = None
        #: a pending edit of the previous person is being saved (selection moved)
        self._committing = False
        self._build()
        self.follower = PageFollower(
            self,
            operations,
            {Part.PEOPLE, Part.PARTICIPANTS, Part.EVENTS},
            self._refresh,
            every_event=True,
        )
        # the directory (thousands of people) loads when the page is first shown,
        # not while the window starts
        self.follower.mark_dirty()

    # --- layout ---

    def _build(self) -> None:
        self.filter_edit = search_field(
            "peopleFilter",
            self.tr("Find people by name, organisation, city, country, e-mail or event  (Ctrl+F)"),
            self.tr("Find people"),
            self._filter,
        )
        self.filter_edit.returnPressed.connect(self._go_to_table)

        self.find_action = page_action(
            self,
            self.tr("&Find people"),
            "magnify",
            self.focus_filter,
            QKeySequence(QKeySequence.StandardKey.Find),
        )
        self.edit_action = page_action(
            self,
            self.tr("&Edit person"),
            "account-edit-outline",
            self.form_focus,
            QKeySequence("F2"),
            self.tr("Edit the selected person's details"),
        )
        self.merge_action = page_action(
            self,
            self.tr("&Merge…"),
            "account-multiple-check-outline",
            self.merge_selected,
            QKeySequence("Ctrl+M"),
            self.tr("Merge the two selected records of the same person"),
        )
        self.export_action = page_action(
            self,
            self.tr("E&xport person's data…"),
            "file-export-outline",
            self.export_selected,
            QKeySequence("Ctrl+Shift+E"),
            self.tr("Save everything held about the selected person as a JSON file"),
        )
        self.erase_action = page_action(
            self,
            self.tr("E&rase person…"),
            "account-remove-outline",
            self.erase_selected,
            QKeySequence("Ctrl+Shift+Del"),
            self.tr("Erase the selected person from the workspace"),
        )

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        self.merge_button = self._button(self.tr("Merge…"), self.merge_action)
        self.export_button = self._button(self.tr("Export data…"), self.export_action)
        self.erase_button = self._button(self.tr("Erase…"), self.erase_action)
        for button in (self.merge_button, self.export_button, self.erase_button):
            top.addWidget(button)

        self.table = QTableView()
        self.table.setObjectName("peopleView")
        self.table.setAccessibleName(self.tr("People"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PeopleTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # rows, not cells: Tab goes on to the form
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((180, 80, 140, 160, 100, 110, 190, 160)):
            self.table.setColumnWidth(column, width)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _index: self.form_focus())
        selection = self.table.selectionModel()
        assert selection is not None
        selection.selectionChanged.connect(lambda _s, _d: self._selection_changed())
        selection.currentRowChanged.connect(lambda _c, _p: self._selection_changed())

        self.form = PersonForm()
        self.form.editRequested.connect(self._edit_requested)
        self.nobody = QLabel(
            self.tr(
                "Select a person to edit their details and consent (F2). "
                "Select two records of the same person to merge them (Ctrl+M)."
            )
        )
        self.nobody.setObjectName("peopleNobody")
        self.nobody.setProperty("role", "empty")
        self.nobody.setWordWrap(True)
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side = QStackedWidget()
        self.side.addWidget(self.nobody)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes into the form's fields
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.side.addWidget(scroll)
        self.side.setMinimumWidth(300)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 420])

        self.empty = EmptyState(
            self.tr(
                "No people yet — people join the directory when you import a registration "
                "list or add someone on an event's Participants page (Ctrl+3)."
            )
        )
        self.empty.setObjectName("peopleEmpty")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(splitter)

        self.status = QLabel()
        self.status.setObjectName("peopleStatus")
        self.status.setProperty("role", "hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        # Tab follows reading order: search, the buttons beside it, the list, the form
        chain: list[QWidget] = [
            self.filter_edit,
            self.merge_button,
            self.export_button,
            self.erase_button,
            self.table,
            self.form.edits["full_name"],
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _button(self, text: str, action: QAction) -> QPushButton:
        button = QPushButton(action.icon(), text)
        button.setToolTip(action.toolTip())
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        button.clicked.connect(action.trigger)
        return button

    def actions_for_menu(self) -> list[list[QAction]]:
        """The page's actions in groups, for the window's People menu."""
        return [
            [self.find_action, self.edit_action],
            [self.merge_action],
            [self.export_action, self.erase_action],
        ]

    # --- loading ---

    def set_event(self, event_id: str | None) -> None:
        """The window's current event: its participants are shown in bold."""
        self.event_id = event_id
        self.model.set_event(event_id)

    def _refresh(self, _changes: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the directory again, keeping the selection and the current person."""
        selected = self.selected_ids()
        current = self.current_person_id()
        try:
            people = ps.list_people(self.ws)
        except ServiceError as exc:
            self.failed.emit(str(exc))
            people = []
        self.model.set_people(people)
        self.form.set_organisations(
            sorted({p.organisation for p in people if p.organisation}, key=str.casefold)
        )
        self.stack.setCurrentIndex(1 if people else 0)
        if selected and self.selected_ids() != selected:
            self.select_ids(selected, current=current)
        self._selection_changed()

    def _filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_status()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _go_to_table(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.selected_ids():
            self.table.selectRow(0)

    def form_focus(self) -> None:
        if self.form.person is not None:
            self.form.focus_first()

    # --- selection ---

    def selected_ids(self) -> list[str]:
        selection = self.table.selectionModel()
        return [str(index.data(IdRole)) for index in selection.selectedRows()]

    def select_ids(self, ids: list[str], *, current: str | None = None) -> None:
        """Select the rows of ``ids`` (``current``, or the first, becomes current)."""
        wanted = set(ids)
        selection = self.table.selectionModel()
        chosen = QItemSelection()
        last = self.proxy.columnCount() - 1
        current_index = QModelIndex()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            person_id = index.data(IdRole)
            if person_id in wanted:
                chosen.select(index, self.proxy.index(row, last))
                if person_id == current or (current is None and not current_index.isValid()):
                    current_index = index
        if current_index.isValid():
            selection.setCurrentIndex(current_index, QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if current_index.isValid():
            self.table.scrollTo(current_index)

    def current_person_id(self) -> str | None:
        """The person the form shows: the current row when it is selected."""
        selection = self.table.selectionModel()
        ids = self.selected_ids()
        current = self.table.currentIndex()
        if current.isValid() and selection.isRowSelected(current.row(), QModelIndex()):
            return str(current.data(IdRole))
        return ids[0] if len(ids) == 1 else None

    def _selection_changed(self) -> None:
        if self._committing:  # the reload a pending edit caused: the outer call goes on
            return
        person_id = self.current_person_id()
        shown = self.form.person
        if shown is not None and shown.id != person_id:
            self._committing = True
            try:
                self.form.commit_pending()  # what was typed for the previous person
            finally:
                self._committing = False
        person: ps.PersonInfo | None = None
        if person_id is not None:
            row = self.model.row_of(person_id)
            person = self.model.person(row) if row >= 0 else None
        history: list[ps.ConsentChangeInfo] = []
        if person is not None:
            try:
                history = ps.consent_history(self.ws, person.id)
            except ServiceError as exc:
                self.failed.emit(str(exc))
        self.form.load(person, history)
        self.side.setCurrentIndex(1 if person is not None else 0)
        count = len(self.selected_ids())
        self.merge_action.setEnabled(count == 2)
        self.merge_button.setEnabled(count == 2)
        for action, button in (
            (self.export_action, self.export_button),
            (self.erase_action, self.erase_button),
        ):
            action.setEnabled(person is not None)
            button.setEnabled(person is not None)
        self.edit_action.setEnabled(person is not None)
        self._update_status()

    def _update_status(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if self.proxy.filter_terms() and total:
            text = self.tr("Showing {0} of {1} people").format(shown, total)
            if shown == 0:
                text = self.tr("No person matches “{0}”.").format(self.filter_edit.text())
        else:
            text = self.tr("{0} people").format(total) if total != 1 else self.tr("1 person")
        selected = len(self.selected_ids())
        if selected == 2:
            text += self.tr(" · 2 selected — Merge… (Ctrl+M)")
        elif selected:
            text += self.tr(" · {0} selected").format(selected)
        self.status.setText(text)

    def _context_menu(self, pos: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        for group in self.actions_for_menu()[1:]:
            for action in group:
                menu.addAction(action)
            menu.addSeparator()
        viewport = self.table.viewport()
        menu.exec(viewport.mapToGlobal(pos))

    # --- edits ---

    def _push(self, command: UndoCommand) -> str | None:
        """Push ``command``; the sentence it was refused with, or None when it was made."""
        errors: list[str] = []

        def refused(text: str) -> None:
            errors.append(text)

        self.operations.failed.connect(refused)
        try:
            done = self.operations.push(command)
        finally:
            self.operations.failed.disconnect(refused)
        if done:
            return None
        return errors[-1] if errors else self.tr("The change could not be made.")

    def _name_of(self, person_id: str) -> str:
        row = self.model.row_of(person_id)
        return self.model.person(row).full_name if row >= 0 else ""

    def _edit_requested(
        self, person_id: str, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        key = next(iter(after))
        name = self._name_of(person_id)
        if key == "consent_to_name":
            text = (
                self.tr("Consent of {0}: named")
                if after[key]
                else self.tr("Consent of {0}: withheld")
            ).format(name)
        else:
            text = self.tr("Edit {0} of {1}").format(self.tr(FIELD_NAMES[key]), name)
        shown = self.form.person
        version = shown.version if shown is not None and shown.id == person_id else None
        errors: list[str] = []
        reloaded: list[bool] = []

        def push(command: EditPersonCommand) -> bool:
            error = self._push(command)
            if error is not None:
                errors.append(error)
            return error is None

        def reload() -> None:
            reloaded.append(True)
            self.reload()

        def on_top(_refusal: StaleEditError) -> EditPersonCommand | None:
            try:
                current = ps.get_person(self.ws, person_id)
            except ServiceError as exc:
                errors.append(str(exc))
                return None
            theirs = {key: person_values(current)[key]}  # undo brings it back
            return edit(theirs, current.version)

        def edit(old: dict[str, Any], based_on: int | None) -> EditPersonCommand:
            return EditPersonCommand(
                self.ws,
                person_id,
                old,
                after,
                changed_by=self.changed_by(),
                text=text,
                version=based_on,
            )

        if push_or_settle(self, push, edit(before, version), reload=reload, on_top=on_top):
            self.form.edit_done(key)
        elif errors and not reloaded:
            self.form.show_error(key, errors[-1])

    def merge_selected(self) -> MergeDialog | None:
        """Ask which of the two selected records to keep, then merge (undoable)."""
        ids = self.selected_ids()
        if len(ids) != 2:
            self.message.emit(self.tr("Select two records of the same person to merge them."))
            return None
        rows = [self.model.row_of(i) for i in ids]
        if min(rows) < 0:
            return None
        first, second = (self.model.person(r) for r in rows)
        dialog = MergeDialog(first, second, self)
        self.merge_dialog = dialog
        dialog.finished.connect(lambda code: self._merge_finished(dialog, code))
        dialog.open()
        return dialog

    def _merge_finished(self, dialog: MergeDialog, code: int) -> None:
        self.merge_dialog = None
        dialog.deleteLater()
        if code != QDialog.DialogCode.Accepted:
            return
        keep, remove = dialog.keep(), dialog.remove()
        command = MergePeopleCommand(
            self.ws,
            keep.id,
            remove.id,
            text=self.tr("Merge {0} into {1}").format(remove.full_name, keep.full_name),
        )
        error = self._push(command)
        if error is not None:
            self.failed.emit(error)
            return
        self.select_ids([keep.id])
        self.message.emit(
            self.tr("Merged the two records of {0}. Undo (Ctrl+Z) separates them again.").format(
                keep.full_name
            )
        )

    def _current_person(self) -> ps.PersonInfo | None:
        person_id = self.current_person_id()
        row = self.model.row_of(person_id) if person_id else -1
        return self.model.person(row) if row >= 0 else None

    def export_selected(self, path: str | Path | None = None) -> Path | None:
        """Save everything held about the current person as JSON (asks where unless given)."""
        person = self._current_person()
        if person is None:
            return None
        if not path:
            slug = re.sub(r"[^\w-]+", "-", person.full_name).strip("-") or "person"
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export {0}'s data").format(person.full_name),
                f"{slug}.json",
                self.tr("JSON files (*.json)"),
            )
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        try:
            data = ps.export_person(self.ws, person.id)
            target.write_text(
                json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n",
                encoding="utf-8",
            )
        except ServiceError as exc:
            self.failed.emit(str(exc))
            return None
        except OSError as exc:
            self.failed.emit(
                self.tr("Could not write {0}: {1}. Choose another folder.").format(
                    target.name, exc.strerror or exc
                )
            )
            return None
        self.message.emit(
            self.tr("Saved everything held about {0} to {1}.").format(person.full_name, target.name)
        )
        return target

    def erase_selected(self) -> EraseDialog | None:
        """Say what erasing the current person does; erase them when confirmed (undoable)."""
        person = self._current_person()
        if person is None:
            return None
        dialog = EraseDialog(person, self)
        self.erase_dialog = dialog
        dialog.finished.connect(lambda code: self._erase_finished(dialog, code))
        dialog.open()
        return dialog

    def _erase_finished(self, dialog: EraseDialog, code: int) -> None:
        self.erase_dialog = None
        dialog.deleteLater()
        if code != QDialog.DialogCode.Accepted:
            return
        person = dialog.person
        command = ErasePersonCommand(
            self.ws, person.id, text=self.tr("Erase {0}").format(person.full_name)
        )
        error = self._push(command)
        if error is not None:
            self.failed.emit(error)
            return
        self.message.emit(
            self.tr("Erased {0}. Undo (Ctrl+Z) brings them back until you close the app.").format(
                person.full_name
            )
        )
