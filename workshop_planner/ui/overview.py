"""The event overview: every event field, partners with logos, contacts.

Fields are validated as you type and saved when you leave them (or press
Enter) through an undo command; an invalid value shows an inline error and is
not saved. The page follows the change channel: an undo, or an edit elsewhere,
shows here without a manual refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSignalBlocker, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.rules import dates_in_order, event_field_problem
from workshop_planner.services import event_editing as ee
from workshop_planner.services.changes import Changes, Part
from workshop_planner.services.errors import ServiceError, StaleEditError
from workshop_planner.ui import commands as cmd
from workshop_planner.ui.operations import Operations, PageFollower, UndoCommand
from workshop_planner.ui.partners import (
    LOGO_SIZE,
    ContactDialog,
    ContactTableModel,
    ItemDialog,
    PartnerDialog,
    PartnerListModel,
    logo_pixmap,
)
from workshop_planner.ui.stale_edit import push_or_settle
from workshop_planner.ui.widgets import CountryCombo, TimeZoneCombo, button_row, set_invalid

__all__ = [
    "ContactDialog",
    "ContactTableModel",
    "OverviewView",
    "PartnerDialog",
    "PartnerListModel",
]

#: Languages offered for the report (any Babel locale code can be typed).
LANGUAGES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
}


# --- the page ---------------------------------------------------------------------


class _FocusOut(QObject):
    """Calls ``callback`` when the watched widget loses focus."""

    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback()
        return False


class OverviewView(QWidget):
    """Every field of the selected event, saved as you go."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.setObjectName("overviewView")
        self.ws = operations.workspace
        self.event_id: str | None = None
        #: shows the stored values again after an edit, an undo or a redo
        self.follower = PageFollower(self, operations, (Part.EVENT, Part.PARTNERS), self._follow)
        self.current: ee.EventData | None = None
        self._texts: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self._build()
        self.setEnabled(False)

    # --- layout ---

    def _build(self) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        grid = QGridLayout(body)
        grid.setContentsMargins(16, 16, 16, 16)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(16)

        about = QGroupBox(self.tr("Event"))
        form = QFormLayout(about)
        self._line(form, "label", self.tr("Document label"), "Event Report")
        self._line(form, "series", self.tr("Series"), "e.g. Transatlantic Initiative")
        self._line(form, "title", self.tr("Title"), "e.g. Cities on the Front-lines")
        self._line(form, "subtitle", self.tr("Subtitle"), "A line under the title")
        self._line(form, "convenor", self.tr("Convenor"), "Organisation that hosts the series")
        self._text(form, "description", self.tr("Purpose"), "What the convening is for")
        grid.addWidget(about, 0, 0)

        when = QGroupBox(self.tr("When"))
        wform = QFormLayout(when)
        self.start_date = QDateEdit()
        self.end_date = QDateEdit()
        for edit, name in ((self.start_date, "start_date"), (self.end_date, "end_date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setObjectName(name)
            edit.setAccessibleName(name.replace("_", " "))
            edit.dateChanged.connect(self._dates_changed)
        wform.addRow(self.tr("Starts"), self.start_date)
        wform.addRow(self.tr("Ends"), self.end_date)
        self._error_row(wform, "dates")
        self.timezone = TimeZoneCombo()
        self.timezone.setObjectName("timezone")
        self.timezone.setAccessibleName(self.tr("Time zone"))
        self.timezone.zoneChosen.connect(lambda zone: self._save({"timezone": zone}))
        self.timezone.validityChanged.connect(self._zone_validity)
        wform.addRow(self.tr("Time zone"), self.timezone)
        self._error_row(wform, "timezone")
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.setAccessibleName(self.tr("Report language"))
        for code, name in LANGUAGES.items():
            self.language.addItem(f"{name} ({code})", code)
        self.language.activated.connect(
            lambda _i: self._save({"language": self.language.currentData()})
        )
        wform.addRow(self.tr("Report language"), self.language)
        grid.addWidget(when, 0, 1)

        # Built in reading order (left to right, row by row) so Tab follows it.
        grid.addWidget(self._partners_box(), 1, 0)

        venue = QGroupBox(self.tr("Venue"))
        vform = QFormLayout(venue)
        self._line(vform, "venue_name", self.tr("Name"), "e.g. Allianz Forum")
        self._line(vform, "venue_address", self.tr("Address"), "Street and number")
        self._line(vform, "venue_city", self.tr("City"), "e.g. Berlin")
        self.country = CountryCombo()
        self.country.setObjectName("venue_country")
        self.country.setAccessibleName(self.tr("Venue country"))
        self.country.countryChosen.connect(lambda code: self._save({"venue_country": code}))
        self.country.validityChanged.connect(
            lambda ok: self._show_error(
                "venue_country", "" if ok else self.tr("Pick a country from the list.")
            )
        )
        vform.addRow(self.tr("Country"), self.country)
        self._error_row(vform, "venue_country")
        grid.addWidget(venue, 1, 1)

        grid.addWidget(self._contacts_box(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(3, 1)

    def _error_row(self, form: QFormLayout, key: str) -> QLabel:
        label = QLabel()
        label.setProperty("role", "error")
        label.setWordWrap(True)
        label.setObjectName(f"{key}Error")
        label.hide()
        form.addRow("", label)
        self._errors[key] = label
        return label

    def _line(self, form: QFormLayout, name: str, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        edit.setClearButtonEnabled(True)
        edit.editingFinished.connect(lambda: self._text_done(name))
        edit.textEdited.connect(lambda _t: self._validate_text(name))
        form.addRow(label, edit)
        self._texts[name] = edit
        if name == "title":
            self._error_row(form, "title")
        return edit

    def _text(self, form: QFormLayout, name: str, label: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(96)
        timer = QTimer(edit)
        timer.setSingleShot(True)
        timer.setInterval(1500)
        timer.timeout.connect(lambda: self._text_done(name))
        edit.textChanged.connect(timer.start)
        edit.installEventFilter(_FocusOut(lambda: self._text_done(name), edit))
        form.addRow(label, edit)
        self._texts[name] = edit
        return edit

    def _partners_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Partners"))
        layout = QVBoxLayout(box)
        self.partner_model = PartnerListModel(self)
        self.partner_list = QListView()
        self.partner_list.setObjectName("partnerList")
        self.partner_list.setModel(self.partner_model)
        self.partner_list.setIconSize(LOGO_SIZE)
        self.partner_list.setSpacing(4)
        self.partner_list.setMinimumHeight(150)
        self.partner_list.setAccessibleName(self.tr("Partners"))
        self.partner_list.doubleClicked.connect(lambda _i: self.edit_partner())
        layout.addWidget(self.partner_list)
        self.partner_empty = QLabel(
            self.tr("No partners yet — add the donors and hosts to thank in the report.")
        )
        self.partner_empty.setProperty("role", "hint")
        self.partner_empty.setWordWrap(True)
        layout.addWidget(self.partner_empty)
        layout.addLayout(
            button_row(
                (
                    (self.tr("Add…"), "plus", self.add_partner),
                    (self.tr("Edit…"), "pencil-outline", self.edit_partner),
                    (self.tr("Logo…"), "image-plus-outline", self.choose_logo),
                    (self.tr("Remove"), "delete-outline", self.remove_partner),
                )
            )
        )
        return box

    def _contacts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Contacts for readers"))
        layout = QVBoxLayout(box)
        self.contact_model = ContactTableModel(self)
        self.contact_table = QTableView()
        self.contact_table.setObjectName("contactTable")
        self.contact_table.setModel(self.contact_model)
        self.contact_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contact_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contact_table.verticalHeader().hide()
        self.contact_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contact_table.setMinimumHeight(110)
        self.contact_table.doubleClicked.connect(lambda _i: self.edit_contact())
        layout.addWidget(self.contact_table)
        layout.addLayout(
            button_row(
                (
                    (self.tr("Add…"), "account-plus-outline", self.add_contact),
                    (self.tr("Edit…"), "pencil-outline", self.edit_contact),
                    (self.tr("Remove"), "delete-outline", self.remove_contact),
                )
            )
        )
        return box

    # --- loading ---

    def set_event(self, event_id: str | None) -> None:
        self.event_id = event_id
        self.follower.set_event(event_id)
        self.reload()

    def _follow(self, _changes: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        if self.event_id is None:
            self.current = None
            self.setEnabled(False)
            self.partner_model.set_partners([], {})
            self.contact_model.set_contacts([])
            return
        try:
            event = ee.get_event(self.ws, self.event_id)
            partners = ee.list_partners(self.ws, self.event_id)
            contacts = ee.list_contacts(self.ws, self.event_id)
        except ServiceError as exc:
            self.operations.failed.emit(str(exc))
            self.event_id = None
            self.reload()
            return
        self.current = event
        self.setEnabled(True)
        for name, edit in self._texts.items():
            value = getattr(event, name) or ""
            with QSignalBlocker(edit):
                if isinstance(edit, QLineEdit):
                    if edit.text() != value:
                        edit.setText(value)
                elif edit.toPlainText() != value:
                    edit.setPlainText(value)
        with QSignalBlocker(self.start_date), QSignalBlocker(self.end_date):
            self.start_date.setDate(_qdate(event.start_date))
            self.end_date.setDate(_qdate(event.end_date))
        self.timezone.set_zone(event.timezone)
        self.country.set_code(event.venue_country)
        with QSignalBlocker(self.language):
            index = self.language.findData(event.language)
            if index < 0:
                self.language.addItem(event.language, event.language)
                index = self.language.count() - 1
            self.language.setCurrentIndex(index)
        for key in list(self._errors):
            self._show_error(key, "")
        for widget in (*self._texts.values(), self.timezone, self.country):
            set_invalid(widget, False)
        logos: dict[str, QIcon] = {}
        for p in partners:
            if p.logo_id and p.logo_id not in logos:
                try:
                    asset = ee.get_asset(self.ws, p.logo_id)
                except ServiceError:
                    continue
                logos[p.logo_id] = QIcon(logo_pixmap(asset.media_type, asset.data))
        self.partner_model.set_partners(partners, logos)
        self.partner_empty.setVisible(not partners)
        self.contact_model.set_contacts(contacts)

    # --- saving ---

    def _push(self, command: UndoCommand) -> bool:
        """Apply an edit through the channel; the page shows the stored values at once."""
        done = self.operations.push(command)
        self.follower.flush()
        return done

    def _save(self, changes: dict[str, Any]) -> bool:
        """Save fields changed on the page (undoable), based on the event it shows.

        If someone else changed the event since, the save is refused and the
        person chooses: Reload (show theirs) or apply the change on top.
        """
        if self.current is None or self.event_id is None:
            return False
        shown, event_id = self.current, self.event_id
        old = {k: getattr(shown, k) for k in changes}
        if old == changes:
            return True

        def on_top(_refusal: StaleEditError) -> cmd.UpdateEventCommand | None:
            try:
                now = ee.get_event(self.ws, event_id)
            except ServiceError as exc:
                self.operations.failed.emit(str(exc))
                return None
            theirs = {k: getattr(now, k) for k in changes}  # undo brings them back
            return cmd.UpdateEventCommand(
                self.ws, event_id, theirs, changes, base=shown, version=now.version
            )

        command = cmd.UpdateEventCommand(self.ws, event_id, old, changes, base=shown)
        return push_or_settle(self, self._push, command, reload=self.reload, on_top=on_top)

    def _validate_text(self, name: str) -> bool:
        if name != "title":
            return True
        edit = self._texts[name]
        assert isinstance(edit, QLineEdit)
        text = edit.text().strip()
        # the same limits the services apply (length, control characters), as one types
        problem = event_field_problem(name, text) if text else self.tr("An event needs a title.")
        set_invalid(edit, problem is not None)
        self._show_error("title", problem or "")
        return problem is None

    def _text_done(self, name: str) -> None:
        if self.current is None:
            return
        edit = self._texts[name]
        value = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
        cleaned = value.strip() or None
        if cleaned == getattr(self.current, name):
            return
        if not self._validate_text(name):
            return
        self._save({name: cleaned})

    def _dates_changed(self) -> None:
        start = self.start_date.date().toPython()
        end = self.end_date.date().toPython()
        assert isinstance(start, date)
        assert isinstance(end, date)
        bad = not dates_in_order(start, end)
        set_invalid(self.end_date, bad)
        if bad:
            self._show_error(
                "dates",
                self.tr(
                    "The event ends before it starts; choose an end date on or after {0}."
                ).format(f"{start.day} {start:%b %Y}"),
            )
            return
        self._show_error("dates", "")
        self._save({"start_date": start, "end_date": end})

    def _zone_validity(self, ok: bool) -> None:
        set_invalid(self.timezone, not ok)
        self._show_error(
            "timezone",
            "" if ok else self.tr("Type or pick an IANA time zone such as Europe/Berlin."),
        )

    def _show_error(self, key: str, text: str) -> None:
        label = self._errors.get(key)
        if label is not None:
            label.setText(text)
            label.setVisible(bool(text))

    # --- partners and contacts ---

    def _selected_partner(self) -> ee.PartnerData | None:
        index = self.partner_list.currentIndex()
        if not index.isValid():
            if self.partner_model.rowCount() == 1:
                return self.partner_model.partner(0)
            return None
        return self.partner_model.partner(index.row())

    def _selected_contact(self) -> ee.ContactData | None:
        index = self.contact_table.currentIndex()
        if not index.isValid():
            return None
        return self.contact_model.contact(index.row())

    def _add_item(self, kind: cmd.ItemKind, dialog: Callable[[], ItemDialog]) -> None:
        """Ask for a partner's or contact's fields and add it (undoable)."""
        if self.event_id is None:
            return
        shown = dialog()
        if shown.exec() == QDialog.DialogCode.Accepted:
            self._push(cmd.AddItemCommand(kind, self.ws, self.event_id, shown.values()))

    def _edit_item(
        self, kind: cmd.ItemKind, item: Any, dialog: Callable[[Any], ItemDialog]
    ) -> None:
        """Edit ``item`` in its dialog; only the fields changed are saved (undoable)."""
        if item is None or self.event_id is None:
            return
        shown = dialog(item)
        if shown.exec() != QDialog.DialogCode.Accepted:
            return
        # only what the person changed in the dialog: another's edit of another field stays
        new = {k: v for k, v in shown.values().items() if v != getattr(item, k)}
        if not new:
            return
        event_id, item_id = self.event_id, item.id

        def on_top(_refusal: StaleEditError) -> cmd.UpdateItemCommand | None:
            try:
                listed: list[Any] = (
                    ee.list_partners(self.ws, event_id)
                    if kind is cmd.PARTNER
                    else ee.list_contacts(self.ws, event_id)
                )
            except ServiceError as exc:
                self.operations.failed.emit(str(exc))
                return None
            now = next((i for i in listed if i.id == item_id), None)
            if now is None:
                self.operations.failed.emit(self.tr("That item no longer exists."))
                return None
            theirs = {k: getattr(now, k) for k in new}  # undo brings them back
            return cmd.UpdateItemCommand(
                kind, self.ws, event_id, item_id, theirs, new, version=now.version
            )

        old = {k: getattr(item, k) for k in new}
        command = cmd.UpdateItemCommand(
            kind, self.ws, event_id, item_id, old, new, version=item.version
        )
        push_or_settle(self, self._push, command, reload=self.reload, on_top=on_top)

    def _remove_item(self, kind: cmd.ItemKind, item: Any) -> None:
        if item is not None and self.event_id is not None:
            self._push(cmd.RemoveItemCommand(kind, self.ws, self.event_id, item.id))

    def add_partner(self) -> None:
        self._add_item(cmd.PARTNER, lambda: PartnerDialog(None, self))

    def edit_partner(self) -> None:
        self._edit_item(
            cmd.PARTNER, self._selected_partner(), lambda item: PartnerDialog(item, self)
        )

    def remove_partner(self) -> None:
        self._remove_item(cmd.PARTNER, self._selected_partner())

    def add_contact(self) -> None:
        self._add_item(cmd.CONTACT, lambda: ContactDialog(None, self))

    def edit_contact(self) -> None:
        self._edit_item(
            cmd.CONTACT, self._selected_contact(), lambda item: ContactDialog(item, self)
        )

    def remove_contact(self) -> None:
        self._remove_item(cmd.CONTACT, self._selected_contact())

    def choose_logo(self, path: str | None = None) -> None:
        partner = self._selected_partner()
        if partner is None:
            self.operations.failed.emit(self.tr("Select a partner first, then choose its logo."))
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose a logo"),
                "",
                self.tr("Images (*.png *.jpg *.jpeg *.svg)"),
            )
        if not path:
            return
        self.set_logo(partner.id, Path(path))

    def set_logo(self, partner_id: str, path: Path) -> None:
        if self.event_id is None:
            return
        try:
            asset = ee.store_logo(self.ws, path)
        except ServiceError as exc:
            self.operations.failed.emit(str(exc))
            return
        old = next(
            (p.logo_id for p in ee.list_partners(self.ws, self.event_id) if p.id == partner_id),
            None,
        )
        self._push(
            cmd.UpdateItemCommand(
                cmd.PARTNER,
                self.ws,
                self.event_id,
                partner_id,
                {"logo_id": old},
                {"logo_id": asset.id},
            )
        )


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)
