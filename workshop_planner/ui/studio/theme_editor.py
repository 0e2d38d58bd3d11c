"""The selected theme's title, key message, summary and body, saved as you type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workshop_planner.services.curation import ThemeInfo
from workshop_planner.ui.studio.markdown_edit import MarkdownField

#: how long typing pauses before the text is saved (one undo step per pause)
SAVE_DELAY_MS = 600

FIELDS = ("title", "key_message", "summary", "body")


class ThemeEditor(QWidget):
    """Edits one theme; emits :attr:`fieldEdited` after a pause in typing."""

    #: theme id, field, old value, new value
    fieldEdited = Signal(str, str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("themeEditor")
        self.theme: ThemeInfo | None = None
        self.hint = QLabel(self.tr("Select a theme to write its key message, summary and body."))
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setObjectName("themeTitle")
        self.title.setAccessibleName(self.tr("Theme title"))
        self.title.setPlaceholderText(self.tr("e.g. Mayoral Leadership"))
        self.key_message = QLineEdit()
        self.key_message.setObjectName("themeKeyMessage")
        self.key_message.setAccessibleName(self.tr("Key message"))
        self.key_message.setPlaceholderText(self.tr("The one sentence printed in bold"))
        self.summary = MarkdownField("themeSummary", self.tr("Summary"))
        self.summary.set_placeholder(self.tr("A short paragraph for the summary's list of themes"))
        self.body = MarkdownField("themeBody", self.tr("Body"))
        self.body.set_placeholder(self.tr("The narrative printed under the theme's heading"))

        self._timers: dict[str, QTimer] = {}
        getters: dict[str, Callable[[], str]] = {
            "title": self.title.text,
            "key_message": self.key_message.text,
            "summary": self.summary.text,
            "body": self.body.text,
        }
        self._getters = getters
        for name in FIELDS:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(SAVE_DELAY_MS)
            timer.timeout.connect(lambda n=name: self._save(n))
            self._timers[name] = timer
        self.title.textEdited.connect(lambda _t: self._timers["title"].start())
        self.title.editingFinished.connect(lambda: self._save("title"))
        self.key_message.textEdited.connect(lambda _t: self._timers["key_message"].start())
        self.key_message.editingFinished.connect(lambda: self._save("key_message"))
        self.summary.edited.connect(self._timers["summary"].start)
        self.body.edited.connect(self._timers["body"].start)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: narrow column
        form.addRow(self.tr("T&itle"), self.title)
        form.addRow(self.tr("&Key message"), self.key_message)
        form.addRow(self.tr("&Summary"), self.summary)
        form.addRow(self.tr("&Body"), self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.form, 1)
        self.show_theme(None)

    def _value(self, theme: ThemeInfo, name: str) -> str:
        value: str = getattr(theme, name) or ""
        return value

    def pending(self) -> bool:
        return any(t.isActive() for t in self._timers.values())

    def show_theme(self, theme: ThemeInfo | None) -> None:
        """Show ``theme`` (None: nothing selected); text being typed is kept."""
        if self.theme is not None and (theme is None or theme.id != self.theme.id):
            self.flush()
        switching = theme is None or self.theme is None or theme.id != self.theme.id
        self.theme = theme
        self.form.setEnabled(theme is not None)
        self.hint.setVisible(theme is None)
        values = {name: self._value(theme, name) if theme else "" for name in FIELDS}
        for name in FIELDS:
            if not switching and self._timers[name].isActive():
                continue  # the user is typing here: their text wins
            if name == "title":
                if self.title.text() != values[name]:
                    self.title.setText(values[name])
                    self.title.setCursorPosition(0)  # show the start of a long text
            elif name == "key_message":
                if self.key_message.text() != values[name]:
                    self.key_message.setText(values[name])
                    self.key_message.setCursorPosition(0)  # show the start of a long text
            elif name == "summary":
                self.summary.set_text(values[name])
            else:
                self.body.set_text(values[name])

    def discard_typing(self) -> None:
        """Forget what was typed but not saved (the next :meth:`show_theme` shows the theme)."""
        for timer in self._timers.values():
            timer.stop()

    def flush(self) -> None:
        """Save what was typed but not yet saved."""
        for name, timer in self._timers.items():
            if timer.isActive():
                self._save(name)

    def _save(self, name: str) -> None:
        self._timers[name].stop()
        if self.theme is None:
            return
        old = self._value(self.theme, name)
        new = self._getters[name]()
        if name == "title":
            new = new.strip()
            if not new:
                return  # a theme needs a title: keep the old one until one is typed
        if new != old:
            self.fieldEdited.emit(self.theme.id, name, old, new)
