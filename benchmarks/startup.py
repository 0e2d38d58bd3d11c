"""Start-up times against their floors (issue 14), each in a fresh process.

Run: ``.venv/bin/python benchmarks/startup.py [--runs N] [--no-big]``. Prints
a table (ours, floor, ratio); asserts nothing. Ratios are medians of
alternating pairs (ours, floor, ours, floor …), so load on the machine hits
both sides alike.

- ``--version`` against ``python -c pass``;
- ``workshop-planner events`` against ``python -c "import sqlalchemy"``, on
  an empty workspace and on the big one (200 events);
- the app from start to its window shown and the event loop idle, on an empty
  workspace and on the big one with its big event selected, against a bare
  PySide6 ``QMainWindow`` doing the same (both quit on their first idle turn:
  the app through ``WORKSHOP_PLANNER_QUIT_WHEN_IDLE``).

Each figure is given as wall-clock time and as the CPU time the process used
(user + system): on a busy machine the CPU time moves much less with the load.

Every process may write and reuse compiled modules (in a cache folder of the
run, ``PYTHONPYCACHEPREFIX``), as an installed app does: with
``PYTHONDONTWRITEBYTECODE`` set, as in some shells, the app's own modules would
be compiled from source at every start (about 0.1 s) while the floors' libraries
have theirs from their installation.

The big workspace comes from ``benchmarks/scale_data.py`` (cached after the
first build). Every run uses its own settings folder (``XDG_CONFIG_HOME``), so
the user's settings are neither read nor changed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

PYTHON = sys.executable
BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1360, 860)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""
REMEMBER_EVENT = """
import sys
from PySide6.QtCore import QCoreApplication, QSettings
from workshop_planner.store import open_workspace
from workshop_planner.ui.main_window import workspace_settings_key
app = QCoreApplication(sys.argv)
app.setOrganizationName("Workshop Planner")
app.setApplicationName("Workshop Planner")
with open_workspace(sys.argv[1]) as ws:
    settings = QSettings()
    settings.setValue(workspace_settings_key(ws, "lastEvent"), sys.argv[2])
    settings.sync()
"""


@dataclass(frozen=True)
class Row:
    what: str
    ours: float
    floor_name: str
    floor: float
    ratio: float
    cpu_ours: float
    cpu_floor: float
    cpu_ratio: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_seconds(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv``."""
    cpu = _children_cpu()
    begin = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - begin
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, _children_cpu() - cpu


def pairs(
    what: str,
    ours: list[str],
    floor_name: str,
    floor: list[str],
    env: dict[str, str],
    runs: int,
) -> Row:
    run_seconds(ours, env)  # warm the file cache once
    run_seconds(floor, env)
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(run_seconds(ours, env))
        theirs.append(run_seconds(floor, env))

    def median(values: list[tuple[float, float]], i: int) -> float:
        return statistics.median(v[i] for v in values)

    def ratio(i: int) -> float:
        return statistics.median(a[i] / b[i] for a, b in zip(mine, theirs, strict=True))

    return Row(
        what,
        median(mine, 0),
        floor_name,
        median(theirs, 0),
        ratio(0),
        median(mine, 1),
        median(theirs, 1),
        ratio(1),
    )


def print_table(rows: list[Row]) -> None:
    print(
        f"{'what':<44} {'ours':>7} {'floor':<30} {'floor':>7} {'ratio':>6}"
        f" | {'CPU ours':>8} {'floor':>6} {'ratio':>6}"
    )
    for r in rows:
        print(
            f"{r.what:<44} {r.ours:>6.2f}s {r.floor_name:<30} {r.floor:>6.2f}s {r.ratio:>5.2f}×"
            f" | {r.cpu_ours:>7.2f}s {r.cpu_floor:>5.2f}s {r.cpu_ratio:>5.2f}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-big", action="store_true", help="skip the big workspace")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="wp-startup-"))
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env.pop("WORKSHOP_PLANNER_WORKSPACE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    app = [PYTHON, "-m", "workshop_planner"]

    empty = folder / "empty.sqlite3"
    run_seconds([*app, "--workspace", str(empty), "events"], env)  # creates the schema

    rows = [
        pairs(
            "--version",
            [*app, "--version"],
            "python -c pass",
            [PYTHON, "-c", "pass"],
            env,
            args.runs,
        ),
        pairs(
            "events, empty workspace",
            [*app, "--workspace", str(empty), "events"],
            'python -c "import sqlalchemy"',
            [PYTHON, "-c", "import sqlalchemy"],
            env,
            args.runs,
        ),
    ]
    idle = {**env, "WORKSHOP_PLANNER_QUIT_WHEN_IDLE": "1"}
    bare = [PYTHON, "-c", BARE_WINDOW]
    rows.append(
        pairs(
            "app start to idle window, empty workspace",
            [*app, "--workspace", str(empty)],
            "bare PySide6 window",
            bare,
            idle,
            args.runs,
        )
    )
    if not args.no_big:
        from scale_data import big_event_id, build

        big = build("big", folder)
        rows.append(
            pairs(
                "events, big workspace (200 events)",
                [*app, "--workspace", str(big), "events"],
                'python -c "import sqlalchemy"',
                [PYTHON, "-c", "import sqlalchemy"],
                env,
                args.runs,
            )
        )
        run_seconds([PYTHON, "-c", REMEMBER_EVENT, str(big), big_event_id()], env)
        rows.append(
            pairs(
                "app start to idle window, big event shown",
                [*app, "--workspace", str(big)],
                "bare PySide6 window",
                bare,
                idle,
                args.runs,
            )
        )
    print_table(rows)


if __name__ == "__main__":
    main()
