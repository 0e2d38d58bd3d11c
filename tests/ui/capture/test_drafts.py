"""The draft keeper on its own: no widget, a state held in a plain variable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import CaptureSetup
from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.drafts import (
    DRAFT_MAX_DELAY_MS,
    DraftKeeper,
    DraftState,
    extra_has_content,
)

WHEN = datetime(2023, 6, 15, 8, 20, tzinfo=UTC)


class Typing:
    """What a composer would hold."""

    def __init__(self, session_id: str | None) -> None:
        self.state = DraftState(session_id, "observation", "")

    def type(self, text: str) -> None:
        self.state = DraftState(self.state.session_id, self.state.kind, self.state.text + text)

    def __call__(self) -> DraftState:
        return self.state


@pytest.fixture
def typing(setup: CaptureSetup) -> Typing:
    return Typing(setup.sessions[1])


@pytest.fixture
def keeper(qtbot: QtBot, workspace: Workspace, setup: CaptureSetup, typing: Typing) -> DraftKeeper:
    k = DraftKeeper(workspace, typing, clock=lambda: WHEN)
    k.bind(setup.event_id, "Nora")
    return k


def test_state_emptiness_ignores_themes_and_attribution() -> None:
    assert DraftState(None, "observation", "").is_empty
    assert DraftState(None, "quote", "", {"theme_ids": ["t1"]}).is_empty
    assert DraftState(None, "quote", "", {"quote": {"attribution": "named"}}).is_empty
    assert not DraftState(None, "quote", "", {"quote": {"name": "Ada"}}).is_empty
    assert not DraftState(None, "observation", "x").is_empty
    assert extra_has_content({"case_study": {"title": "Hub"}})


def test_flush_writes_only_what_changed(
    keeper: DraftKeeper, typing: Typing, workspace: Workspace, setup: CaptureSetup
) -> None:
    saved: list[object] = []
    keeper.saved.connect(saved.append)
    typing.type("Half a thought")
    assert keeper.flush()
    draft = capture.load_draft(workspace, setup.event_id, "Nora")
    assert draft is not None
    assert (draft.text, draft.session_id) == ("Half a thought", setup.sessions[1])
    assert keeper.has_row
    assert saved == [WHEN]
    assert keeper.flush()  # nothing new: nothing written
    assert saved == [WHEN]
    typing.state = DraftState(setup.sessions[1], "observation", "")
    assert keeper.flush()  # emptied: the row goes
    assert capture.load_draft(workspace, setup.event_id, "Nora") is None
    assert not keeper.has_row


def test_typing_is_written_after_the_debounce(
    qtbot: QtBot, keeper: DraftKeeper, typing: Typing, workspace: Workspace, setup: CaptureSetup
) -> None:
    typing.type("a")
    keeper.mark_dirty()
    assert keeper.pending
    assert capture.load_draft(workspace, setup.event_id, "Nora") is None
    with qtbot.waitSignal(keeper.saved, timeout=2000):
        pass
    draft = capture.load_draft(workspace, setup.event_id, "Nora")
    assert draft is not None
    assert draft.text == "a"


def test_steady_typing_is_written_at_least_every_max_delay(
    qtbot: QtBot, keeper: DraftKeeper, typing: Typing, workspace: Workspace, setup: CaptureSetup
) -> None:
    # keystrokes every 100 ms keep restarting the debounce; the maximum still writes
    writes: list[object] = []
    keeper.saved.connect(writes.append)
    for _ in range(12):
        typing.type("x")
        keeper.mark_dirty()
        qtbot.wait(100)
    assert writes, f"nothing written in 1.2 s of typing (maximum {DRAFT_MAX_DELAY_MS} ms)"


def test_paused_changes_are_not_typing(
    qtbot: QtBot, keeper: DraftKeeper, typing: Typing, workspace: Workspace, setup: CaptureSetup
) -> None:
    with keeper.paused():
        typing.type("restored")
        keeper.mark_dirty()
        assert not keeper.pending
        assert keeper.flush()  # refused quietly while paused
    assert capture.load_draft(workspace, setup.event_id, "Nora") is None
    keeper.restored()  # the composer holds what the workspace holds
    assert keeper.saved_state == typing.state
    assert keeper.flush()
    assert capture.load_draft(workspace, setup.event_id, "Nora") is None


def test_load_clear_and_a_saved_note(
    keeper: DraftKeeper, typing: Typing, workspace: Workspace, setup: CaptureSetup
) -> None:
    capture.save_draft(workspace, setup.event_id, "Nora", setup.sessions[0], "need", "Left")
    draft = keeper.load()
    assert draft is not None
    assert (draft.text, draft.kind) == ("Left", "need")
    assert keeper.has_row
    keeper.clear()
    assert capture.load_draft(workspace, setup.event_id, "Nora") is None
    assert not keeper.has_row
    # a note saved with the service clears the row in its own commit
    typing.type("A note")
    keeper.flush()
    capture.add_note(workspace, setup.event_id, kind="observation", text="A note", author="Nora")
    typing.state = DraftState(setup.sessions[1], "observation", "")
    keeper.note_saved()
    assert not keeper.has_row
    assert keeper.flush()
    assert capture.load_draft(workspace, setup.event_id, "Nora") is None


def test_unbound_or_gone_event(
    keeper: DraftKeeper, typing: Typing, workspace: Workspace, setup: CaptureSetup
) -> None:
    failures: list[str] = []
    keeper.failed.connect(failures.append)
    keeper.bind(None, None)
    typing.type("Nowhere to go")
    keeper.mark_dirty()
    assert not keeper.pending
    assert keeper.flush()
    keeper.bind("no-such-event", "Nora")
    assert not keeper.flush()
    assert len(failures) == 1
    assert "no longer exists" in failures[0]
