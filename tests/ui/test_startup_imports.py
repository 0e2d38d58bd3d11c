"""The app starts with what its first screen needs (issue 14).

The app runs in a fresh interpreter on the offscreen platform, quits when its
event loop is first idle after the window is shown, and lists which heavy
libraries were loaded by then: the report chain, spreadsheets, calendars,
bundle validation and migrations load on first use, not at start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from workshop_planner.services import event_editing as ee
from workshop_planner.store import open_workspace
from workshop_planner.ui.app import QUIT_WHEN_IDLE_ENV

NOT_AT_START = (
    "weasyprint", "openpyxl", "icalendar", "jsonschema", "alembic", "mako",
    # the window draws its icons itself (ui/icons.py)
    "qtawesome", "PySide6.QtPdf",
    # pages other than the one shown are built (and their modules imported) when first shown
    "workshop_planner.ui.agenda.view", "workshop_planner.ui.participants.view",
    "workshop_planner.ui.capture.view", "workshop_planner.ui.report.page",
    "workshop_planner.ui.studio.view", "workshop_planner.ui.people.view",
)  # fmt: skip

START_APP = f"""
import json, sys
from workshop_planner.ui.app import run_app
code = run_app(sys.argv[1])
loaded = sorted(n for n in {NOT_AT_START!r} if n in sys.modules)
print(json.dumps({{"code": code, "loaded": loaded}}))
"""


def test_app_start_loads_no_report_spreadsheet_calendar_or_migration_library(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ws.sqlite3"
    with open_workspace(path) as ws:
        ee.create_event(ws, title="Cities Respond", start_date=date(2025, 3, 1))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        **{QUIT_WHEN_IDLE_ENV: "1"},
    )
    done = subprocess.run(
        [sys.executable, "-c", START_APP, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "loaded": []}
