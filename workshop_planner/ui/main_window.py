"""The organiser's main window: events in a sidebar, the selected event's pages.

One :class:`QUndoStack` per window is shared by every page. Every edit is
saved when it is made, so the title never says "unsaved"; the status bar
shows when the last edit was written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QDate,
    QItemSelectionModel,
    QSettings,
    QSignalBlocker,
    Qt,
    QThreadPool,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workshop_planner import __version__
from workshop_planner.services import event_editing as ee
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.events import EventSummary, list_events
from workshop_planner.store import Workspace
from workshop_planner.ui import commands as cmd
from workshop_planner.ui.agenda.view import AgendaView
from workshop_planner.ui.capture.view import CaptureView
from workshop_planner.ui.event_list import EventDelegate, EventListModel, IdRole
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.overview import OverviewView
from workshop_planner.ui.participants.view import ParticipantsView
from workshop_planner.ui.report_page import ReportView
from workshop_planner.ui.widgets import EmptyState, MessageBar, TimeZoneCombo
from workshop_planner.ui.workers import Worker, start

#: Page names, in tab order; Ctrl+1 … Ctrl+5 show them.
PAGES: tuple[str, ...] = ("overview", "agenda", "participants", "capture", "report")
PAGE_TITLES = {
    "overview": "Overview",
    "agenda": "Agenda",
    "participants": "Participants",
    "capture": "Capture",
    "report": "Report",
}
PAGE_ICONS = {
    "overview": "information-outline",
    "agenda": "calendar-clock-outline",
    "participants": "account-group-outline",
    "capture": "note-edit-outline",
    "report": "file-document-outline",
}
MAX_RECENT = 8

#: attributes the window puts on each undo command: the event and page it was made in
EDIT_EVENT = "wp_event_id"
EDIT_PAGE = "wp_page"


def _edit_event(command: QUndoCommand) -> str | None:
    """The event an undo command belongs to: its own ``event_id`` or the tag."""
    own = getattr(command, "event_id", None) or getattr(command, "_event_id", None)
    if isinstance(own, str) and own:
        return own
    tagged = getattr(command, EDIT_EVENT, None)
    return tagged if isinstance(tagged, str) and tagged else None


def system_zone() -> str:
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    try:
        ZoneInfo(zone)
    except (ValueError, KeyError, OSError):
        return "UTC"
    return zone


class NewEventDialog(QDialog):
    """Title, dates and time zone of a new event (or of a duplicate)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        source: ee.EventData | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle(
            self.tr("Duplicate as the next event") if source else self.tr("New event")
        )
        form = QFormLayout()
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("newEventTitle")
        self.title_edit.setPlaceholderText(self.tr("e.g. Cities on the Front-lines"))
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("d MMM yyyy")
        self.end = QDateEdit()
        self.end.setCalendarPopup(True)
        self.end.setDisplayFormat("d MMM yyyy")
        self.zone = TimeZoneCombo()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Starts"), self.start)
        if source is None:
            form.addRow(self.tr("Ends"), self.end)
            form.addRow(self.tr("Time zone"), self.zone)
            today = date.today() + timedelta(days=30)
            self.start.setDate(QDate(today.year, today.month, today.day))
            self.end.setDate(QDate(today.year, today.month, today.day))
            self.zone.set_zone(system_zone())
        else:
            self.title_edit.setText(source.title)
            self.title_edit.selectAll()  # typing replaces it: the next event's title
            nxt = source.start_date.replace(year=source.start_date.year + 1)
            self.start.setDate(QDate(nxt.year, nxt.month, nxt.day))
            self.copy_participants = QCheckBox(self.tr("Also copy the participants"))
            self.copy_notes = QCheckBox(self.tr("Also copy the notes"))
            form.addRow("", self.copy_participants)
            form.addRow("", self.copy_notes)
            hint = QLabel(
                self.tr(
                    "Copies the event's details, sessions (moved to the new dates), themes, "
                    "partners and contacts."
                )
            )
            hint.setWordWrap(True)
            hint.setProperty("role", "hint")
            form.addRow("", hint)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.title_edit.textChanged.connect(self._check)
        self.start.dateChanged.connect(self._start_moved)
        self.end.dateChanged.connect(self._check)
        self.zone.validityChanged.connect(lambda _ok: self._check())
        self._check()

    def _start_moved(self) -> None:
        if self.source is None and self.end.date() < self.start.date():
            self.end.setDate(self.start.date())
        self._check()

    def problem(self) -> str:
        if not self.title_edit.text().strip():
            return self.tr("Give the event a title.")
        if self.source is None:
            if self.end.date() < self.start.date():
                return self.tr("The event ends before it starts.")
            if self.zone.zone() is None:
                return self.tr("Pick an IANA time zone such as Europe/Berlin.")
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.error.setText(problem if self.title_edit.text() else "")
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        button.setEnabled(not problem)

    def start_date(self) -> date:
        value = self.start.date().toPython()
        assert isinstance(value, date)
        return value

    def end_date(self) -> date:
        value = self.end.date().toPython()
        assert isinstance(value, date)
        return value


