"""The participants page: filter as you type, bulk edits with undo/redo, counts."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from workshop_planner.services import participants as ps
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.participants.view import ParticipantsView
from workshop_planner.ui.stale_edit import StaleEditBox

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def populated(factory):
    event = factory.event()
    lyon = factory.organisation(name="City of Lyon", sector="local_government", country="FR")
    ngo = factory.organisation(name="Open Society Lab", sector="civil_society", country="US")
    people = [
        ("Ann Martin", lyon, "Lyon", "FR", ["speaker"]),
        ("Ben Carter", ngo, "Boston", "US", ["participant"]),
        ("Cleo Diaz", ngo, "Denver", "US", ["moderator"]),
        ("Dirk Jansen", None, "Utrecht", "NL", ["participant"]),
    ]
    for name, org, city, country, roles in people:
        person = factory.person(
            full_name=name, organisation_id=org.id if org else None, city=city, country=country
        )
        factory.participant(event, person, roles=roles, attendance="confirmed")
    return event


def _ben_and_cleo(workspace: Workspace, ids: Sequence[str]) -> tuple[str, str]:
    """The two Open Society Lab participants, by name (ids are random)."""
    by_name = {r.full_name: r.id for r in ps.get_participants(workspace, list(ids))}
    return by_name["Ben Carter"], by_name["Cleo Diaz"]


@pytest.fixture
def view(qtbot, workspace: Workspace, populated) -> ParticipantsView:
    from PySide6.QtGui import QUndoStack

    stack = QUndoStack()
    widget = ParticipantsView(Operations(workspace, stack))
    widget._stack = stack  # keep it alive
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    widget.set_event(populated.id)
    return widget


def names(view: ParticipantsView) -> list[str]:
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def test_filter_by_typing(view: ParticipantsView, qtbot) -> None:
    assert names(view) == ["Ann Martin", "Ben Carter", "Cleo Diaz", "Dirk Jansen"]
    qtbot.keyClicks(view.filter_edit, "open society")
    assert names(view) == ["Ben Carter", "Cleo Diaz"]
    qtbot.keyClicks(view.filter_edit, " denv")
    assert names(view) == ["Cleo Diaz"]
    assert view.status.text() == "Showing 1 of 4 participants"
    view.filter_edit.clear()
    qtbot.keyClicks(view.filter_edit, "netherlands")  # country by name
    assert names(view) == ["Dirk Jansen"]
    view.filter_edit.clear()
    qtbot.keyClicks(view.filter_edit, "moderator")
    assert names(view) == ["Cleo Diaz"]
    view.filter_edit.clear()
    qtbot.keyClicks(view.filter_edit, "CONFIRMED")
    assert len(names(view)) == 4
    qtbot.keyClicks(view.filter_edit, " zzz")
    assert names(view) == []
    assert "No participant matches" in view.status.text()


def test_sorting_by_column(view: ParticipantsView) -> None:
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # city
    assert names(view)[0] == "Dirk Jansen"
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names(view)[0] == "Dirk Jansen"
    assert names(view)[-1] == "Ann Martin"


def test_bulk_attendance_and_roles_with_undo_redo(
    view: ParticipantsView, workspace: Workspace, populated, qtbot
) -> None:
    qtbot.keyClicks(view.filter_edit, "open society")
    view.table.selectAll()
    assert len(view.selected_ids()) == 2
    assert view.attendance_button.isEnabled()
    attended = next(a for a in view.attendance_menu.actions() if a.text() == "Attended")
    attended.trigger()

    def attendance() -> dict[str, str]:
        return {r.full_name: r.attendance for r in ps.list_participants(workspace, populated.id)}

    assert attendance() == {
        "Ann Martin": "confirmed",
        "Ben Carter": "attended",
        "Cleo Diaz": "attended",
        "Dirk Jansen": "confirmed",
    }
    assert "Attended" in view.counts.text()
    assert len(view.selected_ids()) == 2  # the selection survives the edit
    view.add_role("speaker")
    roles = {r.full_name: r.roles for r in ps.list_participants(workspace, populated.id)}
    assert roles["Cleo Diaz"] == ("moderator", "speaker")
    stack = view.operations.undo_stack
    stack.undo()
    stack.undo()
    assert set(attendance().values()) == {"confirmed"}
    assert "Attended" not in view.counts.text()
    stack.redo()
    assert attendance()["Ben Carter"] == "attended"
    view.table.selectAll()
    view.remove_selected()
    assert [r.full_name for r in ps.list_participants(workspace, populated.id)] == [
        "Ann Martin", "Dirk Jansen"
    ]  # fmt: skip
    stack.undo()
    assert len(ps.list_participants(workspace, populated.id)) == 4


def test_counts_by_sector_and_country(view: ParticipantsView) -> None:
    text = view.counts.text()
    assert "<b>4</b>" in text
    assert "Civil society" in text
    assert "United States" in text
    assert "Unknown" in text  # Dirk has no organisation, so no sector


def test_empty_state(qtbot, workspace: Workspace, factory) -> None:
    from PySide6.QtGui import QUndoStack

    event = factory.event()
    stack = QUndoStack()
    view = ParticipantsView(Operations(workspace, stack))
    qtbot.addWidget(view)
    view.set_event(event.id)
    assert view.stack.currentWidget() is view.empty
    assert "import a registration list" in view.empty.label.text()


@pytest.mark.parametrize("choice", ["on_top", "reload"])
def test_a_bulk_edit_of_participants_someone_else_changed(
    view: ParticipantsView, workspace: Workspace, populated, qtbot, choice: str
) -> None:
    qtbot.keyClicks(view.filter_edit, "open society")
    view.table.selectAll()
    ben, cleo = _ben_and_cleo(workspace, view.selected_ids())
    # someone else makes one of them a speaker after my list showed them
    ps.update_participants(workspace, [ben], add_role="speaker")
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, StaleEditBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        QTest.mouseClick(getattr(box, f"{choice}_button"), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    next(a for a in view.attendance_menu.actions() if a.text() == "Attended").trigger()

    assert seen == ["This participant was changed elsewhere since you opened it."]
    rows = {r.id: r for r in ps.get_participants(workspace, [ben, cleo])}
    assert "speaker" in rows[ben].roles  # theirs is kept either way
    expected = "attended" if choice == "on_top" else "confirmed"
    assert {r.attendance for r in rows.values()} == {expected}
    assert (view.operations.undo_stack.count() == 1) is (choice == "on_top")


def test_undo_of_a_bulk_edit_takes_back_only_that_edit(
    view: ParticipantsView, workspace: Workspace, populated, qtbot
) -> None:
    qtbot.keyClicks(view.filter_edit, "open society")
    view.table.selectAll()
    ben, cleo = _ben_and_cleo(workspace, view.selected_ids())
    next(a for a in view.attendance_menu.actions() if a.text() == "Attended").trigger()
    view.add_role("speaker")
    ps.update_participants(workspace, [ben], add_role="organiser")  # someone else, meanwhile
    stack = view.operations.undo_stack
    stack.undo()  # my "speaker" goes, their "organiser" stays
    stack.undo()  # my attendance goes, the roles stay
    rows = {r.id: r for r in ps.get_participants(workspace, [ben, cleo])}
    assert rows[ben].roles == ("participant", "organiser")
    assert rows[cleo].roles == ("moderator",)
    assert {r.attendance for r in rows.values()} == {"confirmed"}
