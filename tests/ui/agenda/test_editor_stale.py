"""The session editor when someone else saved the session after it opened.

The save is refused (nothing reverted silently) and the person chooses with a
real click: Reload shows theirs in the editor, Apply my change on top writes
only the title they changed, keeping the other person's speaker and
description. Undo takes back only that title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import agenda
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.editor import SessionEditorDialog
from workshop_planner.ui.agenda.view import AgendaView
from workshop_planner.ui.stale_edit import StaleEditBox

LEFT = Qt.MouseButton.LeftButton

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def when_modal(kind: type, act: Callable[[object], None], seen: list[object]) -> None:
    """Run ``act`` on the next modal widget of ``kind`` once it shows (from the event loop)."""

    def go() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind):
            QTimer.singleShot(20, go)
            return
        seen.append(widget)
        act(widget)

    QTimer.singleShot(0, go)


def click(button: Callable[[StaleEditBox], QPushButton]) -> Callable[[object], None]:
    def act(box: object) -> None:
        assert isinstance(box, StaleEditBox)
        QTest.mouseClick(button(box), LEFT)

    return act


@pytest.fixture
def opened(
    qtbot: QtBot, view: AgendaView, workspace: Workspace, factory: Factory, event: m.Event
) -> tuple[SessionEditorDialog, m.Session, m.Person]:
    """My editor is open on the keynote; then someone else adds a speaker and a description."""
    session = factory.session(event, title="Opening keynote")
    speaker = factory.person(full_name="Ana Speaker")
    view.refresh()
    dialog = view.editor_for(session.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    base = agenda.get_session(workspace, session.id)
    theirs = replace(
        base.to_data(), description="Why cities lead.", people=((speaker.id, "speaker"),)
    )
    agenda.update_session(workspace, session.id, theirs, base=base.to_data(), version=base.version)
    # I change the title in my (now stale) editor
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Mayors first")
    return dialog, session, speaker


def test_apply_on_top_keeps_their_speaker_and_description(
    view: AgendaView,
    workspace: Workspace,
    undo_stack: QUndoStack,
    opened: tuple[SessionEditorDialog, m.Session, m.Person],
    errors: list[str],
) -> None:
    dialog, session, speaker = opened
    seen: list[object] = []
    when_modal(StaleEditBox, click(lambda box: box.on_top_button), seen)
    assert view.apply_edit(session.id, dialog.session_data(), dialog.base)

    assert len(seen) == 1
    assert isinstance(seen[0], StaleEditBox)
    assert seen[0].text() == (
        "This session was changed elsewhere since you opened it "
        "(description edited, speaker added)."
    )
    saved = agenda.get_session(workspace, session.id)
    assert saved.title == "Mayors first"
    assert saved.description == "Why cities lead."
    assert [(p.person_id, p.role) for p in saved.people] == [(speaker.id, "speaker")]
    assert view.session_model.index(0, 2).data() == "Mayors first"

    undo_stack.undo()  # only my title goes back
    undone = agenda.get_session(workspace, session.id)
    assert undone.title == "Opening keynote"
    assert undone.description == "Why cities lead."
    assert len(undone.people) == 1
    undo_stack.redo()
    assert agenda.get_session(workspace, session.id).title == "Mayors first"


def test_reload_discards_mine_and_shows_theirs_in_the_editor(
    view: AgendaView,
    workspace: Workspace,
    opened: tuple[SessionEditorDialog, m.Session, m.Person],
) -> None:
    dialog, session, _speaker = opened
    seen: list[object] = []
    shown: list[tuple[str, str]] = []

    def close_editor(editor: object) -> None:
        assert isinstance(editor, SessionEditorDialog)
        shown.append((editor.title.text(), editor.description.toPlainText()))
        cancel = editor.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        QTest.mouseClick(cancel, LEFT)

    when_modal(StaleEditBox, click(lambda box: box.reload_button), seen)
    QTimer.singleShot(0, lambda: when_modal(SessionEditorDialog, close_editor, seen))
    assert not view.apply_edit(session.id, dialog.session_data(), dialog.base)

    assert shown == [("Opening keynote", "Why cities lead.")]  # the editor again, with theirs
    current = agenda.get_session(workspace, session.id)
    assert current.title == "Opening keynote"  # mine was discarded
    assert current.description == "Why cities lead."
