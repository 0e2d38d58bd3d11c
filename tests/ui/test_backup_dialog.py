"""File → Restore from backup…: the list, the preview, the question, the reload."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from workshop_planner.services import backups as bk
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.services.changes import ALL_PARTS
from workshop_planner.services.event_editing import update_event
from workshop_planner.store import Workspace
from workshop_planner.ui.backup_dialog import AutoBackup, BackupDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def answer_question(qtbot: Any, key: Qt.Key) -> None:
    """Press ``key`` in the question box as soon as it is shown."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        QTest.keyClick(box, key)

    QTimer.singleShot(0, press)


def test_the_window_backs_up_when_opened_and_offers_restore(
    make_window: Any, workspace: Workspace, qtbot: Any
) -> None:
    window = make_window()
    auto = window.menus.auto_backup
    qtbot.waitUntil(lambda: auto.last is not None, timeout=10_000)
    assert auto.last.reason == "opened"
    file_menu = window.menuBar().actions()[0].menu()
    assert window.menus.action_restore_backup in file_menu.actions()
    assert window.menus.action_restore_backup.text() == "Restore from &backup…"


def test_restore_shows_what_each_backup_holds_asks_and_reloads_the_window(
    make_window: Any, workspace: Workspace, qtbot: Any
) -> None:
    event_id = load_sample_event(workspace).event_id
    title = next(iter(bk.list_backups(workspace)), None)
    assert title is None
    older = bk.take_backup(workspace, "auto", now=datetime.now(UTC) - timedelta(hours=2))
    window = make_window()
    qtbot.waitUntil(lambda: window.menus.auto_backup.last is not None, timeout=10_000)
    update_event(workspace, event_id, {"title": "Renamed after the backup"})
    window.refresh_events()
    assert window.current_event().title == "Renamed after the backup"

    dialog = BackupDialog(window.operations, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 2  # the one taken when the window opened, and the older
    QTest.keyClick(dialog.view, Qt.Key.Key_Down)  # the older one
    assert dialog.chosen().backup == older
    assert dialog.preview.text().startswith("1 event, ")
    assert " notes; last change " in dialog.preview.text()

    # "No" changes nothing
    answer_question(qtbot, Qt.Key.Key_N)
    QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.worker is None
    assert dialog.isVisible()

    announced: list[Any] = []
    window.operations.changed.connect(announced.append)
    answer_question(qtbot, Qt.Key.Key_Y)
    QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=10_000)
    assert not dialog.isVisible()
    assert any(c.parts == ALL_PARTS and c.event_id is None for c in announced)
    assert window.current_event().title != "Renamed after the backup"
    assert window.undo_stack.count() == 0
    assert dialog.result_.safety.reason == "before-restore"


def test_an_empty_list_says_there_are_no_backups(
    qtbot: Any, workspace: Workspace, make_window: Any
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.menus.auto_backup.last is not None, timeout=10_000)
    for backup in bk.backups(workspace):
        backup.path.unlink()
    dialog = BackupDialog(window.operations, window)
    qtbot.addWidget(dialog)
    assert dialog.preview.text() == "There are no backups of this workspace yet."
    assert not dialog.restore_button.isEnabled()


def test_backups_follow_edits_on_the_timer(
    qtbot: Any, workspace: Workspace, make_window: Any
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.menus.auto_backup.last is not None, timeout=10_000)
    auto = AutoBackup(window.operations, window, interval_minutes=0.002)  # ~120 ms
    qtbot.waitUntil(lambda: auto._worker is None, timeout=10_000)
    auto._tick()
    assert auto._worker is None  # nothing edited: no backup
    window.create_event("Edited", datetime(2024, 1, 1).date(), datetime(2024, 1, 2).date(), "UTC")
    assert auto.edited
    qtbot.waitUntil(lambda: not auto.edited and auto._worker is None, timeout=10_000)
