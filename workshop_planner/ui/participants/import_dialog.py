"""The participant import dialog: column mapping, preview, per-row errors.

The mapping is guessed from the headers and can be changed with one combo
box per field; every change re-checks the whole file. Import stays disabled
while any row has an error, and the import itself is all or nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import participant_import as pi
from workshop_planner.services.countries import country_name
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.participants import label
from workshop_planner.store import Workspace
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.participants.dialogs import attendance_combo, role_combo
from workshop_planner.ui.participants.model import roles_text
from workshop_planner.ui.workers import Worker

ModelIndex = QModelIndex | QPersistentModelIndex

#: files with this many rows or more are imported off the GUI thread (with progress)
BACKGROUND_ROWS = 500

ACTION_TEXT = {
    pi.NEW: "New person",
    pi.DIRECTORY: "In directory",
    pi.ALREADY: "Already a participant",
    pi.DUPLICATE: "Same as row {0}",
}


def _consent_text(consent: bool | None) -> str:
    """The consent column's answer as the People page words it (empty: no answer)."""
    if consent is None:
        return ""
    return QCoreApplication.translate("ImportPreviewModel", "Named" if consent else "Withheld")


class ImportPreviewModel(QAbstractTableModel):
    COLUMNS = (
        "Row",
        "Action",
        "Name",
        "E-mail",
        "Organisation",
        "Job title",
        "City",
        "Country",
        "Roles",
        "Attendance",
        "Sector",
        "Consent",
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[pi.PlannedRow] = []

    def set_rows(self, rows: list[pi.PlannedRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def _text(self, row: pi.PlannedRow, column: int) -> str:
        values = (
            str(row.row),
            self.tr(ACTION_TEXT[row.action]).format(row.same_as),
            row.full_name,
            row.email or "",
            row.organisation or "",
            row.job_title or "",
            row.city or "",
            country_name(row.country) if row.country else "",
            roles_text(row.roles),
            label(row.attendance),
            label(row.sector) if row.sector else "",
            _consent_text(row.consent_to_name),
        )
        return values[column]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            if row.action in (pi.ALREADY, pi.DUPLICATE):
                return QBrush(QColor("#8a6d00"))
            if row.action == pi.DIRECTORY:
                return QBrush(QColor("#1d5f80"))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.tr(self.COLUMNS[section])
        return None


class ErrorListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._errors: list[pi.RowError] = []

    def set_errors(self, errors: list[pi.RowError]) -> None:
        self.beginResetModel()
        self._errors = list(errors)
        self.endResetModel()

    def errors(self) -> list[pi.RowError]:
        return list(self._errors)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._errors)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._errors):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._errors[index.row()].describe()
        if role == Qt.ItemDataRole.UserRole:
            return self._errors[index.row()].row
        return None


class ImportDialog(QDialog):
    """Map the columns of a CSV/XLSX file, check every row, import all or nothing."""

    def __init__(
        self,
        operations: Operations,
        event_id: str,
        table: pi.RawTable,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import participants — {0}").format(table.source))
        self.resize(1100, 720)
        self.operations = operations
        self.ws, self.event_id, self.table = operations.workspace, event_id, table
        #: the file the table came from (it can be read again after fixing it)
        self.path = path
        self.result_value: pi.ImportResult | None = None
        #: the import running in the background (long files), if any
        self.worker: Worker | None = None
        self.plan = pi.ImportPlan()
        guessed = pi.guess_mapping(table.headers)

        self.intro = QLabel()
        self.intro.setObjectName("importIntro")
        self.intro.setWordWrap(True)
        self._update_intro()
        intro = self.intro

        mapping_box = QGroupBox(self.tr("Columns"))
        grid = QGridLayout(mapping_box)
        self.combos: dict[str, QComboBox] = {}
        for i, (field, field_label) in enumerate(pi.FIELDS.items()):
            combo = QComboBox()
            combo.setObjectName(f"map_{field}")
            combo.setAccessibleName(self.tr("Column for {0}").format(field_label))
            self._fill_combo(combo, table.headers, guessed.get(field))
            combo.currentIndexChanged.connect(lambda _i: self.replan())
            self.combos[field] = combo
            row, col = divmod(i, 3)
            grid.addWidget(QLabel(self.tr(field_label)), row, col * 2)
            grid.addWidget(combo, row, col * 2 + 1)

        defaults = QFormLayout()
        self.default_attendance = attendance_combo("registered")
        self.default_attendance.setObjectName("defaultAttendance")
        self.default_attendance.currentIndexChanged.connect(lambda _i: self.replan())
        self.default_role = role_combo()
        self.default_role.setObjectName("defaultRole")
        self.default_role.currentIndexChanged.connect(lambda _i: self.replan())
        defaults.addRow(self.tr("Attendance when the file has none"), self.default_attendance)
        defaults.addRow(self.tr("Role when the file has none"), self.default_role)

        self.preview_model = ImportPreviewModel(self)
        self.preview = QTableView()
        self.preview.setObjectName("importPreview")
        self.preview.setModel(self.preview_model)
        self.preview.verticalHeader().hide()
        self.preview.setAlternatingRowColors(True)
        self.preview.setWordWrap(False)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.preview.horizontalHeader().setStretchLastSection(True)
        # Fit the columns to the first rows only: measuring every row of a long
        # file took a second per change of the column choices.
        self.preview.horizontalHeader().setResizeContentsPrecision(100)

        self.error_model = ErrorListModel(self)
        self.errors = QListView()
        self.errors.setObjectName("importErrors")
        self.errors.setModel(self.error_model)
        self.errors.setAccessibleName(self.tr("Problems"))
        self.errors.setWordWrap(True)
        error_box = QGroupBox(self.tr("Problems"))
        QVBoxLayout(error_box).addWidget(self.errors)
        self.error_box = error_box

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.preview)
        splitter.addWidget(error_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("importButton")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        # Enter must never mean Cancel here (it would throw the checked file away).
        cancel.setAutoDefault(False)
        self.reload_button = QPushButton(self.tr("Read the file again"))
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.setIcon(icon("refresh"))
        self.reload_button.setToolTip(
            self.tr("Read the file again after fixing it in your spreadsheet (F5)")
        )
        self.reload_button.setAutoDefault(False)
        self.reload_button.setVisible(path is not None)
        self.reload_button.clicked.connect(self.reload_file)
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ResetRole)
        reload_action = QAction(self)
        reload_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Refresh)])
        reload_action.triggered.connect(self.reload_file)
        self.addAction(reload_action)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(mapping_box, 3)
        top.addLayout(defaults, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.replan()

    @classmethod
    def from_file(
        cls, operations: Operations, event_id: str, path: Path, parent: QWidget | None = None
    ) -> ImportDialog:
        """Raises ServiceError with one sentence when the file cannot be read."""
        return cls(operations, event_id, pi.read_table(path), parent, path=path)

    def _fill_combo(self, combo: QComboBox, headers: list[str], chosen: int | None) -> None:
        with QSignalBlocker(combo):
            combo.clear()
            combo.addItem(self.tr("— not in the file —"), None)
            for index, header in enumerate(headers):
                combo.addItem(header or self.tr("Column {0}").format(index + 1), index)
            combo.setCurrentIndex(0 if chosen is None else chosen + 1)

    def _update_intro(self) -> None:
        self.intro.setText(
            self.tr(
                "{0}: {1} rows. Check which column holds what; rows matching someone in the "
                "directory (same e-mail, or same name and organisation) are linked, not duplicated."
            ).format(self.table.source, len(self.table.rows))
        )

    def reload_file(self) -> bool:
        """Read the file again (fixed in a spreadsheet meanwhile) and check it anew.

        The column choices are kept where the file still has those headers.
        """
        if self.path is None:
            return False
        try:
            table = pi.read_table(self.path)
        except ServiceError as exc:
            self.summary.setText(str(exc))
            return False
        old_headers = self.table.headers
        chosen = {field: combo.currentData() for field, combo in self.combos.items()}
        self.table = table
        if table.headers != old_headers:
            # keep each choice by its header; guess the fields whose column is gone or new
            kept: dict[str, int | None] = {}
            for field, index in chosen.items():
                header = old_headers[index] if index is not None else None
                kept[field] = table.headers.index(header) if header in table.headers else None
            used = {i for i in kept.values() if i is not None}
            for field, guess in pi.guess_mapping(table.headers).items():
                if kept[field] is None and guess is not None and guess not in used:
                    kept[field] = guess
                    used.add(guess)
            chosen = kept
        for field, combo in self.combos.items():
            self._fill_combo(combo, table.headers, chosen[field])
        self._update_intro()
        self.replan()
        return True

    def mapping(self) -> dict[str, int | None]:
        return {field: combo.currentData() for field, combo in self.combos.items()}

    def set_mapping(self, field: str, header: str | None) -> None:
        combo = self.combos[field]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    def replan(self) -> None:
        try:
            self.plan = pi.plan_import(
                self.ws,
                self.event_id,
                self.table,
                self.mapping(),
                default_attendance=self.default_attendance.currentData(),
                default_roles=[self.default_role.currentData()],
            )
        except ServiceError as exc:
            self.plan = pi.ImportPlan(errors=[pi.RowError(None, str(exc))])
        self.preview_model.set_rows(self.plan.rows)
        self.error_model.set_errors(self.plan.errors)
        self.error_box.setTitle(self.tr("Problems ({0})").format(len(self.plan.errors)))
        self.error_box.setVisible(bool(self.plan.errors))
        rows_with_errors = len({e.row for e in self.plan.errors if e.row is not None})
        if self.plan.errors:
            self.summary.setProperty("role", "error")
            if rows_with_errors:
                self.summary.setText(
                    self.tr(
                        "1 row has a problem: nothing is imported until you fix the file "
                        "(then read it again) or the column choices."
                    )
                    if rows_with_errors == 1
                    else self.tr(
                        "{0} rows have problems: nothing is imported until you fix the file "
                        "(then read it again) or the column choices."
                    ).format(rows_with_errors)
                )
            else:
                self.summary.setText(self.plan.errors[0].message)
        else:
            self.summary.setProperty("role", "")
            self.summary.setText(self.plan.describe() + ".")
        style = self.summary.style()
        style.unpolish(self.summary)
        style.polish(self.summary)
        self.import_button.setEnabled(self.plan.ok)

    def accept(self) -> None:
        """Import everyone (all or nothing); a long file is imported off the GUI thread."""
        if not self.plan.ok or self.worker is not None:
            return
        run = partial(
            _import,
            self.ws,
            self.event_id,
            self.table,
            self.mapping(),
            default_attendance=self.default_attendance.currentData(),
            default_roles=[self.default_role.currentData()],
        )
        if len(self.table.rows) < BACKGROUND_ROWS:
            self._imported(run())
            return
        # Announced by the view when it pushes the addition (undoable), not here.
        self._set_busy(True)
        self.worker = self.operations.run(
            run,
            busy=self.tr("Importing {0} rows…").format(len(self.table.rows)),
            done=self._imported,
            failed=self._import_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (self.import_button, self.reload_button, *self.combos.values()):
            widget.setEnabled(not busy)
        if busy:
            self.summary.setText(self.tr("Importing {0} rows…").format(len(self.table.rows)))

    def _imported(self, outcome: object) -> None:
        if not shiboken6.isValid(self):  # closed meanwhile
            return
        if self.worker is not None:
            self.worker = None
            self._set_busy(False)
        if isinstance(outcome, pi.ImportResult):
            self.result_value = outcome
            super().accept()
            return
        if isinstance(outcome, pi.ParticipantImportError):
            self.error_model.set_errors(outcome.errors)
            self.error_box.setVisible(bool(outcome.errors))
        self.summary.setText(str(outcome))
        self.import_button.setEnabled(False)

    def _import_failed(self, message: str) -> None:
        self._imported(ServiceError(message))

    def reject(self) -> None:
        if self.worker is not None:  # the import is all or nothing: let it finish
            return
        super().reject()


def _import(
    workspace: Workspace,
    event_id: str,
    table: pi.RawTable,
    mapping: dict[str, int | None],
    **kwargs: Any,
) -> pi.ImportResult | ServiceError:
    """Run the import; a refusal is returned (with its row errors), not raised."""
    try:
        return pi.import_participants(workspace, event_id, table, mapping, **kwargs)
    except ServiceError as exc:
        return exc
