"""Never lose a word: kill the capture app with SIGKILL while it types, many times.

The capture window runs in a subprocess (offscreen) with a scripted typist
(``WORKSHOP_PLANNER_CAPTURE_SCRIPT``) that presses real keys into the real text
box and logs, fsync'd, what the box held after every key and every note it saved
once the save returned. After each kill the workspace must be intact, hold every
logged note, and keep a draft that is a prefix of what was typed and no more than
a second behind it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.view import AUTHOR_ENV
from workshop_planner.ui.capture.window import SCRIPT_ENV

from .conftest import AUTHOR, CaptureSetup

RUNS = 20
#: the draft may lag what was typed by at most this much
MAX_LAG_S = 1.0


def _read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            break  # a line cut by the kill: never fsync'd, so never relied on
    return entries


def _wait_for_start(log: Path, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and log.stat().st_size > 0:
            return
        if proc.poll() is not None:
            raise AssertionError(f"the capture app exited early with {proc.returncode}")
        time.sleep(0.01)
    raise AssertionError("the capture app did not start typing in time")


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(
    tmp_path: Path, workspace: Workspace, workspace_path: Path, setup: CaptureSetup
) -> None:
    rng = random.Random(20230615)
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", AUTHOR_ENV: AUTHOR})
    logged_saves: list[str] = []
    previous_draft = ""
    checked_drafts = 0
    for run in range(RUNS):
        log = tmp_path / f"typist-{run}.jsonl"
        script = tmp_path / f"script-{run}.json"
        script.write_text(
            json.dumps(
                {
                    "log": str(log),
                    "seed": run,
                    "interval_ms": 20,
                    "note_min": 40,
                    "note_max": 160,
                }
            )
        )
        env[SCRIPT_ENV] = str(script)
        stderr = tmp_path / f"stderr-{run}.txt"
        with stderr.open("wb") as err:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "workshop_planner.ui.capture",
                    "--workspace",
                    str(workspace_path),
                    setup.event_id,
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
            try:
                if run % 5 == 4:
                    # Now and then kill it while it is still starting up.
                    time.sleep(rng.uniform(0.2, 1.0))
                else:
                    _wait_for_start(log, proc)
                    time.sleep(rng.uniform(0.05, 3.0))
                kill_time = time.time()
                os.kill(proc.pid, signal.SIGKILL)
            finally:
                if proc.poll() is None:
                    proc.kill()
                proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, stderr.read_text()

        # The file is intact …
        conn = sqlite3.connect(workspace_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()

        entries = _read_log(log)
        assert not [e for e in entries if e["event"] == "save_failed"], stderr.read_text()
        notes = [n.text for n in capture.list_notes(workspace, setup.event_id, all_sessions=True)]
        draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
        stored = draft.text if draft is not None else ""

        # … a restarted app restores the draft the last one left …
        if entries:
            assert entries[0]["event"] == "start"
            assert entries[0]["text"] == previous_draft, f"run {run}"

        # … every note the typist saw saved is there …
        logged_saves += [e["text"] for e in entries if e["event"] == "saved"]
        missing = [t for t in logged_saves if t not in notes]
        assert not missing, f"run {run}: notes lost: {missing}"

        # … and the draft is a prefix of what was typed, at most a second behind.
        last_save = max((i for i, e in enumerate(entries) if e["event"] == "saved"), default=-1)
        current = entries[last_save + 1 :]
        typed_now = current[-1]["text"] if current else (previous_draft if not entries else "")
        assert typed_now.startswith(stored), (
            f"run {run}: the draft {stored!r} is not what was typed ({typed_now!r})"
        )
        due = [e for e in current if e["t"] <= kill_time - MAX_LAG_S]
        if due:
            must_have = due[-1]["text"]
            unlogged = [t for t in notes if t not in logged_saves]
            saved_unlogged = any(t.startswith(must_have) for t in unlogged)
            assert stored.startswith(must_have) or saved_unlogged, (
                f"run {run}: the draft {stored!r} is more than {MAX_LAG_S}s behind {must_have!r}"
            )
            if must_have:
                checked_drafts += 1
        previous_draft = stored
    # Enough kills landed mid-note for the lag check to mean something.
    assert checked_drafts >= 5
    assert len(logged_saves) >= 4
    print(f"{RUNS} kills, {len(logged_saves)} notes saved, {checked_drafts} drafts checked")
