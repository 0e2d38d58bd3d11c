"""Screenshots of the Themes, Report and People pages with the sample event.

    .venv/bin/python docs/screenshots/make_studio_screenshots.py

renders offscreen (or on ``DISPLAY`` with ``QT_QPA_PLATFORM=xcb``) and saves,
next to itself, at 1440×900 with the whole window:

* ``themes.png``: the Themes page, the first theme selected with its editor,
  the notes list (most of them featured) and one featured note's printed text;
* ``report.png`` and ``report-checks.png``: the Report page with its drafted
  texts, the checks before export and the rendered preview;
* ``people.png``: the People page with a person selected whose consent was
  withdrawn and given again, so the form shows the consent history.

The sample convening is imported into a fresh workspace, as ``workshop-planner
demo`` does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from workshop_planner.services import curation
from workshop_planner.services import people as ps
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import open_workspace
from workshop_planner.ui.main_window import MainWindow
from workshop_planner.ui.style import apply_style

OUT = Path(__file__).resolve().parent
SIZE = (1440, 900)
#: whose consent the People screenshot shows changing
PERSON = "Aisha Rahman"


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(window: MainWindow, *names: str) -> None:
    window.message_bar.hide()
    window.statusBar().clearMessage()
    window.update_counts()
    spin(100)
    image = window.grab()
    for name in names:
        image.save(str(OUT / name))
        print("wrote", OUT / name)


def main() -> int:
    app = QApplication(sys.argv)
    app.setApplicationName("Workshop Planner")
    apply_style(app, dark=False)
    with tempfile.TemporaryDirectory() as tmp:
        ws = open_workspace(Path(tmp) / "workspace.sqlite3")
        event_id = load_sample_event(ws).event_id
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ws, settings=settings)
        window.resize(*SIZE)
        window.show()
        window.refresh_events(event_id)
        spin(300)

        # Themes: the first theme, its editor, and one featured note's printed text.
        window.show_page("themes")
        studio = window.studio
        spin(300)
        if studio.themes_model.rowCount():
            studio.themes_view.setCurrentIndex(studio.themes_model.index(0))
            spin(200)
            featured = studio.featured_model.ids()
            if featured:
                studio.select_note(featured[0])
        studio.themes_view.setFocus()
        spin(400)
        grab(window, "themes.png")

        # Report: drafted texts, checks before export and the preview.
        window.show_page("report")
        report = window.report
        done: list[str] = []
        report.rendered.connect(done.append)
        report.refresh_preview()
        for _ in range(900):
            if done and not report.rendering and not report._preview_timer.isActive():
                break
            spin(100)
        spin(500)
        grab(window, "report.png", "report-checks.png")

        # People: a person whose consent was withdrawn, then given again.
        window.show_page("people")
        people = window.people
        people.changed_by = lambda: "Claire Martin"
        spin(200)
        person = next(p for p in ps.list_people(ws) if p.full_name == PERSON)
        people.select_ids([person.id])
        spin(200)
        for _ in range(2):
            people.form.consent.click()
            spin(200)
        people.table.setFocus()
        spin(300)
        grab(window, "people.png")

        print(
            len(curation.list_notes(ws, event_id)),
            "notes,",
            len(report.checks()),
            "checks,",
            people.form.history_model.rowCount(),
            "consent changes",
        )
        QTimer.singleShot(0, window.close)
        spin(200)
        QThreadPool.globalInstance().waitForDone(60_000)
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
