"""Second processes for the capture end-to-end tests (``python -m tests.e2e.capture_processes``).

* ``full WORKSPACE EVENT READY``: a capture window whose database is full
  (``PRAGMA max_page_count``, real SQLite): it types a long note with real key
  events and presses Enter (the save fails), types the start of the next note,
  writes READY and waits to be killed.
* ``writer WORKSPACE EVENT STOP``: saves a note through the capture service
  every 50 ms until the file STOP exists; prints how many saves succeeded and
  failed as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: the long note (it needs new database pages, which a full database refuses)
LONG = "gn26 " + "the quick brown fox jumps over the lazy dog " * 110 + "26gn"
#: what is typed after it, not saved yet
NEXT = "gn27 the next thought"
WRITER = "Second Writer"
WRITE_EVERY_S = 0.05


def full_disk_capture(workspace_path: str, event_id: str, ready: str) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    from tests.failing_sqlite import refuse_writes
    from workshop_planner.store import open_workspace
    from workshop_planner.ui.capture.window import CaptureWindow

    app = QApplication(sys.argv[:1])
    workspace = open_workspace(workspace_path)

    def full(dbapi_connection: Any, _record: Any) -> None:
        refuse_writes(dbapi_connection, "full")

    event.listen(workspace.engine, "connect", full)
    workspace.engine.dispose()
    window = CaptureWindow(workspace)
    window.set_event(event_id)
    window.show()
    QTest.qWaitForWindowExposed(window)
    view = window.view
    view.editor.setFocus()
    view.editor.setPlainText(LONG[:-40])
    view.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(view.editor, LONG[-40:])
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    QTest.keyClicks(view.editor, NEXT)
    view.flush_draft()
    Path(ready).write_text(
        json.dumps({"pending": len(view.pending), "status": view.status_text}), encoding="utf-8"
    )
    return app.exec()


def writer(workspace_path: str, event_id: str, stop: str) -> int:
    from workshop_planner.services import capture
    from workshop_planner.store import open_workspace

    workspace = open_workspace(workspace_path)
    saved = failed = 0
    errors: list[str] = []
    i = 0
    try:
        while not Path(stop).exists():
            try:
                capture.add_note(
                    workspace, event_id, kind="observation", text=f"bg{i}", author=WRITER
                )
                saved += 1
            except Exception as exc:
                failed += 1
                errors.append(str(exc).splitlines()[0])
            i += 1
            time.sleep(WRITE_EVERY_S)
    finally:
        workspace.close()
    print(json.dumps({"saved": saved, "failed": failed, "errors": errors[:5]}))
    return 0


def main(argv: Sequence[str]) -> int:
    command, *args = argv
    if command == "full":
        return full_disk_capture(*args)
    if command == "writer":
        return writer(*args)
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
