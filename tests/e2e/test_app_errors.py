"""The app's one error handler, in a real app process: a slot that raises is logged
with its traceback in the user's log folder, and the app goes on running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from workshop_planner.ui.app import run_app

app = QApplication(sys.argv[:1])

def boom():
    raise RuntimeError("boom from a slot")

QTimer.singleShot(500, boom)
QTimer.singleShot(500, boom)  # the same error again: one dialog, counted
QTimer.singleShot(2500, lambda: print("still running", flush=True))
QTimer.singleShot(2600, app.quit)
sys.exit(run_app(sys.argv[1]))
"""


def test_an_exception_in_a_slot_of_the_app_is_logged_and_the_app_goes_on(
    tmp_path: Path, workspace_path: Path
) -> None:
    state = tmp_path / "state"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(state))
    result = subprocess.run(
        [sys.executable, "-c", APP, str(workspace_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "still running" in result.stdout
    log = state / "workshop-planner" / "log" / "workshop-planner.log"
    logged = log.read_text(encoding="utf-8")
    assert "RuntimeError: boom from a slot" in logged
    assert "Traceback" in logged
    assert "Again (2 times)" in logged
