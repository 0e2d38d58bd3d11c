"""Fixtures for the organiser UI: a main window on a real workspace, spreadsheets."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QSettings, QThreadPool

from workshop_planner.store import Workspace
from workshop_planner.ui.main_window import MainWindow

WriteXlsx = Callable[[str, Sequence[Sequence[object]]], Path]


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests() -> Iterator[None]:
    """Collect what earlier tests left in reference cycles before and after each UI test.

    Widgets and windows of a finished test linger in cycles until the collector
    runs; when it ran in the middle of a later test's key event (a note saved
    from keyPressEvent), freeing them there crashed the interpreter in two full
    runs. Collecting between tests frees them while no event is being handled.
    What survives is frozen (``gc.freeze``), so each collection walks only the
    objects made since the last one, not the whole heap of the test session.
    """
    gc.collect()
    gc.freeze()
    yield
    gc.collect()
    gc.freeze()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(
    qtbot: object, workspace: Workspace, settings: QSettings
) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(workspace, settings=settings)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.show()
        windows.append(window)
        return window

    yield make
    QThreadPool.globalInstance().waitForDone(60_000)
    for window in windows:
        window.close()


@pytest.fixture
def write_xlsx(tmp_path: Path) -> WriteXlsx:
    def write(name: str, rows: Sequence[Sequence[object]]) -> Path:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return write
