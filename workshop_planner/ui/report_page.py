"""The Report page: template, sections, drafted texts, checks, PDF export and a live preview.

The page follows the change channel (:class:`PageFollower` on every part): any
change re-reads the settings, drafted texts and checks and re-renders the
preview after a short pause. Rendering (WeasyPrint) runs on the thread pool;
never more than one preview renders at a time, and an edit made while one
renders queues exactly one more (the newest state wins). The preview keeps its
page and zoom across renders.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTemporaryDir,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import ReportSection
from workshop_planner.services import curation, report_checks
from workshop_planner.services import event_editing as ee
from workshop_planner.services.changes import ALL_PARTS, Changes
from workshop_planner.services.curation import DraftedText
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.report_checks import Check
from workshop_planner.store import Workspace
from workshop_planner.ui.commands import ReportSettingsCommand
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations, PageFollower
from workshop_planner.ui.studio.commands import SetOverrideCommand
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

#: pause after the last change before the preview renders
PREVIEW_DELAY_MS = 500
#: pause in typing before a drafted text's override is saved
OVERRIDE_DELAY_MS = 600

Index = QModelIndex | QPersistentModelIndex


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


class ChecksModel(QAbstractListModel):
    """The report's open checks: what to fix before export."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checks: list[Check] = []

    def set_checks(self, checks: Sequence[Check]) -> None:
        self.beginResetModel()
        self._checks = list(checks)
        self.endResetModel()

    def checks(self) -> list[Check]:
        return list(self._checks)

    def check_at(self, row: int) -> Check:
        return self._checks[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._checks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._checks):
            return None
        check = self._checks[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return check.message
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("alert-circle-outline")
        if role == Qt.ItemDataRole.UserRole:
            return check
        return None


class DraftRow(QWidget):
    """One drafted text: shown as drafted; "Edit" makes it an override, "Reset" drops it."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.drafted: DraftedText | None = None
        #: "Edit" was pressed on an empty draft: editable before any override exists
        self.opened = False
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.state = QLabel()
        self.state.setProperty("role", "hint")
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"draft_{key}")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        self.edit_button = QPushButton(icon("pencil-outline"), self.tr("Edit"))
        self.edit_button.setObjectName(f"editDraft_{key}")
        self.reset_button = QPushButton(icon("restore"), self.tr("Reset to draft"))
        self.reset_button.setObjectName(f"resetDraft_{key}")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(OVERRIDE_DELAY_MS)
        self.edit.textChanged.connect(self._typed)
        self._loading = False
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.edit)

    @property
    def editable(self) -> bool:
        return self.drafted is not None and (self.drafted.is_override or self.opened)

    def show_drafted(self, drafted: DraftedText) -> None:
        self.drafted = drafted
        if drafted.is_override:
            self.opened = False
        self.label.setText(f"<b>{drafted.label}</b>")
        self.edit.setAccessibleName(drafted.label)
        self.state.setText(
            self.tr("your text (replaces the draft)")
            if drafted.is_override
            else self.tr("drafted from the event")
        )
        editable = self.editable
        self.edit.setReadOnly(not editable)
        self.edit.setPlaceholderText(
            self.tr("Type the text that prints here")
            if editable
            else self.tr("Nothing to draft yet; press Edit to write it")
        )
        self.edit_button.setEnabled(not editable)
        self.reset_button.setEnabled(drafted.is_override)
        if self.timer.isActive():
            return  # the user is typing: their text wins
        text = drafted.override if drafted.override is not None else drafted.draft
        if self.edit.toPlainText() != text:
            self._loading = True
            try:
                self.edit.setPlainText(text)
            finally:
                self._loading = False

    def _typed(self) -> None:
        if not self._loading and self.editable:
            self.timer.start()


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
        self._tmp = QTemporaryDir()
        self._counter = itertools.count(1)
        self._worker: Worker | None = None
        self._on_done: Callable[[Path], None] = lambda _path: None
        #: a preview is wanted after the running render
        self._queued = False
        #: an export waits for the running render
        self._pending_export: Path | None = None
        self._last_preview: Path | None = None
        self.exported_path: Path | None = None
        self._drafts: dict[str, DraftRow] = {}
        self._sections: dict[str, QCheckBox] = {}
        self.document = QPdfDocument(self)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
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
        form_layout.addWidget(self.progress)
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
        tform.addRow(self.template)  # the box's title already says "Template"
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

        drafts_box = QGroupBox(self.tr("Drafted texts"))
        self.drafts_layout = QVBoxLayout(drafts_box)
        hint = QLabel(
            self.tr(
                "The app drafts these from the event. Edit one to write your own text; "
                "Reset to draft brings the draft back."
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.drafts_layout.addWidget(hint)
        form_layout.addWidget(drafts_box)
        form_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        scroll.setMinimumWidth(360)
        self.form_scroll = scroll

        self.preview = QPdfView()
        self.preview.setObjectName("reportPreview")
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.preview.setAccessibleName(self.tr("Report preview"))
        #: where to scroll the next preview to (kept across re-renders)
        self._restore_scroll: int | None = None
        self.preview.verticalScrollBar().rangeChanged.connect(self._scroll_back)
        self.zoom_in_action = self._zoom_action(self.tr("Zoom &in"), "Ctrl++", 1.25)
        self.zoom_out_action = self._zoom_action(self.tr("Zoom &out"), "Ctrl+-", 0.8)
        self.fit_action = self._zoom_action(self.tr("&Fit the page"), "Ctrl+0", None)
        zoom_bar = QHBoxLayout()
        zoom_bar.setContentsMargins(4, 4, 4, 0)
        for action, name in (
            (self.zoom_out_action, "magnify-minus-outline"),
            (self.zoom_in_action, "magnify-plus-outline"),
            (self.fit_action, "arrow-expand-horizontal"),
        ):
            action.setIcon(icon(name))
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            zoom_bar.addWidget(button)
        zoom_bar.addStretch(1)
        preview_box = QWidget()
        pl = QVBoxLayout(preview_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addLayout(zoom_bar)
        pl.addWidget(self.preview, 1)

        self.checks_model = ChecksModel(self)
        self.checks_view = QListView()
        self.checks_view.setObjectName("reportChecks")
        self.checks_view.setAccessibleName(self.tr("Checks before export"))
        self.checks_view.setModel(self.checks_model)
        self.checks_view.setWordWrap(True)
        self.checks_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checks_view.clicked.connect(self._check_chosen)
        self.checks_view.activated.connect(self._check_chosen)
        self.checks_title = QLabel()
        self.checks_title.setBuddy(self.checks_view)
        self.checks_empty = QLabel(self.tr("Nothing to check: the report is ready to export."))
        self.checks_empty.setObjectName("checksEmpty")
        self.checks_empty.setWordWrap(True)
        self.checks_empty.setProperty("role", "empty")
        checks_box = QWidget()
        cl = QVBoxLayout(checks_box)
        cl.setContentsMargins(8, 12, 12, 12)
        cl.addWidget(self.checks_title)
        cl.addWidget(self.checks_view, 1)
        cl.addWidget(self.checks_empty)

        # The checks sit beside the preview, under the settings (a third column
        # beside a fit-to-view preview made the layout oscillate).
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(scroll)
        side.addWidget(checks_box)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 1)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _zoom_action(self, text: str, keys: str, factor: float | None) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _c=False: self.zoom(factor))
        # on the preview, not the page: the window's Report menu lists the page's own actions
        self.preview.addAction(action)
        return action

    def menu_groups(self) -> list[list[QAction]]:
        """The Report menu: export and preview, then the preview's zoom."""
        return [
            [self.export_action, self.preview_action],
            [self.zoom_in_action, self.zoom_out_action, self.fit_action],
        ]

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
            self._schedule_preview()
        else:
            self.follower.mark_dirty()  # render when the page is next shown

    def _refresh(self, _changes: Changes) -> None:
        self.reload()
        if self.event_id is not None:
            self._schedule_preview()

    def reload(self) -> None:
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
        self._show_drafts(drafted)
        self._show_checks(checks)

    def _show_drafts(self, drafted: Sequence[DraftedText]) -> None:
        for item in drafted:
            row = self._drafts.get(item.key)
            if row is None:
                row = DraftRow(item.key)
                row.edit_button.clicked.connect(lambda _c=False, k=item.key: self.edit_draft(k))
                row.reset_button.clicked.connect(lambda _c=False, k=item.key: self.reset_draft(k))
                row.timer.timeout.connect(lambda k=item.key: self._override_typed(k))
                self._drafts[item.key] = row
                self.drafts_layout.addWidget(row)
            row.show_drafted(item)

    def _show_checks(self, checks: Sequence[Check]) -> None:
        self.checks_model.set_checks(checks)
        count = len(checks)
        self.checks_title.setText(
            self.tr("<b>Checks before export</b> ({0})").format(count)
            if count
            else self.tr("<b>Checks before export</b>")
        )
        self.checks_empty.setVisible(count == 0)

    def checks(self) -> list[Check]:
        return self.checks_model.checks()

    def draft_row(self, key: str) -> DraftRow:
        return self._drafts[key]

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
        chosen = [name for name, box in self._sections.items() if box.isChecked()]
        if not chosen:
            self.failed.emit(self.tr("A report needs at least one section."))
            self.reload()
            return
        self._save({"sections": chosen})

    def edit_draft(self, key: str) -> None:
        """Turn the drafted text into the editor's own text, ready to be changed."""
        row = self._drafts.get(key)
        if row is None or row.drafted is None or self.event_id is None:
            return
        drafted = row.drafted
        if not drafted.is_override:
            row.opened = True
            if drafted.draft.strip():
                self.operations.push(
                    SetOverrideCommand(
                        self.ws, self.event_id, key, None, drafted.draft, drafted.label
                    )
                )
            else:
                row.show_drafted(drafted)
        row.edit.setFocus()

    def reset_draft(self, key: str) -> None:
        row = self._drafts.get(key)
        if row is None or row.drafted is None or self.event_id is None:
            return
        row.timer.stop()
        row.opened = False
        drafted = row.drafted
        if drafted.is_override:
            self.operations.push(
                SetOverrideCommand(
                    self.ws, self.event_id, key, drafted.override, None, drafted.label
                )
            )
        else:
            row.show_drafted(drafted)

    def _override_typed(self, key: str) -> None:
        row = self._drafts.get(key)
        if row is None or row.drafted is None or self.event_id is None or not row.editable:
            return
        row.timer.stop()
        text = row.edit.toPlainText().strip() or None
        if text == row.drafted.override:
            return
        self.operations.push(
            SetOverrideCommand(
                self.ws, self.event_id, key, row.drafted.override, text, row.drafted.label
            )
        )

    def flush_texts(self) -> None:
        """Save drafted-text overrides typed but not yet saved (before export or closing)."""
        for key, row in self._drafts.items():
            if row.timer.isActive():
                self._override_typed(key)

    # --- checks ---------------------------------------------------------------

    def _check_chosen(self, index: QModelIndex) -> None:
        check = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(check, Check):
            self.go_to(check)

    def go_to(self, check: Check) -> None:
        """Show the place a check is about: a field of this page, or ask the window."""
        target = check.target_id or ""
        if check.target_kind == "section" and target in self._sections:
            self.form_scroll.ensureWidgetVisible(self._sections[target])
            self._sections[target].setFocus()
        elif check.target_kind == "override" and target in self._drafts:
            self.form_scroll.ensureWidgetVisible(self._drafts[target])
            self._drafts[target].edit.setFocus()
        self.navigateRequested.emit(check.target_kind, target)

    # --- rendering ------------------------------------------------------------

    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    @property
    def rendering(self) -> bool:
        return self._worker is not None

    def _busy(self, text: str) -> None:
        self.progress.show()
        self.status.setText(text)
        self.export_button.setEnabled(False)

    def _idle(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        self._worker = None

    def _render(self, path: Path, on_done: Callable[[Path], None], busy_text: str) -> Worker | None:
        if self.event_id is None:
            return None
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
        self._next()

    def _failed(self, message: str) -> None:
        self._idle()
        self.status.setText(message)
        self.failed.emit(message)
        self.renderFailed.emit(message)
        self._next()

    def _next(self) -> None:
        """Start what waited for the render that just ended: an export first, then a preview."""
        if self._pending_export is not None:
            target, self._pending_export = self._pending_export, None
            self._start_export(target)
        elif self._queued:
            self._queued = False
            self.refresh_preview()

    def refresh_preview(self) -> bool:
        """Render the preview now, or once more after the running render; False if nothing to do."""
        self._preview_timer.stop()
        if self.event_id is None or not self._tmp.isValid():
            return False
        if self.rendering:
            self._queued = True
            return True
        self.flush_texts()
        path = Path(self._tmp.path()) / f"preview-{next(self._counter)}.pdf"
        self.previewStarted.emit()
        return self._render(path, self._show_preview, self.tr("Rendering the preview…")) is not None

    def _show_preview(self, path: Path) -> None:
        nav = self.preview.pageNavigator()
        page = nav.currentPage()
        location = nav.currentLocation()
        mode = self.preview.zoomMode()
        factor = self.preview.zoomFactor()
        scroll = self.preview.verticalScrollBar().value()
        self.document.close()
        self.document.load(str(path))
        self.preview.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.preview.setZoomFactor(factor)
        if 0 < page < self.document.pageCount():
            nav.jump(page, location, nav.currentZoom())
        # the view sets its scroll range once it has laid the new pages out
        self._restore_scroll = scroll
        self._scroll_back()
        if self._last_preview is not None and self._last_preview != path:
            self._last_preview.unlink(missing_ok=True)
        self._last_preview = path
        pages = self.document.pageCount()
        self.status.setText(self.tr("Preview: {0} pages.").format(pages))
        self.rendered.emit(str(path))

    def _scroll_back(self, *_range: int) -> None:
        """Scroll the new preview to where the old one was (once its range allows)."""
        bar = self.preview.verticalScrollBar()
        wanted = self._restore_scroll
        if wanted is None or bar.maximum() < wanted:
            return
        bar.setValue(wanted)
        self._restore_scroll = None

    def zoom(self, factor: float | None) -> None:
        """Zoom the preview by ``factor`` (None: fit the page); kept across re-renders."""
        self._restore_scroll = None
        if factor is None:
            self.preview.setZoomMode(QPdfView.ZoomMode.FitInView)
            return
        current = self.preview.zoomFactor()
        if self.preview.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self.preview.pageNavigator().currentZoom() or 1.0
            self.preview.setZoomMode(QPdfView.ZoomMode.Custom)
        self.preview.setZoomFactor(max(0.25, min(current * factor, 4.0)))

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
        self._show_checks(checks)
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
        if self.rendering:
            self._pending_export = target
            self.status.setText(self.tr("The export starts when the preview is rendered…"))
            return True
        self._start_export(target)
        return True

    def _start_export(self, target: Path) -> None:
        self.open_button.hide()
        self.folder_button.hide()

        def done(written: Path) -> None:
            self.exported_path = written
            text = self.tr("Report written to {0}.").format(written)
            self.status.setText(text)
            self.open_button.show()
            self.folder_button.show()
            self.message.emit(text)
            self.rendered.emit(str(written))
            self.exported.emit(str(written))

        self._render(target, done, self.tr("Writing the report…"))

    def open_export(self) -> bool:
        if self.exported_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported_path)))

    def show_export_folder(self) -> bool:
        if self.exported_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported_path.parent)))
