"""Item models of the People page: the directory table, its filter, the consent history.

The filter matches on *folded* text (:func:`workshop_planner.domain.text.fold`,
the same folding the services search and the report's mention check use):
decomposed, without combining marks, case-folded, with the Latin letters that do
not decompose (ł, ø, đ, æ …) spelt out — so typing "lukasz" finds "Łukasz".
Each row's folded search text is built once when the rows are set; typing
only runs substring checks. Names sort with :class:`QCollator` (the user's
locale, numeric mode: "Room 2" before "Room 10"); the table model sorts its
own rows by collation keys computed once per distinct value, so sorting
20,000 people makes no Python call per comparison (the proxy only filters).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from workshop_planner.domain.text import fold
from workshop_planner.services.countries import country_name
from workshop_planner.services.people import ConsentChangeInfo, PersonInfo

ModelIndex = QModelIndex | QPersistentModelIndex

#: the colour of "Withheld" (the import preview's warning amber)
WITHHELD_COLOUR = "#8a6d00"

#: the person id of a row
IdRole = Qt.ItemDataRole.UserRole + 1


def consent_text(consent: bool) -> str:
    return "Named" if consent else "Withheld"


class PeopleTableModel(QAbstractTableModel):
    """Every person of the workspace, one row each."""

    #: consent comes right after the name: it is what the page is mostly for
    COLUMNS: tuple[tuple[str, str], ...] = (
        ("full_name", "Name"),
        ("consent", "Consent"),
        ("job_title", "Job title"),
        ("organisation", "Organisation"),
        ("city", "City"),
        ("country", "Country"),
        ("email", "E-mail"),
        ("events", "Events"),
    )
    NAME, CONSENT, JOB_TITLE, ORGANISATION, CITY, COUNTRY, EMAIL, EVENTS = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people: list[PersonInfo] = []
        self._search: list[str] = []
        #: the event whose participants are shown in bold (None: no event)
        self._event_id: str | None = None
        #: the order the rows are kept in: (column, order, collator), None: as given
        self._sorting: tuple[int, Qt.SortOrder, QCollator] | None = None

    # --- content ---

    def set_people(self, people: Sequence[PersonInfo]) -> None:
        """Show ``people``; keeps selections when the same people are shown again."""
        people = self._sorted(list(people))
        if people and [p.id for p in people] == [p.id for p in self._people]:
            self._people = people
            self._search = [self._search_text(p) for p in people]
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(people) - 1, len(self.COLUMNS) - 1)
            )
            return
        self.beginResetModel()
        self._people = people
        self._search = [self._search_text(p) for p in people]
        self.endResetModel()

    def sort_rows(self, column: int, order: Qt.SortOrder, collator: QCollator) -> None:
        """Keep the rows sorted by ``column`` (empty cells last, ties by name), now
        and whenever people are set."""
        self._sorting = (column, order, collator)
        people = self._sorted(self._people)
        if [p.id for p in people] == [p.id for p in self._people]:
            return
        self.layoutAboutToBeChanged.emit()
        row_of = {p.id: row for row, p in enumerate(people)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old, [self.index(row_of[self._people[i.row()].id], i.column()) for i in old]
        )
        search = dict(zip((p.id for p in self._people), self._search, strict=True))
        self._people = people
        self._search = [search[p.id] for p in people]
        self.layoutChanged.emit()

    def _sorted(self, people: list[PersonInfo]) -> list[PersonInfo]:
        if self._sorting is None or not people:
            return people
        column, order, collator = self._sorting
        texts = [self._display(p, column) for p in people]
        rank = _ranks(texts, collator)
        by_name = rank if column == self.NAME else _ranks([p.full_name for p in people], collator)
        keys = [
            (not text, rank[text], by_name[p.full_name])
            for p, text in zip(people, texts, strict=True)
        ]
        positions = sorted(range(len(people)), key=keys.__getitem__)
        if order == Qt.SortOrder.DescendingOrder:
            positions.reverse()
        return [people[i] for i in positions]

    def set_event(self, event_id: str | None) -> None:
        """Show the participants of ``event_id`` in bold."""
        if event_id == self._event_id:
            return
        self._event_id = event_id
        if self._people:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._people) - 1, len(self.COLUMNS) - 1),
                [Qt.ItemDataRole.FontRole],
            )

    def people(self) -> list[PersonInfo]:
        return list(self._people)

    def person(self, row: int) -> PersonInfo:
        return self._people[row]

    def row_of(self, person_id: str) -> int:
        for row, person in enumerate(self._people):
            if person.id == person_id:
                return row
        return -1

    def search_text(self, row: int) -> str:
        return self._search[row]

    @staticmethod
    def _search_text(p: PersonInfo) -> str:
        parts = [
            p.full_name,
            p.job_title,
            p.organisation,
            p.city,
            p.country or "",
            country_name(p.country) if p.country else "",
            p.email or "",
            *(title for _id, title in p.events),
        ]
        return fold("\n".join(parts))

    # --- Qt interface ---

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        p = self._people[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(p, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.EVENTS:
                return "\n".join(title for _id, title in p.events) or None
            if column == self.COUNTRY:
                return country_name(p.country) if p.country else None
            if column == self.CONSENT:
                return self.tr(
                    "Agreed to be named in reports"
                    if p.consent_to_name
                    else "Not named in reports: quotes are attributed by origin or anonymously"
                )
            return self._display(p, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CONSENT:
            return None if p.consent_to_name else QBrush(QColor(WITHHELD_COLOUR))
        if role == Qt.ItemDataRole.FontRole and self._event_id is not None:
            if any(event_id == self._event_id for event_id, _t in p.events):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == IdRole:
            return p.id
        return None

    def _display(self, p: PersonInfo, column: int) -> str:
        if column == self.NAME:
            return p.full_name
        if column == self.JOB_TITLE:
            return p.job_title
        if column == self.ORGANISATION:
            return p.organisation
        if column == self.CITY:
            return p.city
        if column == self.COUNTRY:
            return country_name(p.country) if p.country else ""
        if column == self.EMAIL:
            return p.email or ""
        if column == self.CONSENT:
            return self.tr(consent_text(p.consent_to_name))
        if column == self.EVENTS:
            return "; ".join(title for _id, title in p.events)
        return ""

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


def _ranks(texts: Sequence[str], collator: QCollator) -> dict[str, int]:
    """Each distinct text's place in ``collator``'s order (a collation key made once each)."""
    distinct = sorted(set(texts), key=collator.sortKey)
    return {text: i for i, text in enumerate(distinct)}


class PeopleFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose folded search text holds every typed word; sorts by locale.

    The source model must offer ``search_text(row) -> str`` (folded, see :func:`fold`);
    a :class:`PeopleTableModel` source sorts its own rows (``sort`` asks it to).
    """

    def __init__(self, parent: QObject | None = None, *, locale: QLocale | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()
        locale = locale or QLocale()
        if locale.language() == QLocale.Language.C:
            # the "C" locale (a bare container, LANG unset) collates by code point,
            # which puts "Hélène" after "Huberta": fall back to English (root) rules
            locale = QLocale(QLocale.Language.English)
        self.collator = QCollator(locale)
        self.collator.setNumericMode(True)
        self.collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        terms = tuple(fold(text).split())
        if terms == self._terms:
            return
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self._terms = terms
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # Qt < 6.10
            self._terms = terms
            self.invalidateFilter()

    def filter_terms(self) -> tuple[str, ...]:
        return self._terms

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, PeopleTableModel) and column >= 0:
            source.sort_rows(column, order, self.collator)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._terms:
            return True
        source: Any = self.sourceModel()
        text = source.search_text(source_row)
        return all(term in text for term in self._terms)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        a = str(left.data(Qt.ItemDataRole.DisplayRole) or "")
        b = str(right.data(Qt.ItemDataRole.DisplayRole) or "")
        if bool(a) != bool(b):  # empty cells last
            return bool(a)
        order = self.collator.compare(a, b)
        if order == 0 and left.column() != 0:  # ties by name
            source = self.sourceModel()
            a = str(source.index(left.row(), 0).data() or "")
            b = str(source.index(right.row(), 0).data() or "")
            order = self.collator.compare(a, b)
        return order < 0


