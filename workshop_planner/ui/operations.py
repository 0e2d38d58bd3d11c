"""The one path by which the GUI changes the workspace and pages hear of it.

    key/mouse → UndoCommand.apply → service call → Changes
                                                  ↓
                     Operations.changed(Changes) → every page: mark dirty,
                                                   refresh when visible

* :class:`Operations` is owned by a window and handed to its pages. It runs
  undoable edits (:meth:`Operations.push`), announces operations that are not
  undoable (imports, :meth:`Operations.announce`) and runs long ones off the
  GUI thread with progress (:meth:`Operations.run`).
* :class:`UndoCommand` is the one undo command base of the app: every command
  knows its event and the page it was made on, and each of its steps returns
  the :class:`Changes` it made, which the stack announces; undo and redo take
  the same path as the edit itself.
* :class:`PageFollower` is what a page composes to follow the channel: it
  collects the changes that matter to the page while the page is hidden and
  refreshes it once, when it is shown.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace, WorkspaceError
from workshop_planner.ui.errors import report_exception
from workshop_planner.ui.workers import Worker, start

log = logging.getLogger(__name__)


class Page(StrEnum):
    """The main window's pages, in tab order (Ctrl+1 … shows them)."""

    OVERVIEW = "overview"
    AGENDA = "agenda"
    PARTICIPANTS = "participants"
    CAPTURE = "capture"
    REPORT = "report"
    THEMES = "themes"
    PEOPLE = "people"


class UndoCommand(QUndoCommand):
    """An undoable edit: calls services, never widgets.

    Subclasses implement :meth:`apply` (the edit), :meth:`revert` (its undo)
    and, when redoing differs from doing (e.g. restoring the same id), override
    :meth:`reapply`. Each returns the :class:`Changes` it made.

    Commands are applied *before* they are pushed (:meth:`Operations.push`), so
    a refused edit shows its error and never reaches the stack.
    """

    def __init__(self, text: str, *, event_id: str | None, page: Page | None) -> None:
        super().__init__(text)
        #: the event the edit was made in (None: the workspace, e.g. the directory)
        self.event_id = event_id
        #: the page the edit was made on; undo shows it first
        self.page = page
        #: the last error undo/redo met (the object changed elsewhere meanwhile)
        self.error: str | None = None
        self._operations: Operations | None = None
        self._applied = False

    # subclasses implement these
    def apply(self) -> Changes:
        raise NotImplementedError

    def revert(self) -> Changes:
        raise NotImplementedError

    def reapply(self) -> Changes:
        return self.apply()

    def fallback_changes(self) -> Changes:
        """What to announce when undo/redo failed: re-read what this edit touches."""
        return Changes.everything(self.event_id)

    # QUndoStack calls these
    def redo(self) -> None:
        if self._applied:  # the first redo, from push(): apply() already ran
            self._applied = False
            return
        self._step(self.reapply)

    def undo(self) -> None:
        self._step(self.revert)

    def _step(self, step: Callable[[], Changes]) -> None:
        try:
            changes = step()
        except Exception as exc:
            if isinstance(exc, ServiceError | WorkspaceError):
                self.error = str(exc)
                log.info("Undo/redo of %r could not be carried out: %s", self.text(), exc)
            else:  # a bug: logged with its traceback and shown by the one handler
                self.error = report_exception(exc, f"Undoing or redoing “{self.text()}”")
            self.setObsolete(True)
            changes = self.fallback_changes()
            if self._operations is not None:
                self._operations.failed.emit(self.error)
        if self._operations is not None:
            self._operations.announce(changes)


