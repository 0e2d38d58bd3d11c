"""The change channel: commands announce what changed; pages refresh when visible."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations, Page, PageFollower, UndoCommand


class _Counter(UndoCommand):
    def __init__(self, box: list[int], *, fail_on: str = "") -> None:
        super().__init__("Count", event_id="e1", page=Page.AGENDA)
        self.box, self.fail_on = box, fail_on

    def apply(self) -> Changes:
        if self.fail_on == "apply":
            raise ServiceError("No.")
        self.box[0] += 1
        return Changes.of("e1", Part.AGENDA)

    def revert(self) -> Changes:
        if self.fail_on == "revert":
            raise ServiceError("Changed elsewhere.")
        self.box[0] -= 1
        return Changes.of("e1", Part.AGENDA)


def test_changes_touch_only_their_event_and_parts() -> None:
    agenda = Changes.of("e1", Part.AGENDA)
    assert agenda.touches("e1", [Part.AGENDA, Part.NOTES])
    assert not agenda.touches("e2", [Part.AGENDA])
    assert not agenda.touches("e1", [Part.NOTES])
    assert Changes.of(None, Part.PEOPLE).touches("e2", [Part.PEOPLE])
    assert Changes.of("e1", Part.EVENTS).touches("e2", [Part.EVENTS])
    merged = agenda | Changes.of("e1", Part.NOTES)
    assert merged == Changes.of("e1", Part.AGENDA, Part.NOTES)
    assert (agenda | Changes.of("e2", Part.NOTES)).event_id is None
    assert (Changes(None) | agenda).event_id == "e1"


def test_push_undo_redo_announce_through_one_signal(qtbot: object, workspace: Workspace) -> None:
    ops = Operations(workspace)
    seen: list[Changes] = []
    ops.changed.connect(seen.append)
    box = [0]
    command = _Counter(box)
    assert ops.push(command)
    assert box == [1]
    assert len(seen) == 1
    ops.undo_stack.undo()
    assert box == [0]
    assert len(seen) == 2
    ops.undo_stack.redo()
    assert box == [1]
    assert len(seen) == 3
    assert command.event_id == "e1"
    assert command.page is Page.AGENDA


def test_refused_edit_is_not_pushed(qtbot: object, workspace: Workspace) -> None:
    ops = Operations(workspace)
    errors: list[str] = []
    ops.failed.connect(errors.append)
    assert not ops.push(_Counter([0], fail_on="apply"))
    assert errors == ["No."]
    assert ops.undo_stack.count() == 0


def test_failed_undo_reports_and_rereads(qtbot: object, workspace: Workspace) -> None:
    ops = Operations(workspace)
    errors: list[str] = []
    seen: list[Changes] = []
    ops.failed.connect(errors.append)
    ops.changed.connect(seen.append)
    ops.push(_Counter([0], fail_on="revert"))
    ops.undo_stack.undo()
    assert errors == ["Changed elsewhere."]
    assert seen[-1] == Changes.everything("e1")


def test_hidden_page_refreshes_once_when_shown(qtbot: object, workspace: Workspace) -> None:
    ops = Operations(workspace)
    page = QWidget()
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    refreshed: list[Changes] = []
    follower = PageFollower(page, ops, [Part.AGENDA, Part.NOTES], refreshed.append)
    follower.set_event("e1")
    ops.announce(Changes.of("e1", Part.AGENDA))
    ops.announce(Changes.of("e1", Part.NOTES))
    ops.announce(Changes.of("e2", Part.NOTES))
    ops.announce(Changes.of("e1", Part.THEMES))
    assert refreshed == []
    assert follower.dirty
    page.show()
    assert refreshed == [Changes.of("e1", Part.AGENDA, Part.NOTES)]
    ops.announce(Changes.of("e1", Part.NOTES))
    assert refreshed[-1] == Changes.of("e1", Part.NOTES)
    assert len(refreshed) == 2
