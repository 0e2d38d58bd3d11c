"""Regressions found by trying the app as a new organiser would (issue 4 check).

Each test drives real widgets with keys and clicks, the way the defect was met.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMenu

from tests.ui.conftest import WriteXlsx
from workshop_planner.services import agenda
from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui.overview import ContactDialog, PartnerDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def on_dialog(qtbot, action) -> list[str]:
    """Run ``action(dialog)`` on the next modal dialog; returns problems met."""
    problems: list[str] = []

    def go() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, go)
            return
        try:
            action(dialog)
        except AssertionError as exc:  # reported after exec() returns
            problems.append(str(exc) or "assertion failed")
            dialog.reject()

    QTimer.singleShot(0, go)
    return problems


def test_partner_dialog_starts_in_the_name_and_enter_adds(
    make_window, factory, workspace: Workspace, qtbot
) -> None:
    event = factory.event()
    window = make_window()

    def type_partner(dialog: QDialog) -> None:
        assert isinstance(dialog, PartnerDialog)
        focused = dialog.focusWidget()
        assert focused is dialog.name, f"focus starts on {focused!r}"
        qtbot.keyClicks(focused, "Cities Forum Foundation")
        after = dialog.name.nextInFocusChain()
        while not after.focusPolicy() & Qt.FocusPolicy.TabFocus:
            after = after.nextInFocusChain()
        assert after is dialog.role
        qtbot.keyClicks(dialog.role, "donor")
        qtbot.keyClick(dialog.role, Qt.Key.Key_Return)

    problems = on_dialog(qtbot, type_partner)
    window.overview.add_partner()
    assert problems == []
    partners = ee.list_partners(workspace, event.id)
    assert [(p.name, p.role) for p in partners] == [("Cities Forum Foundation", "donor")]


def test_form_dialog_tab_order_ends_with_the_buttons(qtbot) -> None:
    dialog = ContactDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    chain, widget = [], dialog.name
    for _ in range(6):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
    assert chain[:4] == [dialog.name, dialog.role, dialog.organisation, dialog.email]
    assert chain[4] in dialog.buttons.buttons()


@pytest.mark.parametrize("typed", ["claire@", "claire@example", "claire @example.org"])
def test_contact_dialog_refuses_a_half_email(qtbot, typed: str) -> None:
    dialog = ContactDialog(None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Claire Martin")
    qtbot.keyClicks(dialog.email, typed)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.error.text() == ("That is not an e-mail address; write it like name@example.org.")
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "claire@example.org")
    assert ok.isEnabled()
    assert dialog.error.text() == ""


def test_service_refuses_a_half_email(workspace: Workspace, factory) -> None:
    event = factory.event()
    with pytest.raises(ServiceError, match="is not an e-mail address"):
        ps.create_participant(
            workspace, event.id, ps.NewPerson(full_name="Ada", email="ada@example")
        )
    assert ps.list_participants(workspace, event.id) == []


@pytest.mark.parametrize(("typed", "code", "shown"), [
    ("Deutschland", "DE", "Germany"),
    ("USA", "US", "United States"),
    ("États-Unis", "US", "United States"),
    ("Polska", "PL", "Poland"),
])  # fmt: skip
def test_venue_country_accepts_other_spellings(
    make_window, factory, workspace: Workspace, qtbot, typed: str, code: str, shown: str
) -> None:
    event = factory.event(venue_country=None)
    window = make_window()
    combo = window.overview.country
    line = combo.lineEdit()
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, typed)
    assert not window.overview._errors["venue_country"].isVisibleTo(window)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).venue_country == code
    assert combo.currentText() == shown
    window.action_undo.trigger()
    assert ee.get_event(workspace, event.id).venue_country is None
    assert combo.currentText() == ""


def test_refused_overview_edit_is_shown_as_an_error(
    make_window, factory, workspace: Workspace, tmp_path: Path
) -> None:
    event = factory.event()
    ee.add_partner(workspace, event.id, name="Cities Forum Foundation")
    window = make_window()
    window.overview.reload()
    fake = tmp_path / "logo.png"
    fake.write_text("not an image", encoding="utf-8")
    window.overview.choose_logo(str(fake))
    bar = window.message_bar
    assert bar.isVisible()
    assert bar.is_error
    assert bar.label.text() == (
        "logo.png is damaged or not really an image; choose a PNG, JPEG or SVG logo."
    )
    assert window.undo_stack.count() == 0


def test_logo_of_another_kind_is_named_plainly(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "logo.gif"
    path.write_bytes(b"GIF89a")
    with pytest.raises(ServiceError) as caught:
        ee.store_logo(workspace, path)
    assert str(caught.value) == (
        "logo.gif is not a PNG, JPEG or SVG image; choose a logo in one of those formats."
    )


# --- the import of a registration list with headers and rows we did not plan for ---

UNUSUAL = ["First name", "Last name", "E-mail address", "Organization", "Country", "Role",
           "Status"]  # fmt: skip


def registration_rows(*, missing_name: bool) -> list[list[object]]:
    rows: list[list[object]] = [UNUSUAL]
    countries = ["Deutschland", "USA", "United States", "Polska", "DEU", "États-Unis", "FR"]
    for i in range(12):
        rows.append([
            f"Person{i}", "Tester", f"person{i}@example.org", "City of Tests",
            countries[i % len(countries)], "Speaker" if i % 4 == 0 else "Participant",
            "Confirmed",
        ])  # fmt: skip
    rows.insert(5, [None] * 7)  # a blank row (spreadsheet row 6) is skipped
    rows.append(["PERSON0", "TESTER", "PERSON0@EXAMPLE.ORG", "City of Tests", "DE", "Moderator",
                 "Registered"])  # fmt: skip
    rows.append(["Known", "Person", "Known.Person@Example.ORG", "Elsewhere", "Canada", "", ""])
    if missing_name:
        rows.append([None, None, "nobody@example.org", "City of Oslo", "Norway", "", ""])
    return rows


def test_unusual_xlsx_with_a_nameless_row_then_fixed_and_read_again(
    make_window, factory, workspace: Workspace, write_xlsx: WriteXlsx, qtbot
) -> None:
    event = factory.event()
    known = factory.person(full_name="Known Person", email="known.person@example.org")
    window = make_window()
    window.show_page("participants")
    view = window.participants
    path = write_xlsx("export.xlsx", registration_rows(missing_name=True))
    dialog = view.open_import(path)
    assert dialog is not None
    mapping = {field: combo.currentText() for field, combo in dialog.combos.items()}
    assert mapping["first_name"] == "First name"
    assert mapping["last_name"] == "Last name"
    assert mapping["email"] == "E-mail address"
    assert mapping["organisation"] == "Organization"
    assert mapping["roles"] == "Role"
    assert mapping["attendance"] == "Status"
    errors = [dialog.error_model.index(r).data() for r in range(dialog.error_model.rowCount())]
    assert errors == ["Row 17: The name in columns A and B is empty."]
    assert dialog.summary.text().startswith("1 row has a problem:")
    assert not dialog.import_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert ps.list_participants(workspace, event.id) == []

    write_xlsx("export.xlsx", registration_rows(missing_name=False))
    assert any(QKeySequence("F5") in a.shortcuts() for a in dialog.actions())
    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.error_model.rowCount() == 0
    assert dialog.import_button.isEnabled()
    assert dialog.summary.text() == ("12 new people, 1 from the directory, 1 repeated row merged.")
    with qtbot.waitSignal(dialog.finished):
        dialog.import_button.click()
    rows = ps.list_participants(workspace, event.id)
    assert len(rows) == 13
    by_name = {r.full_name: r for r in rows}
    assert by_name["Person0 Tester"].roles == ("speaker", "moderator")
    assert by_name["Known Person"].person_id == known.id
    countries = {r.full_name: r.country for r in rows}
    assert [countries[f"Person{i} Tester"] for i in range(7)] == [
        "DE",
        "US",
        "US",
        "PL",
        "DE",
        "US",
        "FR",
    ]
    assert window.message_bar.label.text() == (
        "Imported 13 participants (12 new to the directory, 1 already in it); "
        "1 repeated row was merged."
    )
    assert not window.message_bar.is_error


def test_reading_again_keeps_column_choices_when_headers_move(
    make_window, factory, write_xlsx: WriteXlsx
) -> None:
    factory.event()
    window = make_window()
    window.show_page("participants")  # a page loads its event when shown
    path = write_xlsx("list.xlsx", [["Who", "Mail"], ["Ada Lovelace", "ada@example.org"]])
    dialog = window.participants.open_import(path)
    assert dialog is not None
    dialog.set_mapping("full_name", "Who")
    assert dialog.plan.ok
    write_xlsx("list.xlsx", [["Mail", "Country", "Who"], ["ada@example.org", "UK", "Ada"]])
    assert dialog.reload_file()
    assert dialog.combos["full_name"].currentText() == "Who"
    assert dialog.combos["email"].currentText() == "Mail"
    assert dialog.combos["country"].currentText() == "Country"
    assert dialog.preview_model.index(0, 7).data() == "United Kingdom"
    dialog.reject()


def test_new_person_dialog_email_check(make_window, factory, qtbot) -> None:
    factory.event()
    window = make_window()

    def fill(dialog: QDialog) -> None:
        name = dialog.findChild(QLineEdit, "newName")
        assert dialog.focusWidget() is name
        qtbot.keyClicks(name, "Ada Lovelace")
        qtbot.keyClicks(dialog.email, "ada@example")
        assert dialog.error.text().startswith("That is not an e-mail address")
        qtbot.keyClicks(dialog.email, ".org")
        assert dialog.error.text() == ""
        qtbot.keyClick(dialog.email, Qt.Key.Key_Return)

    window.show_page("participants")  # a page loads its event when shown
    problems = on_dialog(qtbot, fill)
    window.participants.new_person()
    assert problems == []
    assert [r.email for r in window.participants.model.rows()] == ["ada@example.org"]


# --- one undo stack for all events: undo shows the event the edit was made in ---


def _drag(qtbot, grid, start, end) -> None:
    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_undo_of_another_events_edit_switches_to_that_event(
    make_window, factory, workspace: Workspace, qtbot
) -> None:
    berlin = factory.event(title="Berlin convening", start_date=date(2023, 6, 15))
    lyon = factory.event(title="Lyon convening", start_date=date(2023, 9, 1),
                         end_date=date(2023, 9, 2))  # fmt: skip
    ada = factory.person(full_name="Ada Nowak")
    factory.participant(berlin, ada, roles=["speaker"])
    keynote = factory.session(berlin, title="Keynote", start=datetime(2023, 6, 15, 9),
                              end=datetime(2023, 6, 15, 10))  # fmt: skip
    panel = factory.session(berlin, title="Panel", kind="panel",
                            start=datetime(2023, 6, 15, 9, 30),
                            end=datetime(2023, 6, 15, 10, 30))  # fmt: skip
    agenda.add_session_person(workspace, keynote.id, ada.id, "keynote")
    agenda.add_session_person(workspace, panel.id, ada.id, "panelist")
    window = make_window()
    window.resize(1400, 900)
    window.select_event(berlin.id)
    window.show_page("agenda")
    view = window.agenda
    qtbot.waitUntil(lambda: view.grid.session_rect(panel.id).isValid())
    assert view.grid.has_conflict(panel.id)
    assert view.conflict_model.rowCount() == 1

    # Resolve the double booking by dragging the panel an hour later.
    rect = view.grid.session_rect(panel.id)
    _drag(qtbot, view.grid, rect.center().toPoint(),
          view.grid.point_for(0, datetime(2023, 6, 15, 11)))  # fmt: skip
    moved = agenda.get_session(workspace, panel.id)
    assert (moved.start, moved.end) == (
        datetime(2023, 6, 15, 10, 30),
        datetime(2023, 6, 15, 11, 30),
    )
    assert view.conflict_model.rowCount() == 0

    # Go to the other event's participants, then undo: the view follows the edit.
    window.select_event(lyon.id)
    window.show_page("participants")
    assert window.event_id == lyon.id
    window.action_undo.trigger()
    assert window.event_id == berlin.id
    assert window.current_page() == "agenda"
    assert window.event_list.currentIndex().data() == "Berlin convening"
    assert agenda.get_session(workspace, panel.id).start == datetime(2023, 6, 15, 9, 30)
    assert view.conflict_model.rowCount() == 1
    assert view.grid.has_conflict(panel.id)
    assert "Berlin convening" in window.statusBar().currentMessage()

    # Redo from elsewhere, through the stack itself: the window follows too.
    window.select_event(lyon.id)
    window.undo_stack.redo()
    assert window.event_id == berlin.id
    assert agenda.get_session(workspace, panel.id).start == datetime(2023, 6, 15, 10, 30)
    assert view.conflict_model.rowCount() == 0
    assert not view.grid.has_conflict(panel.id)


def test_undo_of_an_edit_in_the_event_on_screen_stays_put(
    make_window, factory, workspace: Workspace, qtbot
) -> None:
    event = factory.event()
    window = make_window()
    window.show_page("overview")
    series = window.overview.findChild(QLineEdit, "series")
    series.setFocus()
    series.selectAll()
    qtbot.keyClicks(series, "Cities Series")
    qtbot.keyClick(series, Qt.Key.Key_Return)
    window.show_page("report")
    window.action_undo.trigger()
    assert window.event_id == event.id
    assert window.current_page() == "overview"  # where the edit was made
    assert ee.get_event(workspace, event.id).series == "Transatlantic Initiative"


# --- every action in a menu, with its shortcut ---


def _menu_entries(menu) -> list[tuple[str, str]]:
    """(text, shortcut) of every entry in ``menu`` and its submenus."""
    entries = []
    for action in menu.actions():
        if action.menu() is not None:
            entries += _menu_entries(action.menu())
        elif not action.isSeparator():
            text, _, shown = action.text().partition("\t")
            keys = action.shortcut().toString() or shown
            entries.append((text.replace("&", ""), keys))
    return entries


def test_every_page_action_is_in_a_menu_with_its_shortcut(make_window, factory) -> None:
    factory.event()
    window = make_window()
    pages = (window.agenda, window.participants, window.report)  # built: menus filled
    entries = [e for m in window.menuBar().findChildren(QMenu) for e in _menu_entries(m)]
    listed = {text.rstrip("…"): keys for text, keys in entries}
    for page in pages:
        for action in page.actions():
            keys = action.shortcut().toString()
            if not keys or not action.text():
                continue
            text = action.text().replace("&", "").rstrip("…")
            assert listed.get(text) == keys, f"{text} ({keys}) is not in a menu"
    expected = [
        ("New event", "Ctrl+N"), ("Undo", "Ctrl+Z"), ("New session", "N"),
        ("Import CSV or XLSX", "Ctrl+Shift+I"), ("Export report PDF", "Ctrl+Shift+P"),
        ("Move 15 min later", "Alt+Down"), ("Find participants", "Ctrl+F"),
    ]  # fmt: skip
    for text, keys in expected:
        assert any(t.startswith(text) and k == keys for t, k in entries), text


def test_page_menu_entry_shows_its_page_first(make_window, factory, workspace: Workspace) -> None:
    event = factory.event()
    window = make_window()
    window.show_page("participants")
    assert "agenda" not in window.built
    assert not window.agenda_menu.actions()
    window.agenda_menu.aboutToShow.emit()  # as when the menu opens: builds the page
    entry = next(
        a
        for a in window.agenda_menu.actions()
        if a.text().startswith(window.agenda.new_action.text())
    )
    entry.trigger()
    assert window.current_page() == "agenda"
    assert [s.title for s in agenda.list_sessions(workspace, event.id)] == ["New session"]
    find = next(a for a in window.participants_menu.actions() if "Find" in a.text())
    find.trigger()
    assert window.current_page() == "participants"
    assert window.participants.filter_edit.hasFocus() or window.focusWidget() is (
        window.participants.filter_edit
    )
    window.select_event(None)
    assert not window.agenda_menu.isEnabled()


def test_window_state_survives_a_restart(make_window, factory, settings) -> None:
    first = factory.event(title="Alpha", start_date=date(2023, 6, 15))
    second = factory.event(title="Beta", start_date=date(2023, 7, 1), end_date=date(2023, 7, 2))
    window = make_window()
    window.select_event(second.id)
    window.show_page("agenda")
    window.agenda.show_list(True)
    window.resize(1300, 820)
    window.close()  # closing saves the state
    again = make_window()
    assert again.event_id == second.id != first.id
    assert again.current_page() == "agenda"
    assert again.agenda.is_list_shown()
    # the saved width, as far as the screen allows (the offscreen one is 800 px wide)
    room = again.screen().availableGeometry().width()
    assert abs(again.width() - min(window.width(), room)) <= 4


def test_long_file_is_imported_off_the_gui_thread(
    make_window, factory, workspace: Workspace, tmp_path: Path, qtbot
) -> None:
    from workshop_planner.ui.participants.import_dialog import BACKGROUND_ROWS

    event = factory.event()
    window = make_window()
    path = tmp_path / "long.csv"
    rows = "".join(f"Person {i},p{i}@example.org,DE\n" for i in range(BACKGROUND_ROWS + 10))
    path.write_text("Name,E-mail,Country\n" + rows, encoding="utf-8")
    window.show_page("participants")  # a page loads its event when shown
    dialog = window.participants.open_import(path)
    assert dialog is not None
    assert dialog.plan.ok
    with qtbot.waitSignal(dialog.finished, timeout=60_000):
        dialog.import_button.click()
        assert dialog.worker is not None  # running in the background
        assert dialog.progress.isVisibleTo(dialog)
        assert not dialog.import_button.isEnabled()
        dialog.reject()  # refused while the all-or-nothing import runs
        assert dialog.isVisible()
    assert len(ps.list_participants(workspace, event.id)) == BACKGROUND_ROWS + 10
    assert window.participants.model.rowCount() == BACKGROUND_ROWS + 10
    assert window.undo_stack.undoText().startswith("Import 510 participants")


@pytest.mark.qt_log_ignore("Something the app should hear about")
def test_offscreen_platform_notices_are_not_printed(qapp, qtlog) -> None:
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from workshop_planner.ui.app import quiet_offscreen_platform

    previous = quiet_offscreen_platform()
    try:
        qWarning("This plugin does not support propagateSizeHints()")
        qWarning("Something the app should hear about")
    finally:
        qInstallMessageHandler(previous)
    messages = [record.message for record in qtlog.records]
    assert "This plugin does not support propagateSizeHints()" not in messages
    assert "Something the app should hear about" in messages


def test_overview_tab_order_follows_the_reading_order(make_window, factory) -> None:
    factory.event()
    window = make_window()
    overview = window.overview
    chain, widget = [], overview._texts["description"]
    for _ in range(40):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(overview):
            chain.append(widget)
    partners, venue = chain.index(overview.partner_list), chain.index(overview._texts["venue_name"])
    assert chain.index(overview.start_date) < partners < venue
