"""The studio's editors when someone else saved the note or theme after they showed it.

The autosave is refused (nothing of theirs reverted) and the person chooses
with a real click: Apply my change on top writes only the field they typed in.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from tests.ui.studio.conftest import Captured
from tests.ui.studio.test_studio_view import notes, select_notes
from workshop_planner.services import capture, curation
from workshop_planner.store import Workspace
from workshop_planner.ui.stale_edit import StaleEditBox
from workshop_planner.ui.studio import StudioView

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


def test_a_printed_field_typed_after_their_text_edit_is_applied_on_top(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    eid, ada = captured.event_id, captured.notes["quote_ada"]
    select_notes(qtbot, studio, ada)
    shown = studio.note_editor.note
    assert shown is not None
    capture.update_note(workspace, ada, text="Cities act, said Ada.", version=shown.version)
    seen: list[str] = []
    answer_with(lambda box: box.on_top_button, seen)
    job = studio.note_editor.findChild(QLineEdit, "detail_job_title")
    job.setFocus()
    job.selectAll()
    qtbot.keyClicks(job, "Mayor of Gdansk")

    qtbot.waitUntil(lambda: notes(workspace, eid)[ada].details["job_title"] == "Mayor of Gdansk")
    assert seen == ["This note was changed elsewhere since you opened it."]
    assert notes(workspace, eid)[ada].text == "Cities act, said Ada."  # theirs kept


def test_a_theme_field_typed_after_their_edit_is_applied_on_top(
    studio: StudioView, qtbot, workspace: Workspace, captured: Captured
) -> None:
    theme = curation.add_theme(workspace, captured.event_id, "Mayoral Leadership")
    studio.reload()
    studio.themes_view.setCurrentIndex(studio.themes_model.index(0))
    curation.update_theme(workspace, theme.id, {"summary": "Theirs."}, version=theme.version)
    seen: list[str] = []
    answer_with(lambda box: box.on_top_button, seen)
    editor = studio.theme_editor
    qtbot.mouseClick(editor.key_message, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.key_message, "Mayors lead.")
    qtbot.keyClick(editor.key_message, Qt.Key.Key_Return)

    saved = lambda: curation.list_themes(workspace, captured.event_id)[0]  # noqa: E731
    qtbot.waitUntil(lambda: saved().key_message == "Mayors lead.", timeout=5000)
    assert seen == ["This theme was changed elsewhere since you opened it."]
    assert saved().summary == "Theirs."
