"""qtmodeltester on every item model of the organiser views."""

from __future__ import annotations

from datetime import date

import pytest

from workshop_planner.services import event_editing as ee
from workshop_planner.services import participant_import as pi
from workshop_planner.services.events import EventSummary
from workshop_planner.services.participants import DirectoryEntry, ParticipantRow
from workshop_planner.ui.event_list import DetailRole, EventListModel, IdRole
from workshop_planner.ui.overview import ContactTableModel, PartnerListModel
from workshop_planner.ui.participants.import_dialog import ErrorListModel, ImportPreviewModel
from workshop_planner.ui.participants.model import (
    DirectoryListModel,
    ParticipantTableModel,
    TextFilterProxy,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def rows(n: int) -> list[ParticipantRow]:
    return [
        ParticipantRow(
            id=f"p{i}",
            person_id=f"x{i}",
            full_name=f"Person {i}",
            job_title="Mayor" if i % 2 else None,
            organisation=f"Org {i % 3}",
            sector="research" if i % 2 else None,
            city="Lyon",
            country="FR" if i % 2 else None,
            email=None,
            roles=("speaker",) if i % 3 else (),
            attendance="confirmed",
        )
        for i in range(n)
    ]


def test_event_list_model(qapp, qtmodeltester) -> None:
    model = EventListModel()
    model.set_events(
        [
            EventSummary("a", "Summit", "Series", date(2024, 1, 2), date(2024, 1, 3), False),
            EventSummary("b", "Old", None, date(2020, 1, 2), date(2020, 1, 2), True),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0).data(IdRole) == "a"
    assert model.index(0).data(DetailRole) == "2 – 3 January 2024 · Series"
    assert model.row_of("b") == 1


def test_participant_model_and_proxy(qtmodeltester) -> None:
    model = ParticipantTableModel()
    model.set_rows(rows(12))
    qtmodeltester.check(model)
    proxy = TextFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("france speaker")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 4  # odd i and i % 3 != 0: 1, 5, 7, 11
    model.set_rows(rows(3))
    assert proxy.rowCount() == 1


def test_directory_model(qtmodeltester) -> None:
    model = DirectoryListModel()
    model.set_people(
        [
            DirectoryEntry("1", "Ann", "Mayor", "City", None, None, "a@b.org"),
            DirectoryEntry("2", "Ben", None, None, None, None, None),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0).data() == "Ann — Mayor, City"


def test_overview_models(qapp, qtmodeltester) -> None:
    partners = PartnerListModel()
    partners.set_partners([ee.PartnerData("p", "Fund", "donor", None, None, None, 0)], {})
    qtmodeltester.check(partners)
    contacts = ContactTableModel()
    contacts.set_contacts([ee.ContactData("c", "Kim", None, "GMF", "k@g.org", 0)])
    qtmodeltester.check(contacts)
    assert contacts.index(0, 3).data() == "k@g.org"


def test_import_models(qtmodeltester) -> None:
    preview = ImportPreviewModel()
    preview.set_rows(
        [
            pi.PlannedRow(2, "Ann", None, None, None, None, "FR", ["speaker"], "invited", None),
            pi.PlannedRow(
                3,
                "Ann",
                None,
                None,
                None,
                None,
                None,
                [],
                "invited",
                None,
                action=pi.DUPLICATE,
                same_as=2,
            ),
        ]
    )
    qtmodeltester.check(preview)
    assert preview.index(0, 7).data() == "France"
    assert preview.index(1, 1).data() == "Same as row 2"
    errors = ErrorListModel()
    errors.set_errors([pi.RowError(4, "The name is empty."), pi.RowError(None, "Choose.")])
    qtmodeltester.check(errors)
    assert errors.index(0).data() == "Row 4: The name is empty."


def test_participant_model_sorts_itself_keeping_selection(qtbot, qtmodeltester) -> None:
    from PySide6.QtCore import QItemSelectionModel, Qt
    from PySide6.QtWidgets import QTableView

    model = ParticipantTableModel()
    proxy = TextFilterProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    model.set_rows(rows(12))
    assert model.sort_order() == (0, Qt.SortOrder.DescendingOrder)
    assert proxy.sortColumn() == -1  # the proxy leaves sorting to the model
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == sorted((f"Person {i}" for i in range(12)), reverse=True)
    selection = table.selectionModel()
    wanted = proxy.index(names.index("Person 4"), 0)
    selection.select(
        wanted, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # sector; empty cells last
    sectors = [proxy.index(r, 5).data() for r in range(proxy.rowCount())]
    assert sectors == ["Research"] * 6 + [""] * 6
    assert [i.data() for i in selection.selectedRows()] == ["Person 4"]
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    # new rows arrive in the chosen order; an edit that changes a key moves the row
    edited = [
        r if r.id != "p1" else r.__class__(**{**r.__dict__, "sector": None}) for r in rows(12)
    ]
    model.set_rows(edited)
    sectors = [proxy.index(r, 5).data() for r in range(proxy.rowCount())]
    assert sectors == ["Research"] * 5 + [""] * 7
    assert [i.data() for i in selection.selectedRows()] == ["Person 4"]
    proxy.set_filter_text("person 11")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Person 11"]
