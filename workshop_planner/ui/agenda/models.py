"""Item models over the agenda's plain data: the session list and the conflicts."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon

from workshop_planner.domain.conflicts import Conflict, ConflictKind
from workshop_planner.services.agenda import SessionInfo
from workshop_planner.ui import icons
from workshop_planner.ui.agenda.style import (
    CONFLICT_COLOUR,
    EventFormats,
    kind_colour,
    kind_label,
    role_label,
    tr,
)

Index = QModelIndex | QPersistentModelIndex

#: The session id of a row (both models).
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The raw value a column sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    DAY = 0
    TIME = 1
    TITLE = 2
    KIND = 3
    LOCATION = 4
    PEOPLE = 5
    CONFLICTS = 6


def _headers() -> dict[Column, str]:
    return {
        Column.DAY: tr("Day"),
        Column.TIME: tr("Time"),
        Column.TITLE: tr("Title"),
        Column.KIND: tr("Kind"),
        Column.LOCATION: tr("Location"),
        Column.PEOPLE: tr("People"),
        Column.CONFLICTS: tr("Conflicts"),
    }


class SessionTableModel(QAbstractTableModel):
    """The event's sessions, one row each, in agenda order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionInfo] = []
        self._conflicts: dict[str, list[str]] = {}
        self._formats = EventFormats()
        self._warning = icons.icon("mdi6.alert", color=CONFLICT_COLOUR)

    def set_sessions(
        self,
        sessions: Sequence[SessionInfo],
        conflicts: dict[str, list[str]],
        formats: EventFormats,
    ) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._conflicts = conflicts
        self._formats = formats
        self.endResetModel()

    def update_sessions(
        self,
        changed: Collection[str],
        sessions: Sequence[SessionInfo],
        conflicts: dict[str, list[str]],
    ) -> None:
        """Only the ``changed`` sessions changed (``sessions`` is the whole agenda now):
        their rows, and the rows whose conflicts changed, are updated, inserted or
        removed one by one; the other rows are not touched (the proxy keeps its order)."""
        fresh = {s.id: s for s in sessions if s.id in changed}
        for row in reversed(range(len(self._sessions))):
            if self._sessions[row].id in changed and self._sessions[row].id not in fresh:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._sessions[row]
                self.endRemoveRows()
        old_conflicts, self._conflicts = self._conflicts, conflicts
        last = len(Column) - 1
        for row, session in enumerate(self._sessions):
            if session.id in fresh:
                self._sessions[row] = fresh.pop(session.id)
            elif old_conflicts.get(session.id) == conflicts.get(session.id):
                continue
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if fresh:  # created (or restored): appended, the proxy sorts them in
            first = len(self._sessions)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._sessions.extend(fresh.values())
            self.endInsertRows()

    def session_at(self, row: int) -> SessionInfo:
        return self._sessions[row]

    def row_of(self, session_id: str) -> int:
        return next((i for i, s in enumerate(self._sessions) if s.id == session_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return _headers()[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sessions):
            return None
        s = self._sessions[index.row()]
        column = Column(index.column())
        reasons = self._conflicts.get(s.id, [])
        if role == SESSION_ID_ROLE:
            return s.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column, reasons)
        if role == SORT_ROLE:
            return self._sort_value(s, column, reasons)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.CONFLICTS and reasons:
                return "\n".join(reasons)
            if column == Column.PEOPLE and s.people:
                return "\n".join(f"{role_label(p.role)}: {p.name}" for p in s.people)
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.KIND:
                return kind_colour(s.kind)
            if column == Column.CONFLICTS and reasons:
                return self._warning
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.CONFLICTS and reasons:
            return QColor(CONFLICT_COLOUR)
        return None

    def _display(self, s: SessionInfo, column: Column, reasons: list[str]) -> str:
        match column:
            case Column.DAY:
                return self._formats.day_short(s.start.date())
            case Column.TIME:
                return self._formats.span(s.start, s.end)
            case Column.TITLE:
                return s.title
            case Column.KIND:
                return kind_label(s.kind)
            case Column.LOCATION:
                return s.location or ""
            case Column.PEOPLE:
                return ", ".join(p.name for p in s.people)
            case Column.CONFLICTS:
                return str(len(reasons)) if reasons else ""

    def _sort_value(self, s: SessionInfo, column: Column, reasons: list[str]) -> Any:
        match column:
            case Column.DAY | Column.TIME:
                return s.start.isoformat()
            case Column.CONFLICTS:
                return len(reasons)
        return self._display(s, column, reasons).casefold()


class SessionFilterProxy(QSortFilterProxyModel):
    """Sorting by raw values, filtering on every column's text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class ConflictListModel(QAbstractListModel):
    """The agenda's conflicts, one sentence per row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conflicts: list[Conflict] = []
        self._icons: dict[ConflictKind, QIcon] = {
            ConflictKind.PERSON_DOUBLE_BOOKED: icons.icon(
                "mdi6.account-alert", color=CONFLICT_COLOUR
            ),
            ConflictKind.ROOM_DOUBLE_BOOKED: icons.icon("mdi6.door", color=CONFLICT_COLOUR),
            ConflictKind.OUTSIDE_EVENT: icons.icon("mdi6.calendar-remove", color=CONFLICT_COLOUR),
            ConflictKind.OVER_CAPACITY: icons.icon(
                "mdi6.account-multiple-remove", color=CONFLICT_COLOUR
            ),
        }

    def set_conflicts(self, conflicts: Sequence[Conflict]) -> None:
        """Show ``conflicts``: the rows that went are removed and the new ones
        inserted in place, so a move that changes two conflicts touches two rows;
        the model resets only when the order of the remaining rows changed."""
        wanted = list(conflicts)
        keep = set(wanted)
        remaining = [c for c in self._conflicts if c in keep]
        still = set(remaining)
        if remaining != [c for c in wanted if c in still] or len(still) != len(remaining):
            self.beginResetModel()
            self._conflicts = wanted
            self.endResetModel()
            return
        for row in reversed(range(len(self._conflicts))):
            if self._conflicts[row] not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._conflicts[row]
                self.endRemoveRows()
        for row, conflict in enumerate(wanted):
            if row >= len(self._conflicts) or self._conflicts[row] != conflict:
                self.beginInsertRows(QModelIndex(), row, row)
                self._conflicts.insert(row, conflict)
                self.endInsertRows()

    def conflict_at(self, row: int) -> Conflict:
        return self._conflicts[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._conflicts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._conflicts):
            return None
        conflict = self._conflicts[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return conflict.message
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[conflict.kind]
        if role == SESSION_ID_ROLE:
            return conflict.session_ids[0]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return conflict.message
        return None
