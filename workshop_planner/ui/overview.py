"""The event overview: every event field, partners with logos, contacts.

Fields are validated as you type and saved when you leave them (or press
Enter) through an undo command; an invalid value shows an inline error and is
not saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap, QShowEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.rules import dates_in_order, is_email
from workshop_planner.services import event_editing as ee
from workshop_planner.services.errors import ServiceError
from workshop_planner.ui import commands as cmd
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.widgets import CountryCombo, TimeZoneCombo, set_invalid

ModelIndex = QModelIndex | QPersistentModelIndex

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

LOGO_SIZE = QSize(96, 48)


def logo_pixmap(media_type: str, data: bytes, size: QSize = LOGO_SIZE) -> QPixmap:
    """A thumbnail of a logo (PNG, JPEG or SVG), fitted into ``size``."""
    if media_type == "image/svg+xml":
        renderer = QSvgRenderer(QByteArray(data))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        if renderer.isValid():
            painter = QPainter(image)
            view = renderer.defaultSize().scaled(size, Qt.AspectRatioMode.KeepAspectRatio)
            x = (size.width() - view.width()) // 2
            y = (size.height() - view.height()) // 2
            renderer.render(painter, image.rect().adjusted(x, y, -x, -y))
            painter.end()
        return QPixmap.fromImage(image)
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


# --- models -----------------------------------------------------------------------


class PartnerListModel(QAbstractListModel):
    """An event's partners with their logos as decorations."""

    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._partners: list[ee.PartnerData] = []
        self._logos: dict[str, QIcon] = {}

    def set_partners(self, partners: list[ee.PartnerData], logos: dict[str, QIcon]) -> None:
        self.beginResetModel()
        self._partners = list(partners)
        self._logos = dict(logos)
        self.endResetModel()

    def partner(self, row: int) -> ee.PartnerData:
        return self._partners[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._partners)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._partners):
            return None
        p = self._partners[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{p.name}\n{p.role or self.tr('no role')}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.acknowledgement or p.url or p.name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._logos.get(p.logo_id or "", icon("image-off-outline"))
        if role == self.IdRole:
            return p.id
        return None


class ContactTableModel(QAbstractTableModel):
    HEADERS = ("Name", "Role", "Organisation", "E-mail")
    FIELDS = ("name", "role", "organisation", "email")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._contacts: list[ee.ContactData] = []

    def set_contacts(self, contacts: list[ee.ContactData]) -> None:
        self.beginResetModel()
        self._contacts = list(contacts)
        self.endResetModel()

    def contact(self, row: int) -> ee.ContactData:
        return self._contacts[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._contacts)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._contacts):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return getattr(self._contacts[index.row()], self.FIELDS[index.column()]) or ""
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.tr(self.HEADERS[section])
        return None


# --- dialogs ----------------------------------------------------------------------


