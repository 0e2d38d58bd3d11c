"""The Agenda page: time grid or list, conflicts, editing and exports."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QRegularExpression,
    Qt,
    QTimeZone,
)
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.conflicts import Conflict
from workshop_planner.domain.enums import SessionKind
from workshop_planner.domain.rules import session_too_short
from workshop_planner.services import agenda
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import NotFoundError, ServiceError, StaleEditError
from workshop_planner.ui import icons
from workshop_planner.ui.agenda.commands import (
    CreateSessionCommand,
    DeleteSessionCommand,
    EditSessionCommand,
    MoveSessionCommand,
)
from workshop_planner.ui.agenda.editor import SessionEditorDialog
from workshop_planner.ui.agenda.exports import AgendaExports
from workshop_planner.ui.agenda.grid import KeyCommand, TimeGrid
from workshop_planner.ui.agenda.models import (
    SESSION_ID_ROLE,
    Column,
    SessionFilterProxy,
    SessionTableModel,
)
from workshop_planner.ui.agenda.panels import ConflictPanel, SessionTableView, legend
from workshop_planner.ui.agenda.style import (
    EventFormats,
    tr,
)
from workshop_planner.ui.operations import Operations, PageFollower, UndoCommand
from workshop_planner.ui.stale_edit import push_or_settle
from workshop_planner.ui.widgets import MessageBar

STEP = timedelta(minutes=agenda.SNAP_MINUTES)
#: changes after which the whole agenda is read again (days, names of people)
RELOAD_PARTS = frozenset({Part.EVENT, Part.PARTICIPANTS, Part.PEOPLE, Part.EVENTS})


def _reasons(conflicts: list[Conflict]) -> dict[str, list[str]]:
    """For each session id, the sentences of its conflicts."""
    reasons: dict[str, list[str]] = {}
    for conflict in conflicts:
        for sid in conflict.session_ids:
            reasons.setdefault(sid, []).append(conflict.message)
    return reasons


class AgendaView(QWidget):
    """The event's agenda as a time grid (or list) with its conflicts."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.setObjectName("agendaView")
        self.workspace = operations.workspace
        self.event_id: str | None = None
        self.agenda_event: agenda.AgendaEvent | None = None
        self.sessions: list[agenda.SessionInfo] = []
        self.conflicts: list[Conflict] = []
        self.formats = EventFormats()
        self._selected: str | None = None
        self._syncing = False
        #: refreshes the agenda when it (or what it shows) changed
        self.follower = PageFollower(
            self,
            operations,
            (Part.AGENDA, Part.EVENT, Part.PARTICIPANTS, Part.PEOPLE),
            self._follow,
        )

        self._build_actions()
        #: the calendar and programme PDF exports
        self.exports = AgendaExports(self)
        self.export_ics_action = self.exports.calendar_action
        self.export_pdf_action = self.exports.programme_action
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
        action = QAction(icons.icon(icon), text, self)
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
        moves = (
            ("mdi6.arrow-up", tr("Move 15 min earlier"), KeyCommand.EARLIER, "Alt+Up"),
            ("mdi6.arrow-down", tr("Move 15 min later"), KeyCommand.LATER, "Alt+Down"),
            ("mdi6.arrow-collapse-up", tr("Shorten by 15 min"), KeyCommand.SHORTER, "Shift+Alt+Up"),
            ("mdi6.arrow-expand-down", tr("Lengthen by 15 min"), KeyCommand.LONGER,
             "Shift+Alt+Down"),
            ("mdi6.arrow-left", tr("Move to previous day"), KeyCommand.PREVIOUS_DAY, "Alt+Left"),
            ("mdi6.arrow-right", tr("Move to next day"), KeyCommand.NEXT_DAY, "Alt+Right"),
        )  # fmt: skip
        (
            self.earlier_action,
            self.later_action,
            self.shorter_action,
            self.longer_action,
            self.previous_day_action,
            self.next_day_action,
        ) = [
            self._action(name, text, lambda _c=False, k=key: self.run_command(k), keys)
            for name, text, key, keys in moves
        ]
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
        arrange.setIcon(icons.icon("mdi6.clock-edit-outline"))
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

        #: information about the page's own edits (errors go to the window's bar)
        self.message = MessageBar(self)

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
        self.filter.addAction(icons.icon("mdi6.magnify"), QLineEdit.ActionPosition.LeadingPosition)
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
        # Columns are fitted to their contents when the list is shown or reloaded
        # (_fit_columns), not on every row change: "resize to contents" would
        # measure every cell of a big agenda after each move, even while hidden.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(0)  # the rows in view
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

        self.conflict_panel = ConflictPanel(self)
        self.conflict_panel.sessionChosen.connect(self._set_selected)
        # the panel's parts, as tests reach them
        self.conflict_model = self.conflict_panel.model
        self.conflict_list = self.conflict_panel.list
        self.no_conflicts = self.conflict_panel.empty
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.conflict_panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, 300])
        splitter.setChildrenCollapsible(False)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(8, 0, 8, 8)
        content_layout.setSpacing(8)
        content_layout.addWidget(legend(self))
        content_layout.addWidget(self.message)
        content_layout.addWidget(self.exports.busy)
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

    # --- the event ---------------------------------------------------------------

    def set_event(self, event_id: str | None) -> None:
        """Show the agenda of ``event_id`` (None shows the placeholder)."""
        self.event_id = event_id
        self.follower.set_event(event_id)
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
        reasons = _reasons(self.conflicts)
        self.grid.set_agenda(event.days, self.sessions, reasons, self.formats)
        self.session_model.set_sessions(self.sessions, reasons, self.formats)
        self._fit_columns()
        self.conflict_panel.set_conflicts(self.conflicts)
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

    def _follow(self, changes: Changes) -> None:
        """The agenda, the event's days or the people in sessions changed."""
        if changes.sessions is None or changes.parts & RELOAD_PARTS or self.agenda_event is None:
            self.refresh()
        else:
            self.update_sessions(changes.sessions)

    def update_sessions(self, changed: frozenset[str]) -> None:
        """Only the ``changed`` sessions changed (a move, an edit, their undo): read
        them again, find again only their conflicts and update only the rows and
        conflicts that changed; the rest of the agenda stays as it is."""
        assert self.event_id is not None
        assert self.agenda_event is not None
        try:
            fresh = agenda.get_sessions(self.workspace, self.event_id, changed)
        except NotFoundError:
            self.refresh()  # the event itself went: refresh says so
            return
        sessions = sorted(
            [*(s for s in self.sessions if s.id not in changed), *fresh], key=agenda.agenda_order
        )
        self.sessions = sessions
        self.conflicts = agenda.conflicts_after_change(
            self.agenda_event, sessions, self.conflicts, changed
        )
        reasons = _reasons(self.conflicts)
        self.grid.set_agenda(self.agenda_event.days, sessions, reasons, self.formats)
        self.session_model.update_sessions(changed, sessions, reasons)
        self.conflict_panel.set_conflicts(self.conflicts)
        if self._selected is not None and not any(s.id == self._selected for s in sessions):
            self._set_selected(None)
        else:
            self._set_selected(self._selected)

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
                    if self.is_list_shown():  # show_list scrolls when the list is shown
                        self.table.scrollTo(index)  # (a hidden list would measure every cell)
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

    def _update_actions(self) -> None:
        has_event = self.event_id is not None
        has_selection = has_event and self._selected is not None
        self.new_action.setEnabled(has_event)
        for action in self.session_actions:
            action.setEnabled(has_selection)
        self.exports.update_actions(has_event)
        self.grid_action.setEnabled(has_event)
        self.list_action.setEnabled(has_event)

    def _fit_columns(self) -> None:
        if self.is_list_shown():
            for column in (Column.DAY, Column.TIME, Column.KIND, Column.LOCATION, Column.CONFLICTS):
                self.table.resizeColumnToContents(column)

    def show_list(self, as_list: bool) -> None:
        self.pages.setCurrentIndex(1 if as_list else 0)
        self._fit_columns()
        (self.list_action if as_list else self.grid_action).setChecked(True)
        (self.table if as_list else self.grid).setFocus()
        if self._selected:
            self._set_selected(self._selected)

    def is_list_shown(self) -> bool:
        return self.pages.currentIndex() == 1

    # --- messages -------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """One sentence in the window's message bar (through the change channel)."""
        self.operations.failed.emit(message)

    def show_info(self, message: str) -> None:
        self.message.show_message(message)

    def _push(self, command: UndoCommand, select: str | None = None) -> bool:
        """Apply ``command`` through the channel; the agenda shows the result at once."""
        done = self.operations.push(command)
        self.follower.flush()  # when hidden (e.g. a menu entry), refresh now anyway
        if not done:
            self.refresh()  # a refused drag snaps back
        elif select is not None:
            self._set_selected(select)
        return done

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
        try:
            start, end = session.start + start_by, session.end + end_by
        except OverflowError:  # a session stored at the very end of time (9999-12-31)
            self.show_error(tr("A session cannot move beyond the last day there is."))
            return
        self.move_session(session.id, start, end, text.format(title=session.title))

    def move_session(
        self, session_id: str, start: datetime, end: datetime, text: str | None = None
    ) -> None:
        """Move/resize a session (undoable); a refused move shows why and changes nothing."""
        before = next((s for s in self.sessions if s.id == session_id), None)
        if before is None:
            return
        self._push(MoveSessionCommand(self.workspace, before, start, end, text), session_id)

    def create_session_at(self, start: datetime, end: datetime) -> str | None:
        """Create “New session” at [start, end) and select it; returns its id."""
        if self.event_id is None:
            return None
        data = agenda.SessionData(
            title=tr(agenda.NEW_SESSION_TITLE), kind=SessionKind.OTHER, start=start, end=end
        )
        command = CreateSessionCommand(self.workspace, self.event_id, data)
        if not self._push(command):
            return None
        created = command.created
        assert created is not None
        self._set_selected(created.id)
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
            self.apply_edit(session_id, dialog.session_data(), dialog.base)
        dialog.deleteLater()

    def apply_edit(
        self,
        session_id: str,
        data: agenda.SessionData,
        base: agenda.SessionInfo | None = None,
    ) -> bool:
        """Save what the editor produced (undoable): the fields changed from ``base``.

        ``base`` is the session the editor showed. If it changed since, the
        save is refused and the person chooses to reload (the editor opens
        again on the current session) or to apply their change on top.
        """
        try:
            before = agenda.get_session(self.workspace, session_id)
        except ServiceError as exc:
            self.show_error(str(exc))
            return False
        command = EditSessionCommand(self.workspace, before, data, base=base)
        if command.is_empty:
            return True

        def on_top(_refusal: StaleEditError) -> EditSessionCommand | None:
            try:
                current = agenda.get_session(self.workspace, session_id)
            except ServiceError as exc:
                self.show_error(str(exc))
                return None
            return EditSessionCommand(
                self.workspace, current, data, base=base or before, version=current.version
            )

        return push_or_settle(
            self,
            lambda c: self._push(c, session_id),
            command,
            reload=lambda: self.edit_session(session_id),
            on_top=on_top,
        )

    def delete_selected(self) -> None:
        if self._selected:
            self.delete_session(self._selected)

    def delete_session(self, session_id: str) -> None:
        session = next((s for s in self.sessions if s.id == session_id), None)
        if session is None:
            return
        if not self._push(DeleteSessionCommand(self.workspace, session)):
            return
        undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.show_info(
            tr("Deleted “{title}” — undo with {keys}.").format(title=session.title, keys=undo_keys)
        )
