"""One handler for errors nobody expected: a log file, one dialog, and the app goes on.

Uncaught exceptions (``sys.excepthook`` — PySide6 sends exceptions raised in
slots there — and ``threading.excepthook``), Qt's critical messages and the
failure paths of :mod:`~workshop_planner.ui.operations` and the capture page
all reach :meth:`ErrorHandler.report`:

* the full traceback goes to a log file in the user's log folder
  (``platformdirs.user_log_path("workshop-planner")``), as does every warning
  logged by our modules;
* the user sees one sentence, a collapsible "Details" part and where the log
  file is (a non-modal :class:`QMessageBox`), so the app keeps running;
* a repeating error shows one dialog, not fifty: the same error within
  :data:`COALESCE_SECONDS` only counts up in the dialog already shown.

Expected refusals (:class:`ServiceError`, :class:`WorkspaceError`) are not
unexpected: their message is the one sentence and no traceback is needed.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

import platformdirs
from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from workshop_planner.services.errors import ServiceError
from workshop_planner.store import WorkspaceError

__all__ = [
    "COALESCE_SECONDS",
    "ErrorHandler",
    "ErrorReport",
    "current_handler",
    "default_log_path",
    "install_error_handler",
    "one_sentence",
    "platform_noise",
    "report_exception",
]

APP_NAME = "workshop-planner"
LOG_FILE = "workshop-planner.log"
#: the same error again within this time shows no new dialog
COALESCE_SECONDS = 60.0
#: never more dialogs than this open at once (the rest is only logged)
MAX_OPEN_DIALOGS = 3
#: a log file grows to this size, then one older copy is kept
LOG_MAX_BYTES = 1_000_000

log = logging.getLogger(__name__)

Present = Callable[["ErrorReport"], None]


def default_log_path() -> Path:
    return platformdirs.user_log_path(APP_NAME, appauthor=False) / LOG_FILE


@dataclass(frozen=True)
class ErrorReport:
    """What the user is shown about one error (and how often it happened)."""

    #: what makes two reports "the same error" (type and where it was raised)
    key: str
    sentence: str
    details: str
    log_path: Path
    count: int = 1


def expected(exc: BaseException) -> bool:
    """A refusal with a sentence for the user, not a bug."""
    return isinstance(exc, ServiceError | WorkspaceError)


def platform_noise(message: str) -> bool:
    """A notice of the offscreen platform (automation, CI) that says nothing about the app."""
    return message.startswith("This plugin does not support")


def one_sentence(exc: BaseException, doing: str | None = None) -> str:
    """The sentence the user sees about ``exc`` (``doing``: "Saving the note")."""
    if expected(exc):
        return str(exc)
    # A database driver's error wrapped by SQLAlchemy: the driver's words are the clear ones.
    cause = getattr(exc, "orig", None)
    lines = str(cause if isinstance(cause, BaseException) else exc).strip().splitlines()
    first = lines[0].strip().rstrip(".") if lines else ""
    if len(first) > 160:
        first = first[:159] + "…"
    what = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    if doing:
        return f"{doing} failed with an unexpected error ({what})."
    return f"Something unexpected went wrong ({what}); the app keeps running."


def _key(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__module__}.{type(exc).__qualname__}@{where}"


class ErrorHandler(QObject):
    """Logs unexpected errors to a file and shows them, coalesced, in a dialog.

    ``present`` shows a report (default: :class:`DialogPresenter`, a
    non-modal message box); it is always called on the GUI thread.
    """

    _queued = Signal(object)

    def __init__(
        self,
        log_path: Path | None = None,
        present: Present | None = None,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.log_path = log_path or default_log_path()
        self.presenter = present or DialogPresenter()
        self._clock = clock
        #: key → (last time shown, report shown)
        self._recent: dict[str, tuple[float, ErrorReport]] = {}
        self._lock = threading.Lock()
        self._file_handler: logging.Handler | None = None
        self._logger = logging.getLogger("workshop_planner.unexpected")
        self._logger.propagate = False
        self._previous_hooks: tuple[Any, Any] | None = None
        self._previous_qt: Any = None
        self._qt_installed = False
        # From another thread the report is shown by the GUI thread.
        self._queued.connect(self._present, Qt.ConnectionType.QueuedConnection)
        self._open_log()

    # --- the log file

    def _open_log(self) -> None:
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = logging.handlers.RotatingFileHandler(
                self.log_path,
                maxBytes=LOG_MAX_BYTES,
                backupCount=1,
                encoding="utf-8",
                delay=True,  # no empty log file until something goes wrong
            )
        except OSError as exc:
            # No log folder (full or read-only disk): say so on stderr, keep the dialogs.
            sys.stderr.write(f"workshop-planner: cannot write the log {self.log_path}: {exc}\n")
            handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.setLevel(logging.INFO)
        self._file_handler = handler
        self._logger.addHandler(handler)
        self._logger.setLevel(logging.INFO)

    def close(self) -> None:
        self.uninstall()
        if self._file_handler is not None:
            self._logger.removeHandler(self._file_handler)
            self._file_handler.close()
            self._file_handler = None

    # --- reporting

    def report(self, exc: BaseException, doing: str | None = None) -> ErrorReport:
        """Log ``exc`` with its traceback and show it (unless shown just now)."""
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return self.report_text(_key(exc), one_sentence(exc, doing), details)

    def report_text(self, key: str, sentence: str, details: str) -> ErrorReport:
        """Log and show an error that is no exception (a Qt critical message)."""
        now = self._clock()
        with self._lock:
            last = self._recent.get(key)
            repeat = last is not None and now - last[0] < COALESCE_SECONDS
            if repeat and last is not None:
                shown = replace(last[1], count=last[1].count + 1)
                self._recent[key] = (last[0], shown)
            else:
                shown = ErrorReport(key, sentence, details, self.log_path)
                self._recent[key] = (now, shown)
        if repeat:
            # The traceback was logged the first time; a repeat is one line.
            self._logger.error("Again (%d times): %s", shown.count, sentence)
        else:
            self._logger.error("%s\n%s", sentence, details.rstrip())
        if threading.current_thread() is threading.main_thread():
            self._present(shown)
        else:
            self._queued.emit(shown)
        return shown

    def _present(self, report: object) -> None:
        assert isinstance(report, ErrorReport)
        try:
            self.presenter(report)
        except Exception:  # the handler itself must never raise
            self._logger.exception("The error dialog could not be shown")

    # --- hooks

    def install(self) -> None:
        """Route uncaught exceptions, Qt messages and our modules' warnings here."""
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
            sys.excepthook = self._excepthook
            threading.excepthook = self._thread_excepthook
        if not self._qt_installed:
            self._previous_qt = qInstallMessageHandler(self._qt_message)
            self._qt_installed = True
        ours = logging.getLogger("workshop_planner")
        if self._file_handler is not None and self._file_handler not in ours.handlers:
            self._file_handler.setLevel(logging.WARNING)
            ours.addHandler(self._file_handler)

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None
        if self._qt_installed:
            qInstallMessageHandler(self._previous_qt)
            self._qt_installed = False
        ours = logging.getLogger("workshop_planner")
        if self._file_handler is not None and self._file_handler in ours.handlers:
            ours.removeHandler(self._file_handler)
        global _handler
        if _handler is self:
            _handler = None

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        self.report(exc)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.report(args.exc_value, f"Work in the thread {getattr(args.thread, 'name', '?')}")

    def _qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            where = f"{context.file}:{context.line}" if context.file else ""
            self.report_text(
                f"qt@{where}:{message[:80]}",
                f"Qt reported an error: {message.strip().splitlines()[0][:160]}"
                if message.strip()
                else "Qt reported an error.",
                f"{message}\n({where} {context.function or ''})".rstrip(),
            )
        elif mode == QtMsgType.QtWarningMsg and not platform_noise(message):
            self._logger.warning("Qt: %s", message)
        previous = self._previous_qt
        if previous is not None:
            previous(mode, context, message)
        elif mode != QtMsgType.QtDebugMsg:
            sys.stderr.write(message + "\n")


