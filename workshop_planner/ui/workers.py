"""Running long work off the GUI thread: a QRunnable with signals.

    worker = Worker(export_report, workspace, event_id, path)
    worker.signals.finished.connect(on_done)
    worker.signals.failed.connect(show_error)
    start(worker)

The function runs on the global thread pool; ``finished`` carries its return
value and ``failed`` one sentence (a :class:`ServiceError`'s message, or a
generic sentence for anything unexpected). Signals are delivered on the GUI
thread. A function that accepts a ``progress`` keyword gets a callable
``progress(percent, text)`` that emits ``progressed``.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from workshop_planner.services.errors import ServiceError
from workshop_planner.store import WorkspaceError

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    finished = Signal(object)
    failed = Signal(str)
    progressed = Signal(int, str)


class Worker(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.signals = WorkerSignals()
        self.cancelled = False
        try:
            wants_progress = "progress" in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            wants_progress = False
        if wants_progress and "progress" not in kwargs:
            self.kwargs["progress"] = self._progress

    def _progress(self, percent: int, text: str = "") -> None:
        self.signals.progressed.emit(int(percent), text)

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except (ServiceError, WorkspaceError) as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:
            log.exception("Background work failed")
            self.signals.failed.emit(f"Something went wrong: {exc}.".replace("..", "."))
        else:
            self.signals.finished.emit(result)


def start(worker: Worker, pool: QThreadPool | None = None) -> Worker:
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_progress: Callable[[int, str], None] | None = None,
    **kwargs: Any,
) -> Worker:
    worker = Worker(fn, *args, **kwargs)
    if on_done is not None:
        worker.signals.finished.connect(on_done)
    if on_error is not None:
        worker.signals.failed.connect(on_error)
    if on_progress is not None:
        worker.signals.progressed.connect(on_progress)
    return start(worker)
