"""One change channel: an edit on one page shows on every other page, without a refresh.

Each test makes an edit the way a person would (keys and clicks on the widget
that has focus), then undoes and redoes it, and looks at the other pages and
the window (title, sidebar, status counts) after each step. Nothing calls a
page's reload or set_event by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import agenda
from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.store import Workspace
from workshop_planner.ui.commands import UpdateEventCommand
from workshop_planner.ui.main_window import MainWindow
from workshop_planner.ui.operations import Page
from workshop_planner.ui.participants.dialogs import NewPersonDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def event(factory: Factory) -> m.Event:
    event = factory.event(language="en", venue_country="DE")
    ada = factory.person(full_name="Ada Nowak")
    factory.participant(event, ada, roles=["speaker"])
    factory.session(event, title="Opening keynote")
    return event


@pytest.fixture
def window(make_window: Callable[[], MainWindow], event: m.Event, qtbot) -> MainWindow:
    window = make_window()
    window.resize(1400, 900)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.event_id == event.id
    return window


def undo_key(qtbot, window: MainWindow, modifiers: Qt.KeyboardModifier = CTRL) -> None:
    """Ctrl+Z in the sidebar (text fields have their own undo); the window is active
    again once a dialog closed."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.event_list.setFocus()
    qtbot.keyClick(window.event_list, Qt.Key.Key_Z, modifiers)


def redo_key(qtbot, window: MainWindow) -> None:
    undo_key(qtbot, window, CTRL | SHIFT)


def sessions_count(window: MainWindow) -> str:
    return window.status_counts.text()


# --- Overview ---------------------------------------------------------------------


def test_overview_edit_shows_in_title_sidebar_and_agenda(
    qtbot, window: MainWindow, workspace: Workspace, event: m.Event
) -> None:
    window.show_page(Page.OVERVIEW)
    overview = window.overview
    title = overview._texts["title"]
    assert isinstance(title, QLineEdit)
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    title.selectAll()
    qtbot.keyClicks(title, "Cities Respond")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).title == "Cities Respond"
    assert window.windowTitle().startswith("Workshop Planner — Cities Respond — ")
    assert window.event_list.currentIndex().data() == "Cities Respond"

    # One day more: the agenda (hidden until now) shows three days when it is shown.
    window.overview.end_date.setFocus()
    qtbot.keyClick(window.overview.end_date, Qt.Key.Key_Up)  # the day section
    assert ee.get_event(workspace, event.id).end_date == date(2023, 6, 17)
    # hidden since the window opened, the agenda has loaded nothing yet: it loads
    # the event when it is first shown
    assert window.page_event(Page.AGENDA) is None
    window.show_page(Page.AGENDA)
    assert len(window.agenda.grid.days) == 3

    undo_key(qtbot, window)  # the end date
    assert window.current_page() == Page.OVERVIEW  # where the edit was made
    assert overview.end_date.date().day() == 16
    window.show_page(Page.AGENDA)
    assert len(window.agenda.grid.days) == 2
    undo_key(qtbot, window)  # the title
    assert window.windowTitle().startswith("Workshop Planner — Cities on the Front-lines — ")
    assert window.event_list.currentIndex().data() == "Cities on the Front-lines"
    assert title.text() == "Cities on the Front-lines"

    redo_key(qtbot, window)
    assert window.event_list.currentIndex().data() == "Cities Respond"
    assert title.text() == "Cities Respond"
    redo_key(qtbot, window)
    window.show_page(Page.AGENDA)
    assert len(window.agenda.grid.days) == 3


def test_an_edit_from_elsewhere_on_the_channel_shows_on_the_overview(
    window: MainWindow, workspace: Workspace, event: m.Event
) -> None:
    """A change announced by any operation (here: a command pushed by no page) shows."""
    window.show_page(Page.OVERVIEW)
    command = UpdateEventCommand(
        workspace, event.id, {"venue_city": "Berlin"}, {"venue_city": "Bonn"}
    )
    assert window.operations.push(command)
    assert window.overview._texts["venue_city"].text() == "Bonn"  # type: ignore[union-attr]
    assert command.event_id == event.id
    assert command.page is Page.OVERVIEW


# --- Agenda -----------------------------------------------------------------------


