"""The Report page: template, sections and editor texts, PDF export and a live preview.

Rendering (WeasyPrint) runs on the thread pool; the page shows progress and
stays responsive. The report pipeline is imported when first needed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTemporaryDir, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import ReportSection
from workshop_planner.services import event_editing as ee
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui import commands as cmd
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.workers import Worker, start

SECTION_LABELS = {
    "summary": "Summary",
    "threats": "Threats, key challenges and city needs",
    "themes": "Key themes",
    "next_steps": "Next steps",
    "resources": "Additional resources",
    "partners": "Partners",
    "contacts": "Contacts",
}

OVERRIDE_LABELS = {
    "summary_opening": ("Summary opening", "Leave empty to use the drafted opening paragraph"),
    "threats_intro": ("Threats introduction", "Leave empty to use the drafted introduction"),
    "next_steps": ("Next steps", "Leave empty to use the drafted next steps"),
    "closing": ("Closing", "Leave empty to use the drafted closing"),
}


def render_report(workspace: Workspace, event_id: str, output: Path, template: str | None) -> Path:
    """Write the PDF (on a worker thread); report errors become ServiceErrors."""
    from workshop_planner.report import ReportError, export_report

    try:
        return export_report(workspace, event_id, output, template=template, fmt="pdf")
    except ReportError as exc:
        raise ServiceError(str(exc)) from None


def available_templates() -> list[tuple[str, str]]:
    """(name, title) of every report template, or just the default if none can be listed."""
    try:
        from workshop_planner.report import list_templates

        return [(t.name, t.title) for t in list_templates()]
    except Exception:  # the report pipeline is missing or broken: offer the default
        return [("event-report", "Event report")]


class ReportView(QWidget):
    #: one sentence of information to show the user
    message = Signal(str)
    #: one sentence saying what went wrong (shown as an error)
    failed = Signal(str)
    #: a render finished: the path of the PDF
    rendered = Signal(str)
    #: a render failed: one sentence
    renderFailed = Signal(str)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        workspace, undo_stack = operations.workspace, operations.undo_stack
        self.operations = operations
        self.setObjectName("reportView")
        self.ws = workspace
        self.undo_stack = undo_stack
        self.event_id: str | None = None
        self.settings: ee.ReportSettingsData | None = None
        self._tmp = QTemporaryDir()
        self._counter = itertools.count(1)
        self._worker: Worker | None = None
        self._on_done: Callable[[Path], None] = lambda _path: None
        self._stale = True
        self._texts: dict[str, QPlainTextEdit] = {}
        self._sections: dict[str, QCheckBox] = {}
        self.document = QPdfDocument(self)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(800)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._build()
        self.setEnabled(False)
        # Interim (the Report page rebuild follows the channel itself): any change
        # that shows in the report reloads the settings and renders the preview again.
        operations.changed.connect(self._follow)

    def _build(self) -> None:
        form_widget = QWidget()
        form_layout = QVBoxLayout(form_widget)
        form_layout.setContentsMargins(16, 12, 8, 12)

        buttons = QHBoxLayout()
        self.export_button = QPushButton(icon("file-pdf-box"), self.tr("Export PDF…"))
        self.export_button.setObjectName("exportPdf")
        self.export_button.setToolTip(self.tr("Write the report as a PDF file (Ctrl+Shift+P)"))
        self.preview_button = QPushButton(icon("refresh"), self.tr("Refresh preview"))
        self.preview_button.setToolTip(self.tr("Render the report again (F5)"))
        # Actions (listed in the window's Report menu) carry the shortcuts; the
        # buttons trigger them.
        self.export_action = QAction(icon("file-pdf-box"), self.tr("&Export report PDF…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.preview_action = QAction(icon("refresh"), self.tr("&Refresh preview"), self)
        self.preview_action.setShortcut(QKeySequence("F5"))
        for action in (self.export_action, self.preview_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.export_action.triggered.connect(lambda _c=False: self.export_pdf())
        self.preview_action.triggered.connect(lambda _c=False: self.refresh_preview())
        self.export_button.clicked.connect(self.export_action.trigger)
        self.preview_button.clicked.connect(self.preview_action.trigger)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        form_layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        form_layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setProperty("role", "hint")
        form_layout.addWidget(self.status)
        template_box = QGroupBox(self.tr("Template"))
        tform = QFormLayout(template_box)
        self.template = QComboBox()
        self.template.setObjectName("reportTemplate")
        self.template.setAccessibleName(self.tr("Report template"))
        for name, title in available_templates():
            self.template.addItem(title, name)
        self.template.activated.connect(
            lambda _i: self._save({"template": self.template.currentData()})
        )
        tform.addRow(self.tr("Template"), self.template)
        form_layout.addWidget(template_box)

        sections_box = QGroupBox(self.tr("Sections"))
        slayout = QVBoxLayout(sections_box)
        for section in ReportSection:
            box = QCheckBox(self.tr(SECTION_LABELS.get(section.value, section.value)))
            box.setObjectName(f"section_{section.value}")
            box.toggled.connect(self._sections_toggled)
            slayout.addWidget(box)
            self._sections[section.value] = box
        form_layout.addWidget(sections_box)

        texts_box = QGroupBox(self.tr("Texts that replace the drafts"))
        xform = QFormLayout(texts_box)
        xform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for key, (label, placeholder) in OVERRIDE_LABELS.items():
            edit = QPlainTextEdit()
            edit.setObjectName(f"override_{key}")
            edit.setPlaceholderText(self.tr(placeholder))
            edit.setAccessibleName(self.tr(label))
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(64)
            timer = QTimer(edit)
            timer.setSingleShot(True)
            timer.setInterval(1200)
            timer.timeout.connect(lambda k=key: self._text_done(k))
            edit.textChanged.connect(timer.start)
            self._texts[key] = edit
            xform.addRow(self.tr(label), edit)
        form_layout.addWidget(texts_box)

        form_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        scroll.setMinimumWidth(360)

        self.preview = QPdfView()
        self.preview.setObjectName("reportPreview")
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.preview.setAccessibleName(self.tr("Report preview"))

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # --- loading ---

    def _follow(self, changes: Changes) -> None:
        if changes.touches(self.event_id, set(Part) - {Part.EVENTS}):
            self._changed()

    def set_event(self, event_id: str | None) -> None:
        if event_id != self.event_id:
            self.document.close()
            self._stale = True
        self.event_id = event_id
        self.reload()
        if self.isVisible():
            self._schedule_preview()

    def reload(self) -> None:
        if self.event_id is None:
            self.settings = None
            self.setEnabled(False)
            return
        try:
            self.settings = ee.get_report_settings(self.ws, self.event_id)
        except ServiceError as exc:
            self.failed.emit(str(exc))
            self.event_id = None
            self.reload()
            return
        self.setEnabled(True)
        s = self.settings
        with QSignalBlocker(self.template):
            index = self.template.findData(s.template)
            if index < 0:
                self.template.addItem(s.template, s.template)
                index = self.template.count() - 1
            self.template.setCurrentIndex(index)
        for name, box in self._sections.items():
            with QSignalBlocker(box):
                box.setChecked(name in s.sections)
        for key, edit in self._texts.items():
            value = getattr(s, key) or ""
            if edit.toPlainText() != value:
                with QSignalBlocker(edit):
                    edit.setPlainText(value)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.event_id is not None:
            self._schedule_preview()

    # --- saving ---

    def _changed(self) -> None:
        self.reload()
        self._stale = True
        if self.isVisible():
            self._schedule_preview()

    def _save(self, changes: dict[str, Any]) -> None:
        if self.settings is None or self.event_id is None:
            return
        old = {k: getattr(self.settings, k) for k in changes}
        if "sections" in old:
            old["sections"] = list(old["sections"])
        if old == changes:
            return
        command = cmd.ReportSettingsCommand(self.ws, self.event_id, old, changes)
        if not self.operations.push(command):
            self.reload()

    def _sections_toggled(self) -> None:
        chosen = [name for name, box in self._sections.items() if box.isChecked()]
        if not chosen:
            self.failed.emit(self.tr("A report needs at least one section."))
            self.reload()
            return
        self._save({"sections": chosen})

    def _text_done(self, key: str) -> None:
        if self.settings is None:
            return
        value = self._texts[key].toPlainText().strip() or None
        if value != getattr(self.settings, key):
            self._save({key: value})

    def flush_texts(self) -> None:
        """Save override texts typed but not yet saved (before export)."""
        for key in self._texts:
            self._text_done(key)

    # --- rendering ---

    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    def _busy(self, text: str) -> None:
        self.progress.show()
        self.status.setText(text)
        self.export_button.setEnabled(False)
        self.preview_button.setEnabled(False)

    def _idle(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self._worker = None

    def _render(self, path: Path, on_done: Callable[[Path], None], busy_text: str) -> Worker | None:
        if self.event_id is None:
            return None
        if self._worker is not None:
            self._preview_timer.start()  # try again when the running render is done
            return None
        self.flush_texts()
        worker = Worker(
            render_report, self.ws, self.event_id, path, self.template.currentData() or None
        )

        self._on_done = on_done
        # Bound methods: PySide drops the connection if this page is destroyed first.
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self._worker = worker
        self._busy(busy_text)
        start(worker)
        return worker

    def _finished(self, result: object) -> None:
        self._idle()
        self._on_done(Path(str(result)))

    def _failed(self, message: str) -> None:
        self._idle()
        self.status.setText(message)
        self.failed.emit(message)
        self.renderFailed.emit(message)

    def refresh_preview(self) -> Worker | None:
        if not self._tmp.isValid():
            return None
        path = Path(self._tmp.path()) / f"preview-{next(self._counter)}.pdf"
        return self._render(path, self._show_preview, self.tr("Rendering the preview…"))

    def _show_preview(self, path: Path) -> None:
        self._stale = False
        self.document.close()
        self.document.load(str(path))
        pages = self.document.pageCount()
        self.status.setText(self.tr("Preview: {0} pages.").format(pages))
        self.rendered.emit(str(path))

    def export_pdf(self, path: str | Path | None = None) -> Worker | None:
        if self.event_id is None:
            return None
        if not path:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export report"), "report.pdf", self.tr("PDF files (*.pdf)")
            )
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")

        def done(written: Path) -> None:
            text = self.tr("Report written to {0}.").format(written)
            self.status.setText(text)
            self.message.emit(text)
            self.rendered.emit(str(written))

        return self._render(target, done, self.tr("Writing the report…"))
