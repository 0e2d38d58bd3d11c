"""A user template can neither crash, hang nor leak: fonts, symlinks, FIFOs.

An empty ``style.css`` (or one whose ``@font-face`` points at a missing
file) used to leave Pango without any font and kill the process with
SIGSEGV; the shipped fonts are now always loaded. Symlinks in a template
folder are never followed: not by ``{% include %}``, not by the stylesheet
fetcher, not by the HTML export's copy (a symlink to ``/`` included).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.report.conftest import font_descriptors, pdf_reader, pdf_text
from workshop_planner.report import (
    ReportError,
    build_context,
    export_report,
    render_html,
    render_pdf,
    user_templates_dir,
)
from workshop_planner.resources import report_templates_dir
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import Workspace

SECRET = "TOP-SECRET-CONTENT-42"


@pytest.fixture
def sample(workspace: Workspace) -> str:
    return load_sample_event(workspace).event_id


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"body::before {{ content: '{SECRET}'; }} {SECRET}")
    return path


def _copy_of_event_report(name: str) -> Path:
    folder = user_templates_dir() / name
    shutil.copytree(report_templates_dir() / "event-report", folder)
    return folder


def _fonts(pdf: bytes) -> list[tuple[str, set[str]]]:
    return font_descriptors(pdf_reader(pdf))


def _assert_shipped_fonts_only(pdf: bytes) -> None:
    fonts = _fonts(pdf)
    assert fonts
    for name, files in fonts:
        assert "Source-Sans-Pro" in name, fonts
        assert files, f"{name} is not embedded"


@pytest.mark.parametrize(
    "css",
    [
        "",
        '@font-face { font-family: "Mine"; src: url("missing.ttf"); }'
        ' html { font-family: "Mine"; }',
        "html { font-family: serif; } code { font-family: monospace; }",
    ],
    ids=["empty", "missing-font-file", "generic-families"],
)
def test_any_style_css_renders_with_the_shipped_fonts(
    workspace: Workspace, sample: str, out: Path, css: str
) -> None:
    folder = _copy_of_event_report("restyled")
    (folder / "style.css").write_text(css)
    target = export_report(workspace, sample, out / "r.pdf", template="restyled")
    pdf = target.read_bytes()
    assert "Cities on the Front Lines" in pdf_text(pdf)
    _assert_shipped_fonts_only(pdf)
    # and in this process too (it used to die with SIGSEGV here)
    context = build_context(workspace, sample)
    _assert_shipped_fonts_only(render_pdf(render_html(context, "restyled"), template="restyled"))


def test_an_included_symlink_is_refused_naming_the_file(
    workspace: Workspace, sample: str, out: Path, secret: Path
) -> None:
    folder = user_templates_dir() / "leaky"
    folder.mkdir(parents=True)
    (folder / "part.html").symlink_to(secret)
    (folder / "template.html.j2").write_text("<p>{% include 'part.html' %}</p>")
    context = build_context(workspace, sample)
    with pytest.raises(ReportError) as caught:
        render_html(context, "leaky")
    message = str(caught.value)
    assert "part.html" in message
    assert "symbolic link" in message
    assert SECRET not in message
    with pytest.raises(ReportError, match="symbolic link"):
        export_report(workspace, sample, out / "r.pdf", template="leaky")
    assert list(out.iterdir()) == []


def test_a_symlinked_template_file_or_folder_is_refused(workspace: Workspace, sample: str) -> None:
    context = build_context(workspace, sample)
    inside = user_templates_dir() / "linked"
    inside.mkdir(parents=True)
    real = user_templates_dir() / "real.html.j2"
    real.write_text("<p>hi</p>")
    (inside / "template.html.j2").symlink_to(real)
    with pytest.raises(ReportError, match="symbolic link"):
        render_html(context, "linked")
    (inside / "template.html.j2").unlink()
    (inside / "template.html.j2").write_text("{% include 'parts/x.html' %}")
    (inside / "parts").symlink_to(user_templates_dir())
    with pytest.raises(ReportError, match="symbolic link"):
        render_html(context, "linked")


def test_a_symlinked_stylesheet_is_not_loaded(
    workspace: Workspace, sample: str, out: Path, secret: Path
) -> None:
    folder = _copy_of_event_report("linked-css")
    (folder / "style.css").unlink()
    (folder / "style.css").symlink_to(secret)
    pdf = export_report(workspace, sample, out / "r.pdf", template="linked-css").read_bytes()
    assert SECRET not in pdf_text(pdf)
    _assert_shipped_fonts_only(pdf)


def test_a_fifo_in_the_template_does_not_hang(workspace: Workspace, sample: str, out: Path) -> None:
    folder = user_templates_dir() / "fifo"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.html")
    (folder / "template.html.j2").write_text("{% include 'pipe.html' %}")
    started = time.monotonic()
    with pytest.raises(ReportError, match=r"“pipe\.html” is not a regular file"):
        render_html(build_context(workspace, sample), "fifo")
    assert time.monotonic() - started < 5


def test_html_export_copies_only_regular_files_from_inside(
    workspace: Workspace, sample: str, out: Path, secret: Path
) -> None:
    folder = _copy_of_event_report("exported")
    (folder / "root").symlink_to("/")
    (folder / "secret.css").symlink_to(secret)
    (folder / "images").mkdir()
    (folder / "images" / "logo.txt").write_text("a regular file")
    (folder / "images" / "up").symlink_to(folder.parent)
    os.mkfifo(folder / "pipe")
    started = time.monotonic()
    page = export_report(workspace, sample, out / "r.html", template="exported", fmt="html")
    assert time.monotonic() - started < 30
    copied = out / "r_files" / "template"
    names = sorted(str(p.relative_to(copied)) for p in copied.rglob("*"))
    assert names == ["images", "images/logo.txt", "style.css"]
    assert not any(p.is_symlink() for p in (out / "r_files").rglob("*"))
    assert SECRET not in page.read_text()
