"""Item models for participants and the directory, with a fast text filter.

Each row carries a lower-case search string built once when the rows are set,
so typing in the filter box only runs substring checks in memory — no
database access and no string building per keystroke.

The participant model sorts itself (``sort``) with keys computed in Python in
one pass, and the proxy hands its ``sort`` to it: a proxy sort would call
``data()`` across the Python/C++ boundary tens of thousands of times for a
thousand rows, which took ~90 ms on every load.
"""

from __future__ import annotations

from collections.abc import Sequence
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

from workshop_planner.services.countries import country_name
from workshop_planner.services.participants import DirectoryEntry, ParticipantRow, label

ModelIndex = QModelIndex | QPersistentModelIndex

#: the participant (or person) id of a row
IdRole = Qt.ItemDataRole.UserRole + 1
#: a case-folded key the proxy sorts by
SortRole = Qt.ItemDataRole.UserRole + 2


def roles_text(roles: Sequence[str]) -> str:
    return ", ".join(label(r) for r in roles)


def participant_search_text(row: ParticipantRow) -> str:
    parts = [
        row.full_name,
        row.organisation or "",
        row.city or "",
        row.country or "",
        country_name(row.country),
        " ".join(row.roles),
        roles_text(row.roles),
        row.attendance,
        label(row.attendance),
        row.job_title or "",
        row.email or "",
    ]
    return "\n".join(parts).casefold()


class ParticipantTableModel(QAbstractTableModel):
    COLUMNS: tuple[tuple[str, str], ...] = (
        ("full_name", "Name"),
        ("job_title", "Job title"),
        ("organisation", "Organisation"),
        ("city", "City"),
        ("country", "Country"),
        ("sector", "Sector"),
        ("roles", "Roles"),
        ("attendance", "Attendance"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ParticipantRow] = []
        self._search: list[str] = []
        #: the column and order rows are kept in (None: as given)
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- content ---

    def set_rows(self, rows: Sequence[ParticipantRow]) -> None:
        """Show ``rows`` (in the current sort order); keeps selections when the same
        participants are shown again."""
        rows = self._sorted(list(rows))
        if {r.id for r in rows} == {r.id for r in self._rows} and rows:
            if [r.id for r in rows] == [r.id for r in self._rows]:
                self._rows = rows
                self._search = [participant_search_text(r) for r in rows]
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.COLUMNS) - 1)
                )
            else:  # the same people in another order (an edit changed a sort key)
                by_id = {r.id: r for r in rows}
                self._reorder([by_id[r.id] for r in self._rows], rows)
            return
        self.beginResetModel()
        self._rows = rows
        self._search = [participant_search_text(r) for r in rows]
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (ties by name), keeping selections and the current row."""
        if not 0 <= column < len(self.COLUMNS):
            self._sort = None
            return
        self._sort = (column, order)
        self._reorder(self._rows, self._sorted(self._rows))

    def sort_order(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort

    def _sorted(self, rows: list[ParticipantRow]) -> list[ParticipantRow]:
        if self._sort is None:
            return rows
        column, order = self._sort
        key = self.COLUMNS[column][0]

        def sort_key(row: ParticipantRow) -> tuple[bool, str, str, str]:
            text = self._display(row, key).casefold()
            # empty cells last in either order
            empty = not text if order == Qt.SortOrder.AscendingOrder else bool(text)
            return (empty, text, row.full_name.casefold(), row.id)

        return sorted(rows, key=sort_key, reverse=order == Qt.SortOrder.DescendingOrder)

    def _reorder(self, current: list[ParticipantRow], wanted: list[ParticipantRow]) -> None:
        """Move from ``current`` (the rows shown, refreshed) to ``wanted`` as a layout change."""
        if [r.id for r in wanted] == [r.id for r in self._rows]:
            self._rows = wanted
            self._search = [participant_search_text(r) for r in wanted]
            return
        self.layoutAboutToBeChanged.emit()
        new_row = {r.id: i for i, r in enumerate(wanted)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(new_row[self._rows[i.row()].id], i.column())
            if i.isValid() and i.row() < len(self._rows) and self._rows[i.row()].id in new_row
            else QModelIndex()
            for i in old_indexes
        ]
        self._rows = wanted
        self._search = [participant_search_text(r) for r in wanted]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    def rows(self) -> list[ParticipantRow]:
        return list(self._rows)

    def row_data(self, row: int) -> ParticipantRow:
        return self._rows[row]

    def search_text(self, row: int) -> str:
        return self._search[row]

    # --- Qt interface ---

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "country":
                return country_name(row.country)
            if key == "full_name":
                return row.email or row.full_name
            return self._display(row, key)
        if role == SortRole:
            return self._display(row, key).casefold()
        if role == IdRole:
            return row.id
        return None

    @staticmethod
    def _display(row: ParticipantRow, key: str) -> str:
        if key == "roles":
            return roles_text(row.roles)
        if key == "attendance":
            return label(row.attendance)
        if key == "sector":
            return label(row.sector) if row.sector else ""
        value = getattr(row, key)
        return str(value) if value else ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.tr(self.COLUMNS[section][1])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TextFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose precomputed search text contains every typed word.

    The source model must offer ``search_text(row) -> str`` (lower case).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        terms = tuple(text.casefold().split())
        if terms == self._terms:
            return
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._terms = terms
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # Qt < 6.10
            self._terms = terms
            self.invalidateFilter()

    def filter_text(self) -> str:
        return " ".join(self._terms)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A participant model sorts itself (fast); other models are sorted here."""
        source = self.sourceModel()
        if isinstance(source, ParticipantTableModel):
            super().sort(-1)  # keep the source's order
            source.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._terms:
            return True
        source: Any = self.sourceModel()
        text = source.search_text(source_row)
        return all(term in text for term in self._terms)


class DirectoryListModel(QAbstractListModel):
    """People of the directory: "Name — Job title, Organisation"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: list[DirectoryEntry] = []
        self._search: list[str] = []

    def set_people(self, people: Sequence[DirectoryEntry]) -> None:
        self.beginResetModel()
        self._people = list(people)
        self._search = [
            "\n".join(
                [p.full_name, p.organisation or "", p.job_title or "", p.city or "", p.email or ""]
            ).casefold()
            for p in self._people
        ]
        self.endResetModel()

    def person(self, row: int) -> DirectoryEntry:
        return self._people[row]

    def search_text(self, row: int) -> str:
        return self._search[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        p = self._people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            extra = ", ".join(x for x in (p.job_title, p.organisation) if x)
            return f"{p.full_name} — {extra}" if extra else p.full_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.email or p.full_name
        if role == SortRole:
            return p.full_name.casefold()
        if role == IdRole:
            return p.person_id
        return None
