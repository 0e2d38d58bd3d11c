"""The report's checks: the list of what to fix before export.

Kept apart from the page so the model (also checked by ``qtmodeltester``) and
its empty state live in one place; the page only feeds checks in and reacts
when one is chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from workshop_planner.services.report_checks import Check
from workshop_planner.ui.icons import icon

Index = QModelIndex | QPersistentModelIndex


class ChecksModel(QAbstractListModel):
    """The report's open checks: what to fix before export."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checks: list[Check] = []

    def set_checks(self, checks: Sequence[Check]) -> None:
        self.beginResetModel()
        self._checks = list(checks)
        self.endResetModel()

    def checks(self) -> list[Check]:
        return list(self._checks)

    def check_at(self, row: int) -> Check:
        return self._checks[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._checks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._checks):
            return None
        check = self._checks[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return check.message
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("alert-circle-outline")
        if role == Qt.ItemDataRole.UserRole:
            return check
        return None


class ChecksPanel(QWidget):
    """Title with the count, the list of checks, and an empty state when all is ready."""

    #: a check was clicked or activated
    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChecksModel(self)
        self.view = QListView()
        self.view.setObjectName("reportChecks")
        self.view.setAccessibleName(self.tr("Checks before export"))
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.clicked.connect(self._check_chosen)
        self.view.activated.connect(self._check_chosen)
        self.title = QLabel()
        self.title.setBuddy(self.view)
        self.empty = QLabel(self.tr("Nothing to check: the report is ready to export."))
        self.empty.setObjectName("checksEmpty")
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "empty")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 12, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)

    def show_checks(self, checks: Sequence[Check]) -> None:
        self.model.set_checks(checks)
        count = len(checks)
        self.title.setText(
            self.tr("<b>Checks before export</b> ({0})").format(count)
            if count
            else self.tr("<b>Checks before export</b>")
        )
        self.empty.setVisible(count == 0)

    def checks(self) -> list[Check]:
        return self.model.checks()

    def _check_chosen(self, index: QModelIndex) -> None:
        check = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(check, Check):
            self.chosen.emit(check)
