"""Undo commands of capture mode; each calls a service and reports the result back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from workshop_planner.services import capture
from workshop_planner.services.capture import NoteData
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace


class NoteSink(Protocol):
    """What a command tells the view after the workspace changed."""

    def note_changed(self, note: NoteData) -> None: ...

    def note_removed(self, note_id: str) -> None: ...

    def show_error(self, message: str) -> None: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaptureCommands", text)


def _short(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 40 else line[:39] + "…"


class _NoteCommand(QUndoCommand):
    def __init__(self, workspace: Workspace, sink: NoteSink, title: str) -> None:
        super().__init__(title)
        self._ws = workspace
        self._sink = sink

    def _run(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except ServiceError as exc:
            self._sink.show_error(str(exc))
            return None


class AddNoteCommand(_NoteCommand):
    """A note was just saved (the first redo does nothing); undo deletes it."""

    def __init__(self, workspace: Workspace, sink: NoteSink, note: NoteData) -> None:
        super().__init__(workspace, sink, _tr("Add note “%1”").replace("%1", _short(note.text)))
        self._note = note
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        restored = self._run(lambda: capture.restore_note(self._ws, self._note))
        if restored is not None:
            self._sink.note_changed(restored)

    def undo(self) -> None:
        snapshot = self._run(lambda: capture.delete_note(self._ws, self._note.id))
        if snapshot is not None:
            self._note = snapshot
            self._sink.note_removed(snapshot.id)


class DeleteNoteCommand(_NoteCommand):
    """Delete a note; undo puts it back whole, with the same id."""

    def __init__(self, workspace: Workspace, sink: NoteSink, note: NoteData) -> None:
        super().__init__(workspace, sink, _tr("Delete note “%1”").replace("%1", _short(note.text)))
        self._note = note

    def redo(self) -> None:
        snapshot = self._run(lambda: capture.delete_note(self._ws, self._note.id))
        if snapshot is not None:
            self._note = snapshot
            self._sink.note_removed(snapshot.id)

    def undo(self) -> None:
        restored = self._run(lambda: capture.restore_note(self._ws, self._note))
        if restored is not None:
            self._sink.note_changed(restored)


class EditNoteCommand(_NoteCommand):
    """Change a note's text, kind, themes or details; undo sets the old values back.

    ``before``/``after`` are keyword arguments of :func:`services.capture.update_note`.
    The first redo applies ``after`` unless ``done`` says it is applied already.
    """

    def __init__(
        self,
        workspace: Workspace,
        sink: NoteSink,
        note_id: str,
        before: dict[str, Any],
        after: dict[str, Any],
        title: str,
        *,
        editor: str | None = None,
        done: bool = False,
    ) -> None:
        super().__init__(workspace, sink, title)
        self._id = note_id
        self._before = before
        self._after = after
        self._editor = editor
        self._skip = done

    def _apply(self, values: dict[str, Any]) -> None:
        note = self._run(
            lambda: capture.update_note(self._ws, self._id, editor=self._editor, **values)
        )
        if note is not None:
            self._sink.note_changed(note)

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._apply(self._after)

    def undo(self) -> None:
        self._apply(self._before)


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