class Operations(QObject):
    """A window's change channel and undo stack."""

    #: an operation changed the workspace (a :class:`Changes`)
    changed = Signal(object)
    #: an operation was refused or failed (one sentence)
    failed = Signal(str)
    #: long work went on: percent (-1: unknown) and what is being done
    progressed = Signal(int, str)
    #: long work started (True) or ended (False)
    busyChanged = Signal(bool)

    def __init__(
        self,
        workspace: Workspace,
        undo_stack: QUndoStack | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self._workers: set[Worker] = set()

    # --- undoable edits

    def push(self, command: UndoCommand) -> bool:
        """Apply ``command``, put it on the undo stack and announce its changes.

        A refusal (:class:`ServiceError`, :class:`WorkspaceError`) is emitted on
        :attr:`failed`; anything else also goes to the app's error handler (log
        file and dialog). Nothing is pushed then; returns whether the edit was made.
        """
        command._operations = self
        try:
            changes = command.apply()
        except (ServiceError, WorkspaceError) as exc:
            self.failed.emit(str(exc))
            return False
        except Exception as exc:
            self.failed.emit(report_exception(exc, f"“{command.text()}”"))
            return False
        command._applied = True
        self.undo_stack.push(command)
        self.announce(changes)
        return True

    def push_applied(self, command: UndoCommand, changes: Changes) -> None:
        """Put a command whose edit a service call already made (e.g. a dialog's)."""
        command._operations = self
        command._applied = True
        self.undo_stack.push(command)
        self.announce(changes)

    # --- announcing

    def announce(self, changes: Changes) -> None:
        if not changes.is_empty:
            self.changed.emit(changes)

    # --- long work

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        busy: str,
        changes: Callable[[Any], Changes] | None = None,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        **kwargs: Any,
    ) -> Worker:
        """Run ``fn(*args, **kwargs)`` off the GUI thread.

        When it returns, ``changes(result)`` is announced and ``done(result)``
        called on the GUI thread; an error goes to ``failed`` (or
        :attr:`failed`), an unexpected one also to the app's error handler.
        ``progressed`` carries the function's own progress when it takes a
        ``progress`` keyword.
        """
        #: an unexpected exception of ``fn``, kept for the error handler (its traceback)
        unexpected: list[Exception] = []

        @functools.wraps(fn)  # keeps the signature: the worker looks for ``progress``
        def guarded(*a: Any, **kw: Any) -> Any:
            try:
                return fn(*a, **kw)
            except Exception as exc:
                if not isinstance(exc, ServiceError | WorkspaceError):
                    unexpected.append(exc)
                raise

        worker = Worker(guarded, *args, **kwargs)
        self._workers.add(worker)
        self.busyChanged.emit(True)
        self.progressed.emit(-1, busy)

        def finished(result: object) -> None:
            self._workers.discard(worker)
            self.busyChanged.emit(bool(self._workers))
            if changes is not None:
                self.announce(changes(result))
            if done is not None:
                done(result)

        def went_wrong(message: str) -> None:
            self._workers.discard(worker)
            self.busyChanged.emit(bool(self._workers))
            if unexpected:  # a bug: logged with its traceback and shown by the one handler
                message = report_exception(unexpected[0], busy.rstrip("….") or None)
            (failed or self.failed.emit)(message)

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(went_wrong)
        worker.signals.progressed.connect(self.progressed.emit)
        start(worker)
        return worker

    @property
    def busy(self) -> bool:
        return bool(self._workers)


class PageFollower(QObject):
    """Keeps a page in step with the change channel.

    ``refresh(changes)`` is called with every change that touches ``parts`` of
    the page's event — at once when the page is visible, otherwise once (with
    the changes merged) when it is next shown. The page tells the follower
    which event it shows with :meth:`set_event`.

    A page that shows the whole workspace (the people directory) passes
    ``every_event=True``: a change of any event's ``parts`` then counts.
    """

    def __init__(
        self,
        page: QWidget,
        operations: Operations,
        parts: Iterable[Part],
        refresh: Callable[[Changes], None],
        *,
        every_event: bool = False,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._parts = frozenset(parts)
        self._every_event = every_event
        self._refresh = refresh
        self._pending: Changes | None = None
        self.event_id: str | None = None
        operations.changed.connect(self._changed)
        page.installEventFilter(self)

    @property
    def dirty(self) -> bool:
        return self._pending is not None

    def set_event(self, event_id: str | None) -> None:
        """The page now shows ``event_id`` (and has loaded it: nothing is pending)."""
        self.event_id = event_id
        self._pending = None

    def mark_dirty(self, changes: Changes | None = None) -> None:
        pending = changes or Changes.everything(self.event_id)
        self._pending = pending if self._pending is None else self._pending | pending

    def _changed(self, changes: object) -> None:
        assert isinstance(changes, Changes)
        if self._every_event:
            if not changes.parts & self._parts:
                return
        elif not changes.touches(self.event_id, self._parts):
            return
        self.mark_dirty(changes)
        if self._page.isVisible():
            self.flush()

    def flush(self) -> None:
        """Refresh the page now if a change is pending."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self._refresh(pending)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Show and self.dirty:
            self.flush()
        return False
