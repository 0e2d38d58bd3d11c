"""The app starts with what its first screen needs (issue 14).

The app runs in a fresh interpreter on the offscreen platform, quits when its
event loop is first idle after the window is shown, and lists which heavy
libraries were loaded by then: the report chain, spreadsheets, calendars,
bundle validation and migrations load on first use, not at start. The first
screen reads its rows with SQLAlchemy Core, so the ORM's mappers are not
configured (0.1–0.3 s) until an edit or a page that needs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.ui.test_overview import PNG
from workshop_planner.services import event_editing as ee
from workshop_planner.store import open_workspace
from workshop_planner.ui.app import QUIT_WHEN_IDLE_ENV

NOT_AT_START = (
    "weasyprint", "openpyxl", "icalendar", "jsonschema", "alembic", "mako", "PIL",
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
from workshop_planner.domain.models import Base
configured = sorted(
    m.class_.__name__ for m in Base.registry.mappers if m.configured
)
print(json.dumps({{"code": code, "loaded": loaded, "configured": configured}}))
"""


def start_app(path: Path, tmp_path: Path) -> dict[str, object]:
    """Run the app on ``path`` until its window is first idle; what it had loaded."""
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
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_app_start_loads_no_report_spreadsheet_calendar_or_migration_library(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ws.sqlite3"
    with open_workspace(path) as ws:
        ee.create_event(ws, title="Cities Respond", start_date=date(2025, 3, 1))
    result = start_app(path, tmp_path)
    assert result["code"] == 0
    assert result["loaded"] == []


def test_first_screen_with_partners_and_a_logo_configures_no_orm_mapper(
    tmp_path: Path,
) -> None:
    """The sidebar, the Overview (event, partners with a logo, contacts) and the
    status counts are read as Core rows: no mapper is configured by the time the
    window is idle (nor when it closes)."""
    path = tmp_path / "ws.sqlite3"
    with open_workspace(path) as ws:
        event = ee.create_event(ws, title="Cities Respond", start_date=date(2025, 3, 1))
        logo_file = tmp_path / "logo.png"
        logo_file.write_bytes(PNG)
        logo = ee.store_logo(ws, logo_file)
        ee.add_partner(ws, event.id, name="Open Streets", logo_id=logo.id)
        ee.add_contact(ws, event.id, name="Ana Ruiz", email="ana@example.org")
    result = start_app(path, tmp_path)
    assert result["code"] == 0
    assert result["configured"] == []
