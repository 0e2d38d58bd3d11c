"""The render process: ``python -m workshop_planner.report.worker`` (see :mod:`.process`).

Imports Jinja2 and WeasyPrint while its parent reads the workspace, then
reads one pickled ``(RenderJob, RenderLimits)`` from stdin, limits its own
address space, writes the report to the job's temporary file and answers
``["ok", ""]`` or ``[kind, sentence]`` (JSON) on its original stdout. It never opens
the workspace and dies with its parent.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import signal
import sys
from typing import Any

from workshop_planner.report.errors import ReportError
from workshop_planner.report.fonts import font_coverage
from workshop_planner.report.payload import Record
from workshop_planner.report.process import RenderJob, RenderLimits
from workshop_planner.report.render import fonts_dir, write_report_file


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies (a crashed app leaves no render behind)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the line above
        os._exit(1)


def _limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _render(job: RenderJob) -> tuple[str, str]:
    try:
        write_report_file(job.context, job.template, job.target, output=job.output, fmt=job.fmt)
    except ReportError as exc:
        return "error", str(exc)
    except MemoryError:
        return "memory", ""
    except RecursionError:
        return "error", "The report is nested too deeply to lay out."
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return "error", f"The report could not be written{where}: {exc.strerror or exc}."
    except Exception as exc:
        return "error", f"Unexpected {type(exc).__name__} while rendering the report: {exc}."
    return "ok", ""


def main() -> int:
    # the answer goes to the original stdout; anything a library prints goes to stderr
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _die_with_parent()
    font_coverage(fonts_dir())  # cached, read while the parent still builds the context
    try:
        job, limits = pickle.load(sys.stdin.buffer)  # noqa: S301 - our parent's job
    except EOFError:
        return 0  # the parent went away or cancelled before sending a job
    assert isinstance(job, RenderJob)
    assert isinstance(limits, RenderLimits)
    assert isinstance(job.context, Record)
    _limit_memory(limits.memory_mb)
    outcome: Any = _render(job)
    answer.write(json.dumps(outcome).encode("utf-8"))
    answer.flush()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stderr.flush()
    # The file is written and synced and the answer sent: skip the interpreter's
    # teardown of WeasyPrint & co. (0.1-0.3 s the parent would wait for, measured).
    os._exit(code)
