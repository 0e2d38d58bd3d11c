"""A save that fails keeps the note, says so, and never joins it to the next note.

The workspace refuses writes for real (tests/failing_sqlite.py): a read-only
connection, or a database that is full. Whatever the error, the note leaves the
composer for the "not saved" strip and the journal; Enter retries it as its own
note; drafts the workspace refuses go to the journal and come back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import AUTHOR, CaptureSetup
from tests.failing_sqlite import unwritable
from tests.ui.capture.conftest import make_view
from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.drafts import DRAFT_RETRY_MS
from workshop_planner.ui.capture.view import PENDING_RETRY_MS, CaptureView
from workshop_planner.ui.errors import install_error_handler

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: long enough to need new database pages (so a full database refuses it)
LONG = "gn26 " + "the quick brown fox jumps over the lazy dog " * 110 + "26gn"


@pytest.fixture(autouse=True)
def error_log(tmp_path: Path) -> Iterator[Path]:
    """A fresh error handler per test (its log file); its dialogs closed after."""
    handler = install_error_handler(tmp_path / "log" / "errors.log", hooks=False)
    yield handler.log_path
    handler.close()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()


def type_long(view: CaptureView) -> None:
    """:data:`LONG`, mostly pasted, its last words typed."""
    view.editor.setPlainText(LONG[:-5])
    view.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(view.editor, LONG[-5:])


def type_note(view: CaptureView, text: str) -> None:
    QTest.keyClicks(view.editor, text)
    QTest.keyClick(view.editor, Qt.Key.Key_Return)


def saved_texts(workspace: Workspace, event_id: str) -> list[str]:
    notes = capture.list_notes(workspace, event_id, all_sessions=True, author=AUTHOR)
    return [n.text for n in notes]


def test_a_failed_save_is_never_joined_to_the_next_note(
    view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    with unwritable(workspace.engine, "read_only"):
        type_note(view, "gn26 the quick brown fox 26gn")
        # The composer is free for the next note; the failed one waits, visibly.
        assert view.editor.toPlainText() == ""
        assert view.unsaved.isVisible()
        assert "the quick brown fox" in view.unsaved.notes.text()
        assert view.status_text.startswith("Not saved")
        type_note(view, "gn27 jumps over the lazy dog 27gn")
        assert [n.text for n in view.pending] == [
            "gn26 the quick brown fox 26gn",
            "gn27 jumps over the lazy dog 27gn",
        ]
        assert saved_texts(workspace, setup.event_id) == []
        assert "2 notes are waiting" in view.unsaved.title.text()
    QTest.keyClicks(view.editor, "gn28 a third 28gn")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)  # the workspace takes writes again
    assert saved_texts(workspace, setup.event_id) == [
        "gn26 the quick brown fox 26gn",
        "gn27 jumps over the lazy dog 27gn",
        "gn28 a third 28gn",
    ]
    assert view.pending == []
    assert not view.unsaved.isVisible()
    assert view.status_text.startswith("Saved")
    assert view.journal.is_empty()
    # Each is its own note on the undo stack, too.
    assert view.operations.undo_stack.count() == 3


def test_enter_on_an_empty_composer_retries_the_waiting_note(
    view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    with unwritable(workspace.engine, "read_only"):
        type_note(view, "gn26 the quick brown fox 26gn")
    assert saved_texts(workspace, setup.event_id) == []
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert saved_texts(workspace, setup.event_id) == ["gn26 the quick brown fox 26gn"]
    assert view.status_text == "Saved 1 waiting note(s)"


def test_the_waiting_note_is_retried_by_itself(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    with unwritable(workspace.engine, "read_only"):
        type_note(view, "gn26 the quick brown fox 26gn")
        QTest.keyClicks(view.editor, "next thought")
    qtbot.waitUntil(lambda: not view.pending, timeout=PENDING_RETRY_MS + 2000)
    assert saved_texts(workspace, setup.event_id) == ["gn26 the quick brown fox 26gn"]
    assert view.editor.toPlainText() == "next thought"  # untouched by the retry


def test_a_full_disk_says_not_saved_and_the_status_never_says_saved(
    view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    with unwritable(workspace.engine, "full"):
        type_long(view)
        QTest.keyClick(view.editor, Qt.Key.Key_Return)
        assert not view.status_text.startswith("Saved")
        assert view.status_text.startswith("Not saved")
        assert [n.text for n in view.journal.pending(setup.event_id, AUTHOR)] == [LONG]
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert saved_texts(workspace, setup.event_id) == [LONG]
    assert view.journal.is_empty()


def test_a_draft_the_full_workspace_refuses_is_kept_in_the_journal_and_comes_back(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    with unwritable(workspace.engine, "full"):
        type_long(view)
        view.flush_draft()
        kept = view.journal.draft(setup.event_id, AUTHOR)
        assert kept is not None
        assert kept.text == LONG
        assert capture.load_draft(workspace, setup.event_id, AUTHOR) is None
        assert "kept in" in view._message.text()
    # Writable again: the retry puts the draft in the workspace, the journal empties.
    qtbot.waitUntil(view.journal.is_empty, timeout=DRAFT_RETRY_MS + 2000)
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert draft.text == LONG


def test_notes_and_drafts_left_in_the_journal_come_back_on_the_next_start(
    qtbot: QtBot, workspace: Workspace, setup: CaptureSetup
) -> None:
    first = make_view(workspace, qtbot, setup.event_id)
    with unwritable(workspace.engine, "full"):
        type_long(first)
        QTest.keyClick(first.editor, Qt.Key.Key_Return)
        QTest.keyClicks(first.editor, "gn27 half a thought")
        first.close()  # its last flush fails too
        # The window is gone before the workspace recovers: nothing of it retries.
        first._retry_timer.stop()
        first.drafts.stop()
    second = make_view(workspace, qtbot, setup.event_id)
    assert saved_texts(workspace, setup.event_id) == [LONG]
    assert second.editor.toPlainText() == "gn27 half a thought"
    assert second.pending == []
    assert second.journal.is_empty()
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert draft.text == "gn27 half a thought"


def test_a_waiting_note_the_service_refuses_goes_back_to_the_composer(
    view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    view.select_session(setup.sessions[2])
    with unwritable(workspace.engine, "read_only"):
        type_note(view, "gn26 said in the workshop #climate 26gn")
    # Meanwhile the organiser deleted that session.
    with workspace.transaction() as db:
        db.delete(db.get(m.Session, setup.sessions[2]))
    view.select_session(setup.sessions[0])
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert view.pending == []
    assert view.editor.toPlainText() == "gn26 said in the workshop #climate 26gn"
    assert "back in the composer" in view._message.text()
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    notes = capture.list_notes(workspace, setup.event_id, all_sessions=True, author=AUTHOR)
    assert [(n.text, n.session_id) for n in notes] == [
        ("gn26 said in the workshop 26gn", setup.sessions[0])
    ]
    assert view.journal.is_empty()


def test_retry_now_saves_the_waiting_note_and_keeps_the_keys_in_the_composer(
    view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    with unwritable(workspace.engine, "read_only"):
        type_note(view, "gn26 the quick brown fox 26gn")
    QTest.keyClicks(view.editor, "gn27 typing")
    QTest.mouseClick(view.unsaved.retry, Qt.MouseButton.LeftButton)
    assert saved_texts(workspace, setup.event_id) == ["gn26 the quick brown fox 26gn"]
    assert view.editor.hasFocus()
    assert view.editor.toPlainText() == "gn27 typing"
    assert not view.unsaved.isVisible()
