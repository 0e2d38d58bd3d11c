"""Rendering in a process of its own: same PDF, cancel, time and memory limits, crashes.

Real render processes (``python -m workshop_planner.report.worker``), real
WeasyPrint, PDFs read back with pypdf.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import Factory, written_before_the_limits
from tests.report.conftest import pdf_text
from workshop_planner.domain import models as m
from workshop_planner.report import (
    ReportError,
    build_context,
    export_report,
    render_html,
    render_pdf,
    user_templates_dir,
)
from workshop_planner.report.process import RenderCancelled, RenderControl, RenderLimits
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import Workspace

#: a template that lays out nothing for a very long time (10⁹ loop steps, no range())
SLOW_TEMPLATE = (
    '{% set s = "x" * 1000 %}'
    "{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}"
)


@pytest.fixture
def sample(workspace: Workspace) -> str:
    return load_sample_event(workspace).event_id


def _user_template(name: str, source: str) -> str:
    folder = user_templates_dir() / name
    folder.mkdir(parents=True)
    (folder / "template.html.j2").write_text(source)
    return name


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The folder reports are written to (the workspace is beside it, in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_render_process_writes_the_same_pdf_as_the_render_api(
    workspace: Workspace, sample: str, out: Path
) -> None:
    target = out / "report.pdf"
    assert export_report(workspace, sample, target) == target
    context = build_context(workspace, sample)
    in_process = render_pdf(render_html(context), assets=context.assets)
    exported = pdf_text(target.read_bytes())
    assert "Cities on the Front Lines" in exported
    assert exported == pdf_text(in_process)
    assert _leftovers(out) == ["report.pdf"]  # no temporary file left


def test_page_size_and_html_go_through_the_render_process(
    workspace: Workspace, sample: str, out: Path
) -> None:
    page = export_report(workspace, sample, out / "report.html", fmt="html", page_size="letter")
    html = page.read_text()
    assert "Cities on the Front Lines" in html
    assert "Letter" in html
    assert (out / "report_files" / "template" / "style.css").is_file()


class _Background:
    """export_report on a thread, as the app runs it."""

    def __init__(self, workspace: Workspace, event_id: str, target: Path, **kw: object) -> None:
        self.control = RenderControl()
        self.error: BaseException | None = None
        self.done = threading.Event()

        def run() -> None:
            try:
                export_report(workspace, event_id, target, control=self.control, **kw)  # type: ignore[arg-type]
            except BaseException as exc:
                self.error = exc
            finally:
                self.done.set()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def wait_for_process(self) -> int:
        deadline = time.monotonic() + 30
        while self.control.pid is None:
            assert time.monotonic() < deadline, "the render process never started"
            time.sleep(0.01)
        pid = self.control.pid
        assert pid is not None
        return pid


@pytest.fixture
def slow(workspace: Workspace, sample: str) -> str:
    return _user_template("slow", SLOW_TEMPLATE)


def test_cancel_kills_the_render_process_and_writes_nothing(
    workspace: Workspace, sample: str, slow: str, out: Path
) -> None:
    target = out / "report.pdf"
    render = _Background(workspace, sample, target, template=slow)
    pid = render.wait_for_process()
    time.sleep(0.5)  # it is rendering now
    started = time.monotonic()
    render.control.cancel()
    assert render.done.wait(10)
    assert time.monotonic() - started < 5
    assert isinstance(render.error, RenderCancelled)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped
    assert _leftovers(out) == []


def test_the_time_limit_stops_a_render_with_one_sentence(
    workspace: Workspace, sample: str, slow: str, out: Path
) -> None:
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        export_report(
            workspace, sample, out / "r.pdf", template=slow, limits=RenderLimits(seconds=1)
        )
    assert time.monotonic() - started < 15
    message = str(caught.value)
    assert message.startswith("The report took longer than 1 s to lay out and was stopped: ")
    assert message.count(". ") == 0
    assert _leftovers(out) == []


def test_the_memory_limit_stops_a_render_with_one_sentence(
    workspace: Workspace, sample: str, out: Path
) -> None:
    with pytest.raises(ReportError) as caught:
        export_report(workspace, sample, out / "r.pdf", limits=RenderLimits(memory_mb=60))
    assert str(caught.value).startswith(
        "The report needed more than 60 MB of memory to lay out and was stopped: "
    )
    assert _leftovers(out) == []


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_a_render_process_that_dies_gives_one_sentence(
    workspace: Workspace, sample: str, slow: str, out: Path, sig: signal.Signals
) -> None:
    render = _Background(workspace, sample, out / "r.pdf", template=slow)
    pid = render.wait_for_process()
    time.sleep(0.5)
    os.kill(pid, sig)
    assert render.done.wait(10)
    assert isinstance(render.error, ReportError)
    assert not isinstance(render.error, RenderCancelled)
    assert f"The report renderer crashed ({sig.name}) and was stopped" in str(render.error)
    assert _leftovers(out) == []
    # this process goes on: the next render works
    assert export_report(workspace, sample, out / "next.pdf").is_file()


def test_nested_range_loops_end_with_a_message(
    workspace: Workspace, sample: str, out: Path
) -> None:
    name = _user_template(
        "loops", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(ReportError, match=r"more than 1,000,000 steps with range\(\)"):
        export_report(workspace, sample, out / "r.pdf", template=name)
    assert time.monotonic() - started < 15


def test_the_workspace_stays_writable_while_a_report_renders(
    workspace: Workspace, sample: str, slow: str, out: Path
) -> None:
    render = _Background(workspace, sample, out / "r.pdf", template=slow)
    render.wait_for_process()
    time.sleep(0.5)
    try:
        with workspace.transaction() as db:
            db.execute(text("UPDATE events SET title = title"))
    finally:
        render.control.cancel()
        assert render.done.wait(10)


def _hostile_event(factory: Factory, *, note: str = "", logo: bytes = b"") -> str:
    """Data stored before the limits at the door existed (they refuse it now)."""
    with written_before_the_limits():
        return _store_hostile_event(factory, note=note, logo=logo)


def _store_hostile_event(factory: Factory, *, note: str, logo: bytes) -> str:
    event = factory.event()
    theme = factory.theme(event, key_message="Mayors lead.")
    if note:
        n = factory.note(event, text=note, featured=True)
        factory._add(m.NoteTheme(note_id=n.id, theme_id=theme.id))
    if logo:
        asset = factory._add(m.Asset(media_type="image/svg+xml", data=logo))
        factory._add(m.Partner(event_id=event.id, name="P", role="donor", logo_id=asset.id))
    return event.id


def _nested_use_svg(levels: int = 11) -> bytes:
    """A 1 KB logo whose ``<use>`` elements multiply to 10¹¹ rectangles."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="100" height="100"><defs><rect id="a0" width="1" height="1"/>'
    )
    for i in range(1, levels + 1):
        svg += f'<g id="a{i}">' + f'<use xlink:href="#a{i - 1}"/>' * 10 + "</g>"
    return (svg + f'</defs><use xlink:href="#a{levels}"/></svg>').encode()


