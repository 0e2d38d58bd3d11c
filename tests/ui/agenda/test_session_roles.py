"""Changing a person's role in a session in place (no remove and re-add)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import agenda
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.editor import SessionPeopleModel
from workshop_planner.ui.agenda.view import AgendaView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def roles(workspace: Workspace, session_id: str) -> list[tuple[str, str]]:
    return [(p.name, p.role) for p in agenda.get_session(workspace, session_id).people]


def test_role_changed_in_place_with_the_keyboard_then_undone(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    ada = factory.person(full_name="Ada Nowak")
    ben = factory.person(full_name="Ben Carter")
    for person in (ada, ben):
        factory.participant(event, person, roles=["speaker"])
    panel = factory.session(event, title="Panel", kind="panel")
    agenda.add_session_person(workspace, panel.id, ada.id, "speaker")
    agenda.add_session_person(workspace, panel.id, ben.id, "panelist")
    view.refresh()
    dialog = view.editor_for(panel.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.people_view
    cell = dialog.people_model.index(0, 1)
    assert cell.data() == "Speaker"
    table.setFocus()
    table.setCurrentIndex(cell)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(cell) or table.findChild(QComboBox)
    assert isinstance(editor, QComboBox)
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # Keynote
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # Moderator: the editor stays for more steps
    assert editor.currentData() == "moderator"
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # closes the cell editor, not the dialog
    assert closed == []
    assert dialog.people_model.rows[0][2] == "moderator"
    assert dialog.people_model.index(0, 1).data() == "Moderator"
    assert view.apply_edit(panel.id, dialog.session_data())
    assert roles(workspace, panel.id) == [("Ada Nowak", "moderator"), ("Ben Carter", "panelist")]
    view.operations.undo_stack.undo()
    assert roles(workspace, panel.id) == [("Ada Nowak", "speaker"), ("Ben Carter", "panelist")]


def test_role_change_to_a_role_the_person_has_is_refused(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    ada = factory.person(full_name="Ada Nowak")
    factory.participant(event, ada, roles=["speaker"])
    panel = factory.session(event, title="Panel", kind="panel")
    agenda.add_session_person(workspace, panel.id, ada.id, "speaker")
    agenda.add_session_person(workspace, panel.id, ada.id, "moderator")
    view.refresh()
    dialog = view.editor_for(panel.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    model = dialog.people_model
    assert not model.setData(model.index(1, 1), "speaker")
    assert dialog.error.text() == "Ada Nowak already has that role."
    assert [r[2] for r in model.rows] == ["speaker", "moderator"]
    assert not model.setData(model.index(1, 1), "juggler")
    assert not model.setData(model.index(1, 0), "Someone else")


def test_delete_key_removes_the_selected_person(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    ada = factory.person(full_name="Ada Nowak")
    factory.participant(event, ada, roles=["speaker"])
    panel = factory.session(event, title="Panel", kind="panel")
    agenda.add_session_person(workspace, panel.id, ada.id, "speaker")
    view.refresh()
    dialog = view.editor_for(panel.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    table = dialog.people_view
    table.setFocus()
    table.setCurrentIndex(dialog.people_model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert dialog.people_model.rows == []


def test_session_people_model(qtmodeltester) -> None:
    model = SessionPeopleModel()
    model.set_rows([("a", "Ada", "speaker"), ("b", "Ben", "host")])
    qtmodeltester.check(model)
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_enter_in_the_people_pickers_adds_without_closing_the_editor(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    ada = factory.person(full_name="Ada Nowak")
    ben = factory.person(full_name="Ben Carter")
    for person in (ada, ben):
        factory.participant(event, person, roles=["speaker"])
    visit = factory.session(event, title="Visit", kind="field_visit")
    view.refresh()
    dialog = view.editor_for(visit.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    for line, name in (
        (dialog.person_picker.line, "Ada Nowak"),
        (dialog.person_picker.line, "Ben Carter"),
        (dialog.attendee_picker.line, "Ada Nowak"),
        (dialog.attendee_picker.line, "Nobody at all"),
    ):
        qtbot.keyClicks(line, name)
        line.completer().popup().hide()  # Enter typed straight into the line
        qtbot.keyClick(line, Qt.Key.Key_Return)
        assert closed == [], f"Enter after {name!r} closed the editor"
    assert [r[1] for r in dialog.people_model.rows] == ["Ada Nowak", "Ben Carter"]
    assert [r[1] for r in dialog.attendee_model.rows] == ["Ada Nowak"]
    assert dialog.error.text() == "Choose a participant of the event from the list."
    dialog.attendee_picker.line.clear()
    qtbot.keyClick(dialog.attendee_picker.line, Qt.Key.Key_Return)  # empty: Enter is OK
    assert closed == [1]
    assert view.apply_edit(visit.id, dialog.session_data())
    people = agenda.get_session(workspace, visit.id)
    assert [p.name for p in people.people] == ["Ada Nowak", "Ben Carter"]
