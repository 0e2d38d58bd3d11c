"""Exports that run off the GUI thread."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui.agenda.style import tr

log = logging.getLogger(__name__)


class ExportSignals(QObject):
    #: the file written
    finished = Signal(str)
    #: one sentence saying what went wrong
    failed = Signal(str)


class ProgrammeExportTask(QRunnable):
    """Renders the programme PDF with the report pipeline on a pool thread."""

    def __init__(self, workspace: Workspace, event_id: str, path: Path) -> None:
        super().__init__()
        # The view keeps the task until it reports back, so its signals outlive run().
        self.setAutoDelete(False)
        self.signals = ExportSignals()
        self._workspace = workspace
        self._event_id = event_id
        self._path = path

    def run(self) -> None:
        try:
            # Looked up here: the report pipeline is heavy (WeasyPrint) and loads on demand.
            report = importlib.import_module("workshop_planner.report")
            export_report = report.export_report
            report_error: type[Exception] = getattr(report, "ReportError", ServiceError)
        except (ImportError, AttributeError):
            self.signals.failed.emit(
                tr("The programme PDF cannot be made: this build has no report pipeline.")
            )
            return
        try:
            export_report(self._workspace, self._event_id, self._path, template="programme")
        except (ServiceError, report_error) as exc:
            self.signals.failed.emit(str(exc))
        except OSError as exc:
            self.signals.failed.emit(
                tr("Could not write {path}: {reason}.").format(
                    path=self._path, reason=exc.strerror or exc
                )
            )
        except Exception as exc:  # the user gets a sentence, the log gets the traceback
            log.exception("Programme export failed")
            self.signals.failed.emit(
                tr("The programme PDF could not be made ({reason}).").format(
                    reason=str(exc).strip().splitlines()[0]
                    if str(exc).strip()
                    else type(exc).__name__
                )
            )
        else:
            self.signals.finished.emit(str(self._path))
