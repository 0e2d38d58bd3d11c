"""Editing a note in place after someone else edited it: refused, then the person chooses.

Apply my change on top saves my text (theirs goes into the history, undo
brings it back); Reload shows theirs and saves nothing of mine.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import CaptureSetup
from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.view import CaptureView
from workshop_planner.ui.stale_edit import StaleEditBox

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def answer_with(button: Callable[[StaleEditBox], QPushButton], seen: list[str]) -> None:
    def go() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, StaleEditBox):
            QTimer.singleShot(20, go)
            return
        seen.append(box.text())
        QTest.mouseClick(button(box), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, go)


def edit_listed_note_after_theirs(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> str:
    """A note is listed; someone else edits it; I then edit the listed (stale) one in place."""
    qtbot.keyClicks(view.editor, "Mayors act frist")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    listed = view.notes_model.note_at(0)
    capture.update_note(workspace, listed.id, text="Mayors act, said Ana.", version=listed.version)
    view.select_note_row(0)
    view.notes_view.setFocus()
    qtbot.keyClick(view.notes_view, Qt.Key.Key_F2)
    editor = view.notes_view.findChild(type(view.editor), "noteInlineEditor")
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Mayors act first")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return listed.id


def test_apply_on_top_saves_mine_and_keeps_theirs_in_history(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    seen: list[str] = []
    answer_with(lambda box: box.on_top_button, seen)
    note_id = edit_listed_note_after_theirs(qtbot, view, workspace, setup)

    assert seen == ["This note was changed elsewhere since you opened it."]
    assert capture.get_note(workspace, note_id).text == "Mayors act first"
    history = [r.text for r in capture.note_history(workspace, note_id)]
    assert sorted(history) == ["Mayors act frist", "Mayors act, said Ana."]
    view.operations.undo_stack.undo()  # back to theirs, not to my stale text
    assert capture.get_note(workspace, note_id).text == "Mayors act, said Ana."


def test_reload_shows_theirs_and_saves_nothing(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    seen: list[str] = []
    answer_with(lambda box: box.reload_button, seen)
    note_id = edit_listed_note_after_theirs(qtbot, view, workspace, setup)

    assert len(seen) == 1
    assert capture.get_note(workspace, note_id).text == "Mayors act, said Ana."
    assert view.notes_model.note_at(0).text == "Mayors act, said Ana."
    assert not view.operations.undo_stack.undoText().startswith("Edit note")
