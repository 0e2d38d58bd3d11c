"""What a note prints: its wording and the fields of its kind, with "Restore original".

The captured original stays in the note's history (``services.curation``);
edits are saved after a pause in typing as one undoable step per note.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import Attribution
from workshop_planner.services.curation import CurationNote
from workshop_planner.ui.capture.kinds import kind_style
from workshop_planner.ui.icons import icon
from workshop_planner.ui.studio.theme_editor import SAVE_DELAY_MS

#: the fields of each kind the editor shows: (name, label, multi-line)
KIND_FIELDS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "quote": (
        ("name", "Speaker", False),
        ("job_title", "Job title", False),
        ("organisation", "Organisation", False),
        ("city", "City", False),
        ("country", "Country (2 letters)", False),
    ),
    "case_study": (
        ("title", "Title", False),
        ("city", "City", False),
        ("country", "Country (2 letters)", False),
        ("challenge", "Challenge", True),
        ("approach", "Approach", True),
        ("impact", "Impact", True),
        ("url", "Link", False),
    ),
    "example": (
        ("label", "Label", False),
        ("city", "City", False),
        ("country", "Country (2 letters)", False),
        ("url", "Link", False),
    ),
    "resource": (
        ("title", "Title", False),
        ("publisher", "Publisher", False),
        ("url", "Link", False),
    ),
}

ATTRIBUTIONS = (
    (Attribution.NAMED.value, "By name"),
    (Attribution.BY_ORIGIN.value, "By where they come from"),
    (Attribution.ANONYMOUS.value, "A participant"),
)


class NoteEditor(QWidget):
    """Edits what one note prints; emits :attr:`edited` and :attr:`restoreRequested`."""

    #: note id, (old text, old details), (new text, new details)
    edited = Signal(str, object, object)
    #: note id, (current text, current details)
    restoreRequested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.note: CurationNote | None = None
        self.heading = QLabel()
        self.heading.setObjectName("noteEditorHeading")
        self.heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("printedText")
        self.text.setAccessibleName(self.tr("Printed wording"))
        self.text.setPlaceholderText(self.tr("What the report prints for this note"))
        self.text.setTabChangesFocus(True)
        self.restore = QPushButton(icon("restore"), self.tr("Restore &original"))
        self.restore.setObjectName("restoreOriginal")
        self.restore.setToolTip(self.tr("Print the wording as it was captured (Alt+O)"))
        self.restore.clicked.connect(self._restore)
        self.original = QLabel()
        self.original.setObjectName("originalText")
        self.original.setWordWrap(True)
        self.original.setProperty("role", "hint")
        self.attribution = QComboBox()
        self.attribution.setObjectName("quoteAttribution")
        self.attribution.setAccessibleName(self.tr("Attribution"))
        for value, label in ATTRIBUTIONS:
            self.attribution.addItem(self.tr(label), value)
        self.attribution.activated.connect(lambda _i: self.save())
        self._fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.text.textChanged.connect(self._typed)

        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(
            self.tr("Select a note to edit what the report prints for it (F2 from the list).")
        )
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.original)
        layout.addLayout(buttons)
        layout.addWidget(self.form_host)
        self.show_note(None)

    # --- showing

    def show_note(self, note: CurationNote | None) -> None:
        """Show ``note``; the same note again keeps what is being typed."""
        same = note is not None and self.note is not None and note.id == self.note.id
        if not same:
            self.flush()
        self.note = note
        for widget in (self.heading, self.text, self.original, self.restore, self.form_host):
            widget.setVisible(note is not None)
        self.empty.setVisible(note is None)
        if note is None:
            return
        self.heading.setText(
            self.tr("{0} by {1}").format(kind_style(note.kind).label, note.author or "—")
        )
        self.restore.setEnabled(note.edited)
        self.original.setText(
            self.tr("Edited after capture; the captured wording stays in the note's history.")
            if note.edited
            else self.tr("Prints as captured.")
        )
        if same and self._timer.isActive():
            return  # the user is typing: their text wins
        self._loading = True
        try:
            if self.text.toPlainText() != note.text:
                self.text.setPlainText(note.text)
            if not same:
                self._build_fields(note)
            self._fill_fields(note)
        finally:
            self._loading = False

    def _build_fields(self, note: CurationNote) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)  # deletes the widgets (the attribution combo is re-added)
        self._fields = {}
        self.attribution = QComboBox()
        self.attribution.setObjectName("quoteAttribution")
        self.attribution.setAccessibleName(self.tr("Attribution"))
        for value, label in ATTRIBUTIONS:
            self.attribution.addItem(self.tr(label), value)
        self.attribution.activated.connect(lambda _i: self.save())
        for name, label, multi in KIND_FIELDS.get(note.kind, ()):
            widget: QLineEdit | QPlainTextEdit
            if multi:
                widget = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(64)
                widget.textChanged.connect(self._typed)
            else:
                widget = QLineEdit()
                widget.textEdited.connect(lambda _t: self._typed())
            widget.setObjectName(f"detail_{name}")
            widget.setAccessibleName(self.tr(label))
            self._fields[name] = widget
            self.form.addRow(self.tr(label), widget)
        if note.kind == "quote":
            self.form.addRow(self.tr("Attribution"), self.attribution)

    def _fill_fields(self, note: CurationNote) -> None:
        for name, widget in self._fields.items():
            value = str(note.details.get(name) or "")
            if isinstance(widget, QPlainTextEdit):
                if widget.toPlainText() != value:
                    widget.setPlainText(value)
            elif widget.text() != value:
                widget.setText(value)
        if note.kind == "quote":
            index = self.attribution.findData(note.details.get("attribution"))
            self.attribution.setCurrentIndex(max(index, 0))

    # --- saving

    def _typed(self) -> None:
        if not self._loading and self.note is not None:
            self._timer.start()

    def current_details(self) -> dict[str, Any] | None:
        if self.note is None or self.note.kind not in KIND_FIELDS:
            return None
        details: dict[str, Any] = {}
        for name, widget in self._fields.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            details[name] = text.strip() or None
        if self.note.kind == "quote":
            details["attribution"] = self.attribution.currentData()
        return details

    def _old_details(self) -> dict[str, Any] | None:
        if self.note is None or self.note.kind not in KIND_FIELDS:
            return None
        names = set(self.current_details() or {})
        return {k: v for k, v in self.note.details.items() if k in names}

    def flush(self) -> None:
        if self._timer.isActive():
            self.save()

    def discard_typing(self) -> None:
        """Forget what was typed but not saved (the next :meth:`show_note` shows the note)."""
        self._timer.stop()

    def save(self) -> None:
        self._timer.stop()
        note = self.note
        if note is None or self._loading:
            return
        text = self.text.toPlainText().strip()
        details = self.current_details()
        old_details = self._old_details()
        if text == note.text and details == old_details:
            return
        if not text and not details:
            return  # nothing would print: keep the note as it is
        self.edited.emit(note.id, (note.text, old_details), (text, details))

    def _restore(self) -> None:
        if self.note is None:
            return
        self._timer.stop()
        self.restoreRequested.emit(self.note.id, (self.note.text, self._old_details()))

    def focus_text(self) -> None:
        self.text.setFocus()
        self.text.selectAll()