class DialogPresenter:
    """Shows a report as a non-modal message box; a repeat updates the box still open."""

    def __init__(self) -> None:
        self.boxes: dict[str, QMessageBox] = {}

    def __call__(self, report: ErrorReport) -> None:
        if QApplication.instance() is None:
            sys.stderr.write(f"workshop-planner: {report.sentence} (details: {report.log_path})\n")
            return
        box = self.boxes.get(report.key)
        if box is not None:
            box.setInformativeText(_informative(report))
            return
        if len(self.boxes) >= MAX_OPEN_DIALOGS:
            return  # logged; enough dialogs on screen already
        # No parent: the dialog outlives a window that closes (and Qt's own closing
        # of every window at quit does not meet a dialog half-destroyed with it).
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QApplication.translate("ErrorHandler", "Workshop Planner"),
            report.sentence,
            QMessageBox.StandardButton.Close,
        )
        box.setObjectName("unexpectedErrorDialog")
        box.setProperty("errorKey", report.key)
        box.setInformativeText(_informative(report))
        box.setDetailedText(report.details)
        box.setWindowModality(Qt.WindowModality.NonModal)
        # Forgotten once its close has finished: dropping the last reference to a
        # dialog inside its own close event would delete it under Qt's feet.
        box.finished.connect(
            lambda _result, key=report.key: QTimer.singleShot(0, lambda: self._forget(key))
        )
        self.boxes[report.key] = box
        box.show()

    def _forget(self, key: str) -> None:
        box = self.boxes.pop(key, None)
        if box is not None:
            box.deleteLater()


def _informative(report: ErrorReport) -> str:
    text = QApplication.translate(
        "ErrorHandler", "The details were written to the log file {0}."
    ).format(report.log_path)
    if report.count > 1:
        text += " " + QApplication.translate("ErrorHandler", "This happened {0} times.").format(
            report.count
        )
    return text


_handler: ErrorHandler | None = None


def install_error_handler(
    log_path: Path | None = None, present: Present | None = None, *, hooks: bool = True
) -> ErrorHandler:
    """Make a handler the app's one handler (replacing the one installed before);
    ``hooks``: it also takes uncaught exceptions and Qt's messages."""
    global _handler
    if _handler is not None:
        _handler.close()
    handler = ErrorHandler(log_path, present)
    if hooks:
        handler.install()
    _handler = handler
    return handler


def current_handler() -> ErrorHandler:
    """The app's handler (one is made, without hooks, when none was installed)."""
    global _handler
    if _handler is None:
        _handler = ErrorHandler()
    return _handler


def report_exception(exc: BaseException, doing: str | None = None) -> str:
    """Log and show an unexpected ``exc``; returns its sentence (a repeat of an
    error shown just now only counts up in that dialog)."""
    current_handler().report(exc, doing)
    return one_sentence(exc, doing)
