"""Issue 9's done-test: a captured event curated through the GUI only, read back from the PDF.

From an empty workspace the services create an event, a session and 12
captured notes of several kinds. Then, with real keys and mouse clicks on the
Themes page (StudioView) and the Report page (ReportView): three themes, notes
assigned and featured, two themes and two quotes reordered, a quote put at the
close of Next Steps, a drafted text overridden and another reset, the PDF
exported. pypdf shows every featured note in its section and order, and no
unfeatured note.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QTabWidget

from tests.ui.studio.conftest import NOTES, activate, capture_event
from workshop_planner.services import curation
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.report_page import ReportView
from workshop_planner.ui.studio import StudioView
from workshop_planner.ui.studio.models import Column

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
TEXT = {name: text for name, _kind, text, _extra in NOTES}


class App:
    """The two pages in tabs of one window, as the main window holds them."""

    def __init__(self, qtbot, workspace: Workspace) -> None:
        self.qtbot = qtbot
        self.ops = Operations(workspace)
        self.tabs = QTabWidget()
        self.studio = StudioView(self.ops)
        self.report = ReportView(self.ops)
        self.tabs.addTab(self.studio, "Themes")
        self.tabs.addTab(self.report, "Report")
        qtbot.addWidget(self.tabs)
        self.tabs.resize(1500, 950)
        activate(qtbot, self.tabs)

    def show_tab(self, index: int) -> None:
        bar = self.tabs.tabBar()
        self.qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
        assert self.tabs.currentIndex() == index

    def key(self, widget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        widget.setFocus()
        assert QApplication.focusWidget() is widget
        self.qtbot.keyClick(widget, key, modifiers)

    def add_theme(self, title: str) -> None:
        studio = self.studio
        self.key(studio.themes_view, Qt.Key.Key_N, CTRL | SHIFT)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        editor.selectAll()
        self.qtbot.keyClicks(editor, title)
        self.qtbot.keyClick(editor, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: any(t.title == title for t in studio.themes_model.themes()))

    def click_theme(self, title: str) -> None:
        view = self.studio.themes_view
        row = next(i for i, t in enumerate(self.studio.themes_model.themes()) if t.title == title)
        rect = view.visualRect(self.studio.themes_model.index(row))
        self.qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
        assert self.studio.current_theme().title == title

    def type_key_message(self, text: str) -> None:
        field = self.studio.theme_editor.key_message
        self.qtbot.mouseClick(field, LEFT)
        self.qtbot.keyClicks(field, text)
        self.qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving the field saves it

    def select_notes(self, *note_ids: str) -> None:
        studio = self.studio
        table = studio.notes_view
        for i, note_id in enumerate(note_ids):
            source = studio.notes_model.index(studio.notes_model.row_of(note_id), Column.TEXT)
            cell = studio.proxy.mapFromSource(source)
            table.scrollTo(cell)
            modifiers = CTRL if i else Qt.KeyboardModifier.NoModifier
            self.qtbot.mouseClick(
                table.viewport(), LEFT, modifiers, table.visualRect(cell).center()
            )
        assert set(studio.selected_note_ids()) == set(note_ids)

    def click_featured(self, note_id: str) -> None:
        view = self.studio.featured_view
        row = self.studio.featured_model.row_of(note_id)
        rect = view.visualRect(self.studio.featured_model.index(row))
        self.qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
        assert view.currentIndex().row() == row


@pytest.fixture
def app(qtbot, workspace: Workspace) -> Iterator[App]:
    yield App(qtbot, workspace)
    QThreadPool.globalInstance().waitForDone(120_000)


def _flat(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return " ".join(text.split())


def test_a_day_of_notes_becomes_the_published_report(
    app: App, qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    assert curation_is_empty(workspace)
    captured = capture_event(workspace)  # the services: event, session, 12 notes
    note = captured.notes
    app.studio.set_event(captured.event_id)
    app.report.set_event(captured.event_id)
    studio = app.studio
    assert studio.notes_model.rowCount() == 12

    # --- three themes, each with a key message
    for title, message in (
        ("Mayoral Leadership", "Mayors lead where nations stall."),
        ("Public Trust", "Trust is local."),
        ("Climate Finance", "Money must reach cities."),
    ):
        app.add_theme(title)
        app.type_key_message(message)
    themes = curation.list_themes(workspace, captured.event_id)
    assert [t.title for t in themes] == ["Mayoral Leadership", "Public Trust", "Climate Finance"]
    assert themes[0].key_message == "Mayors lead where nations stall."

    # --- assign and feature: Alt+digit toggles theme N, Space features
    app.select_notes(note["obs_budget"], note["quote_ada"], note["quote_ben"], note["case_rostock"])
    app.key(studio.notes_view, Qt.Key.Key_1, ALT)
    app.key(studio.notes_view, Qt.Key.Key_Space)
    app.select_notes(note["obs_youth"])
    app.key(studio.notes_view, Qt.Key.Key_2, ALT)
    app.key(studio.notes_view, Qt.Key.Key_Space)
    app.select_notes(note["obs_unused"])  # in a theme but never featured
    app.key(studio.notes_view, Qt.Key.Key_3, ALT)
    app.select_notes(
        note["threat_disinfo"], note["challenge_staff"], note["need_funding"], note["next_network"]
    )
    app.key(studio.notes_view, Qt.Key.Key_Space)
    # featured by mistake, then unfeatured with one click on its star
    app.select_notes(note["rec_unused"])
    app.key(studio.notes_view, Qt.Key.Key_Space)
    star = studio.proxy.mapFromSource(
        studio.notes_model.index(studio.notes_model.row_of(note["rec_unused"]), Column.FEATURED)
    )
    qtbot.mouseClick(
        studio.notes_view.viewport(), LEFT, pos=studio.notes_view.visualRect(star).center()
    )
    # a quote at the close of Next Steps: feature it, then P (Print in…), C (closing)
    app.select_notes(note["quote_close"])
    app.key(studio.notes_view, Qt.Key.Key_Space)
    app.key(studio.notes_view, Qt.Key.Key_P)
    menu = QApplication.activePopupWidget()
    assert menu is studio.print_in_menu
    qtbot.keyClick(menu, Qt.Key.Key_C)
    state = {n.id: n for n in curation.list_notes(workspace, captured.event_id)}
    assert state[note["quote_close"]].effective_placement == "closing"
    assert not state[note["rec_unused"]].featured
    assert state[note["obs_unused"]].theme_ids == (themes[2].id,)

    # --- reorder two themes: Climate Finance up, before Public Trust
    app.click_theme("Climate Finance")
    app.key(studio.themes_view, Qt.Key.Key_Up, ALT)
    assert [t.title for t in curation.list_themes(workspace, captured.event_id)] == [
        "Mayoral Leadership",
        "Climate Finance",
        "Public Trust",
    ]

    # --- reorder two quotes in theme 1: Ben's before Ada's
    app.click_theme("Mayoral Leadership")
    # in print order: the observation, the case study, then the pull quotes
    assert studio.featured_model.ids() == [
        note["obs_budget"],
        note["case_rostock"],
        note["quote_ada"],
        note["quote_ben"],
    ]
    app.click_featured(note["quote_ben"])
    app.key(studio.featured_view, Qt.Key.Key_Up, ALT)
    assert studio.featured_model.ids()[2:] == [note["quote_ben"], note["quote_ada"]]
    app.key(studio.featured_view, Qt.Key.Key_Up, ALT)  # not above the case study
    assert studio.featured_model.ids()[1] == note["case_rostock"]

    # --- Report page: override one drafted text and keep it; override another and reset it
    app.show_tab(1)
    report = app.report
    steps = report.draft_row("next_steps")
    qtbot.mouseClick(steps.edit_button, LEFT)
    assert QApplication.focusWidget() is steps.edit
    steps.edit.selectAll()
    qtbot.keyClicks(steps.edit, "Partners agreed on three next steps.")
    opening = report.draft_row("themes_intro")
    drafted_opening = opening.edit.toPlainText()
    assert drafted_opening.startswith("Three key themes")
    qtbot.mouseClick(opening.edit_button, LEFT)
    opening.edit.selectAll()
    qtbot.keyClicks(opening.edit, "An introduction we did not keep.")
    qtbot.waitUntil(lambda: opening.reset_button.isEnabled())
    qtbot.waitUntil(
        lambda: (
            overrides(workspace, captured.event_id)["themes_intro"]
            == "An introduction we did not keep."
        ),
        timeout=5000,
    )
    qtbot.mouseClick(opening.reset_button, LEFT)
    assert opening.edit.toPlainText() == drafted_opening
    assert overrides(workspace, captured.event_id)["themes_intro"] is None

    # --- export: the open checks are listed first, then the PDF is written
    target = tmp_path / "report.pdf"
    asked: list[str] = []

    def export_anyway() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if "Export anyway" in b.text().replace("&", "")).click()

    with qtbot.waitSignal(report.exported, timeout=180_000):
        if report.checks():
            QTimer.singleShot(0, export_anyway)
        assert report.export_pdf(target)
    assert bool(asked) == bool(report.checks())
    assert overrides(workspace, captured.event_id)["next_steps"] == (
        "Partners agreed on three next steps."
    )

    # --- the PDF: every featured note in its section and order, no unfeatured note
    text = _flat(target)
    for name in ("obs_unused", "rec_unused"):
        assert TEXT[name] not in text
    assert "An introduction we did not keep." not in text
    assert " ".join(drafted_opening.split())[:60] in text

    threats = text.index("Threats, Key Challenges & City Needs", text.index("Summary"))
    key_themes = text.index("Key Themes", threats)
    next_steps = text.index("Next Steps", key_themes)
    resources = text.find("Additional Resources", next_steps)
    end = resources if resources > 0 else len(text)

    def where(name: str) -> int:
        position = text.find(" ".join(TEXT[name].split()))
        assert position >= 0, f"{name} is missing from the PDF"
        return position

    for name in ("threat_disinfo", "challenge_staff", "need_funding"):
        assert threats < where(name) < key_themes, name
    theme1 = text.index("1. Mayoral Leadership", key_themes)
    theme2 = text.index("2. Climate Finance", theme1)
    theme3 = text.index("3. Public Trust", theme2)
    assert theme3 < next_steps
    # theme 1: its observation, the case study, then the quotes in the order chosen
    assert theme1 < where("obs_budget") < where("case_rostock") < theme2
    assert theme1 < where("quote_ben") < where("quote_ada") < theme2
    assert "City of Rostock, Germany" in text[theme1:theme2]
    assert theme3 < where("obs_youth") < next_steps
    # Next Steps: the editor's text, the next step, then the closing pull quote
    intro = text.index("Partners agreed on three next steps.", next_steps)
    assert intro < where("next_network") < where("quote_close") < end


def curation_is_empty(workspace: Workspace) -> bool:
    from workshop_planner.services import events

    return not events.list_events(workspace)


def overrides(workspace: Workspace, event_id: str) -> dict[str, str | None]:
    return {d.key: d.override for d in curation.drafted_texts(workspace, event_id)}
