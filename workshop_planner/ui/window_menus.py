"""The main window's actions, menu bar, page menus and toolbar.

Every action has a shortcut shown in its tooltip. Each page's own actions
(kept by the page, so their keys work only on it) are listed in a menu named
after the page; choosing an entry shows the page first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from workshop_planner.ui.backup_dialog import install_backups
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Page

if TYPE_CHECKING:
    from workshop_planner.ui.main_window import MainWindow

Keys = list[QKeySequence] | QKeySequence.StandardKey | str | None

PAGE_TITLES = {
    Page.OVERVIEW: "Overview",
    Page.AGENDA: "Agenda",
    Page.PARTICIPANTS: "Participants",
    Page.CAPTURE: "Capture",
    Page.REPORT: "Report",
    Page.THEMES: "Themes",
    Page.PEOPLE: "People",
}
PAGE_ICONS = {
    Page.OVERVIEW: "information-outline",
    Page.AGENDA: "calendar-clock-outline",
    Page.PARTICIPANTS: "account-group-outline",
    Page.CAPTURE: "note-edit-outline",
    Page.REPORT: "file-document-outline",
    Page.THEMES: "tag-multiple-outline",
    Page.PEOPLE: "card-account-details-outline",
}


def make_action(
    owner: QWidget,
    text: str,
    icon_name: str | None,
    slot: Callable[[], object] | None,
    shortcuts: Keys = None,
    tip: str | None = None,
) -> QAction:
    """An action of ``owner`` (its shortcut works wherever the window has focus)."""
    action = QAction(text, owner)
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
    owner.addAction(action)
    return action


def page_keys(index: int, page: Page, shown: Page) -> list[QKeySequence]:
    """Ctrl+digit and Ctrl+Alt+digit show a page; on Capture only the latter
    (Ctrl+digit picks a note kind there)."""
    keys = [QKeySequence(f"Ctrl+{index + 1}"), QKeySequence(f"Ctrl+Alt+{index + 1}")]
    return keys[1:] if shown is Page.CAPTURE else keys


class WindowMenus(QObject):
    """Builds and keeps the window's actions, menus and toolbar."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        # No reference to the window is kept (it would outlive its deletion).
        tr = self.tr
        w = window
        self.action_new = make_action(
            w, tr("&New event…"), "calendar-plus", w.new_event, QKeySequence.StandardKey.New
        )
        self.action_duplicate = make_action(
            w, tr("&Duplicate as next event…"), "content-duplicate", w.duplicate_event,
            "Ctrl+Shift+D",
            tr("Duplicate the event as a template for the next one in its series"),
        )  # fmt: skip
        self.action_archive = make_action(
            w, tr("&Archive event"), "archive-arrow-down-outline", w.toggle_archive
        )
        self.action_open = make_action(
            w, tr("&Open workspace…"), "folder-open-outline", w.open_workspace_dialog,
            QKeySequence.StandardKey.Open,
        )  # fmt: skip
        self.action_import_bundle = make_action(
            w, tr("&Import bundle…"), "package-down", w.import_bundle, "Ctrl+I",
            tr("Import or merge an event bundle (JSON)"),
        )  # fmt: skip
        self.action_export_bundle = make_action(
            w, tr("&Export bundle…"), "package-up", w.export_bundle, "Ctrl+E",
            tr("Export the event as a bundle (JSON) to share it"),
        )  # fmt: skip
        self.action_sample = make_action(
            w, tr("Load the &sample event"), "school-outline", w.load_sample
        )
        # File → Restore from backup…, and the rolling backups it restores from
        self.action_restore_backup, self.auto_backup = install_backups(w)
        self.action_quit = make_action(
            w, tr("&Quit"), "exit-to-app", w.close, QKeySequence.StandardKey.Quit
        )
        self.page_actions: list[QAction] = []
        for i, page in enumerate(Page):
            action = make_action(
                w, tr(PAGE_TITLES[page]), PAGE_ICONS[page],
                lambda p=page: w.show_page(p),  # type: ignore[misc]
                page_keys(i, page, Page.OVERVIEW),
            )  # fmt: skip
            action.setCheckable(True)
            self.page_actions.append(action)
        self.page_actions[0].setChecked(True)
        self.action_focus = make_action(
            w, tr("&Focused capture"), "fullscreen",
            lambda: w.set_focus_mode(not w.focus_mode), "F11",
            tr("Only the capture page, for note-taking during a session"),
        )  # fmt: skip
        self.action_focus.setCheckable(True)
        self.action_about = make_action(
            w, tr("&About Workshop Planner"), "information-outline", w.about
        )
        self.action_undo, self.action_redo = w.navigator.actions
        for action in w.navigator.actions:
            w.addAction(action)
        self._build_menus(w)
        self._build_toolbar(w)

    def page_shown(self, index: int) -> None:
        """Check the shown page's action; give Ctrl+digit to Capture while it is shown."""
        shown = list(Page)[index]
        for i, (page, action) in enumerate(zip(Page, self.page_actions, strict=True)):
            action.setChecked(i == index)
            action.setShortcuts(page_keys(i, page, shown))

    # --- menus

    def _build_menus(self, window: MainWindow) -> None:
        bar = window.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.action_new)
        file_menu.addAction(self.action_duplicate)
        file_menu.addAction(self.action_archive)
        file_menu.addSeparator()
        file_menu.addAction(self.action_open)
        self.recent_menu = file_menu.addMenu(icon("history"), self.tr("&Recent workspaces"))
        self.recent_menu.aboutToShow.connect(window.fill_recent_menu)
        file_menu.addSeparator()
        for action in (self.action_import_bundle, self.action_export_bundle, self.action_sample):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.action_restore_backup)
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
        self._build_page_menus(window, bar)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.action_about)

    def _build_page_menus(self, w: MainWindow, bar: QMenuBar) -> None:
        """A menu per page, empty until the page is built: then it lists every
        page action with its shortcut (:meth:`fill_page_menu`); opening it
        builds the page."""
        self.page_menus: list[QMenu] = []
        self._menus: dict[Page, QMenu] = {}
        for page, title in (
            (Page.AGENDA, self.tr("&Agenda")),
            (Page.PARTICIPANTS, self.tr("&Participants")),
            (Page.CAPTURE, self.tr("&Capture")),
            (Page.REPORT, self.tr("&Report")),
            (Page.THEMES, self.tr("&Themes")),
            (Page.PEOPLE, self.tr("Peop&le")),
        ):
            menu = bar.addMenu(title)
            # a page built here fills the menu before Qt shows it
            menu.aboutToShow.connect(lambda p=page: w.page(p))
            self._menus[page] = menu
            self.page_menus.append(menu)
        self.agenda_menu = self._menus[Page.AGENDA]
        self.participants_menu = self._menus[Page.PARTICIPANTS]
        self.capture_menu = self._menus[Page.CAPTURE]
        self.report_menu = self._menus[Page.REPORT]
        self.themes_menu = self._menus[Page.THEMES]
        self.people_menu = self._menus[Page.PEOPLE]

    def fill_page_menu(self, w: MainWindow, page: Page) -> None:
        """List the actions of ``page`` (just built) in its menu."""
        menu = self._menus.get(page)
        if menu is None:  # the Overview has no menu of its own
            return
        view: Any = w.built[page]
        groups: list[list[QAction | QMenu]]
        if page is Page.AGENDA:
            groups = [
                [view.new_action, view.edit_action, view.delete_action],
                list(view.session_actions[2:]),
                [view.grid_action, view.list_action],
                [view.export_ics_action, view.export_pdf_action],
            ]
        elif page is Page.PARTICIPANTS:
            groups = [
                [view.find_action],
                [view.add_action, view.new_action, view.import_action],
                [view.attendance_menu, view.roles_menu, view.remove_action],
            ]
        elif page is Page.CAPTURE:
            groups = [
                [view.action_prev_session, view.action_next_session, view.action_now],
                [view.change_kind_menu],
                [view.action_export, view.action_author],
            ]
        elif page is Page.PEOPLE:
            groups = [list(group) for group in view.actions_for_menu()]
        else:  # Report, Themes
            groups = [list(group) for group in view.menu_groups()]
        self._fill(w, menu, page, groups)

    def _fill(
        self,
        window: MainWindow,
        menu: QMenu,
        page: Page,
        groups: list[list[QAction | QMenu]],
    ) -> None:
        for i, group in enumerate(groups):
            if i:
                menu.addSeparator()
            for item in group:
                if isinstance(item, QMenu):
                    menu.addMenu(item)
                    for action in item.actions():
                        action.triggered.connect(lambda _c=False, p=page: window.page_used(p))
                else:
                    menu.addAction(self._menu_entry(window, item, page))

    def _menu_entry(self, window: MainWindow, action: QAction, page: Page) -> QAction:
        """A menu entry for a page's action: shows the page first, then triggers it.

        The page's action keeps the shortcut (so it works only on its page); the
        entry names it after a tab, which the menu shows right-aligned.
        """
        entry = QAction(action.icon(), action.text(), window)
        entry.setCheckable(action.isCheckable())

        def sync(_event: object = None) -> None:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            hint = action.property("shortcutHint")  # a key the page handles itself
            keys = keys or (str(hint) if hint else "")
            entry.setText(f"{action.text()}\t{keys}" if keys else action.text())
            # a page not shown since the event changed has not loaded it yet (its
            # actions still speak of the old one): the entry shows and loads it first
            stale = window.page_event(page) != window.event_id
            entry.setEnabled(action.isEnabled() or stale)
            entry.setChecked(action.isChecked())
            entry.setStatusTip(action.toolTip())

        def run(_checked: bool = False) -> None:
            window.page_used(page)
            if action.isEnabled():
                action.trigger()
            sync()

        action.changed.connect(sync)
        window.eventSelected.connect(sync)
        entry.triggered.connect(run)
        sync()
        return entry

    def _build_toolbar(self, window: MainWindow) -> None:
        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        groups = (
            (self.action_new, self.action_duplicate, self.action_archive),
            (self.action_undo, self.action_redo),
            (self.action_import_bundle, self.action_export_bundle),
            (self.action_focus,),
        )
        for i, group in enumerate(groups):
            if i:
                self.toolbar.addSeparator()
            for action in group:
                self.toolbar.addAction(action)
        window.addToolBar(self.toolbar)
