"""The participant import dialog on real CSV and XLSX files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from sqlalchemy import func, select

from tests.ui.conftest import WriteXlsx
from workshop_planner.domain import models as m
from workshop_planner.services import participants as ps
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.participants.view import ParticipantsView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

HEADERS = ["Name", "Email", "Organisation", "Job title", "City", "Country", "Roles",
           "Attendance", "Sector"]  # fmt: skip


def people_count(ws: Workspace) -> int:
    with ws.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(m.Person)) or 0)


@pytest.fixture
def view(qtbot, workspace: Workspace, factory) -> ParticipantsView:
    event = factory.event()
    stack = QUndoStack()
    widget = ParticipantsView(Operations(workspace, stack))
    widget._stack = stack
    qtbot.addWidget(widget)
    widget.show()
    widget.set_event(event.id)
    return widget


def test_csv_with_a_bad_row_imports_nothing(
    view: ParticipantsView, workspace: Workspace, tmp_path: Path, qtbot
) -> None:
    path = tmp_path / "registrations.csv"
    path.write_text(
        "Name,Email,Organisation,Country,Attendance\n"
        "Ada Nowak,ada@example.org,City of Gdańsk,Poland,confirmed\n"
        "Bo Li,bo@example.org,City of Toronto,Atlantis,attended\n"
        "Cy Young,cy@example.org,City of Boston,US,registered\n",
        encoding="utf-8",
    )
    dialog = view.open_import(path)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.combos["country"].currentText() == "Country"
    assert dialog.preview_model.rowCount() == 2
    errors = [dialog.error_model.index(r).data() for r in range(dialog.error_model.rowCount())]
    assert errors == ["Row 3: “Atlantis” in column D (Country) is not a country name or ISO code."]
    assert not dialog.import_button.isEnabled()
    assert "nothing is imported until you fix the file" in dialog.summary.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    dialog.accept()  # even forced, nothing happens
    assert dialog.isVisible()
    assert ps.list_participants(workspace, view.event_id) == []
    assert people_count(workspace) == 0
    # Ignoring the bad column clears the error and allows the import.
    dialog.set_mapping("country", None)
    assert dialog.error_model.rowCount() == 0
    assert dialog.import_button.isEnabled()
    dialog.reject()
    assert ps.list_participants(workspace, view.event_id) == []


def test_good_xlsx_with_directory_duplicates(
    view: ParticipantsView, workspace: Workspace, factory, write_xlsx: WriteXlsx, qtbot
) -> None:
    org = factory.organisation(name="City of Lyon", sector="local_government", country="FR")
    known = [
        factory.person(full_name=f"Known {i}", email=f"known{i}@lyon.fr", organisation_id=org.id)
        for i in range(5)
    ]
    rows: list[list[object]] = [HEADERS]
    for i in range(35):
        rows.append([f"Person {i:02d}", f"person{i}@example.org", f"Org {i % 6}", "Officer",
                     "Berlin", "Germany", "participant", "registered", "research"])  # fmt: skip
    for i in range(5):  # same people as the directory: e-mail in another case
        rows.append([f"Known {i}", f"KNOWN{i}@Lyon.fr", "City of Lyon", "", "Lyon", "FR",
                     "speaker", "confirmed", ""])  # fmt: skip
    path = write_xlsx("registrations.xlsx", rows)
    before = people_count(workspace)
    dialog = view.open_import(path)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.error_model.rowCount() == 0
    assert dialog.preview_model.rowCount() == 40
    actions = [dialog.preview_model.index(r, 1).data() for r in range(40)]
    assert actions.count("In directory") == 5
    assert actions.count("New person") == 35
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    participants = ps.list_participants(workspace, view.event_id)
    assert len(participants) == 40
    assert people_count(workspace) == before + 35
    linked = {p.person_id for p in participants if p.full_name.startswith("Known")}
    assert linked == {p.id for p in known}
    assert view.model.rowCount() == 40
    assert view.stack.currentIndex() == 1
    stack = view.operations.undo_stack
    assert stack.undoText().startswith("Import 40 participants")
    stack.undo()
    assert ps.list_participants(workspace, view.event_id) == []
    assert people_count(workspace) == before
    stack.redo()
    assert len(ps.list_participants(workspace, view.event_id)) == 40


def test_unreadable_file_is_one_sentence(view: ParticipantsView, tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    messages: list[str] = []
    view.operations.failed.connect(messages.append)
    assert view.open_import(path) is None
    assert messages == ["old.xls is an old Excel file; save it as .xlsx or .csv first."]
