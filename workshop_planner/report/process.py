"""Rendering a report in a process of its own, under a time and a memory limit.

One render is one child process, ``python -m workshop_planner.report.worker``:

    parent (app or CLI)                      child
    RenderProcess() ── spawn ──────────────▶ imports Jinja2 + WeasyPrint only
    build_context() from the workspace       (meanwhile; it never opens it)
    run(job) ── pickled job on stdin ──────▶ setrlimit(RLIMIT_AS); Jinja2 → WeasyPrint
                                             → writes the temporary file
             ◀── JSON outcome on fd 1 ─────  exits
    moves the file into place

The parent kills the child when the time limit passes, when another thread
cancels (a newer edit), or when it leaves the ``with`` block early. However
the child ends (a Python error, no memory, a segfault in Pango, killed), the
parent raises one :class:`ReportError` sentence and keeps running. The child
never writes to the workspace: it receives plain data (:mod:`.payload`).
"""

from __future__ import annotations

import atexit
import json
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Literal

from workshop_planner.report.errors import ReportError

if TYPE_CHECKING:
    from workshop_planner.report.templates import TemplateInfo

#: Seconds a render may take once it has its job.
DEFAULT_SECONDS = 60.0
#: Address space the render process may use, in MB (RLIMIT_AS). Measured peaks
#: (VmPeak): 77 MB once Jinja2 and WeasyPrint are imported, ≈150 MB for the
#: sample's 11 pages, 361 MB (180 MB resident) for a 123-page event. A 50 MB
#: note, which aborted in GLib at 4 GB, now meets this limit after ≈20 s.
DEFAULT_MEMORY_MB = 1024

#: What stderr of a render process says when an allocation failed.
_OUT_OF_MEMORY = (
    b"MemoryError",
    b"failed to allocate",
    b"Cannot allocate memory",
    b"out of memory",
)


@dataclass(frozen=True)
class RenderLimits:
    """How long (seconds, from the job) and how much memory (MB) one render may take."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB


@dataclass(frozen=True)
class RenderJob:
    """What the render process writes: the context as plain data, with which template."""

    #: :func:`~.payload.plain` of the ReportContext
    context: Any
    template: TemplateInfo
    #: the temporary file the render process writes
    target: Path
    #: the file it becomes (an HTML page's files folder goes beside it)
    output: Path
    #: "pdf" or "html"
    fmt: Literal["pdf", "html"]


class RenderCancelled(ReportError):
    """The render was cancelled (a newer edit, or the user); nothing was written."""


class RenderControl:
    """Lets another thread cancel a render: :meth:`cancel` kills its process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self.cancelled = False

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()

    @property
    def pid(self) -> int | None:
        """The render process's id while it runs (None before and after)."""
        with self._lock:
            process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def _attach(self, process: subprocess.Popen[bytes] | None) -> bool:
        """Follow ``process`` (None: stop following); False if already cancelled."""
        with self._lock:
            self._process = process
            return not self.cancelled


def _send(process: subprocess.Popen[bytes], data: bytes) -> None:
    stdin = process.stdin
    assert stdin is not None
    try:
        stdin.write(data)
        stdin.close()
    except OSError:
        pass  # the process died or was killed: its exit status says why


def render_command() -> list[str]:
    """The render process's command line (the interpreter running us)."""
    return [sys.executable, "-X", "faulthandler", "-m", "workshop_planner.report.worker"]


#: A started render process waiting for its job (see :func:`prestart`), with its stderr file.
_Spawned = tuple[subprocess.Popen[bytes], IO[bytes]]
_spare: _Spawned | None = None
_spare_lock = threading.Lock()


def _spawn() -> _Spawned:
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the RenderProcess that takes it
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        render_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr
    )
    return process, stderr


def prestart() -> None:
    """Start the next render process now, so it imports WeasyPrint before it is needed.

    The CLI calls it first thing for ``report``; the Report page when an edit
    schedules a preview (the pause before it renders hides the import). At
    most one waits; it ends by itself when this process does.
    """
    global _spare
    with _spare_lock:
        if _spare is not None and _spare[0].poll() is None:
            return
        _spare = _spawn()


def _take_spare() -> _Spawned | None:
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    if spare is not None and spare[0].poll() is not None:  # it died meanwhile
        spare[1].close()
        return None
    return spare


@atexit.register
def _drop_spare() -> None:
    spare = _take_spare()
    if spare is not None:
        spare[0].kill()
        spare[0].wait()
        spare[1].close()


class RenderProcess:
    """One render process: spawned on ``__enter__``, killed on ``__exit__`` if still running."""

    def __init__(self, limits: RenderLimits | None = None, control: RenderControl | None = None):
        self.limits = limits or RenderLimits()
        self.control = control or RenderControl()
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    def __enter__(self) -> RenderProcess:
        if self.control.cancelled:
            raise RenderCancelled("The render was cancelled.")
        try:
            self._process, self._stderr = _take_spare() or _spawn()
        except OSError as exc:
            raise ReportError(
                f"The report renderer could not start: {exc.strerror or exc}."
            ) from None
        if not self.control._attach(self._process):
            self._process.kill()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.control._attach(None)
        process = self._process
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()
        if self._stderr is not None:
            self._stderr.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def run(self, job: RenderJob, meanwhile: Callable[[], object] | None = None) -> None:
        """Let the process render ``job``; returns once the file is written, else raises.

        ``meanwhile`` runs here while the process renders (the CLI lists the
        report's checks then); the time limit counts from the job's sending.
        """
        process = self._process
        assert process is not None, "use RenderProcess in a with block"
        data = pickle.dumps((job, self.limits), protocol=pickle.HIGHEST_PROTOCOL)
        deadline = time.monotonic() + self.limits.seconds
        # a thread sends: the pipe takes 64 KB while the process still imports
        sender = threading.Thread(target=_send, args=(process, data), daemon=True)
        sender.start()
        try:
            if meanwhile is not None:
                meanwhile()
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise ReportError(
                f"The report took longer than {self.limits.seconds:g} s to lay out and was "
                "stopped: a template's loops, a very long note or a complex logo may be the cause."
            ) from None
        finally:
            sender.join()
        # the answer is a few bytes, written last: it never fills the pipe
        out = process.stdout.read() if process.stdout is not None else b""
        self._outcome(process.returncode, out)

    def _outcome(self, code: int, out: bytes) -> None:
        if self.control.cancelled:
            raise RenderCancelled("The render was cancelled.")
        if code == 0:
            try:
                # JSON, not pickle: a render process is not trusted to run code here
                kind, message = json.loads(out)
            except (ValueError, TypeError):
                kind, message = "error", "The report renderer gave no answer."
            if kind == "ok":
                return
            if kind == "memory":
                raise ReportError(self._memory_message())
            raise ReportError(str(message)[:1000])
        stderr = self._stderr_text()
        if any(sign in stderr for sign in _OUT_OF_MEMORY):
            raise ReportError(self._memory_message())
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            raise ReportError(
                f"The report renderer crashed ({name}) and was stopped; nothing was written "
                "and the app keeps running (try the shipped template to see whether the "
                "template causes it)."
            )
        last = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ReportError(
            f"The report renderer stopped unexpectedly (exit status {code}): {last[0][:200]}"
        )

    def _memory_message(self) -> str:
        return (
            f"The report needed more than {self.limits.memory_mb} MB of memory to lay out and "
            "was stopped: a very long note, a large logo or a template's loops may be the cause."
        )

    def _stderr_text(self) -> bytes:
        if self._stderr is None:
            return b""
        self._stderr.seek(0)
        return self._stderr.read()[-20000:]
