"""The standalone capture entry and the PySide6 reference-count workaround."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import CaptureSetup


def _run(code_or_args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, *code_or_args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_unknown_event_is_one_sentence_and_exit_1(
    workspace_path: Path, setup: CaptureSetup
) -> None:
    result = _run(
        ["-m", "workshop_planner.ui.capture", "--workspace", str(workspace_path), "No such"]
    )
    assert result.returncode == 1
    assert "No event has the id or title “No such”" in result.stderr
    assert "Traceback" not in result.stderr


def test_null_pointer_returns_do_not_exhaust_none() -> None:
    # PySide6 6.12 on Python 3.11 drops a reference to None for every Qt call
    # that returns a null pointer; the capture view pins None so long sessions
    # don't abort with "deallocating None".
    code = """
import sys
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from workshop_planner.store import open_workspace
from workshop_planner.ui.capture.view import CaptureView
app = QApplication([])
ws = open_workspace(sys.argv[1])
view = CaptureView(ws, QUndoStack())
for _ in range(50_000):
    QObject().parent()
print("survived")
"""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        result = _run(["-c", code, str(Path(tmp) / "ws.sqlite3")])
    assert result.returncode == 0, result.stderr
    assert "survived" in result.stdout
