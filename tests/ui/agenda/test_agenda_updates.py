"""An edit of one session updates its rows and conflicts, not the whole agenda.

Counted with the models' own signals: a keyboard move (and its undo) in an
agenda of many sessions neither resets the session list nor the conflict
list, and touches only the moved session's row and the rows whose conflicts
changed; the agenda shown still equals what a full reload shows.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import agenda
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.view import AgendaView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ALT = Qt.KeyboardModifier.AltModifier


def count_signals(model: QAbstractItemModel) -> Counter[str]:
    seen: Counter[str] = Counter()
    model.modelReset.connect(lambda: seen.update(["reset"]))
    model.rowsInserted.connect(lambda *_: seen.update(["inserted"]))
    model.rowsRemoved.connect(lambda *_: seen.update(["removed"]))
    model.dataChanged.connect(
        lambda top, bottom, *_: seen.update({"changed rows": bottom.row() - top.row() + 1})
    )
    return seen


def test_keyboard_move_and_undo_touch_only_the_affected_rows(
    qtbot: QtBot,
    view: AgendaView,
    workspace: Workspace,
    factory: Factory,
    event: m.Event,
    undo_stack: QUndoStack,
) -> None:
    # 40 sessions in 40 rooms, each an hour long: no conflicts …
    rows = [
        factory.session(
            event,
            title=f"Session {i:02}",
            location=f"Room {i}",
            start=datetime(2023, 6, 15, 8 + i % 10),
            end=datetime(2023, 6, 15, 9 + i % 10),
        )
        for i in range(40)
    ]
    # … but one session shares a room with the first one, right after it
    neighbour = factory.session(
        event,
        title="Neighbour",
        location="Room 0",
        start=datetime(2023, 6, 15, 9),
        end=datetime(2023, 6, 15, 10),
    )
    view.refresh()
    assert view.conflicts == []
    moved = rows[0]
    view.select_session(moved.id)
    sessions_seen = count_signals(view.session_model)
    conflicts_seen = count_signals(view.conflict_model)

    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Down, ALT)  # 08:15–09:15: clashes in Room 0
    assert agenda.get_session(workspace, moved.id).start == datetime(2023, 6, 15, 8, 15)
    assert len(view.conflicts) == 1
    assert set(view.conflicts[0].session_ids) == {moved.id, neighbour.id}
    # the moved row and the neighbour (its conflict count changed); nothing reset
    assert sessions_seen == Counter({"changed rows": 2})
    assert conflicts_seen == Counter({"inserted": 1})

    sessions_seen.clear()
    conflicts_seen.clear()
    undo_stack.undo()
    assert view.conflicts == []
    assert sessions_seen == Counter({"changed rows": 2})
    assert conflicts_seen == Counter({"removed": 1})

    # what is shown is what a full reload shows
    assert view.sessions == agenda.list_sessions(workspace, event.id)
    assert view.conflicts == agenda.agenda_conflicts(workspace, event.id)
    shown = [view.session_model.session_at(r) for r in range(view.session_model.rowCount())]
    assert sorted(shown, key=agenda.agenda_order) == view.sessions


def test_delete_and_restore_remove_and_insert_one_row(
    qtbot: QtBot, view: AgendaView, factory: Factory, event: m.Event, undo_stack: QUndoStack
) -> None:
    for i in range(10):
        factory.session(
            event,
            title=f"Session {i}",
            start=datetime(2023, 6, 15, 8 + i),
            end=datetime(2023, 6, 15, 9 + i),
        )
    view.refresh()
    doomed = view.sessions[3]
    view.select_session(doomed.id)
    seen = count_signals(view.session_model)
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Delete)
    assert seen == Counter({"removed": 1})
    assert view.session_model.row_of(doomed.id) == -1
    seen.clear()
    undo_stack.undo()
    assert seen == Counter({"inserted": 1})
    assert view.session_model.row_of(doomed.id) >= 0
    assert [s.id for s in view.sessions][3] == doomed.id


def test_a_repaint_replays_block_drawings_and_redraws_only_what_changed(
    view: AgendaView, factory: Factory, event: m.Event
) -> None:
    for i in range(5):
        factory.session(
            event,
            title=f"Session {i}",
            start=datetime(2023, 6, 15, 9 + i),
            end=datetime(2023, 6, 15, 10 + i),
        )
    view.refresh()
    view.grid.viewport().repaint()
    drawn = dict(view.grid._block_pictures)
    assert len(drawn) == 5
    view.grid.viewport().repaint()
    assert view.grid._block_pictures == drawn  # replayed, nothing drawn again
    view.select_session(view.sessions[0].id)
    view.grid.viewport().repaint()
    assert len(view.grid._block_pictures) == 6  # only the selected block, drawn selected
