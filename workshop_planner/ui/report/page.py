"""The Report page: composes the settings, drafted texts, checks and live preview, and exports.

The page follows the change channel (:class:`PageFollower` on every part): any
change re-reads the settings, drafted texts and checks and re-renders the
preview after a short pause (see :mod:`.preview` for the render rules). The
parts only show things and say what the user chose; saving and loading stay
here so there is one place that knows the loaded event.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import curation, report_checks
from workshop_planner.services import event_editing as ee
from workshop_planner.services.changes import ALL_PARTS, Changes
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.report_checks import Check
from workshop_planner.ui.commands import ReportSettingsCommand
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations, PageFollower
from workshop_planner.ui.report.checks import ChecksPanel
from workshop_planner.ui.report.drafts import DraftRow, DraftsPanel
from workshop_planner.ui.report.preview import PreviewPane, Rendered, Renderer, RenderJob
from workshop_planner.ui.report.settings import SettingsPanel


class ReportView(QWidget):
    #: one sentence of information to show the user
    message = Signal(str)
    #: one sentence saying what went wrong (shown as an error)
    failed = Signal(str)
    #: a render finished: the path of the PDF (preview or export)
    rendered = Signal(str)
    #: a preview render started (one per render; the preview test counts them)
    previewStarted = Signal()
    #: a render failed: one sentence
    renderFailed = Signal(str)
    #: an export was written: its path
    exported = Signal(str)
    #: a check was chosen: its target kind ("section", "theme", "note", "partner",
    #: "override", "event") and id; the window shows the place
    navigateRequested = Signal(str, str)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.setObjectName("reportView")
        # the text being typed in is plain to see among the many drafted texts
        self.setStyleSheet("QPlainTextEdit:focus { border: 2px solid palette(highlight); }")
        self.ws = operations.workspace
        self.undo_stack = operations.undo_stack
        self.event_id: str | None = None
        self.settings: ee.ReportSettingsData | None = None
        self.exported_path: Path | None = None
        self.renderer = Renderer(self._render_job, self.flush_texts, self)
        self.renderer.previewStarted.connect(self.previewStarted)
        self.renderer.started.connect(self._busy)
        self.renderer.idle.connect(self._idle)
        self.renderer.previewRendered.connect(self._show_preview)
        self.renderer.exportWritten.connect(self._export_written)
        self.renderer.failed.connect(self._render_failed)
        self.renderer.exportCancelled.connect(self._export_cancelled)
        #: the pause before a preview renders (tests wait for it to pass)
        self._preview_timer = self.renderer.timer
        self.follower = PageFollower(self, operations, ALL_PARTS, self._refresh)
        self._build()
        self.setEnabled(False)

    # --- building -------------------------------------------------------------

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
        self.cancel_button = QPushButton(icon("close"), self.tr("&Cancel export"))
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.setToolTip(self.tr("Stop writing the report; nothing is written"))
        self.cancel_button.clicked.connect(self.cancel_export)
        self.cancel_button.hide()
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        form_layout.addLayout(busy)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setProperty("role", "hint")
        form_layout.addWidget(self.status)
        self.open_button = QPushButton(icon("open-in-new"), self.tr("&Open"))
        self.open_button.setObjectName("openExport")
        self.open_button.setToolTip(self.tr("Open the exported PDF"))
        self.open_button.clicked.connect(self.open_export)
        self.folder_button = QPushButton(icon("folder-open-outline"), self.tr("Show in fol&der"))
        self.folder_button.setObjectName("showExportFolder")
        self.folder_button.setToolTip(self.tr("Show the folder the PDF was written to"))
        self.folder_button.clicked.connect(self.show_export_folder)
        after = QHBoxLayout()
        after.addWidget(self.open_button)
        after.addWidget(self.folder_button)
        after.addStretch(1)
        form_layout.addLayout(after)
        self.open_button.hide()
        self.folder_button.hide()

        self.settings_panel = SettingsPanel()
        self.settings_panel.templateChosen.connect(lambda name: self._save({"template": name}))
        self.settings_panel.sectionsToggled.connect(self._sections_toggled)
        form_layout.addWidget(self.settings_panel)
        #: the template choice and the section check boxes (by section value)
        self.template = self.settings_panel.template
        self._sections = self.settings_panel.sections

        self.drafts = DraftsPanel(self.operations)
        form_layout.addWidget(self.drafts)
        form_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        scroll.setMinimumWidth(360)
        self.form_scroll = scroll

        self.preview_pane = PreviewPane()
        self.preview = self.preview_pane.view
        self.zoom_in_action = self.preview_pane.zoom_in_action
        self.zoom_out_action = self.preview_pane.zoom_out_action
        self.fit_action = self.preview_pane.fit_action

        self.checks_panel = ChecksPanel()
        self.checks_panel.chosen.connect(self.go_to)
        self.checks_model = self.checks_panel.model
        self.checks_view = self.checks_panel.view

        # The checks sit beside the preview, under the settings (a third column
        # beside a fit-to-view preview made the layout oscillate).
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(scroll)
        side.addWidget(self.checks_panel)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 1)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.preview_pane)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def menu_groups(self) -> list[list[QAction]]:
        """The Report menu: export and preview, then the preview's zoom."""
        return [[self.export_action, self.preview_action], self.preview_pane.zoom_actions()]

    # --- loading --------------------------------------------------------------

    def set_event(self, event_id: str | None) -> None:
        if event_id != self.event_id:
            self.flush_texts()
            self.document.close()
            self.open_button.hide()
            self.folder_button.hide()
            self.exported_path = None
        self.event_id = event_id
        self.follower.set_event(event_id)
        self.reload()
        if event_id is None:
            return
        if self.isVisible():
            self.renderer.schedule()
        else:
            self.follower.mark_dirty()  # render when the page is next shown

    def _refresh(self, _changes: Changes) -> None:
        self.reload()
        if self.event_id is not None:
            self.renderer.schedule()

    def reload(self) -> None:
        self.drafts.event_id = self.event_id
        if self.event_id is None:
            self.settings = None
            self.checks_model.set_checks([])
            self.setEnabled(False)
            return
        try:
            self.settings = ee.get_report_settings(self.ws, self.event_id)
            drafted = curation.drafted_texts(self.ws, self.event_id)
            checks = report_checks.report_checks(self.ws, self.event_id)
        except ServiceError as exc:
            self.failed.emit(str(exc))
            self.event_id = None
            self.follower.set_event(None)
            self.reload()
            return
        self.setEnabled(True)
        self.settings_panel.show_settings(self.settings)
        self.drafts.show_drafts(drafted)
        self.checks_panel.show_checks(checks)

    def checks(self) -> list[Check]:
        return self.checks_panel.checks()

    def draft_row(self, key: str) -> DraftRow:
        return self.drafts.rows[key]

    # --- saving ---------------------------------------------------------------

    def _save(self, changes: dict[str, Any]) -> None:
        if self.settings is None or self.event_id is None:
            return
        old = {k: getattr(self.settings, k) for k in changes}
        if "sections" in old:
            old["sections"] = list(old["sections"])
        if old == changes:
            return
        if not self.operations.push(ReportSettingsCommand(self.ws, self.event_id, old, changes)):
            self.reload()

    def _sections_toggled(self) -> None:
        chosen = self.settings_panel.chosen_sections()
        if not chosen:
            self.failed.emit(self.tr("A report needs at least one section."))
            self.reload()
            return
        self._save({"sections": chosen})

    def flush_texts(self) -> None:
        """Save drafted-text overrides typed but not yet saved (before export or closing)."""
        self.drafts.flush_texts()

    # --- checks ---------------------------------------------------------------

    def go_to(self, check: Check) -> None:
        """Show the place a check is about: a field of this page, or ask the window."""
        target = check.target_id or ""
        if check.target_kind == "section" and target in self._sections:
            self.form_scroll.ensureWidgetVisible(self._sections[target])
            self._sections[target].setFocus()
        elif check.target_kind == "override" and target in self.drafts.rows:
            self.form_scroll.ensureWidgetVisible(self.drafts.rows[target])
            self.drafts.rows[target].edit.setFocus()
        self.navigateRequested.emit(check.target_kind, target)

    # --- rendering ------------------------------------------------------------

    @property
    def rendering(self) -> bool:
        return self.renderer.rendering

    def _render_job(self) -> RenderJob | None:
        if self.event_id is None:
            return None
        return (self.ws, self.event_id, self.settings_panel.template_name())

    def refresh_preview(self) -> bool:
        """Render the preview now, or once more after the running render; False if nothing to do."""
        return self.renderer.refresh_preview()

    def _busy(self, kind: str) -> None:
        if kind == "export":
            self.open_button.hide()
            self.folder_button.hide()
        self.cancel_button.setVisible(kind == "export")
        self.progress.show()
        self.status.setText(
            self.tr("Writing the report…")
            if kind == "export"
            else self.tr("Rendering the preview…")
        )
        self.export_button.setEnabled(False)

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)

    def cancel_export(self) -> bool:
        """Stop the running export (its render process is killed); False if none runs."""
        return self.renderer.cancel_export()

    def _export_cancelled(self) -> None:
        text = self.tr("Export cancelled; nothing was written.")
        self.status.setText(text)
        self.message.emit(text)

    def _render_failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)
        self.renderFailed.emit(message)

    @property
    def document(self) -> QPdfDocument:
        """The preview's PDF (a new document for each render)."""
        return self.preview_pane.document

    def _show_preview(self, result: Rendered) -> None:
        pages = self.preview_pane.show_pdf(result.path, result.document)
        self.status.setText(self.tr("Preview: {0} pages.").format(pages))
        self.rendered.emit(str(result.path))

    # --- export ---------------------------------------------------------------

    def confirm_export(self, checks: Sequence[Check]) -> bool:
        """Ask before exporting a report with open checks (listed)."""
        shown = [f"• {c.message}" for c in checks[:12]]
        if len(checks) > len(shown):
            shown.append(self.tr("… and {0} more").format(len(checks) - len(shown)))
        box = QMessageBox(self)
        box.setObjectName("exportConfirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Export the report"))
        box.setText(
            self.tr("The report has {0} open checks. Export it anyway?").format(len(checks))
        )
        box.setInformativeText("\n".join(shown))
        export = box.addButton(self.tr("&Export anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(export)
        box.exec()
        return box.clickedButton() is export

    def export_pdf(self, path: str | Path | None = None, *, confirm: bool = True) -> bool:
        """Export the PDF (asking for a file when no ``path``); False when nothing was started.

        With open checks the user confirms first. While a preview renders the
        export waits for it, then starts.
        """
        if self.event_id is None:
            return False
        self.flush_texts()
        try:
            checks = report_checks.report_checks(self.ws, self.event_id)
        except ServiceError as exc:
            self.failed.emit(str(exc))
            return False
        self.checks_panel.show_checks(checks)
        if confirm and checks and not self.confirm_export(checks):
            return False
        if not path:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export report"), "report.pdf", self.tr("PDF files (*.pdf)")
            )
            if not chosen:
                return False
            path = chosen
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        if not self.renderer.export(target):
            self.status.setText(self.tr("The export starts when the preview is rendered…"))
        return True

    def _export_written(self, path: str) -> None:
        written = Path(path)
        self.exported_path = written
        text = self.tr("Report written to {0}.").format(written)
        self.status.setText(text)
        self.open_button.show()
        self.folder_button.show()
        self.message.emit(text)
        self.rendered.emit(path)
        self.exported.emit(path)

    def open_export(self) -> bool:
        if self.exported_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported_path)))

    def show_export_folder(self) -> bool:
        if self.exported_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported_path.parent)))
