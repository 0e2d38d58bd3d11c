"""A window with just the capture view: ``python -m workshop_planner.ui.capture``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from workshop_planner.services.errors import ServiceError
from workshop_planner.services.events import find_event_id
from workshop_planner.store import Workspace, WorkspaceError, open_workspace
from workshop_planner.ui.backup_dialog import AutoBackup
from workshop_planner.ui.capture.view import SCRIPT_ENV, CaptureView
from workshop_planner.ui.errors import install_error_handler
from workshop_planner.ui.operations import Operations

__all__ = ["SCRIPT_ENV", "CaptureWindow", "main", "run_capture"]


class CaptureWindow(QMainWindow):
    """Capture mode on its own: the view plus File, Edit and Capture menus."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureWindow")
        self.undo_stack = QUndoStack(self)
        self.operations = Operations(workspace, self.undo_stack, self)
        self.view = CaptureView(self.operations, self)
        # Rolling backups here too: capture mode is often the only window open in a session.
        self.auto_backup = AutoBackup(self.operations, self)
        self.setCentralWidget(self.view)
        self.setWindowTitle(self.tr("Capture — %1").replace("%1", workspace.display_name))
        self.resize(1000, 760)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.view.action_export)
        file_menu.addAction(self.view.action_author)
        file_menu.addSeparator()
        close = file_menu.addAction(self.tr("&Close"))
        close.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        close.triggered.connect(self.close)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.view.action_edit)
        edit_menu.addAction(self.view.action_delete)

        capture_menu = self.menuBar().addMenu(self.tr("&Capture"))
        capture_menu.addAction(self.view.action_prev_session)
        capture_menu.addAction(self.view.action_next_session)
        capture_menu.addAction(self.view.action_now)
        capture_menu.addSeparator()
        capture_menu.addMenu(self.view.change_kind_menu)

    def set_event(self, event_id: str) -> None:
        self.view.set_event(event_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.view.flush_draft()
        super().closeEvent(event)


def run_capture(workspace_target: str | None, event_key: str) -> int:
    """Open the capture window for an event; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Workshop Planner")
    app.setOrganizationName("Workshop Planner")
    app.setStyle("Fusion")
    install_error_handler()
    try:
        workspace = open_workspace(workspace_target)
    except WorkspaceError as exc:
        print(f"workshop-planner: {exc}", file=sys.stderr)
        return 1
    try:
        try:
            event_id = find_event_id(workspace, event_key)
        except ServiceError as exc:
            print(f"workshop-planner: {exc}", file=sys.stderr)
            return 1
        window = CaptureWindow(workspace)
        window.set_event(event_id)
        window.show()
        app.aboutToQuit.connect(window.view.flush_draft)
        return app.exec()
    finally:
        workspace.close()


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m workshop_planner.ui.capture",
        description=QCoreApplication.translate("capture", "Capture notes for one event."),
    )
    parser.add_argument("--workspace", metavar="PATH_OR_URL")
    parser.add_argument("event", metavar="EVENT", help="event id or unambiguous title")
    args = parser.parse_args(argv)
    return run_capture(args.workspace, args.event)
