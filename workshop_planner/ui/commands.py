"""Undo commands for the organiser's edits. Each calls services, never widgets.

Every command is a :class:`~workshop_planner.ui.operations.UndoCommand`: it
knows its event and the page it was made on, and each step returns the
:class:`~workshop_planner.services.changes.Changes` it made. A page hands a
command to :meth:`Operations.push` (applied, pushed, announced) or, when a
dialog's service call already made the change, to
:meth:`Operations.push_applied`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import StaleEditError
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Page, UndoCommand

#: event fields that move the agenda's days or its wall times
AGENDA_FIELDS = frozenset({"start_date", "end_date", "timezone"})

# --- events ----------------------------------------------------------------------


def event_changes(event_id: str, fields: Mapping[str, Any]) -> Changes:
    """What an edit of an event's ``fields`` changed: the event and the events list,
    and the agenda too when its days or time zone moved."""
    parts = {Part.EVENT, Part.EVENTS}
    if AGENDA_FIELDS & set(fields):
        parts.add(Part.AGENDA)
    return Changes.of(event_id, parts)


class EditValuesCommand(UndoCommand):
    """Set some fields to ``new`` with ``write``; undo writes ``old`` back."""

    def __init__(
        self,
        text: str,
        *,
        event_id: str,
        page: Page,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        write: Callable[[Mapping[str, Any]], object],
        changes: Callable[[Mapping[str, Any]], Changes],
    ) -> None:
        super().__init__(text, event_id=event_id, page=page)
        self.old, self.new = dict(old), dict(new)
        self._write, self._changes = write, changes

    def apply(self) -> Changes:
        self._write(self.new)
        return self._changes(self.new)

    def revert(self) -> Changes:
        self._write(self.old)
        return self._changes(self.old)


class UpdateEventCommand(EditValuesCommand):
    """An edit of the event's own fields (Overview).

    With ``base`` (the event as the page showed it) the first save is refused
    when the event changed since (:class:`StaleEditError`, kept in
    :attr:`stale`); ``version`` overrides ``base``'s to apply the change on
    top of a newer event. Undo and redo write their fields without a check.
    """

    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        text: str | None = None,
        *,
        base: ee.EventData | None = None,
        version: int | None = None,
    ) -> None:
        super().__init__(
            text or _edit_text(new),
            event_id=event_id,
            page=Page.OVERVIEW,
            old=old,
            new=new,
            write=lambda values: ee.update_event(workspace, event_id, values),
            changes=lambda values: event_changes(event_id, values),
        )
        self.ws = workspace
        self._base = base
        self._version = version if version is not None or base is None else base.version
        #: the refusal, when the event changed since the page showed it
        self.stale: StaleEditError | None = None

    def apply(self) -> Changes:
        assert self.event_id is not None
        try:
            ee.update_event(
                self.ws, self.event_id, self.new, version=self._version, base=self._base
            )
        except StaleEditError as exc:
            self.stale = exc
            raise
        return event_changes(self.event_id, self.new)

    def reapply(self) -> Changes:
        self._write(self.new)
        return self._changes(self.new)


def _edit_text(changes: Mapping[str, Any]) -> str:
    names = ", ".join(name.replace("_", " ") for name in changes)
    return f"Edit {names}"


class NewEventCommand(UndoCommand):
    """Makes an event (created or duplicated) with ``make(event_id)``; undo deletes it,
    redo makes it again with the same id."""

    def __init__(
        self, text: str, workspace: Workspace, make: Callable[[str | None], ee.EventData]
    ) -> None:
        super().__init__(text, event_id=None, page=Page.OVERVIEW)
        self.ws, self.make = workspace, make

    def apply(self) -> Changes:
        self.event_id = self.make(self.event_id).id
        return Changes.everything(self.event_id)

    def revert(self) -> Changes:
        assert self.event_id is not None
        ee.delete_event(self.ws, self.event_id)
        return Changes.of(self.event_id, Part.EVENTS)


def CreateEventCommand(
    workspace: Workspace, *, title: str, start_date: date, end_date: date, timezone: str
) -> NewEventCommand:
    return NewEventCommand(
        f"New event “{title}”",
        workspace,
        lambda event_id: ee.create_event(
            workspace,
            event_id=event_id,
            title=title,
            start_date=start_date,
            end_date=end_date,
            timezone=timezone,
        ),
    )


def DuplicateEventCommand(
    workspace: Workspace,
    source_id: str,
    *,
    start_date: date,
    title: str,
    copy_participants: bool,
    copy_notes: bool,
) -> NewEventCommand:
    return NewEventCommand(
        f"Duplicate as “{title}”",
        workspace,
        lambda event_id: ee.duplicate_event(
            workspace,
            source_id,
            event_id=event_id,
            start_date=start_date,
            title=title,
            copy_participants=copy_participants,
            copy_notes=copy_notes,
        ),
    )


class ArchiveEventCommand(UndoCommand):
    def __init__(self, workspace: Workspace, event_id: str, archived: bool) -> None:
        super().__init__(
            "Archive event" if archived else "Unarchive event", event_id=event_id, page=None
        )
        self.ws, self.eid, self.archived = workspace, event_id, archived

    def apply(self) -> Changes:
        ee.set_archived(self.ws, self.eid, self.archived)
        return Changes.of(self.eid, Part.EVENTS)

    def revert(self) -> Changes:
        ee.set_archived(self.ws, self.eid, not self.archived)
        return Changes.of(self.eid, Part.EVENTS)


# --- partners and contacts ----------------------------------------------------------


@dataclass(frozen=True)
class ItemKind:
    """A kind of list the Overview keeps for an event (partners, contacts): its
    noun and the services that add, restore, remove and update one."""

    noun: str
    add: Callable[..., Any]
    restore: Callable[[Workspace, str, Any], Any]
    remove: Callable[[Workspace, str], Any]
    #: ``update(workspace, item_id, values, version=None)``
    update: Callable[..., Any]


PARTNER = ItemKind(
    "partner", ee.add_partner, ee.restore_partner, ee.remove_partner, ee.update_partner
)
CONTACT = ItemKind(
    "contact", ee.add_contact, ee.restore_contact, ee.remove_contact, ee.update_contact
)


class _ItemCommand(UndoCommand):
    def __init__(self, kind: ItemKind, workspace: Workspace, event_id: str, text: str) -> None:
        super().__init__(text, event_id=event_id, page=Page.OVERVIEW)
        self.kind, self.ws, self.eid = kind, workspace, event_id

    @property
    def changes(self) -> Changes:
        return Changes.of(self.eid, Part.PARTNERS)


class AddItemCommand(_ItemCommand):
    """Add a partner or contact; undo removes it, redo restores the same id."""

    def __init__(
        self, kind: ItemKind, workspace: Workspace, event_id: str, values: Mapping[str, Any]
    ) -> None:
        super().__init__(kind, workspace, event_id, f"Add {kind.noun} “{values.get('name', '')}”")
        self.values = dict(values)
        self.item: Any = None

    def apply(self) -> Changes:
        self.item = self.kind.add(self.ws, self.eid, **self.values)
        return self.changes

    def reapply(self) -> Changes:
        self.kind.restore(self.ws, self.eid, self.item)
        return self.changes

    def revert(self) -> Changes:
        self.kind.remove(self.ws, self.item.id)
        return self.changes


class RemoveItemCommand(_ItemCommand):
    def __init__(self, kind: ItemKind, workspace: Workspace, event_id: str, item_id: str) -> None:
        super().__init__(kind, workspace, event_id, f"Remove {kind.noun}")
        self.item_id = item_id
        self.removed: Any = None

    def apply(self) -> Changes:
        self.removed = self.kind.remove(self.ws, self.item_id)
        return self.changes

    def revert(self) -> Changes:
        self.kind.restore(self.ws, self.eid, self.removed)
        return self.changes


class UpdateItemCommand(EditValuesCommand):
    """Changed fields of a partner or contact.

    ``version`` is the version the dialog showed: the first apply is refused
    when the item changed since (:class:`StaleEditError`, kept in
    :attr:`stale`); undo and redo write their fields without a check.
    """

    def __init__(
        self,
        kind: ItemKind,
        workspace: Workspace,
        event_id: str,
        item_id: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        *,
        version: int | None = None,
    ) -> None:
        super().__init__(
            f"Edit {kind.noun}",
            event_id=event_id,
            page=Page.OVERVIEW,
            old=old,
            new=new,
            write=lambda values: kind.update(workspace, item_id, values),
            changes=lambda _values: Changes.of(event_id, Part.PARTNERS),
        )
        self.item_id = item_id
        self.kind, self.ws = kind, workspace
        self._version = version
        #: the refusal, when the item changed since the dialog showed it
        self.stale: StaleEditError | None = None

    def apply(self) -> Changes:
        try:
            self.kind.update(self.ws, self.item_id, self.new, version=self._version)
        except StaleEditError as exc:
            self.stale = exc
            raise
        return self._changes(self.new)

    def reapply(self) -> Changes:
        self._write(self.new)
        return self._changes(self.new)


# --- report settings ------------------------------------------------------------------


class ReportSettingsCommand(EditValuesCommand):
    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
    ) -> None:
        super().__init__(
            "Edit report settings",
            event_id=event_id,
            page=Page.REPORT,
            old=old,
            new=new,
            write=lambda values: ee.update_report_settings(workspace, event_id, values),
            changes=lambda _values: Changes.of(event_id, Part.REPORT),
        )


# --- participants -----------------------------------------------------------------


def _participants_changed(event_id: str, people: bool = False) -> Changes:
    if people:
        return Changes.of(event_id, Part.PARTICIPANTS, Part.PEOPLE)
    return Changes.of(event_id, Part.PARTICIPANTS)


class AdditionCommand(UndoCommand):
    """Wraps an addition already made (from the directory, a new person, an import);
    push it with :meth:`Operations.push_applied` and :meth:`changes`."""

    def __init__(
        self, workspace: Workspace, event_id: str, addition: ps.Addition, text: str
    ) -> None:
        super().__init__(text, event_id=event_id, page=Page.PARTICIPANTS)
        self.ws, self.eid, self.addition = workspace, event_id, addition

    @property
    def changes(self) -> Changes:
        return _participants_changed(self.eid, people=bool(self.addition.people))

    def apply(self) -> Changes:
        """The addition was made by the service call that produced it."""
        return self.changes

    def reapply(self) -> Changes:
        ps.redo_addition(self.ws, self.addition)
        return self.changes

    def revert(self) -> Changes:
        ps.undo_addition(self.ws, self.addition)
        return self.changes


class BulkEditParticipantsCommand(UndoCommand):
    """Roles or attendance of several participants at once.

    ``versions`` (participant id → the version the list showed) refuses the
    first apply when one of them changed since (:class:`StaleEditError`, kept
    in :attr:`stale`); redo applies the edit to the participants as they are.
    """

    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        participant_ids: list[str],
        changes: Mapping[str, Any],
        text: str,
        versions: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__(text, event_id=event_id, page=Page.PARTICIPANTS)
        self.ws, self.eid = workspace, event_id
        self.ids, self.edits = list(participant_ids), dict(changes)
        self.before: list[ps.ParticipantState] = []
        self._versions = dict(versions) if versions else None
        #: the refusal, when a participant changed since the list showed them
        self.stale: StaleEditError | None = None

    def apply(self) -> Changes:
        try:
            self.before = ps.update_participants(
                self.ws, self.ids, versions=self._versions, **self.edits
            )
        except StaleEditError as exc:
            self.stale = exc
            raise
        return _participants_changed(self.eid)

    def reapply(self) -> Changes:
        self.before = ps.update_participants(self.ws, self.ids, **self.edits)
        return _participants_changed(self.eid)

    def revert(self) -> Changes:
        """Take back only this edit: what others changed meanwhile stays."""
        if "attendance" in self.edits:
            ps.set_participant_states(self.ws, self.before, only=("attendance",))
        if "roles" in self.edits:
            ps.set_participant_states(self.ws, self.before, only=("roles",))
        for key, inverse in (("add_role", "remove_role"), ("remove_role", "add_role")):
            role = self.edits.get(key)
            # add_role: taken from those that lacked it; remove_role: back to those that had it
            had = key == "remove_role"
            changed = [s.id for s in self.before if (role in s.roles) is had] if role else []
            if changed:
                ps.update_participants(self.ws, changed, **{inverse: role})
        return _participants_changed(self.eid)


class RemoveParticipantsCommand(UndoCommand):
    def __init__(self, workspace: Workspace, event_id: str, participant_ids: list[str]) -> None:
        n = len(participant_ids)
        super().__init__(
            f"Remove {n} participant{'s' if n != 1 else ''}",
            event_id=event_id,
            page=Page.PARTICIPANTS,
        )
        self.ws, self.eid, self.ids = workspace, event_id, list(participant_ids)
        self.removed: list[ps.ParticipantSnapshot] = []

    def apply(self) -> Changes:
        self.removed = ps.remove_participants(self.ws, self.ids)
        # sessions list the removed people no more
        return Changes.of(self.eid, Part.PARTICIPANTS, Part.AGENDA)

    def revert(self) -> Changes:
        ps.redo_addition(self.ws, ps.Addition(participants=tuple(self.removed)))
        return Changes.of(self.eid, Part.PARTICIPANTS, Part.AGENDA)