class _FormDialog(QDialog):
    """A small form with OK/Cancel; OK is disabled until ``valid()``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        # The buttons exist before the fields: put them last in the Tab order and
        # start in the first field, so typing and Enter do what the reader expects.
        fields = [
            item.widget()
            for row in range(self.form.rowCount())
            if (item := self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)) is not None
            and item.widget() is not None
        ]
        chain = [w for w in fields if w is not None] + list(self.buttons.buttons())
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        super().showEvent(event)
        if fields and fields[0] is not None:
            fields[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def line(self, label: str, value: str | None, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(value or "")
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        self.form.addRow(label, edit)
        return edit


class PartnerDialog(_FormDialog):
    def __init__(self, partner: ee.PartnerData | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Partner") if partner else self.tr("Add partner"), parent)
        self.name = self.line(self.tr("Name"), partner.name if partner else "", "e.g. GMF")
        self.role = self.line(
            self.tr("Role"), partner.role if partner else "", "donor, partner, host, supporter"
        )
        self.url = self.line(self.tr("Website"), partner.url if partner else "", "https://…")
        self.acknowledgement = QPlainTextEdit(partner.acknowledgement or "" if partner else "")
        self.acknowledgement.setPlaceholderText(
            self.tr("e.g. This convening was made possible by the support of …")
        )
        self.acknowledgement.setTabChangesFocus(True)
        self.acknowledgement.setFixedHeight(80)
        self.form.addRow(self.tr("Acknowledgement"), self.acknowledgement)
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = bool(self.name.text().strip())
        self.error.setText("" if ok else self.tr("A partner needs a name."))
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        button.setEnabled(ok)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "role": self.role.text().strip() or None,
            "url": self.url.text().strip() or None,
            "acknowledgement": self.acknowledgement.toPlainText().strip() or None,
        }


class ContactDialog(_FormDialog):
    def __init__(self, contact: ee.ContactData | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Contact") if contact else self.tr("Add contact"), parent)
        self.name = self.line(self.tr("Name"), contact.name if contact else "")
        self.role = self.line(
            self.tr("Role"), contact.role if contact else "", "e.g. Programme Lead"
        )
        self.organisation = self.line(
            self.tr("Organisation"), contact.organisation if contact else ""
        )
        self.email = self.line(
            self.tr("E-mail"), contact.email if contact else "", "name@example.org"
        )
        self.name.textChanged.connect(self._check)
        self.email.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        email = self.email.text().strip()
        problem = ""
        if not self.name.text().strip():
            problem = self.tr("A contact needs a name.")
        elif email and not is_email(email):
            problem = self.tr("That is not an e-mail address; write it like name@example.org.")
        self.error.setText(problem)
        set_invalid(self.email, bool(email) and not is_email(email))
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        button.setEnabled(not problem)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "role": self.role.text().strip() or None,
            "organisation": self.organisation.text().strip() or None,
            "email": self.email.text().strip() or None,
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

    #: an event field changed (title, dates …): the window refreshes its list/title
    eventEdited = Signal(str)
    #: one sentence saying why an edit was refused (shown as an error)
    failed = Signal(str)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        workspace, undo_stack = operations.workspace, operations.undo_stack
        self.operations = operations
        self.setObjectName("overviewView")
        self.ws = workspace
        self.undo_stack = undo_stack
        self.event_id: str | None = None
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
        row = QHBoxLayout()
        for text, name, slot in (
            (self.tr("Add…"), "plus", self.add_partner),
            (self.tr("Edit…"), "pencil-outline", self.edit_partner),
            (self.tr("Logo…"), "image-plus-outline", self.choose_logo),
            (self.tr("Remove"), "delete-outline", self.remove_partner),
        ):
            button = QPushButton(icon(name), text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
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
        row = QHBoxLayout()
        for text, name, slot in (
            (self.tr("Add…"), "account-plus-outline", self.add_contact),
            (self.tr("Edit…"), "pencil-outline", self.edit_contact),
            (self.tr("Remove"), "delete-outline", self.remove_contact),
        ):
            button = QPushButton(icon(name), text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # --- loading ---

    def set_event(self, event_id: str | None) -> None:
        self.event_id = event_id
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
            self.failed.emit(str(exc))
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

    def _changed(self) -> None:
        """After a command ran (or was undone): show the stored values."""
        self.reload()
        if self.event_id is not None:
            self.eventEdited.emit(self.event_id)

    def _save(self, changes: dict[str, Any]) -> bool:
        if self.current is None or self.event_id is None:
            return False
        old = {k: getattr(self.current, k) for k in changes}
        if old == changes:
            return True
        error = cmd.execute(
            self.undo_stack,
            cmd.UpdateEventCommand(self.ws, self.event_id, old, changes, self._changed),
        )
        if error:
            self.failed.emit(error)
            return False
        return True

    def _validate_text(self, name: str) -> bool:
        if name != "title":
            return True
        edit = self._texts[name]
        assert isinstance(edit, QLineEdit)
        ok = bool(edit.text().strip())
        set_invalid(edit, not ok)
        self._show_error("title", "" if ok else self.tr("An event needs a title."))
        return ok

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

    # --- partners ---

    def _selected_partner(self) -> ee.PartnerData | None:
        index = self.partner_list.currentIndex()
        if not index.isValid():
            if self.partner_model.rowCount() == 1:
                return self.partner_model.partner(0)
            return None
        return self.partner_model.partner(index.row())

    def add_partner(self) -> None:
        if self.event_id is None:
            return
        dialog = PartnerDialog(None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._run(cmd.AddPartnerCommand(self.ws, self.event_id, dialog.values(), self._changed))

    def edit_partner(self) -> None:
        partner = self._selected_partner()
        if partner is None:
            return
        dialog = PartnerDialog(partner, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        new = dialog.values()
        old = {k: getattr(partner, k) for k in new}
        if new != old:
            self._run(cmd.UpdatePartnerCommand(self.ws, partner.id, old, new, self._changed))

    def choose_logo(self, path: str | None = None) -> None:
        partner = self._selected_partner()
        if partner is None:
            self.failed.emit(self.tr("Select a partner first, then choose its logo."))
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
        try:
            asset = ee.store_logo(self.ws, path)
        except ServiceError as exc:
            self.failed.emit(str(exc))
            return
        old = next(
            (
                p.logo_id
                for p in ee.list_partners(self.ws, self.event_id or "")
                if p.id == partner_id
            ),
            None,
        )
        self._run(
            cmd.UpdatePartnerCommand(
                self.ws, partner_id, {"logo_id": old}, {"logo_id": asset.id}, self._changed
            )
        )

    def remove_partner(self) -> None:
        partner = self._selected_partner()
        if partner is None or self.event_id is None:
            return
        self._run(cmd.RemovePartnerCommand(self.ws, self.event_id, partner.id, self._changed))

    # --- contacts ---

    def _selected_contact(self) -> ee.ContactData | None:
        index = self.contact_table.currentIndex()
        if not index.isValid():
            return None
        return self.contact_model.contact(index.row())

    def add_contact(self) -> None:
        if self.event_id is None:
            return
        dialog = ContactDialog(None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._run(cmd.AddContactCommand(self.ws, self.event_id, dialog.values(), self._changed))

    def edit_contact(self) -> None:
        contact = self._selected_contact()
        if contact is None:
            return
        dialog = ContactDialog(contact, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        new = dialog.values()
        old = {k: getattr(contact, k) for k in new}
        if new != old:
            self._run(cmd.UpdateContactCommand(self.ws, contact.id, old, new, self._changed))

    def remove_contact(self) -> None:
        contact = self._selected_contact()
        if contact is None or self.event_id is None:
            return
        self._run(cmd.RemoveContactCommand(self.ws, self.event_id, contact.id, self._changed))

    def _run(self, command: cmd.ServiceCommand) -> None:
        error = cmd.execute(self.undo_stack, command)
        if error:
            self.failed.emit(error)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)
