"""The Participants page: a filterable, sortable table with bulk edits and live counts."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, Signal
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import participants as ps
from workshop_planner.services.changes import Part
from workshop_planner.services.countries import country_name
from workshop_planner.services.errors import ServiceError
from workshop_planner.ui import commands as cmd
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations, PageFollower, UndoCommand
from workshop_planner.ui.participants.dialogs import AddFromDirectoryDialog, NewPersonDialog
from workshop_planner.ui.participants.import_dialog import ImportDialog
from workshop_planner.ui.participants.model import IdRole, ParticipantTableModel, TextFilterProxy
from workshop_planner.ui.stale_edit import push_or_settle
from workshop_planner.ui.widgets import EmptyState, page_action, search_field


class ParticipantsView(QWidget):
    #: one sentence of information to show the user (errors go to ``operations.failed``)
    message = Signal(str)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.setObjectName("participantsView")
        self.ws = operations.workspace
        self.event_id: str | None = None
        #: reloads the table when participants, people or sessions (roles) changed
        self.follower = PageFollower(
            self,
            operations,
            (Part.PARTICIPANTS, Part.PEOPLE, Part.AGENDA),
            lambda _changes: self.reload(),
        )
        self.model = ParticipantTableModel(self)
        self.proxy = TextFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.setEnabled(False)

    # --- layout ---

    def _build(self) -> None:
        self.filter_edit = search_field(
            "participantFilter",
            self.tr("Filter by name, organisation, city, country, role or attendance  (Ctrl+F)"),
            self.tr("Filter participants"),
            self._filter,
        )
        # The page's actions carry its shortcuts; the window lists them in its
        # Participants menu and the buttons below trigger them.
        self.find_action = page_action(
            self,
            self.tr("&Find participants"),
            "magnify",
            self.focus_filter,
            QKeySequence(QKeySequence.StandardKey.Find),
        )
        self.add_action = page_action(
            self,
            self.tr("&Add from directory…"),
            "account-search-outline",
            self.add_from_directory,
            QKeySequence("Ctrl+Shift+A"),
        )
        self.new_action = page_action(
            self,
            self.tr("&New person…"),
            "account-plus-outline",
            self.new_person,
            QKeySequence("Ctrl+Shift+N"),
        )
        self.import_action = page_action(
            self,
            self.tr("&Import CSV or XLSX…"), "file-import-outline", self.open_import,
            QKeySequence("Ctrl+Shift+I"),
            self.tr("Import participants from a CSV or XLSX file"),
        )  # fmt: skip

        self.add_button = self._button(
            self.tr("Add from directory…"), "account-search-outline", self.add_action.trigger
        )
        self.add_button.setToolTip(self.add_action.toolTip())
        self.new_button = self._button(
            self.tr("New person…"), "account-plus-outline", self.new_action.trigger
        )
        self.new_button.setToolTip(self.new_action.toolTip())
        self.import_button = self._button(
            self.tr("Import…"), "file-import-outline", self.import_action.trigger
        )
        self.import_button.setToolTip(self.import_action.toolTip())

        self.attendance_menu = QMenu(self.tr("Set attendance"), self)
        for value in ps.ATTENDANCE_VALUES:
            action = self.attendance_menu.addAction(ps.label(value))
            action.triggered.connect(lambda _c=False, v=value: self.set_attendance(v))
        self.attendance_button = self._menu_button(
            self.tr("Attendance"), "account-check-outline", self.attendance_menu
        )
        self.roles_menu = QMenu(self.tr("Roles"), self)
        add_menu = self.roles_menu.addMenu(self.tr("Add role"))
        remove_menu = self.roles_menu.addMenu(self.tr("Remove role"))
        for value in ps.ROLE_VALUES:
            add = add_menu.addAction(ps.label(value))
            add.triggered.connect(lambda _c=False, v=value: self.add_role(v))
            rem = remove_menu.addAction(ps.label(value))
            rem.triggered.connect(lambda _c=False, v=value: self.remove_role(v))
        self.roles_button = self._menu_button(
            self.tr("Roles"), "account-tie-outline", self.roles_menu
        )
        self.remove_button = self._button(
            self.tr("Remove"), "account-remove-outline", self.remove_selected
        )
        self.remove_button.setToolTip(self.tr("Remove the selected participants (Delete)"))
        remove = QAction(icon("account-remove-outline"), self.tr("&Remove participants"), self)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_selected)
        self.remove_action = remove

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        for w in (
            self.add_button,
            self.new_button,
            self.import_button,
            self.attendance_button,
            self.roles_button,
            self.remove_button,
        ):
            top.addWidget(w)

        self.table = QTableView()
        self.table.setObjectName("participantTable")
        self.table.setModel(self.proxy)
        self.table.addAction(remove)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 120, 150, 90, 56, 115, 105, 90)):
            self.table.setColumnWidth(column, width)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        selection = self.table.selectionModel()
        assert selection is not None
        selection.selectionChanged.connect(self._selection_changed)

        self.counts = QLabel()
        self.counts.setObjectName("participantCounts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.counts.setWordWrap(True)
        self.counts.setMargin(8)
        counts_scroll = QScrollArea()
        counts_scroll.setWidgetResizable(True)
        counts_scroll.setWidget(self.counts)
        counts_scroll.setMinimumWidth(200)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(counts_scroll)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 230])

        self.empty = EmptyState(
            self.tr(
                "No participants yet — import a registration list (CSV or XLSX), add people "
                "from the directory, or create someone new."
            )
        )
        for text, name, slot in (
            (self.tr("Import a CSV or XLSX file…"), "file-import-outline", self.open_import),
            (self.tr("Add from the directory…"), "account-search-outline", self.add_from_directory),
            (self.tr("New person…"), "account-plus-outline", self.new_person),
        ):
            button = QPushButton(icon(name), text)
            button.clicked.connect(slot)
            self.empty.add_button(button)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(splitter)

        self.status = QLabel()
        self.status.setObjectName("participantStatus")
        self.status.setProperty("role", "hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        self._selection_changed()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _button(self, text: str, icon_name: str, slot: object) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.clicked.connect(slot)
        return button

    def _menu_button(self, text: str, icon_name: str, menu: QMenu) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setIcon(icon(icon_name))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(menu)
        return button

    # --- loading ---

    def set_event(self, event_id: str | None) -> None:
        changed = event_id != self.event_id
        self.event_id = event_id
        self.follower.set_event(event_id)
        if changed:
            self.filter_edit.clear()
        self.reload()

    def reload(self) -> None:
        rows: list[ps.ParticipantRow] = []
        if self.event_id is not None:
            try:
                rows = ps.list_participants(self.ws, self.event_id)
            except ServiceError as exc:
                self.operations.failed.emit(str(exc))
                self.event_id = None
        self.setEnabled(self.event_id is not None)
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(1 if rows else 0)
        self._update_counts()

    def _filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_status()

    def _update_counts(self) -> None:
        counts = ps.count_participants(self.model.rows())

        def block(title: str, items: dict[str, int], name: object) -> str:
            if not items:
                return ""
            rows = "".join(
                f"<tr><td>{html.escape(str(name(k)))}</td>"  # type: ignore[operator]
                f"<td align='right'>&nbsp;&nbsp;{v}</td></tr>"
                for k, v in items.items()
            )
            return f"<p><b>{html.escape(title)}</b></p><table width='100%'>{rows}</table>"

        def sector_name(value: str) -> str:
            return self.tr("Unknown") if value == "unknown" else ps.label(value)

        def country(value: str) -> str:
            return self.tr("Unknown") if value == "unknown" else country_name(value)

        self.counts.setText(
            f"<p><b>{counts.total}</b> {html.escape(self.tr('participants'))}</p>"
            + block(self.tr("By attendance"), counts.by_attendance, ps.label)
            + block(self.tr("By sector"), counts.by_sector, sector_name)
            + block(self.tr("By country"), counts.by_country, country)
        )
        self._update_status()

    def _update_status(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        selected = len(self.selected_ids())
        if self.proxy.filter_text() and total:
            text = self.tr("Showing {0} of {1} participants").format(shown, total)
            if shown == 0:
                text = self.tr("No participant matches “{0}”.").format(self.filter_edit.text())
        else:
            text = self.tr("{0} participants").format(total)
        if selected:
            text += self.tr(" · {0} selected").format(selected)
        self.status.setText(text)

    def _selection_changed(self) -> None:
        has = bool(self.selected_ids())
        for w in (self.attendance_button, self.roles_button, self.remove_button):
            w.setEnabled(has)
        self.remove_action.setEnabled(has)
        self.attendance_menu.setEnabled(has)
        self.roles_menu.setEnabled(has)
        self._update_status()

    def _context_menu(self, pos: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        menu.addMenu(self.attendance_menu)
        menu.addMenu(self.roles_menu)
        menu.addSeparator()
        menu.addAction(icon("account-remove-outline"), self.tr("Remove"), self.remove_selected)
        viewport = self.table.viewport()
        assert viewport is not None
        menu.exec(viewport.mapToGlobal(pos))

    # --- selection ---

    def selected_ids(self) -> list[str]:
        selection = self.table.selectionModel()
        return [str(index.data(IdRole)) for index in selection.selectedRows()]

    def select_ids(self, ids: list[str]) -> None:
        wanted = set(ids)
        selection = self.table.selectionModel()
        assert selection is not None
        # One selection change for all rows (row by row was quadratic: 500 rows took 15 s).
        chosen = QItemSelection()
        last = self.proxy.columnCount() - 1
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(IdRole) in wanted:
                chosen.select(index, self.proxy.index(row, last))
        selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # --- edits ---

    def _push(self, command: UndoCommand) -> bool:
        done = self.operations.push(command)
        self.follower.flush()  # edited from a menu while hidden: show it at once
        return done

    def _bulk_edit(self, edit: dict[str, str], text: Callable[[int], str]) -> None:
        """Change the selected participants at once (one undo step named ``text(n)``)."""
        ids = self.selected_ids()
        if not ids or self.event_id is None:
            return
        wanted = set(ids)
        shown = {row.id: row.version for row in self.model.rows() if row.id in wanted}
        event_id, label = self.event_id, text(len(ids))
        command = cmd.BulkEditParticipantsCommand(
            self.ws, event_id, ids, edit, label, versions=shown
        )
        # on top: the same change to the participants as they are now
        push_or_settle(
            self,
            self._push,
            command,
            reload=self.reload,
            on_top=lambda _r: cmd.BulkEditParticipantsCommand(self.ws, event_id, ids, edit, label),
        )

    def set_attendance(self, value: str) -> None:
        self._bulk_edit(
            {"attendance": value},
            lambda n: self.tr("Set attendance of {0} to {1}").format(n, ps.label(value)),
        )

    def add_role(self, value: str) -> None:
        self._bulk_edit(
            {"add_role": value},
            lambda n: self.tr("Add role {0} to {1}").format(ps.label(value), n),
        )

    def remove_role(self, value: str) -> None:
        self._bulk_edit(
            {"remove_role": value},
            lambda n: self.tr("Remove role {0} from {1}").format(ps.label(value), n),
        )

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.event_id is not None:
            self._push(cmd.RemoveParticipantsCommand(self.ws, self.event_id, ids))

    def _push_addition(self, addition: ps.Addition | None, text: str) -> None:
        if addition is None or self.event_id is None:
            return
        command = cmd.AdditionCommand(self.ws, self.event_id, addition, text)
        self.operations.push_applied(command, command.changes)
        self.follower.flush()
        self.select_ids(addition.participant_ids)

    def add_from_directory(self) -> None:
        if self.event_id is None:
            return
        dialog = AddFromDirectoryDialog(self.ws, self.event_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.addition:
            n = len(dialog.addition.participants)
            self._push_addition(dialog.addition, self.tr("Add {0} participants").format(n))

    def new_person(self) -> None:
        if self.event_id is None:
            return
        dialog = NewPersonDialog(self.ws, self.event_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.addition:
            name = dialog.addition.people[0].full_name if dialog.addition.people else ""
            self._push_addition(dialog.addition, self.tr("Add {0}").format(name))

    def open_import(self, path: str | Path | None = None) -> ImportDialog | None:
        """Ask for a file (unless given) and show the import dialog."""
        if self.event_id is None:
            return None
        if not path:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import participants"),
                "",
                self.tr("Spreadsheets (*.csv *.xlsx);;All files (*)"),
            )
            if not chosen:
                return None
            path = chosen
        try:
            dialog = ImportDialog.from_file(self.operations, self.event_id, Path(path), self)
        except ServiceError as exc:
            self.operations.failed.emit(str(exc))
            return None
        dialog.finished.connect(lambda _code: self._import_finished(dialog))
        dialog.open()
        return dialog

    def _import_finished(self, dialog: ImportDialog) -> None:
        result = dialog.result_value
        if result is not None:
            self._push_addition(
                result.addition,
                self.tr("Import {0} participants").format(len(result.addition.participants)),
            )
            self.message.emit(result.describe())
        dialog.deleteLater()
