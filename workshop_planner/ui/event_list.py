"""The sidebar: the workspace's events as a list model, drawn as two-line items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from workshop_planner.report.drafting import format_date_range, report_locale
from workshop_planner.services.events import EventSummary
from workshop_planner.ui.icons import icon

ModelIndex = QModelIndex | QPersistentModelIndex

#: the event id of a row
IdRole = Qt.ItemDataRole.UserRole + 1
#: "15–16 Jun 2023 · Transatlantic Initiative"
DetailRole = Qt.ItemDataRole.UserRole + 2
ArchivedRole = Qt.ItemDataRole.UserRole + 3


def date_range(event: EventSummary) -> str:
    """Written as the report writes it ("15 – 16 June 2023")."""
    return format_date_range(event.start_date, event.end_date, report_locale(None))


class EventListModel(QAbstractListModel):
    """Events of the workspace, most recent first (as :func:`list_events` gives them)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events: list[EventSummary] = []

    def set_events(self, events: list[EventSummary]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def events(self) -> list[EventSummary]:
        return list(self._events)

    def row_of(self, event_id: str) -> int:
        for row, event in enumerate(self._events):
            if event.id == event_id:
                return row
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return event.title
        if role == Qt.ItemDataRole.ToolTipRole:
            archived = " (archived)" if event.archived else ""
            return f"{event.title}{archived}\n{date_range(event)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{event.title}, {date_range(event)}"
        if role == IdRole:
            return event.id
        if role == DetailRole:
            parts = [date_range(event)]
            if event.series:
                parts.append(event.series)
            return " · ".join(parts)
        if role == ArchivedRole:
            return event.archived
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("archive-outline" if event.archived else "calendar-blank-outline")
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class EventDelegate(QStyledItemDelegate):
    """Title on the first line, dates and series in a smaller, muted second line."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + self.PAD * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        rect: QRect = option.rect
        state = option.state
        pal: QPalette = option.palette
        selected = bool(state & QStyle.StateFlag.State_Selected)
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = rect.adjusted(2, 2, -2, -2)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(box, 6, 6)
        elif hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Midlight))
            painter.drawRoundedRect(box, 6, 6)
        text_colour = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        archived = bool(index.data(ArchivedRole))
        glyph = icon("archive-outline" if archived else "calendar-blank-outline")
        top = rect.top() + self.PAD
        glyph.paint(
            painter,
            QRect(rect.left() + self.PAD, top + 2, 18, 18),
            Qt.AlignmentFlag.AlignCenter,
            QIcon.Mode.Selected if selected else QIcon.Mode.Normal,
        )
        left = rect.left() + self.PAD * 2 + 18
        width = rect.width() - (left - rect.left()) - self.PAD
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text_colour)
        title = QFontMetrics(bold).elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(QRect(left, top, width, metrics.height()), 0, title)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() - 1, 7))
        painter.setFont(small)
        painter.setPen(muted)
        detail = QFontMetrics(small).elidedText(
            str(index.data(DetailRole) or ""), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(
            QRect(left, top + metrics.height() + 2, width, metrics.height()), 0, detail
        )
        painter.restore()
