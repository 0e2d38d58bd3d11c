"""How the agenda's time grid is drawn: lines, hours, day headers, session blocks,
the drag preview and the empty state. :class:`TimeGrid` keeps the state and
the geometry; :class:`GridPainter` paints one frame of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPicture

from workshop_planner.services.agenda import SessionInfo
from workshop_planner.ui.agenda.style import (
    CONFLICT_COLOUR,
    kind_colour,
    kind_fill,
    tr,
)

if TYPE_CHECKING:
    from workshop_planner.ui.agenda.grid import TimeGrid

HEADER_HEIGHT = 44
PIXELS_PER_HOUR = 64


@dataclass(frozen=True)
class Block:
    """A session laid out in its day: side by side with the ones it overlaps."""

    session: SessionInfo
    day: int
    lane: int
    lanes: int


class GridPainter:
    """Paints ``grid`` (one frame; made for each paint event)."""

    def __init__(self, grid: TimeGrid) -> None:
        self.grid = grid
        self._fonts: tuple[QFont, QFont, QFontMetrics, QFontMetrics] | None = None

    def _block_fonts(self) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
        """A block's title and detail fonts and their metrics (made once a frame)."""
        if self._fonts is None:
            title_font = QFont(self.grid.font())
            title_font.setBold(True)
            small = QFont(self.grid.font())
            small.setPointSizeF(small.pointSizeF() * 0.88)
            self._fonts = (title_font, small, QFontMetrics(title_font), QFontMetrics(small))
        return self._fonts

    def paint(self, area: QRect) -> None:
        painter = QPainter(self.grid.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.grid.palette()
        rect = self.grid.viewport().rect()
        painter.fillRect(rect, pal.color(QPalette.ColorRole.Base))
        gutter = self.grid._gutter()
        grid_clip = QRect(gutter, HEADER_HEIGHT, rect.width() - gutter, rect.height())
        self._paint_lines(painter, grid_clip)
        painter.save()
        painter.setClipRect(grid_clip)
        self._paint_drag_ghosts(painter)
        visible = QRectF(area)
        for block in self.grid._blocks:
            block_rect = self.grid._block_rect(block)
            if block_rect.intersects(visible):
                self._paint_block(painter, block, rect=block_rect)
        self._paint_drag_preview(painter)
        painter.restore()
        self._paint_gutter(painter, gutter)
        self._paint_header(painter, gutter)
        if not self.grid._sessions:
            self._paint_empty(painter, grid_clip)
        painter.end()

    def _line_colour(self, strength: float) -> QColor:
        text = self.grid.palette().color(QPalette.ColorRole.Text)
        colour = QColor(text)
        colour.setAlphaF(strength)
        return colour

    def _paint_lines(self, painter: QPainter, clip: QRect) -> None:
        painter.save()
        painter.setClipRect(clip)
        day0 = self.grid._days[0] if self.grid._days else date.today()
        for hour in range(self.grid._first_hour, self.grid._last_hour + 1):
            y = self.grid.time_y(datetime.combine(day0, time(hour % 24)), day0)
            if hour == 24:
                y = (
                    HEADER_HEIGHT
                    + self.grid._content_height()
                    - self.grid.verticalScrollBar().value()
                )
            painter.setPen(QPen(self._line_colour(0.16), 1))
            painter.drawLine(QPointF(clip.left(), y + 0.5), QPointF(clip.right(), y + 0.5))
            if hour < self.grid._last_hour:
                painter.setPen(QPen(self._line_colour(0.07), 1, Qt.PenStyle.DashLine))
                half = y + PIXELS_PER_HOUR / 2 + 0.5
                painter.drawLine(QPointF(clip.left(), half), QPointF(clip.right(), half))
        painter.setPen(QPen(self._line_colour(0.18), 1))
        for i in range(len(self.grid._days) + 1):
            x = self.grid.day_x(i) + 0.5
            painter.drawLine(QPointF(x, clip.top()), QPointF(x, clip.bottom()))
        painter.restore()

    def _paint_gutter(self, painter: QPainter, gutter: int) -> None:
        pal = self.grid.palette()
        height = self.grid.viewport().height()
        painter.fillRect(
            QRect(0, HEADER_HEIGHT, gutter, height), pal.color(QPalette.ColorRole.Base)
        )
        painter.setPen(QPen(self._line_colour(0.18), 1))
        painter.drawLine(QPointF(gutter - 0.5, HEADER_HEIGHT), QPointF(gutter - 0.5, height))
        font = QFont(self.grid.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        painter.setFont(font)
        fm = QFontMetrics(font)
        painter.setPen(self._line_colour(0.65))
        day0 = self.grid._days[0] if self.grid._days else date.today()
        painter.save()
        painter.setClipRect(QRect(0, HEADER_HEIGHT, gutter, height))
        for hour in range(self.grid._first_hour, self.grid._last_hour):
            y = self.grid.time_y(datetime.combine(day0, time(hour)), day0)
            label = self.grid._formats.time(time(hour))
            top = y + 2 if hour == self.grid._first_hour else y - fm.height() / 2
            painter.drawText(
                QRectF(0, top, gutter - 8, fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
        painter.restore()

    def _paint_header(self, painter: QPainter, gutter: int) -> None:
        pal = self.grid.palette()
        width = self.grid.viewport().width()
        painter.fillRect(QRect(0, 0, width, HEADER_HEIGHT), pal.color(QPalette.ColorRole.Window))
        painter.setPen(QPen(self._line_colour(0.22), 1))
        painter.drawLine(QPointF(0, HEADER_HEIGHT - 0.5), QPointF(width, HEADER_HEIGHT - 0.5))
        painter.save()
        painter.setClipRect(QRect(gutter, 0, width - gutter, HEADER_HEIGHT))
        bold = QFont(self.grid.font())
        bold.setBold(True)
        small = QFont(self.grid.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        col = self.grid._column_width()
        for i, day in enumerate(self.grid._days):
            x = self.grid.day_x(i)
            cell = QRectF(x, 4, col, HEADER_HEIGHT / 2 + 2)
            painter.setFont(bold)
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            painter.drawText(
                cell, int(Qt.AlignmentFlag.AlignCenter), self.grid._formats.day_header(day)
            )
            count = sum(1 for b in self.grid._blocks if b.day == i)
            painter.setFont(small)
            painter.setPen(self._line_colour(0.6))
            sub = QRectF(x, HEADER_HEIGHT / 2 + 2, col, HEADER_HEIGHT / 2 - 4)
            text = tr("Day {n} · {count} sessions").format(n=i + 1, count=count)
            if count == 1:
                text = tr("Day {n} · 1 session").format(n=i + 1)
            painter.drawText(sub, int(Qt.AlignmentFlag.AlignCenter), text)
            if i:
                painter.setPen(QPen(self._line_colour(0.18), 1))
                painter.drawLine(QPointF(x + 0.5, 6), QPointF(x + 0.5, HEADER_HEIGHT - 6))
        painter.restore()

    def _paint_block(
        self, painter: QPainter, block: Block, *, ghost: bool = False, rect: QRectF | None = None
    ) -> None:
        """Paint a session's block, replaying the drawing made the last time the
        block looked the same: a big agenda repaints hundreds of blocks on every
        scroll, move or page switch, and laying out their text each time costs
        far more than the frame may take."""
        s = block.session
        if rect is None:
            rect = self.grid._block_rect(block)
        drag = self.grid._drag
        moving_id = drag.session.id if drag and drag.started and drag.session else None
        if moving_id == s.id and not ghost:
            return
        selected = s.id == self.grid._selected
        conflict = self.grid.has_conflict(s.id)
        key = (s, rect.width(), rect.height(), selected, conflict, ghost)
        picture = self.grid._block_pictures.get(key)
        if picture is None:
            picture = QPicture()
            recorder = QPainter(picture)
            recorder.setRenderHint(QPainter.RenderHint.Antialiasing)
            local = QRectF(0, 0, rect.width(), rect.height())
            self._draw_block(recorder, s, local, selected=selected, conflict=conflict, ghost=ghost)
            recorder.end()
            self.grid.remember_block_picture(key, picture)
        painter.drawPicture(rect.topLeft(), picture)

    def _draw_block(
        self,
        painter: QPainter,
        s: SessionInfo,
        rect: QRectF,
        *,
        selected: bool,
        conflict: bool,
        ghost: bool,
    ) -> None:
        colour = kind_colour(s.kind)
        painter.save()
        if ghost:
            painter.setOpacity(0.35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(kind_fill(s.kind, selected=selected))
        painter.drawRoundedRect(rect, 5, 5)
        bar = QRectF(rect.left(), rect.top(), 4, rect.height())
        painter.setBrush(colour)
        painter.drawRoundedRect(bar, 2, 2)
        if conflict:
            painter.setPen(QPen(QColor(CONFLICT_COLOUR), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
        if selected:
            highlight = self.grid.palette().color(QPalette.ColorRole.Highlight)
            inset = 3.5 if conflict else 1
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), 4, 4)
        self._paint_block_text(painter, s, rect, conflict)
        painter.restore()

    def _paint_block_text(
        self, painter: QPainter, s: SessionInfo, rect: QRectF, conflict: bool
    ) -> None:
        icon_size = 16
        text_rect = rect.adjusted(10, 3, -6, -2)
        if conflict:
            icon_rect = QRect(
                round(rect.right() - icon_size - 5), round(rect.top() + 4), icon_size, icon_size
            )
            painter.drawPixmap(icon_rect, self.grid.warning_pixmap(icon_size))
            text_rect.setRight(text_rect.right() - icon_size - 2)
        title_font, small, fm_title, fm_small = self._block_fonts()
        ink = kind_colour(s.kind).darker(170)
        muted = QColor(self.grid.palette().color(QPalette.ColorRole.Text))
        muted.setAlphaF(0.75)
        span = self.grid._formats.span(s.start, s.end)
        width = max(0, int(text_rect.width()))
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        if rect.height() < fm_title.height() + fm_small.height() + 4:
            painter.setFont(small)
            painter.setPen(ink)
            line = fm_small.elidedText(
                f"{self.grid._formats.time(s.start)}  {s.title}", Qt.TextElideMode.ElideRight, width
            )
            painter.drawText(
                text_rect,
                int(
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                    if rect.height() < 24
                    else Qt.AlignmentFlag.AlignTop
                ),
                line,
            )
            return
        y = text_rect.top()
        painter.setFont(title_font)
        painter.setPen(ink)
        lines_left = int((text_rect.height() - fm_small.height()) // fm_title.height())
        title_lines = wrap_text(s.title, fm_title, width, max(1, min(2, lines_left)))
        for line in title_lines:
            painter.drawText(QPointF(text_rect.left(), y + fm_title.ascent()), line)
            y += fm_title.height()
        painter.setFont(small)
        painter.setPen(muted)
        details = [span]
        if s.location:
            details.append(s.location)
        names = ", ".join(p.name for p in s.people)
        if names:
            details.append(names)
        for detail in details:
            if y + fm_small.height() > text_rect.bottom() + 2:
                break
            text = fm_small.elidedText(detail, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QPointF(text_rect.left(), y + fm_small.ascent()), text)
            y += fm_small.height()

    def _paint_drag_ghosts(self, painter: QPainter) -> None:
        drag = self.grid._drag
        if drag is None or not drag.started or drag.session is None:
            return
        for block in self.grid._blocks:
            if block.session.id == drag.session.id:
                self._paint_block(painter, block, ghost=True)

    def _paint_drag_preview(self, painter: QPainter) -> None:
        drag = self.grid._drag
        if drag is None or not drag.started or drag.start is None or drag.end is None:
            return
        day = (
            self.grid._days.index(drag.start.date())
            if drag.start.date() in self.grid._days
            else drag.day
        )
        if drag.session is not None:
            preview = SessionInfo(
                id=drag.session.id,
                event_id=drag.session.event_id,
                title=drag.session.title,
                kind=drag.session.kind,
                start=drag.start,
                end=drag.end,
                location=drag.session.location,
                description=None,
                people=drag.session.people,
            )
            block = Block(preview, day, 0, 1)
            rect = self.grid._block_rect(block)
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(kind_fill(preview.kind, selected=True))
            painter.drawRoundedRect(rect, 5, 5)
            painter.setBrush(kind_colour(preview.kind))
            painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
            painter.setPen(
                QPen(
                    self.grid.palette().color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine
                )
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 5, 5)
            self._paint_block_text(painter, preview, rect, False)
            painter.restore()
            return
        x = self.grid.day_x(day) + 4
        top = self.grid.time_y(drag.start, self.grid._days[day])
        bottom = self.grid.time_y(drag.end, self.grid._days[day])
        rect = QRectF(x, top + 1, self.grid._column_width() - 8, max(8.0, bottom - top - 2))
        highlight = QColor(self.grid.palette().color(QPalette.ColorRole.Highlight))
        fill = QColor(highlight)
        fill.setAlphaF(0.18)
        painter.save()
        painter.setBrush(fill)
        painter.setPen(QPen(highlight, 1.5, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(highlight.darker(140))
        painter.drawText(
            rect.adjusted(10, 4, -6, -2),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            f"{tr('New session')}\n{self.grid._formats.span(drag.start, drag.end)}",
        )
        painter.restore()

    def _paint_empty(self, painter: QPainter, clip: QRect) -> None:
        font = QFont(self.grid.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        fm = QFontMetrics(font)
        width = fm.horizontalAdvance(self.grid.empty_text) + 40
        height = fm.height() + 24
        box = QRectF(clip.center().x() - width / 2, clip.top() + 48, width, height)
        painter.save()
        background = QColor(self.grid.palette().color(QPalette.ColorRole.Window))
        painter.setBrush(background)
        painter.setPen(QPen(self._line_colour(0.2), 1))
        painter.drawRoundedRect(box, 8, 8)
        painter.setFont(font)
        painter.setPen(self._line_colour(0.7))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), self.grid.empty_text)
        painter.restore()


def wrap_text(text: str, fm: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines, the last one elided."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if fm.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        lines.append(current)
    lines = lines[:max_lines]
    if lines:
        lines[-1] = fm.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines
