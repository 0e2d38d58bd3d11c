"""The agenda's time grid: the event's days side by side, sessions as blocks.

The grid only shows and asks: it paints what :meth:`TimeGrid.set_agenda`
gives it and emits signals when the user drags or presses keys; the view
turns those into undoable service calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum, auto
from math import ceil, floor

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPicture,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from workshop_planner.domain.rules import MIN_SESSION_LENGTH, end_of_day, session_too_short
from workshop_planner.services.agenda import SNAP_MINUTES, SessionInfo
from workshop_planner.ui import icons
from workshop_planner.ui.agenda.grid_paint import HEADER_HEIGHT, PIXELS_PER_HOUR, Block, GridPainter
from workshop_planner.ui.agenda.style import (
    CONFLICT_COLOUR,
    EventFormats,
    kind_label,
    role_label,
    tr,
)

MIN_COLUMN_WIDTH = 180
RESIZE_HANDLE = 6
FIRST_HOUR = 8
LAST_HOUR = 19
STEP = timedelta(minutes=SNAP_MINUTES)


class KeyCommand(Enum):
    """What an agenda key press asks for (shared by the grid and the list)."""

    EARLIER = auto()
    LATER = auto()
    SHORTER = auto()
    LONGER = auto()
    PREVIOUS_DAY = auto()
    NEXT_DAY = auto()
    EDIT = auto()
    DELETE = auto()
    NEW = auto()


def key_command(event: QKeyEvent) -> KeyCommand | None:
    """The agenda command of a key press, if it is one."""
    key = event.key()
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    alt = Qt.KeyboardModifier.AltModifier
    shift_alt = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    none = Qt.KeyboardModifier.NoModifier
    table: dict[tuple[int, Qt.KeyboardModifier], KeyCommand] = {
        (Qt.Key.Key_Up, alt): KeyCommand.EARLIER,
        (Qt.Key.Key_Down, alt): KeyCommand.LATER,
        (Qt.Key.Key_Up, shift_alt): KeyCommand.SHORTER,
        (Qt.Key.Key_Down, shift_alt): KeyCommand.LONGER,
        (Qt.Key.Key_Left, alt): KeyCommand.PREVIOUS_DAY,
        (Qt.Key.Key_Right, alt): KeyCommand.NEXT_DAY,
        (Qt.Key.Key_Return, none): KeyCommand.EDIT,
        (Qt.Key.Key_Enter, none): KeyCommand.EDIT,
        (Qt.Key.Key_Delete, none): KeyCommand.DELETE,
        (Qt.Key.Key_N, none): KeyCommand.NEW,
    }
    return table.get((key, mods))


class _Drag(Enum):
    CREATE = auto()
    MOVE = auto()
    RESIZE = auto()


@dataclass
class _DragState:
    mode: _Drag
    press: QPoint
    day: int
    anchor: datetime
    session: SessionInfo | None = None
    #: press time minus session start (move)
    offset: timedelta = timedelta(0)
    started: bool = False
    start: datetime | None = None
    end: datetime | None = None


class TimeGrid(QAbstractScrollArea):
    """Days side by side with hours down the left; sessions painted as coloured blocks."""

    #: a session id, or "" when nothing is selected
    selectionChanged = Signal(str)
    createRequested = Signal(object, object)  # start, end (datetime)
    moveRequested = Signal(str, object, object)  # session id, start, end
    editRequested = Signal(str)
    commandRequested = Signal(object)  # KeyCommand

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaGrid")
        self.setAccessibleName(tr("Agenda time grid"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.verticalScrollBar().setSingleStep(PIXELS_PER_HOUR // 4)
        self.horizontalScrollBar().setSingleStep(40)
        self._days: list[date] = []
        self._sessions: list[SessionInfo] = []
        self._blocks: list[Block] = []
        self._conflicts: dict[str, list[str]] = {}
        self._formats = EventFormats()
        self._gutter_width: int | None = None
        self._first_hour = FIRST_HOUR
        self._last_hour = LAST_HOUR
        self._selected: str | None = None
        self._drag: _DragState | None = None
        self._warning_icon = icons.icon("mdi6.alert", color=CONFLICT_COLOUR)
        #: each block's drawing, by what it shows (see GridPainter._paint_block)
        self._block_pictures: dict[tuple[object, ...], QPicture] = {}
        self._warning_pixmaps: dict[int, QPixmap] = {}
        self.empty_text = tr("No sessions yet — drag over the grid or press N")
        # While dragging near the top or bottom edge, the grid scrolls by itself.
        self._autoscroll = QTimer(self)
        self._autoscroll.setInterval(30)
        self._autoscroll.timeout.connect(self._autoscroll_tick)
        self._last_pos = QPoint()
        self._update_scrollbars()

    # --- data ---------------------------------------------------------------

    def set_agenda(
        self,
        days: Sequence[date],
        sessions: Sequence[SessionInfo],
        conflicts: dict[str, list[str]],
        formats: EventFormats,
    ) -> None:
        """Show ``sessions`` on ``days``; ``conflicts`` maps session ids to reasons."""
        self._days = list(days)
        self._sessions = list(sessions)
        self._conflicts = conflicts
        if formats.locale != self._formats.locale:  # times are written another way
            self._block_pictures.clear()
        self._formats = formats
        self._gutter_width = None
        self._drag = None
        day_index = {d: i for i, d in enumerate(self._days)}
        shown = [s for s in self._sessions if s.start.date() in day_index]
        first, last = FIRST_HOUR, LAST_HOUR
        for s in shown:
            first = min(first, s.start.hour)
            end_hours = 24.0 if s.end.date() > s.start.date() else s.end.hour + s.end.minute / 60
            last = max(last, ceil(end_hours))
        self._first_hour, self._last_hour = first, min(24, last)
        self._blocks = _layout(shown, day_index)
        if self._selected is not None and self.session(self._selected) is None:
            self._selected = None
        self._update_scrollbars()
        self.viewport().update()

    @property
    def days(self) -> list[date]:
        return list(self._days)

    @property
    def sessions(self) -> list[SessionInfo]:
        return list(self._sessions)

    def session(self, session_id: str) -> SessionInfo | None:
        return next((s for s in self._sessions if s.id == session_id), None)

    def selected_id(self) -> str | None:
        return self._selected

    def select(self, session_id: str | None, *, notify: bool = True) -> None:
        if session_id is not None and self.session(session_id) is None:
            session_id = None
        changed = session_id != self._selected
        self._selected = session_id
        if session_id is not None:
            self.ensure_visible(session_id)
        self.viewport().update()
        if changed and notify:
            self.selectionChanged.emit(session_id or "")

    def has_conflict(self, session_id: str) -> bool:
        return bool(self._conflicts.get(session_id))

    # --- geometry -----------------------------------------------------------

    def _gutter(self) -> int:
        if self._gutter_width is None:
            fm = QFontMetrics(self.font())
            widest = max(fm.horizontalAdvance(self._formats.time(time(h))) for h in (10, 12, 22))
            self._gutter_width = max(56, widest + 20)
        return self._gutter_width

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._gutter_width = None
            self._update_scrollbars()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._block_pictures.clear()
        super().changeEvent(event)

    def warning_pixmap(self, size: int) -> QPixmap:
        """The conflict mark, drawn once (the icon font is slow to paint many times)."""
        pixmap = self._warning_pixmaps.get(size)
        if pixmap is None:
            pixmap = self._warning_pixmaps[size] = self._warning_icon.pixmap(size, size)
        return pixmap

    def remember_block_picture(self, key: tuple[object, ...], picture: QPicture) -> None:
        """Keep a block's drawing; the oldest go once there are many more than blocks."""
        if len(self._block_pictures) > 4 * max(100, len(self._blocks)):
            self._block_pictures.clear()
        self._block_pictures[key] = picture

    def _column_width(self) -> float:
        if not self._days:
            return float(MIN_COLUMN_WIDTH)
        available = self.viewport().width() - self._gutter()
        return max(float(MIN_COLUMN_WIDTH), available / len(self._days))

    def _content_height(self) -> int:
        return (self._last_hour - self._first_hour) * PIXELS_PER_HOUR

    def _update_scrollbars(self) -> None:
        view = self.viewport().size()
        content_w = self._column_width() * len(self._days)
        self.horizontalScrollBar().setRange(
            0, max(0, ceil(content_w - (view.width() - self._gutter())))
        )
        self.horizontalScrollBar().setPageStep(max(1, view.width() - self._gutter()))
        visible_h = view.height() - HEADER_HEIGHT
        self.verticalScrollBar().setRange(0, max(0, self._content_height() - visible_h))
        self.verticalScrollBar().setPageStep(max(1, visible_h))

    def day_x(self, day: int) -> float:
        return self._gutter() + day * self._column_width() - self.horizontalScrollBar().value()

    def time_y(self, moment: datetime, day: date) -> float:
        minutes = (moment - datetime.combine(day, time(self._first_hour))) / timedelta(minutes=1)
        return HEADER_HEIGHT + minutes * PIXELS_PER_HOUR / 60 - self.verticalScrollBar().value()

    def session_rect(self, session_id: str) -> QRectF:
        """Where a session is painted (viewport coordinates); empty when not shown."""
        for block in self._blocks:
            if block.session.id == session_id:
                return self._block_rect(block)
        return QRectF()

    def _block_rect(
        self, block: Block, start: datetime | None = None, end: datetime | None = None
    ) -> QRectF:
        s = block.session
        start = start or s.start
        end = end or s.end
        day = self._days[block.day]
        midnight = end_of_day(day)
        col = self._column_width()
        inner = col - 8
        width = inner / block.lanes
        x = self.day_x(block.day) + 4 + block.lane * width
        top = self.time_y(start, day)
        bottom = self.time_y(min(end, midnight), day)
        return QRectF(x, top + 1, width - 2, max(8.0, bottom - top - 2))

    def point_at(self, pos: QPoint | QPointF) -> tuple[int, datetime] | None:
        """The day index and exact time under a viewport point, or None outside the grid."""
        if not self._days or pos.y() < HEADER_HEIGHT or pos.x() < self._gutter():
            return None
        day = floor(
            (pos.x() - self._gutter() + self.horizontalScrollBar().value()) / self._column_width()
        )
        if not 0 <= day < len(self._days):
            return None
        minutes = (
            (pos.y() - HEADER_HEIGHT + self.verticalScrollBar().value()) * 60 / PIXELS_PER_HOUR
        )
        minutes = min(max(minutes, 0.0), (self._last_hour - self._first_hour) * 60.0)
        moment = datetime.combine(self._days[day], time(self._first_hour)) + timedelta(
            minutes=minutes
        )
        return day, moment

    def point_for(self, day: int, moment: datetime) -> QPoint:
        """The viewport point of ``moment`` in day column ``day`` (for tests and tooltips)."""
        x = self.day_x(day) + self._column_width() / 2
        return QPoint(round(x), round(self.time_y(moment, self._days[day])))

    def _block_at(self, pos: QPoint | QPointF) -> Block | None:
        for block in reversed(self._blocks):
            if self._block_rect(block).contains(QPointF(pos)):
                return block
        return None

    def ensure_visible(self, session_id: str) -> None:
        rect = self.session_rect(session_id)
        if rect.isEmpty():
            return
        bar = self.verticalScrollBar()
        visible_top, visible_bottom = HEADER_HEIGHT, self.viewport().height()
        if rect.top() < visible_top:
            bar.setValue(bar.value() - round(visible_top - rect.top()) - 8)
        elif rect.bottom() > visible_bottom:
            shift = min(rect.bottom() - visible_bottom + 8, rect.top() - visible_top - 8)
            bar.setValue(bar.value() + max(0, round(shift)))
        hbar = self.horizontalScrollBar()
        if rect.left() < self._gutter():
            hbar.setValue(hbar.value() - round(self._gutter() - rect.left()) - 4)
        elif rect.right() > self.viewport().width():
            hbar.setValue(hbar.value() + round(rect.right() - self.viewport().width()) + 4)

    def scroll_to_hour(self, hour: int) -> None:
        # a little above the hour, so its label is not cut off by the header
        value = (hour - self._first_hour) * PIXELS_PER_HOUR - PIXELS_PER_HOUR // 4
        self.verticalScrollBar().setValue(max(0, value))

    def sizeHint(self) -> QSize:
        return QSize(
            self._gutter() + MIN_COLUMN_WIDTH * max(2, len(self._days)),
            HEADER_HEIGHT + 10 * PIXELS_PER_HOUR,
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_scrollbars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # --- painting -----------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        GridPainter(self).paint(event.rect())

    # --- mouse ----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position().toPoint()
        hit = self.point_at(pos)
        if hit is None:
            return
        day, moment = hit
        block = self._block_at(pos)
        if block is not None:
            self.select(block.session.id)
            rect = self._block_rect(block)
            mode = _Drag.RESIZE if rect.bottom() - pos.y() <= RESIZE_HANDLE else _Drag.MOVE
            self._drag = _DragState(
                mode, pos, day, moment, block.session, offset=moment - block.session.start
            )
        else:
            self.select(None)
            anchor = _floor(moment)
            self._drag = _DragState(_Drag.CREATE, pos, day, anchor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        drag = self._drag
        if drag is None:
            self._update_cursor(pos)
            return
        if not drag.started:
            if (pos - drag.press).manhattanLength() < QApplication.startDragDistance():
                return
            drag.started = True
            self._autoscroll.start()
        self._last_pos = pos
        self._update_drag(drag, pos)
        self.viewport().update()

    def _update_drag(self, drag: _DragState, pos: QPoint) -> None:
        hit = self.point_at(QPoint(pos.x(), max(pos.y(), HEADER_HEIGHT)))
        if hit is None:
            # Outside the day columns horizontally: keep the drag's own day.
            clamped = QPoint(
                min(max(pos.x(), self._gutter() + 1), self.viewport().width() - 2),
                max(pos.y(), HEADER_HEIGHT),
            )
            hit = self.point_at(clamped)
            if hit is None:
                return
        day, moment = hit
        base = datetime.combine(self._days[day], time.min)
        day_end = end_of_day(base.date())
        offset = moment - base  # time of day under the pointer, up to 24 h
        if drag.mode is _Drag.CREATE:
            own_day = datetime.combine(self._days[drag.day], time.min)
            anchor = datetime.combine(self._days[drag.day], drag.anchor.time())
            here = _round(own_day + offset)
            start, end = min(anchor, here), max(anchor, here)
            if session_too_short(start, end):
                end = start + MIN_SESSION_LENGTH
            drag.start, drag.end = start, end
        elif drag.mode is _Drag.MOVE and drag.session is not None:
            length = drag.session.end - drag.session.start
            start = _round(moment - drag.offset)
            start = max(start, base)
            if start + length > day_end and length <= timedelta(days=1):
                start = max(base, _floor(day_end - length))
            drag.start, drag.end = start, start + length
        elif drag.mode is _Drag.RESIZE and drag.session is not None:
            s = drag.session
            end = _round(datetime.combine(s.start.date(), time.min) + offset)
            drag.start, drag.end = s.start, max(end, s.start + MIN_SESSION_LENGTH)

    def _autoscroll_tick(self) -> None:
        drag = self._drag
        if drag is None or not drag.started:
            self._autoscroll.stop()
            return
        y, height, margin = self._last_pos.y(), self.viewport().height(), 32
        step = 0
        if y < HEADER_HEIGHT + margin:
            step = -max(2, (HEADER_HEIGHT + margin - y) // 2)
        elif y > height - margin:
            step = max(2, (y - (height - margin)) // 2)
        bar = self.verticalScrollBar()
        target = min(max(bar.value() + step, bar.minimum()), bar.maximum())
        if target != bar.value():
            bar.setValue(target)
            self._update_drag(drag, self._last_pos)
            self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._autoscroll.stop()
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag.started:
            self._update_drag(drag, event.position().toPoint())
        self.viewport().update()
        if not drag.started or drag.start is None or drag.end is None:
            return
        if drag.mode is _Drag.CREATE:
            self.createRequested.emit(drag.start, drag.end)
        elif drag.session is not None and (drag.start, drag.end) != (
            drag.session.start,
            drag.session.end,
        ):
            self.moveRequested.emit(drag.session.id, drag.start, drag.end)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self._block_at(event.position().toPoint())
        if block is not None:
            self._drag = None
            self.select(block.session.id)
            self.editRequested.emit(block.session.id)

    def _update_cursor(self, pos: QPoint) -> None:
        block = self._block_at(pos)
        if block is None:
            self.viewport().unsetCursor()
        elif self._block_rect(block).bottom() - pos.y() <= RESIZE_HANDLE:
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            block = self._block_at(event.pos())
            if block is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_for(block.session.id), self)
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, session_id: str) -> str:
        s = self.session(session_id)
        if s is None:
            return ""
        from html import escape

        lines = [f"<b>{escape(s.title)}</b>"]
        lines.append(
            f"{escape(kind_label(s.kind))} · {escape(self._formats.day_short(s.start.date()))}, "
            f"{escape(self._formats.span(s.start, s.end))}"
        )
        if s.location:
            lines.append(escape(s.location))
        for p in s.people:
            lines.append(f"{escape(role_label(p.role))}: {escape(p.name)}")
        for reason in self._conflicts.get(session_id, []):
            lines.append(f"<span style='color:{CONFLICT_COLOUR}'>⚠ {escape(reason)}</span>")
        return "<br>".join(lines)

    # --- keyboard --------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Take our keys before any shortcut of the window does.
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if key_command(event) is not None or _navigation_key(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = key_command(event)
        if command is not None:
            self.commandRequested.emit(command)
            event.accept()
            return
        if _navigation_key(event):
            self._navigate(event.key())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._drag is not None:
            self._autoscroll.stop()
            self._drag = None
            self.viewport().update()
            return
        super().keyPressEvent(event)

    def _navigate(self, key: int) -> None:
        ordered = sorted(self._blocks, key=lambda b: (b.day, b.session.start, b.lane))
        if not ordered:
            return
        current = next((b for b in ordered if b.session.id == self._selected), None)
        if current is None:
            self.select(ordered[0].session.id)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            same_day = [b for b in ordered if b.day == current.day]
            i = same_day.index(current) + (1 if key == Qt.Key.Key_Down else -1)
            if 0 <= i < len(same_day):
                self.select(same_day[i].session.id)
            return
        step = 1 if key == Qt.Key.Key_Right else -1
        day = current.day + step
        while 0 <= day < len(self._days):
            candidates = [b for b in ordered if b.day == day]
            if candidates:
                at = current.session.start.time()
                best = min(
                    candidates,
                    key=lambda b: abs(
                        datetime.combine(date.min, b.session.start.time())
                        - datetime.combine(date.min, at)
                    ),
                )
                self.select(best.session.id)
                return
            day += step


def _navigation_key(event: QKeyEvent) -> bool:
    return (
        event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        and event.key()
        in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
        )
    )


def _floor(moment: datetime) -> datetime:
    base = moment.replace(minute=0, second=0, microsecond=0)
    return base + ((moment - base) // STEP) * STEP


def _round(moment: datetime) -> datetime:
    base = moment.replace(minute=0, second=0, microsecond=0)
    return base + round((moment - base) / STEP) * STEP


def _layout(sessions: Sequence[SessionInfo], day_index: dict[date, int]) -> list[Block]:
    """Side-by-side lanes for overlapping sessions of the same day."""
    by_day: dict[int, list[SessionInfo]] = {}
    for s in sessions:
        by_day.setdefault(day_index[s.start.date()], []).append(s)
    blocks: list[Block] = []
    for day, items in by_day.items():
        items.sort(key=lambda s: (s.start, -(s.end - s.start).total_seconds(), s.title))
        clusters: list[tuple[list[tuple[SessionInfo, int]], list[datetime]]] = []
        cluster_end: datetime | None = None
        for s in items:
            if cluster_end is None or s.start >= cluster_end:
                clusters.append(([], []))
                cluster_end = None
            members, lane_ends = clusters[-1]
            lane = next((i for i, end in enumerate(lane_ends) if end <= s.start), len(lane_ends))
            if lane == len(lane_ends):
                lane_ends.append(s.end)
            else:
                lane_ends[lane] = s.end
            members.append((s, lane))
            cluster_end = s.end if cluster_end is None else max(cluster_end, s.end)
        for members, lane_ends in clusters:
            blocks.extend(Block(s, day, lane, max(1, len(lane_ends))) for s, lane in members)
    return blocks
