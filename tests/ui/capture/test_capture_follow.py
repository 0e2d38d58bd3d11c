"""The capture page follows the change channel (issue 8).

Other pages change the workspace through services and announce what changed;
the capture page shows the new sessions, speakers, themes, title and notes
without losing what is in the composer or the selected session — at once when
shown, once when next shown when hidden. Its own edits, their undo and redo
reach it the same way.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import AUTHOR, CaptureSetup
from workshop_planner.services import agenda, capture
from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.commands import AddNoteCommand
from workshop_planner.ui.capture.view import CaptureView
from workshop_planner.ui.operations import Page

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _compose(qtbot: QtBot, view: CaptureView) -> None:
    """A quote half typed, with a theme and a speaker: what must survive a refresh."""
    qtbot.keyClick(view.editor, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(view.editor, Qt.Key.Key_1, ALT)
    qtbot.keyClicks(view.editor, "Half a quote")
    view.quote_form.speaker.setText("Ada Nowak")


def _composer_kept(view: CaptureView, setup: CaptureSetup) -> None:
    assert view.editor.toPlainText() == "Half a quote"
    assert view.kind.value == "quote"
    assert view.theme_ids == [setup.themes[0]]
    assert view.quote_form.speaker.text() == "Ada Nowak"
    assert view.session_id == setup.sessions[1]


def test_new_session_speaker_theme_and_title_show_without_losing_the_composer(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup, factory: Any
) -> None:
    _compose(qtbot, view)
    ops = view.operations
    agenda.create_session(
        workspace,
        setup.event_id,
        agenda.SessionData(
            "Added on the agenda", "panel", datetime(2023, 6, 16, 11), datetime(2023, 6, 16, 12)
        ),
    )
    ops.announce(Changes.of(setup.event_id, Part.AGENDA))
    titles = [s.title for s in view.sessions_model.sessions()]
    assert "Added on the agenda" in titles
    assert view.session_combo.currentIndex() == view.sessions_model.row_of(setup.sessions[1])

    ps.create_participant(
        workspace, setup.event_id, ps.NewPerson("Carla Diaz", country="CO", consent_to_name=True)
    )
    ops.announce(Changes.of(setup.event_id, Part.PARTICIPANTS, Part.PEOPLE))
    assert view.speakers_model.find_by_name("Carla Diaz") is not None

    factory.theme(SimpleNamespace(id=setup.event_id), position=4, title="Housing")
    ops.announce(Changes.of(setup.event_id, Part.THEMES))
    assert [b.text() for b in view.theme_buttons][-1] == "4 Housing"
    assert view.theme_buttons[0].isChecked()

    ee.update_event(workspace, setup.event_id, {"title": "Renamed on Overview"})
    ops.announce(Changes.of(setup.event_id, Part.EVENT))
    title = view.findChild(QWidget, "captureTitle")
    assert title is not None
    assert title.text() == "Renamed on Overview"  # type: ignore[attr-defined]

    _composer_kept(view, setup)
    assert view.editor.hasFocus()
    # and the note saves with everything the composer held
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    note = capture.list_notes(workspace, setup.event_id, session_id=setup.sessions[1])[0]
    assert (note.text, note.kind, note.theme_ids) == ("Half a quote", "quote", (setup.themes[0],))


def test_a_hidden_page_catches_up_once_when_shown(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    _compose(qtbot, view)
    view.hide()
    for title in ("First added", "Second added"):
        agenda.create_session(
            workspace,
            setup.event_id,
            agenda.SessionData(
                title, "panel", datetime(2023, 6, 16, 11), datetime(2023, 6, 16, 12)
            ),
        )
        view.operations.announce(Changes.of(setup.event_id, Part.AGENDA))
    # hidden: nothing read yet, both changes wait for the page to be shown
    assert view.follower.dirty
    assert "First added" not in [s.title for s in view.sessions_model.sessions()]
    view.show()
    qtbot.waitExposed(view)
    assert not view.follower.dirty
    titles = [s.title for s in view.sessions_model.sessions()]
    assert {"First added", "Second added"} <= set(titles)
    _composer_kept(view, setup)


def test_notes_added_elsewhere_and_other_events_changes(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup, factory: Any
) -> None:
    _compose(qtbot, view)
    capture.add_note(
        workspace,
        setup.event_id,
        kind="need",
        text="From another laptop",
        author="Someone",
        session_id=setup.sessions[1],
        clear_draft=False,
    )
    other = factory.event(title="Another convening")
    # a change of another event is not this page's business
    view.operations.announce(Changes.of(other.id, Part.NOTES))
    assert view.notes_model.rowCount() == 0
    view.operations.announce(Changes.of(setup.event_id, Part.NOTES))
    assert [n.text for n in view.notes_model.notes()] == ["From another laptop"]
    _composer_kept(view, setup)


def test_a_removed_session_moves_the_draft_to_the_first_session(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    _compose(qtbot, view)
    agenda.delete_session(workspace, setup.sessions[1])
    view.operations.announce(Changes.of(setup.event_id, Part.AGENDA))
    assert view.session_id == setup.sessions[0]
    assert view.editor.toPlainText() == "Half a quote"
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert (draft.text, draft.session_id) == ("Half a quote", setup.sessions[0])


def test_note_commands_are_undo_commands_of_the_capture_page(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    seen: list[Changes] = []
    view.operations.changed.connect(seen.append)
    qtbot.keyClicks(view.editor, "Announced")
    qtbot.keyClick(view.editor, Qt.Key.Key_Return)
    command = view.operations.undo_stack.command(0)
    assert isinstance(command, AddNoteCommand)
    assert (command.event_id, command.page) == (setup.event_id, Page.CAPTURE)
    assert seen == [Changes.of(setup.event_id, Part.NOTES)]
    # a second page on the same channel (another window's capture page) follows
    follower_view = CaptureView(view.operations)
    qtbot.addWidget(follower_view)
    follower_view.clock = view.clock
    follower_view.show()
    follower_view.set_event(setup.event_id)
    assert [n.text for n in follower_view.notes_model.notes()] == ["Announced"]
    view.operations.undo_stack.undo()
    assert follower_view.notes_model.rowCount() == 0
    assert view.notes_model.rowCount() == 0
    view.operations.undo_stack.redo()
    assert [n.text for n in follower_view.notes_model.notes()] == ["Announced"]
    assert [n.text for n in view.notes_model.notes()] == ["Announced"]
    follower_view.set_event(None)


def test_a_removed_theme_leaves_the_composer_and_its_draft(
    qtbot: QtBot, view: CaptureView, workspace: Workspace, setup: CaptureSetup
) -> None:
    from workshop_planner.domain import models as m

    _compose(qtbot, view)
    qtbot.keyClick(view.editor, Qt.Key.Key_3, ALT)
    assert view.theme_ids == [setup.themes[0], setup.themes[2]]
    view.flush_draft()
    with workspace.transaction() as db:
        theme = db.get(m.Theme, setup.themes[0])
        assert theme is not None
        db.delete(theme)
    view.operations.announce(Changes.of(setup.event_id, Part.THEMES))
    assert view.theme_ids == [setup.themes[2]]
    assert [b.text() for b in view.theme_buttons] == ["1 Climate Resilience", "2 Social Cohesion"]
    assert view.theme_buttons[1].isChecked()
    assert view.editor.toPlainText() == "Half a quote"
    with qtbot.waitSignal(view.draftSaved, timeout=2000):
        pass
    draft = capture.load_draft(workspace, setup.event_id, AUTHOR)
    assert draft is not None
    assert draft.extra.get("theme_ids") == [setup.themes[2]]
