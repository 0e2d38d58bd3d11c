"""Undo commands of capture mode: each calls a service and says what it changed.

They are :class:`~workshop_planner.ui.operations.UndoCommand` s made on the
Capture page; the page hears of their effect (and of their undo and redo)
through the change channel, like every other page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from workshop_planner.services import capture
from workshop_planner.services.capture import NoteData
from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Page, UndoCommand


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaptureCommands", text)


def short(text: str, limit: int = 40) -> str:
    """The first line of a note, cut to ``limit`` characters (undo menu texts)."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _NoteCommand(UndoCommand):
    def __init__(self, workspace: Workspace, event_id: str, title: str) -> None:
        super().__init__(title, event_id=event_id, page=Page.CAPTURE)
        self._ws = workspace

    @property
    def changes(self) -> Changes:
        """What every step of a note command changes: the event's notes."""
        return Changes.of(self.event_id, Part.NOTES)

    def fallback_changes(self) -> Changes:
        return self.changes


class AddNoteCommand(_NoteCommand):
    """A note the page saved (push it with ``push_applied``); undo deletes it,
    redo puts it back with the same id."""

    def __init__(self, workspace: Workspace, note: NoteData) -> None:
        super().__init__(
            workspace, note.event_id, _tr("Add note “%1”").replace("%1", short(note.text))
        )
        self.note = note

    def apply(self) -> Changes:
        self.note = capture.restore_note(self._ws, self.note)
        return self.changes

    def revert(self) -> Changes:
        self.note = capture.delete_note(self._ws, self.note.id)
        return self.changes


class DeleteNoteCommand(_NoteCommand):
    """Delete a note; undo puts it back whole, with the same id."""

    def __init__(self, workspace: Workspace, note: NoteData) -> None:
        super().__init__(
            workspace, note.event_id, _tr("Delete note “%1”").replace("%1", short(note.text))
        )
        self.note = note

    def apply(self) -> Changes:
        self.note = capture.delete_note(self._ws, self.note.id)
        return self.changes

    def revert(self) -> Changes:
        self.note = capture.restore_note(self._ws, self.note)
        return self.changes


class EditNoteCommand(_NoteCommand):
    """Change a note's text, kind, themes or details; undo sets the old values back.

    ``before``/``after`` are keyword arguments of :func:`services.capture.update_note`.
    """

    def __init__(
        self,
        workspace: Workspace,
        note: NoteData,
        before: dict[str, Any],
        after: dict[str, Any],
        title: str,
        *,
        editor: str | None = None,
    ) -> None:
        super().__init__(workspace, note.event_id, title)
        self.note_id = note.id
        self._before = before
        self._after = after
        self._editor = editor
        #: the note as the last step left it
        self.note: NoteData = note

    def _set(self, values: dict[str, Any]) -> Changes:
        self.note = capture.update_note(self._ws, self.note_id, editor=self._editor, **values)
        return self.changes

    def apply(self) -> Changes:
        return self._set(self._after)

    def revert(self) -> Changes:
        return self._set(self._before)


def edit_values(note: NoteData, fields: tuple[str, ...]) -> dict[str, Any]:
    """The current values of ``fields`` of a note, as update_note keywords."""
    out: dict[str, Any] = {}
    for name in fields:
        if name == "theme_ids":
            out[name] = list(note.theme_ids)
        elif name == "kind":
            out[name] = note.kind
            out["quote"] = note.quote
            out["case_study"] = note.case_study
            out["example"] = note.example
            out["resource"] = note.resource
        else:
            out[name] = getattr(note, name)
    return out
