"""The question every editor asks when its save was refused as stale.

Someone else saved the row after the editor loaded it, so the service
refused the edit (:class:`~workshop_planner.services.errors.StaleEditError`)
and nothing was saved. The person chooses: **Reload** (discard mine, show
theirs) or **Apply my change on top** (write only the fields I changed over
the current row). Closing the box (Escape) keeps the editor's text unsaved
and the row as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from workshop_planner.services.errors import StaleEditError


def tr(text: str) -> str:
    return QCoreApplication.translate("StaleEdit", text)


class StaleChoice(Enum):
    RELOAD = "reload"
    ON_TOP = "on_top"
    CANCEL = "cancel"


class StaleEditBox(QMessageBox):
    """Reload or apply my change on top; :meth:`choice` after it closed."""

    def __init__(self, error: StaleEditError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staleEditBox")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(tr("Changed elsewhere"))
        self.setText(str(error))
        self.setInformativeText(
            tr(
                "Reload discards your change and shows the current version; "
                "Apply my change on top saves only what you changed over it."
            )
        )
        self.reload_button: QPushButton = self.addButton(
            tr("Reload"), QMessageBox.ButtonRole.RejectRole
        )
        self.on_top_button: QPushButton = self.addButton(
            tr("Apply my change on top"), QMessageBox.ButtonRole.AcceptRole
        )
        self.cancel_button: QPushButton = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.on_top_button)
        self.setEscapeButton(self.cancel_button)

    def choice(self) -> StaleChoice:
        clicked = self.clickedButton()
        if clicked is self.reload_button:
            return StaleChoice.RELOAD
        if clicked is self.on_top_button:
            return StaleChoice.ON_TOP
        return StaleChoice.CANCEL


def ask_about_stale_edit(parent: QWidget | None, error: StaleEditError) -> StaleChoice:
    """Show the question (modal) and return the person's choice."""
    box = StaleEditBox(error, parent)
    try:
        box.exec()
        return box.choice()
    finally:
        box.deleteLater()


class Refusable(Protocol):
    """An undo command that keeps its stale refusal (None while not refused)."""

    stale: StaleEditError | None


C = TypeVar("C", bound=Refusable)


def push_or_settle(
    parent: QWidget | None,
    push: Callable[[C], bool],
    command: C,
    *,
    reload: Callable[[], None],
    on_top: Callable[[StaleEditError], C | None],
) -> bool:
    """Push ``command``; when it is refused as stale, ask the person what to do.

    Reload calls ``reload`` (show theirs, mine discarded); Apply my change on
    top pushes ``on_top(refusal)`` — the same edit based on the current row,
    None when there is nothing left to push — and asks again if that is
    refused too. Any other refusal was already reported by ``push``. Returns
    whether an edit was made.
    """
    while not push(command):
        refusal = command.stale
        if refusal is None:
            return False
        choice = ask_about_stale_edit(parent, refusal)
        if choice is StaleChoice.RELOAD:
            reload()
        if choice is not StaleChoice.ON_TOP:
            return False
        again = on_top(refusal)
        if again is None:
            return False
        command = again
    return True
