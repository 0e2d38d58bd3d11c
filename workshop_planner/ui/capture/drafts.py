"""The draft keeper: what is being typed reaches the workspace, at most a second behind.

:class:`DraftKeeper` is no widget: it asks a callable for the composer's
:class:`DraftState`, writes it through the capture service when it changed
(debounced while typing, at once on :meth:`DraftKeeper.flush`) and clears it
when it became empty. The page tells it which event and note-taker the draft
belongs to; a crash loses at most :data:`DRAFT_MAX_DELAY_MS` of typing.

When the workspace cannot be written (disk full, read-only, locked) the draft
goes to the :class:`~workshop_planner.ui.capture.journal.CaptureJournal`
instead and is written again every :data:`DRAFT_RETRY_MS`; the first write that
succeeds takes it out of the journal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from workshop_planner.services import capture
from workshop_planner.services.capture import DraftData
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.journal import CaptureJournal, JournalError
from workshop_planner.ui.errors import expected, one_sentence, report_exception

#: A draft is written this long after the last keystroke …
DRAFT_DEBOUNCE_MS = 400
#: … and at least this often while typing goes on.
DRAFT_MAX_DELAY_MS = 750
#: A draft the workspace refused is tried again this often.
DRAFT_RETRY_MS = 3000


def extra_has_content(extra: Mapping[str, Any]) -> bool:
    """Whether a draft's details (not its themes) hold anything typed."""
    for key, value in extra.items():
        if key == "theme_ids":
            continue
        if isinstance(value, Mapping) and any(v for k, v in value.items() if k != "attribution"):
            return True
    return False


@dataclass(frozen=True)
class DraftState:
    """What the composer holds: the session it will be saved in, kind, text, details."""

    session_id: str | None
    kind: str
    text: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.text and not extra_has_content(self.extra)


