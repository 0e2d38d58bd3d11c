"""Starting the desktop app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from workshop_planner.store import WorkspaceError, open_workspace


def run_app(workspace_target: str | None, *, capture_event: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Workshop Planner")
    app.setOrganizationName("Workshop Planner")
    try:
        workspace = open_workspace(workspace_target)
    except WorkspaceError as exc:
        QMessageBox.critical(None, "Workshop Planner", str(exc))
        return 1
    window = QMainWindow()
    window.setWindowTitle(f"Workshop Planner — {workspace.display_name}")
    window.resize(1280, 800)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