def test_new_session_on_agenda_shows_in_counts_and_editor_choices(
    qtbot, window: MainWindow, workspace: Workspace, event: m.Event
) -> None:
    window.show_page(Page.AGENDA)
    grid = window.agenda.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_N)
    created = window.agenda.selected_session_id()
    assert created is not None
    assert len(agenda.list_sessions(workspace, event.id)) == 2
    assert "2 sessions" in sessions_count(window)
    assert grid.session(created) is not None

    window.show_page(Page.PARTICIPANTS)
    undo_key(qtbot, window)  # shows the agenda first, then undoes
    assert window.current_page() == Page.AGENDA
    assert grid.session(created) is None
    assert "1 sessions" in sessions_count(window)

    window.show_page(Page.OVERVIEW)
    redo_key(qtbot, window)
    assert window.current_page() == Page.AGENDA
    assert grid.session(created) is not None
    assert "2 sessions" in sessions_count(window)


# --- Participants -----------------------------------------------------------------


def type_new_person(qtbot, name: str) -> list[str]:
    """Type ``name`` into the next New person dialog and press Enter."""
    problems: list[str] = []

    def go() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, go)
            return
        try:
            assert isinstance(dialog, NewPersonDialog)
            qtbot.keyClicks(dialog.name, name)
            qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        except AssertionError as exc:
            problems.append(str(exc) or "assertion failed")
            dialog.reject()

    QTimer.singleShot(0, go)
    return problems


def test_new_person_on_participants_shows_in_counts_and_agenda_editor(
    qtbot, window: MainWindow, workspace: Workspace, event: m.Event
) -> None:
    window.show_page(Page.PARTICIPANTS)
    view = window.participants
    view.table.setFocus()
    problems = type_new_person(qtbot, "Grace Hopper")
    qtbot.keyClick(view.table, Qt.Key.Key_N, CTRL | SHIFT)
    assert problems == []
    assert [r.full_name for r in ps.list_participants(workspace, event.id)] == [
        "Ada Nowak",
        "Grace Hopper",
    ]
    assert view.model.rowCount() == 2
    assert "2 participants" in window.status_counts.text()

    # The agenda's session editor offers her at once.
    window.show_page(Page.AGENDA)
    [session] = agenda.list_sessions(workspace, event.id)
    editor = window.agenda.editor_for(session.id)
    assert editor is not None
    qtbot.addWidget(editor)
    chosen = editor.person_picker.chosen("Grace Hopper")
    assert chosen is not None
    assert chosen.name == "Grace Hopper"

    undo_key(qtbot, window)
    assert window.current_page() == Page.PARTICIPANTS
    assert view.model.rowCount() == 1
    assert "1 participants" in window.status_counts.text()
    redo_key(qtbot, window)
    assert view.model.rowCount() == 2
    assert "2 participants" in window.status_counts.text()


# --- Capture ----------------------------------------------------------------------


def test_capture_lists_the_new_session_and_speaker_without_a_refresh(
    qtbot, window: MainWindow, workspace: Workspace, event: m.Event
) -> None:
    window.show_page(Page.AGENDA)
    window.agenda.grid.setFocus()
    qtbot.keyClick(window.agenda.grid, Qt.Key.Key_N)
    created = window.agenda.selected_session_id()
    window.show_page(Page.PARTICIPANTS)
    window.participants.table.setFocus()
    problems = type_new_person(qtbot, "Grace Hopper")
    qtbot.keyClick(window.participants.table, Qt.Key.Key_N, CTRL | SHIFT)
    assert problems == []
    window.show_page(Page.CAPTURE)
    assert window.capture.sessions_model.row_of(created) >= 0
    assert window.capture.speakers_model.find_by_name("Grace Hopper") is not None


def test_undo_navigation_reads_the_commands_own_event_and_page(
    window: MainWindow, factory: Factory, workspace: Workspace, event: m.Event
) -> None:
    other = factory.event(title="Lyon convening", start_date=date(2024, 5, 2),
                          end_date=date(2024, 5, 2))  # fmt: skip
    window.refresh_events()
    window.show_page(Page.AGENDA)
    session = agenda.list_sessions(workspace, event.id)[0]
    later = timedelta(hours=2)
    window.agenda.move_session(session.id, session.start + later, session.end + later)
    command = window.undo_stack.command(0)
    assert (command.event_id, command.page) == (event.id, Page.AGENDA)
    assert not hasattr(command, "wp_event_id")
    window.select_event(other.id)
    window.show_page(Page.REPORT)
    window.action_undo.trigger()
    assert window.event_id == event.id
    assert window.current_page() == Page.AGENDA
    assert agenda.get_session(workspace, session.id).start == datetime(2023, 6, 15, 9, 30)


