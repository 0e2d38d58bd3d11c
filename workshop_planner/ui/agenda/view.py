"""The Agenda page: time grid or list, conflicts, editing and exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import qtawesome as qta
from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QRegularExpression,
    Qt,
    QThreadPool,
    QTimer,
    QTimeZone,
)
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.conflicts import Conflict
from workshop_planner.domain.enums import SessionKind
from workshop_planner.domain.rules import session_too_short
from workshop_planner.services import agenda
from workshop_planner.services.calendar_export import export_calendar
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.ui.agenda.commands import (
    AgendaContext,
    CreateSessionCommand,
    DeleteSessionCommand,
    EditSessionCommand,
    MoveSessionCommand,
)
from workshop_planner.ui.agenda.editor import SessionEditorDialog
from workshop_planner.ui.agenda.grid import KeyCommand, TimeGrid, key_command
from workshop_planner.ui.agenda.models import (
    SESSION_ID_ROLE,
    Column,
    ConflictListModel,
    SessionFilterProxy,
    SessionTableModel,
)
from workshop_planner.ui.agenda.style import (
    CONFLICT_COLOUR,
    EventFormats,
    kind_colour,
    kind_labels,
    tr,
)
from workshop_planner.ui.agenda.workers import ProgrammeExportTask
from workshop_planner.ui.operations import Operations

STEP = timedelta(minutes=agenda.SNAP_MINUTES)


class SessionTableView(QTableView):
    """The compact list; the agenda keys work here as on the grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_command: Callable[[KeyCommand], None] | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if key_command(event) is not None:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = key_command(event)
        if command is not None and self.on_command is not None:
            self.on_command(command)
            event.accept()
            return
        super().keyPressEvent(event)


