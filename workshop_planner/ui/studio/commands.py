"""Undo commands of the report studio: each calls ``services.curation`` and returns its Changes.

Every command is an :class:`~workshop_planner.ui.operations.UndoCommand` pushed
through :meth:`Operations.push <workshop_planner.ui.operations.Operations.push>`;
the stack announces what changed and every page follows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from workshop_planner.services import curation
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import StaleEditError
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Page, UndoCommand

#: what a curation edit changes: the notes and the themes' counts
CURATION = (Part.THEMES, Part.NOTES)

#: ``id()`` of commands that merge while the user types in one field
_MERGE_THEME_TEXT = 9101
_MERGE_NOTE_TEXT = 9102
_MERGE_OVERRIDE = 9103


def _tr(text: str) -> str:
    return QCoreApplication.translate("StudioCommands", text)


def short(text: str, limit: int = 40) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _StudioCommand(UndoCommand):
    def __init__(self, text: str, workspace: Workspace, event_id: str) -> None:
        super().__init__(text, event_id=event_id, page=Page.THEMES)
        self.ws = workspace

    def changes(self) -> Changes:
        return Changes.of(self.event_id, *CURATION)

    def fallback_changes(self) -> Changes:
        return self.changes()


# --- themes ------------------------------------------------------------------------


class AddThemeCommand(_StudioCommand):
    """A new theme (at ``index``, default last); redo brings back the same id."""

    def __init__(
        self, workspace: Workspace, event_id: str, title: str, index: int | None = None
    ) -> None:
        super().__init__(_tr("Add theme “{0}”").format(short(title)), workspace, event_id)
        self.title, self.index = title, index
        self.theme_id: str | None = None

    def apply(self) -> Changes:
        assert self.event_id is not None
        info = curation.add_theme(
            self.ws, self.event_id, self.title, theme_id=self.theme_id, index=self.index
        )
        self.theme_id = info.id
        return self.changes()

    def revert(self) -> Changes:
        assert self.theme_id is not None
        curation.delete_theme(self.ws, self.theme_id)
        return self.changes()


class UpdateThemeCommand(_StudioCommand):
    """Changed fields of a theme; typing in one field merges into one command."""

    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        theme_id: str,
        old: Mapping[str, str | None],
        new: Mapping[str, str | None],
        *,
        version: int | None = None,
    ) -> None:
        names = ", ".join(_FIELD_WORDS.get(k, k) for k in new)
        super().__init__(_tr("Edit theme {0}").format(names), workspace, event_id)
        self.theme_id, self.old, self.new = theme_id, dict(old), dict(new)
        #: the version of the theme the editor showed (checked by the first apply only)
        self._version = version
        #: the refusal, when the theme changed since the editor showed it
        self.stale: StaleEditError | None = None

    def apply(self) -> Changes:
        try:
            curation.update_theme(self.ws, self.theme_id, self.new, version=self._version)
        except StaleEditError as exc:
            self.stale = exc
            raise
        return self.changes()

    def reapply(self) -> Changes:
        curation.update_theme(self.ws, self.theme_id, self.new)
        return self.changes()

    def revert(self) -> Changes:
        curation.update_theme(self.ws, self.theme_id, self.old)
        return self.changes()

    def id(self) -> int:
        return _MERGE_THEME_TEXT

    def mergeWith(self, other: Any) -> bool:
        if (
            not isinstance(other, UpdateThemeCommand)
            or other.theme_id != self.theme_id
            or set(other.new) != set(self.new)
            or "title" in self.new  # a rename is one step of its own
        ):
            return False
        self.new = dict(other.new)
        return True


_FIELD_WORDS = {
    "title": "title",
    "key_message": "key message",
    "summary": "summary",
    "body": "body",
}


class DeleteThemeCommand(_StudioCommand):
    def __init__(self, workspace: Workspace, event_id: str, theme_id: str, title: str) -> None:
        super().__init__(_tr("Delete theme “{0}”").format(short(title)), workspace, event_id)
        self.theme_id = theme_id
        self.deleted: curation.DeletedTheme | None = None

    def apply(self) -> Changes:
        self.deleted = curation.delete_theme(self.ws, self.theme_id)
        return self.changes()

    def revert(self) -> Changes:
        assert self.deleted is not None
        curation.restore_theme(self.ws, self.deleted)
        return self.changes()


class ReorderThemesCommand(_StudioCommand):
    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        old_ids: Sequence[str],
        new_ids: Sequence[str],
    ) -> None:
        super().__init__(_tr("Reorder themes"), workspace, event_id)
        self.old_ids, self.new_ids = list(old_ids), list(new_ids)

    def apply(self) -> Changes:
        assert self.event_id is not None
        curation.reorder_themes(self.ws, self.event_id, self.new_ids)
        return self.changes()

    def revert(self) -> Changes:
        assert self.event_id is not None
        curation.reorder_themes(self.ws, self.event_id, self.old_ids)
        return self.changes()


# --- curation of notes ----------------------------------------------------------------


class CurationCommand(_StudioCommand):
    """A curation write (feature, assign, place, order); undo restores the states before.

    ``write`` makes the edit and returns the notes' states before it.
    """

    def __init__(
        self,
        text: str,
        workspace: Workspace,
        event_id: str,
        write: Callable[[], list[curation.CurationState]],
    ) -> None:
        super().__init__(text, workspace, event_id)
        self._write = write
        self.before: list[curation.CurationState] = []

    def apply(self) -> Changes:
        self.before = self._write()
        return self.changes()

    def revert(self) -> Changes:
        curation.restore_states(self.ws, self.before)
        return self.changes()


def feature(ws: Workspace, event_id: str, note_ids: Sequence[str], on: bool) -> CurationCommand:
    ids = list(note_ids)
    text = _tr("Feature {0} notes") if on else _tr("Unfeature {0} notes")
    return CurationCommand(
        text.format(len(ids)), ws, event_id, lambda: curation.set_featured(ws, ids, on)
    )


def assign(
    ws: Workspace, event_id: str, note_ids: Sequence[str], theme_id: str, title: str, on: bool
) -> CurationCommand:
    ids = list(note_ids)
    text = _tr("Add {0} notes to “{1}”") if on else _tr("Remove {0} notes from “{1}”")
    return CurationCommand(
        text.format(len(ids), short(title)),
        ws,
        event_id,
        lambda: curation.assign_theme(ws, ids, theme_id, on),
    )


def place(
    ws: Workspace, event_id: str, note_ids: Sequence[str], placement: str | None, label: str
) -> CurationCommand:
    ids = list(note_ids)
    return CurationCommand(
        _tr("Print {0} notes in {1}").format(len(ids), label),
        ws,
        event_id,
        lambda: curation.set_placement(ws, ids, placement),
    )


def order(ws: Workspace, event_id: str, section: str, note_ids: Sequence[str]) -> CurationCommand:
    ids = list(note_ids)
    return CurationCommand(
        _tr("Reorder featured notes"),
        ws,
        event_id,
        lambda: curation.order_items(ws, event_id, section, ids),
    )


# --- what prints ----------------------------------------------------------------------


class EditPrintedCommand(_StudioCommand):
    """A note's printed wording or details; typing in one note merges into one command."""

    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        note_id: str,
        old: tuple[str, Mapping[str, Any] | None],
        new: tuple[str, Mapping[str, Any] | None],
        *,
        version: int | None = None,
    ) -> None:
        super().__init__(_tr("Edit what prints"), workspace, event_id)
        self.note_id = note_id
        self.old = (old[0], dict(old[1]) if old[1] is not None else None)
        self.new = (new[0], dict(new[1]) if new[1] is not None else None)
        #: the version of the note the editor showed (checked by the first apply only)
        self._version = version
        #: the refusal, when the note changed since the editor showed it
        self.stale: StaleEditError | None = None

    def apply(self) -> Changes:
        try:
            curation.edit_printed(
                self.ws,
                self.note_id,
                text=self.new[0],
                details=self.new[1],
                version=self._version,
            )
        except StaleEditError as exc:
            self.stale = exc
            raise
        return self.changes()

    def reapply(self) -> Changes:
        curation.edit_printed(self.ws, self.note_id, text=self.new[0], details=self.new[1])
        return self.changes()

    def revert(self) -> Changes:
        curation.edit_printed(self.ws, self.note_id, text=self.old[0], details=self.old[1])
        return self.changes()

    def id(self) -> int:
        return _MERGE_NOTE_TEXT

    def mergeWith(self, other: Any) -> bool:
        if not isinstance(other, EditPrintedCommand) or other.note_id != self.note_id:
            return False
        self.new = other.new
        return True


