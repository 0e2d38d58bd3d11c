"""Undo commands for the agenda: each one calls the agenda services.

The view carries out an edit first (so a refused edit never reaches the
stack) and then pushes a command marked as done; the stack's first
``redo()`` is therefore skipped, and later undo/redo call the services again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QUndoCommand

from workshop_planner.services import agenda
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.style import tr


class AgendaContext:
    """What commands need: the workspace and how to tell the view what changed."""

    def __init__(
        self,
        workspace: Workspace,
        changed: Callable[[str | None], None],
        failed: Callable[[str], None],
    ) -> None:
        self.workspace = workspace
        #: refresh the agenda, selecting the given session
        self.changed = changed
        #: show a one-sentence error
        self.failed = failed


class _AgendaCommand(QUndoCommand):
    def __init__(self, context: AgendaContext, text: str) -> None:
        super().__init__(text)
        self._context = context
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, action: Callable[[], str | None]) -> None:
        try:
            selected = action()
        except ServiceError as exc:
            self.setObsolete(True)
            self._context.failed(str(exc))
            self._context.changed(None)
            return
        self._context.changed(selected)

    def _redo(self) -> str | None:
        raise NotImplementedError

    def _undo(self) -> str | None:
        raise NotImplementedError


class CreateSessionCommand(_AgendaCommand):
    """A session was created; undo deletes it, redo brings it back with its id."""

    def __init__(self, context: AgendaContext, created: agenda.SessionInfo) -> None:
        super().__init__(context, tr("Create “{title}”").format(title=created.title))
        self._event_id = created.event_id
        self._session_id = created.id
        self._deleted: agenda.DeletedSession | None = None

    def _undo(self) -> str | None:
        self._deleted = agenda.delete_session(self._context.workspace, self._session_id)
        return None

    def _redo(self) -> str | None:
        assert self._deleted is not None
        return agenda.restore_session(self._context.workspace, self._deleted).id


class MoveSessionCommand(_AgendaCommand):
    """A session's start and end changed (moved or resized)."""

    def __init__(
        self,
        context: AgendaContext,
        session: agenda.SessionInfo,
        start: datetime,
        end: datetime,
        text: str | None = None,
    ) -> None:
        super().__init__(context, text or tr("Move “{title}”").format(title=session.title))
        self._session_id = session.id
        self._old = (session.start, session.end)
        self._new = (start, end)

    def _undo(self) -> str | None:
        return agenda.move_session(self._context.workspace, self._session_id, *self._old).id

    def _redo(self) -> str | None:
        return agenda.move_session(self._context.workspace, self._session_id, *self._new).id


class EditSessionCommand(_AgendaCommand):
    """Everything the editor edits, replaced in one step."""

    def __init__(
        self, context: AgendaContext, before: agenda.SessionInfo, after: agenda.SessionData
    ) -> None:
        super().__init__(context, tr("Edit “{title}”").format(title=after.title))
        self._session_id = before.id
        self._old = before.to_data()
        self._new = after

    def _undo(self) -> str | None:
        return agenda.update_session(self._context.workspace, self._session_id, self._old).id

    def _redo(self) -> str | None:
        return agenda.update_session(self._context.workspace, self._session_id, self._new).id


class DeleteSessionCommand(_AgendaCommand):
    """A session was deleted; undo restores it with its people, field visit and notes."""

    def __init__(self, context: AgendaContext, deleted: agenda.DeletedSession) -> None:
        super().__init__(context, tr("Delete “{title}”").format(title=deleted.data.title))
        self._deleted = deleted

    def _undo(self) -> str | None:
        return agenda.restore_session(self._context.workspace, self._deleted).id

    def _redo(self) -> str | None:
        self._deleted = agenda.delete_session(self._context.workspace, self._deleted.id)
        return None
