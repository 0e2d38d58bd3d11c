"""Backups in the app: taken on open and while editing, restored from File → Restore from backup….

* :class:`AutoBackup` asks the backup service for a backup when the window
  opens and, every :data:`~workshop_planner.services.backups.INTERVAL_MINUTES`,
  if anything was edited meanwhile; the copy runs off the GUI thread.
* :class:`BackupDialog` lists the workspace's backups (newest first) with a
  preview of what each holds; Restore asks once, restores off the GUI thread
  and announces ``Changes.everything`` through :class:`Operations`, so every
  page reloads.
* :func:`install_backups` is what the window's menus call: it starts the
  timer and returns the menu action.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services import backups as bk
from workshop_planner.services.changes import Changes
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.workers import Worker, start

if TYPE_CHECKING:
    from workshop_planner.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex


class AutoBackup(QObject):
    """Rolling backups of the window's workspace: on open, then while it is edited."""

    def __init__(
        self,
        operations: Operations,
        parent: QObject | None = None,
        *,
        interval_minutes: float = bk.INTERVAL_MINUTES,
    ) -> None:
        super().__init__(parent)
        self.operations = operations
        self.enabled = operations.workspace.path is not None  # SQLite files only
        self.edited = False
        self.last: bk.Backup | None = None
        self._worker: Worker | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval_minutes * 60_000))
        self.timer.timeout.connect(self._tick)
        if self.enabled:
            operations.changed.connect(self._edited)
            self.timer.start()
            self.backup("opened")

    def _edited(self, _changes: object) -> None:
        self.edited = True

    def _tick(self) -> None:
        if self.edited:
            self.backup("auto")

    def backup(self, reason: str) -> Worker | None:
        """Take a backup off the GUI thread unless one is running or the last is recent."""
        if not self.enabled or self._worker is not None:
            return None
        self.edited = False
        worker = Worker(bk.take_backup_if_due, self.operations.workspace, reason)
        worker.signals.finished.connect(self._done)
        worker.signals.failed.connect(self._failed)
        self._worker = worker
        return start(worker)

    def _done(self, backup: object) -> None:
        self._worker = None
        if isinstance(backup, bk.Backup):
            self.last = backup
            log.info("Backed up the workspace to %s", backup.path)

    def _failed(self, message: str) -> None:
        self._worker = None
        self.edited = True  # try again at the next tick
        self.operations.failed.emit(self.tr("No backup was taken: {0}").format(message))


class BackupModel(QAbstractListModel):
    """The workspace's backups, newest first: when and why each was taken."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[bk.ListedBackup] = []

    def set_backups(self, items: list[bk.ListedBackup]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            taken = item.backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
            return f"{taken} — {item.backup.reason_text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.backup.name
        return None


class BackupDialog(QDialog):
    """Choose a backup, see what it holds, restore it."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Restore from backup"))
        self.operations = operations
        self.result_: bk.RestoreResult | None = None
        self.worker: Worker | None = None
        self.model = BackupModel(self)
        self.view = QListView()
        self.view.setObjectName("backupList")
        self.view.setModel(self.model)
        self.preview = QLabel()
        self.preview.setObjectName("backupPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.setObjectName("restoreButton")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.confirm_and_restore)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Backups are taken when the workspace is opened and every {0} minutes while you "
                "edit. Restoring one replaces everything in the workspace; the workspace as it is "
                "now is backed up first."
            ).format(bk.INTERVAL_MINUTES)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_preview())
        self.resize(520, 420)
        self.reload()

    def reload(self) -> None:
        self.model.set_backups(bk.list_backups(self.operations.workspace))
        if self.model.items:
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.setFocus()
        self._show_preview()

    def chosen(self) -> bk.ListedBackup | None:
        row = self.view.currentIndex().row()
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def _show_preview(self) -> None:
        item = self.chosen()
        if item is None:
            self.preview.setText(
                self.tr("There are no backups of this workspace yet.")
                if not self.model.items
                else ""
            )
        elif item.summary is None:
            self.preview.setText(self.tr("This backup cannot be read; choose another one."))
        else:
            self.preview.setText(item.summary.describe())
        self.restore_button.setEnabled(
            item is not None and item.summary is not None and self.worker is None
        )

    def confirm_and_restore(self) -> Worker | None:
        item = self.chosen()
        if item is None or item.summary is None or self.worker is not None:
            return None
        taken = item.backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        answer = QMessageBox.question(
            self,
            self.tr("Restore from backup"),
            self.tr(
                "Replace everything in the workspace with the backup of {0}? The workspace as it "
                "is now is backed up first."
            ).format(taken),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.restore(item.backup.name)

    def restore(self, name: str) -> Worker:
        """Restore ``name`` off the GUI thread; the pages reload when it is done."""
        self.restore_button.setEnabled(False)
        self.worker = self.operations.run(
            bk.restore_backup,
            self.operations.workspace,
            name,
            busy=self.tr("Restoring from backup…"),
            changes=lambda _result: Changes.everything(None),
            done=self._restored,
            failed=self._failed,
        )
        return self.worker

    def _restored(self, result: object) -> None:
        self.worker = None
        assert isinstance(result, bk.RestoreResult)
        self.result_ = result
        self.operations.undo_stack.clear()  # undo steps refer to what was replaced
        self.accept()

    def _failed(self, message: str) -> None:
        self.worker = None
        self.operations.failed.emit(message)
        self._show_preview()


def install_backups(window: MainWindow) -> tuple[QAction, AutoBackup]:
    """Start the window's rolling backups; returns the File menu's "Restore from backup…"."""
    auto = AutoBackup(window.operations, window)
    action = QAction(window.tr("Restore from &backup…"), window)
    action.setObjectName("restoreFromBackup")
    plain = window.tr("Replace the workspace with one of its automatic backups")
    action.setToolTip(plain)
    action.setStatusTip(plain)
    action.setEnabled(window.operations.workspace.path is not None)

    def open_dialog() -> None:
        dialog = BackupDialog(window.operations, window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_ is not None:
            window.show_message(
                window.tr("Restored the backup of {0}; the workspace as it was is in {1}.").format(
                    dialog.result_.restored.taken_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    dialog.result_.safety.name,
                )
            )

    action.triggered.connect(lambda _checked=False: open_dialog())
    window.addAction(action)
    return action, auto
