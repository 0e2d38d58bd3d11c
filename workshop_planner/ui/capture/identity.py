"""Who is taking notes: the note-taker's name and the bar that asks for it.

The name comes from :data:`AUTHOR_ENV` or the settings; until the note-taker
gives theirs, notes are saved under the login name, provisionally, and the
name bar asks once, never in the way of typing. :class:`NoteTaker` holds the
name (no widget); :class:`AuthorBar` is the bar.
"""

from __future__ import annotations

import getpass
import os
import re
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.icons import icon

#: Environment variable that presets the note-taker's name (tests, automation).
AUTHOR_ENV = "WORKSHOP_PLANNER_AUTHOR"
#: QSettings key of the note-taker's name.
AUTHOR_KEY = "capture/author"


def settings() -> QSettings:
    return QSettings("Workshop Planner", "Workshop Planner")


def login_name() -> str:
    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):
        name = ""
    return name[: capture.MAX_AUTHOR] or "note-taker"


class NoteTaker(QObject):
    """The note-taker's name, and whether it is the provisional login name."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name: str | None = None
        #: the name is the login name, used until the note-taker gives theirs
        self.provisional = False
        #: notes saved in this run under the provisional name (re-authored once named)
        self.provisional_notes: list[str] = []

    def resolve(self) -> bool:
        """Take the name from the environment or the settings; else the login
        name, provisionally. Returns True when the name is known for sure."""
        if self.name and not self.provisional:
            return True
        name = os.environ.get(AUTHOR_ENV, "").strip()
        if not name:
            stored = settings().value(AUTHOR_KEY, "")
            name = str(stored).strip() if stored else ""
        if name:
            self.name = name[: capture.MAX_AUTHOR]
            self.provisional = False
            return True
        if not self.name:
            self.name = login_name()
            self.provisional = True
        return False

    def require(self) -> str:
        if not self.name:
            self.resolve()
        assert self.name is not None
        return self.name

    def saved_note(self, note_id: str) -> None:
        if self.provisional:
            self.provisional_notes.append(note_id)

    def rename(self, name: str, *, remember: bool = True) -> list[str]:
        """Take notes as ``name``; returns the notes saved under the provisional name."""
        was_provisional = self.provisional
        self.name = name
        self.provisional = False
        if remember:
            store = settings()
            store.setValue(AUTHOR_KEY, name)
            store.sync()
        moved = self.provisional_notes if was_provisional else []
        self.provisional_notes = []
        return moved


class AuthorBar(QFrame):
    """ "Who is taking these notes?" — a bar above the notes, with the name field."""

    #: the note-taker confirmed a (non-empty) name
    renamed = Signal(str)
    #: the bar is done (a name given, or Esc): the keys go back to the composer
    closed = Signal()
    #: a one-line status for the note-taker
    message = Signal(str)

    def __init__(self, taker: NoteTaker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.taker = taker
        self.setObjectName("captureAuthorBar")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(10, 6, 10, 6)
        bar.setSpacing(8)
        sign = QLabel(self)
        sign.setPixmap(icon("account-question-outline").pixmap(20, 20))
        bar.addWidget(sign)
        self.prompt = QLabel(self)
        self.prompt.setObjectName("captureAuthorPrompt")
        self.prompt.setWordWrap(True)
        bar.addWidget(self.prompt, 1)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("captureAuthorEdit")
        self.edit.setPlaceholderText(self.tr("Your name"))
        self.edit.setAccessibleName(self.tr("Note-taker's name"))
        self.edit.setMaxLength(capture.MAX_AUTHOR)
        self.edit.setMinimumWidth(220)
        self.edit.returnPressed.connect(self._accept)
        bar.addWidget(self.edit)
        save = QPushButton(icon("check"), self.tr("Use this name"), self)
        save.setObjectName("captureAuthorSave")
        save.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        save.clicked.connect(self._accept)
        bar.addWidget(save)
        escape = QAction(self)
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        escape.triggered.connect(self._dismiss)
        self.edit.addAction(escape)
        self.hide()

    def resolve(self) -> None:
        """Find the name (see :meth:`NoteTaker.resolve`); ask, without taking the
        keys, when only the login name is known."""
        if self.taker.resolve():
            self.hide()
        else:
            self.ask(self.taker.name, provisional=True, focus=False)

    def ask_name(self) -> None:
        """The note-taker wants to change the name: the bar, its field focused."""
        self.ask(self.taker.name, provisional=self.taker.provisional, focus=True)

    def ask(self, name: str | None, *, provisional: bool, focus: bool) -> None:
        """Show the bar; ``provisional``: notes go under ``name`` until answered."""
        if provisional:
            self.prompt.setText(
                self.tr(
                    "Who is taking these notes? Until you say, they are saved as “%1”. "
                    "Type your name and press Enter — it is asked only once."
                ).replace("%1", name or "")
            )
            self.edit.setText("")
        else:
            self.prompt.setText(
                self.tr(
                    "Take notes under another name (Enter to confirm, Esc to keep “%1”)."
                ).replace("%1", name or "")
            )
            self.edit.setText(name or "")
            self.edit.selectAll()
        self.show()
        if focus and self.isVisible():  # a hidden page never takes the keys
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _accept(self) -> None:
        name = self.edit.text().strip()
        if not name:
            self.message.emit(self.tr("Type your name first, then press Enter."))
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.renamed.emit(name)
        self.message.emit(self.tr("Taking notes as %1").replace("%1", name))
        self.closed.emit()

    def _dismiss(self) -> None:
        if not self.taker.provisional:
            self.hide()
        self.closed.emit()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "event"


def export_notes(
    parent: QWidget,
    workspace: Workspace,
    event_id: str,
    event_title: str,
    author: str,
    path: str | Path | None = None,
) -> Path | None:
    """Write the event's notes by ``author`` as a bundle; asks where when no ``path``
    (None: the note-taker cancelled). Raises ServiceError or OSError."""
    from workshop_planner.services.bundle import export_bundle_file

    if path is None:
        suggested = Path.home() / f"{_slug(event_title)}-notes-{_slug(author)}.json"
        chosen, _filter = QFileDialog.getSaveFileName(
            parent,
            parent.tr("Export my notes"),
            str(suggested),
            parent.tr("Event bundle (*.json)"),
        )
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        export_bundle_file(workspace, event_id, target, notes_author=author)
    finally:
        QApplication.restoreOverrideCursor()
    return target
