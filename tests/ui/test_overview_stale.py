"""The Overview when someone else saved the event after the page loaded it.

The save is refused and the person chooses with a real click: Apply my change
on top (my subtitle saved, their title kept; undo takes back only mine) or
Reload (the page shows theirs, mine is discarded).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from workshop_planner.services import event_editing as ee
from workshop_planner.store import Workspace
from workshop_planner.ui.partners import PartnerDialog
from workshop_planner.ui.stale_edit import StaleEditBox

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def answer_with(button: Callable[[StaleEditBox], QPushButton], seen: list[str]) -> None:
    """Click ``button`` of the stale-edit box once it shows (from the event loop)."""

    def go() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, StaleEditBox):
            QTimer.singleShot(20, go)
            return
        seen.append(box.text())
        QTest.mouseClick(button(box), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, go)


def type_subtitle_after_their_title(window, workspace: Workspace, event_id: str, qtbot) -> None:
    """Someone else renames the event; then I type a subtitle on my (stale) page."""
    opened = ee.get_event(workspace, event_id)
    ee.update_event(workspace, event_id, {"title": "Theirs"}, version=opened.version)
    subtitle = window.overview.findChild(QLineEdit, "subtitle")
    subtitle.setFocus()
    qtbot.keyClicks(subtitle, "Mine")
    qtbot.keyClick(subtitle, Qt.Key.Key_Return)


def test_apply_my_change_on_top_keeps_their_title(
    make_window, factory, workspace: Workspace, qtbot
) -> None:
    event = factory.event()
    window = make_window()
    seen: list[str] = []
    answer_with(lambda box: box.on_top_button, seen)
    type_subtitle_after_their_title(window, workspace, event.id, qtbot)

    assert seen == ["This event was changed elsewhere since you opened it (title edited)."]
    saved = ee.get_event(workspace, event.id)
    assert (saved.title, saved.subtitle) == ("Theirs", "Mine")
    window.action_undo.trigger()  # only my subtitle goes
    undone = ee.get_event(workspace, event.id)
    assert (undone.title, undone.subtitle) == ("Theirs", None)


def test_reload_shows_theirs_and_discards_mine(
    make_window, factory, workspace: Workspace, qtbot
) -> None:
    event = factory.event()
    window = make_window()
    seen: list[str] = []
    answer_with(lambda box: box.reload_button, seen)
    type_subtitle_after_their_title(window, workspace, event.id, qtbot)

    assert len(seen) == 1
    assert window.overview.findChild(QLineEdit, "title").text() == "Theirs"
    assert window.overview.findChild(QLineEdit, "subtitle").text() == ""
    assert ee.get_event(workspace, event.id).subtitle is None
    assert window.undo_stack.count() == 0


def test_a_partner_edited_after_someone_else_changed_it(
    make_window, factory, workspace: Workspace, qtbot
) -> None:
    event = factory.event()
    partner = ee.add_partner(workspace, event.id, name="Fund", role="donor")
    window = make_window()
    overview = window.overview
    overview.partner_list.setCurrentIndex(overview.partner_model.index(0))
    ee.update_partner(workspace, partner.id, {"url": "https://fund.example"}, version=1)
    seen: list[str] = []

    def fill_in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PartnerDialog):
            QTimer.singleShot(20, fill_in_the_dialog)
            return
        dialog.role.selectAll()
        QTest.keyClicks(dialog.role, "host")
        answer_with(lambda box: box.on_top_button, seen)
        QTest.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_in_the_dialog)
    overview.edit_partner()

    assert seen == ["This partner was changed elsewhere since you opened it."]
    [saved] = ee.list_partners(workspace, event.id)
    assert (saved.role, saved.url) == ("host", "https://fund.example")
