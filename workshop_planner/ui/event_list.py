"""The sidebar: the workspace's events as a list model, drawn as two-line items,
with a "Show archived" switch and an empty state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSignalBlocker,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.dates import format_date_range, report_locale
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


class EventSidebar(QWidget):
    """The events of the workspace; choosing one emits :attr:`chosen`."""

    #: the person chose another event (its id, or None when none is left)
    chosen = Signal(object)
    #: "Show archived" was switched: the list must be read again
    archivedToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.model = EventListModel(self)
        self.list = QListView()
        self.list.setObjectName("eventList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(EventDelegate(self.list))
        self.list.setAccessibleName(self.tr("Events"))
        self.list.setUniformItemSizes(True)
        selection = self.list.selectionModel()
        assert selection is not None
        selection.currentChanged.connect(
            lambda current, _previous: self.chosen.emit(
                str(current.data(IdRole)) if current.isValid() else None
            )
        )
        heading = QLabel(self.tr("Events"))
        heading.setProperty("role", "subheading")
        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.show_archived.setObjectName("showArchived")
        self.show_archived.toggled.connect(self.archivedToggled.emit)
        self.empty = QLabel(self.tr("No events yet — press Ctrl+N to plan one."))
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.show_archived)
        self.setMinimumWidth(220)

    def set_events(self, events: list[EventSummary]) -> None:
        """Show ``events`` (nothing is chosen by this; see :meth:`select`)."""
        selection = self.list.selectionModel()
        assert selection is not None
        with QSignalBlocker(selection):
            self.model.set_events(events)
        self.empty.setVisible(not events)

    def select(self, event_id: str | None) -> bool:
        """Mark ``event_id`` as the current event without emitting :attr:`chosen`;
        returns whether it is listed."""
        row = self.model.row_of(event_id) if event_id else -1
        if row >= 0 and self.list.currentIndex().row() != row:
            selection = self.list.selectionModel()
            assert selection is not None
            with QSignalBlocker(selection):
                selection.setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
        return row >= 0
