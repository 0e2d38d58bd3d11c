"""Undo and redo that first show where the edit was made.

The window has one undo stack for every page and event. Before an edit is
undone or redone, the window shows the event and the page the command was made
on — read from the command itself (:attr:`UndoCommand.event_id`,
:attr:`UndoCommand.page`), so nobody tags commands from outside. An undo or
redo that does not come through these actions (the stack called directly)
shows its event afterwards.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Page, UndoCommand


class EditShower(Protocol):
    """What the navigator asks of the window."""

    def show_edit(self, event_id: str | None, page: Page | None, text: str) -> None:
        """Show the event and page an edit called ``text`` was made on."""


def where(command: QUndoCommand | None) -> tuple[str | None, Page | None]:
    """The event and page ``command`` was made on (None, None for foreign commands)."""
    if isinstance(command, UndoCommand):
        return command.event_id, command.page
    return None, None


class UndoNavigator(QObject):
    """Owns the window's Undo and Redo actions."""

    def __init__(self, stack: QUndoStack, shower: EditShower, parent: QObject) -> None:
        super().__init__(parent)
        self.stack = stack
        # weakly: the navigator must not keep its window alive
        self._shower = weakref.ref(shower)
        self._navigating = False
        self._index = stack.index()
        #: the command a redo would apply next (to tell a redo from a new edit)
        self._next: QUndoCommand | None = None
        self.undo_action = stack.createUndoAction(parent, self.tr("&Undo"))
        self.undo_action.setIcon(icon("undo"))
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(parent, self.tr("&Redo"))
        self.redo_action.setIcon(icon("redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, step, keys in (
            (self.undo_action, self.undo, "Ctrl+Z"),
            (self.redo_action, self.redo, "Ctrl+Shift+Z"),
        ):
            action.triggered.disconnect()  # the stack's own slot: we show the edit first
            action.triggered.connect(lambda _checked=False, s=step: s())
            action.setToolTip(f"{action.text().replace('&', '')} ({keys})")
        stack.indexChanged.connect(self._index_changed)

    @property
    def actions(self) -> tuple[QAction, QAction]:
        return self.undo_action, self.redo_action

    def undo(self) -> None:
        """Undo the last edit, first showing the event and page it was made in."""
        index = self.stack.index()
        if index > 0:
            self._step(self.stack.command(index - 1), self.stack.undo)

    def redo(self) -> None:
        """Redo the next edit, first showing the event and page it was made in."""
        index = self.stack.index()
        if index < self.stack.count():
            self._step(self.stack.command(index), self.stack.redo)

    def _step(self, command: QUndoCommand | None, step: Callable[[], None]) -> None:
        if command is not None:
            self._show(command)
        self._navigating = True
        try:
            step()
        finally:
            self._navigating = False

    def _index_changed(self, index: int) -> None:
        if not shiboken6.isValid(self.stack):  # the window is being torn down
            return
        previous, self._index = self._index, index
        expected_redo = self._next
        self._next = self.stack.command(index) if index < self.stack.count() else None
        if self._navigating:
            return
        if index == previous - 1:
            changed = self.stack.command(index)
        elif index == previous + 1 and expected_redo is not None:
            changed = self.stack.command(index - 1)
            if changed is not expected_redo:
                return  # a new edit replaced the ones undone: it was made on screen
        else:
            return  # a new edit, or the stack was cleared
        if changed is not None:
            self._show(changed)

    def _show(self, command: QUndoCommand) -> None:
        shower = self._shower()
        if shower is not None:
            event_id, page = where(command)
            shower.show_edit(event_id, page, command.text())
