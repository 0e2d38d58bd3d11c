"""The agenda's item models, checked with qtmodeltester."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import agenda
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.editor import SessionEditorDialog
from workshop_planner.ui.agenda.models import (
    SESSION_ID_ROLE,
    Column,
    ConflictListModel,
    SessionFilterProxy,
    SessionTableModel,
)
from workshop_planner.ui.agenda.style import EventFormats

#: The offscreen platform cannot size, raise or grab windows and says so; nothing else may warn.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _agenda(workspace: Workspace, factory: Factory, event: m.Event) -> list[agenda.SessionInfo]:
    ada = factory.person(full_name="Ada Nowak")
    a = factory.session(
        event, title="Keynote", start=datetime(2023, 6, 15, 9), end=datetime(2023, 6, 15, 10)
    )
    b = factory.session(
        event,
        title="Panel",
        kind="panel",
        start=datetime(2023, 6, 15, 9, 30),
        end=datetime(2023, 6, 15, 11),
    )
    factory.session(
        event,
        title="Lunch",
        kind="break",
        start=datetime(2023, 6, 16, 12),
        end=datetime(2023, 6, 16, 13),
    )
    agenda.add_session_person(workspace, a.id, ada.id, "keynote")
    agenda.add_session_person(workspace, b.id, ada.id, "panelist")
    return agenda.list_sessions(workspace, event.id)


def test_session_table_model(
    qtmodeltester, workspace: Workspace, factory: Factory, event: m.Event
) -> None:  # type: ignore[no-untyped-def]
    sessions = _agenda(workspace, factory, event)
    conflicts = agenda.agenda_conflicts(workspace, event.id)
    reasons = {sid: [c.message for c in conflicts] for c in conflicts for sid in c.session_ids}
    model = SessionTableModel()
    model.set_sessions(sessions, reasons, EventFormats("en", "DE"))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(0, Column.DAY).data() == "Thu 15 Jun"
    assert model.index(0, Column.TIME).data() == "09:00–10:00"
    assert model.index(0, Column.PEOPLE).data() == "Ada Nowak"
    assert model.index(0, Column.CONFLICTS).data() == "1"
    assert model.index(2, Column.CONFLICTS).data() == ""
    assert model.index(1, Column.KIND).data() == "Panel"
    assert model.index(1, 0).data(SESSION_ID_ROLE) == sessions[1].id

    proxy = SessionFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(Column.CONFLICTS, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, Column.TITLE).data() == "Lunch"
    proxy.setFilterFixedString("lunch")
    assert proxy.rowCount() == 1


def test_conflict_list_model(
    qtmodeltester, workspace: Workspace, factory: Factory, event: m.Event
) -> None:  # type: ignore[no-untyped-def]
    sessions = _agenda(workspace, factory, event)
    model = ConflictListModel()
    model.set_conflicts(agenda.agenda_conflicts(workspace, event.id))
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert "Ada Nowak" in model.index(0, 0).data()
    assert model.index(0, 0).data(SESSION_ID_ROLE) == sessions[0].id


def test_editor_models_validation_and_field_visit(
    qtmodeltester,
    qtbot: QtBot,
    workspace: Workspace,
    factory: Factory,
    event: m.Event,  # type: ignore[no-untyped-def]
) -> None:
    people = [factory.person(full_name=n) for n in ("Ada Nowak", "Bo Berg", "Cy Chen")]
    for p in people:
        factory.participant(event, p)
    row = factory.session(event, title="Visit")
    info = agenda.get_session(workspace, row.id)
    dialog = SessionEditorDialog(
        agenda.get_agenda_event(workspace, event.id),
        info,
        agenda.list_participant_choices(workspace, event.id),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.visit_box.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("field_visit"))
    assert dialog.visit_box.isVisible()
    dialog.capacity.setValue(2)
    for name in ("Ada Nowak", "Bo Berg", "Cy Chen"):
        qtbot.keyClicks(dialog.attendee_picker.line, name)
        qtbot.keyClick(dialog.attendee_picker.line, Qt.Key.Key_Return)
    assert dialog.attendee_model.rowCount() == 3
    # Type-ahead: a unique part of a name is enough, an ambiguous one is not.
    assert dialog.person_picker.chosen("chen") is not None
    assert dialog.person_picker.chosen("e") is None
    assert "1 over capacity" in dialog.places.text()
    qtmodeltester.check(dialog.attendee_model)
    qtbot.keyClicks(dialog.person_picker.line, "Bo Berg")
    qtbot.mouseClick(dialog.person_picker.add_button, Qt.MouseButton.LeftButton)
    qtmodeltester.check(dialog.people_model)

    # End before start: refused with the domain's sentence, OK disabled.
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(-3600))
    assert "end after it starts" in dialog.error.text()
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(2 * 3600))
    assert dialog.problem() is None

    data = dialog.session_data()
    assert data.field_visit is not None
    assert data.field_visit.capacity == 2
    assert data.field_visit.attendees == tuple(p.id for p in people)
    saved = agenda.update_session(workspace, row.id, data)
    assert saved.field_visit is not None
    assert [a.name for a in saved.field_visit.attendees] == ["Ada Nowak", "Bo Berg", "Cy Chen"]
    assert [(p.name, p.role) for p in saved.people] == [("Bo Berg", "speaker")]