class RestoreOriginalCommand(_StudioCommand):
    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        note_id: str,
        current: tuple[str, Mapping[str, Any] | None],
    ) -> None:
        super().__init__(_tr("Restore the captured wording"), workspace, event_id)
        self.note_id = note_id
        self.current = (current[0], dict(current[1]) if current[1] is not None else None)

    def apply(self) -> Changes:
        curation.restore_original(self.ws, self.note_id)
        return self.changes()

    def revert(self) -> Changes:
        curation.edit_printed(self.ws, self.note_id, text=self.current[0], details=self.current[1])
        return self.changes()


# --- report page -----------------------------------------------------------------------


class SetOverrideCommand(UndoCommand):
    """A drafted text replaced by the editor's own (``None``: back to the draft)."""

    def __init__(
        self,
        workspace: Workspace,
        event_id: str,
        key: str,
        old: str | None,
        new: str | None,
        label: str,
    ) -> None:
        text = _tr("Reset “{0}” to the draft") if new is None else _tr("Edit “{0}”")
        super().__init__(text.format(label), event_id=event_id, page=Page.REPORT)
        self.ws, self.key, self.old, self.new = workspace, key, old, new
        #: set when the edit starts from the draft ("Edit"): typing merges into it
        self.merge_typing = new is not None

    def _set(self, value: str | None) -> Changes:
        assert self.event_id is not None
        curation.set_override(self.ws, self.event_id, self.key, value)
        return Changes.of(self.event_id, Part.REPORT)

    def apply(self) -> Changes:
        return self._set(self.new)

    def revert(self) -> Changes:
        return self._set(self.old)

    def fallback_changes(self) -> Changes:
        return Changes.of(self.event_id, Part.REPORT)

    def id(self) -> int:
        return _MERGE_OVERRIDE

    def mergeWith(self, other: Any) -> bool:
        if (
            not isinstance(other, SetOverrideCommand)
            or other.key != self.key
            or other.new is None
            or self.new is None
            or self.old is None  # "Edit" (from the draft) stays its own step
        ):
            return False
        self.new = other.new
        return True
