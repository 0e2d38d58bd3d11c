"""Key routing of the capture page: keys go where the person is looking.

* A hidden page takes no keys and never takes the focus: the composer gets the
  focus only when the page is shown (:meth:`KeyRouter.focus_composer`), so an
  edit on another page that makes the capture page reload cannot pull the
  keyboard into the hidden text box.
* Keys sent to the page itself (automation, an accessibility tool, a window
  the window manager never activated) go to the field of the page that has the
  focus, or to the text box when nothing else of the page has it; a shortcut
  key that reached the page as a plain key press still does its job there.
* Ctrl+digit picks the kind of the note being typed only when the composer has
  the focus; on the notes list it changes nothing (the list's menus do).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

_PLAIN = ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)


def _signature(event: QKeyEvent) -> tuple[int, int, int, str]:
    return (event.timestamp(), event.key(), event.modifiers().value, event.text())


def _is_ctrl_digit(event: QKeyEvent) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return mods == Qt.KeyboardModifier.ControlModifier and (
        Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9
    )


class KeyRouter(QObject):
    """Decides where a key that reached the capture page goes.

    ``fields`` is the widget holding every field of the page (a key press
    passing it on its way up came from a field); ``composer`` holds the text
    box ``editor``; ``notes`` is the notes list. The action lists are the
    shortcuts each of them answers to.
    """

    def __init__(
        self,
        page: QWidget,
        fields: QWidget,
        composer: QWidget,
        editor: QWidget,
        notes: QWidget,
        undo_stack: QUndoStack,
        *,
        composer_actions: Sequence[QAction],
        notes_actions: Sequence[QAction],
        page_actions: Sequence[QAction],
        hint: Callable[[str], None],
    ) -> None:
        super().__init__(page)
        self._page = page
        self._fields = fields
        self._composer = composer
        self._editor = editor
        self._notes = notes
        self._undo = undo_stack
        self._composer_actions = composer_actions
        self._notes_actions = notes_actions
        self._page_actions = page_actions
        self._hint = hint
        self._forwarding = False
        #: the last key press that reached the page through one of its fields
        self._from_field: tuple[int, int, int, str] | None = None
        fields.installEventFilter(self)
        editor.installEventFilter(self)

    # --- the focus

    def shown(self) -> bool:
        """The page is on screen (shown in its window, which is shown)."""
        return self._page.isVisible() and self._editor.isVisible()

    def focus_composer(self) -> bool:
        """Give the text box the keys, only when the page is shown."""
        if not self.shown():
            return False
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_composer_if_idle(self) -> None:
        """The page was just shown: the text box takes the keys unless a field of
        the page has them (the window's chrome — sidebar, tabs — gives them up)."""
        if not self.shown():
            return
        focus = self.focus_in_window()
        if focus is None or not self._page.isAncestorOf(focus) or not focus.isVisible():
            self.focus_composer()

    def focus_in_window(self) -> QWidget | None:
        """The widget with the keyboard focus in the page's window, active or not."""
        window = self._page.window()
        focus = QApplication.focusWidget()
        if focus is not None and (focus is window or window.isAncestorOf(focus)):
            return focus
        return window.focusWidget()

    def _in_composer(self, focus: QWidget | None) -> bool:
        return focus is not None and (focus is self._composer or self._composer.isAncestorOf(focus))

    def _on_notes(self, focus: QWidget | None) -> bool:
        return focus is not None and (focus is self._notes or self._notes.isAncestorOf(focus))

    # --- keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if watched is self._editor and not self.shown():
                # Never type into a text box nobody sees (and never save from it).
                log.warning("A key reached the hidden capture text box; it was dropped.")
                event.accept()
                return True
            if watched is self._fields:
                self._from_field = _signature(event)
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        """A key press that reached the page; True when it was dealt with."""
        from_field = self._from_field == _signature(event)
        self._from_field = None
        if self._forwarding or not self.shown():
            return False  # a hidden page takes no keys
        focus = self.focus_in_window()
        if self._shortcut(event, focus):
            return True
        if from_field:
            if _is_ctrl_digit(event) and self._on_notes(focus):
                self._hint(
                    self._page.tr(
                        "Ctrl+digit picks the kind of the note you type. To change this "
                        "note's kind, use its menu (right-click) or Capture ▸ Change kind."
                    )
                )
                event.accept()
                return True
            return False  # a field of the page did not want it
        # Sent to the page itself: the field that has (or, in an inactive window,
        # will have) the focus types it; with no field of the page, the text box.
        target: QWidget = self._editor
        if (
            focus is not None
            and focus is not self._page
            and self._page.isAncestorOf(focus)
            and focus.isVisible()
            and focus.isEnabled()
        ):
            target = focus
        self._forwarding = True
        try:
            if target is self._editor and not self._editor.hasFocus():
                self._editor.setFocus(Qt.FocusReason.OtherFocusReason)
            copy = QKeyEvent(
                event.type(),
                event.key(),
                event.modifiers(),
                event.text(),
                event.isAutoRepeat(),
                event.count(),
            )
            QApplication.sendEvent(target, copy)
            event.setAccepted(copy.isAccepted())
        finally:
            self._forwarding = False
        return True

    def _shortcut(self, event: QKeyEvent, focus: QWidget | None) -> bool:
        """Run the action of a shortcut key that reached the page as a key press.

        Qt runs shortcuts only in the active window; a key sent straight to the
        page arrives here instead, and still does what its shortcut says — for
        the part of the page that has the focus.
        """
        on_notes = self._on_notes(focus)
        in_composer = self._in_composer(focus)
        nothing_else = focus is None or focus is self._page or not self._page.isAncestorOf(focus)
        plain = event.modifiers() & _PLAIN == Qt.KeyboardModifier.NoModifier
        if plain and not on_notes:
            return False  # plain typing, never a shortcut of the composer
        if event.matches(QKeySequence.StandardKey.Undo):
            self._undo.undo()
            event.accept()
            return True
        if event.matches(QKeySequence.StandardKey.Redo):
            self._undo.redo()
            event.accept()
            return True
        actions: list[QAction] = list(self._page_actions)
        if on_notes:
            actions += self._notes_actions
        elif in_composer or nothing_else:
            actions += self._composer_actions
        pressed = QKeySequence(event.keyCombination())
        for action in actions:
            if not action.isEnabled():
                continue
            for key in action.shortcuts():
                if key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch:
                    action.trigger()
                    event.accept()
                    return True
        return False
