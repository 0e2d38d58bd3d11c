"""Capture view driven by real keystrokes (pytest-qt)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import AUTHOR, CaptureSetup
from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.view import CaptureView

# The offscreen platform cannot resize, raise or grab for popups and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def type_note(qtbot: QtBot, view: CaptureView, text: str) -> None:
    qtbot.keyClicks(view.editor, text)
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)


def test_enter_saves_a_note_in_the_clock_session(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    assert view.session_id == setup.sessions[1]  # the panel runs at 10:20 Berlin time
    type_note(qtbot, view, "Mayors act first")
    notes = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert [(n.text, n.kind, n.author) for n in notes] == [
        ("Mayors act first", "observation", AUTHOR)
    ]
    assert notes[0].captured_at.tzinfo is not None
    assert view.editor.toPlainText() == ""
    assert view.notes_model.rowCount() == 1


def test_notes_of_every_kind_by_ctrl_digit(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    keys = [
        (Qt.Key.Key_1, "observation"),
        (Qt.Key.Key_2, "quote"),
        (Qt.Key.Key_3, "case_study"),
        (Qt.Key.Key_4, "threat"),
        (Qt.Key.Key_5, "challenge"),
        (Qt.Key.Key_6, "need"),
        (Qt.Key.Key_7, "recommendation"),
        (Qt.Key.Key_8, "next_step"),
        (Qt.Key.Key_9, "example"),
        (Qt.Key.Key_0, "resource"),
    ]
    for key, kind in keys:
        qtbot.keyClick(view.editor, key, CTRL)
        assert view.kind.value == kind
        assert view.kind_buttons[view.kind].isChecked()
        type_note(qtbot, view, f"A {kind} note")
    # Ctrl+9 twice cycles example -> resource
    qtbot.keyClick(view.editor, Qt.Key.Key_9, CTRL)
    qtbot.keyClick(view.editor, Qt.Key.Key_9, CTRL)
    assert view.kind.value == "resource"
    type_note(qtbot, view, "Second resource")
    notes = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert [n.kind for n in notes] == [k for _key, k in keys] + ["resource"]
    assert [n.text for n in notes][:2] == ["A observation note", "A quote note"]
    # every note records its author; details rows exist for kinds that have them
    assert {n.author for n in notes} == {AUTHOR}
    by_kind = {n.kind: n for n in notes}
    assert by_kind["quote"].quote is not None
    assert by_kind["case_study"].case_study is not None
    assert by_kind["example"].example is not None
    assert by_kind["resource"].resource is not None
    assert by_kind["threat"].quote is None
    # the kind resets to observation after each note
    assert view.kind.value == "observation"


def test_enter_saves_shift_enter_starts_a_new_line(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClicks(view.editor, "First line")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(view.editor, "second line")
    assert capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1]) == []
    assert view.editor.toPlainText() == "First line\nsecond line"
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    notes = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert [n.text for n in notes] == ["First line\nsecond line"]


def test_enter_on_an_empty_box_saves_nothing(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClicks(view.editor, "   ")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    assert capture.list_notes(workspace, setup.event_id, all_sessions=True) == []
    assert "Type a note first" in view.status_text


def test_themes_toggle_with_alt_digit_and_hashtags(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_2, ALT)
    qtbot.keyClick(view.editor, Qt.Key.Key_3, ALT)
    assert view.theme_ids == [setup.themes[1], setup.themes[2]]
    assert view.theme_buttons[1].isChecked()
    qtbot.keyClick(view.editor, Qt.Key.Key_3, ALT)  # off again
    assert view.theme_ids == [setup.themes[1]]
    assert not view.theme_buttons[2].isChecked()
    type_note(qtbot, view, "Mayors lead on heat #leadership and trust #unknowntag")
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert note.theme_ids == (setup.themes[1], setup.themes[0])
    assert note.text == "Mayors lead on heat and trust #unknowntag"
    assert view.theme_ids == []  # the composer starts clean for the next note


def test_quote_by_speaker_without_consent_is_named_but_printed_by_origin(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(view.editor, "We start with the streets we have.")
    qtbot.keyClick(view.editor, Qt.Key.Key_Tab)
    assert view.quote_form.speaker.hasFocus()
    qtbot.keyClicks(view.quote_form.speaker, "Ben Carter")
    view.quote_form.completer.popup().hide()
    # the choice is an upper bound: consent decides when the report is printed
    assert view.quote_form.attribution.value == "named"
    assert view.quote_form.hint.text() == "No consent: printed by origin"
    qtbot.keyClick(view.quote_form.speaker, Qt.Key.Key_Return)
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert note.kind == "quote"
    assert note.quote is not None
    assert note.quote.speaker_id == setup.shy
    assert note.quote.attribution == "named"


def test_quote_by_consenting_speaker_is_named_and_attribution_cycles(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(view.editor, "Cities are where trust is built.")
    qtbot.keyClick(view.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.quote_form.speaker, "Ada Nowak")
    view.quote_form.completer.popup().hide()
    assert view.quote_form.attribution.value == "named"
    assert view.quote_form.organisation.text() == "City of Warsaw"
    type_note(qtbot, view, "")  # Enter from the text box works too
    first = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert first.quote is not None
    assert first.quote.attribution == "named"
    assert first.quote.speaker_id == setup.consenting

    # Ctrl+Shift+A cycles named -> by origin -> anonymous, and sticks
    qtbot.keyClick(view.editor, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(view.editor, "Nobody should know I said this.")
    view.quote_form.speaker.setText("Ada Nowak")
    qtbot.keyClick(view.editor, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.keyClick(view.editor, Qt.Key.Key_A, CTRL | SHIFT)
    assert view.quote_form.attribution.value == "anonymous"
    assert view.quote_form.attribution_button.text() == "Anonymous"
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    second = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[1]
    assert second.quote is not None
    assert second.quote.attribution == "anonymous"


def test_quote_by_a_speaker_typed_free(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(view.editor, "Housing is climate policy.")
    qtbot.keyClick(view.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.quote_form.speaker, "Carla Diaz")
    qtbot.keyClick(view.quote_form.speaker, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.quote_form.organisation, "City of Bogota")
    qtbot.keyClick(view.quote_form.organisation, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.quote_form.country, "co")
    assert "Not a participant" in view.quote_form.hint.text()
    qtbot.keyClick(view.quote_form.country, Qt.Key.Key_Return)
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert note.quote == capture.QuoteData(
        speaker_id=None,
        name="Carla Diaz",
        organisation="City of Bogota",
        country="CO",
        attribution="by_origin",
    )


def test_case_study_form_filled_by_keyboard(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_3, CTRL)
    assert view.case_form.isVisible()
    assert not view.quote_form.isVisible()
    qtbot.keyClicks(view.editor, "A community energy plan cut emissions by a third.")
    values = [
        "City of Edmonton, Canada",
        "Edmonton",
        "ca",
        "Ageing public buildings",
        "Retrofit programme with utilities",
        "A third less emissions",
        "https://edmonton.ca/energy",
    ]
    for value in values:
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(view.focusWidget(), value)
    assert view.focusWidget() is view.case_form.field("url")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert note.kind == "case_study"
    assert note.case_study == capture.CaseStudyData(
        "City of Edmonton, Canada",
        "Edmonton",
        "CA",
        "Ageing public buildings",
        "Retrofit programme with utilities",
        "A third less emissions",
        "https://edmonton.ca/energy",
    )
    assert view.case_form.field("title").text() == ""  # cleared for the next one


def test_example_and_resource_forms(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_9, CTRL)
    qtbot.keyClicks(view.editor, "Paris cools schoolyards.")
    for value in ["Schoolyard oases", "Paris", "FR", "https://paris.fr/oasis"]:
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(view.focusWidget(), value)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(view.editor, Qt.Key.Key_0, CTRL)
    qtbot.keyClicks(view.editor, "Toolkit for heat planning.")
    for value in ["Heat Action Toolkit", "C40", "https://c40.org/heat"]:
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(view.focusWidget(), value)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    ex, rs = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert ex.example == capture.ExampleData(
        "Schoolyard oases", "Paris", "FR", "https://paris.fr/oasis"
    )
    assert rs.resource == capture.ResourceData("Heat Action Toolkit", "C40", "https://c40.org/heat")


def test_edit_a_note_in_place_and_undo(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    type_note(qtbot, view, "Mayors act frist")
    undo = view.operations.undo_stack
    view.select_note_row(0)
    view.notes_view.setFocus()
    qtbot.keyClick(view.notes_view, Qt.Key.Key_F2)
    editor = view.notes_view.findChild(type(view.editor), "noteInlineEditor")
    assert editor is not None
    assert editor.toPlainText() == "Mayors act frist"
    editor.selectAll()
    qtbot.keyClicks(editor, "Mayors act first")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert note.text == "Mayors act first"
    assert view.notes_model.note_at(0).text == "Mayors act first"
    assert [r.text for r in capture.note_history(workspace, note.id)] == ["Mayors act frist"]
    assert undo.undoText().startswith("Edit note")
    undo.undo()
    assert capture.get_note(workspace, note.id).text == "Mayors act frist"
    assert view.notes_model.note_at(0).text == "Mayors act frist"
    undo.redo()
    assert capture.get_note(workspace, note.id).text == "Mayors act first"


def test_retag_and_rekind_a_listed_note_with_undo(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    type_note(qtbot, view, "Heat hits the poorest districts")
    view.select_note_row(0)
    view.notes_view.setFocus()
    qtbot.keyClick(view.notes_view, Qt.Key.Key_2, ALT)
    view.change_kind_action("threat").trigger()  # the note's menu: Kind ▸ Threat
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert note.theme_ids == (setup.themes[1],)
    assert note.kind == "threat"
    view.operations.undo_stack.undo()
    view.operations.undo_stack.undo()
    note = capture.get_note(workspace, note.id)
    assert (note.kind, note.theme_ids) == ("observation", ())


def test_delete_a_note_and_undo_restores_it_whole(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_1, ALT)
    qtbot.keyClick(view.editor, Qt.Key.Key_2, CTRL)
    qtbot.keyClicks(view.editor, "Keep this one")
    view.quote_form.speaker.setText("Ada Nowak")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    type_note(qtbot, view, "And this one")
    before = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    view.select_note_row(0)
    view.notes_view.setFocus()
    qtbot.keyClick(view.notes_view, Qt.Key.Key_Delete)
    after = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert [n.text for n in after] == ["And this one"]
    assert view.notes_model.rowCount() == 1
    view.operations.undo_stack.undo()
    restored = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert restored == before
    assert [n.id for n in view.notes_model.notes()] == [n.id for n in before]


def test_undo_of_a_saved_note_removes_it(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    type_note(qtbot, view, "Oops")
    assert view.operations.undo_stack.undoText().startswith("Add note")
    view.operations.undo_stack.undo()
    assert capture.list_notes(workspace, setup.event_id, all_sessions=True) == []
    view.operations.undo_stack.redo()
    assert [n.text for n in capture.list_notes(workspace, setup.event_id, all_sessions=True)] == [
        "Oops"
    ]


def test_session_switch_keys(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    type_note(qtbot, view, "Panel note")
    qtbot.keyClick(view.editor, Qt.Key.Key_PageDown, CTRL)
    assert view.session_id == setup.sessions[2]
    assert view.session_combo.currentIndex() == 2
    assert view.notes_model.rowCount() == 0
    qtbot.keyClicks(view.editor, "Workshop note")
    qtbot.keyClick(view.editor, Qt.Key.Key_PageUp, CTRL)
    # switching flushes the draft at once, with the session it now belongs to
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert (draft.text, draft.session_id) == ("Workshop note", setup.sessions[1])
    assert view.session_id == setup.sessions[1]
    assert [n.text for n in view.notes_model.notes()] == ["Panel note"]
    qtbot.keyClick(view.editor, Qt.Key.Key_PageUp, CTRL)
    qtbot.keyClick(view.editor, Qt.Key.Key_PageUp, CTRL)  # stays on the first
    assert view.session_id == setup.sessions[0]
    qtbot.keyClick(view.editor, Qt.Key.Key_J, CTRL)  # back to the clock's session
    assert view.session_id == setup.sessions[1]


def test_draft_is_written_while_typing(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClicks(view.editor, "Half a thought")
    with qtbot.waitSignal(view.draftSaved, timeout=1500):
        pass
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert draft.text == "Half a thought"
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    assert capture.load_draft(workspace, setup.event_id, AUTHOR) is None


def test_draft_written_on_focus_change(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    qtbot.keyClicks(view.editor, "Before I look away")
    view.session_combo.setFocus()
    qtbot.waitUntil(lambda: not view.editor.hasFocus(), timeout=1000)
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert draft.text == "Before I look away"


def test_draft_restored_after_reopening(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    from tests.ui.capture.conftest import make_view

    qtbot.keyClick(view.editor, Qt.Key.Key_PageDown, CTRL)
    qtbot.keyClick(view.editor, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(view.editor, Qt.Key.Key_3, ALT)
    qtbot.keyClicks(view.editor, "Unfinished quote")
    view.quote_form.speaker.setText("Ben Carter")
    view.close()  # quitting writes the draft
    again = make_view(workspace, qtbot, setup.event_id)
    assert again.editor.toPlainText() == "Unfinished quote"
    assert again.kind.value == "quote"
    assert again.session_id == setup.sessions[2]
    assert again.theme_ids == [setup.themes[2]]
    assert again.quote_form.speaker.text() == "Ben Carter"
    assert "Restored" in again.status_text
    qtbot.keyClick(again.editor, Qt.Key.Key_Return)
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[2])[0]
    assert note.quote is not None
    assert note.quote.speaker_id == setup.shy


def test_switching_event_forgets_what_the_status_said(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup, factory: Any
) -> None:
    qtbot.keyClicks(view.editor, "A draft for the first event")
    view.flush_draft()
    view.set_event(None)
    view.set_event(setup.event_id)
    assert "Restored" in view.status_text
    other = factory.event(title="Another convening")
    view.set_event(other.id)  # it has no draft: nothing was restored
    assert view.status_text == ""
    assert view.editor.toPlainText() == ""


def test_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, view: CaptureView
) -> None:
    type_note(qtbot, view, "One")
    type_note(qtbot, view, "Two #cohesion")
    qtmodeltester.check(view.notes_model)  # type: ignore[attr-defined]
    qtmodeltester.check(view.speakers_model)  # type: ignore[attr-defined]
    qtmodeltester.check(view.sessions_model)  # type: ignore[attr-defined]


def test_export_my_notes(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup, tmp_path: object
) -> None:
    import json
    from pathlib import Path

    capture.add_note(workspace, setup.event_id, kind="need", text="Not mine", author="Someone")
    type_note(qtbot, view, "Mine")
    target = Path(str(tmp_path)) / "mine.json"
    assert view.export_my_notes(target) == target
    bundle = json.loads(target.read_text(encoding="utf-8"))
    assert [n["text"] for n in bundle["notes"]] == ["Mine"]


def test_no_event_shows_an_empty_state(qtbot: QtBot, workspace: Workspace) -> None:
    from tests.ui.capture.conftest import make_view

    v = make_view(workspace, qtbot, None)
    assert v._stack.currentWidget() is v._empty
    assert "Pick an event" in v._empty.text()
    qtbot.keyClicks(v.editor, "nothing")
    assert v.submit() is None


def test_event_without_sessions_keeps_notes_for_the_whole_event(
    qtbot: QtBot, workspace: Workspace, factory: object
) -> None:
    from tests.ui.capture.conftest import make_view

    event = factory.event(title="No agenda yet")  # type: ignore[attr-defined]
    v = make_view(workspace, qtbot, event.id)
    assert v.session_id is None
    assert not v.session_combo.isEnabled()
    type_note(qtbot, v, "Captured before the agenda exists")
    notes = capture.list_notes(workspace, event.id)
    assert [(n.text, n.session_id) for n in notes] == [("Captured before the agenda exists", None)]
    assert v.notes_model.rowCount() == 1


def test_note_taker_is_asked_once_without_blocking_typing(
    qtbot: QtBot, workspace: Workspace, setup: CaptureSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    from PySide6.QtWidgets import QApplication

    from tests.ui.capture.conftest import make_view
    from workshop_planner.ui.capture.view import AUTHOR_ENV, AUTHOR_KEY, settings

    monkeypatch.delenv(AUTHOR_ENV)
    settings().remove(AUTHOR_KEY)
    login = getpass.getuser()
    v = make_view(workspace, qtbot, setup.event_id)
    bar = v.findChild(QWidget, "captureAuthorBar")
    assert bar is not None
    assert bar.isVisible()
    # The question never takes the keys: the note-taker types notes straight away.
    assert v.editor.hasFocus()
    assert QApplication.activeModalWidget() is None
    type_note(qtbot, v, "Before I said who I am")
    qtbot.keyClicks(v.editor, "half a thought")
    v.flush_draft()
    assert capture.list_notes(workspace, setup.event_id, all_sessions=True)[0].author == login
    assert capture.load_draft(workspace, setup.event_id, login) is not None

    # Answering: click the name field, type, Enter.
    qtbot.mouseClick(v.author_edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(v.author_edit, "Rosa Writer")
    qtbot.keyClick(v.author_edit, Qt.Key.Key_Return)
    assert v.author == "Rosa Writer"
    assert settings().value(AUTHOR_KEY) == "Rosa Writer"
    assert not bar.isVisible()
    assert v.editor.hasFocus()
    # what was captured before the answer is the note-taker's, and so is the draft
    assert [n.author for n in capture.list_notes(workspace, setup.event_id, all_sessions=True)] == [
        "Rosa Writer"
    ]
    assert capture.load_draft(workspace, setup.event_id, login) is None
    draft = capture.load_draft(workspace, setup.event_id, "Rosa Writer")
    assert draft is not None
    assert draft.text == "half a thought"
    qtbot.keyClick(v.editor, Qt.Key.Key_Return)
    assert {n.author for n in capture.list_notes(workspace, setup.event_id, all_sessions=True)} == {
        "Rosa Writer"
    }

    # The next start takes the name from the settings and asks nothing.
    v.set_event(None)
    again = make_view(workspace, qtbot, setup.event_id)
    assert again.author == "Rosa Writer"
    again_bar = again.findChild(QWidget, "captureAuthorBar")
    assert again_bar is not None
    assert not again_bar.isVisible()
    # Changing the name later: the bar opens with the name; Esc keeps it.
    again.ask_author()
    assert again_bar.isVisible()
    assert again.author_edit.hasFocus()
    qtbot.keyClicks(again.author_edit, "Someone Else")
    qtbot.keyClick(again.author_edit, Qt.Key.Key_Escape)
    assert again.author == "Rosa Writer"
    assert not again_bar.isVisible()
    assert again.editor.hasFocus()
    settings().remove(AUTHOR_KEY)


def test_keys_sent_to_the_page_itself_reach_the_text_box(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    # What automation (or an accessibility tool) does: type at the page found by name.
    page = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "captureView")
    assert page is view
    qtbot.keyClicks(page, "Sent to the page")
    assert view.editor.toPlainText() == "Sent to the page"
    qtbot.keyClick(page, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(page, Qt.Key.Key_1, ALT)
    qtbot.keyClick(page, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClicks(page, "second line")
    qtbot.keyClick(page, Qt.Key.Key_Return)
    notes = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert [(n.text, n.kind, n.theme_ids) for n in notes] == [
        ("Sent to the page\nsecond line", "quote", (setup.themes[0],))
    ]
    assert view.editor.toPlainText() == ""


def test_kind_and_theme_keys_work_when_the_window_is_not_active(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    # Under a bare X server no window manager activates the window, so Qt runs no
    # shortcuts; the keys still reach the page and must still do their job.
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=2000)
    qtbot.keyClicks(view.editor, "Inactive window")
    qtbot.keyClick(view.editor, Qt.Key.Key_4, CTRL)
    assert view.kind.value == "threat"
    qtbot.keyClick(view, Qt.Key.Key_9, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_9, CTRL)
    assert view.kind.value == "resource"
    qtbot.keyClick(view.editor, Qt.Key.Key_4, CTRL)
    qtbot.keyClick(view.editor, Qt.Key.Key_3, ALT)
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    notes = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert [(n.text, n.kind, n.theme_ids) for n in notes] == [
        ("Inactive window", "threat", (setup.themes[2],))
    ]


def test_enter_in_a_form_field_saves_once(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    # A line edit passes Enter on to its parents after acting on it: the page must
    # not take that Enter as a second one typed in the text box.
    qtbot.keyClicks(view.editor, "Edmonton's hub")
    qtbot.keyClick(view.editor, Qt.Key.Key_3, CTRL)
    qtbot.keyClick(view.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Edmonton hub")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    notes = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])
    assert [(n.text, n.kind) for n in notes] == [("Edmonton's hub", "case_study")]
    assert "Type a note first" not in view.findChild(QWidget, "captureStatus").text()