class ConsentHistoryModel(QAbstractTableModel):
    """A person's consent changes, newest first: when, who, from what to what."""

    COLUMNS = ("When", "Who", "Change")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: list[ConsentChangeInfo] = []

    def set_changes(self, changes: Sequence[ConsentChangeInfo]) -> None:
        self.beginResetModel()
        self._changes = sorted(changes, key=lambda c: c.changed_at, reverse=True)
        self.endResetModel()

    def changes(self) -> list[ConsentChangeInfo]:
        return list(self._changes)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._changes)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def _state(self, value: bool | None) -> str:
        if value is None:
            return self.tr("not recorded")
        return self.tr(consent_text(value))

    @staticmethod
    def _when(value: datetime) -> str:
        """The instant in the computer's zone, written the user's way (Babel)."""
        local = value.astimezone() if value.tzinfo is not None else value
        try:
            locale = Locale.parse(QLocale().name())
        except (UnknownLocaleError, ValueError):
            locale = Locale("en")
        return format_datetime(local, format="medium", locale=locale)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._changes):
            return None
        change = self._changes[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and change.note:
            return change.note
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return change.changed_at.isoformat()
                return self._when(change.changed_at)
            if index.column() == 1:
                return change.changed_by
            return self.tr("{0} → {1}").format(self._state(change.old), self._state(change.new))
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

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
