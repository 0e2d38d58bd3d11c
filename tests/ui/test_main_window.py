"""The main window: sidebar, pages, events created, duplicated, archived; undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QListView, QWidget

from workshop_planner.services import event_editing as ee
from workshop_planner.services.events import list_events
from workshop_planner.store import Workspace
from workshop_planner.ui.main_window import PAGES, NewEventDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_window_has_the_event_list_and_pages(make_window, factory) -> None:
    event = factory.event()
    window = make_window()
    assert window.findChild(QListView, "eventList") is window.event_list
    # only the page in view is built at start; the others when first shown
    assert set(window.built) == {"overview"}
    assert window.findChild(QWidget, "agendaView") is None
    for page, name in (
        ("agenda", "agendaView"),
        ("participants", "participantsView"),
        ("capture", "captureView"),
        ("report", "reportView"),
    ):
        window.show_page(page)
        assert window.findChild(QWidget, name) is window.page_stack.currentWidget(), name
    assert window.event_model.rowCount() == 1
    assert window.event_id == event.id
    assert window.windowTitle() == (
        f"Workshop Planner — Cities on the Front-lines — {window.ws.display_name}"
    )
    assert "unsaved" not in window.windowTitle().lower()
    assert "1 event" in window.status_counts.text()


def test_empty_workspace_shows_what_to_do(make_window) -> None:
    window = make_window()
    assert window.event_id is None
    assert window.area.currentWidget() is window.empty
    assert "Ctrl+N" in window.empty.label.text()
    assert not window.action_duplicate.isEnabled()


def test_pages_switch_with_keys(make_window, factory, qtbot) -> None:
    factory.event()
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.event_list.setFocus()
    for i, name in enumerate(PAGES):
        if name == "capture":
            continue
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + i), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() == name
    window.show_page("capture")
    # On the capture page Ctrl+digit picks a note kind; Ctrl+Alt+digit still switches pages.
    assert QKeySequenceText(window.page_actions[0]) == ["Ctrl+Alt+1"]


def QKeySequenceText(action) -> list[str]:
    return [k.toString() for k in action.shortcuts()]


def test_new_event_dialog_checks_as_you_type(qtbot) -> None:
    dialog = NewEventDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.title_edit, "Summit on Cities")
    assert ok.isEnabled()
    dialog.zone.setEditText("Mars/Olympus")
    assert not ok.isEnabled()
    dialog.zone.setEditText("Europe/Warsaw")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == NewEventDialog.DialogCode.Accepted


def test_create_event_then_undo_and_redo(make_window, workspace: Workspace) -> None:
    window = make_window()
    event_id = window.create_event("Summit", date(2025, 3, 4), date(2025, 3, 5), "Europe/Paris")
    assert event_id is not None
    assert [e.title for e in list_events(workspace)] == ["Summit"]
    assert window.event_id == event_id
    assert window.event_model.rowCount() == 1
    assert "Summit" in window.windowTitle()
    assert window.overview.findChild(QWidget, "title").text() == "Summit"
    assert window.status_saved.text().startswith("Saved at")
    window.action_undo.trigger()
    assert list_events(workspace) == []
    assert window.event_id is None
    assert window.area.currentWidget() is window.empty
    window.action_redo.trigger()
    assert [e.id for e in list_events(workspace)] == [event_id]
    assert window.event_id == event_id


def test_duplicate_and_archive(make_window, factory, workspace: Workspace) -> None:
    source = factory.event()
    factory.session(source)
    window = make_window()
    copy_id = window.duplicate(source.id, "Next convening", date(2024, 6, 13))
    assert copy_id is not None
    assert window.event_id == copy_id
    assert ee.event_counts(workspace, copy_id).sessions == 1
    assert window.event_model.rowCount() == 2
    window.toggle_archive()
    assert ee.get_event(workspace, copy_id).archived
    assert window.event_model.rowCount() == 1
    assert "Show archived" in window.message_bar.label.text()
    window.show_archived.setChecked(True)
    assert window.event_model.rowCount() == 2
    window.select_event(copy_id)
    assert window.action_archive.text().replace("&", "") == "Unarchive event"
    window.action_undo.trigger()  # unarchive
    assert not ee.get_event(workspace, copy_id).archived
    window.action_undo.trigger()  # the duplicate is gone
    assert [e.id for e in list_events(workspace)] == [source.id]


def test_focused_capture_mode(make_window, factory) -> None:
    factory.event()
    window = make_window()
    window.set_focus_mode(True)
    assert window.current_page() == "capture"
    assert not window.sidebar.isVisible()
    assert not window.toolbar.isVisible()
    assert window.windowTitle().startswith("Capture — ")
    assert not window.agenda_menu.menuAction().isVisible()
    assert window.capture_menu.menuAction().isVisible()
    texts = [a.text().replace("&", "") for a in window.capture_menu.actions()]
    assert any(t.startswith("Export my notes") for t in texts)
    window.action_focus.trigger()
    assert window.sidebar.isVisible()
    assert window.agenda_menu.menuAction().isVisible()


def test_state_and_recent_workspaces_are_kept(make_window, factory, settings) -> None:
    event = factory.event()
    window = make_window()
    window.show_page("participants")
    window.save_state()
    assert settings.value("mainWindow/page") == "participants"
    assert window.recent_workspaces()[0].endswith("workspace.sqlite3")
    again = make_window()
    assert again.current_page() == "participants"
    assert again.event_id == event.id


def test_export_and_import_bundle_on_a_worker(make_window, factory, qtbot, tmp_path: Path) -> None:
    factory.event(title="Bundle me")
    window = make_window()
    target = tmp_path / "out.json"
    assert window.export_bundle(target) is not None
    qtbot.waitUntil(lambda: "Exported" in window.message_bar.label.text(), timeout=30_000)
    assert target.read_text(encoding="utf-8").startswith("{")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert window.import_bundle(bad) is not None
    qtbot.waitUntil(lambda: "not valid JSON" in window.message_bar.label.text(), timeout=30_000)
    assert "\n" not in window.message_bar.label.text()
    assert window.event_model.rowCount() == 1


def test_new_event_dialog_starts_in_the_title_and_tabs_to_the_buttons_last(qtbot) -> None:
    dialog = NewEventDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.title_edit
    assert dialog.fields()[0] is dialog.title_edit
    chain, widget = [], dialog.title_edit
    for _ in range(8):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
    buttons = dialog.buttons.buttons()
    first_button = next(i for i, w in enumerate(chain) if w in buttons)
    assert all(w not in buttons for w in chain[:first_button])
    assert dialog.start in chain[:first_button]
    qtbot.keyClicks(dialog.focusWidget(), "Summit")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == NewEventDialog.DialogCode.Accepted
