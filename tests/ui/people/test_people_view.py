"""The People page driven with real keys and clicks on a real workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.conftest import Factory
from tests.ui.people.conftest import MakePage, click, click_row, row_of
from workshop_planner.domain import models as m
from workshop_planner.domain.text import fold
from workshop_planner.services import people as ps
from workshop_planner.services.bundle import export_bundle_file
from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.stale_edit import StaleEditBox

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def focused() -> object:
    return QApplication.focusWidget()


def test_empty_directory_says_what_to_do(make_page: MakePage) -> None:
    page = make_page()
    assert page.stack.currentWidget() is page.empty
    assert "import" in page.empty.label.text()
    assert page.table.objectName() == "peopleView"


def test_typing_lukasz_finds_lukasz(make_page: MakePage, factory: Factory) -> None:
    factory.person(full_name="Łukasz Wiśniewski", country="PL")
    factory.person(full_name="Lucas Martin", country="FR")
    factory.person(full_name="Anna Kowalska", country="PL")
    page = make_page()
    assert page.proxy.rowCount() == 3
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is page.filter_edit
    QTest.keyClicks(page.filter_edit, "lukasz")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "Łukasz Wiśniewski"
    assert "1 of 3" in page.status.text()
    # Enter goes to the list and picks the match: the form shows it
    QTest.keyClick(page.filter_edit, Qt.Key.Key_Return)
    assert focused() is page.table
    assert page.form.edits["full_name"].text() == "Łukasz Wiśniewski"
    QTest.keyClicks(page.filter_edit, "x")
    assert page.proxy.rowCount() == 0
    assert "No person matches" in page.status.text()


def test_consent_by_click_and_by_key_with_history(
    make_page: MakePage, factory: Factory, workspace: Workspace, operations: Operations
) -> None:
    person = factory.person(full_name="Jan Kowalski", consent_to_name=False)
    page = make_page()
    click_row(page, person.id)
    assert page.form.person is not None
    assert page.form.person.id == person.id
    consent = page.form.consent
    assert not consent.isChecked()
    assert (
        page.table.model().index(row_of(page, person.id), page.model.CONSENT).data() == "Withheld"
    )

    # a click grants consent: saved, in the list, in the history
    QTest.mouseClick(consent, Qt.MouseButton.LeftButton)
    assert ps.get_person(workspace, person.id).consent_to_name
    assert page.table.model().index(row_of(page, person.id), page.model.CONSENT).data() == "Named"
    history = page.form.history_model
    assert history.rowCount() == 1
    assert history.index(0, 1).data() == "Tester"
    assert history.index(0, 2).data() == "Withheld → Named"
    assert operations.undo_stack.count() == 1
    assert "Consent of Jan Kowalski" in operations.undo_stack.text(0)

    # Space withdraws it again
    consent.setFocus()
    QTest.keyClick(consent, Qt.Key.Key_Space)
    assert not ps.get_person(workspace, person.id).consent_to_name
    assert history.rowCount() == 2
    assert history.index(0, 2).data() == "Named → Withheld"

    # undo brings the consent back, and the form follows
    operations.undo_stack.undo()
    assert ps.get_person(workspace, person.id).consent_to_name
    assert consent.isChecked()


def test_change_email_and_refuse_an_invalid_one(
    make_page: MakePage, factory: Factory, workspace: Workspace, operations: Operations
) -> None:
    person = factory.person(full_name="Ada Nowak", email="ada@old.example")
    page = make_page()
    click_row(page, person.id)
    email = page.form.edits["email"]
    click(email)
    QTest.keyClick(email, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(email, "ada.nowak@city.example")
    QTest.keyClick(email, Qt.Key.Key_Return)
    assert ps.get_person(workspace, person.id).email == "ada.nowak@city.example"
    assert page.table.model().index(row_of(page, person.id), page.model.EMAIL).data() == (
        "ada.nowak@city.example"
    )
    assert operations.undo_stack.count() == 1

    # an invalid address: one sentence beside the form, nothing changed
    QTest.keyClick(email, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(email, "not an address")
    QTest.keyClick(email, Qt.Key.Key_Return)
    assert ps.get_person(workspace, person.id).email == "ada.nowak@city.example"
    assert operations.undo_stack.count() == 1
    error = page.form.error_text()
    assert error
    assert page.form.error.isVisible()
    assert error.endswith(".")
    assert "\n" not in error
    assert email.property("invalid") is True
    assert email.text() == "not an address"  # kept for correcting

    # corrected: the error goes
    QTest.keyClick(email, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(email, "ada@city.example")
    QTest.keyClick(email, Qt.Key.Key_Return)
    assert ps.get_person(workspace, person.id).email == "ada@city.example"
    assert not page.form.error.isVisible()
    assert not email.property("invalid")

    # the job title and the country save the same way
    title = page.form.edits["job_title"]
    click(title)
    QTest.keyClicks(title, "Deputy Mayor")
    QTest.keyClick(title, Qt.Key.Key_Tab)
    assert ps.get_person(workspace, person.id).job_title == "Deputy Mayor"
    operations.undo_stack.undo()
    assert not ps.get_person(workspace, person.id).job_title
    assert title.text() == ""


def test_merge_two_records_and_undo(
    make_page: MakePage, factory: Factory, workspace: Workspace, operations: Operations
) -> None:
    berlin = factory.event(title="Berlin 2023")
    lisbon = factory.event(title="Lisbon 2024")
    first = factory.person(full_name="Jan Kowalski", email="jan@city.example")
    second = factory.person(full_name="Jan Kowalski", job_title="Deputy Mayor")
    factory.participant(berlin, first)
    factory.participant(lisbon, second)
    page = make_page()
    click_row(page, first.id)
    assert not page.merge_action.isEnabled()
    click_row(page, second.id, Qt.KeyboardModifier.ControlModifier)
    assert sorted(page.selected_ids()) == sorted([first.id, second.id])
    assert page.merge_action.isEnabled()

    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    dialog = page.merge_dialog
    assert dialog is not None
    assert dialog.isVisible()
    keep_second = dialog.choices[[p.id for p in dialog.people].index(second.id)]
    QTest.mouseClick(keep_second, Qt.MouseButton.LeftButton)
    QTest.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    people = ps.list_people(workspace)
    assert [p.id for p in people] == [second.id]
    kept = people[0]
    assert {title for _id, title in kept.events} == {"Berlin 2023", "Lisbon 2024"}
    assert kept.email == "jan@city.example"  # the empty field was filled
    assert page.model.rowCount() == 1
    assert page.selected_ids() == [second.id]

    operations.undo_stack.undo()
    assert {p.id for p in ps.list_people(workspace)} == {first.id, second.id}
    assert page.model.rowCount() == 2
    assert [t for _i, t in ps.get_person(workspace, first.id).events] == ["Berlin 2023"]


def test_erase_a_person_leaves_no_trace_in_a_bundle_and_undo_restores(
    make_page: MakePage,
    factory: Factory,
    workspace: Workspace,
    operations: Operations,
    tmp_path: Path,
) -> None:
    event = factory.event(title="Cities on the Front-lines")
    gone = factory.person(
        full_name="Zdzisław Gąsior", email="zg@bialystok.example", job_title="Deputy Mayor"
    )
    stays = factory.person(full_name="Ada Nowak")
    factory.participant(event, gone)
    factory.participant(event, stays)
    factory.note(event, text="Zdzisław Gąsior described the threats his office receives.")
    quote = factory.note(event, kind="quote", text="We answer every threat in public.")
    with workspace.transaction() as db:
        db.add(m.QuoteDetails(note_id=quote.id, speaker_id=gone.id, attribution="named"))
    page = make_page()
    click_row(page, gone.id)
    page.table.setFocus()
    QTest.keyClick(
        page.table,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.erase_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert "removes Zdzisław Gąsior from 1 event" in dialog.text
    assert "makes their quotes anonymous" in dialog.text
    assert "Undo is possible until you close the app" in dialog.text
    QTest.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    assert [p.id for p in ps.list_people(workspace)] == [stays.id]
    assert page.model.rowCount() == 1
    bundle = export_bundle_file(workspace, event.id, tmp_path / "after.json")
    text = bundle.read_text(encoding="utf-8")
    folded = fold(text)
    for trace in ("Zdzisław", "Gąsior", "zg@bialystok.example", gone.id):
        assert fold(trace) not in folded, trace
    assert "Ada Nowak" in text
    assert "We answer every threat in public." in text  # the quote stays, anonymous
    with workspace.transaction() as db:
        details = db.get(m.QuoteDetails, quote.id)
        assert details is not None
        assert details.speaker_id is None
        assert details.attribution == "anonymous"

    operations.undo_stack.undo()
    assert {p.id for p in ps.list_people(workspace)} == {gone.id, stays.id}
    assert page.model.rowCount() == 2
    restored = export_bundle_file(workspace, event.id, tmp_path / "undone.json")
    assert "Zdzisław Gąsior" in restored.read_text(encoding="utf-8")
    assert ps.get_person(workspace, gone.id).email == "zg@bialystok.example"
    with workspace.transaction() as db:
        details = db.get(m.QuoteDetails, quote.id)
        assert details is not None
        assert details.speaker_id == gone.id


def test_cancelled_erase_changes_nothing(
    make_page: MakePage, factory: Factory, workspace: Workspace, operations: Operations
) -> None:
    person = factory.person(full_name="Jan Kowalski")
    page = make_page()
    click_row(page, person.id)
    dialog = page.erase_selected()
    assert dialog is not None
    # Cancel is the default: Enter does not erase
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [p.id for p in ps.list_people(workspace)] == [person.id]
    assert operations.undo_stack.count() == 0


def test_export_a_persons_data(make_page: MakePage, factory: Factory, tmp_path: Path) -> None:
    event = factory.event(title="Berlin 2023")
    person = factory.person(full_name="Ada Nowak", email="ada@example.org")
    factory.participant(event, person)
    page = make_page()
    click_row(page, person.id)
    messages: list[str] = []
    page.message.connect(messages.append)
    written = page.export_selected(tmp_path / "ada.json")
    assert written is not None
    data = json.loads(written.read_text(encoding="utf-8"))
    dumped = json.dumps(data, ensure_ascii=False)
    assert "Ada Nowak" in dumped
    assert "ada@example.org" in dumped
    assert "Berlin 2023" in dumped
    assert messages
    assert "ada.json" in messages[-1]


def test_page_follows_changes_of_any_event(
    make_page: MakePage, factory: Factory, operations: Operations
) -> None:
    page = make_page()
    page.set_event("some-other-event")
    event = factory.event(title="Lisbon 2024")
    person = factory.person(full_name="Rui Costa", country="PT")
    factory.participant(event, person)
    assert page.model.rowCount() == 0
    operations.announce(Changes.of(event.id, Part.PARTICIPANTS))
    assert page.model.rowCount() == 1
    # hidden: refreshed once, when shown again
    page.hide()
    factory.person(full_name="Ana Silva")
    operations.announce(Changes.of(None, Part.PEOPLE))
    assert page.model.rowCount() == 1
    page.show()
    assert page.model.rowCount() == 2
    # the current event's participants are bold
    page.set_event(event.id)
    font = page.proxy.index(row_of(page, person.id), 0).data(Qt.ItemDataRole.FontRole)
    assert font is not None
    assert font.bold()


def test_f2_edits_the_name_and_moving_on_saves_what_was_typed(
    make_page: MakePage, factory: Factory, workspace: Workspace, operations: Operations
) -> None:
    first = factory.person(full_name="Ada Nowak", country="PL")
    second = factory.person(full_name="Bo Li", country="CN")
    page = make_page()
    click_row(page, first.id)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_F2)
    name = page.form.edits["full_name"]
    assert focused() is name
    QTest.keyClicks(name, "Adelajda Nowak")  # F2 selected the whole name
    # no Enter: clicking another person saves the name, once, and shows them
    click_row(page, second.id)
    assert ps.get_person(workspace, first.id).full_name == "Adelajda Nowak"
    assert operations.undo_stack.count() == 1
    assert page.form.person is not None
    assert page.form.person.id == second.id
    assert name.text() == "Bo Li"
    # the country picker: type a name, Enter saves the code
    country = page.form.country
    country.setFocus()
    line = country.lineEdit()
    assert line is not None
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(line, "Germany")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert ps.get_person(workspace, second.id).country == "DE"
    assert operations.undo_stack.count() == 2
    operations.undo_stack.undo()
    assert ps.get_person(workspace, second.id).country == "CN"
    assert country.code() == "CN"


def test_consent_history_names_the_note_taker(
    make_page: MakePage, factory: Factory, workspace: Workspace
) -> None:
    from workshop_planner.ui.capture.view import AUTHOR_KEY, settings
    from workshop_planner.ui.people.view import current_user

    store = settings()
    # QSettings may keep its first path for the whole run: leave no name for other tests
    previous = store.value(AUTHOR_KEY)
    store.setValue(AUTHOR_KEY, "Maria Santos")
    store.sync()
    try:
        assert current_user() == "Maria Santos"
        person = factory.person(full_name="Rui Costa", consent_to_name=True)
        page = make_page()
        page.changed_by = current_user
        click_row(page, person.id)
        QTest.mouseClick(page.form.consent, Qt.MouseButton.LeftButton)
        history = ps.consent_history(workspace, person.id)
        assert [(c.changed_by, c.old, c.new) for c in history] == [("Maria Santos", True, False)]
        assert page.form.history_model.index(0, 1).data() == "Maria Santos"
    finally:
        if previous is None:
            store.remove(AUTHOR_KEY)
        else:
            store.setValue(AUTHOR_KEY, previous)
        store.sync()


def test_organisation_is_offered_as_you_type_and_saved(
    make_page: MakePage, factory: Factory, workspace: Workspace, qtbot: object
) -> None:
    lublin = factory.organisation(name="City of Lublin", country="PL")
    factory.person(full_name="Agnieszka Łukasiewicz", organisation_id=lublin.id)
    person = factory.person(full_name="Ada Nowak")
    page = make_page()
    click_row(page, person.id)
    org = page.form.edits["organisation"]
    click(org)
    QTest.keyClicks(org, "lubl")
    completer = org.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)  # type: ignore[attr-defined]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert org.text() == "City of Lublin"
    QTest.keyClick(org, Qt.Key.Key_Return)
    saved = ps.get_person(workspace, person.id)
    assert saved.organisation == "City of Lublin"
    assert saved.organisation_id == lublin.id  # the same organisation, not a copy


def test_tab_follows_reading_order(make_page: MakePage, factory: Factory) -> None:
    person = factory.person(full_name="Ada Nowak")
    page = make_page()
    click_row(page, person.id)  # Export and Erase enabled; Merge needs two people
    assert not page.merge_button.isEnabled()
    page.filter_edit.setFocus()
    seen = []
    for _ in range(8):
        seen.append(focused())
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    form = page.form
    assert seen == [
        page.filter_edit,
        page.export_button,
        page.erase_button,
        page.table,
        form.edits["full_name"],
        form.edits["job_title"],
        form.edits["organisation"],
        form.edits["city"],
    ]


def _answer_stale_box(button: str, seen: list[str]) -> None:
    """Click ``button`` ("reload" or "on_top") of the stale-edit box once it shows."""

    def go() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, StaleEditBox):
            QTimer.singleShot(20, go)
            return
        seen.append(box.text())
        QTest.mouseClick(getattr(box, f"{button}_button"), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, go)


@pytest.mark.parametrize("choice", ["on_top", "reload"])
def test_a_field_edited_after_someone_else_changed_the_person(
    make_page: MakePage,
    factory: Factory,
    workspace: Workspace,
    operations: Operations,
    choice: str,
) -> None:
    person = factory.person(full_name="Ada Nowak")
    page = make_page()
    click_row(page, person.id)
    # someone else gives Ada a city after my page showed her
    ps.update_person(workspace, person.id, {"city": "Lodz"}, changed_by="B", version=1)
    seen: list[str] = []
    _answer_stale_box(choice, seen)
    title = page.form.edits["job_title"]
    click(title)
    QTest.keyClicks(title, "Mayor")
    QTest.keyClick(title, Qt.Key.Key_Return)

    assert seen == ["This person was changed elsewhere since you opened it."]
    now = ps.get_person(workspace, person.id)
    assert now.city == "Lodz"  # theirs is never reverted
    if choice == "on_top":
        assert now.job_title == "Mayor"
        assert operations.undo_stack.count() == 1
    else:
        assert now.job_title == ""
        assert title.text() == ""
        assert page.form.edits["city"].text() == "Lodz"
        assert operations.undo_stack.count() == 0
