"""Starting the desktop app."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from workshop_planner.services.errors import ServiceError
from workshop_planner.services.events import find_event_id
from workshop_planner.store import Workspace, WorkspaceError, open_workspace
from workshop_planner.ui.errors import install_error_handler, platform_noise
from workshop_planner.ui.icons import icon
from workshop_planner.ui.main_window import MainWindow
from workshop_planner.ui.style import apply_style

#: when set, the app quits as soon as its event loop is first idle after the window
#: is shown: benchmarks/startup.py times "start to idle window" with it
QUIT_WHEN_IDLE_ENV = "WORKSHOP_PLANNER_QUIT_WHEN_IDLE"


class AppController(QObject):
    """Owns the open workspace and its window; switches workspaces on request."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None

    def open(self, target: str | None) -> MainWindow | None:
        """Open the workspace ``target`` in a new window; the old one closes."""
        try:
            workspace = open_workspace(target)
        except WorkspaceError as exc:
            QMessageBox.critical(self.window, self.app.tr("Workshop Planner"), str(exc))
            return None
        old_window, old_workspace = self.window, self.workspace
        window = MainWindow(workspace)
        window.openWorkspaceRequested.connect(self.open)
        self.window, self.workspace = window, workspace
        if old_window is not None:
            window.restoreGeometry(old_window.saveGeometry())
            old_window.close()
            old_window.deleteLater()
        if old_workspace is not None:
            old_workspace.close()
        window.show()
        # Bring it to the front so its shortcuts work at once (also on a bare X server).
        window.raise_()
        window.activateWindow()
        if workspace.backup_path is not None:
            window.show_message(
                self.app.tr("The workspace was upgraded; a copy of the old file is at {0}.").format(
                    workspace.backup_path
                )
            )
        return window

    def close(self) -> None:
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None


def quiet_offscreen_platform() -> object:
    """On the offscreen platform (automation, CI) drop its "This plugin does not
    support …" notices, which say nothing about the app; every other message
    still reaches the console (or the handler installed before)."""
    if QGuiApplication.platformName() != "offscreen":
        return None
    previous: Callable[[QtMsgType, QMessageLogContext, str], None] | None = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if platform_noise(message):
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
    return previous  # the handler replaced (to put it back)


def run_app(workspace_target: str | None, *, capture_event: str | None = None) -> int:
    """Open the main window on a workspace; with ``capture_event`` (an event id or
    title) go straight to that event's Capture page in focused capture mode."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Workshop Planner")
    app.setOrganizationName("Workshop Planner")
    app.setApplicationDisplayName("Workshop Planner")
    apply_style(app)
    quiet_offscreen_platform()
    # Uncaught exceptions and Qt's errors: a log file and one dialog, never only stderr.
    install_error_handler()
    app.setWindowIcon(icon("calendar-account-outline"))
    controller = AppController(app)
    window = controller.open(workspace_target)
    if window is None:
        return 1
    if capture_event is not None:
        assert controller.workspace is not None
        try:
            event_id = find_event_id(controller.workspace, capture_event)
        except ServiceError as exc:
            QMessageBox.critical(window, app.tr("Workshop Planner"), str(exc))
            controller.close()
            return 1
        if window.event_model.row_of(event_id) < 0:
            window.show_archived.setChecked(True)
        window.select_event(event_id)
        window.set_focus_mode(True)
    if os.environ.get(QUIT_WHEN_IDLE_ENV):
        # a zero timer fires once the events queued by show() (layout, paint) are done
        QTimer.singleShot(0, app.quit)
    try:
        return app.exec()
    finally:
        controller.close()
