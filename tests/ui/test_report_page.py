"""The report page: settings and drafted texts with undo, checks, export, a live preview."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication, QMessageBox

from workshop_planner.services import curation
from workshop_planner.services import event_editing as ee
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.report_page import ReportView
from workshop_planner.ui.studio.commands import UpdateThemeCommand

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def view(qtbot, workspace: Workspace, factory) -> ReportView:
    event = factory.event()
    factory.theme(event, key_message="Mayors lead.", summary="Cities act first.")
    ee.update_report_settings(workspace, event.id, {})  # a settings row
    stack = QUndoStack()
    widget = ReportView(Operations(workspace, stack))
    widget._stack = stack
    qtbot.addWidget(widget)
    widget.set_event(event.id)
    yield widget
    QThreadPool.globalInstance().waitForDone(120_000)


def _pdf_text(path: str | Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_sections_are_saved_with_undo(view: ReportView, workspace: Workspace) -> None:
    event_id = view.event_id
    assert view.objectName() == "reportView"
    assert view.template.currentData() == "event-report"
    view._sections["contacts"].setChecked(False)
    assert "contacts" not in ee.get_report_settings(workspace, event_id).sections
    view.undo_stack.undo()
    assert "contacts" in ee.get_report_settings(workspace, event_id).sections
    assert not view._sections["contacts"].isChecked()  # hidden: the page follows when shown
    view.show()
    assert view._sections["contacts"].isChecked()


def test_drafted_texts_edit_into_overrides_and_reset(
    view: ReportView, qtbot, workspace: Workspace
) -> None:
    event_id = view.event_id
    view.show()
    row = view.draft_row("summary_opening")
    drafted = {d.key: d for d in curation.drafted_texts(workspace, event_id)}
    draft = drafted["summary_opening"].draft
    assert draft  # the opening is drafted from the event
    assert row.edit.isReadOnly()
    assert row.edit.toPlainText() == draft
    assert not row.reset_button.isEnabled()

    qtbot.mouseClick(row.edit_button, LEFT)
    assert not row.edit.isReadOnly()
    assert curation.drafted_texts(workspace, event_id)[0].override == draft
    row.edit.selectAll()
    qtbot.keyClicks(row.edit, "Our own opening.")
    view.flush_texts()
    printed = {d.key: d for d in curation.drafted_texts(workspace, event_id)}
    assert printed["summary_opening"].override == "Our own opening."
    assert row.reset_button.isEnabled()
    assert "your text" in row.state.text()

    qtbot.mouseClick(row.reset_button, LEFT)
    printed = {d.key: d for d in curation.drafted_texts(workspace, event_id)}
    assert printed["summary_opening"].override is None
    assert row.edit.isReadOnly()
    assert row.edit.toPlainText() == draft
    view.undo_stack.undo()  # the reset
    assert row.edit.toPlainText() == "Our own opening."
    view.undo_stack.undo()  # the typing
    view.undo_stack.undo()  # "Edit"
    printed = {d.key: d for d in curation.drafted_texts(workspace, event_id)}
    assert printed["summary_opening"].override is None


def test_last_section_cannot_be_unticked(view: ReportView, workspace: Workspace) -> None:
    for name, box in view._sections.items():
        if name != "summary":
            box.setChecked(False)
    messages: list[str] = []
    view.failed.connect(messages.append)
    view._sections["summary"].setChecked(False)
    assert messages == ["A report needs at least one section."]
    assert view._sections["summary"].isChecked()
    assert ee.get_report_settings(workspace, view.event_id).sections == ("summary",)


def test_checks_are_listed_and_lead_to_the_place(
    view: ReportView, qtbot, qtmodeltester, workspace: Workspace
) -> None:
    checks = view.checks()
    assert checks, "a theme without featured notes is a check"
    qtmodeltester.check(view.checks_model)
    theme_check = next(c for c in checks if c.target_kind == "theme")
    row = checks.index(theme_check)
    view.show()
    rect = view.checks_view.visualRect(view.checks_model.index(row))
    with qtbot.waitSignal(view.navigateRequested) as blocker:
        qtbot.mouseClick(view.checks_view.viewport(), LEFT, pos=rect.center())
    assert blocker.args == ["theme", theme_check.target_id]


def test_export_asks_first_when_checks_are_open(view: ReportView, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    assert view.checks()
    seen: list[str] = []

    def answer(button: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.informativeText())
        for b in box.buttons():
            if b.text().replace("&", "") == button:
                b.click()

    QTimer.singleShot(0, lambda: answer("Cancel"))
    assert not view.export_pdf(target)
    assert not target.exists()
    assert view.checks()[0].message in seen[0]
    QTimer.singleShot(0, lambda: answer("Export anyway"))
    with qtbot.waitSignal(view.exported, timeout=120_000):
        assert view.export_pdf(target)
    assert target.read_bytes().startswith(b"%PDF")


def test_export_pdf_and_preview(view: ReportView, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with qtbot.waitSignal(view.exported, timeout=120_000) as blocker:
        assert view.export_pdf(target, confirm=False)
        assert view.progress.isVisibleTo(view)
    assert blocker.args == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")
    assert not view.progress.isVisibleTo(view)
    assert view.open_button.isVisibleTo(view)
    assert view.folder_button.isVisibleTo(view)
    assert str(target) in view.status.text()
    assert view.exported_path == target
    with qtbot.waitSignal(view.rendered, timeout=120_000):
        view.refresh_preview()
    assert view.document.status() == QPdfDocument.Status.Ready
    assert view.document.pageCount() >= 1
    assert "pages" in view.status.text()


def test_export_error_is_one_sentence(view: ReportView, qtbot, tmp_path: Path) -> None:
    with qtbot.waitSignal(view.renderFailed, timeout=60_000) as blocker:
        view.export_pdf(tmp_path / "missing-folder" / "report.pdf", confirm=False)
    assert "does not exist" in blocker.args[0]
    assert view.export_button.isEnabled()


def test_ten_quick_edits_render_the_preview_at_most_twice(
    view: ReportView, qtbot, workspace: Workspace
) -> None:
    view.show()
    qtbot.waitUntil(lambda: not view.rendering and not view._preview_timer.isActive())
    qtbot.waitUntil(lambda: not view.rendering, timeout=120_000)
    started: list[int] = []
    view.previewStarted.connect(lambda: started.append(1))
    rendered: list[str] = []
    view.rendered.connect(rendered.append)
    theme = curation.list_themes(workspace, view.event_id)[0]
    title = theme.title
    for i in range(10):
        command = UpdateThemeCommand(
            workspace, view.event_id, theme.id, {"title": title}, {"title": f"Theme v{i}"}
        )
        title = f"Theme v{i}"
        assert view.operations.push(command)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: len(rendered) >= 1, timeout=120_000)
    qtbot.waitUntil(
        lambda: not view.rendering and not view._preview_timer.isActive(), timeout=120_000
    )
    qtbot.wait(700)  # nothing more comes
    assert 1 <= len(started) <= 2
    assert "Theme v9" in _pdf_text(rendered[-1])  # the newest edit won


def test_preview_keeps_page_and_zoom(view: ReportView, qtbot) -> None:
    view.resize(1300, 800)
    view.show()
    with qtbot.waitSignal(view.rendered, timeout=120_000):
        view.refresh_preview()
    assert view.document.pageCount() >= 2
    view.preview.setFocus()
    view.zoom_in_action.trigger()
    assert view.preview.zoomMode() == QPdfView.ZoomMode.Custom
    factor = view.preview.zoomFactor()
    bar = view.preview.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    with qtbot.waitSignal(view.rendered, timeout=120_000):
        view.refresh_preview()
    qtbot.wait(50)
    assert view.preview.zoomMode() == QPdfView.ZoomMode.Custom
    assert view.preview.zoomFactor() == pytest.approx(factor)
    assert abs(bar.value() - scrolled) <= 2


def test_a_section_check_leads_to_its_box(view: ReportView, qtbot) -> None:
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    sections = [c for c in view.checks() if c.target_kind == "section"]
    assert sections, [c.code for c in view.checks()]
    check = sections[0]
    row = view.checks().index(check)
    view.checks_view.setFocus()
    view.checks_view.setCurrentIndex(view.checks_model.index(row))
    with qtbot.waitSignal(view.navigateRequested) as blocker:
        qtbot.keyClick(view.checks_view, Qt.Key.Key_Return)
    assert blocker.args == ["section", check.target_id]
    assert QApplication.focusWidget() is view._sections[check.target_id]


# --- the render process: rendering state, cancelling ---------------------------------

#: a template that lays out nothing for a very long time (10⁹ loop steps)
SLOW_TEMPLATE = (
    '{% set s = "x" * 1000 %}'
    "{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}"
)


@pytest.fixture
def slow_view(qtbot, workspace: Workspace, factory) -> ReportView:
    """A report page whose event prints with a template that never finishes."""
    from workshop_planner.report import user_templates_dir

    folder = user_templates_dir() / "slow"
    folder.mkdir(parents=True)
    (folder / "template.html.j2").write_text(SLOW_TEMPLATE)
    event = factory.event()
    factory.theme(event, key_message="Mayors lead.", summary="Cities act first.")
    ee.update_report_settings(workspace, event.id, {"template": "slow"})
    stack = QUndoStack()
    widget = ReportView(Operations(workspace, stack))
    widget._stack = stack
    qtbot.addWidget(widget)
    widget.set_event(event.id)
    yield widget
    widget.renderer.cancel()
    QThreadPool.globalInstance().waitForDone(60_000)


def _render_pid(view: ReportView, qtbot) -> int:
    current = view.renderer._current
    assert current is not None
    qtbot.waitUntil(lambda: current.control.pid is not None, timeout=30_000)
    pid = current.control.pid
    assert pid is not None
    return pid


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_an_edit_shows_rendering_then_the_preview_while_the_window_runs(
    view: ReportView, qtbot, workspace: Workspace
) -> None:
    view.show()
    qtbot.waitUntil(lambda: not view.rendering and not view._preview_timer.isActive())
    qtbot.waitUntil(lambda: not view.rendering, timeout=120_000)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    theme = curation.list_themes(workspace, view.event_id)[0]
    command = UpdateThemeCommand(
        workspace, view.event_id, theme.id, {"title": theme.title}, {"title": "Renamed theme"}
    )
    with qtbot.waitSignal(view.previewStarted, timeout=10_000):
        assert view.operations.push(command)
    assert view.rendering
    assert view.status.text() == "Rendering the preview…"
    assert view.progress.isVisible()
    started = len(ticks)
    with qtbot.waitSignal(view.rendered, timeout=120_000) as blocker:
        pass
    timer.stop()
    assert len(ticks) - started >= 10, "the event loop kept running while the report rendered"
    assert "Renamed theme" in _pdf_text(blocker.args[0])
    assert view.status.text().startswith("Preview: ")
    assert not view.progress.isVisible()


def test_a_newer_edit_kills_the_older_render(slow_view: ReportView, qtbot) -> None:
    view = slow_view
    view.show()
    with qtbot.waitSignal(view.previewStarted, timeout=10_000):
        pass
    first = _render_pid(view, qtbot)
    # the user picks the shipped template: an edit, so a new preview
    view.template.setFocus()
    qtbot.keyClick(view.template, Qt.Key.Key_Up)
    qtbot.keyClick(view.template, Qt.Key.Key_Up)
    assert view.settings.template == "event-report"
    with qtbot.waitSignal(view.rendered, timeout=120_000):
        pass
    assert _gone(first)
    assert view.document.pageCount() >= 1


def test_an_export_can_be_cancelled(slow_view: ReportView, qtbot, tmp_path: Path) -> None:
    view = slow_view
    view.show()
    with qtbot.waitSignal(view.previewStarted, timeout=10_000):
        pass
    preview = _render_pid(view, qtbot)
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    assert view.export_pdf(target, confirm=False)  # the preview makes way for it
    assert view.cancel_button.isVisible()
    assert view.status.text() == "Writing the report…"
    export = _render_pid(view, qtbot)
    qtbot.waitUntil(lambda: _gone(preview), timeout=10_000)
    messages: list[str] = []
    view.message.connect(messages.append)
    with qtbot.waitSignal(view.previewStarted, timeout=10_000):  # then renders again
        qtbot.mouseClick(view.cancel_button, LEFT)
    assert messages == ["Export cancelled; nothing was written."]
    assert not view.cancel_button.isVisible()
    assert view.renderer.kind == "preview"
    qtbot.waitUntil(lambda: _gone(export), timeout=10_000)
    # the export's thread removes its reserved file once it hears of the cancel
    qtbot.waitUntil(lambda: list(target.parent.iterdir()) == [], timeout=10_000)


def test_a_crashed_render_is_one_sentence_and_the_next_preview_works(
    slow_view: ReportView, qtbot
) -> None:
    view = slow_view
    view.show()
    with qtbot.waitSignal(view.previewStarted, timeout=10_000):
        pass
    pid = _render_pid(view, qtbot)
    with qtbot.waitSignal(view.renderFailed, timeout=30_000) as blocker:
        os.kill(pid, signal.SIGSEGV)  # as Pango did with an empty style.css
    assert blocker.args[0].startswith("The report renderer crashed (SIGSEGV) and was stopped;")
    assert view.status.text() == blocker.args[0]
    assert not view.rendering
    view.template.setFocus()
    qtbot.keyClick(view.template, Qt.Key.Key_Up)
    qtbot.keyClick(view.template, Qt.Key.Key_Up)
    with qtbot.waitSignal(view.rendered, timeout=120_000):
        pass
    assert view.document.pageCount() >= 1


PREVIEW_IN_FRESH_PROCESS = """
import json, sys
from PySide6.QtWidgets import QApplication
from workshop_planner.store import open_workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.report_page import ReportView
app = QApplication([])
ws = open_workspace(sys.argv[1])
view = ReportView(Operations(ws))
paths = []
view.rendered.connect(lambda path: (paths.append(path), app.quit()))
view.renderFailed.connect(lambda message: (paths.append(message), app.quit()))
view.set_event(sys.argv[2])
view.refresh_preview()
app.exec()
pages = view.preview_pane.document.pageCount()
print(json.dumps({"pages": pages, "weasyprint": "weasyprint" in sys.modules}))
"""


def test_the_window_process_renders_a_preview_without_importing_weasyprint(
    tmp_path: Path, workspace: Workspace, factory
) -> None:
    """WeasyPrint (and its Pango) load in the render process only: the window's
    process shows the preview without holding them (a fresh interpreter)."""
    import json
    import subprocess
    import sys

    event = factory.event()
    factory.theme(event, key_message="Mayors lead.")
    ee.update_report_settings(workspace, event.id, {})
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-c", PREVIEW_IN_FRESH_PROCESS, str(workspace.path), event.id],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["pages"] >= 1
    assert result["weasyprint"] is False
