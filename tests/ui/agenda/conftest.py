"""Fixtures for the agenda's widget tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.view import AgendaView
from workshop_planner.ui.operations import Operations


@pytest.fixture
def event(factory: Factory) -> m.Event:
    return factory.event(language="en", venue_country="DE")


@pytest.fixture
def undo_stack() -> Iterator[QUndoStack]:
    stack = QUndoStack()
    yield stack
    stack.clear()


@pytest.fixture
def view(qtbot: QtBot, workspace: Workspace, undo_stack: QUndoStack, event: m.Event) -> AgendaView:
    widget = AgendaView(Operations(workspace, undo_stack))
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.set_event(event.id)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def errors(view: AgendaView) -> list[str]:
    """The error sentences the view sent to the window's message bar."""
    seen: list[str] = []
    view.operations.failed.connect(seen.append)
    return seen


@pytest.fixture(autouse=True)
def _qt_application(qapp: object) -> None:
    """qtawesome needs a QApplication before the first icon is made."""
