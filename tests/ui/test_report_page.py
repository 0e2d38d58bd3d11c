"""The report page: settings saved with undo, PDF export and preview on a worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtPdf import QPdfDocument

from workshop_planner.services import event_editing as ee
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.report_page import ReportView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


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
    return widget


def test_sections_and_texts_are_saved_with_undo(view: ReportView, workspace: Workspace) -> None:
    event_id = view.event_id
    assert view.objectName() == "reportView"
    assert view.template.currentData() == "event-report"
    view._sections["contacts"].setChecked(False)
    assert "contacts" not in ee.get_report_settings(workspace, event_id).sections
    view._texts["closing"].setPlainText("Thank you all.")
    view.flush_texts()
    assert ee.get_report_settings(workspace, event_id).closing == "Thank you all."
    view.undo_stack.undo()
    assert ee.get_report_settings(workspace, event_id).closing is None
    assert view._texts["closing"].toPlainText() == ""
    view.undo_stack.undo()
    assert "contacts" in ee.get_report_settings(workspace, event_id).sections
    assert view._sections["contacts"].isChecked()


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


def test_export_pdf_and_preview(view: ReportView, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with qtbot.waitSignal(view.rendered, timeout=120_000) as blocker:
        assert view.export_pdf(target) is not None
        assert view.progress.isVisibleTo(view)
    assert blocker.args == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")
    assert not view.progress.isVisibleTo(view)
    with qtbot.waitSignal(view.rendered, timeout=120_000):
        view.refresh_preview()
    assert view.document.status() == QPdfDocument.Status.Ready
    assert view.document.pageCount() >= 1
    assert "pages" in view.status.text()


def test_export_error_is_one_sentence(view: ReportView, qtbot, tmp_path: Path) -> None:
    with qtbot.waitSignal(view.renderFailed, timeout=60_000) as blocker:
        view.export_pdf(tmp_path / "missing-folder" / "report.pdf")
    assert "does not exist" in blocker.args[0]
    assert view.export_button.isEnabled()
