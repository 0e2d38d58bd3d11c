"""An event's partners (with logos) and its contacts for readers: list models and
the dialogs that edit one. The Overview page shows and edits them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from workshop_planner.domain.rules import is_email
from workshop_planner.services import event_editing as ee
from workshop_planner.ui.icons import icon
from workshop_planner.ui.widgets import FormDialog, set_invalid

ModelIndex = QModelIndex | QPersistentModelIndex

LOGO_SIZE = QSize(96, 48)


def logo_pixmap(media_type: str, data: bytes, size: QSize = LOGO_SIZE) -> QPixmap:
    """A thumbnail of a logo (PNG, JPEG or SVG), fitted into ``size``.

    A logo stored before the image limits were checked, and beyond them, is not
    drawn (an empty pixmap): decoding it could take gigabytes or never end.
    """
    # Pillow (10 ms to import) is loaded by the first logo drawn, not by the app's start
    from workshop_planner.domain.image_limits import image_problem

    if image_problem(media_type, data):
        return QPixmap()
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


class ItemDialog(FormDialog):
    """A partner's or a contact's fields; :meth:`values` are what the services take."""

    def values(self) -> dict[str, Any]:
        raise NotImplementedError


class PartnerDialog(ItemDialog):
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
        self.show_problem("" if ok else self.tr("A partner needs a name."))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "role": self.role.text().strip() or None,
            "url": self.url.text().strip() or None,
            "acknowledgement": self.acknowledgement.toPlainText().strip() or None,
        }


class ContactDialog(ItemDialog):
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
        set_invalid(self.email, bool(email) and not is_email(email))
        self.show_problem(problem)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "role": self.role.text().strip() or None,
            "organisation": self.organisation.text().strip() or None,
            "email": self.email.text().strip() or None,
        }
