"""Fixtures for the capture page's widget tests: a CaptureView on the shared capture event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import CaptureSetup
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.view import CaptureView
from workshop_planner.ui.operations import Operations

#: 10:20 in Berlin on the first day: the panel (s2) is running.
PANEL_TIME = datetime(2023, 6, 15, 8, 20, tzinfo=UTC)


def make_view(
    workspace: Workspace, qtbot: QtBot, event_id: str | None, *, focus: bool = True
) -> CaptureView:
    view = CaptureView(Operations(workspace, QUndoStack()))
    view.clock = lambda: PANEL_TIME
    qtbot.addWidget(view)
    view.resize(1000, 760)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    if event_id is not None:
        view.set_event(event_id)
    if event_id is not None and focus:
        view.editor.setFocus()
        qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    return view


@pytest.fixture
def view(workspace: Workspace, qtbot: QtBot, setup: CaptureSetup) -> Iterator[CaptureView]:
    v = make_view(workspace, qtbot, setup.event_id)
    yield v
    v.set_event(None)
