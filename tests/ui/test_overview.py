"""The overview page: fields saved on edit through undo commands, validated as typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit

from workshop_planner.services import event_editing as ee
from workshop_planner.store import Workspace

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_edit_title_then_undo_and_redo(make_window, factory, workspace: Workspace, qtbot) -> None:
    event = factory.event()
    window = make_window()
    title = window.overview.findChild(QLineEdit, "title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Cities Respond")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).title == "Cities Respond"
    assert window.event_model.events()[0].title == "Cities Respond"
    assert "Cities Respond" in window.windowTitle()
    assert window.action_undo.text().replace("&", "").startswith("Undo")
    window.action_undo.trigger()
    assert ee.get_event(workspace, event.id).title == "Cities on the Front-lines"
    assert title.text() == "Cities on the Front-lines"
    assert "Cities on the Front-lines" in window.windowTitle()
    window.action_redo.trigger()
    assert title.text() == "Cities Respond"


def test_empty_title_is_refused_inline(make_window, factory, workspace: Workspace, qtbot) -> None:
    event = factory.event()
    window = make_window()
    title = window.overview.findChild(QLineEdit, "title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClick(title, Qt.Key.Key_Backspace)
    assert window.overview._errors["title"].isVisible()
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).title == "Cities on the Front-lines"
    assert window.undo_stack.count() == 0


def test_end_before_start_shows_an_error_and_is_not_saved(
    make_window, factory, workspace: Workspace
) -> None:
    event = factory.event()
    window = make_window()
    overview = window.overview
    overview.end_date.setDate(QDate(2023, 6, 10))
    error = overview._errors["dates"]
    assert error.isVisible()
    assert "ends before it starts" in error.text()
    assert ee.get_event(workspace, event.id).end_date == date(2023, 6, 16)
    overview.end_date.setDate(QDate(2023, 6, 17))
    assert not error.isVisible()
    assert ee.get_event(workspace, event.id).end_date == date(2023, 6, 17)


def test_time_zone_and_country_pickers(make_window, factory, workspace: Workspace, qtbot) -> None:
    event = factory.event()
    window = make_window()
    overview = window.overview
    zone = overview.timezone
    zone.lineEdit().selectAll()
    qtbot.keyClicks(zone.lineEdit(), "Nowhere/Else")
    assert overview._errors["timezone"].isVisible()
    qtbot.keyClick(zone.lineEdit(), Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).timezone == "Europe/Berlin"
    zone.lineEdit().selectAll()
    qtbot.keyClicks(zone.lineEdit(), "America/Toronto")
    qtbot.keyClick(zone.lineEdit(), Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).timezone == "America/Toronto"
    country = overview.country
    country.lineEdit().selectAll()
    qtbot.keyClicks(country.lineEdit(), "Canada")
    qtbot.keyClick(country.lineEdit(), Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).venue_country == "CA"
    window.action_undo.trigger()
    assert ee.get_event(workspace, event.id).venue_country == "DE"
    assert country.currentText() == "Germany"


def test_partner_logo_and_contacts_with_undo(
    make_window, factory, workspace: Workspace, tmp_path: Path
) -> None:
    event = factory.event()
    window = make_window()
    overview = window.overview
    from workshop_planner.ui import commands as cmd

    assert overview.partner_empty.isVisible()
    ops = window.operations
    assert ops.push(
        cmd.AddItemCommand(cmd.PARTNER, workspace, event.id, {"name": "Fund", "role": "donor"})
    )
    assert overview.partner_model.rowCount() == 1  # the page followed the channel
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    overview.partner_list.setCurrentIndex(overview.partner_model.index(0))
    overview.choose_logo(str(logo))
    assert ee.list_partners(workspace, event.id)[0].logo_id is not None
    bad = tmp_path / "logo.gif"
    bad.write_bytes(b"GIF89a")
    overview.choose_logo(str(bad))
    assert "not a PNG, JPEG or SVG" in window.message_bar.label.text()
    window.action_undo.trigger()  # the logo
    assert ee.list_partners(workspace, event.id)[0].logo_id is None
    overview.remove_partner()
    assert ee.list_partners(workspace, event.id) == []
    window.action_undo.trigger()
    assert [p.name for p in ee.list_partners(workspace, event.id)] == ["Fund"]
    errors: list[str] = []
    ops.failed.connect(errors.append)
    assert not ops.push(
        cmd.AddItemCommand(cmd.CONTACT, workspace, event.id, {"name": "Kim", "email": "nope"})
    )
    [error] = errors
    assert "e-mail" in error
    assert "e-mail" in window.message_bar.label.text()
    assert overview.contact_model.rowCount() == 0


def test_title_beyond_its_column_is_refused_inline(
    make_window, factory, workspace: Workspace, qtbot
) -> None:
    event = factory.event()
    window = make_window()
    title = window.overview.findChild(QLineEdit, "title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "T" * 501)
    error = window.overview._errors["title"]
    assert error.isVisible()
    assert error.text() == "The title has 501 characters; at most 500 fit."
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert ee.get_event(workspace, event.id).title == "Cities on the Front-lines"
    assert window.undo_stack.count() == 0
    qtbot.keyClick(title, Qt.Key.Key_Backspace)
    assert not error.isVisible()


def test_dates_beyond_the_limits_are_refused_in_one_sentence(
    make_window, factory, workspace: Workspace
) -> None:
    event = factory.event()
    window = make_window()
    window.overview.end_date.setDate(QDate(9999, 12, 31))
    assert window.message_bar.label.text().startswith("The last day lies in the year 9999;")
    window.overview.end_date.setDate(QDate(2025, 6, 20))
    assert "an event lasts at most 366 days" in window.message_bar.label.text()
    assert ee.get_event(workspace, event.id).end_date == date(2023, 6, 16)
