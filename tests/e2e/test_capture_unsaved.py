"""Capture across processes: a full disk then a kill loses nothing; a second writer
on the same SQLite file never makes a note merge, vanish or save twice.

The second process is ``tests/e2e/capture_processes.py``; SQLite refuses writes
for real (``PRAGMA max_page_count``), and keys are real QTest key events.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import AUTHOR, CaptureSetup
from tests.e2e.capture_processes import LONG, NEXT, WRITER
from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.journal import CaptureJournal
from workshop_planner.ui.capture.window import CaptureWindow
from workshop_planner.ui.errors import install_error_handler

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ROOT = Path(__file__).resolve().parents[2]
#: notes typed while the second process writes
NOTES = 40


@pytest.fixture(autouse=True)
def _error_log(tmp_path: Path) -> Iterator[None]:
    handler = install_error_handler(tmp_path / "log" / "errors.log", hooks=False)
    yield
    handler.close()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()


def _start(*args: str, stdout: int | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.capture_processes", *args],
        cwd=ROOT,
        env=env,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _window(qtbot: QtBot, workspace: Workspace, event_id: str) -> CaptureWindow:
    window = CaptureWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.set_event(event_id)
    window.view.editor.setFocus()
    qtbot.waitUntil(window.view.editor.hasFocus, timeout=2000)
    return window


def _texts(workspace: Workspace, event_id: str, author: str) -> list[str]:
    notes = capture.list_notes(workspace, event_id, all_sessions=True, author=author)
    return [n.text for n in notes]


def test_a_kill_after_a_failed_save_on_a_full_disk_loses_nothing(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace, workspace_path: Path, setup: CaptureSetup
) -> None:
    ready = tmp_path / "ready.json"
    proc = _start("full", str(workspace_path), setup.event_id, str(ready))
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the capture window did not get ready"
            time.sleep(0.05)
        state = json.loads(ready.read_text(encoding="utf-8"))
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    # It said "not saved", and the workspace holds neither the note nor its draft.
    assert state["pending"] == 1
    assert state["status"].startswith("Not saved")
    assert _texts(workspace, setup.event_id, AUTHOR) == []
    journal = CaptureJournal.for_workspace(workspace)
    assert not journal.is_empty()

    # The next start, on a workspace that can be written again: nothing lost.
    window = _window(qtbot, workspace, setup.event_id)
    assert _texts(workspace, setup.event_id, AUTHOR) == [LONG]
    assert window.view.editor.toPlainText() == NEXT
    assert journal.is_empty()
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert draft.text == NEXT


def test_a_second_writer_every_50_ms_never_merges_or_loses_a_note(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace, workspace_path: Path, setup: CaptureSetup
) -> None:
    stop = tmp_path / "stop"
    writer = _start(
        "writer", str(workspace_path), setup.event_id, str(stop), stdout=subprocess.PIPE
    )
    try:
        qtbot.waitUntil(lambda: bool(_texts(workspace, setup.event_id, WRITER)), timeout=15_000)
        window = _window(qtbot, workspace, setup.event_id)
        view = window.view
        typed = [f"n{i:02d} mayors fund heat plans {i:02d}n" for i in range(NOTES)]
        for text in typed:
            QTest.keyClicks(view.editor, text)
            QTest.keyClick(view.editor, Qt.Key.Key_Return)
            qtbot.wait(20)  # timers (draft writes, retries) run between notes
        qtbot.waitUntil(lambda: not view.pending and not view.editor.toPlainText(), timeout=15_000)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=30)
    counts = json.loads(out.decode().strip().splitlines()[-1])
    assert counts["saved"] > 0, err.decode()
    # Every note typed is saved, exactly once, as typed, in order; none merged.
    assert _texts(workspace, setup.event_id, AUTHOR) == typed
    assert len(_texts(workspace, setup.event_id, WRITER)) == counts["saved"]
    assert view.journal.is_empty()
