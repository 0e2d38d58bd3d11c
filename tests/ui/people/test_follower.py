"""A workspace-wide page (the people directory) follows changes of every event."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations, Page, PageFollower


def test_every_event_follower_hears_changes_of_any_event(
    qtbot: object, workspace: Workspace
) -> None:
    ops = Operations(workspace)
    page = QWidget()
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.show()
    wide: list[Changes] = []
    narrow: list[Changes] = []
    PageFollower(page, ops, [Part.PEOPLE, Part.PARTICIPANTS], wide.append, every_event=True)
    follower = PageFollower(page, ops, [Part.PEOPLE, Part.PARTICIPANTS], narrow.append)
    follower.set_event("e1")
    ops.announce(Changes.of("e2", Part.PARTICIPANTS))
    ops.announce(Changes.of("e1", Part.NOTES))
    ops.announce(Changes.of(None, Part.PEOPLE))
    assert wide == [Changes.of("e2", Part.PARTICIPANTS), Changes.of(None, Part.PEOPLE)]
    # the default follower still hears only its own event (and workspace-wide changes)
    assert narrow == [Changes.of(None, Part.PEOPLE)]


def test_people_page_name() -> None:
    assert Page.PEOPLE == "people"
