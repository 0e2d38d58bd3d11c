"""The agenda's exports: the calendar (.ics) and the programme PDF (on a worker).

:class:`AgendaExports` belongs to the Agenda page: it keeps the two export
actions, the busy line shown while the PDF is being made, and reports back
through the page's message bar (information) and the change channel's
``failed`` (errors).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QWidget

from workshop_planner.services.errors import ServiceError
from workshop_planner.ui import icons
from workshop_planner.ui.agenda.style import tr
from workshop_planner.ui.agenda.workers import ProgrammeExportTask

if TYPE_CHECKING:
    from workshop_planner.ui.agenda.view import AgendaView


class AgendaExports(QObject):
    """Exports of the agenda shown by ``view``."""

    def __init__(self, view: AgendaView) -> None:
        super().__init__(view)
        self._view = view
        self._task: ProgrammeExportTask | None = None
        self.calendar_action = QAction(
            icons.icon("mdi6.calendar-export"), tr("Export calendar (.ics)…"), view
        )
        self.calendar_action.setToolTip(tr("Export calendar (.ics)"))
        self.calendar_action.triggered.connect(lambda _c=False: self.calendar_dialog())
        self.programme_action = QAction(
            icons.icon("mdi6.file-pdf-box"), tr("Export programme PDF…"), view
        )
        self.programme_action.setToolTip(tr("Export programme PDF"))
        self.programme_action.triggered.connect(lambda _c=False: self.programme_dialog())
        for action in (self.calendar_action, self.programme_action):
            view.addAction(action)
        #: shown while the programme PDF is being made
        self.busy = QWidget(view)
        layout = QHBoxLayout(self.busy)
        layout.setContentsMargins(8, 0, 8, 0)
        label = QLabel(tr("Exporting the programme PDF…"), self.busy)
        bar = QProgressBar(self.busy)
        bar.setRange(0, 0)
        bar.setMaximumWidth(200)
        bar.setTextVisible(False)
        layout.addWidget(label)
        layout.addWidget(bar)
        layout.addStretch(1)
        self.busy.hide()

    @property
    def running(self) -> bool:
        return self._task is not None

    def update_actions(self, has_event: bool) -> None:
        self.calendar_action.setEnabled(has_event)
        self.programme_action.setEnabled(has_event and not self.running)

    def _default_path(self, suffix: str) -> str:
        event = self._view.agenda_event
        title = event.title if event else "agenda"
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "agenda"
        return str(Path.home() / f"{safe}{suffix}")

    def _ask(self, title: str, suffix: str, kinds: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self._view, title, self._default_path(suffix), kinds)
        if not path:
            return None
        extension = suffix.rsplit(".", 1)[-1]
        return Path(path if path.lower().endswith(f".{extension}") else f"{path}.{extension}")

    def calendar_dialog(self) -> None:
        path = self._ask(tr("Export calendar"), ".ics", tr("iCalendar files (*.ics)"))
        if path is not None:
            self.calendar_to(path)

    def calendar_to(self, path: Path) -> int:
        """Write the agenda as .ics; returns the number of sessions (0 on error)."""
        view = self._view
        if view.event_id is None:
            return 0
        try:
            # icalendar loads on the first export, not when the window starts
            from workshop_planner.services.calendar_export import export_calendar

            count = export_calendar(view.workspace, view.event_id, path)
        except ServiceError as exc:
            view.show_error(str(exc))
            return 0
        view.show_info(tr("Exported {count} sessions to {path}.").format(count=count, path=path))
        return count

    def programme_dialog(self) -> None:
        path = self._ask(tr("Export programme"), " programme.pdf", tr("PDF files (*.pdf)"))
        if path is not None:
            self.programme_to(path)

    def programme_to(self, path: Path) -> ProgrammeExportTask | None:
        """Start rendering the programme PDF on a worker thread; the page shows it is busy."""
        view = self._view
        if view.event_id is None or self.running:
            return None
        task = ProgrammeExportTask(view.workspace, view.event_id, path)
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)
        self._task = task
        self.busy.show()
        self.update_actions(True)
        QThreadPool.globalInstance().start(task)
        return task

    def _finished(self) -> None:
        self._task = None
        self.busy.hide()
        self.update_actions(self._view.event_id is not None)

    def _done(self, path: str) -> None:
        self._finished()
        self._view.show_info(tr("Saved the programme to {path}.").format(path=path))

    def _failed(self, message: str) -> None:
        self._finished()
        self._view.show_error(message)