STOPPED = (
    r"^The report (took longer than \d+ s|needed more than \d+ MB of memory) to lay out "
    r"and was stopped: [^.]*\.$"
)


def test_a_nested_use_logo_stored_before_the_limits_is_left_out(
    workspace: Workspace, factory: Factory, out: Path
) -> None:
    # the report's fetcher refuses the logo (domain.image_limits), so the render
    # never meets it; were it served, the time limit would stop the render
    event_id = _hostile_event(factory, logo=_nested_use_svg())
    started = time.monotonic()
    export_report(workspace, event_id, out / "r.pdf", limits=RenderLimits(seconds=10))
    assert time.monotonic() - started < 20
    assert (out / "r.pdf").read_bytes().startswith(b"%PDF")


def test_a_huge_note_ends_within_the_limits(
    workspace: Workspace, factory: Factory, out: Path
) -> None:
    event_id = _hostile_event(factory, note="word " * 1_000_000)  # 5 MB, one paragraph
    started = time.monotonic()
    with pytest.raises(ReportError, match=STOPPED):
        export_report(
            workspace, event_id, out / "r.pdf", limits=RenderLimits(seconds=5, memory_mb=300)
        )
    assert time.monotonic() - started < 30
    assert _leftovers(out) == []


def test_a_prestarted_render_process_is_the_one_that_renders(
    workspace: Workspace, sample: str, out: Path
) -> None:
    from workshop_planner.report import process

    process.prestart()
    spare = process._spare
    assert spare is not None
    process.prestart()  # at most one waits
    assert process._spare is spare
    control = RenderControl()
    pids: list[int | None] = []
    export_report(
        workspace,
        sample,
        out / "r.pdf",
        control=control,
        meanwhile=lambda: pids.append(control.pid),
    )
    assert pids == [spare[0].pid]
    assert process._spare is None
    assert spare[0].poll() == 0
    assert pdf_text((out / "r.pdf").read_bytes())