class DraftKeeper(QObject):
    """Keeps one note-taker's draft for one event in step with the composer."""

    #: the draft was written (or cleared) in the workspace: the time of the write
    saved = Signal(object)
    #: a write was refused (one sentence)
    failed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        state: Callable[[], DraftState],
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        journal: CaptureJournal | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.journal = journal or CaptureJournal.for_workspace(workspace)
        #: the journal may hold this draft (a write failed, or it came from there)
        self._journaled = False
        self._state = state
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.event_id: str | None = None
        self.author: str | None = None
        #: what the workspace holds (None: unknown, the next flush writes)
        self._saved: DraftState | None = None
        #: whether the workspace holds a draft row for (event, author)
        self._has_row = False
        self._paused = 0
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DRAFT_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._max = QTimer(self)
        self._max.setSingleShot(True)
        self._max.setInterval(DRAFT_MAX_DELAY_MS)
        self._max.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(DRAFT_RETRY_MS)
        self._retry.timeout.connect(self.flush)

    # --- whose draft

    def bind(self, event_id: str | None, author: str | None) -> None:
        """Keep the draft of ``author`` for ``event_id`` from now on (nothing written)."""
        self.stop()
        self.event_id = event_id
        self.author = author
        self._saved = None
        self._has_row = False
        self._journaled = False

    @property
    def has_row(self) -> bool:
        return self._has_row

    @property
    def pending(self) -> bool:
        """A write is scheduled (typing went on since the last one)."""
        return self._debounce.isActive() or self._max.isActive()

    # --- typing

    def mark_dirty(self) -> None:
        """The composer changed: write within the debounce, never later than the maximum."""
        if self._paused or self.event_id is None:
            return
        self._debounce.start()  # restarts the debounce
        if not self._max.isActive():
            self._max.start()

    def stop(self) -> None:
        self._debounce.stop()
        self._max.stop()
        self._retry.stop()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Changes made inside (restoring, clearing the composer) are not typing."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def flush(self) -> bool:
        """Write the composer's state now if it differs from what was written.

        Returns False when a write was refused (the error went to :attr:`failed`);
        when the workspace could not be written the draft went to the journal.
        """
        self.stop()
        event_id, author = self.event_id, self.author
        if event_id is None or not author or self._paused:
            return True
        state = self._state()
        if state == self._saved:
            return True
        try:
            if state.is_empty:
                if self._has_row:
                    capture.clear_draft(self._ws, event_id, author)
                    self._has_row = False
            else:
                capture.save_draft(
                    self._ws,
                    event_id,
                    author,
                    state.session_id,
                    state.kind,
                    state.text,
                    dict(state.extra),
                )
                self._has_row = True
        except ServiceError as exc:
            self.failed.emit(str(exc))
            return False
        except Exception as exc:  # whatever it was, the draft is kept
            self._keep_in_journal(event_id, author, state, exc)
            return False
        self._saved = state
        if self._journaled:
            self._drop_from_journal(event_id, author)
        self.saved.emit(self.clock())
        return True

    def _keep_in_journal(
        self, event_id: str, author: str, state: DraftState, exc: Exception
    ) -> None:
        """The workspace refused the draft: keep it in the journal, try again soon."""
        reason = one_sentence(exc) if expected(exc) else report_exception(exc, "Keeping the draft")
        draft = DraftData(
            event_id,
            author,
            state.session_id,
            state.kind,
            state.text,
            dict(state.extra),
            self.clock(),
        )
        try:
            where = self.journal.put_draft(draft)
        except JournalError as journal_exc:
            self.failed.emit(
                self.tr("The draft could not be written anywhere (%1; %2); keep this window open.")
                .replace("%1", reason.rstrip("."))
                .replace("%2", str(journal_exc))
            )
        else:
            self._journaled = True
            self.failed.emit(
                self.tr("The draft is kept in %1 until the workspace can be written (%2).")
                .replace("%1", str(where))
                .replace("%2", reason.rstrip("."))
            )
        self._saved = None  # the workspace holds what it held; write again
        self._has_row = self._has_row or not state.is_empty
        self._retry.start()

    def _drop_from_journal(self, event_id: str, author: str) -> None:
        try:
            self.journal.drop_draft(event_id, author)
        except OSError:
            return  # still there; the next successful write tries again
        self._journaled = False

    @property
    def saved_state(self) -> DraftState | None:
        """What the workspace holds as this draft (None: not known yet)."""
        return self._saved

    # --- the workspace's side

    def load(self) -> DraftData | None:
        """The draft an earlier run left (and remember whether there is one)."""
        if self.event_id is None or not self.author:
            return None
        try:
            draft = capture.load_draft(self._ws, self.event_id, self.author)
        except Exception as exc:  # an unreadable draft is no reason to stop
            self.failed.emit(str(exc) if expected(exc) else report_exception(exc))
            draft = None
        else:
            self._has_row = draft is not None
        try:
            kept = self.journal.draft(self.event_id, self.author)
        except OSError:
            kept = None
        if kept is not None:
            # The workspace refused it earlier: the journal's is the newer one.
            self._journaled = True
            self._has_row = True
            return kept
        return draft

    def restored(self) -> None:
        """The composer now holds the draft put back (or was reset)."""
        self.stop()
        self._saved = self._state()
        if self._journaled:
            self._saved = None  # it came from the journal: the workspace should hold it
            self.flush()

    def note_saved(self) -> None:
        """A note was saved: its service call cleared the draft row in the same commit."""
        self.stop()
        self._has_row = False
        self._saved = self._state()
        if self._journaled and self.event_id is not None and self.author:
            self._drop_from_journal(self.event_id, self.author)

    def note_kept_aside(self) -> None:
        """A note's save failed and the composer was emptied: the draft row (which
        may hold the note's text) is cleared as soon as the workspace allows."""
        self.stop()
        self._has_row = True
        self._saved = None
        self.flush()

    def clear(self) -> None:
        """Remove this author's draft row (e.g. it moved to another name)."""
        self.stop()
        if self.event_id is not None and self.author and self._has_row:
            try:
                capture.clear_draft(self._ws, self.event_id, self.author)
            except Exception as exc:  # a stale draft row is harmless
                self.failed.emit(str(exc) if expected(exc) else report_exception(exc))
        if self._journaled and self.event_id is not None and self.author:
            self._drop_from_journal(self.event_id, self.author)  # the composer moves on
        self._has_row = False
        self._saved = None

    def forget(self) -> None:
        """Whatever the workspace holds, the next flush writes the composer's state."""
        self._saved = None