class MainWindow(QMainWindow):
    #: the user chose another workspace (path or URL); the app opens it
    openWorkspaceRequested = Signal(str)
    #: the current event changed (None: no event)
    eventSelected = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        *,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ws = workspace
        self.settings = settings or QSettings()
        self.undo_stack = QUndoStack(self)
        #: the one change channel: every page's edits go through it and every page follows it
        self.operations = Operations(workspace, self.undo_stack, self)
        self.event_id: str | None = None
        self.last_saved: datetime | None = None
        self.focus_mode = False
        self._workers: set[Worker] = set()
        #: the undo stack's index when last seen (to tell undo from redo)
        self._undo_index: int | None = 0

        self.overview = OverviewView(self.operations, self)
        self.agenda = AgendaView(self.operations, self)
        self.participants = ParticipantsView(self.operations, self)
        self.capture = CaptureView(self.operations, self)
        self.report = ReportView(self.operations, self)
        self.pages: dict[str, QWidget] = {
            "overview": self.overview,
            "agenda": self.agenda,
            "participants": self.participants,
            "capture": self.capture,
            "report": self.report,
        }
        self._build_sidebar()
        self._build_pages()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self._connect()
        self.resize(1360, 860)
        self._restore_state()
        self.refresh_events()
        self._select_initial_event()
        self._update_title()
        self._remember_workspace()

    # --- building ---

    def _build_sidebar(self) -> None:
        self.event_model = EventListModel(self)
        self.event_list = QListView()
        self.event_list.setObjectName("eventList")
        self.event_list.setModel(self.event_model)
        self.event_list.setItemDelegate(EventDelegate(self.event_list))
        self.event_list.setAccessibleName(self.tr("Events"))
        self.event_list.setUniformItemSizes(True)
        selection = self.event_list.selectionModel()
        assert selection is not None
        selection.currentChanged.connect(lambda current, _prev: self._current_changed(current))
        heading = QLabel(self.tr("Events"))
        heading.setProperty("role", "subheading")
        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.show_archived.setObjectName("showArchived")
        self.show_archived.toggled.connect(lambda _on: self.refresh_events())
        self.sidebar_empty = QLabel(self.tr("No events yet — press Ctrl+N to plan one."))
        self.sidebar_empty.setWordWrap(True)
        self.sidebar_empty.setProperty("role", "hint")
        self.sidebar = QWidget()
        self.sidebar.setObjectName("sidebar")
        layout = QVBoxLayout(self.sidebar)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(heading)
        layout.addWidget(self.event_list, 1)
        layout.addWidget(self.sidebar_empty)
        layout.addWidget(self.show_archived)
        self.sidebar.setMinimumWidth(220)

    def _build_pages(self) -> None:
        self.tabs = QTabBar()
        self.tabs.setObjectName("pageTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("pageStack")
        for i, name in enumerate(PAGES):
            self.tabs.addTab(icon(PAGE_ICONS[name]), self.tr(PAGE_TITLES[name]))
            self.tabs.setTabToolTip(i, f"{self.tr(PAGE_TITLES[name])} (Ctrl+{i + 1})")
            self.page_stack.addWidget(self.pages[name])
        self.tabs.currentChanged.connect(self._tab_changed)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        content_layout.addWidget(self.tabs)
        content_layout.addWidget(self.page_stack, 1)
        self.message_bar = MessageBar()
        escape = QAction(self.message_bar)
        escape.setShortcut(QKeySequence("Esc"))
        escape.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.triggered.connect(self.message_bar.hide)
        self.message_bar.addAction(escape)

        self.empty = EmptyState(
            self.tr(
                "No event selected — create one (Ctrl+N), import an event bundle (Ctrl+I) "
                "or load the sample convening to look around."
            )
        )
        self.empty.setObjectName("emptyState")
        for text, name, slot in (
            (self.tr("New event…"), "calendar-plus", self.new_event),
            (self.tr("Import bundle…"), "package-down", self.import_bundle),
            (self.tr("Load the sample event"), "school-outline", self.load_sample),
        ):
            button = QPushButton(icon(name), text)
            button.clicked.connect(slot)
            self.empty.add_button(button)

        self.area = QStackedWidget()
        self.area.addWidget(self.empty)
        self.area.addWidget(content)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(4)
        right_layout.addWidget(self.message_bar)
        right_layout.addWidget(self.area, 1)
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1100])
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)

    def _action(
        self,
        text: str,
        icon_name: str | None,
        slot: Callable[[], object] | None,
        shortcuts: list[QKeySequence] | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if isinstance(shortcuts, list):  # noqa: SIM114 - two overloads of setShortcuts
            action.setShortcuts(shortcuts)
        elif isinstance(shortcuts, QKeySequence.StandardKey):
            action.setShortcuts(shortcuts)
        elif shortcuts:
            action.setShortcut(QKeySequence(shortcuts))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        plain = text.replace("&", "").rstrip("…")
        action.setToolTip(f"{tip or plain} ({keys})" if keys else tip or plain)
        action.setStatusTip(tip or plain)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.action_new = self._action(
            self.tr("&New event…"), "calendar-plus", self.new_event, QKeySequence.StandardKey.New
        )
        self.action_duplicate = self._action(
            self.tr("&Duplicate as next event…"),
            "content-duplicate",
            self.duplicate_event,
            "Ctrl+Shift+D",
            self.tr("Duplicate the event as a template for the next one in its series"),
        )
        self.action_archive = self._action(
            self.tr("&Archive event"), "archive-arrow-down-outline", self.toggle_archive
        )
        self.action_open = self._action(
            self.tr("&Open workspace…"),
            "folder-open-outline",
            self.open_workspace_dialog,
            QKeySequence.StandardKey.Open,
        )
        self.action_import_bundle = self._action(
            self.tr("&Import bundle…"),
            "package-down",
            self.import_bundle,
            "Ctrl+I",
            self.tr("Import or merge an event bundle (JSON)"),
        )
        self.action_export_bundle = self._action(
            self.tr("&Export bundle…"),
            "package-up",
            self.export_bundle,
            "Ctrl+E",
            self.tr("Export the event as a bundle (JSON) to share it"),
        )
        self.action_sample = self._action(
            self.tr("Load the &sample event"), "school-outline", self.load_sample
        )
        self.action_quit = self._action(
            self.tr("&Quit"), "exit-to-app", self.close, QKeySequence.StandardKey.Quit
        )
        self.action_undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.action_undo.setIcon(icon("undo"))
        self.action_undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.action_redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.action_redo.setIcon(icon("redo"))
        self.action_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # Undo/redo first show the event (and page) the edit was made in.
        self.action_undo.triggered.disconnect()
        self.action_undo.triggered.connect(lambda _checked=False: self.undo())
        self.action_redo.triggered.disconnect()
        self.action_redo.triggered.connect(lambda _checked=False: self.redo())
        for action, keys in ((self.action_undo, "Ctrl+Z"), (self.action_redo, "Ctrl+Shift+Z")):
            self.addAction(action)
            action.setToolTip(f"{action.text().replace('&', '')} ({keys})")
        self.page_actions: list[QAction] = []
        for i, name in enumerate(PAGES):
            action = self._action(
                self.tr(PAGE_TITLES[name]),
                PAGE_ICONS[name],
                lambda n=name: self.show_page(n),  # type: ignore[misc]
                [QKeySequence(f"Ctrl+{i + 1}"), QKeySequence(f"Ctrl+Alt+{i + 1}")],
            )
            action.setCheckable(True)
            self.page_actions.append(action)
        self.page_actions[0].setChecked(True)
        self.action_focus = self._action(
            self.tr("&Focused capture"),
            "fullscreen",
            lambda: self.set_focus_mode(not self.focus_mode),
            "F11",
            self.tr("Only the capture page, for note-taking during a session"),
        )
        self.action_focus.setCheckable(True)
        self.action_about = self._action(
            self.tr("&About Workshop Planner"), "information-outline", self.about
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.action_new)
        file_menu.addAction(self.action_duplicate)
        file_menu.addAction(self.action_archive)
        file_menu.addSeparator()
        file_menu.addAction(self.action_open)
        self.recent_menu = file_menu.addMenu(icon("history"), self.tr("&Recent workspaces"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.action_import_bundle)
        file_menu.addAction(self.action_export_bundle)
        file_menu.addAction(self.action_sample)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.action_undo)
        edit_menu.addAction(self.action_redo)
        view_menu = bar.addMenu(self.tr("&View"))
        for action in self.page_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.action_focus)
        self._build_page_menus(bar)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.action_about)

    def _build_page_menus(self, bar: QMenuBar) -> None:
        """Every page action in a menu with its shortcut; choosing one shows its page."""
        self.page_menus: list[QMenu] = []
        agenda = self.agenda
        self.agenda_menu = bar.addMenu(self.tr("&Agenda"))
        groups: list[list[QAction | QMenu]] = [
            [agenda.new_action, agenda.edit_action, agenda.delete_action],
            list(agenda.session_actions[2:]),
            [agenda.grid_action, agenda.list_action],
            [agenda.export_ics_action, agenda.export_pdf_action],
        ]
        self._fill_page_menu(self.agenda_menu, "agenda", groups)
        people = self.participants
        self.participants_menu = bar.addMenu(self.tr("&Participants"))
        groups = [
            [people.find_action],
            [people.add_action, people.new_action, people.import_action],
            [people.attendance_menu, people.roles_menu, people.remove_action],
        ]
        self._fill_page_menu(self.participants_menu, "participants", groups)
        capture = self.capture
        self.capture_menu = bar.addMenu(self.tr("&Capture"))
        groups = [
            [capture.action_prev_session, capture.action_next_session, capture.action_now],
            [capture.action_export, capture.action_author],
        ]
        self._fill_page_menu(self.capture_menu, "capture", groups)
        self.report_menu = bar.addMenu(self.tr("&Report"))
        groups = [[self.report.export_action, self.report.preview_action]]
        self._fill_page_menu(self.report_menu, "report", groups)

    def _fill_page_menu(self, menu: QMenu, page: str, groups: list[list[QAction | QMenu]]) -> None:
        for i, group in enumerate(groups):
            if i:
                menu.addSeparator()
            for item in group:
                if isinstance(item, QMenu):
                    menu.addMenu(item)
                    for action in item.actions():
                        action.triggered.connect(lambda _c=False, p=page: self._page_used(p))
                else:
                    menu.addAction(self._menu_entry(item, page))
        self.page_menus.append(menu)

    def _menu_entry(self, action: QAction, page: str) -> QAction:
        """A menu entry for a page's action: shows the page first, then triggers it.

        The page's action keeps the shortcut (so it works only on its page); the
        entry names it after a tab, which the menu shows right-aligned.
        """
        entry = QAction(action.icon(), action.text(), self)
        entry.setCheckable(action.isCheckable())

        def sync() -> None:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            hint = action.property("shortcutHint")  # a key the page handles itself
            keys = keys or (str(hint) if hint else "")
            entry.setText(f"{action.text()}\t{keys}" if keys else action.text())
            entry.setEnabled(action.isEnabled())
            entry.setChecked(action.isChecked())
            entry.setStatusTip(action.toolTip())

        def run(_checked: bool = False) -> None:
            self._page_used(page)
            if action.isEnabled():
                action.trigger()
            sync()

        action.changed.connect(sync)
        entry.triggered.connect(run)
        sync()
        return entry

    def _page_used(self, page: str) -> None:
        if self.event_id is not None and not self.focus_mode and self.current_page() != page:
            self.show_page(page)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for action in (self.action_new, self.action_duplicate, self.action_archive):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.action_undo)
        self.toolbar.addAction(self.action_redo)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.action_import_bundle)
        self.toolbar.addAction(self.action_export_bundle)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.action_focus)
        self.addToolBar(self.toolbar)

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.status_workspace = QLabel()
        self.status_workspace.setObjectName("statusWorkspace")
        self.status_counts = QLabel()
        self.status_counts.setObjectName("statusCounts")
        self.status_saved = QLabel(self.tr("All changes are saved as you go"))
        self.status_saved.setObjectName("statusSaved")
        bar.addPermanentWidget(self.status_counts)
        bar.addPermanentWidget(self.status_saved)
        bar.addPermanentWidget(self.status_workspace)
        self.status_workspace.setText(self.tr("Workspace: {0}").format(self.ws.display_name))
        self.status_workspace.setToolTip(self.ws.url.render_as_string(hide_password=True))

    def _connect(self) -> None:
        self.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.undo_stack.indexChanged.connect(lambda _i: self._edited())
        self.overview.eventEdited.connect(lambda _id: self._event_edited())
        self.overview.failed.connect(lambda text: self.show_message(text, error=True))
        self.participants.message.connect(self.show_message)
        self.participants.failed.connect(lambda text: self.show_message(text, error=True))
        self.participants.participantsChanged.connect(lambda _id: self.update_counts())
        self.report.message.connect(self.show_message)
        self.report.failed.connect(lambda text: self.show_message(text, error=True))
        for signal_name in ("notesChanged",):
            signal = getattr(self.capture, signal_name, None)
            if signal is not None:
                signal.connect(lambda *_a: self.update_counts())

    # --- events ---

    def refresh_events(self, select: str | None = None) -> None:
        events = list_events(self.ws, include_archived=self.show_archived.isChecked())
        keep = select or self.event_id
        selection = self.event_list.selectionModel()
        assert selection is not None
        with QSignalBlocker(selection):
            self.event_model.set_events(events)
        self.sidebar_empty.setVisible(not events)
        row = self.event_model.row_of(keep) if keep else -1
        if row < 0 and events and keep is not None:
            row = 0
        if row >= 0:
            index = self.event_model.index(row, 0)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.select_event(str(index.data(IdRole)))
        else:
            self.select_event(None)

    def events(self) -> list[EventSummary]:
        return self.event_model.events()

    def _current_changed(self, current: object) -> None:
        from PySide6.QtCore import QModelIndex

        assert isinstance(current, QModelIndex)
        self.select_event(str(current.data(IdRole)) if current.isValid() else None)

    def select_event(self, event_id: str | None) -> None:
        """Show ``event_id`` in every page (and select it in the sidebar)."""
        row = self.event_model.row_of(event_id) if event_id else -1
        selection = self.event_list.selectionModel()
        assert selection is not None
        if row >= 0 and self.event_list.currentIndex().row() != row:
            with QSignalBlocker(selection):
                selection.setCurrentIndex(
                    self.event_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect,
                )
        if row < 0:
            event_id = None
        if event_id == self.event_id:
            self._update_actions()
            return
        self.event_id = event_id
        for page in self.pages.values():
            page.set_event(event_id)  # type: ignore[attr-defined]
        self.area.setCurrentIndex(1 if event_id else 0)
        if event_id:
            self.settings.setValue(self._key("lastEvent"), event_id)
        self._update_actions()
        self._update_title()
        self.update_counts()
        self.eventSelected.emit(event_id)

    def _select_initial_event(self) -> None:
        wanted = self.settings.value(self._key("lastEvent"))
        events = self.events()
        if isinstance(wanted, str) and self.event_model.row_of(wanted) >= 0:
            self.select_event(wanted)
        elif events:
            self.select_event(events[0].id)

    def current_event(self) -> EventSummary | None:
        row = self.event_model.row_of(self.event_id) if self.event_id else -1
        return self.event_model.events()[row] if row >= 0 else None

    def _event_edited(self) -> None:
        self.refresh_events()
        self._update_title()
        # the agenda and the report depend on the event's dates, zone and language
        for page in (self.agenda, self.report, self.capture):
            page.set_event(self.event_id)

    def _events_changed(self, select: str | None = None) -> None:
        self.refresh_events(select)

    def new_event(self) -> str | None:
        dialog = NewEventDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.create_event(
            dialog.title_edit.text().strip(),
            dialog.start_date(),
            dialog.end_date(),
            dialog.zone.zone() or "UTC",
        )

    def create_event(self, title: str, start: date, end: date, zone: str) -> str | None:
        command = cmd.CreateEventCommand(
            self.ws, title=title, start_date=start, end_date=end, timezone=zone
        )
        command._notify = lambda: self._events_changed(command.event_id)
        error = cmd.execute(self.undo_stack, command)
        if error:
            self.show_message(error, error=True)
            return None
        self.show_page("overview")
        return command.event_id

    def duplicate_event(self) -> str | None:
        if self.event_id is None:
            return None
        try:
            source = ee.get_event(self.ws, self.event_id)
        except ServiceError as exc:
            self.show_message(str(exc), error=True)
            return None
        dialog = NewEventDialog(self, source=source)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.duplicate(
            source.id,
            dialog.title_edit.text().strip(),
            dialog.start_date(),
            copy_participants=dialog.copy_participants.isChecked(),
            copy_notes=dialog.copy_notes.isChecked(),
        )

    def duplicate(
        self,
        source_id: str,
        title: str,
        start: date,
        *,
        copy_participants: bool = False,
        copy_notes: bool = False,
    ) -> str | None:
        command = cmd.DuplicateEventCommand(
            self.ws,
            source_id,
            start_date=start,
            title=title,
            copy_participants=copy_participants,
            copy_notes=copy_notes,
        )
        command._notify = lambda: self._events_changed(command.event_id)
        error = cmd.execute(self.undo_stack, command)
        if error:
            self.show_message(error, error=True)
            return None
        return command.event_id

    def toggle_archive(self) -> None:
        event = self.current_event()
        if event is None:
            return
        archived = not event.archived
        command = cmd.ArchiveEventCommand(self.ws, event.id, archived)
        command._notify = lambda: self._events_changed(event.id)
        error = cmd.execute(self.undo_stack, command)
        if error:
            self.show_message(error, error=True)
        elif archived:
            self.show_message(
                self.tr("Archived “{0}”; tick “Show archived” to see it again.").format(event.title)
            )

    # --- pages ---

    def show_page(self, name: str) -> QWidget:
        index = PAGES.index(name)
        self.tabs.setCurrentIndex(index)
        return self.pages[name]

    def current_page(self) -> str:
        return PAGES[self.page_stack.currentIndex()]

    def _tab_changed(self, index: int) -> None:
        self.page_stack.setCurrentIndex(index)
        for i, action in enumerate(self.page_actions):
            action.setChecked(i == index)
            keys = [QKeySequence(f"Ctrl+{i + 1}"), QKeySequence(f"Ctrl+Alt+{i + 1}")]
            # The capture page uses Ctrl+digit for note kinds: leave those keys to it.
            action.setShortcuts(keys[1:] if PAGES[index] == "capture" else keys)

    def set_focus_mode(self, on: bool) -> None:
        """Focused capture: only the capture page, no sidebar, tabs or toolbar."""
        self.focus_mode = on
        self.action_focus.setChecked(on)
        self.sidebar.setVisible(not on)
        self.tabs.setVisible(not on)
        self.toolbar.setVisible(not on)
        for menu in (self.agenda_menu, self.participants_menu, self.report_menu):
            menu.menuAction().setVisible(not on)
        if on:
            self.show_page("capture")
        self._update_title()

    # --- undo/status/title ---

    def undo(self) -> None:
        """Undo the last edit, first showing the event and page it was made in."""
        index = self.undo_stack.index()
        if index > 0:
            self._show_edit(self.undo_stack.command(index - 1))
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the next edit, first showing the event and page it was made in."""
        index = self.undo_stack.index()
        if index < self.undo_stack.count():
            self._show_edit(self.undo_stack.command(index))
        self.undo_stack.redo()

    def _show_edit(self, command: QUndoCommand | None) -> None:
        """Show the event and page where ``command`` was made (the stack is shared)."""
        if command is None:
            return
        event_id = _edit_event(command)
        if event_id and event_id != self.event_id and self.event_model.row_of(event_id) >= 0:
            self.select_event(event_id)
            shown = self.current_event()
            title = shown.title if shown is not None else ""
            self.statusBar().showMessage(
                self.tr("Showing “{0}”, where “{1}” was made.").format(title, command.text()),
                8000,
            )
        page = getattr(command, EDIT_PAGE, None)
        if isinstance(page, str) and page in PAGES and not self.focus_mode:
            self.show_page(page)

    def _undo_index_changed(self, index: int) -> None:
        previous, self._undo_index = self._undo_index, index
        if 0 < index <= self.undo_stack.count():
            pushed = self.undo_stack.command(index - 1)
            if pushed is not None and getattr(pushed, EDIT_EVENT, None) is None:
                # A new edit: it belongs to the event (and page) on screen.
                setattr(pushed, EDIT_EVENT, _edit_event(pushed) or self.event_id or "")
                setattr(pushed, EDIT_PAGE, self.current_page())
                return
        # An undo or redo that did not go through undo()/redo() (e.g. the stack
        # called directly): show its event afterwards.
        if previous is not None and index < previous:
            changed = self.undo_stack.command(index)
        elif previous is not None and index > previous:
            changed = self.undo_stack.command(index - 1)
        else:
            return
        if changed is not None:
            event_id = _edit_event(changed)
            if event_id and event_id != self.event_id and self.event_model.row_of(event_id) >= 0:
                self.select_event(event_id)

    def _edited(self) -> None:
        self.last_saved = datetime.now()
        self.status_saved.setText(
            self.tr("Saved at {0}").format(self.last_saved.strftime("%H:%M:%S"))
        )
        self._update_actions()
        self.update_counts()

    def _update_actions(self) -> None:
        event = self.current_event()
        has = event is not None
        for menu in self.page_menus:
            if shiboken6.isValid(menu):  # not while the window is being torn down
                menu.setEnabled(has)
        for action in (self.action_duplicate, self.action_archive, self.action_export_bundle):
            action.setEnabled(has)
        self.action_archive.setText(
            self.tr("Un&archive event") if event and event.archived else self.tr("&Archive event")
        )
        self.action_archive.setIcon(
            icon(
                "archive-arrow-up-outline"
                if event and event.archived
                else "archive-arrow-down-outline"
            )
        )

    def update_counts(self) -> None:
        n_events = self.event_model.rowCount()
        text = self.tr("1 event") if n_events == 1 else self.tr("{0} events").format(n_events)
        if self.event_id is not None:
            try:
                counts = ee.event_counts(self.ws, self.event_id)
            except ServiceError:
                counts = None
            if counts is not None:
                text += self.tr(" · {0} participants · {1} sessions · {2} notes").format(
                    counts.participants, counts.sessions, counts.notes
                )
        self.status_counts.setText(text)

    def _update_title(self) -> None:
        event = self.current_event()
        parts = ["Workshop Planner"]
        if self.focus_mode:
            parts = ["Capture"]
        if event is not None:
            parts.append(event.title)
        parts.append(self.ws.display_name)
        self.setWindowTitle(" — ".join(parts))

    def show_message(self, text: str, *, error: bool = False) -> None:
        """One sentence in the message bar above the pages (errors stay until closed)."""
        self.message_bar.show_message(text, error=error)
        self.statusBar().showMessage(text, 8000)

    # --- bundles and workspaces (off the GUI thread) ---

    def _run(
        self,
        fn: Callable[..., object],
        *args: object,
        done: Callable[[object], None],
        busy: str,
    ) -> Worker:
        worker = Worker(fn, *args)
        self._workers.add(worker)
        self.statusBar().showMessage(busy)

        def finished(result: object) -> None:
            if shiboken6.isValid(self):  # the window may have closed meanwhile
                self._workers.discard(worker)
                done(result)

        def failed(message: str) -> None:
            if shiboken6.isValid(self):
                self._workers.discard(worker)
                self.show_message(message, error=True)

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(failed)
        start(worker)
        return worker

    def import_bundle(self, path: str | Path | None = None) -> Worker | None:
        if not path:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import an event bundle"), "", self.tr("Event bundles (*.json)")
            )
            if not chosen:
                return None
            path = chosen
        from workshop_planner.services.bundle import import_bundle_file

        return self._run(
            import_bundle_file,
            self.ws,
            Path(path),
            done=self._bundle_imported,
            busy=self.tr("Importing {0}…").format(Path(path).name),
        )

    def load_sample(self) -> Worker:
        from workshop_planner.services.bundle import load_sample_event

        return self._run(
            load_sample_event,
            self.ws,
            done=self._bundle_imported,
            busy=self.tr("Loading the sample event…"),
        )

    def _bundle_imported(self, result: object) -> None:
        event_id = getattr(result, "event_id", None)
        self.undo_stack.clear()  # an import merges many objects: it is not undoable
        self.refresh_events(event_id)
        for page in self.pages.values():
            page.set_event(self.event_id)  # type: ignore[attr-defined]
        describe = getattr(result, "describe", None)
        self.show_message(describe() if callable(describe) else self.tr("Imported."))

    def export_bundle(self, path: str | Path | None = None) -> Worker | None:
        event = self.current_event()
        if event is None:
            return None
        if not path:
            suggested = "".join(c if c.isalnum() else "-" for c in event.title.lower()).strip("-")
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the event as a bundle"),
                f"{suggested or 'event'}.json",
                self.tr("Event bundles (*.json)"),
            )
            if not chosen:
                return None
            path = chosen
        from workshop_planner.services.bundle import export_bundle_file

        target = Path(path)
        return self._run(
            export_bundle_file,
            self.ws,
            event.id,
            target,
            done=lambda _r: self.show_message(
                self.tr("Exported “{0}” to {1}.").format(event.title, target)
            ),
            busy=self.tr("Exporting…"),
        )

    def open_workspace_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a workspace"),
            "",
            self.tr("Workspaces (*.sqlite3 *.sqlite *.db);;All files (*)"),
        )
        if path:
            self.openWorkspaceRequested.emit(path)

    def recent_workspaces(self) -> list[str]:
        value = self.settings.value("recentWorkspaces", [])
        if isinstance(value, str):
            return [value]
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return []

    def _remember_workspace(self) -> None:
        target = (
            self.ws.url.database
            if self.ws.is_sqlite and self.ws.url.database
            else self.ws.url.render_as_string(hide_password=False)
        )
        if not target or target == ":memory:":
            return
        recent = [target] + [r for r in self.recent_workspaces() if r != target]
        self.settings.setValue("recentWorkspaces", recent[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = self.ws.url.database
        entries = [r for r in self.recent_workspaces() if r != current]
        if not entries:
            action = self.recent_menu.addAction(self.tr("No other workspaces yet"))
            action.setEnabled(False)
            return
        for target in entries:
            label = Path(target).name if "://" not in target else target.split("@")[-1]
            action = self.recent_menu.addAction(label)
            action.setToolTip(target)
            action.triggered.connect(lambda _c=False, t=target: self.openWorkspaceRequested.emit(t))
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(self.tr("Clear the list"))
        clear.triggered.connect(lambda: self.settings.setValue("recentWorkspaces", [current]))

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Workshop Planner"),
            self.tr(
                "<p><b>Workshop Planner {0}</b></p><p>Plan convenings offline, capture notes "
                "live and publish event reports.</p><p>Workspace: {1}</p>"
            ).format(__version__, self.ws.display_name),
        )

    # --- state ---

    def _key(self, name: str) -> str:
        digest = hashlib.sha1(str(self.ws.url).encode(), usedforsecurity=False).hexdigest()
        return f"workspaces/{digest[:12]}/{name}"

    def _restore_state(self) -> None:
        geometry = self.settings.value("mainWindow/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = self.settings.value("mainWindow/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        splitter = self.settings.value("mainWindow/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(splitter))
        page = self.settings.value("mainWindow/page")
        if isinstance(page, str) and page in PAGES:
            self.show_page(page)
        if self.settings.value("agenda/list") in (True, "true"):
            self.agenda.show_list(True)

    def save_state(self) -> None:
        self.settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.settings.setValue("mainWindow/state", self.saveState())
        self.settings.setValue("mainWindow/splitter", self.splitter.saveState())
        self.settings.setValue("agenda/list", self.agenda.is_list_shown())
        if not self.focus_mode:
            self.settings.setValue("mainWindow/page", self.current_page())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.overview.setFocus()  # lets a field being edited save itself
        self.report.flush_texts()
        self.save_state()
        QThreadPool.globalInstance().waitForDone(30_000)
        super().closeEvent(event)
