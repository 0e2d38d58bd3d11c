"""Item models of the report studio, over plain data from ``services.curation``.

The models never write: a rename, a drop or a move is emitted as a request
(``renameRequested``, ``notesDropped``, ``moveRequested``), the view turns it
into an undo command, and the command's announcement reloads the model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from workshop_planner.services.curation import CurationNote, ThemeInfo
from workshop_planner.ui.capture.kinds import kind_style

Index = QModelIndex | QPersistentModelIndex

#: notes dragged out of the curation view (a JSON list of note ids)
NOTES_MIME = "application/x-workshop-planner-note-ids"
#: a theme dragged within the themes view (its id)
THEME_MIME = "application/x-workshop-planner-theme-id"
#: a featured note dragged within the featured list (its id)
FEATURED_MIME = "application/x-workshop-planner-featured-id"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Studio", text)


#: where a note prints, in the user's words (value of ``effective_placement``)
PLACEMENT_LABELS: dict[str, str] = {
    "theme": "Its themes",
    "threats": "Threats, Key Challenges & City Needs",
    "next_steps": "Next Steps",
    "closing": "Closing of Next Steps",
    "examples": "Other city examples",
    "resources": "Additional Resources",
    "nowhere": "Nowhere",
}


def placement_label(value: str | None) -> str:
    if value is None:
        return _tr("By its kind")
    return _tr(PLACEMENT_LABELS.get(value, value))


class Role(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    ITEM = Qt.ItemDataRole.UserRole + 2


def _first_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --- themes -------------------------------------------------------------------------


class _MovedByRequest:
    """A list whose rows the page moves: a move (drag or ``moveRows``) is asked for
    with ``moveRequested(id, new_row)``; the model changes when the page reloads it."""

    moveRequested: Any  # the Signal(str, int) of the model class

    def _row_ids(self) -> list[str]:
        raise NotImplementedError

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count != 1:
            return False
        return self._request_move(source_row, destination_child)

    def _request_move(self, source: int, target: int) -> bool:
        """``target`` is the row to insert before (Qt's convention)."""
        ids = self._row_ids()
        if not 0 <= source < len(ids):
            return False
        new_row = target - 1 if target > source else target
        new_row = max(0, min(new_row, len(ids) - 1))
        if new_row == source:
            return False
        self.moveRequested.emit(ids[source], new_row)
        return True


class ThemesModel(_MovedByRequest, QAbstractListModel):
    """The event's themes in report order; drag to reorder, drop notes on one to assign."""

    #: theme id, new title (F2 / double-click)
    renameRequested = Signal(str, str)
    #: theme id, note ids dropped on it
    notesDropped = Signal(str, list)
    #: theme id, the row it should take (0-based, in the order after the move)
    moveRequested = Signal(str, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._themes: list[ThemeInfo] = []

    def set_themes(self, themes: Sequence[ThemeInfo]) -> None:
        self.beginResetModel()
        self._themes = list(themes)
        self.endResetModel()

    def themes(self) -> list[ThemeInfo]:
        return list(self._themes)

    def theme_at(self, row: int) -> ThemeInfo:
        return self._themes[row]

    def row_of(self, theme_id: str) -> int:
        for row, theme in enumerate(self._themes):
            if theme.id == theme_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._themes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._themes):
            return None
        theme = self._themes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr("{0}. {1}  ({2} featured of {3})").format(
                theme.number, theme.title, theme.featured_count, theme.note_count
            )
        if role == Qt.ItemDataRole.EditRole:
            return theme.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return theme.key_message or _tr("No key message yet")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _tr("Theme {0}: {1}").format(theme.number, theme.title)
        if role == Role.ID:
            return theme.id
        if role == Role.ITEM:
            return theme
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        theme = self._themes[index.row()]
        title = str(value).strip()
        if title and title != theme.title:
            self.renameRequested.emit(theme.id, title)
        return False  # the command's announcement reloads the model

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    # --- drag and drop

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [THEME_MIME, NOTES_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(THEME_MIME, QByteArray(self._themes[rows[0]].id.encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if data.hasFormat(NOTES_MIME):
            return parent.isValid()
        return data.hasFormat(THEME_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if data.hasFormat(NOTES_MIME):
            if not parent.isValid():
                return False
            ids = note_ids_from(data)
            if ids:
                self.notesDropped.emit(self._themes[parent.row()].id, ids)
            return False  # nothing to remove from the notes list
        if data.hasFormat(THEME_MIME):
            theme_id = bytes(data.data(THEME_MIME).data()).decode()
            source = self.row_of(theme_id)
            target = parent.row() if parent.isValid() else row
            if target < 0:
                target = len(self._themes)
            self._request_move(source, target)
            return False
        return False

    def _row_ids(self) -> list[str]:
        return [t.id for t in self._themes]


def note_ids_from(data: QMimeData) -> list[str]:
    try:
        ids = json.loads(bytes(data.data(NOTES_MIME).data()).decode())
    except ValueError:
        return []
    return [str(i) for i in ids] if isinstance(ids, list) else []


# --- all notes of the event --------------------------------------------------------------


class Column(IntEnum):
    FEATURED = 0
    KIND = 1
    TEXT = 2
    THEMES = 3
    PRINTS_IN = 4
    SESSION = 5
    AUTHOR = 6


_HEADERS = {
    Column.FEATURED: "★",
    Column.KIND: "Kind",
    Column.TEXT: "Note",
    Column.THEMES: "Themes",
    Column.PRINTS_IN: "Prints in",
    Column.SESSION: "Session",
    Column.AUTHOR: "Note-taker",
}


class CurationModel(QAbstractTableModel):
    """Every note of the event, across sessions and note-takers."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._notes: list[CurationNote] = []
        self._numbers: dict[str, int] = {}

    def set_notes(self, notes: Sequence[CurationNote], themes: Sequence[ThemeInfo]) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self._numbers = {t.id: t.number for t in themes}
        self.endResetModel()

    def add_notes(self, notes: Sequence[CurationNote]) -> None:
        """Append notes (the next page of a paged load)."""
        if notes:
            self.beginInsertRows(QModelIndex(), len(self._notes), len(self._notes) + len(notes) - 1)
            self._notes.extend(notes)
            self.endInsertRows()

    def notes(self) -> list[CurationNote]:
        return list(self._notes)

    def note_at(self, row: int) -> CurationNote:
        return self._notes[row]

    def row_of(self, note_id: str) -> int:
        for row, note in enumerate(self._notes):
            if note.id == note_id:
                return row
        return -1

    def theme_numbers(self, note: CurationNote) -> list[int]:
        return sorted(self._numbers[t] for t in note.theme_ids if t in self._numbers)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._notes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(_HEADERS[Column(section)])
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.FEATURED:
            return _tr("Featured: prints in the report (click or Space)")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        column = Column(index.column())
        if role == Role.ID:
            return note.id
        if role == Role.ITEM:
            return note
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(note, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.FEATURED:
                return _tr("Featured") if note.featured else _tr("Not featured")
            if column == Column.TEXT:
                return note.text
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.FEATURED:
            return _tr("Featured") if note.featured else _tr("Not featured")
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Column.KIND:
                return QColor(kind_style(note.kind).colour)
            if column == Column.FEATURED and note.featured:
                return QColor("#b8860b")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.FEATURED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, note: CurationNote, column: Column) -> str:
        if column == Column.FEATURED:
            return "★" if note.featured else "☆"
        if column == Column.KIND:
            return kind_style(note.kind).label
        if column == Column.TEXT:
            text = _first_line(note.text)
            if note.speaker_label:
                text = f"{text} — {note.speaker_label}"
            return f"✎ {text}" if note.edited else text
        if column == Column.THEMES:
            return ", ".join(str(n) for n in self.theme_numbers(note))
        if column == Column.PRINTS_IN:
            return placement_label(note.effective_placement) if note.featured else ""
        if column == Column.SESSION:
            return note.session_title
        return note.author

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [NOTES_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids: list[str] = []
        for index in indexes:
            note_id = index.data(Role.ID)
            if isinstance(note_id, str) and note_id not in ids:
                ids.append(note_id)
        data = QMimeData()
        data.setData(NOTES_MIME, QByteArray(json.dumps(ids).encode()))
        return data


ANY = "__any__"


class CurationFilter(QSortFilterProxyModel):
    """Search as you type and filters: session, kind, author, theme, featured, speaker."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        #: filter name → wanted value (ANY: no filter)
        self._filters: dict[str, str] = {}
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange()

    def set_filter(self, name: str, value: str) -> None:
        self.beginFilterChange()
        if value == ANY:
            self._filters.pop(name, None)
        else:
            self._filters[name] = value
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CurationModel) or source_parent.isValid():
            return True
        note = model.note_at(source_row)
        for name, value in self._filters.items():
            if not _matches(note, name, value):
                return False
        if self._words:
            haystack = " ".join(
                (note.text, note.speaker_label, note.author, note.session_title, note.kind)
            ).casefold()
            return all(word in haystack for word in self._words)
        return True


def _matches(note: CurationNote, name: str, value: str) -> bool:
    if name == "session":
        return (note.session_id or "") == value
    if name == "kind":
        return note.kind == value
    if name == "author":
        return note.author == value
    if name == "theme":
        return (value in note.theme_ids) if value else not note.theme_ids
    if name == "featured":
        return note.featured == (value == "yes")
    if name == "speaker":
        return note.has_speaker == (value == "yes")
    return True


# --- the featured items of one theme or section -----------------------------------------


class FeaturedModel(_MovedByRequest, QAbstractListModel):
    """The featured notes of one theme or section, in print order; drag to reorder."""

    #: note id, the row it should take
    moveRequested = Signal(str, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._notes: list[CurationNote] = []

    def set_notes(self, notes: Sequence[CurationNote]) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self.endResetModel()

    def notes(self) -> list[CurationNote]:
        return list(self._notes)

    def ids(self) -> list[str]:
        return [n.id for n in self._notes]

    def row_of(self, note_id: str) -> int:
        for row, note in enumerate(self._notes):
            if note.id == note_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = _first_line(note.text, 120)
            if note.speaker_label:
                text = f"{text} — {note.speaker_label}"
            return f"{index.row() + 1}. [{kind_style(note.kind).label}] {text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return note.text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(kind_style(note.kind).colour)
        if role == Role.ID:
            return note.id
        if role == Role.ITEM:
            return note
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [FEATURED_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(FEATURED_MIME, QByteArray(self._notes[rows[0]].id.encode()))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(FEATURED_MIME):
            return False
        note_id = bytes(data.data(FEATURED_MIME).data()).decode()
        target = parent.row() if parent.isValid() else row
        if target < 0:
            target = len(self._notes)
        self._request_move(self.row_of(note_id), target)
        return False

    def _row_ids(self) -> list[str]:
        return [n.id for n in self._notes]
