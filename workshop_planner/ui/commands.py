"""Undo commands for the organiser's edits. Each calls services, never widgets.

Commands are *applied before they are pushed*: a view calls :func:`execute`,
which runs :meth:`ServiceCommand.apply` (so a service error is shown and
nothing lands on the stack) and then pushes the command, whose first
``redo`` only announces the change. Later undo/redo calls the services again.
Views learn about changes through the ``notify`` callable they pass in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace

log = logging.getLogger(__name__)

Notify = Callable[[], None]


class ServiceCommand(QUndoCommand):
    def __init__(self, text: str, notify: Notify | None = None) -> None:
        super().__init__(text)
        #: set by :func:`execute`: the first ``redo`` (from ``push``) must not apply again
        self._skip_redo = False
        self._notify = notify
        #: the last error undo/redo met (the object changed elsewhere meanwhile)
        self.error: str | None = None

    # subclasses implement these three
    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def reapply(self) -> None:
        self.apply()

    def redo(self) -> None:
        try:
            if self._skip_redo:
                self._skip_redo = False
            else:
                self.reapply()
        except ServiceError as exc:
            self._failed(exc)
        self._announce()

    def undo(self) -> None:
        try:
            self.revert()
        except ServiceError as exc:
            self._failed(exc)
        self._announce()

    def _failed(self, exc: ServiceError) -> None:
        self.error = str(exc)
        log.info("Undo/redo of %r could not be carried out: %s", self.text(), exc)
        self.setObsolete(True)

    def _announce(self) -> None:
        if self._notify is not None:
            self._notify()


def execute(stack: QUndoStack, command: ServiceCommand) -> str | None:
    """Apply ``command`` and push it; returns the error sentence if the service refused."""
    try:
        command.apply()
    except ServiceError as exc:
        return str(exc)
    command._skip_redo = True
    stack.push(command)
    return None


def push_applied(stack: QUndoStack, command: ServiceCommand) -> None:
    """Push a command whose change a service call (e.g. in a dialog) already made."""
    command._skip_redo = True
    stack.push(command)


# --- events ----------------------------------------------------------------------


class UpdateEventCommand(ServiceCommand):
    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        notify: Notify | None = None,
        text: str | None = None,
    ) -> None:
        super().__init__(text or _edit_text(new), notify)
        self.ws, self.event_id, self.old, self.new = workspace, event_id, dict(old), dict(new)

    def apply(self) -> None:
        ee.update_event(self.ws, self.event_id, self.new)

    def revert(self) -> None:
        ee.update_event(self.ws, self.event_id, self.old)


def _edit_text(changes: Mapping[str, Any]) -> str:
    names = ", ".join(name.replace("_", " ") for name in changes)
    return f"Edit {names}"


class CreateEventCommand(ServiceCommand):
    def __init__(
        self,
        workspace: Workspace,
        *,
        title: str,
        start_date: date,
        end_date: date,
        timezone: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(f"New event “{title}”", notify)
        self.ws = workspace
        self.values: dict[str, Any] = {
            "title": title,
            "start_date": start_date,
            "end_date": end_date,
            "timezone": timezone,
        }
        self.event_id: str | None = None

    def apply(self) -> None:
        created = ee.create_event(self.ws, event_id=self.event_id, **self.values)
        self.event_id = created.id

    def revert(self) -> None:
        assert self.event_id is not None
        ee.delete_event(self.ws, self.event_id)


class DuplicateEventCommand(ServiceCommand):
    def __init__(
        self,
        workspace: Workspace,
        source_id: str,
        *,
        start_date: date,
        title: str,
        copy_participants: bool,
        copy_notes: bool,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(f"Duplicate as “{title}”", notify)
        self.ws = workspace
        self.source_id = source_id
        self.kwargs: dict[str, Any] = {
            "start_date": start_date,
            "title": title,
            "copy_participants": copy_participants,
            "copy_notes": copy_notes,
        }
        self.event_id: str | None = None

    def apply(self) -> None:
        created = ee.duplicate_event(self.ws, self.source_id, event_id=self.event_id, **self.kwargs)
        self.event_id = created.id

    def revert(self) -> None:
        assert self.event_id is not None
        ee.delete_event(self.ws, self.event_id)


class ArchiveEventCommand(ServiceCommand):
    def __init__(
        self, workspace: Workspace, event_id: str, archived: bool, notify: Notify | None = None
    ) -> None:
        super().__init__("Archive event" if archived else "Unarchive event", notify)
        self.ws, self.event_id, self.archived = workspace, event_id, archived

    def apply(self) -> None:
        ee.set_archived(self.ws, self.event_id, self.archived)

    def revert(self) -> None:
        ee.set_archived(self.ws, self.event_id, not self.archived)


# --- partners and contacts ----------------------------------------------------------


class _AddItemCommand(ServiceCommand):
    """Add a partner or contact; undo removes it, redo restores the same id."""

    noun = ""
    _add: Callable[..., Any]
    _restore: Callable[[Workspace, str, Any], Any]
    _remove: Callable[[Workspace, str], Any]

    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        values: Mapping[str, Any],
        notify: Notify | None = None,
    ) -> None:
        super().__init__(f"Add {self.noun} “{values.get('name', '')}”", notify)
        self.ws, self.event_id, self.values = workspace, event_id, dict(values)
        self.item: Any = None

    def apply(self) -> None:
        self.item = type(self)._add(self.ws, self.event_id, **self.values)

    def reapply(self) -> None:
        type(self)._restore(self.ws, self.event_id, self.item)

    def revert(self) -> None:
        type(self)._remove(self.ws, self.item.id)


class _RemoveItemCommand(ServiceCommand):
    noun = ""
    _restore: Callable[[Workspace, str, Any], Any]
    _remove: Callable[[Workspace, str], Any]

    def __init__(
        self, workspace: Workspace, event_id: str, item_id: str, notify: Notify | None = None
    ) -> None:
        super().__init__(f"Remove {self.noun}", notify)
        self.ws, self.event_id, self.item_id = workspace, event_id, item_id
        self.removed: Any = None

    def apply(self) -> None:
        self.removed = type(self)._remove(self.ws, self.item_id)

    def revert(self) -> None:
        type(self)._restore(self.ws, self.event_id, self.removed)


class _UpdateItemCommand(ServiceCommand):
    noun = ""
    _update: Callable[[Workspace, str, Mapping[str, Any]], Any]

    def __init__(
        self,
        workspace: Workspace,
        item_id: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        notify: Notify | None = None,
    ) -> None:
        super().__init__(f"Edit {self.noun}", notify)
        self.ws, self.item_id, self.old, self.new = workspace, item_id, dict(old), dict(new)

    def apply(self) -> None:
        type(self)._update(self.ws, self.item_id, self.new)

    def revert(self) -> None:
        type(self)._update(self.ws, self.item_id, self.old)


class AddPartnerCommand(_AddItemCommand):
    noun = "partner"
    _add = staticmethod(ee.add_partner)
    _restore = staticmethod(ee.restore_partner)
    _remove = staticmethod(ee.remove_partner)


class RemovePartnerCommand(_RemoveItemCommand):
    noun = "partner"
    _restore = staticmethod(ee.restore_partner)
    _remove = staticmethod(ee.remove_partner)


class UpdatePartnerCommand(_UpdateItemCommand):
    noun = "partner"
    _update = staticmethod(ee.update_partner)


class AddContactCommand(_AddItemCommand):
    noun = "contact"
    _add = staticmethod(ee.add_contact)
    _restore = staticmethod(ee.restore_contact)
    _remove = staticmethod(ee.remove_contact)


class RemoveContactCommand(_RemoveItemCommand):
    noun = "contact"
    _restore = staticmethod(ee.restore_contact)
    _remove = staticmethod(ee.remove_contact)


class UpdateContactCommand(_UpdateItemCommand):
    noun = "contact"
    _update = staticmethod(ee.update_contact)


class ReportSettingsCommand(ServiceCommand):
    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        notify: Notify | None = None,
    ) -> None:
        super().__init__("Edit report settings", notify)
        self.ws, self.event_id, self.old, self.new = workspace, event_id, dict(old), dict(new)

    def apply(self) -> None:
        ee.update_report_settings(self.ws, self.event_id, self.new)

    def revert(self) -> None:
        ee.update_report_settings(self.ws, self.event_id, self.old)


# --- participants -----------------------------------------------------------------


class AdditionCommand(ServiceCommand):
    """Wraps an addition already made (from the directory, a new person, an import)."""

    def __init__(
        self,
        workspace: Workspace,
        addition: ps.Addition,
        text: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(text, notify)
        self.ws, self.addition = workspace, addition

    def apply(self) -> None:
        """The addition was made by the service call that produced it."""

    def reapply(self) -> None:
        ps.redo_addition(self.ws, self.addition)

    def revert(self) -> None:
        ps.undo_addition(self.ws, self.addition)


class BulkEditParticipantsCommand(ServiceCommand):
    def __init__(
        self,
        workspace: Workspace,
        participant_ids: list[str],
        changes: Mapping[str, Any],
        text: str,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(text, notify)
        self.ws, self.ids, self.changes = workspace, list(participant_ids), dict(changes)
        self.before: list[ps.ParticipantState] = []

    def apply(self) -> None:
        self.before = ps.update_participants(self.ws, self.ids, **self.changes)

    def revert(self) -> None:
        ps.set_participant_states(self.ws, self.before)


class RemoveParticipantsCommand(ServiceCommand):
    def __init__(
        self, workspace: Workspace, participant_ids: list[str], notify: Notify | None = None
    ) -> None:
        n = len(participant_ids)
        super().__init__(f"Remove {n} participant{'s' if n != 1 else ''}", notify)
        self.ws, self.ids = workspace, list(participant_ids)
        self.removed: list[ps.ParticipantSnapshot] = []

    def apply(self) -> None:
        self.removed = ps.remove_participants(self.ws, self.ids)

    def revert(self) -> None:
        ps.redo_addition(self.ws, ps.Addition(participants=tuple(self.removed)))
