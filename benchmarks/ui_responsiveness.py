"""How long the window takes to answer a click or key with the big workspace (issue 14).

Run: ``.venv/bin/python benchmarks/ui_responsiveness.py [--repeat N]``. Prints
median and p95 milliseconds per interaction and the peak memory; asserts
nothing. Target: every interaction within 100 ms, peak memory ≤ 250 MB.

The real :class:`MainWindow` runs offscreen on the big workspace of
``benchmarks/scale_data.py`` (200 events, a 20,000-person directory, one event
with 2,000 participants, 300 sessions and 10,000 notes). Every interaction is
a real QTest mouse or key event; its time runs from the event until the events
it queued (layout, paint, zero timers) are processed.

- switch event: a click on the big event in the sidebar (from another event),
  with the Overview shown, then with the Agenda shown;
- show a page: Ctrl+1 … Ctrl+7, the first time after a switch (the page loads
  the event) and again (nothing to load);
- agenda: Alt+Down on the selected session, then Ctrl+Z;
- capture: picking the busiest session (Down in the session box), Enter in the
  composer saving a note;
- participants: one keystroke in the filter.

After the Themes page's first show (it reads the first notes only), the time
until the rest of the notes are in and the longest single pass of the event
loop meanwhile (how long a click could wait) are printed too.

Peak memory (``ru_maxrss``) is printed after every page but Report was
visited, and again once the Report page shows its rendered preview, with the
resident memory then and whether WeasyPrint was imported in this process
(``--only memory`` runs this part alone).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from scale_data import big_event_id, build

from workshop_planner.services import capture
from workshop_planner.store import open_workspace
from workshop_planner.ui.main_window import PAGES, MainWindow
from workshop_planner.ui.operations import Page

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
STEP = timedelta(minutes=15)


def settle() -> None:
    """Let the window finish what the interaction queued (layout, paint, timers)."""
    for _ in range(3):
        QCoreApplication.processEvents()


def timed(action: Callable[[], object]) -> float:
    begin = time.perf_counter()
    action()
    settle()
    return (time.perf_counter() - begin) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The resident memory now (Linux), to tell memory held from a passing peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Bench:
    def __init__(self, window: MainWindow, big: str, other: str, repeat: int) -> None:
        self.window = window
        self.big = big
        self.other = other
        self.repeat = repeat
        self.rows: list[tuple[str, list[float]]] = []

    def record(self, what: str, samples: list[float]) -> None:
        self.rows.append((what, samples))
        print(
            f"{what:<52} median {statistics.median(samples):7.1f} ms   p95 {p95(samples):7.1f} ms",
            flush=True,
        )

    # --- interactions

    def click_event(self, event_id: str) -> None:
        view = self.window.event_list
        row = self.window.event_model.row_of(event_id)
        index = self.window.event_model.index(row, 0)
        view.scrollTo(index)
        settle()
        QTest.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())

    def page_key(self, page: Page) -> None:
        key = Qt.Key(Qt.Key.Key_1 + PAGES.index(page))
        # the capture composer takes Ctrl+digit (the note's kind): from there, Ctrl+Alt+digit
        mods = CTRL | ALT if self.window.current_page() is Page.CAPTURE else CTRL
        QTest.keyClick(self.window.event_list, key, mods)
        assert self.window.current_page() == page, (page, self.window.current_page())

    def show_big(self, page: Page) -> None:
        """The big event on ``page`` (not timed)."""
        if self.window.event_id != self.big:
            self.click_event(self.big)
            settle()
        self.page_key(page)
        settle()

    def switch_away(self) -> None:
        self.click_event(self.other)
        settle()

    # --- measurements

    def switch_event(self, page: Page) -> None:
        self.page_key(page)
        settle()
        samples = []
        for _ in range(self.repeat):
            self.switch_away()
            samples.append(timed(lambda: self.click_event(self.big)))
            assert self.window.event_id == self.big
        self.record(f"switch to the big event ({page} shown)", samples)

    def show_pages(self) -> None:
        for page in PAGES:
            if page is Page.REPORT:
                continue  # its preview renders with WeasyPrint; see the memory figures
            first, again, rest, pauses = [], [], [], []
            for _ in range(self.repeat):
                self.page_key(page)
                self.switch_away()  # the page shows another event …
                self.page_key(Page.OVERVIEW)
                self.click_event(self.big)
                settle()  # … until it is shown again: then it loads the big one
                first.append(timed(lambda p=page: self.page_key(p)))  # type: ignore[misc]
                if page is Page.THEMES:
                    self.rest_of_notes(rest, pauses)
                self.page_key(Page.OVERVIEW)
                settle()
                again.append(timed(lambda p=page: self.page_key(p)))  # type: ignore[misc]
            self.record(f"Ctrl+{PAGES.index(page) + 1} {page}, first after a switch", first)
            self.record(f"Ctrl+{PAGES.index(page) + 1} {page}, again", again)
            if page is Page.THEMES:
                self.record("Themes: the rest of the notes read (in all)", rest)
                self.record("Themes: longest pause while they are read", pauses)

    def rest_of_notes(self, rest: list[float], pauses: list[float]) -> None:
        """After the Themes page's first show: until every note is in, and the
        longest the event loop was busy meanwhile (one pass of it)."""
        studio = self.window.studio
        begin = time.perf_counter()
        longest = 0.0
        while studio.loading_notes:
            start = time.perf_counter()
            QCoreApplication.processEvents()
            longest = max(longest, (time.perf_counter() - start) * 1000)
            time.sleep(0.001)
        rest.append((time.perf_counter() - begin) * 1000)
        pauses.append(longest)
        assert studio.notes_model.rowCount() == len(studio.notes.notes)

    def agenda_moves(self) -> None:
        self.show_big(Page.AGENDA)
        view = self.window.agenda
        busiest = max(view.sessions, key=lambda s: len(s.people))
        view.select_session(busiest.id)
        view.grid.setFocus()
        moves, undos = [], []
        for _ in range(self.repeat):
            moves.append(timed(lambda: QTest.keyClick(view.grid, Qt.Key.Key_Down, ALT)))
            moved = view.selected_session()
            assert moved is not None
            assert moved.start == busiest.start + STEP, "no move"
            undos.append(timed(lambda: QTest.keyClick(view.grid, Qt.Key.Key_Z, CTRL)))
            back = view.selected_session()
            assert back is not None
            assert back.start == busiest.start, "no undo"
        self.record("agenda: Alt+Down (move 15 min)", moves)
        self.record("agenda: Ctrl+Z (undo the move)", undos)

    def capture(self) -> None:
        self.show_big(Page.CAPTURE)
        view = self.window.capture
        event = capture.load_capture_event(self.window.ws, self.big)
        counts = {
            s.id: len(capture.list_notes(self.window.ws, self.big, session_id=s.id))
            for s in event.sessions
        }
        busiest = max(counts, key=lambda sid: counts[sid])
        combo = view.session_combo
        row = view.sessions_model.row_of(busiest)
        # from its neighbour in the session box: Down from the one before, or Up
        neighbour, key = (row - 1, Qt.Key.Key_Down) if row > 0 else (row + 1, Qt.Key.Key_Up)
        picks = []
        for _ in range(self.repeat):
            view.select_session(view.sessions_model.sessions()[neighbour].id)
            settle()
            combo.setFocus()
            picks.append(timed(lambda: QTest.keyClick(combo, key)))
            assert view.session_id == busiest
        self.record(f"capture: pick the busiest session ({counts[busiest]} notes)", picks)
        editor = view.composer.editor
        enters = []
        for i in range(self.repeat):
            editor.setFocus()
            QTest.keyClicks(editor, f"Mayors lead the way, note {i}")
            enters.append(timed(lambda: QTest.keyClick(editor, Qt.Key.Key_Return)))
        self.record("capture: Enter saves a note", enters)

    def participant_filter(self) -> None:
        self.show_big(Page.PARTICIPANTS)
        field = self.window.participants.filter_edit
        field.setFocus()
        keys = []
        for i in range(self.repeat):
            key = Qt.Key.Key_A if i % 2 == 0 else Qt.Key.Key_Backspace
            keys.append(timed(lambda k=key: QTest.keyClick(field, k)))  # type: ignore[misc]
        self.record("participants: a keystroke in the filter", keys)

    def memory(self) -> None:
        self.page_key(Page.OVERVIEW)
        settle()
        self.switch_away()
        self.click_event(self.big)
        for page in PAGES:
            if page is not Page.REPORT:
                self.page_key(page)
                settle()
        print(f"peak memory, every page but Report visited: {peak_mb():.0f} MB", flush=True)
        self.page_key(Page.REPORT)
        pane = self.window.report.preview_pane
        deadline = time.perf_counter() + 120
        while pane.document.pageCount() == 0 and time.perf_counter() < deadline:
            settle()
            time.sleep(0.05)
        QThreadPool.globalInstance().waitForDone(120_000)
        for _ in range(20):
            settle()
            time.sleep(0.05)
        print(
            f"peak memory, Report preview rendered too:   {peak_mb():.0f} MB "
            f"(now {rss_mb():.0f} MB; {pane.document.pageCount()} pages; "
            f"WeasyPrint imported here: {'weasyprint' in sys.modules})",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--only", help="run one part: switch, pages, agenda, capture, filter, memory"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wp-ui-"))
    path = build("big", folder)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    workspace = open_workspace(path)
    window = MainWindow(workspace, settings=settings)
    window.resize(1360, 860)
    window.show()
    settle()
    big = big_event_id()
    other = next(e.id for e in window.events() if e.id != big)
    bench = Bench(window, big, other, args.repeat)
    parts: dict[str, Callable[[], None]] = {
        "switch": lambda: (bench.switch_event(Page.OVERVIEW), bench.switch_event(Page.AGENDA)),
        "pages": bench.show_pages,
        "agenda": bench.agenda_moves,
        "capture": bench.capture,
        "filter": bench.participant_filter,
    }
    for name, run in parts.items():
        if args.only in (None, name):
            run()
    if args.only in (None, "memory"):
        bench.memory()
    window.close()
    workspace.close()


if __name__ == "__main__":
    main()
