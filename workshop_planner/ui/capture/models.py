"""Item models of capture mode, over plain data from ``services.capture``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from workshop_planner.services.capture import NoteData, SessionItem, SpeakerOption, ThemeItem
from workshop_planner.ui.capture.kinds import kind_style

Index = QModelIndex | QPersistentModelIndex


class NoteRole(IntEnum):
    NOTE = Qt.ItemDataRole.UserRole + 1
    ID = Qt.ItemDataRole.UserRole + 2
    KIND = Qt.ItemDataRole.UserRole + 3
    KIND_LABEL = Qt.ItemDataRole.UserRole + 4
    TIME = Qt.ItemDataRole.UserRole + 5
    THEMES = Qt.ItemDataRole.UserRole + 6
    DETAIL = Qt.ItemDataRole.UserRole + 7


class NotesModel(QAbstractListModel):
    """One session's notes, oldest first (newest last, as they are captured).

    Editing the text (``setData`` with ``EditRole``) does not change the model:
    it emits :attr:`textEditRequested`, the page turns it into an undo command,
    and the list shows the result when the change channel announces it.
    """

    textEditRequested = Signal(str, str)  # note id, new text

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._notes: list[NoteData] = []
        self._zone = ZoneInfo("UTC")
        self._themes: dict[str, ThemeItem] = {}
        self._speakers: dict[str, SpeakerOption] = {}

    # --- contents ---------------------------------------------------------

    def set_context(
        self, zone: ZoneInfo, themes: Sequence[ThemeItem], speakers: Sequence[SpeakerOption]
    ) -> None:
        self._zone = zone
        self._themes = {t.id: t for t in themes}
        self._speakers = {s.person_id: s for s in speakers}
        if self._notes:
            self.dataChanged.emit(self.index(0), self.index(len(self._notes) - 1))

    def set_notes(self, notes: Sequence[NoteData]) -> None:
        self.beginResetModel()
        self._notes = sorted(notes, key=_order)
        self.endResetModel()

    def replace(self, notes: Sequence[NoteData]) -> None:
        """Show ``notes``: rows of the same notes change in place, anything else resets."""
        fresh = sorted(notes, key=_order)
        if [n.id for n in fresh] != [n.id for n in self._notes]:
            self.set_notes(fresh)
            return
        for row, (old, new) in enumerate(zip(self._notes, fresh, strict=True)):
            if old != new:
                self._notes[row] = new
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def notes(self) -> list[NoteData]:
        return list(self._notes)

    def note_at(self, row: int) -> NoteData:
        return self._notes[row]

    def row_of(self, note_id: str) -> int:
        for row, note in enumerate(self._notes):
            if note.id == note_id:
                return row
        return -1

    def upsert(self, note: NoteData) -> int:
        """Insert a note in time order or replace the one with its id; returns its row."""
        row = self.row_of(note.id)
        if row >= 0 and _order(self._notes[row]) == _order(note):
            self._notes[row] = note
            index = self.index(row)
            self.dataChanged.emit(index, index)
            return row
        if row >= 0:
            self.remove(note.id)
        row = len(self._notes)
        key = _order(note)
        while row > 0 and _order(self._notes[row - 1]) > key:
            row -= 1
        self.beginInsertRows(QModelIndex(), row, row)
        self._notes.insert(row, note)
        self.endInsertRows()
        return row

    def remove(self, note_id: str) -> bool:
        row = self.row_of(note_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._notes[row]
        self.endRemoveRows()
        return True

    def theme_titles(self, note: NoteData) -> list[str]:
        return [self._themes[t].title for t in note.theme_ids if t in self._themes]

    def local_time(self, note: NoteData) -> datetime:
        return note.captured_at.astimezone(self._zone)

    def detail_line(self, note: NoteData) -> str:
        """The second line under a note: who said a quote, the case study's title …"""
        if note.quote is not None:
            q = note.quote
            speaker = self._speakers.get(q.speaker_id or "")
            who = speaker.name if speaker is not None else (q.name or "")
            parts = [p for p in (who, q.organisation, q.country) if p]
            attribution = {
                "named": self.tr("named"),
                "by_origin": self.tr("by origin"),
                "anonymous": self.tr("anonymous"),
            }.get(q.attribution, q.attribution)
            if not parts:
                return self.tr("— speaker not given · %1").replace("%1", attribution)
            return f"— {', '.join(parts)} · {attribution}"
        if note.case_study is not None:
            cs = note.case_study
            return " · ".join(p for p in (cs.title, cs.city, cs.country, cs.url) if p)
        if note.example is not None:
            ex = note.example
            return " · ".join(p for p in (ex.label, ex.city, ex.country, ex.url) if p)
        if note.resource is not None:
            rs = note.resource
            return " · ".join(p for p in (rs.title, rs.publisher, rs.url) if p)
        return ""

    # --- Qt model API ----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return note.text
        if role == Qt.ItemDataRole.EditRole:
            return note.text
        if role == Qt.ItemDataRole.ToolTipRole:
            when = self.local_time(note).strftime("%H:%M")
            author = note.author or self.tr("unknown")
            return (
                self.tr("%1 · %2 · by %3")
                .replace("%1", kind_style(note.kind).label)
                .replace("%2", when)
                .replace("%3", author)
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{kind_style(note.kind).label}: {note.text}"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(kind_style(note.kind).colour)
        if role == NoteRole.NOTE:
            return note
        if role == NoteRole.ID:
            return note.id
        if role == NoteRole.KIND:
            return note.kind
        if role == NoteRole.KIND_LABEL:
            return kind_style(note.kind).label
        if role == NoteRole.TIME:
            return self.local_time(note).strftime("%H:%M")
        if role == NoteRole.THEMES:
            return self.theme_titles(note)
        if role == NoteRole.DETAIL:
            return self.detail_line(note)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not isinstance(value, str):
            return False
        note = self._notes[index.row()]
        if value.strip() == note.text:
            return False
        self.textEditRequested.emit(note.id, value)
        return True


def _order(note: NoteData) -> tuple[datetime, str]:
    return (note.captured_at, note.id)


class SpeakersModel(QAbstractListModel):
    """Participants for the quote speaker's type-ahead."""

    PersonIdRole = Qt.ItemDataRole.UserRole + 1
    ConsentRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._speakers: list[SpeakerOption] = []

    def set_speakers(self, speakers: Sequence[SpeakerOption]) -> None:
        self.beginResetModel()
        self._speakers = list(speakers)
        self.endResetModel()

    def speakers(self) -> list[SpeakerOption]:
        return list(self._speakers)

    def find_by_name(self, name: str) -> SpeakerOption | None:
        key = name.strip().casefold()
        if not key:
            return None
        for s in self._speakers:
            if s.name.casefold() == key:
                return s
        return None

    def find_by_id(self, person_id: str | None) -> SpeakerOption | None:
        for s in self._speakers:
            if s.person_id == person_id:
                return s
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._speakers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._speakers):
            return None
        s = self._speakers[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return s.name
        if role == Qt.ItemDataRole.ToolTipRole:
            where = ", ".join(p for p in (s.job_title, s.organisation, s.country) if p)
            consent = (
                self.tr("agreed to be named") if s.consent_to_name else self.tr("not to be named")
            )
            return f"{s.name} — {where} ({consent})" if where else f"{s.name} ({consent})"
        if role == self.PersonIdRole:
            return s.person_id
        if role == self.ConsentRole:
            return s.consent_to_name
        return None


class SessionsModel(QAbstractListModel):
    """The agenda for the session picker: "Thu 15 Jun · 09:30–10:00  Opening keynote"."""

    SessionIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sessions: list[SessionItem] = []
        self._multi_day = False

    def set_sessions(self, sessions: Sequence[SessionItem]) -> None:
        self.beginResetModel()
        self._sessions = list(sessions)
        self._multi_day = len({s.start.date() for s in self._sessions}) > 1
        self.endResetModel()

    def sessions(self) -> list[SessionItem]:
        return list(self._sessions)

    def row_of(self, session_id: str | None) -> int:
        for row, s in enumerate(self._sessions):
            if s.id == session_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sessions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sessions):
            return None
        s = self._sessions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            times = f"{s.start:%H:%M}–{s.end:%H:%M}"
            day = f"{s.start:%a %d %b} · " if self._multi_day else ""
            return f"{day}{times}   {s.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.title}\n{s.start:%A %d %B %Y, %H:%M}–{s.end:%H:%M}" + (
                f"\n{s.location}" if s.location else ""
            )
        if role == self.SessionIdRole:
            return s.id
        return None
