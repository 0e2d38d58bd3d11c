"""A window following its workspace live: others' commits and who else is working.

A thread listens on the workspace's channel (PostgreSQL ``LISTEN``, or the
changes file beside a SQLite workspace, see :mod:`workshop_planner.store.live`)
and hands each message to the GUI thread, where a colleague's commit is
announced on the window's :class:`Operations` exactly like a local edit
(pages cannot tell the difference) and a heartbeat updates the status-bar
indicator of who else is working in the event. The window sends its own heartbeat every
:data:`~workshop_planner.services.live.HEARTBEAT_S` seconds. On an in-memory
workspace none of this starts.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QLabel

from workshop_planner.services import live
from workshop_planner.store import WorkspaceError
from workshop_planner.ui.capture.identity import NoteTaker
from workshop_planner.ui.operations import Operations

log = logging.getLogger(__name__)

#: seconds one wait for a notification lasts: how soon the thread notices it should stop
WAIT_S = 0.2
#: seconds before trying again after the server went away
RECONNECT_S = 5.0


class ListenThread(QThread):
    """Waits for the others' messages off the GUI thread."""

    #: a list of :class:`~workshop_planner.services.live.Message`
    heard = Signal(object)

    def __init__(self, operations: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws = operations.workspace

    def run(self) -> None:
        listener: live.Listener | None = None
        while not self.isInterruptionRequested():
            try:
                if listener is None:
                    listener = live.Listener(self._ws)
                messages = listener.receive(WAIT_S)
            except Exception as exc:  # the server went away: try again later
                log.warning("Live updates interrupted: %s", exc)
                if listener is not None:
                    listener.close()
                    listener = None
                self.msleep(round(RECONNECT_S * 1000))
                continue
            if messages:
                self.heard.emit(messages)
        if listener is not None:
            listener.close()


class LiveUpdates(QObject):
    """Follows the workspace for a window (inert in memory).

    ``note_taker`` names the person at this window; the window tells it the
    event it shows (:meth:`set_event`); :attr:`indicator` is the status-bar label.
    """

    def __init__(
        self, operations: Operations, note_taker: NoteTaker, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.operations = operations
        self._note_taker = note_taker
        self._event_id: str | None = None
        self.presence = live.Presence()
        self.indicator = QLabel()
        self.indicator.setObjectName("statusPresence")
        self.indicator.hide()
        self.active = live.follow(operations.workspace)
        self._thread: ListenThread | None = None
        self._beat = QTimer(self)
        self._beat.setInterval(round(live.HEARTBEAT_S * 1000))
        self._beat.timeout.connect(self.send_heartbeat)
        # expired people leave the indicator even when nothing else is heard
        self._expire = QTimer(self)
        self._expire.setInterval(5000)
        self._expire.timeout.connect(self.update_indicator)
        if self.active:
            self._thread = ListenThread(operations, self)
            self._thread.heard.connect(self._heard)
            self._thread.start()
            app = QCoreApplication.instance()
            if app is not None:  # a window never closed must not leave the thread running
                app.aboutToQuit.connect(self.stop)
            self._beat.start()
            self._expire.start()
            self.send_heartbeat()

    def send_heartbeat(self, *, leaving: bool = False) -> None:
        if not self.active:
            return
        try:
            live.send_heartbeat(
                self.operations.workspace, self._who(), self._event_id, leaving=leaving
            )
        except WorkspaceError as exc:  # the next one may get through; nothing to show
            log.info("Heartbeat not sent: %s", exc)

    def use_note_taker(self, note_taker: NoteTaker) -> None:
        """Name the person by ``note_taker`` from now on (the Capture page's, once built)."""
        self._note_taker = note_taker

    def _who(self) -> str:
        """The note-taker's name as others see it (the login name until they give theirs)."""
        return self._note_taker.name or NoteTaker().require()

    def set_event(self, event_id: object) -> None:
        """The window shows another event: say so now, and show who is in it."""
        self._event_id = event_id if isinstance(event_id, str) else None
        self.send_heartbeat()
        self.update_indicator()

    def _heard(self, messages: object) -> None:
        assert isinstance(messages, list)
        for message in messages:
            assert isinstance(message, live.Message)
            for changes in message.changes:
                self.operations.announce(changes)
            if message.heartbeat is not None:
                self.presence.heard(message.heartbeat)
                self.update_indicator()

    def update_indicator(self) -> None:
        names = self.presence.names(self._event_id)
        self.indicator.setVisible(bool(names))
        self.indicator.setText(self.tr("Also here: {0}").format(", ".join(names)))
        self.indicator.setToolTip(
            self.tr("Working in this event now, besides you: {0}").format(", ".join(names))
        )

    def stop(self) -> None:
        """Say goodbye and stop listening (the window closes)."""
        if not self.active:
            return
        self.send_heartbeat(leaving=True)
        self.active = False
        self._beat.stop()
        self._expire.stop()
        if self._thread is not None:
            self._thread.requestInterruption()
            self._thread.wait(round((WAIT_S + 2) * 1000))
