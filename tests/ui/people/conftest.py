"""Fixtures for the People page: the page on a real workspace, shown, driven by keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.people.model import IdRole
from workshop_planner.ui.people.view import PeopleView

MakePage = Callable[[], PeopleView]


@pytest.fixture
def operations(qtbot: object, workspace: Workspace) -> Operations:
    return Operations(workspace)


@pytest.fixture
def make_page(qtbot: object, operations: Operations) -> Iterator[MakePage]:
    pages: list[PeopleView] = []

    def make() -> PeopleView:
        page = PeopleView(operations)
        page.changed_by = lambda: "Tester"
        qtbot.addWidget(page)  # type: ignore[attr-defined]
        page.resize(1300, 700)
        page.show()
        page.activateWindow()  # keys go to the focus widget of the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page)  # type: ignore[attr-defined]
        pages.append(page)
        return page

    yield make
    QThreadPool.globalInstance().waitForDone(10_000)


def row_of(page: PeopleView, person_id: str) -> int:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data(IdRole) == person_id:
            return row
    raise AssertionError(f"{person_id} is not shown")


def click_row(
    page: PeopleView,
    person_id: str,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Click the person's name cell, as the user would."""
    index = page.proxy.index(row_of(page, person_id), 0)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    viewport = page.table.viewport()
    assert viewport is not None
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, modifier, rect.center())


def click(widget: QWidget) -> None:
    QTest.mouseClick(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(8, 8)
    )
