"""A note-taker in its own process: saves notes through the capture service.

Run by the multi-process tests: ``python writer_process.py WORKSPACE EVENT AUTHOR COUNT
[PAUSE_S]``. It waits for ``WORKSPACE.go`` to exist (so every writer starts at
once), saves COUNT notes (pausing PAUSE_S between them, like a window) and
prints "saved N failed M"; every failure is printed on stderr.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from workshop_planner.services.capture import add_note
from workshop_planner.store import WorkspaceError, open_workspace


def main(workspace: str, event_id: str, author: str, count: int, pause: float) -> int:
    go = Path(f"{workspace}.go")
    deadline = time.monotonic() + 30
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    saved = failed = 0
    with open_workspace(workspace) as ws:
        for i in range(count):
            try:
                add_note(ws, event_id, kind="observation", text=f"{author} note {i}", author=author)
                saved += 1
            except WorkspaceError as exc:
                failed += 1
                print(f"{author} note {i}: {exc}", file=sys.stderr)
            if pause:
                time.sleep(pause)
    print(f"saved {saved} failed {failed}")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0], args[1], args[2], int(args[3]), float(args[4]) if len(args) > 4 else 0))
