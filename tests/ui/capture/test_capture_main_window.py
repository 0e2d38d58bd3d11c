"""Capture as the app opens it: the main window in focused capture mode.

``workshop-planner capture EVENT`` runs ``run_app(..., capture_event=EVENT)``, which
selects the event and turns on focused capture; these tests build the window the
same way and type real keys at the page found by its object name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import CaptureSetup
from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.view import AUTHOR_ENV, AUTHOR_KEY, CaptureView, settings
from workshop_planner.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, workspace: Workspace, setup: CaptureSetup) -> Iterator[MainWindow]:
    w = MainWindow(workspace)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.select_event(setup.event_id)
    w.set_focus_mode(True)
    yield w
    w.capture.set_event(None)


def page(window: MainWindow) -> CaptureView:
    found = window.findChild(QWidget, "captureView")
    assert isinstance(found, CaptureView)
    return found


def test_focused_capture_takes_keys_at_once_even_before_the_name_is_given(
    qtbot: QtBot,
    workspace: Workspace,
    setup: CaptureSetup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass

    monkeypatch.delenv(AUTHOR_ENV)
    settings().remove(AUTHOR_KEY)
    w = MainWindow(workspace)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.select_event(setup.event_id)
    w.set_focus_mode(True)
    view = page(w)
    # nothing modal in the way; the text box has the keys
    qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    assert QApplication.activeModalWidget() is None
    qtbot.keyClicks(view, "Typed before anyone said who")
    # the draft reaches the workspace by itself (debounced), under the login name
    login = getpass.getuser()

    def drafted() -> None:
        draft = capture.load_draft(workspace, setup.event_id, login)
        assert draft is not None
        assert draft.text == "Typed before anyone said who"

    qtbot.waitUntil(drafted, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    notes = capture.list_notes(workspace, setup.event_id, all_sessions=True)
    assert [(n.text, n.author) for n in notes] == [("Typed before anyone said who", login)]
    assert capture.load_draft(workspace, setup.event_id, login) is None
    w.capture.set_event(None)


def test_ctrl_z_in_the_empty_text_box_undoes_the_saved_note(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, setup: CaptureSetup
) -> None:
    view = page(window)
    qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    qtbot.keyClicks(view.editor, "Saved then regretted")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    assert len(capture.list_notes(workspace, setup.event_id, all_sessions=True)) == 1
    # With nothing typed, Ctrl+Z undoes the save and Ctrl+Shift+Z redoes it …
    qtbot.keyClick(view.editor, Qt.Key.Key_Z, CTRL)
    assert capture.list_notes(workspace, setup.event_id, all_sessions=True) == []
    assert view.notes_model.rowCount() == 0
    qtbot.keyClick(view.editor, Qt.Key.Key_Z, CTRL | SHIFT)
    notes = capture.list_notes(workspace, setup.event_id, all_sessions=True)
    assert [n.text for n in notes] == ["Saved then regretted"]
    assert view.notes_model.rowCount() == 1
    # … while typing, Ctrl+Z undoes the typing, not the note.
    qtbot.keyClicks(view.editor, "ab")
    qtbot.keyClick(view.editor, Qt.Key.Key_Z, CTRL)
    assert view.editor.toPlainText() == ""
    assert len(capture.list_notes(workspace, setup.event_id, all_sessions=True)) == 1


def test_speaker_picked_from_the_list_with_keys_sent_to_the_field(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, setup: CaptureSetup
) -> None:
    view = page(window)
    qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    qtbot.keyClick(view, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(view, "We need more than words.")
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    speaker = view.quote_form.speaker
    assert speaker.hasFocus()
    qtbot.keyClicks(speaker, "car")  # type-ahead matches inside names: Ben Carter
    popup = view.quote_form.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClick(speaker, Qt.Key.Key_Down)
    qtbot.keyClick(speaker, Qt.Key.Key_Return)  # picks the speaker, closes the list
    assert not popup.isVisible()
    assert speaker.text() == "Ben Carter"
    assert view.editor.toPlainText() == "We need more than words."  # not saved yet
    assert view.quote_form.attribution.value == "named"  # an upper bound: Ben did not consent
    qtbot.keyClick(speaker, Qt.Key.Key_Return)
    notes = capture.list_notes(workspace, setup.event_id, all_sessions=True)
    assert len(notes) == 1
    assert notes[0].quote == capture.QuoteData(speaker_id=setup.shy, attribution="named")


def test_delete_and_undo_by_keys_when_the_window_is_not_active(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, setup: CaptureSetup
) -> None:
    view = page(window)
    qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    for text in ("First", "Second"):
        qtbot.keyClicks(view, text)
        qtbot.keyClick(view, Qt.Key.Key_Return)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=2000)
    view.notes_view.setFocus()
    view.select_note_row(0)
    qtbot.keyClick(view.notes_view, Qt.Key.Key_Delete)
    texts = [n.text for n in capture.list_notes(workspace, setup.event_id, all_sessions=True)]
    assert texts == ["Second"]
    qtbot.keyClick(view.notes_view, Qt.Key.Key_Z, CTRL)
    texts = [n.text for n in capture.list_notes(workspace, setup.event_id, all_sessions=True)]
    assert texts == ["First", "Second"]