class MessageBar(QFrame):
    """A one-line message above the agenda: information or a clear error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaMessage")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setIcon(qta.icon("mdi6.close"))
        close.setAutoRaise(True)
        close.setToolTip(tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.is_error = False
        self.hide()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.is_error = error
        colour = CONFLICT_COLOUR if error else "#1565c0"
        name = "mdi6.alert-circle" if error else "mdi6.information"
        self.icon.setPixmap(qta.icon(name, color=colour).pixmap(18, 18))
        self.text.setText(text)
        background = "#fdecea" if error else "#e8f1fb"
        self.setStyleSheet(
            f"#agendaMessage {{ background: {background}; border: 1px solid {colour}; "
            "border-radius: 4px; } #agendaMessage QLabel { color: #202124; }"
        )
        self.show()
        if error:
            self._timer.stop()
        else:
            self._timer.start(8000)


class AgendaView(QWidget):
    """The event's agenda as a time grid (or list) with its conflicts."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        workspace, undo_stack = operations.workspace, operations.undo_stack
        self.operations = operations
        self.setObjectName("agendaView")
        self.workspace = workspace
        self.undo_stack = undo_stack
        self.event_id: str | None = None
        self.agenda_event: agenda.AgendaEvent | None = None
        self.sessions: list[agenda.SessionInfo] = []
        self.conflicts: list[Conflict] = []
        self.formats = EventFormats()
        self._selected: str | None = None
        self._syncing = False
        self._export_running = False
        self._task: ProgrammeExportTask | None = None
        self.context = AgendaContext(workspace, self._after_command, self.show_error)

        self._build_actions()
        self._build_ui()
        self.set_event(None)

    # --- building ----------------------------------------------------------------

    def _action(
        self,
        icon: str,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(qta.icon(icon), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        hint = tip or text.replace("&", "").rstrip("…")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{hint} ({keys})" if keys else hint)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("mdi6.plus", tr("&New session"), self.new_session, "N")
        self.edit_action = self._action(
            "mdi6.pencil", tr("&Edit session…"), self.edit_selected, tip=tr("Edit session (Enter)")
        )
        # Enter is handled by the grid and the list themselves; menus show it.
        self.edit_action.setProperty("shortcutHint", "Enter")
        self.delete_action = self._action(
            "mdi6.delete",
            tr("&Delete session"),
            self.delete_selected,
            QKeySequence.StandardKey.Delete,
        )
        self.earlier_action = self._action(
            "mdi6.arrow-up",
            tr("Move 15 min earlier"),
            lambda: self.run_command(KeyCommand.EARLIER),
            "Alt+Up",
        )
        self.later_action = self._action(
            "mdi6.arrow-down",
            tr("Move 15 min later"),
            lambda: self.run_command(KeyCommand.LATER),
            "Alt+Down",
        )
        self.shorter_action = self._action(
            "mdi6.arrow-collapse-up",
            tr("Shorten by 15 min"),
            lambda: self.run_command(KeyCommand.SHORTER),
            "Shift+Alt+Up",
        )
        self.longer_action = self._action(
            "mdi6.arrow-expand-down",
            tr("Lengthen by 15 min"),
            lambda: self.run_command(KeyCommand.LONGER),
            "Shift+Alt+Down",
        )
        self.previous_day_action = self._action(
            "mdi6.arrow-left",
            tr("Move to previous day"),
            lambda: self.run_command(KeyCommand.PREVIOUS_DAY),
            "Alt+Left",
        )
        self.next_day_action = self._action(
            "mdi6.arrow-right",
            tr("Move to next day"),
            lambda: self.run_command(KeyCommand.NEXT_DAY),
            "Alt+Right",
        )
        self.grid_action = self._action(
            "mdi6.calendar-week",
            tr("&Grid"),
            lambda: self.show_list(False),
            "Ctrl+Shift+G",
            tr("Show the time grid"),
        )
        self.list_action = self._action(
            "mdi6.view-list",
            tr("&List"),
            lambda: self.show_list(True),
            "Ctrl+Shift+L",
            tr("Show the compact list"),
        )
        group = QActionGroup(self)
        for action in (self.grid_action, self.list_action):
            action.setCheckable(True)
            group.addAction(action)
        self.grid_action.setChecked(True)
        self.export_ics_action = self._action(
            "mdi6.calendar-export", tr("Export calendar (.ics)…"), self.export_calendar_dialog
        )
        self.export_pdf_action = self._action(
            "mdi6.file-pdf-box", tr("Export programme PDF…"), self.export_programme_dialog
        )
        self.session_actions = [
            self.edit_action,
            self.delete_action,
            self.earlier_action,
            self.later_action,
            self.shorter_action,
            self.longer_action,
            self.previous_day_action,
            self.next_day_action,
        ]

    def _build_ui(self) -> None:
        toolbar = QToolBar(tr("Agenda"), self)
        toolbar.setObjectName("agendaToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.edit_action)
        toolbar.addAction(self.delete_action)
        arrange = QToolButton(self)
        arrange.setText(tr("Arrange"))
        arrange.setIcon(qta.icon("mdi6.clock-edit-outline"))
        arrange.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        arrange.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        arrange.setToolTip(tr("Move or resize the selected session"))
        menu = QMenu(arrange)
        for action in self.session_actions[2:]:
            menu.addAction(action)
        arrange.setMenu(menu)
        toolbar.addWidget(arrange)
        toolbar.addSeparator()
        toolbar.addAction(self.grid_action)
        toolbar.addAction(self.list_action)
        toolbar.addSeparator()
        toolbar.addAction(self.export_ics_action)
        toolbar.addAction(self.export_pdf_action)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.zone_label = QLabel(self)
        self.zone_label.setObjectName("agendaZone")
        self.zone_label.setStyleSheet("color: palette(placeholder-text); padding-right: 8px;")
        toolbar.addWidget(self.zone_label)

        self.message = MessageBar(self)
        self.busy = QWidget(self)
        busy_layout = QHBoxLayout(self.busy)
        busy_layout.setContentsMargins(8, 0, 8, 0)
        self.busy_label = QLabel(tr("Exporting the programme PDF…"), self.busy)
        self.busy_bar = QProgressBar(self.busy)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(200)
        self.busy_bar.setTextVisible(False)
        busy_layout.addWidget(self.busy_label)
        busy_layout.addWidget(self.busy_bar)
        busy_layout.addStretch(1)
        self.busy.hide()

        # the grid
        self.grid = TimeGrid(self)
        self.grid.selectionChanged.connect(lambda sid: self._set_selected(sid or None))
        self.grid.createRequested.connect(self.create_session_at)
        self.grid.moveRequested.connect(self.move_session)
        self.grid.editRequested.connect(self.edit_session)
        self.grid.commandRequested.connect(self.run_command)

        # the list
        self.session_model = SessionTableModel(self)
        self.proxy = SessionFilterProxy(self)
        self.proxy.setSourceModel(self.session_model)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("agendaFilter")
        self.filter.setPlaceholderText(tr("Filter sessions by title, kind, room or person…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(qta.icon("mdi6.magnify"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.textChanged.connect(self._filter_changed)
        self.table = SessionTableView(self)
        self.table.setObjectName("agendaList")
        self.table.on_command = self.run_command
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.TIME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.PEOPLE, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(Column.PEOPLE, 220)
        self.table.selectionModel().currentRowChanged.connect(self._table_current_changed)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(4)
        list_layout.addWidget(self.filter)
        list_layout.addWidget(self.table, 1)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.grid)
        self.pages.addWidget(list_page)

        # conflicts
        self.conflict_model = ConflictListModel(self)
        self.conflict_title = QLabel(self)
        self.conflict_title.setObjectName("conflictTitle")
        self.conflict_list = QListView(self)
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setAccessibleName(tr("Conflicts"))
        self.conflict_list.setModel(self.conflict_model)
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setSpacing(2)
        self.conflict_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.conflict_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_list.clicked.connect(self._conflict_clicked)
        self.conflict_list.activated.connect(self._conflict_clicked)
        self.no_conflicts = QLabel(self)
        self.no_conflicts.setObjectName("noConflicts")
        self.no_conflicts.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.no_conflicts.setWordWrap(True)
        self.no_conflicts.setText(
            tr("No conflicts: nobody is double-booked and every room is free.")
        )
        self.no_conflicts.setStyleSheet("color: palette(placeholder-text); padding: 16px;")
        conflicts_panel = QWidget(self)
        conflicts_panel.setObjectName("conflictPanel")
        panel_layout = QVBoxLayout(conflicts_panel)
        panel_layout.setContentsMargins(8, 0, 0, 0)
        panel_layout.setSpacing(4)
        panel_layout.addWidget(self.conflict_title)
        panel_layout.addWidget(self.conflict_list, 1)
        panel_layout.addWidget(self.no_conflicts, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.pages)
        splitter.addWidget(conflicts_panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, 300])
        splitter.setChildrenCollapsible(False)
        conflicts_panel.setMinimumWidth(220)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(8, 0, 8, 8)
        content_layout.setSpacing(8)
        content_layout.addWidget(self._legend())
        content_layout.addWidget(self.message)
        content_layout.addWidget(self.busy)
        content_layout.addWidget(splitter, 1)

        self.placeholder = QLabel(tr("Choose an event to plan its agenda."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(placeholder-text); font-size: 14pt;")
        self.outer = QStackedWidget(self)
        self.outer.addWidget(self.placeholder)
        self.outer.addWidget(content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.outer, 1)
        self.toolbar = toolbar

    def _legend(self) -> QWidget:
        legend = QWidget(self)
        legend.setObjectName("agendaLegend")
        layout = QHBoxLayout(legend)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(12)
        for kind, label in kind_labels().items():
            item = QLabel(legend)
            colour = kind_colour(kind).name()
            item.setText(f"<span style='color:{colour}; font-size:14pt'>■</span>&nbsp;{label}")
            item.setToolTip(tr("Sessions of kind “{kind}”").format(kind=label))
            layout.addWidget(item)
        warning = QLabel(legend)
        warning.setText(
            f"<span style='color:{CONFLICT_COLOUR}; font-size:12pt'>⚠</span>&nbsp;" + tr("Conflict")
        )
        layout.addWidget(warning)
        layout.addStretch(1)
        return legend

    # --- the event ---------------------------------------------------------------

    def set_event(self, event_id: str | None) -> None:
        """Show the agenda of ``event_id`` (None shows the placeholder)."""
        self.event_id = event_id
        self._selected = None
        self.message.hide()
        self.filter.clear()
        if event_id is None:
            self.agenda_event = None
            self.outer.setCurrentWidget(self.placeholder)
            self._update_actions()
            return
        self.outer.setCurrentIndex(1)
        self.refresh()
        days = set(self.agenda_event.days) if self.agenda_event else set()
        starts = [s.start for s in self.sessions if s.start.date() in days]
        self.grid.scroll_to_hour(min(starts).hour if starts else 8)

    def refresh(self, select: str | None = None) -> None:
        """Reload the agenda from the workspace, keeping or changing the selection."""
        if self.event_id is None:
            return
        try:
            self.agenda_event = agenda.get_agenda_event(self.workspace, self.event_id)
            self.sessions = agenda.list_sessions(self.workspace, self.event_id)
        except NotFoundError as exc:
            self.show_error(str(exc))
            self.set_event(None)
            return
        event = self.agenda_event
        self.formats = EventFormats(event.language, event.venue_country)
        self.conflicts = agenda.conflicts_for(event, self.sessions)
        reasons: dict[str, list[str]] = {}
        for conflict in self.conflicts:
            for sid in conflict.session_ids:
                reasons.setdefault(sid, []).append(conflict.message)
        self.grid.set_agenda(event.days, self.sessions, reasons, self.formats)
        self.session_model.set_sessions(self.sessions, reasons, self.formats)
        self.conflict_model.set_conflicts(self.conflicts)
        count = len(self.conflicts)
        self.conflict_title.setText(
            f"<b>{tr('Conflicts')}</b>"
            + (f" <span style='color:{CONFLICT_COLOUR}'>({count})</span>" if count else "")
        )
        self.conflict_list.setVisible(count > 0)
        self.no_conflicts.setVisible(count == 0)
        self._update_zone_label(event.timezone)
        wanted = select if select is not None else self._selected
        self._set_selected(wanted if any(s.id == wanted for s in self.sessions) else None)

    def _update_zone_label(self, zone: str) -> None:
        system = bytes(QTimeZone.systemTimeZoneId().data()).decode()
        if zone != system:
            self.zone_label.setText(tr("Times in {zone}").format(zone=zone))
            self.zone_label.setToolTip(
                tr("Session times are wall times in the event’s time zone, {zone}.").format(
                    zone=zone
                )
            )
        else:
            self.zone_label.setText("")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Other pages may have renamed people or changed the event's days.
        if self.event_id is not None and not event.spontaneous():
            self.refresh()

    # --- selection -----------------------------------------------------------------

    def selected_session_id(self) -> str | None:
        return self._selected

    def selected_session(self) -> agenda.SessionInfo | None:
        return next((s for s in self.sessions if s.id == self._selected), None)

    def select_session(self, session_id: str | None) -> None:
        self._set_selected(session_id)

    def _set_selected(self, session_id: str | None) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self._selected = session_id
            self.grid.select(session_id, notify=False)
            row = self.session_model.row_of(session_id) if session_id else -1
            selection = self.table.selectionModel()
            if row >= 0:
                index = self.proxy.mapFromSource(self.session_model.index(row, 0))
                if index.isValid():
                    selection.setCurrentIndex(
                        index,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    self.table.scrollTo(index)
            else:
                selection.clearSelection()
        finally:
            self._syncing = False
        self._update_actions()

    def _table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._set_selected(str(current.data(SESSION_ID_ROLE)))

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterRegularExpression(
            QRegularExpression(
                QRegularExpression.escape(text.strip()),
                QRegularExpression.PatternOption.CaseInsensitiveOption,
            )
        )

    def _conflict_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._set_selected(str(index.data(SESSION_ID_ROLE)))

    def _update_actions(self) -> None:
        has_event = self.event_id is not None
        has_selection = has_event and self._selected is not None
        self.new_action.setEnabled(has_event)
        for action in self.session_actions:
            action.setEnabled(has_selection)
        self.export_ics_action.setEnabled(has_event)
        self.export_pdf_action.setEnabled(has_event and not self._export_running)
        self.grid_action.setEnabled(has_event)
        self.list_action.setEnabled(has_event)

    def show_list(self, as_list: bool) -> None:
        self.pages.setCurrentIndex(1 if as_list else 0)
        (self.list_action if as_list else self.grid_action).setChecked(True)
        (self.table if as_list else self.grid).setFocus()
        if self._selected:
            self._set_selected(self._selected)

    def is_list_shown(self) -> bool:
        return self.pages.currentIndex() == 1

    # --- messages -------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.message.show_message(message, error=True)

    def show_info(self, message: str) -> None:
        self.message.show_message(message)

    def _after_command(self, select: str | None) -> None:
        self.refresh(select=select)

    # --- editing ---------------------------------------------------------------------

    def run_command(self, command: KeyCommand) -> None:
        if self.event_id is None:
            return
        if command is KeyCommand.NEW:
            self.new_session()
            return
        session = self.selected_session()
        if session is None:
            return
        match command:
            case KeyCommand.EDIT:
                self.edit_session(session.id)
            case KeyCommand.DELETE:
                self.delete_session(session.id)
            case KeyCommand.EARLIER:
                self._shift(session, -STEP, -STEP, tr("Move “{title}” earlier"))
            case KeyCommand.LATER:
                self._shift(session, STEP, STEP, tr("Move “{title}” later"))
            case KeyCommand.SHORTER:
                if session_too_short(session.start, session.end - STEP):
                    self.show_error(tr("A session cannot be shorter than 15 minutes."))
                    return
                self._shift(session, timedelta(0), -STEP, tr("Shorten “{title}”"))
            case KeyCommand.LONGER:
                self._shift(session, timedelta(0), STEP, tr("Lengthen “{title}”"))
            case KeyCommand.PREVIOUS_DAY:
                self._shift(
                    session,
                    -timedelta(days=1),
                    -timedelta(days=1),
                    tr("Move “{title}” to the previous day"),
                )
            case KeyCommand.NEXT_DAY:
                self._shift(
                    session,
                    timedelta(days=1),
                    timedelta(days=1),
                    tr("Move “{title}” to the next day"),
                )

    def _shift(
        self, session: agenda.SessionInfo, start_by: timedelta, end_by: timedelta, text: str
    ) -> None:
        self.move_session(
            session.id,
            session.start + start_by,
            session.end + end_by,
            text.format(title=session.title),
        )

    def move_session(
        self, session_id: str, start: datetime, end: datetime, text: str | None = None
    ) -> None:
        """Move/resize a session (undoable); a refused move shows why and changes nothing."""
        before = next((s for s in self.sessions if s.id == session_id), None)
        if before is None:
            return
        try:
            agenda.move_session(self.workspace, session_id, start, end)
        except ServiceError as exc:
            self.show_error(str(exc))
            self.refresh()
            return
        self.undo_stack.push(MoveSessionCommand(self.context, before, start, end, text))
        self.refresh(select=session_id)

    def create_session_at(self, start: datetime, end: datetime) -> str | None:
        """Create “New session” at [start, end) and select it; returns its id."""
        if self.event_id is None:
            return None
        data = agenda.SessionData(
            title=tr(agenda.NEW_SESSION_TITLE), kind=SessionKind.OTHER, start=start, end=end
        )
        try:
            created = agenda.create_session(self.workspace, self.event_id, data)
        except ServiceError as exc:
            self.show_error(str(exc))
            return None
        self.undo_stack.push(CreateSessionCommand(self.context, created))
        self.refresh(select=created.id)
        self.show_info(
            tr("Created “{title}” {when} — press Enter to edit it.").format(
                title=created.title,
                when=f"{self.formats.day_short(start.date())}, {self.formats.span(start, end)}",
            )
        )
        return created.id

    def new_session(self) -> str | None:
        """Create a session in the first free hour (on the selected session's day first)."""
        if self.agenda_event is None:
            return None
        selected = self.selected_session()
        day: date | None = selected.start.date() if selected else None
        start, end = agenda.free_slot(self.agenda_event, self.sessions, day=day)
        return self.create_session_at(start, end)

    def edit_selected(self) -> None:
        if self._selected:
            self.edit_session(self._selected)

    def editor_for(self, session_id: str) -> SessionEditorDialog | None:
        """The editor dialog for a session (not yet shown)."""
        if self.event_id is None or self.agenda_event is None:
            return None
        try:
            session = agenda.get_session(self.workspace, session_id)
            participants = agenda.list_participant_choices(self.workspace, self.event_id)
            locations = agenda.list_locations(self.workspace, self.event_id)
        except ServiceError as exc:
            self.show_error(str(exc))
            return None
        return SessionEditorDialog(self.agenda_event, session, participants, locations, self)

    def edit_session(self, session_id: str) -> None:
        dialog = self.editor_for(session_id)
        if dialog is None:
            return
        if dialog.exec():
            self.apply_edit(session_id, dialog.session_data())
        dialog.deleteLater()

    def apply_edit(self, session_id: str, data: agenda.SessionData) -> bool:
        """Save what the editor produced (undoable)."""
        try:
            before = agenda.get_session(self.workspace, session_id)
            if before.to_data() == data:
                return True
            agenda.update_session(self.workspace, session_id, data)
        except ServiceError as exc:
            self.show_error(str(exc))
            return False
        self.undo_stack.push(EditSessionCommand(self.context, before, data))
        self.refresh(select=session_id)
        return True

    def delete_selected(self) -> None:
        if self._selected:
            self.delete_session(self._selected)

    def delete_session(self, session_id: str) -> None:
        try:
            deleted = agenda.delete_session(self.workspace, session_id)
        except ServiceError as exc:
            self.show_error(str(exc))
            self.refresh()
            return
        self.undo_stack.push(DeleteSessionCommand(self.context, deleted))
        self.refresh(select=None)
        undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.show_info(
            tr("Deleted “{title}” — undo with {keys}.").format(
                title=deleted.data.title, keys=undo_keys
            )
        )

    # --- exports -----------------------------------------------------------------------

    def _default_path(self, suffix: str) -> str:
        title = self.agenda_event.title if self.agenda_event else "agenda"
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "agenda"
        return str(Path.home() / f"{safe}{suffix}")

    def export_calendar_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Export calendar"),
            self._default_path(".ics"),
            tr("iCalendar files (*.ics)"),
        )
        if path:
            if not path.lower().endswith(".ics"):
                path += ".ics"
            self.export_calendar_to(Path(path))

    def export_calendar_to(self, path: Path) -> int:
        """Write the agenda as .ics; returns the number of sessions (0 on error)."""
        if self.event_id is None:
            return 0
        try:
            count = export_calendar(self.workspace, self.event_id, path)
        except ServiceError as exc:
            self.show_error(str(exc))
            return 0
        self.show_info(tr("Exported {count} sessions to {path}.").format(count=count, path=path))
        return count

    def export_programme_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("Export programme"),
            self._default_path(" programme.pdf"),
            tr("PDF files (*.pdf)"),
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_programme_to(Path(path))

    def export_programme_to(self, path: Path) -> ProgrammeExportTask | None:
        """Start rendering the programme PDF on a worker thread; the view shows it is busy."""
        if self.event_id is None or self._export_running:
            return None
        task = ProgrammeExportTask(self.workspace, self.event_id, path)
        task.signals.finished.connect(self._programme_done)
        task.signals.failed.connect(self._programme_failed)
        self._export_running = True
        self.busy.show()
        self._update_actions()
        self._task = task
        QThreadPool.globalInstance().start(task)
        return task

    def _programme_finished(self) -> None:
        self._task = None
        self._export_running = False
        self.busy.hide()
        self._update_actions()

    def _programme_done(self, path: str) -> None:
        self._programme_finished()
        self.show_info(tr("Saved the programme to {path}.").format(path=path))

    def _programme_failed(self, message: str) -> None:
        self._programme_finished()
        self.show_error(message)
