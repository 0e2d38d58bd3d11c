"""Painting a captured note in the list: time, kind chip, themes, text, details."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workshop_planner.ui.capture.kinds import chip_colours
from workshop_planner.ui.capture.models import NoteRole
from workshop_planner.ui.capture.widgets import NoteEdit

Index = QModelIndex | QPersistentModelIndex

PAD = 8
TIME_W = 48
GAP = 8


class NoteDelegate(QStyledItemDelegate):
    """A calm card per note; double-click or F2 edits its text in place."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        #: measuring wrapped text is slow; a long session re-lays out every note
        self._sizes: dict[tuple[str, bool, int, str], QSize] = {}

    # --- geometry ----------------------------------------------------------

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        body = QFont(option.font)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.86))
        chip = QFont(small)
        chip.setWeight(QFont.Weight.DemiBold)
        return body, small, chip

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width()
        if width <= 0:
            width = self._view.viewport().width()
        return max(120, width - TIME_W - 3 * PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = self._text_width(option)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        detail = bool(index.data(NoteRole.DETAIL))
        key = (text, detail, width, option.font.key())
        cached = self._sizes.get(key)
        if cached is not None:
            return cached
        body, small, _chip = self._fonts(option)
        fm = QFontMetrics(body)
        sm = QFontMetrics(small)
        text_h = fm.boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text or " "
        ).height()
        height = PAD + sm.height() + 4 + 4 + text_h + PAD
        if detail:
            height += sm.height() + 2
        size = QSize(width + TIME_W + 3 * PAD, height)
        if len(self._sizes) > 20_000:
            self._sizes.clear()
        self._sizes[key] = size
        return size

    # --- painting ------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        body, small, chip_font = self._fonts(option)
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(40)
            painter.fillRect(rect, highlight)
            painter.fillRect(
                QRect(rect.left(), rect.top(), 3, rect.height()),
                palette.color(QPalette.ColorRole.Highlight),
            )
        # separator
        sep = QColor(palette.color(QPalette.ColorRole.Mid))
        sep.setAlpha(70)
        painter.setPen(sep)
        painter.drawLine(rect.left() + PAD, rect.bottom(), rect.right() - PAD, rect.bottom())

        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
        sm = QFontMetrics(small)

        # time
        painter.setFont(small)
        painter.setPen(muted)
        time_rect = QRect(rect.left() + PAD, rect.top() + PAD, TIME_W, sm.height() + 4)
        painter.drawText(
            time_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            str(index.data(NoteRole.TIME) or ""),
        )

        # kind chip
        x = rect.left() + PAD + TIME_W + PAD
        kind = str(index.data(NoteRole.KIND) or "observation")
        label = str(index.data(NoteRole.KIND_LABEL) or "")
        background, foreground = chip_colours(kind)
        cm = QFontMetrics(chip_font)
        chip_rect = QRect(x, rect.top() + PAD, cm.horizontalAdvance(label) + 14, sm.height() + 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(chip_rect, chip_rect.height() / 2, chip_rect.height() / 2)
        painter.setFont(chip_font)
        painter.setPen(foreground)
        painter.drawText(chip_rect, int(Qt.AlignmentFlag.AlignCenter), label)

        # themes
        themes = index.data(NoteRole.THEMES) or []
        if themes:
            painter.setFont(small)
            painter.setPen(muted)
            tx = chip_rect.right() + GAP
            tag_text = "   ".join(f"# {t}" for t in themes)
            avail = rect.right() - PAD - tx
            painter.drawText(
                QRect(tx, chip_rect.top(), avail, chip_rect.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                sm.elidedText(tag_text, Qt.TextElideMode.ElideRight, avail),
            )

        # text
        width = self._text_width(option)
        painter.setFont(body)
        painter.setPen(text_colour)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        fm = QFontMetrics(body)
        text_rect = fm.boundingRect(
            QRect(x, chip_rect.bottom() + 6, width, 100_000), Qt.TextFlag.TextWordWrap, text
        )
        text_rect.setWidth(width)
        painter.drawText(
            text_rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), text
        )

        # details (speaker, case study title …)
        detail = str(index.data(NoteRole.DETAIL) or "")
        if detail:
            italic = QFont(small)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(muted)
            painter.drawText(
                QRect(x, text_rect.bottom() + 2, width, sm.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                sm.elidedText(detail, Qt.TextElideMode.ElideRight, width),
            )
        painter.restore()

    # --- editing ---------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = NoteEdit(parent)
        editor.setObjectName("noteInlineEditor")
        editor.setTabChangesFocus(True)
        editor.submitted.connect(lambda: self._finish(editor))
        return editor

    def _finish(self, editor: NoteEdit) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, NoteEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()
        else:  # pragma: no cover - only NoteEdit editors are created
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: object, index: Index) -> None:
        if isinstance(editor, NoteEdit):
            index.model().setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:  # pragma: no cover
            super().setModelData(editor, model, index)  # type: ignore[arg-type]

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = QRect(option.rect)
        rect.setLeft(rect.left() + PAD + TIME_W + PAD - 4)
        rect.setRight(rect.right() - PAD)
        rect.setTop(rect.top() + 2)
        rect.setBottom(rect.bottom() - 2)
        line = editor.fontMetrics().lineSpacing()
        if rect.height() < line * 3:
            rect.setHeight(line * 3)
        editor.setGeometry(rect)
