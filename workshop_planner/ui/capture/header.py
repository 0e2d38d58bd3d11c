"""The top of the capture page: the event and note-taker, then the session bar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from workshop_planner.services import capture
from workshop_planner.services.capture import SessionItem
from workshop_planner.ui import icons
from workshop_planner.ui.capture.commands import short
from workshop_planner.ui.capture.models import SessionsModel


def page_action(parent: QWidget, icon: str, text: str, keys: str) -> QAction:
    """An action of the whole capture page (its shortcut works in any of its fields)."""
    action = QAction(icons.icon(icon), text, parent)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return action


def tool_button(parent: QWidget, icon: str, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(icons.icon(icon))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class CaptureHeader(QWidget):
    """Event title, its time zone when it is not the laptop's, note-taker, export."""

    authorClicked = Signal()
    exportClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        head = QHBoxLayout(self)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(8)
        self.title = QLabel(self)
        self.title.setObjectName("captureTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(font.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        head.addWidget(self.title, 1)
        self.zone = QLabel(self)
        self.zone.setProperty("role", "hint")
        head.addWidget(self.zone)
        self.author = tool_button(
            self, "mdi6.account-edit-outline", self.tr("Note-taker (click to change)")
        )
        self.author.setObjectName("captureAuthor")
        self.author.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.author.clicked.connect(self.authorClicked)
        head.addWidget(self.author)
        export = tool_button(
            self, "mdi6.export", self.tr("Export my notes for the organiser (Ctrl+Shift+E)")
        )
        export.setObjectName("captureExport")
        export.setText(self.tr("Export my notes…"))
        export.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export.clicked.connect(self.exportClicked)
        head.addWidget(export)
        self.action_export = page_action(
            self, "mdi6.export", self.tr("Export my notes…"), "Ctrl+Shift+E"
        )
        self.action_export.triggered.connect(self.exportClicked)
        self.action_author = page_action(
            self, "mdi6.account-edit-outline", self.tr("Change note-taker…"), ""
        )
        self.action_author.triggered.connect(self.authorClicked)

    def show_event(self, title: str, timezone: str, now: datetime) -> None:
        self.title.setText(title)
        local = datetime.now().astimezone().tzinfo
        zone = ZoneInfo(timezone)
        differs = now.astimezone(zone).utcoffset() != now.astimezone(local).utcoffset()
        self.zone.setText(self.tr("Times in %1").replace("%1", timezone) if differs else "")

    def show_author(self, name: str | None) -> None:
        self.author.setText(name or self.tr("Who is taking notes?"))


class SessionBar(QWidget):
    """Previous / the session picker / next, Now, and what is on the clock."""

    #: the note-taker picked a session in the list (its id)
    picked = Signal(str)
    #: previous (-1) or next (+1) session
    stepped = Signal(int)
    #: go to the session on the clock
    nowClicked = Signal()

    def __init__(self, model: SessionsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        sess = QHBoxLayout(self)
        sess.setContentsMargins(0, 0, 0, 0)
        sess.setSpacing(4)
        self.prev = tool_button(self, "mdi6.chevron-left", self.tr("Previous session (Ctrl+PgUp)"))
        self.prev.clicked.connect(lambda: self.stepped.emit(-1))
        sess.addWidget(self.prev)
        self.combo = QComboBox(self)
        self.combo.setObjectName("captureSession")
        self.combo.setModel(model)
        self.combo.setAccessibleName(self.tr("Session being captured"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumWidth(320)
        self.combo.activated.connect(self._activated)
        sess.addWidget(self.combo)
        self.next = tool_button(self, "mdi6.chevron-right", self.tr("Next session (Ctrl+PgDown)"))
        self.next.clicked.connect(lambda: self.stepped.emit(1))
        sess.addWidget(self.next)
        now = QPushButton(icons.icon("mdi6.crosshairs-gps"), self.tr("Now"), self)
        now.setObjectName("captureNow")
        now.setToolTip(self.tr("Go to the session on the clock (Ctrl+J)"))
        now.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        now.clicked.connect(self.nowClicked)
        sess.addWidget(now)
        self.live = QLabel(self)
        self.live.setObjectName("captureLive")
        self.live.setProperty("role", "hint")
        sess.addWidget(self.live, 1)
        self.action_prev = page_action(
            self, "mdi6.chevron-left", self.tr("Previous session"), "Ctrl+PgUp"
        )
        self.action_prev.triggered.connect(lambda: self.stepped.emit(-1))
        self.action_next = page_action(
            self, "mdi6.chevron-right", self.tr("Next session"), "Ctrl+PgDown"
        )
        self.action_next.triggered.connect(lambda: self.stepped.emit(1))
        self.action_now = page_action(
            self, "mdi6.crosshairs-gps", self.tr("Session on the clock"), "Ctrl+J"
        )
        self.action_now.triggered.connect(self.nowClicked)

    def _activated(self, row: int) -> None:
        sessions = self._model.sessions()
        if 0 <= row < len(sessions):
            self.picked.emit(sessions[row].id)

    def show_selected(self, session_id: str | None) -> None:
        """Select ``session_id`` in the picker (the model holds the event's sessions)."""
        count = self._model.rowCount()
        row = self._model.row_of(session_id)
        self.combo.setCurrentIndex(row)
        self.combo.setEnabled(count > 0)
        if not count:
            self.combo.setPlaceholderText(
                self.tr("No sessions on the agenda — notes belong to the whole event")
            )
        self.prev.setEnabled(row > 0)
        self.next.setEnabled(0 <= row < count - 1)

    def show_clock(
        self, sessions: Sequence[SessionItem], selected_id: str | None, now: datetime, zone: str
    ) -> None:
        """ "On now" for the selected session, or which one is on the clock."""
        if not sessions:
            self.live.setText("")
            return
        tz = ZoneInfo(zone)
        current = capture.current_session(sessions, now, tz)
        wall = now.astimezone(tz).replace(tzinfo=None)
        selected = next((s for s in sessions if s.id == selected_id), None)
        if selected is not None and selected.start <= wall < selected.end:
            self.live.setText(self.tr("● On now, until %1").replace("%1", f"{selected.end:%H:%M}"))
        elif current is not None and selected is not None and current.id != selected.id:
            self.live.setText(
                self.tr("On the clock: %1 — Ctrl+J").replace("%1", short(current.title))
            )
        else:
            self.live.setText("")
