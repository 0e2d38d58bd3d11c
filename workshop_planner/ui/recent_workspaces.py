"""The workspaces opened lately, kept in the settings, and the File menu that lists them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMenu

from workshop_planner.store import Workspace

MAX_RECENT = 8
KEY = "recentWorkspaces"


def workspace_target(workspace: Workspace) -> str:
    """What opens ``workspace`` again: its file, or its URL (with the password)."""
    if workspace.is_sqlite and workspace.url.database:
        return workspace.url.database
    return workspace.url.render_as_string(hide_password=False)


class RecentWorkspaces:
    """The list of recently opened workspaces (newest first) in ``settings``."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def targets(self) -> list[str]:
        value = self.settings.value(KEY, [])
        if isinstance(value, str):
            return [value]
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return []

    def remember(self, workspace: Workspace) -> None:
        target = workspace_target(workspace)
        if not target or target == ":memory:":
            return
        recent = [target] + [r for r in self.targets() if r != target]
        self.settings.setValue(KEY, recent[:MAX_RECENT])

    def fill_menu(self, menu: QMenu, current: str | None, open_: Callable[[str], None]) -> None:
        """List the workspaces other than ``current``; choosing one calls ``open_``."""
        tr = QCoreApplication.translate
        menu.clear()
        entries = [r for r in self.targets() if r != current]
        if not entries:
            action = menu.addAction(tr("MainWindow", "No other workspaces yet"))
            action.setEnabled(False)
            return
        for target in entries:
            label = Path(target).name if "://" not in target else target.split("@")[-1]
            action = menu.addAction(label)
            action.setToolTip(target)
            action.triggered.connect(lambda _c=False, t=target: open_(t))
        menu.addSeparator()
        clear = menu.addAction(tr("MainWindow", "Clear the list"))
        clear.triggered.connect(lambda: self.settings.setValue(KEY, [current]))
