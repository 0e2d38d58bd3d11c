"""Screenshots of the report studio (Themes page) and the Report page with the sample event.

    .venv/bin/python docs/screenshots/make_studio_screenshots.py

renders offscreen and saves ``themes.png`` and ``report-checks.png`` next to
itself. The sample convening is imported into a fresh workspace; the first
theme and one of its notes are selected, as an organiser curating would have.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from workshop_planner.services import curation
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import open_workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.report_page import ReportView
from workshop_planner.ui.studio import StudioView
from workshop_planner.ui.style import apply_style

OUT = Path(__file__).resolve().parent
SIZE = (1440, 900)


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def main() -> int:
    app = QApplication(sys.argv)
    apply_style(app, dark=False)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "workspace.sqlite3")
        result = load_sample_event(ws)
        event_id = result.event_id
        ops = Operations(ws)

        studio = StudioView(ops)
        studio.resize(*SIZE)
        studio.show()
        studio.set_event(event_id)
        if studio.themes_model.rowCount():
            studio.themes_view.setCurrentIndex(studio.themes_model.index(0))
            featured = studio.featured_model.ids()
            if featured:
                studio.select_note(featured[0])
        spin(300)
        grab(studio, "themes.png")
        studio.hide()

        report = ReportView(ops)
        report.resize(*SIZE)
        report.set_event(event_id)
        report.show()
        done: list[str] = []
        report.rendered.connect(done.append)
        for _ in range(600):
            if done and not report.rendering:
                break
            spin(100)
        spin(300)
        grab(report, "report-checks.png")
        print(len(curation.list_notes(ws, event_id)), "notes,", len(report.checks()), "checks")
        QThreadPool.globalInstance().waitForDone(60_000)
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
