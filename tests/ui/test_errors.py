"""The one handler for unexpected errors: a log file, one coalesced dialog, the app goes on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import Qt, qCritical
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace, WorkspaceError
from workshop_planner.ui import errors
from workshop_planner.ui.errors import (
    DialogPresenter,
    ErrorHandler,
    install_error_handler,
    one_sentence,
)
from workshop_planner.ui.operations import Operations, Page, UndoCommand

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def error_boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox)
        and w.objectName() == "unexpectedErrorDialog"
        and w.isVisible()
    ]


def close_error_boxes() -> None:
    for box in error_boxes():
        box.close()
    QApplication.processEvents()


@pytest.fixture
def handler(tmp_path: Path) -> Iterator[ErrorHandler]:
    installed = install_error_handler(tmp_path / "logs" / "workshop-planner.log")
    yield installed
    installed.close()
    close_error_boxes()


def _raise_in_slot() -> None:
    raise ZeroDivisionError("the slot divided by zero")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_one_sentence_details_and_the_log(
    qtbot: QtBot, handler: ErrorHandler
) -> None:
    button = QPushButton("Go")
    qtbot.addWidget(button)
    button.clicked.connect(_raise_in_slot)
    button.show()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: len(error_boxes()) == 1, timeout=2000)
    box = error_boxes()[0]
    assert box.text() == (
        "Something unexpected went wrong (ZeroDivisionError: the slot divided by zero); "
        "the app keeps running."
    )
    assert "Traceback" in box.detailedText()
    assert "_raise_in_slot" in box.detailedText()
    assert str(handler.log_path) in box.informativeText()
    assert not box.isModal()  # the app keeps running behind it
    logged = handler.log_path.read_text(encoding="utf-8")
    assert "ZeroDivisionError: the slot divided by zero" in logged
    assert "_raise_in_slot" in logged  # the full traceback
    assert button.isEnabled()  # still alive
    close = box.button(QMessageBox.StandardButton.Close)
    QTest.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not error_boxes()
    presenter = handler.presenter
    assert isinstance(presenter, DialogPresenter)
    qtbot.waitUntil(lambda: not presenter.boxes, timeout=2000)  # forgotten, deleted


@pytest.mark.qt_no_exception_capture
def test_a_repeating_error_shows_one_dialog_that_counts(
    qtbot: QtBot, handler: ErrorHandler
) -> None:
    button = QPushButton("Go")
    qtbot.addWidget(button)
    button.clicked.connect(_raise_in_slot)
    button.show()
    for _ in range(50):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    boxes = error_boxes()
    assert len(boxes) == 1
    assert "50 times" in boxes[0].informativeText()
    logged = handler.log_path.read_text(encoding="utf-8")
    assert logged.count("Traceback") == 1  # repeats are one line each
    assert "Again (50 times)" in logged


@pytest.mark.qt_log_ignore("The model broke")
def test_a_qt_critical_message_is_logged_and_shown(qtbot: QtBot, handler: ErrorHandler) -> None:
    qCritical("The model broke")
    qtbot.waitUntil(lambda: len(error_boxes()) == 1, timeout=2000)
    assert "The model broke" in error_boxes()[0].text()
    assert "The model broke" in handler.log_path.read_text(encoding="utf-8")


def test_an_exception_in_a_thread_is_shown_by_the_gui_thread(
    qtbot: QtBot, handler: ErrorHandler
) -> None:
    def work() -> None:
        raise KeyError("missing row")

    thread = threading.Thread(target=work, name="importer")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(error_boxes()) == 1, timeout=2000)
    assert "importer" in error_boxes()[0].text()
    assert "KeyError" in handler.log_path.read_text(encoding="utf-8")


def test_the_present_hook_receives_reports_and_expected_errors_keep_their_sentence(
    tmp_path: Path,
) -> None:
    seen: list[errors.ErrorReport] = []
    handler = ErrorHandler(tmp_path / "x.log", seen.append)
    try:
        try:
            raise WorkspaceError("The disk holding the workspace is full.")
        except WorkspaceError as exc:
            handler.report(exc)
    finally:
        handler.close()
    assert [r.sentence for r in seen] == ["The disk holding the workspace is full."]
    assert one_sentence(ValueError("a\nb"), "Saving the note") == (
        "Saving the note failed with an unexpected error (ValueError: a)."
    )


def test_the_log_lives_in_the_users_log_folder() -> None:
    assert errors.default_log_path().parent == platformdirs.user_log_path(
        "workshop-planner", appauthor=False
    )


class _Broken(UndoCommand):
    def __init__(self) -> None:
        super().__init__("Break", event_id="e1", page=Page.AGENDA)

    def apply(self) -> Changes:
        raise RuntimeError("a bug in the command")

    def revert(self) -> Changes:
        return Changes.of("e1", Part.AGENDA)


def test_an_unexpected_error_in_an_operation_goes_to_the_handler(
    qtbot: QtBot, workspace: Workspace, handler: ErrorHandler
) -> None:
    ops = Operations(workspace)
    refused: list[str] = []
    ops.failed.connect(refused.append)
    assert not ops.push(_Broken())
    assert ops.undo_stack.count() == 0
    qtbot.waitUntil(lambda: len(error_boxes()) == 1, timeout=2000)
    assert "RuntimeError: a bug in the command" in error_boxes()[0].text()
    assert refused == [error_boxes()[0].text()]  # the window's message bar says it too
    assert "a bug in the command" in handler.log_path.read_text(encoding="utf-8")


def _import_that_breaks(path: str) -> None:
    raise IndexError(f"row 3 of {path}")


def test_an_unexpected_error_in_background_work_goes_to_the_handler(
    qtbot: QtBot, workspace: Workspace, handler: ErrorHandler
) -> None:
    ops = Operations(workspace)
    refused: list[str] = []
    ops.failed.connect(refused.append)
    ops.run(_import_that_breaks, "people.csv", busy="Importing people…")
    qtbot.waitUntil(lambda: bool(refused), timeout=5000)
    assert refused == [
        "Importing people failed with an unexpected error (IndexError: row 3 of people.csv)."
    ]
    assert len(error_boxes()) == 1
    assert "_import_that_breaks" in error_boxes()[0].detailedText()
    assert "_import_that_breaks" in handler.log_path.read_text(encoding="utf-8")
