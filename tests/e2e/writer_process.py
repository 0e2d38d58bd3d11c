"""A note-taker in its own process: saves notes through the capture service.

Used by the multi-process tests in two ways: :func:`write_notes` in a
multiprocessing pool (forked from a server that imported the app once), and
as a script, ``python writer_process.py WORKSPACE EVENT AUTHOR COUNT [PAUSE_S]``,
which prints "saved N failed M" and every failure on stderr. Either waits for
``WORKSPACE.go`` to exist, so that every writer starts at once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from workshop_planner.services.capture import add_note
from workshop_planner.store import WorkspaceError, open_workspace


def write_notes(
    workspace: str, event_id: str, author: str, count: int, pause: float = 0, go_file: str = ""
) -> tuple[int, list[str]]:
    """Save ``count`` notes; returns how many were saved and the failures' messages.

    The writers start together when ``go_file`` (default ``WORKSPACE.go``) exists.
    """
    go = Path(go_file or f"{workspace}.go")
    deadline = time.monotonic() + 30
    saved, failures = 0, []
    with open_workspace(workspace) as ws:
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        for i in range(count):
            try:
                add_note(ws, event_id, kind="observation", text=f"{author} note {i}", author=author)
                saved += 1
            except WorkspaceError as exc:
                failures.append(f"{author} note {i}: {exc}")
            if pause:
                time.sleep(pause)
    return saved, failures


def main(workspace: str, event_id: str, author: str, count: int, pause: float) -> int:
    saved, failures = write_notes(workspace, event_id, author, count, pause)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"saved {saved} failed {len(failures)}")
    return 0 if not failures else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0], args[1], args[2], int(args[3]), float(args[4]) if len(args) > 4 else 0))
