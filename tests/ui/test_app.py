"""The app controller: opening workspaces in the main window, switching between them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from workshop_planner.services import event_editing as ee
from workshop_planner.store import open_workspace
from workshop_planner.ui.app import AppController

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_open_and_switch_workspaces(qtbot, tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    with open_workspace(second) as ws:
        from datetime import date

        ee.create_event(ws, title="In B", start_date=date(2025, 1, 1))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = AppController(app)
    try:
        window = controller.open(str(first))
        assert window is not None
        qtbot.addWidget(window)
        assert window.windowTitle() == "Workshop Planner — a.sqlite3"
        assert window.event_id is None
        with qtbot.waitSignal(window.destroyed, timeout=5_000):
            window.openWorkspaceRequested.emit(str(second))
        other = controller.window
        assert other is not None
        qtbot.addWidget(other)
        assert other is not window
        assert other.windowTitle() == "Workshop Planner — In B — b.sqlite3"
        assert str(first) in other.recent_workspaces()
        assert other.recent_workspaces()[0] == str(second)
    finally:
        if controller.window is not None:
            controller.window.close()
        controller.close()
