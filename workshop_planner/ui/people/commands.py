"""Undoable edits of the people directory: each calls one service, never a widget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workshop_planner.services import people as ps
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import StaleEditError
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Page, UndoCommand

#: what an edit of a person's own fields changes: the directory (names, titles and
#: consent print in every event's participants, agenda and report)
PERSON_CHANGES = Changes.of(None, Part.PEOPLE)
#: what a merge or an erasure changes: participations, session roles and quotes move or go
RECORD_CHANGES = Changes.of(None, Part.PEOPLE, Part.PARTICIPANTS, Part.AGENDA, Part.NOTES)


class EditPersonCommand(UndoCommand):
    """Change some of a person's fields (``before`` holds their values to undo to).

    ``version`` is the version of the person the form showed: if they changed
    since, the edit is refused (:class:`StaleEditError`, kept in :attr:`stale`).
    Undo and redo write their fields without a check.
    """

    def __init__(
        self,
        workspace: Workspace,
        person_id: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        *,
        changed_by: str,
        text: str,
        version: int | None = None,
    ) -> None:
        super().__init__(text, event_id=None, page=Page.PEOPLE)
        self.ws = workspace
        self.person_id = person_id
        self.before = dict(before)
        self.after = dict(after)
        self.changed_by = changed_by
        self._version = version
        #: the person as the last step left them
        self.person: ps.PersonInfo | None = None
        #: the refusal, when the person changed since the form showed them
        self.stale: StaleEditError | None = None

    def apply(self) -> Changes:
        try:
            self.person = ps.update_person(
                self.ws,
                self.person_id,
                self.after,
                changed_by=self.changed_by,
                version=self._version,
            )
        except StaleEditError as exc:
            self.stale = exc
            raise
        return PERSON_CHANGES

    def reapply(self) -> Changes:
        self.person = ps.update_person(
            self.ws, self.person_id, self.after, changed_by=self.changed_by
        )
        return PERSON_CHANGES

    def revert(self) -> Changes:
        self.person = ps.update_person(
            self.ws, self.person_id, self.before, changed_by=self.changed_by
        )
        return PERSON_CHANGES

    def fallback_changes(self) -> Changes:
        return PERSON_CHANGES


class MergePeopleCommand(UndoCommand):
    """Merge ``remove_id`` into ``keep_id`` (their participations, roles and quotes follow)."""

    def __init__(self, workspace: Workspace, keep_id: str, remove_id: str, *, text: str) -> None:
        super().__init__(text, event_id=None, page=Page.PEOPLE)
        self.ws = workspace
        self.keep_id = keep_id
        self.remove_id = remove_id
        self.result: ps.MergeResult | None = None

    def apply(self) -> Changes:
        self.result = ps.merge_people(self.ws, self.keep_id, self.remove_id)
        return RECORD_CHANGES

    def revert(self) -> Changes:
        assert self.result is not None
        ps.undo_merge(self.ws, self.result)
        self.result = None
        return RECORD_CHANGES

    def fallback_changes(self) -> Changes:
        return RECORD_CHANGES


class ErasePersonCommand(UndoCommand):
    """Erase a person from the workspace; undo brings them back while the app runs."""

    def __init__(self, workspace: Workspace, person_id: str, *, text: str) -> None:
        super().__init__(text, event_id=None, page=Page.PEOPLE)
        self.ws = workspace
        self.person_id = person_id
        self.erasure: ps.Erasure | None = None

    def apply(self) -> Changes:
        self.erasure = ps.erase_person(self.ws, self.person_id)
        return RECORD_CHANGES

    def revert(self) -> Changes:
        assert self.erasure is not None
        person = ps.undo_erase(self.ws, self.erasure)
        self.person_id = person.id
        self.erasure = None
        return RECORD_CHANGES

    def fallback_changes(self) -> Changes:
        return RECORD_CHANGES
