"""A Markdown field with formatting keys and a live formatted view.

Ctrl+B bold, Ctrl+I italic, Ctrl+K link, Ctrl+Shift+8 bulleted list (toggle).
The formatted view renders with the report's own Markdown pipeline
(``report.markdown.render_markdown``), so it shows what the PDF will print.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.report.markdown import render_markdown
from workshop_planner.ui.icons import icon

_MODS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class MarkdownEdit(QPlainTextEdit):
    """Plain Markdown text with Ctrl+B / Ctrl+I / Ctrl+K / Ctrl+Shift+8."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.bold_action = self._action("format-bold", self.tr("Bold (Ctrl+B)"), self.bold)
        self.italic_action = self._action("format-italic", self.tr("Italic (Ctrl+I)"), self.italic)
        self.link_action = self._action("link-variant", self.tr("Link (Ctrl+K)"), self.link)
        self.list_action = self._action(
            "format-list-bulleted", self.tr("Bulleted list (Ctrl+Shift+8)"), self.toggle_list
        )

    def _action(self, icon_name: str, text: str, slot: object) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.triggered.connect(lambda _c=False: slot())  # type: ignore[operator]
        return action

    def _keys(self, event: QKeyEvent) -> object | None:
        mods = event.modifiers() & _MODS
        key = event.key()
        if mods == Qt.KeyboardModifier.ControlModifier:
            return {
                Qt.Key.Key_B: self.bold,
                Qt.Key.Key_I: self.italic,
                Qt.Key.Key_K: self.link,
            }.get(Qt.Key(key))
        if mods == _MODS and key in (Qt.Key.Key_8, Qt.Key.Key_Asterisk):
            return self.toggle_list
        return None

    def event(self, event: QEvent) -> bool:
        # Claim our keys before window shortcuts (or Qt's Ctrl+K "delete to end of line").
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._keys(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        handler = self._keys(event)
        if handler is not None:
            handler()  # type: ignore[operator]
            event.accept()
            return
        super().keyPressEvent(event)

    # --- formatting

    def _wrap(self, marker: str) -> None:
        cursor = self.textCursor()
        selected = cursor.selectedText()
        if (
            selected.startswith(marker)
            and selected.endswith(marker)
            and len(selected) > 2 * len(marker)
        ):
            cursor.insertText(selected[len(marker) : -len(marker)])
            return
        start = cursor.selectionStart()
        cursor.insertText(f"{marker}{selected}{marker}")
        if not selected:  # put the cursor between the markers
            cursor.setPosition(start + len(marker))
            self.setTextCursor(cursor)

    def bold(self) -> None:
        self._wrap("**")

    def italic(self) -> None:
        self._wrap("*")

    def link(self) -> None:
        """``[selection](https://)`` with the address selected, ready to type over."""
        cursor = self.textCursor()
        label = cursor.selectedText() or self.tr("link text")
        start = cursor.selectionStart()
        cursor.insertText(f"[{label}](https://)")
        url_start = start + len(label) + 3
        cursor.setPosition(url_start)
        cursor.setPosition(url_start + len("https://"), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def toggle_list(self) -> None:
        """Make the selected lines a bulleted list, or plain lines again."""
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart())
        last = doc.findBlock(cursor.selectionEnd())
        blocks = []
        block = first
        while block.isValid():
            blocks.append(block)
            if block == last:
                break
            block = block.next()
        bulleted = all(b.text().startswith("- ") for b in blocks)
        cursor.beginEditBlock()
        for b in blocks:
            edit = QTextCursor(b)
            if bulleted:
                edit.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, 2
                )
                edit.removeSelectedText()
            else:
                edit.insertText("- ")
        cursor.endEditBlock()


class MarkdownField(QWidget):
    """A :class:`MarkdownEdit` with its formatting buttons and a live formatted view."""

    #: the user changed the text (typing, formatting)
    edited = Signal()

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = MarkdownEdit()
        self.edit.setObjectName(name)
        self.edit.setAccessibleName(accessible)
        self.view = QTextBrowser()
        self.view.setObjectName(f"{name}Preview")
        self.view.setAccessibleName(self.tr("{0}, formatted").format(accessible))
        self.view.setOpenLinks(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setPlaceholderText(self.tr("The formatted text shows here as you type."))
        # on the window's colour, so it reads as the formatted result, not a second editor
        self.view.setStyleSheet("QTextBrowser { background: palette(window); }")
        self.view.setToolTip(self.tr("{0} as it will be formatted").format(accessible))
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.render_view)
        self.edit.textChanged.connect(self._changed)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        for action in (
            self.edit.bold_action,
            self.edit.italic_action,
            self.edit.link_action,
            self.edit.list_action,
        ):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bar.addWidget(button)
        bar.addStretch(1)
        # side by side when there is room, else the formatted view under the source
        self.panes = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.panes.setSpacing(8)
        self.panes.addWidget(self.edit, 1)
        self.panes.addWidget(self.view, 1)
        self.edit.setMinimumHeight(72)
        self.view.setMinimumHeight(72)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addLayout(self.panes)

    #: narrower than this, the formatted view goes under the source
    SIDE_BY_SIDE_WIDTH = 520

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self.SIDE_BY_SIDE_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.panes.direction() != direction:
            self.panes.setDirection(direction)
        super().resizeEvent(event)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text`` (from the workspace) without counting it as an edit."""
        if self.edit.toPlainText() == text:
            return
        self._loading = True
        try:
            self.edit.setPlainText(text)
        finally:
            self._loading = False
        self.render_view()

    def set_placeholder(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def _changed(self) -> None:
        self._timer.start()
        if not self._loading:
            self.edited.emit()

    def render_view(self) -> None:
        self._timer.stop()
        self.view.setHtml(str(render_markdown(self.edit.toPlainText())))

    def html(self) -> str:
        return self.view.toHtml()
