"""The agenda page driven like a user would: mouse drags, keys, the editor, undo."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.domain.conflicts import ConflictKind
from workshop_planner.services import agenda
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.grid import TimeGrid
from workshop_planner.ui.agenda.view import AgendaView

LEFT = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier

#: The offscreen platform cannot size, raise or grab windows and says so; nothing else may warn.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 6, day, hour, minute)


def drag(qtbot: QtBot, grid: TimeGrid, start: QPoint, end: QPoint) -> None:
    viewport = grid.viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, pos=end)


def times(workspace: Workspace, session_id: str) -> tuple[datetime, datetime]:
    info = agenda.get_session(workspace, session_id)
    return info.start, info.end


def test_empty_state_and_day_headers(view: AgendaView) -> None:
    assert view.objectName() == "agendaView"
    assert view.grid.empty_text == "No sessions yet — drag over the grid or press N"
    assert view.grid.days == [date(2023, 6, 15), date(2023, 6, 16)]
    assert view.formats.day_header(date(2023, 6, 15)) == "Thu 15 June"
    assert view.zone_label.text() in ("Times in Europe/Berlin", "")
    assert not view.edit_action.isEnabled()


def test_no_event_shows_placeholder(view: AgendaView) -> None:
    view.set_event(None)
    assert view.outer.currentWidget() is view.placeholder
    assert not view.new_action.isEnabled()


def test_create_session_by_dragging(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, event: m.Event, undo_stack: QUndoStack
) -> None:
    grid = view.grid
    drag(qtbot, grid, grid.point_for(1, at(16, 10, 2)), grid.point_for(1, at(16, 11, 28)))

    [created] = agenda.list_sessions(workspace, event.id)
    assert created.title == "New session"
    assert (created.start, created.end) == (at(16, 10), at(16, 11, 30))
    assert view.selected_session_id() == created.id
    assert grid.selected_id() == created.id
    assert undo_stack.count() == 1
    assert "press Enter" in view.message.label.text()

    undo_stack.undo()
    assert agenda.list_sessions(workspace, event.id) == []
    undo_stack.redo()
    assert [s.id for s in agenda.list_sessions(workspace, event.id)] == [created.id]


def test_move_with_mouse_and_keyboard_then_undo_redo(
    qtbot: QtBot,
    view: AgendaView,
    workspace: Workspace,
    factory: Factory,
    event: m.Event,
    undo_stack: QUndoStack,
) -> None:
    row = factory.session(event, start=at(15, 9, 30), end=at(15, 10))
    view.refresh()
    grid = view.grid
    rect = grid.session_rect(row.id)
    assert not rect.isEmpty()
    press = rect.center().toPoint()  # 09:45 on day one
    drag(qtbot, grid, press, grid.point_for(1, at(16, 10, 45)))
    assert times(workspace, row.id) == (at(16, 10, 30), at(16, 11))
    assert grid.selected_id() == row.id

    qtbot.keyClick(grid, Qt.Key.Key_Down, ALT)
    assert times(workspace, row.id) == (at(16, 10, 45), at(16, 11, 15))
    qtbot.keyClick(grid, Qt.Key.Key_Down, ALT | Qt.KeyboardModifier.ShiftModifier)
    assert times(workspace, row.id) == (at(16, 10, 45), at(16, 11, 30))
    qtbot.keyClick(grid, Qt.Key.Key_Left, ALT)
    assert times(workspace, row.id) == (at(15, 10, 45), at(15, 11, 30))
    assert undo_stack.count() == 4

    undo_stack.undo()
    undo_stack.undo()
    undo_stack.undo()
    assert times(workspace, row.id) == (at(16, 10, 30), at(16, 11))
    undo_stack.undo()
    assert times(workspace, row.id) == (at(15, 9, 30), at(15, 10))
    assert grid.session(row.id) is not None
    assert grid.session(row.id).start == at(15, 9, 30)  # type: ignore[union-attr]
    undo_stack.redo()
    assert times(workspace, row.id) == (at(16, 10, 30), at(16, 11))


def test_resize_with_mouse_on_bottom_edge(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    row = factory.session(event, start=at(15, 9), end=at(15, 10))
    view.refresh()
    rect = view.grid.session_rect(row.id)
    edge = QPoint(round(rect.center().x()), round(rect.bottom()) - 2)
    target = QPoint(edge.x(), view.grid.point_for(0, at(15, 11, 15)).y())
    drag(qtbot, view.grid, edge, target)
    assert times(workspace, row.id) == (at(15, 9), at(15, 11, 15))


def test_refused_move_explains_and_changes_nothing(
    qtbot: QtBot,
    view: AgendaView,
    workspace: Workspace,
    factory: Factory,
    event: m.Event,
    undo_stack: QUndoStack,
    errors: list[str],
) -> None:
    row = factory.session(event, start=at(16, 9), end=at(16, 10))
    view.refresh()
    view.select_session(row.id)
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Right, ALT)
    assert times(workspace, row.id) == (at(16, 9), at(16, 10))
    [error] = errors
    assert "outside the event days" in error
    assert undo_stack.count() == 0


def test_conflict_appears_and_disappears(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    ada = factory.person(full_name="Ada Nowak")
    factory.participant(event, ada, roles=["speaker"])
    keynote = factory.session(event, title="Keynote", start=at(15, 9), end=at(15, 10))
    panel = factory.session(
        event, title="Panel", kind="panel", start=at(15, 9, 30), end=at(15, 10, 30)
    )
    agenda.add_session_person(workspace, keynote.id, ada.id, "keynote")
    view.refresh()
    assert view.conflict_model.rowCount() == 0
    assert view.no_conflicts.isVisible()

    # Put the same speaker into the overlapping panel with the session editor.
    dialog = view.editor_for(panel.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.person_picker.line, "Ada Nowak")
    qtbot.mouseClick(dialog.person_picker.add_button, LEFT)
    assert dialog.people_model.rows == [(ada.id, "Ada Nowak", "speaker")]
    assert view.apply_edit(panel.id, dialog.session_data())

    assert view.conflict_model.rowCount() == 1
    conflict = view.conflict_model.conflict_at(0)
    assert conflict.kind is ConflictKind.PERSON_DOUBLE_BOOKED
    assert "Ada Nowak" in conflict.message
    assert view.conflict_list.isVisible()
    assert view.grid.has_conflict(keynote.id)
    assert view.grid.has_conflict(panel.id)
    assert "Ada Nowak" in view.grid.tooltip_for(panel.id)

    # Clicking the conflict selects its first session.
    view.select_session(None)
    index = view.conflict_model.index(0, 0)
    qtbot.mouseClick(
        view.conflict_list.viewport(), LEFT, pos=view.conflict_list.visualRect(index).center()
    )
    assert view.selected_session_id() == keynote.id

    # Move the panel away: the conflict goes.
    rect = view.grid.session_rect(panel.id)
    drag(
        qtbot,
        view.grid,
        rect.center().toPoint(),
        view.grid.point_for(0, at(15, 11)),
    )
    assert times(workspace, panel.id) == (at(15, 10, 30), at(15, 11, 30))
    assert view.conflict_model.rowCount() == 0
    assert not view.grid.has_conflict(panel.id)
    assert view.no_conflicts.isVisible()


def test_keyboard_new_delete_and_restore(
    qtbot: QtBot,
    view: AgendaView,
    workspace: Workspace,
    factory: Factory,
    event: m.Event,
    undo_stack: QUndoStack,
) -> None:
    ada = factory.person(full_name="Ada Nowak")
    first = factory.session(event, start=at(15, 9), end=at(15, 10))
    agenda.add_session_person(workspace, first.id, ada.id, "keynote")
    view.refresh()
    view.grid.setFocus()

    qtbot.keyClick(view.grid, Qt.Key.Key_N)
    created = view.selected_session_id()
    assert created is not None
    assert created != first.id
    assert times(workspace, created) == (at(15, 10), at(15, 11))

    qtbot.keyClick(view.grid, Qt.Key.Key_Up)
    assert view.selected_session_id() == first.id
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    assert [s.id for s in agenda.list_sessions(workspace, event.id)] == [created]
    undo_stack.undo()
    restored = agenda.get_session(workspace, first.id)
    assert [(p.name, p.role) for p in restored.people] == [("Ada Nowak", "keynote")]


def test_enter_opens_the_editor(
    qtbot: QtBot, view: AgendaView, factory: Factory, event: m.Event
) -> None:
    row = factory.session(event, title="Opening")
    view.refresh()
    view.select_session(row.id)
    view.grid.setFocus()
    seen: list[str] = []

    def close_editor() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen.append(dialog.objectName())
        dialog.reject()

    QTimer.singleShot(50, close_editor)
    qtbot.keyClick(view.grid, Qt.Key.Key_Return)
    assert seen == ["sessionEditor"]


def test_list_view_filter_and_selection(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    keynote = factory.session(event, title="Opening keynote", location="Festsaal")
    factory.session(event, title="Coffee", kind="break", start=at(15, 10), end=at(15, 10, 30))
    view.refresh()
    view.show_list(True)
    assert view.is_list_shown()
    assert view.proxy.rowCount() == 2
    qtbot.keyClicks(view.filter, "festsaal")
    assert view.proxy.rowCount() == 1
    index = view.proxy.index(0, 2)
    assert index.data() == "Opening keynote"
    qtbot.mouseClick(view.table.viewport(), LEFT, pos=view.table.visualRect(index).center())
    assert view.selected_session_id() == keynote.id
    assert view.grid.selected_id() == keynote.id
    qtbot.keyClick(view.table, Qt.Key.Key_Down, ALT)
    assert times(workspace, keynote.id) == (at(15, 9, 45), at(15, 10, 15))


def test_outside_event_and_capacity_conflicts_listed(
    view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> None:
    factory.session(event, title="Too late", start=at(18, 9), end=at(18, 10))
    people = [factory.person(full_name=f"P{i}") for i in range(3)]
    agenda.create_session(
        workspace,
        event.id,
        agenda.SessionData(
            title="Visit",
            kind="field_visit",
            start=at(16, 14),
            end=at(16, 16),
            field_visit=agenda.FieldVisitData(capacity=2, attendees=tuple(p.id for p in people)),
        ),
    )
    view.refresh()
    kinds = sorted(
        view.conflict_model.conflict_at(i).kind for i in range(view.conflict_model.rowCount())
    )
    assert kinds == sorted([ConflictKind.OUTSIDE_EVENT, ConflictKind.OVER_CAPACITY])
    # The session outside the days is not on the grid but is in the list.
    assert view.session_model.rowCount() == 2
    assert len([s for s in view.grid.sessions if s.start.date() in view.grid.days]) == 1


def test_export_calendar_from_the_view(
    view: AgendaView, factory: Factory, event: m.Event, tmp_path: Path, errors: list[str]
) -> None:
    factory.session(event, title="Opening", location="Festsaal")
    factory.session(event, title="Closing", start=at(16, 16), end=at(16, 17))
    view.refresh()
    path = tmp_path / "agenda.ics"
    assert view.exports.calendar_to(path) == 2
    cal = Calendar.from_ical(path.read_bytes())
    starts = sorted(e.decoded("dtstart") for e in cal.walk("VEVENT"))
    assert [s.replace(tzinfo=None) for s in starts] == [at(15, 9, 30), at(16, 16)]
    assert all(e["dtstart"].params["TZID"] == "Europe/Berlin" for e in cal.walk("VEVENT"))
    assert errors == []
    assert "Exported 2 sessions" in view.message.label.text()


def test_programme_export_runs_off_the_gui_thread(
    qtbot: QtBot,
    view: AgendaView,
    factory: Factory,
    event: m.Event,
    tmp_path: Path,
    errors: list[str],
) -> None:
    factory.session(event, title="Opening")
    view.refresh()
    path = tmp_path / "programme.pdf"
    task = view.exports.programme_to(path)
    assert task is not None
    assert view.exports.busy.isVisible()
    assert not view.export_pdf_action.isEnabled()
    qtbot.waitUntil(lambda: not view.exports.busy.isVisible(), timeout=60_000)
    assert view.export_pdf_action.isEnabled()
    if path.exists():
        assert path.read_bytes().startswith(b"%PDF")
        assert errors == []
    else:
        assert errors


def test_edit_is_undoable_with_people_and_field_visit(
    qtbot: QtBot,
    view: AgendaView,
    workspace: Workspace,
    factory: Factory,
    event: m.Event,
    undo_stack: QUndoStack,
) -> None:
    ada = factory.person(full_name="Ada Nowak")
    factory.participant(event, ada)
    row = factory.session(event, title="Opening", location="Festsaal")
    view.refresh()
    before = agenda.get_session(workspace, row.id)
    dialog = view.editor_for(row.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("Visit to Neukölln")
    dialog.kind.setCurrentIndex(dialog.kind.findData("field_visit"))
    dialog.site.setText("Rathaus Neukölln")  # QTest types ASCII only
    qtbot.keyClicks(dialog.attendee_picker.line, "Ada")
    qtbot.keyClick(dialog.attendee_picker.line, Qt.Key.Key_Return)
    assert view.apply_edit(row.id, dialog.session_data())

    after = agenda.get_session(workspace, row.id)
    assert after.title == "Visit to Neukölln"
    assert after.field_visit is not None
    assert after.field_visit.site == "Rathaus Neukölln"
    assert [a.name for a in after.field_visit.attendees] == ["Ada Nowak"]

    undo_stack.undo()
    assert agenda.get_session(workspace, row.id).to_data() == before.to_data()
    assert view.session_model.index(0, 2).data() == "Opening"
    undo_stack.redo()
    assert agenda.get_session(workspace, row.id).to_data() == after.to_data()
