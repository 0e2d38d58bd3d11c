"""Undo commands for the agenda: each one calls the agenda services.

They are :class:`~workshop_planner.ui.operations.UndoCommand` s made on the
Agenda page; the view hands them to :meth:`Operations.push`, which applies
them (a refused edit never reaches the stack) and announces the agenda
changed, as undo and redo do.
"""

from __future__ import annotations

from datetime import datetime

from workshop_planner.services import agenda
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import StaleEditError
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.style import tr
from workshop_planner.ui.operations import Page, UndoCommand


class _AgendaEdit(UndoCommand):
    def __init__(self, workspace: Workspace, event_id: str, session_id: str, text: str) -> None:
        super().__init__(text, event_id=event_id, page=Page.AGENDA)
        self.workspace = workspace
        self.eid = event_id
        #: the session edited (a created one's id is known once applied)
        self.session_id = session_id

    @property
    def changes(self) -> Changes:
        # only this session changed: the agenda updates its row and its conflicts
        return Changes.of_sessions(self.eid, {self.session_id})


class CreateSessionCommand(_AgendaEdit):
    """Create a session; undo deletes it, redo brings it back with its id."""

    def __init__(self, workspace: Workspace, event_id: str, data: agenda.SessionData) -> None:
        super().__init__(workspace, event_id, "", tr("Create “{title}”").format(title=data.title))
        self.data = data
        self.created: agenda.SessionInfo | None = None
        self._deleted: agenda.DeletedSession | None = None

    def apply(self) -> Changes:
        self.created = agenda.create_session(self.workspace, self.eid, self.data)
        self.session_id = self.created.id
        return self.changes

    def revert(self) -> Changes:
        self._deleted = agenda.delete_session(self.workspace, self.session_id)
        return self.changes

    def reapply(self) -> Changes:
        assert self._deleted is not None
        agenda.restore_session(self.workspace, self._deleted)
        return self.changes


class MoveSessionCommand(_AgendaEdit):
    """A session's start and end changed (moved or resized)."""

    def __init__(
        self,
        workspace: Workspace,
        session: agenda.SessionInfo,
        start: datetime,
        end: datetime,
        text: str | None = None,
    ) -> None:
        super().__init__(
            workspace,
            session.event_id,
            session.id,
            text or tr("Move “{title}”").format(title=session.title),
        )
        self._old = (session.start, session.end)
        self._new = (start, end)

    def apply(self) -> Changes:
        agenda.move_session(self.workspace, self.session_id, *self._new)
        return self.changes

    def revert(self) -> Changes:
        agenda.move_session(self.workspace, self.session_id, *self._old)
        return self.changes


class EditSessionCommand(_AgendaEdit):
    """The session editor's changes: only the fields it changed from what it showed.

    ``before`` is the session as it is when saving, ``base`` the one the editor
    showed (default: ``before``) and ``version`` the version the edit is based
    on (default: ``base``'s). A session changed since is refused
    (:class:`StaleEditError`, kept in :attr:`stale`); applying the change on
    top is the same command with the version the refusal reported. Undo and
    redo re-read the session and touch only the fields this edit changed.
    """

    def __init__(
        self,
        workspace: Workspace,
        before: agenda.SessionInfo,
        after: agenda.SessionData,
        *,
        base: agenda.SessionInfo | None = None,
        version: int | None = None,
    ) -> None:
        super().__init__(
            workspace, before.event_id, before.id, tr("Edit “{title}”").format(title=after.title)
        )
        base = base or before
        self._base = base.to_data()
        self._version = base.version if version is None else version
        self._old = before.to_data()
        self._new = after
        #: the refusal, when the session changed since the editor opened it
        self.stale: StaleEditError | None = None

    @property
    def is_empty(self) -> bool:
        """The editor changed nothing."""
        return agenda.normalised(self._new) == agenda.normalised(self._base)

    def apply(self) -> Changes:
        try:
            saved = agenda.update_session(
                self.workspace, self.session_id, self._new, base=self._base, version=self._version
            )
        except StaleEditError as exc:
            self.stale = exc
            raise
        self._new = saved.to_data()
        return self.changes

    def revert(self) -> Changes:
        agenda.update_session(self.workspace, self.session_id, self._old, base=self._new)
        return self.changes

    def reapply(self) -> Changes:
        agenda.update_session(self.workspace, self.session_id, self._new, base=self._old)
        return self.changes


class DeleteSessionCommand(_AgendaEdit):
    """Delete a session; undo restores it with its people, field visit and notes."""

    def __init__(self, workspace: Workspace, session: agenda.SessionInfo) -> None:
        super().__init__(
            workspace,
            session.event_id,
            session.id,
            tr("Delete “{title}”").format(title=session.title),
        )
        self.deleted: agenda.DeletedSession | None = None

    @property
    def changes(self) -> Changes:
        return Changes.of_sessions(self.eid, {self.session_id}, Part.NOTES)

    def apply(self) -> Changes:
        self.deleted = agenda.delete_session(self.workspace, self.session_id)
        return self.changes

    def revert(self) -> Changes:
        assert self.deleted is not None
        agenda.restore_session(self.workspace, self.deleted)
        return self.changes
