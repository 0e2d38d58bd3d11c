"""Several programs writing one SQLite workspace at once: every write waits its turn.

Real processes on a real file: note-takers saving through the capture
service, the CLI importing bundles, all started together.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.capture_fixtures import CaptureSetup
from tests.e2e.writer_process import write_notes
from workshop_planner.resources import sample_bundle_path
from workshop_planner.services.events import list_events
from workshop_planner.store import Workspace

WRITER = Path(__file__).with_name("writer_process.py")
OTHER_BUNDLE = Path(__file__).parents[1] / "services" / "bundle" / "data" / "other-tool-bundle.json"
ROOT = Path(__file__).parents[2]


def start_writer(workspace: Path, event_id: str, author: str, count: int, pause: float = 0):
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(workspace), event_id, author, str(count), str(pause)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_import(workspace: Path, bundle: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "workshop_planner", "--workspace", str(workspace), "import",
         str(bundle)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def note_count(path: Path, author: str | None = None) -> int:
    conn = sqlite3.connect(path)
    try:
        if author is None:
            return int(conn.execute("SELECT count(*) FROM notes").fetchone()[0])
        query = "SELECT count(*) FROM notes WHERE author = ?"
        return int(conn.execute(query, (author,)).fetchone()[0])
    finally:
        conn.close()


def test_eight_processes_save_1600_notes_without_a_failure(
    workspace: Workspace, workspace_path: Path, setup: CaptureSetup
) -> None:
    """Eight writer processes, forked from a server that imported the app once."""
    before = note_count(workspace_path)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.e2e.writer_process"])
    authors = [f"Writer {i}" for i in range(8)]
    with context.Pool(8) as pool:
        pending = pool.starmap_async(
            write_notes, [(str(workspace_path), setup.event_id, a, 200) for a in authors]
        )
        time.sleep(0.3)  # let every worker open the workspace, then start them together
        Path(f"{workspace_path}.go").touch()
        results = pending.get(timeout=120)
    assert [failures for _saved, failures in results] == [[]] * 8
    assert [saved for saved, _failures in results] == [200] * 8
    assert note_count(workspace_path) - before == 1600
    for author in authors:
        assert note_count(workspace_path, author) == 200


def test_two_parallel_imports_of_different_events_both_succeed(
    workspace: Workspace, workspace_path: Path
) -> None:
    imports = [start_import(workspace_path, b) for b in (sample_bundle_path(), OTHER_BUNDLE)]
    results = [finish(p) for p in imports]
    assert [(code, err) for code, _out, err in results if code != 0] == []
    titles = {e.title for e in list_events(workspace)}
    assert len(titles) == 2


def test_a_note_taking_window_and_a_cli_import_share_the_workspace(
    workspace: Workspace, workspace_path: Path, setup: CaptureSetup
) -> None:
    """A window saves a note every 20 ms while the CLI imports the sample event."""
    window = start_writer(workspace_path, setup.event_id, "Window", 60, pause=0.02)
    Path(f"{workspace_path}.go").touch()
    time.sleep(0.2)
    code, _out, err = finish(start_import(workspace_path, sample_bundle_path()))
    assert code == 0, err
    w_code, w_out, w_err = finish(window)
    assert w_code == 0, w_err
    assert w_out.strip() == "saved 60 failed 0"
    assert note_count(workspace_path, "Window") == 60
    assert len(list_events(workspace)) == 2
