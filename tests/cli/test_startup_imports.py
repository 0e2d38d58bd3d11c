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
#: what a command that only reads leaves alone: the model mapping, the PostgreSQL driver
MAPPING = ("workshop_planner.domain.models", "psycopg")

LOADED_AFTER = f"""
import json, sys
from workshop_planner.cli import main
code = main(sys.argv[1:])
loaded = sorted(name for name in {HEAVY + MAPPING!r} if name in sys.modules)
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


def test_events_lists_without_mapping_the_models_or_loading_psycopg(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    with open_workspace(path) as ws:
        ee.create_event(ws, title="Cities Respond", start_date=date(2025, 3, 1))
    code, loaded = loaded_after("--workspace", str(path), "events")
    assert (code, loaded) == (0, [])
    # a write still gets its stamps and checks: the hooks load with the first transaction
    code, loaded = loaded_after("--workspace", str(path), "demo")
    assert code == 0
    assert "workshop_planner.domain.models" in loaded


def test_the_console_script_exits_with_the_code_and_all_its_output(tmp_path: Path) -> None:
    """``python -m workshop_planner`` (as the console script) ends with ``os._exit``:
    what it printed is still all there, and the exit code is the command's."""
    path = tmp_path / "ws.sqlite3"
    with open_workspace(path) as ws:
        for i in range(200):
            ee.create_event(ws, title=f"Event {i:03}", start_date=date(2025, 3, 1))
    run = [sys.executable, "-m", "workshop_planner", "--workspace", str(path)]
    done = subprocess.run([*run, "events"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 200
    assert done.stdout.splitlines()[-1].endswith("Event 199")
    done = subprocess.run([*run, "export", "nope", "-o", str(tmp_path / "x.json")],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert "No event has the id or title “nope”" in done.stderr
    done = subprocess.run([*run, "--no-such-option"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "unrecognized arguments" in done.stderr
