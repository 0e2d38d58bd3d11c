"""Two windows on one workspace follow each other without any action.

On PostgreSQL through LISTEN/NOTIFY, on one SQLite file through the changes
file beside it; each window has its own connection, as on two laptops (or
two app instances).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import AUTHOR, CaptureSetup
from tests.postgres import fresh_schema
from workshop_planner.services import capture
from workshop_planner.store import Workspace, open_workspace
from workshop_planner.ui.main_window import MainWindow
from workshop_planner.ui.operations import Page

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(params=["postgresql", pytest.param("sqlite")])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The workspace's URL: a fresh PostgreSQL schema, or a SQLite file."""
    if request.param == "sqlite":
        yield str(tmp_path / "shared.sqlite3")
        return
    request.applymarker(pytest.mark.postgres)
    with fresh_schema() as url:
        yield url


@pytest.fixture
def workspace(url: str) -> Iterator[Workspace]:
    """The organiser's connection; the capture fixtures fill it."""
    ws = open_workspace(url)
    yield ws
    ws.close()


@pytest.fixture
def open_window(qtbot: QtBot, tmp_path: Path, url: str) -> Iterator[Callable[[], MainWindow]]:
    """A window with its own connection to the workspace, as on another laptop."""
    opened: list[tuple[MainWindow, Workspace]] = []

    def open_one() -> MainWindow:
        ws = open_workspace(url)
        settings = QSettings(
            str(tmp_path / f"settings{len(opened)}.ini"), QSettings.Format.IniFormat
        )
        window = MainWindow(ws, settings=settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append((window, ws))
        return window

    yield open_one
    for window, ws in opened:
        window.capture.set_event(None)
        window.close()
        ws.close()


def test_a_note_captured_in_one_window_appears_in_the_other_within_a_second(
    qtbot: QtBot, open_window: Callable[[], MainWindow], setup: CaptureSetup
) -> None:
    organiser = open_window()
    organiser.select_event(setup.event_id)
    organiser.show_page(Page.CAPTURE)
    taker = open_window()
    taker.activateWindow()
    taker.select_event(setup.event_id)
    taker.set_focus_mode(True)
    view = taker.capture
    qtbot.waitUntil(view.editor.hasFocus, timeout=2000)
    assert organiser.capture.notes_model.rowCount() == 0

    qtbot.keyClicks(view.editor, "Mayors want a seat at the table")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)

    def arrived() -> None:
        model = organiser.capture.notes_model
        assert model.rowCount() == 1
        assert model.index(0, 0).data() is not None

    qtbot.waitUntil(arrived, timeout=1000)
    notes = capture.list_notes(organiser.ws, setup.event_id, all_sessions=True)
    assert [(n.text, n.author) for n in notes] == [("Mayors want a seat at the table", AUTHOR)]
    # … and the organiser sees who is taking notes in the event
    qtbot.waitUntil(lambda: organiser.live.indicator.text() == f"Also here: {AUTHOR}", timeout=2000)
    assert organiser.live.indicator.isVisibleTo(organiser)


WRITER = """
import sys
from workshop_planner.services import capture
from workshop_planner.store import open_workspace
ws = open_workspace(sys.argv[1])
capture.add_note(ws, sys.argv[2], kind="observation", text="From another laptop",
                 author="Ola", session_id=sys.argv[3])
ws.close()
"""


def test_a_note_saved_by_another_process_appears_without_any_action(
    qtbot: QtBot, open_window: Callable[[], MainWindow], url: str, setup: CaptureSetup
) -> None:
    organiser = open_window()
    organiser.select_event(setup.event_id)
    organiser.show_page(Page.CAPTURE)
    session_id = organiser.capture._session_id
    assert session_id is not None
    assert organiser.capture.notes_model.rowCount() == 0
    writer = subprocess.Popen([sys.executable, "-c", WRITER, url, setup.event_id, session_id])
    try:
        assert writer.wait(timeout=60) == 0
        qtbot.waitUntil(lambda: organiser.capture.notes_model.rowCount() == 1, timeout=1000)
    finally:
        writer.kill()
