"""The organiser's main window: events in a sidebar, the selected event's pages.

The window owns the :class:`Operations` every page edits through and
follows it like a page: the events list, the title and the status counts show
what any operation changed. It composes its parts: the new-event dialog
(:mod:`~workshop_planner.ui.new_event_dialog`), the actions, menus and toolbar
(:mod:`~workshop_planner.ui.window_menus`), undo that shows where an edit was
made (:mod:`~workshop_planner.ui.undo_navigation`) and the recent workspaces
(:mod:`~workshop_planner.ui.recent_workspaces`). Every edit is saved when it
is made, so the title never says "unsaved"; the status bar shows when the last
edit was written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QSettings,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from workshop_planner import __version__
from workshop_planner.services import event_editing as ee
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.events import EventSummary, list_events
from workshop_planner.store import Workspace
from workshop_planner.ui import commands as cmd
from workshop_planner.ui.capture.identity import NoteTaker
from workshop_planner.ui.event_list import EventSidebar
from workshop_planner.ui.icons import icon
from workshop_planner.ui.live import LiveUpdates
from workshop_planner.ui.new_event_dialog import NewEventDialog, system_zone
from workshop_planner.ui.operations import Operations, Page
from workshop_planner.ui.page_builders import build_page
from workshop_planner.ui.recent_workspaces import RecentWorkspaces
from workshop_planner.ui.undo_navigation import UndoNavigator
from workshop_planner.ui.widgets import EmptyState, MessageBar
from workshop_planner.ui.window_menus import PAGE_ICONS, PAGE_TITLES, WindowMenus
from workshop_planner.ui.workers import Worker

if TYPE_CHECKING:
    from workshop_planner.ui.agenda.view import AgendaView
    from workshop_planner.ui.capture.view import CaptureView
    from workshop_planner.ui.overview import OverviewView
    from workshop_planner.ui.participants.view import ParticipantsView
    from workshop_planner.ui.people.view import PeopleView
    from workshop_planner.ui.report.page import ReportView
    from workshop_planner.ui.studio.view import StudioView

__all__ = ["PAGES", "MainWindow", "NewEventDialog", "system_zone"]

#: Page names, in tab order; Ctrl+1 … Ctrl+5 show them.
PAGES: tuple[Page, ...] = tuple(Page)

#: what the window shows of an event: the list, the title, the status counts
FOLLOWED = (Part.EVENTS, Part.EVENT, Part.AGENDA, Part.PARTICIPANTS, Part.NOTES)


def workspace_settings_key(workspace: Workspace, name: str) -> str:
    """The settings key of ``name`` for one workspace (e.g. its last event)."""
    digest = hashlib.sha1(str(workspace.url).encode(), usedforsecurity=False).hexdigest()
    return f"workspaces/{digest[:12]}/{name}"


class Pages(Mapping[Page, QWidget]):
    """The window's pages by name; a page is built the first time it is looked up."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __getitem__(self, page: Page) -> QWidget:
        return self._window.page(page)

    def __iter__(self) -> Iterator[Page]:
        return iter(PAGES)

    def __len__(self) -> int:
        return len(PAGES)


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
        self.recent = RecentWorkspaces(self.settings)
        self.undo_stack = QUndoStack(self)
        #: the one change channel: every page's edits go through it and every page follows it
        self.operations = Operations(workspace, self.undo_stack, self)
        self.event_id: str | None = None
        #: the event each page was last given; a hidden page gets the current one
        #: when it is next shown, so a switch loads one page, not seven
        self._page_events: dict[Page, str | None] = {}
        self.last_saved: datetime | None = None
        self.focus_mode = False

        #: the pages built so far: each is built when first shown or used (see :meth:`page`)
        self.built: dict[Page, QWidget] = {}
        #: whose notes these are; the Capture page takes over once built
        self.note_taker = NoteTaker(self)
        #: the agenda's list mode as last saved, applied when the agenda is built
        self._agenda_list = False
        self._build_sidebar()
        self._build_pages()
        self.navigator = UndoNavigator(self.undo_stack, self, self)
        self.menus = WindowMenus(self)
        # what tests, the app and the capture mode use of the menus
        self.action_undo, self.action_redo = self.menus.action_undo, self.menus.action_redo
        self.action_duplicate = self.menus.action_duplicate
        self.action_archive = self.menus.action_archive
        self.action_focus = self.menus.action_focus
        self.page_actions: list[QAction] = self.menus.page_actions
        self.agenda_menu, self.capture_menu = self.menus.agenda_menu, self.menus.capture_menu
        self.participants_menu = self.menus.participants_menu
        self.report_menu = self.menus.report_menu
        self.people_menu = self.menus.people_menu
        self.themes_menu = self.menus.themes_menu
        self.toolbar = self.menus.toolbar
        self._build_status()
        self._connect()
        # a first start on a small screen (1024×700) fits the window to it
        room = self.screen().availableGeometry()
        self.resize(min(1360, room.width()), min(860, room.height()))
        self._restore_state()
        self.refresh_events()
        self._select_initial_event()
        self._update_title()
        self.recent.remember(workspace)

    # --- building ---

    def _build_sidebar(self) -> None:
        self.sidebar = EventSidebar()
        self.sidebar.chosen.connect(self.select_event)
        self.sidebar.archivedToggled.connect(lambda _on: self.refresh_events())
        # the sidebar's parts, as tests and the app reach them
        self.event_model, self.event_list = self.sidebar.model, self.sidebar.list
        self.show_archived = self.sidebar.show_archived

    def _build_pages(self) -> None:
        self.tabs = QTabBar()
        self.tabs.setObjectName("pageTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("pageStack")
        for i, page in enumerate(PAGES):
            self.tabs.addTab(icon(PAGE_ICONS[page]), self.tr(PAGE_TITLES[page]))
            self.tabs.setTabToolTip(i, f"{self.tr(PAGE_TITLES[page])} (Ctrl+{i + 1})")
            self.page_stack.addWidget(QWidget())  # replaced by the page when it is built
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
        # other windows' edits arrive as they commit; who else works in the event
        self.live = LiveUpdates(self.operations, self.note_taker, self)
        bar.addPermanentWidget(self.live.indicator)
        self.eventSelected.connect(self.live.set_event)

    def _connect(self) -> None:
        ops = self.operations
        ops.changed.connect(self._changed)
        ops.failed.connect(lambda text: self.show_message(text, error=True))
        ops.progressed.connect(self._progressed)

    # --- pages, built when first needed ---

    def page(self, page: Page) -> QWidget:
        """The ``page`` widget, built (with its menu entries) the first time it is needed."""
        built = self.built.get(page)
        if built is not None:
            return built
        widget = build_page(page, self.operations, self)
        self.built[page] = widget
        index = PAGES.index(page)
        placeholder = self.page_stack.widget(index)
        shown = self.page_stack.currentIndex() == index
        self.page_stack.insertWidget(index, widget)
        if placeholder is not None:
            self.page_stack.removeWidget(placeholder)
            placeholder.deleteLater()
        if shown:
            self.page_stack.setCurrentIndex(index)
        self._connect_page(page, widget)
        self.menus.fill_page_menu(self, page)
        return widget

    def _connect_page(self, page: Page, widget: Any) -> None:
        """What the window does for a page: show its messages, follow its links."""
        if page in (Page.PARTICIPANTS, Page.REPORT, Page.PEOPLE):
            widget.message.connect(self.show_message)
        if page in (Page.REPORT, Page.PEOPLE):
            widget.failed.connect(lambda text: self.show_message(text, error=True))
        if page is Page.REPORT:
            widget.navigateRequested.connect(self.navigate_to)
        if page is Page.CAPTURE:
            self.live.use_note_taker(widget.note_taker)
        if page is Page.AGENDA and self._agenda_list:
            widget.show_list(True)

    @property
    def pages(self) -> Pages:
        """Every page by name (a view made on demand: no cycle keeps the window alive)."""
        return Pages(self)

    @property
    def overview(self) -> OverviewView:
        return self.page(Page.OVERVIEW)  # type: ignore[return-value]

    @property
    def agenda(self) -> AgendaView:
        return self.page(Page.AGENDA)  # type: ignore[return-value]

    @property
    def participants(self) -> ParticipantsView:
        return self.page(Page.PARTICIPANTS)  # type: ignore[return-value]

    @property
    def capture(self) -> CaptureView:
        return self.page(Page.CAPTURE)  # type: ignore[return-value]

    @property
    def report(self) -> ReportView:
        return self.page(Page.REPORT)  # type: ignore[return-value]

    @property
    def studio(self) -> StudioView:
        return self.page(Page.THEMES)  # type: ignore[return-value]

    @property
    def people(self) -> PeopleView:
        return self.page(Page.PEOPLE)  # type: ignore[return-value]

    # --- following the change channel ---

    def _changed(self, changes: Changes) -> None:
        self._saved()
        if changes.touches(self.event_id, FOLLOWED):
            self._follow(changes)

    def _follow(self, changes: Changes) -> None:
        """Show what an operation (or its undo) changed: the events, the title, counts."""
        if changes.parts & {Part.EVENTS, Part.EVENT}:
            # an event that appeared (created, duplicated, imported, unarchived) is shown
            appeared = changes.event_id
            if appeared is not None and self.event_model.row_of(appeared) >= 0:
                appeared = None
            self.refresh_events(appeared)
            self._update_title()
            self._update_actions()
        self.update_counts()

    def _progressed(self, _percent: int, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)

    def _saved(self) -> None:
        self.last_saved = datetime.now()
        self.status_saved.setText(
            self.tr("Saved at {0}").format(self.last_saved.strftime("%H:%M:%S"))
        )

    # --- events ---

    def refresh_events(self, select: str | None = None) -> None:
        """Read the events again; show ``select`` (or keep the current one, or the first)."""
        events = list_events(self.ws, include_archived=self.show_archived.isChecked())
        self.sidebar.set_events(events)
        keep = select or self.event_id
        if keep is not None and self.event_model.row_of(keep) < 0:
            keep = events[0].id if events else None
        self.select_event(keep)

    def events(self) -> list[EventSummary]:
        return self.event_model.events()

    def select_event(self, event_id: str | None) -> None:
        """Show ``event_id`` in every page (and select it in the sidebar)."""
        if not self.sidebar.select(event_id):
            event_id = None
        if event_id == self.event_id:
            self._update_actions()
            return
        self.event_id = event_id
        self._give_event(self.current_page())
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
        if not self.operations.push(command):
            return None
        self.select_event(command.event_id)
        self.show_page(Page.OVERVIEW)
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
        if not self.operations.push(command):
            return None
        self.select_event(command.event_id)
        return command.event_id

    def toggle_archive(self) -> None:
        event = self.current_event()
        if event is None:
            return
        archived = not event.archived
        if self.operations.push(cmd.ArchiveEventCommand(self.ws, event.id, archived)) and archived:
            self.show_message(
                self.tr("Archived “{0}”; tick “Show archived” to see it again.").format(event.title)
            )

    # --- pages ---

    def show_page(self, name: str) -> QWidget:
        index = PAGES.index(Page(name))
        self.tabs.setCurrentIndex(index)
        return self.pages[Page(name)]

    def current_page(self) -> Page:
        return PAGES[self.page_stack.currentIndex()]

    def navigate_to(self, kind: str, target_id: str) -> None:
        """Show where a pre-export check points: a theme or note on Themes, a
        session on Agenda, a partner or the event's fields on Overview."""
        if kind in ("theme", "note"):
            self.show_page(Page.THEMES)
            self.studio.navigate_to(kind, target_id or None)
        elif kind == "session":
            self.show_page(Page.AGENDA)
            self.agenda.select_session(target_id)
        elif kind in ("partner", "event"):
            self.show_page(Page.OVERVIEW)
        # sections and drafted texts: the Report page has focused the field already

    def page_used(self, page: Page) -> None:
        """A page's menu entry was chosen: show the page first."""
        if self.event_id is not None and not self.focus_mode and self.current_page() != page:
            self.show_page(page)

    def _give_event(self, page: Page) -> None:
        """Let ``page`` load the current event, unless it shows it already."""
        if page in self._page_events and self._page_events[page] == self.event_id:
            return
        self._page_events[page] = self.event_id
        if self.event_id is None and page not in self.built:
            return  # nothing to show: the empty state covers the pages; built when needed
        self.pages[page].set_event(self.event_id)  # type: ignore[attr-defined]

    def page_event(self, page: Page) -> str | None:
        """The event ``page`` shows (a page not shown since a switch shows the old one)."""
        return self._page_events.get(page)

    def _tab_changed(self, index: int) -> None:
        self._give_event(PAGES[index])  # before it is shown: it shows the right event at once
        self.page_stack.setCurrentIndex(index)
        self.menus.page_shown(index)

    def set_focus_mode(self, on: bool) -> None:
        """Focused capture: only the capture page, no sidebar, tabs or toolbar."""
        self.focus_mode = on
        self.action_focus.setChecked(on)
        self.sidebar.setVisible(not on)
        self.tabs.setVisible(not on)
        self.toolbar.setVisible(not on)
        for menu in (
            self.agenda_menu,
            self.participants_menu,
            self.report_menu,
            self.themes_menu,
            self.people_menu,
        ):
            menu.menuAction().setVisible(not on)
        if on:
            self.show_page(Page.CAPTURE)
        self._update_title()

    # --- undo navigation (the navigator asks) ---

    def show_edit(self, event_id: str | None, page: Page | None, text: str) -> None:
        """Show the event and page where the edit ``text`` was made (the stack is shared)."""
        if event_id and event_id != self.event_id and self.event_model.row_of(event_id) >= 0:
            self.select_event(event_id)
            shown = self.current_event()
            title = shown.title if shown is not None else ""
            self.statusBar().showMessage(
                self.tr("Showing “{0}”, where “{1}” was made.").format(title, text), 8000
            )
        if page is not None and not self.focus_mode and self.event_id is not None:
            self.show_page(page)

    # --- status and title ---

    def _update_actions(self) -> None:
        event = self.current_event()
        has = event is not None
        for menu in self.menus.page_menus:
            if shiboken6.isValid(menu):  # not while the window is being torn down
                menu.setEnabled(has)
        for action in (self.action_duplicate, self.action_archive, self.menus.action_export_bundle):
            action.setEnabled(has)
        archived = event is not None and event.archived
        self.action_archive.setText(
            self.tr("Un&archive event") if archived else self.tr("&Archive event")
        )
        self.action_archive.setIcon(
            icon("archive-arrow-up-outline" if archived else "archive-arrow-down-outline")
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
        parts = ["Capture"] if self.focus_mode else ["Workshop Planner"]
        if event is not None:
            parts.append(event.title)
        parts.append(self.ws.display_name)
        self.setWindowTitle(" — ".join(parts))

    def show_message(self, text: str, *, error: bool = False) -> None:
        """One sentence in the message bar above the pages (errors stay until closed)."""
        self.message_bar.show_message(text, error=error)
        self.statusBar().showMessage(text, 8000)

    # --- bundles and workspaces (off the GUI thread) ---

    def import_bundle(self, path: str | Path | None = None) -> Worker | None:
        if not path:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import an event bundle"), "", self.tr("Event bundles (*.json)")
            )
            if not chosen:
                return None
            path = chosen
        from workshop_planner.services.bundle import import_bundle_file

        return self._import(
            import_bundle_file,
            self.ws,
            Path(path),
            busy=self.tr("Importing {0}…").format(Path(path).name),
        )

    def load_sample(self) -> Worker:
        from workshop_planner.services.bundle import load_sample_event

        return self._import(load_sample_event, self.ws, busy=self.tr("Loading the sample event…"))

    def _import(self, fn: Any, *args: Any, busy: str) -> Worker:
        """Run an import off the GUI thread; it announces that anything of its event changed."""
        return self.operations.run(
            fn,
            *args,
            busy=busy,
            changes=lambda result: Changes.everything(getattr(result, "event_id", None)),
            done=self._bundle_imported,
        )

    def _bundle_imported(self, result: object) -> None:
        self.undo_stack.clear()  # an import merges many objects: it is not undoable
        event_id = getattr(result, "event_id", None)
        if isinstance(event_id, str):
            self.select_event(event_id)
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
        return self.operations.run(
            export_bundle_file,
            self.ws,
            event.id,
            target,
            busy=self.tr("Exporting…"),
            done=lambda _r: self.show_message(
                self.tr("Exported “{0}” to {1}.").format(event.title, target)
            ),
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
        return self.recent.targets()

    def fill_recent_menu(self) -> None:
        self.recent.fill_menu(
            self.menus.recent_menu, self.ws.url.database, self.openWorkspaceRequested.emit
        )

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
        return workspace_settings_key(self.ws, name)

    def _restore_state(self) -> None:
        # the page first: its size hints bound the geometry restored
        page = self.settings.value("mainWindow/page")
        if isinstance(page, str) and page in PAGES:
            self.show_page(page)
        for key, restore in (
            ("mainWindow/geometry", self.restoreGeometry),
            ("mainWindow/state", self.restoreState),
            ("mainWindow/splitter", self.splitter.restoreState),
        ):
            value = self.settings.value(key)
            if isinstance(value, QByteArray | bytes):
                restore(QByteArray(value))
        self._agenda_list = self.settings.value("agenda/list") in (True, "true")
        if self._agenda_list and Page.AGENDA in self.built:
            self.agenda.show_list(True)

    def save_state(self) -> None:
        self.settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.settings.setValue("mainWindow/state", self.saveState())
        self.settings.setValue("mainWindow/splitter", self.splitter.saveState())
        if Page.AGENDA in self.built:  # else it is as it was read
            self.settings.setValue("agenda/list", self.agenda.is_list_shown())
        if not self.focus_mode:
            self.settings.setValue("mainWindow/page", str(self.current_page()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # moving the focus lets a field being edited save itself
        (self.built.get(Page.OVERVIEW) or self).setFocus()
        if Page.REPORT in self.built:
            self.report.flush_texts()
        self.save_state()
        self.live.stop()
        QThreadPool.globalInstance().waitForDone(30_000)
        super().closeEvent(event)