def test_a_new_edit_after_an_undo_is_not_taken_for_a_redo(
    window: MainWindow, factory: Factory, workspace: Workspace, event: m.Event
) -> None:
    other = factory.event(title="Lyon convening", start_date=date(2024, 5, 2),
                          end_date=date(2024, 5, 2))  # fmt: skip
    window.refresh_events()
    assert window.operations.push(
        UpdateEventCommand(workspace, event.id, {"venue_city": "Berlin"}, {"venue_city": "Bonn"})
    )
    window.undo_stack.undo()  # through the stack itself: shows the event it belongs to
    assert window.event_id == event.id
    window.select_event(other.id)
    window.show_page(Page.AGENDA)
    assert window.operations.push(
        UpdateEventCommand(workspace, other.id, {"venue_city": "Berlin"}, {"venue_city": "Lyon"})
    )
    assert window.event_id == other.id  # the new edit was made here: nothing moves
    assert window.current_page() == Page.AGENDA
    assert window.undo_stack.count() == 1


# --- Capture → Themes, Themes → Capture, any page → Report --------------------------


def test_a_captured_note_shows_on_the_themes_page_and_in_the_counts(
    qtbot, window: MainWindow, workspace: Workspace, event: m.Event
) -> None:
    window.show_page(Page.THEMES)  # seen once: the page has loaded the event
    assert window.studio.notes_model.rowCount() == 0
    window.show_page(Page.CAPTURE)
    editor = window.capture.editor
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "Mayors want data they can trust")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "1 notes" in window.status_counts.text()
    assert window.studio.follower.dirty  # hidden: marked, refreshed when shown
    window.show_page(Page.THEMES)
    texts = [window.studio.notes_model.note_at(r).text for r in range(1)]
    assert texts == ["Mayors want data they can trust"]

    undo_key(qtbot, window)
    assert window.current_page() == Page.CAPTURE  # where the note was taken
    window.show_page(Page.THEMES)
    assert window.studio.notes_model.rowCount() == 0
    redo_key(qtbot, window)
    window.show_page(Page.THEMES)
    assert window.studio.notes_model.rowCount() == 1


def test_a_theme_added_on_the_themes_page_is_a_button_on_capture(
    qtbot, window: MainWindow, event: m.Event
) -> None:
    window.show_page(Page.CAPTURE)
    assert window.capture.composer.theme_buttons == []
    window.show_page(Page.THEMES)
    studio = window.studio
    studio.themes_view.setFocus()
    qtbot.keyClick(studio.themes_view, Qt.Key.Key_N, CTRL | SHIFT)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Mayoral Leadership")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(t.title == "Mayoral Leadership" for t in studio.themes_model.themes())
    )

    def buttons() -> list[str]:
        return [b.text() for b in window.capture.composer.theme_buttons]

    window.show_page(Page.CAPTURE)
    assert any("Mayoral Leadership" in text for text in buttons())
    undo_key(qtbot, window)  # the rename
    undo_key(qtbot, window)  # the new theme
    window.show_page(Page.CAPTURE)
    assert buttons() == []
    redo_key(qtbot, window)
    redo_key(qtbot, window)
    window.show_page(Page.CAPTURE)
    assert any("Mayoral Leadership" in text for text in buttons())


def test_an_overview_edit_renders_the_report_preview_again(
    qtbot, window: MainWindow, workspace: Workspace, event: m.Event
) -> None:
    report = window.report
    rendered: list[str] = []
    report.rendered.connect(rendered.append)
    with qtbot.waitSignal(report.rendered, timeout=120_000):
        window.show_page(Page.REPORT)
    first = len(rendered)

    window.show_page(Page.OVERVIEW)
    title = window.overview._texts["title"]
    assert isinstance(title, QLineEdit)
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    title.selectAll()
    qtbot.keyClicks(title, "Cities Respond")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert len(rendered) == first  # hidden: nothing rendered behind the person's back
    with qtbot.waitSignal(report.rendered, timeout=120_000):
        window.show_page(Page.REPORT)  # shown: the preview follows the edit
    assert len(rendered) == first + 1

    with qtbot.waitSignal(report.rendered, timeout=120_000):
        undo_key(qtbot, window)  # the undo shows the Overview …
        window.show_page(Page.REPORT)  # … and the report follows it too
    assert len(rendered) == first + 2
