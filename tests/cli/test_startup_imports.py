"""What the command loads: only what the command needs (start-up cost, issue 14).

Each case runs in a fresh interpreter and lists the heavy libraries found in
``sys.modules`` afterwards; this checks behaviour, not wall-clock time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from workshop_planner.cli import build_parser
from workshop_planner.services import event_editing as ee
from workshop_planner.store import ENV_VAR, open_workspace

#: libraries that only some commands need: reports, spreadsheets, calendars,
#: bundles, migrations, the GUI
HEAVY = ("weasyprint", "openpyxl", "icalendar", "jsonschema", "alembic", "mako", "PySide6")

LOADED_AFTER = f"""
import json, sys
from workshop_planner.cli import main
code = main(sys.argv[1:])
loaded = sorted(name for name in {HEAVY!r} if name in sys.modules)
print(json.dumps({{"code": code, "loaded": loaded}}))
"""


def loaded_after(*args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    last = done.stdout.strip().splitlines()[-1]
    result = json.loads(last)
    return result["code"], result["loaded"]


def test_events_loads_no_report_spreadsheet_calendar_bundle_or_alembic(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    with open_workspace(path) as ws:  # created (and migrated) here, current from now on
        ee.create_event(ws, title="Cities Respond", start_date=date(2025, 3, 1))
    code, loaded = loaded_after("--workspace", str(path), "events")
    assert code == 0
    assert loaded == []


def test_version_loads_no_database_library() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom workshop_planner.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print('sqlalchemy' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.split()[-1] == "False"


def test_help_names_the_workspace_variable() -> None:
    assert f"${ENV_VAR}" in build_parser().format_help().replace("\n", " ").replace("  ", "")
