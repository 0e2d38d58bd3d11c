"""The standalone capture entry and the PySide6 reference-count workaround."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.capture_fixtures import CaptureSetup


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
