"""Templates (shipped and the user's), the programme, HTML export and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Factory
from tests.report.conftest import (
    build_known_event,
    environment_for_subprocess,
    pdf_reader,
    pdf_text,
)
from workshop_planner import cli
from workshop_planner.report import (
    ReportError,
    build_context,
    export_report,
    list_templates,
    render_html,
    user_templates_dir,
)
from workshop_planner.resources import report_templates_dir
from workshop_planner.store import Workspace, open_workspace


def test_shipped_templates_are_listed_with_their_manifest() -> None:
    templates = {t.name: t for t in list_templates()}
    assert {"event-report", "programme"} <= set(templates)
    assert templates["event-report"].title == "Event report"
    assert templates["programme"].description
    assert not templates["event-report"].user


def test_a_user_template_wins_a_name_clash(tmp_path: Path, factory: object) -> None:
    folder = user_templates_dir() / "event-report"
    shutil.copytree(report_templates_dir() / "event-report", folder)
    (folder / "manifest.json").write_text(json.dumps({"name": "Our house style"}))
    (folder / "template.html.j2").write_text("<p>Custom for {{ report.event.title }}</p>")
    templates = {t.name: t for t in list_templates()}
    assert templates["event-report"].user
    assert templates["event-report"].title == "Our house style"


def test_user_template_renders_and_unknown_template_is_refused(workspace: Workspace) -> None:
    known = build_known_event(workspace)
    context = build_context(workspace, known.event_id)
    folder = user_templates_dir() / "plain"
    folder.mkdir(parents=True)
    (folder / "template.html.j2").write_text(
        "<p>{{ report.event.title }} {{ report.event.subtitle }}</p>"
    )
    assert (
        render_html(context, "plain")
        == "<p>Cities on the Front-lines Safeguarding local democracy</p>"
    )
    with pytest.raises(ReportError, match="no report template called “nope”"):
        render_html(context, "nope")
    with pytest.raises(ReportError, match="not a report template name"):
        render_html(context, "../event-report")


def test_templates_are_strict_and_sandboxed(workspace: Workspace) -> None:
    known = build_known_event(workspace)
    context = build_context(workspace, known.event_id)
    folder = user_templates_dir()
    (folder / "typo").mkdir(parents=True)
    (folder / "typo" / "template.html.j2").write_text("{{ report.event.no_such_field }}")
    with pytest.raises(ReportError, match="no_such_field"):
        render_html(context, "typo")
    (folder / "escape").mkdir()
    (folder / "escape" / "template.html.j2").write_text("{% include '../event-report/style.css' %}")
    with pytest.raises(ReportError):
        render_html(context, "escape")
    (folder / "unsafe").mkdir()
    (folder / "unsafe" / "template.html.j2").write_text("{{ report.__class__.__mro__ }}")
    with pytest.raises(ReportError):
        render_html(context, "unsafe")


def test_programme_lists_days_times_zone_speakers_and_field_visits(workspace: Workspace) -> None:
    known = build_known_event(workspace)
    html = render_html(build_context(workspace, known.event_id), "programme")
    assert "Thursday, 15 June 2023" in html
    assert "Friday, 16 June 2023" in html
    assert "09:30" in html
    assert "Central European Summer Time (Europe/Berlin)" in html
    assert "Festsaal" in html
    assert "Clarence Anthony</strong>, Executive Director, National League of Cities" in html
    assert "Main entrance" in html
    assert "U-Bahn" in html
    assert "1 of 12 taken" in html
    assert "Official 0" in html


def test_html_export_writes_the_page_and_its_files(workspace: Workspace, tmp_path: Path) -> None:
    known = build_known_event(workspace)
    folder = tmp_path / "export"
    folder.mkdir()
    out = folder / "report.html"
    assert export_report(workspace, known.event_id, out, fmt="html") == out
    html = out.read_text(encoding="utf-8")
    assert 'href="report_files/template/style.css"' in html
    files = folder / "report_files"
    assert (files / "template" / "style.css").is_file()
    assert not (files / "template" / "template.html.j2").exists()
    assert (files / "fonts" / "SourceSansPro-Regular.ttf").is_file()
    assert (files / "fonts" / "OFL.txt").is_file()
    # exporting again replaces the files folder and leaves no temporary files behind
    export_report(workspace, known.event_id, out, fmt="html")
    assert sorted(p.name for p in folder.iterdir()) == ["report.html", "report_files"]


def test_bad_output_and_page_size_are_refused_without_writing(
    workspace: Workspace, tmp_path: Path
) -> None:
    known = build_known_event(workspace)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ReportError, match="does not exist"):
        export_report(workspace, known.event_id, out / "missing" / "r.pdf")
    with pytest.raises(ReportError, match="not a page size"):
        export_report(workspace, known.event_id, out / "r.pdf", page_size="B7")
    with pytest.raises(ReportError, match="no event"):
        export_report(workspace, "no-such-id", out / "r.pdf")
    assert list(out.iterdir()) == []


def test_cli_writes_pdf_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws_path = tmp_path / "ws.sqlite3"
    with open_workspace(ws_path) as ws:
        known = build_known_event(ws)
    pdf = tmp_path / "out.pdf"
    assert cli.main(["--workspace", str(ws_path), "report", known.event_id, "-o", str(pdf)]) == 0
    assert "Wrote" in capsys.readouterr().err
    text = pdf_text(pdf.read_bytes())
    assert "Key Themes" in text
    html = tmp_path / "out.html"
    code = cli.main(
        [
            "--workspace",
            str(ws_path),
            "report",
            known.event_id,
            "-o",
            str(html),
            "--format",
            "html",
            "--template",
            "programme",
        ]
    )
    assert code == 0
    assert "Festsaal" in html.read_text(encoding="utf-8")
    assert (tmp_path / "out_files" / "template" / "style.css").is_file()


def test_cli_entry_point_in_a_subprocess(tmp_path: Path) -> None:
    ws_path = tmp_path / "ws.sqlite3"
    with open_workspace(ws_path) as ws:
        known = build_known_event(ws)
    out = tmp_path / "sub.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "workshop_planner",
            "--workspace",
            str(ws_path),
            "report",
            known.event_id,
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment_for_subprocess(tmp_path / "home"),
    )
    assert result.returncode == 0, result.stderr
    assert len(pdf_reader(out.read_bytes()).pages) >= 3


def test_an_event_with_nothing_captured_prints_no_empty_sections(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event(convenor=None, venue_city=None, venue_country=None, subtitle=None)
    context = build_context(workspace, event.id)
    for name in ("event-report", "programme"):
        html = render_html(context, name)
        assert re.search(r"\bNone\b", html) is None
        assert "<h2" not in html or name == "programme"
    report = render_html(context, "event-report")
    assert "Cities on the Front-lines" in report
    assert "15 – 16 June 2023" in report
    assert 'name="author"' not in report
    assert "The programme has no sessions yet." in render_html(context, "programme")
