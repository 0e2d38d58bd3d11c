"""Keys go where the person is looking (issue 8).

A real main window on the sample event; real key events typed at the widget
that has the focus, as a person types. Nothing typed on another page may reach
the hidden capture composer, its draft or a note; Ctrl+digit never changes a
saved note's kind by itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import AUTHOR, CaptureSetup
from workshop_planner.services import capture
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.view import CaptureView
from workshop_planner.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def sample_window(qtbot: QtBot, workspace: Workspace) -> Iterator[tuple[MainWindow, str]]:
    event_id = load_sample_event(workspace).event_id
    assert event_id is not None
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.select_event(event_id)
    window.show_page("overview")
    yield window, event_id
    window.capture.set_event(None)


def _type_where_focus_is(qtbot: QtBot, text: str) -> QWidget:
    """Let pending focus moves run, then type at the focused widget, as a person does."""
    qtbot.wait(30)
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClicks(focus, text)
    return focus


def _composer_untouched(view: CaptureView, workspace: Workspace, event_id: str) -> None:
    assert view.editor.toPlainText() == ""
    view.flush_draft()
    assert capture.load_draft(workspace, event_id, AUTHOR) is None


def test_typing_on_overview_stays_on_overview(
    qtbot: QtBot, sample_window: tuple[MainWindow, str], workspace: Workspace
) -> None:
    window, event_id = sample_window
    notes_before = capture.list_notes(workspace, event_id, all_sessions=True)
    convenor = window.overview.findChild(QLineEdit, "convenor")
    assert convenor is not None
    qtbot.mouseClick(convenor, Qt.MouseButton.LeftButton)
    assert convenor.hasFocus()
    qtbot.keyClick(convenor, Qt.Key.Key_End)
    qtbot.keyClicks(convenor, " (SCN)")
    qtbot.keyClick(convenor, Qt.Key.Key_Tab)
    focus = _type_where_focus_is(qtbot, "Where does this text go")
    assert window.overview.isAncestorOf(focus)
    description = window.overview.findChild(QPlainTextEdit, "description")
    assert description is not None
    assert focus is description
    assert "Where does this text go" in description.toPlainText()
    assert convenor.text().endswith(" (SCN)")
    _composer_untouched(window.capture, workspace, event_id)

    venue = window.overview.findChild(QLineEdit, "venue_name")
    assert venue is not None
    qtbot.mouseClick(venue, Qt.MouseButton.LeftButton)
    qtbot.keyClick(venue, Qt.Key.Key_End)
    qtbot.keyClicks(venue, " Hall")
    qtbot.keyClick(venue, Qt.Key.Key_Tab)
    focus = _type_where_focus_is(qtbot, "Oops")
    qtbot.keyClick(focus, Qt.Key.Key_Return)
    address = window.overview.findChild(QLineEdit, "venue_address")
    assert focus is address
    assert address.text().endswith("Oops")
    assert capture.list_notes(workspace, event_id, all_sessions=True) == notes_before
    _composer_untouched(window.capture, workspace, event_id)

    # Clicking another field and typing at once: the keys land in that field.
    city = window.overview.findChild(QLineEdit, "venue_city")
    assert city is not None
    qtbot.mouseClick(city, Qt.MouseButton.LeftButton)
    focus = _type_where_focus_is(qtbot, "XYZ")
    assert focus is city
    assert "XYZ" in city.text()
    _composer_untouched(window.capture, workspace, event_id)
    assert capture.list_notes(workspace, event_id, all_sessions=True) == notes_before


def test_typing_in_the_session_editor_and_participants_filter_stays_there(
    qtbot: QtBot, sample_window: tuple[MainWindow, str], workspace: Workspace
) -> None:
    window, event_id = sample_window
    notes_before = capture.list_notes(workspace, event_id, all_sessions=True)
    window.show_page("agenda")
    session = capture.list_sessions(workspace, event_id)[0]
    typed: list[str] = []

    def type_in_editor() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        try:
            assert dialog.objectName() == "sessionEditor"
            title = dialog.findChild(QLineEdit)
            assert title is not None
            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
            title.setFocus()
            title.selectAll()
            focus = QApplication.focusWidget()
            typed.append(focus.objectName() if focus is not title else "title")
            qtbot.keyClicks(focus, "Renamed in the editor")
            typed.append(title.text())
            qtbot.keyClick(focus, Qt.Key.Key_Return)  # OK
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(50, type_in_editor)
    window.agenda.edit_session(session.id)
    assert typed == ["title", "Renamed in the editor"]
    assert capture.list_sessions(workspace, event_id)[0].title == "Renamed in the editor"
    window.activateWindow()  # the dialog closed: the window has the keys again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    focus = _type_where_focus_is(qtbot, "stray keys on the agenda")
    assert not window.capture.isAncestorOf(focus)
    _composer_untouched(window.capture, workspace, event_id)

    window.show_page("participants")
    flt = window.participants.findChild(QLineEdit, "participantFilter")
    assert flt is not None
    qtbot.mouseClick(flt, Qt.MouseButton.LeftButton)
    focus = _type_where_focus_is(qtbot, "Ada")
    assert focus is flt
    assert flt.text() == "Ada"
    qtbot.keyClick(flt, Qt.Key.Key_Return)
    _composer_untouched(window.capture, workspace, event_id)
    assert capture.list_notes(workspace, event_id, all_sessions=True) == notes_before


def test_keys_sent_to_the_hidden_page_do_nothing(
    qtbot: QtBot, sample_window: tuple[MainWindow, str], workspace: Workspace
) -> None:
    window, event_id = sample_window
    view = window.capture
    assert not view.isVisible()
    qtbot.keyClicks(view, "hidden")
    qtbot.keyClicks(view.editor, "straight at the hidden text box")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_4, CTRL)
    assert view.kind.value == "observation"
    _composer_untouched(view, workspace, event_id)
    # Shown, the page takes the keys again.
    window.show_page("capture")
    qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    qtbot.keyClicks(view, "shown")
    assert view.editor.toPlainText() == "shown"


def test_ctrl_digit_on_the_notes_list_leaves_the_saved_note_alone(
    qtbot: QtBot, workspace: Workspace, setup: CaptureSetup
) -> None:
    from tests.ui.capture.conftest import make_view

    view = make_view(workspace, qtbot, setup.event_id)
    qtbot.keyClicks(view.editor, "Heat hits the poorest districts")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    view.select_note_row(0)
    view.notes_view.setFocus()
    qtbot.waitUntil(view.notes_view.hasFocus, timeout=1000)
    for key in (Qt.Key.Key_4, Qt.Key.Key_2, Qt.Key.Key_0):
        qtbot.keyClick(view.notes_view, key, CTRL)
        qtbot.keyClick(view, key, CTRL)  # sent to the page while the list has focus
    note = capture.list_notes(workspace, setup.event_id, all_sessions=True)[0]
    assert note.kind == "observation"
    assert view.kind.value == "observation"  # nor did the composer change
    assert "Ctrl+digit picks the kind of the note you type" in view.status_text
    assert not view.operations.undo_stack.undoText().startswith("Make note")
    # The explicit action does it (context menu / Capture menu), undoably.
    view.change_kind_action("threat").trigger()
    assert capture.get_note(workspace, note.id).kind == "threat"
    assert view.notes_model.note_at(0).kind == "threat"
    view.operations.undo_stack.undo()
    assert capture.get_note(workspace, note.id).kind == "observation"
    assert view.notes_model.note_at(0).kind == "observation"
    # Back in the composer, Ctrl+digit picks the kind of the next note.
    view.editor.setFocus()
    qtbot.waitUntil(view.editor.hasFocus, timeout=1000)
    qtbot.keyClick(view.editor, Qt.Key.Key_4, CTRL)
    assert view.kind.value == "threat"
    assert capture.get_note(workspace, note.id).kind == "observation"
    view.set_event(None)


def test_ctrl_digit_on_the_notes_list_of_the_main_window(
    qtbot: QtBot, sample_window: tuple[MainWindow, str], workspace: Workspace
) -> None:
    window, _event_id = sample_window
    view = window.capture
    window.show_page("capture")
    qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    qtbot.keyClicks(view.editor, "Said in the main window")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    saved = [n for n in view.notes_model.notes() if n.text == "Said in the main window"]
    assert len(saved) == 1
    view.select_note_row(view.notes_model.row_of(saved[0].id))
    qtbot.mouseClick(
        view.notes_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.notes_view.visualRect(view.notes_view.currentIndex()).center(),
    )
    assert view.notes_view.hasFocus()
    for key in (Qt.Key.Key_4, Qt.Key.Key_7):
        qtbot.keyClick(view.notes_view, key, CTRL)
    assert capture.get_note(workspace, saved[0].id).kind == "observation"
    assert window.current_page() == "capture"
    assert view.kind.value == "observation"
