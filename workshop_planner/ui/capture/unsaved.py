"""The strip above the composer that lists notes whose save failed.

A note the workspace refused leaves the composer (so what is typed next is
never joined to it) and waits here, each one shown, until a retry saves it —
on the next Enter, on "Retry now", or by itself every few seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workshop_planner.ui.capture.commands import short
from workshop_planner.ui.capture.journal import PendingNote

#: how many waiting notes the strip spells out
SHOWN = 3


class UnsavedStrip(QFrame):
    """ "Not saved yet": the waiting notes, why, where they are kept, and Retry."""

    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureUnsaved")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#captureUnsaved { background: #fff4e5; border: 1px solid #e8a33d;"
            " border-radius: 6px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        texts = QVBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("captureUnsavedTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: 600;")
        self.notes = QLabel(self)
        self.notes.setObjectName("captureUnsavedNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        texts.addWidget(self.title)
        texts.addWidget(self.notes)
        layout.addLayout(texts, 1)
        self.retry = QPushButton(self.tr("Retry now"), self)
        self.retry.setObjectName("captureUnsavedRetry")
        self.retry.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # never takes the keys
        self.retry.clicked.connect(self.retryRequested)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_notes(self, notes: Sequence[PendingNote], reason: str, kept_in: str | None) -> None:
        """Show ``notes`` waiting (none: hide the strip)."""
        if not notes:
            self.hide()
            return
        count = len(notes)
        title = (
            self.tr("Not saved — %1 note is waiting; Enter retries it.")
            if count == 1
            else self.tr("Not saved — %1 notes are waiting; Enter retries them.")
        ).replace("%1", str(count))
        where = (
            self.tr("Kept in %1.").replace("%1", kept_in)
            if kept_in
            else self.tr("Kept only in this window: do not close it.")
        )
        self.title.setText(f"{title} {reason} {where}".strip())
        lines = [f"“{short(n.text, 90)}”" for n in notes[:SHOWN]]
        if count > SHOWN:
            lines.append(self.tr("… and %1 more").replace("%1", str(count - SHOWN)))
        self.notes.setText("\n".join(lines))
        self.show()
