"""Exporting an event's report: the one entry point of the CLI and the app.

The context is built in this process; a render process (:mod:`.process`)
lays it out under a time and a memory limit, so a hostile template, note or
logo, or a crash in Pango, ends with one sentence instead of taking the app
down. This module imports neither WeasyPrint nor Jinja2's rendering: the
render process does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from workshop_planner.report.errors import ReportError
from workshop_planner.report.templates import find_template

if TYPE_CHECKING:
    from workshop_planner.report.process import RenderControl, RenderLimits
    from workshop_planner.store import Workspace

ReportFormat = Literal["pdf", "html"]


def export_report(
    workspace: Workspace,
    event_id: str,
    output: Path,
    *,
    template: str | None = None,
    fmt: ReportFormat | str = "pdf",
    page_size: str | None = None,
    limits: RenderLimits | None = None,
    control: RenderControl | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Path:
    """Write the event's report to ``output`` (PDF, or HTML with its files).

    The file appears whole or not at all: the render process writes a
    temporary file in the same folder and this process moves it into place
    once it succeeded. ``fmt`` is "pdf" or "html" (any other string is refused
    with a :class:`ReportError`, so callers may pass what a user typed).
    ``limits`` bound the render's time and memory; ``control`` lets another
    thread cancel it; ``meanwhile`` runs here while the render process lays
    the report out (the CLI lists the checks then). Every failure, the render
    process's included, is a :class:`ReportError` of one sentence.
    """
    from workshop_planner.report.context import build_context, normalise_page_size
    from workshop_planner.report.payload import plain
    from workshop_planner.report.process import RenderJob, RenderProcess

    output = Path(output)
    if fmt not in ("pdf", "html"):
        raise ReportError(f"“{fmt}” is not a report format (pdf or html).")
    if not output.parent.is_dir():
        raise ReportError(f"The folder {output.parent} does not exist.")
    if output.is_dir():
        raise ReportError(f"{output} is a folder; give a file name for the report.")
    size = normalise_page_size(page_size)
    # Started first: the render process imports WeasyPrint while this one reads the workspace.
    with RenderProcess(limits, control) as process:
        context = build_context(workspace, event_id)
        info = find_template(template or context.template or "event-report")
        if size is not None:
            context = dataclasses.replace(context, page_size=size)
        payload = plain(context)
        with _reserved_file(output) as temp:
            process.run(
                RenderJob(
                    context=payload,
                    template=info,
                    target=temp,
                    output=output,
                    fmt="pdf" if fmt == "pdf" else "html",
                ),
                meanwhile,
            )
            os.replace(temp, output)
    return output


@contextlib.contextmanager
def _reserved_file(output: Path) -> Iterator[Path]:
    """An empty temporary file beside ``output`` (removed unless it was moved into place)."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent)
    except OSError as exc:
        raise ReportError(
            f"The report cannot be written in {output.parent}: {exc.strerror or exc}."
        ) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        # mkstemp makes the file private (0600); give it the usual mode for new files
        os.fchmod(fd, 0o666 & ~umask)
        os.close(fd)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)
