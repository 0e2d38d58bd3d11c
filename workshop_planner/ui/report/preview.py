"""The live preview: a debounced renderer and the PDF view.

:class:`Renderer` renders in a process of its own (see
:mod:`workshop_planner.report.process`): a thread of the pool builds the
report's context and then only waits for the render process, so the window's
event loop keeps running while WeasyPrint lays the report out. A newer
preview cancels an older one (its process is killed); an export is never
cancelled by a preview: a preview asked for meanwhile waits for it, and an
export asked for while a preview renders cancels the preview and renders
that preview again afterwards. :class:`PreviewPane` shows the rendered PDF and
keeps its page, zoom and scroll position when a new render replaces it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTemporaryDir, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from workshop_planner.report.process import RenderCancelled, RenderControl, prestart
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui.icons import icon
from workshop_planner.ui.workers import Worker, start

#: pause after the last change before the preview renders
PREVIEW_DELAY_MS = 500

#: what to render: the workspace, the event and the template (None: the default)
RenderJob = tuple[Workspace, str, str | None]


@dataclass(frozen=True)
class Rendered:
    """A written PDF, and for a preview the document already loaded for the view."""

    path: Path
    document: QPdfDocument | None = None


def render_report(
    workspace: Workspace,
    event_id: str,
    output: Path,
    template: str | None,
    control: RenderControl,
    *,
    load: bool = False,
) -> Rendered | None:
    """Write the PDF (on a worker thread, through a render process); None when cancelled.

    With ``load`` the PDF is also parsed here, off the GUI thread (a 123-page
    preview took 25 ms to load there), and handed over to the GUI thread.
    Report errors become ServiceErrors (one sentence for the window).
    """
    from workshop_planner.report import ReportError, export_report

    try:
        path = export_report(
            workspace, event_id, output, template=template, fmt="pdf", control=control
        )
    except RenderCancelled:
        return None
    except ReportError as exc:
        raise ServiceError(str(exc)) from None
    if not load or control.cancelled:
        return Rendered(path)
    document = QPdfDocument()  # no parent: it moves to the GUI thread
    document.load(str(path))
    app = QCoreApplication.instance()
    if app is not None:
        document.moveToThread(app.thread())
    return Rendered(path, document)


@dataclass
class _Render:
    """The render running now."""

    worker: Worker
    control: RenderControl
    #: "preview" or "export"
    kind: str


class Renderer(QObject):
    """Renders previews (into a temporary folder) and exports, one at a time.

    ``job`` says what to render now (None: nothing loaded); ``before_preview``
    runs just before a preview starts (the page saves typed texts there).
    """

    #: a preview render started (one per render)
    previewStarted = Signal()
    #: a render started: "preview" or "export"
    started = Signal(str)
    #: the running render ended (emitted before its result or failure)
    idle = Signal()
    #: a preview was written: a :class:`Rendered` with its loaded document
    previewRendered = Signal(object)
    #: an export was written: its path
    exportWritten = Signal(str)
    #: an export was cancelled by the user
    exportCancelled = Signal()
    #: a render failed: one sentence
    failed = Signal(str)

    def __init__(
        self,
        job: Callable[[], RenderJob | None],
        before_preview: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._job = job
        self._before_preview = before_preview
        self._tmp = QTemporaryDir()
        self._counter = itertools.count(1)
        self._current: _Render | None = None
        #: a preview is wanted after the running export
        self._queued = False
        #: an export waits for the running export
        self._pending_export: Path | None = None
        #: the pause after the last change before a preview renders
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)
        app = QCoreApplication.instance()
        if app is not None:
            # the pool waits for its threads on quit: no render may keep it waiting
            app.aboutToQuit.connect(self.cancel)

    @property
    def rendering(self) -> bool:
        return self._current is not None

    @property
    def kind(self) -> str | None:
        """What renders now: "preview", "export" or None."""
        return self._current.kind if self._current is not None else None

    def schedule(self) -> None:
        """Render a preview after a short pause (restarted by every change).

        The render process starts now: it imports WeasyPrint during the pause.
        """
        self.timer.start()
        prestart()

    def refresh_preview(self) -> bool:
        """Render the preview now (cancelling an older preview), or after the running export.

        False if there is nothing to render.
        """
        self.timer.stop()
        if self._job() is None or not self._tmp.isValid():
            return False
        if self.kind == "export":
            self._queued = True
            return True
        self._cancel_current()
        self._before_preview()
        path = Path(self._tmp.path()) / f"preview-{next(self._counter)}.pdf"
        self.previewStarted.emit()
        return self._render(path, "preview")

    def export(self, target: Path) -> bool:
        """Write ``target`` now (True) or once the running export ends (False).

        A preview rendering now is cancelled and rendered again after the export.
        """
        if self.kind == "export":
            self._pending_export = target
            return False
        if self.kind == "preview":
            self._cancel_current()
            self._queued = True
        return self._render(target, "export")

    def cancel_export(self) -> bool:
        """Stop the running export (nothing is written); False if none runs."""
        self._pending_export = None
        if self.kind != "export":
            return False
        self._cancel_current()
        self.exportCancelled.emit()
        self._next()
        return True

    def cancel(self) -> None:
        """Stop whatever renders and forget what waits (the page goes away or changes event)."""
        self.timer.stop()
        self._queued = False
        self._pending_export = None
        self._cancel_current()

    def _cancel_current(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            current.control.cancel()  # kills its process; its thread then ends quietly
            self.idle.emit()

    def _render(self, path: Path, kind: str) -> bool:
        job = self._job()
        if job is None:
            return False
        workspace, event_id, template = job
        control = RenderControl()
        worker = Worker(
            render_report, workspace, event_id, path, template, control, load=kind == "preview"
        )
        # Bound methods: PySide drops the connection if the owner is destroyed first.
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self._current = _Render(worker, control, kind)
        self.started.emit(kind)
        start(worker)
        return True

    def _is_current(self) -> bool:
        """Whether the signal being handled comes from the running render (not a cancelled one)."""
        current = self._current
        return current is not None and self.sender() is current.worker.signals

    def _finished(self, result: object) -> None:
        if not isinstance(result, Rendered) or not self._is_current():
            if isinstance(result, Rendered) and result.document is not None:
                result.document.deleteLater()  # a cancelled preview's
            return
        assert self._current is not None
        kind = self._current.kind
        self._current = None
        self.idle.emit()
        if kind == "preview":
            self.previewRendered.emit(result)
        else:
            self.exportWritten.emit(str(result.path))
        self._next()

    def _failed(self, message: str) -> None:
        if not self._is_current():
            return
        self._current = None
        self.idle.emit()
        self.failed.emit(message)
        self._next()

    def _next(self) -> None:
        """Start what waited for the render that just ended: an export first, then a preview."""
        if self._pending_export is not None:
            target, self._pending_export = self._pending_export, None
            self._render(target, "export")
        elif self._queued:
            self._queued = False
            self.refresh_preview()


class PreviewPane(QWidget):
    """The PDF view with its zoom bar; a new PDF keeps the page, zoom and scroll of the old."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._last_preview: Path | None = None
        self.view = QPdfView()
        self.view.setObjectName("reportPreview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setAccessibleName(self.tr("Report preview"))
        #: where to scroll the next preview to (kept across re-renders)
        self._restore_scroll: int | None = None
        self.view.verticalScrollBar().rangeChanged.connect(self._scroll_back)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(zoom_bar)
        layout.addWidget(self.view, 1)

    def _zoom_action(self, text: str, keys: str, factor: float | None) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _c=False: self.zoom(factor))
        # on the preview, not the page: the window's Report menu lists the page's own actions
        self.view.addAction(action)
        return action

    def zoom_actions(self) -> list[QAction]:
        return [self.zoom_in_action, self.zoom_out_action, self.fit_action]

    def show_pdf(self, path: Path, document: QPdfDocument | None = None) -> int:
        """Show the PDF at ``path`` where the old one was; drop the old file. Returns its pages.

        ``document`` is the PDF already loaded (off the GUI thread); without it
        the PDF is loaded here.
        """
        nav = self.view.pageNavigator()
        page = nav.currentPage()
        location = nav.currentLocation()
        mode = self.view.zoomMode()
        factor = self.view.zoomFactor()
        scroll = self.view.verticalScrollBar().value()
        if document is None:
            self.document.close()
            self.document.load(str(path))
        else:
            old, self.document = self.document, document
            document.setParent(self)
            self.view.setDocument(document)
            old.close()
            old.deleteLater()
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(factor)
        if 0 < page < self.document.pageCount():
            nav.jump(page, location, nav.currentZoom())
        # the view sets its scroll range once it has laid the new pages out
        self._restore_scroll = scroll
        self._scroll_back()
        if self._last_preview is not None and self._last_preview != path:
            self._last_preview.unlink(missing_ok=True)
        self._last_preview = path
        return self.document.pageCount()

    def _scroll_back(self, *_range: int) -> None:
        """Scroll the new preview to where the old one was (once its range allows)."""
        bar = self.view.verticalScrollBar()
        wanted = self._restore_scroll
        if wanted is None or bar.maximum() < wanted:
            return
        bar.setValue(wanted)
        self._restore_scroll = None

    def zoom(self, factor: float | None) -> None:
        """Zoom the preview by ``factor`` (None: fit the page); kept across re-renders."""
        self._restore_scroll = None
        if factor is None:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
            return
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self.view.pageNavigator().currentZoom() or 1.0
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(current * factor, 4.0)))
