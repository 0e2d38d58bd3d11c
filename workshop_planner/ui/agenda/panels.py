"""Parts of the Agenda page: the compact list's table, the conflicts panel, the legend."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.conflicts import Conflict
from workshop_planner.ui.agenda.grid import KeyCommand, key_command
from workshop_planner.ui.agenda.models import SESSION_ID_ROLE, ConflictListModel
from workshop_planner.ui.agenda.style import CONFLICT_COLOUR, kind_colour, kind_labels, tr


class SessionTableView(QTableView):
    """The compact list; the agenda keys work here as on the grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_command: Callable[[KeyCommand], None] | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if key_command(event) is not None:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = key_command(event)
        if command is not None and self.on_command is not None:
            self.on_command(command)
            event.accept()
            return
        super().keyPressEvent(event)


class ConflictPanel(QWidget):
    """The agenda's conflicts; choosing one selects its session."""

    #: a conflict was clicked or activated: the id of (one of) its sessions
    sessionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictPanel")
        self.model = ConflictListModel(self)
        self.title = QLabel(self)
        self.title.setObjectName("conflictTitle")
        self.list = QListView(self)
        self.list.setObjectName("conflictList")
        self.list.setAccessibleName(tr("Conflicts"))
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        # Wrapped sentences differ in height, so each is measured; a big agenda has
        # hundreds: lay them out a batch per event-loop turn, the visible ones first.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(40)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._chosen)
        self.list.activated.connect(self._chosen)
        self.empty = QLabel(self)
        self.empty.setObjectName("noConflicts")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.empty.setWordWrap(True)
        self.empty.setText(tr("No conflicts: nobody is double-booked and every room is free."))
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 16px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        self.setMinimumWidth(220)

    def set_conflicts(self, conflicts: Sequence[Conflict]) -> None:
        self.model.set_conflicts(list(conflicts))
        count = len(conflicts)
        self.title.setText(
            f"<b>{tr('Conflicts')}</b>"
            + (f" <span style='color:{CONFLICT_COLOUR}'>({count})</span>" if count else "")
        )
        self.list.setVisible(count > 0)
        self.empty.setVisible(count == 0)

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sessionChosen.emit(str(index.data(SESSION_ID_ROLE)))


def legend(parent: QWidget) -> QWidget:
    """The colours of the session kinds and the conflict mark."""
    legend = QWidget(parent)
    legend.setObjectName("agendaLegend")
    layout = QHBoxLayout(legend)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(12)
    for kind, label in kind_labels().items():
        item = QLabel(legend)
        colour = kind_colour(kind).name()
        item.setText(f"<span style='color:{colour}; font-size:14pt'>■</span>&nbsp;{label}")
        item.setToolTip(tr("Sessions of kind “{kind}”").format(kind=label))
        layout.addWidget(item)
    warning = QLabel(legend)
    warning.setText(
        f"<span style='color:{CONFLICT_COLOUR}; font-size:12pt'>⚠</span>&nbsp;" + tr("Conflict")
    )
    layout.addWidget(warning)
    layout.addStretch(1)
    return legend
