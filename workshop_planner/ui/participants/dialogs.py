"""Adding participants: from the workspace directory (type-ahead) or as a new person."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QWidget,
)

from workshop_planner.domain.rules import is_email
from workshop_planner.services import participants as ps
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.ui.participants.model import (
    DirectoryListModel,
    IdRole,
    TextFilterProxy,
)
from workshop_planner.ui.widgets import CountryCombo, FormDialog, set_invalid


def attendance_combo(default: str = "invited") -> QComboBox:
    combo = QComboBox()
    for value in ps.ATTENDANCE_VALUES:
        combo.addItem(ps.label(value), value)
    combo.setCurrentIndex(combo.findData(default))
    return combo


def role_combo(default: str = "participant") -> QComboBox:
    combo = QComboBox()
    for value in ps.ROLE_VALUES:
        combo.addItem(ps.label(value), value)
    combo.setCurrentIndex(combo.findData(default))
    return combo


class _AdditionDialog(FormDialog):
    """A dialog that adds participants to the event when accepted (its :attr:`addition`)."""

    addition: ps.Addition | None = None

    def _add(self, add: Callable[..., ps.Addition], *args: object) -> None:
        """Call the service ``add(*args, roles=…, attendance=…)`` with the chosen role and
        attendance; close on success, say why not otherwise."""
        try:
            self.addition = add(
                *args, roles=[self.role.currentData()], attendance=self.attendance.currentData()
            )
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

    role: QComboBox
    attendance: QComboBox


class AddFromDirectoryDialog(_AdditionDialog):
    """Pick people of the directory who are not in the event yet."""

    def __init__(self, workspace: Workspace, event_id: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Add participants from the directory"), parent, ok_text=self.tr("Add")
        )
        self.resize(560, 520)
        self.ws, self.event_id = workspace, event_id
        self.addition: ps.Addition | None = None
        self.model = DirectoryListModel(self)
        self.model.set_people(ps.list_directory(workspace, exclude_event_id=event_id))
        self.proxy = TextFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(0)

        self.search = QLineEdit()
        self.search.setObjectName("directorySearch")
        self.search.setPlaceholderText(self.tr("Type a name, organisation or e-mail…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.list = QListView()
        self.list.setObjectName("directoryList")
        self.list.setModel(self.proxy)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.doubleClicked.connect(lambda _i: self.accept())
        self.empty = QLabel(
            self.tr("Everyone in the directory is already a participant — use “New person…”.")
            if self.model.rowCount() == 0
            else ""
        )
        self.empty.setProperty("role", "hint")
        self.empty.setWordWrap(True)
        self.role = role_combo()
        self.attendance = attendance_combo()
        selection = self.list.selectionModel()
        assert selection is not None
        selection.selectionChanged.connect(self._update)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("Attendance"), self.attendance)
        for i, widget in enumerate((self.search, self.list, self.empty)):
            self.body.insertWidget(i, widget, 1 if widget is self.list else 0)
        self._update()

    def _filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        if self.proxy.rowCount() and not self.list.selectionModel().hasSelection():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def selected_ids(self) -> list[str]:
        selection = self.list.selectionModel()
        assert selection is not None
        return [str(i.data(IdRole)) for i in selection.selectedRows()]

    def _update(self) -> None:
        self.ok_button().setEnabled(bool(self.selected_ids()))

    def accept(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self._add(ps.add_participants, self.ws, self.event_id, ids)


class NewPersonDialog(_AdditionDialog):
    """Create a person in the directory and add them to the event."""

    def __init__(self, workspace: Workspace, event_id: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New participant"), parent, ok_text=self.tr("Add"))
        self.ws, self.event_id = workspace, event_id
        self.addition: ps.Addition | None = None
        self.name = QLineEdit()
        self.name.setObjectName("newName")
        self.name.setPlaceholderText(self.tr("Full name"))
        self.job_title = QLineEdit()
        self.job_title.setPlaceholderText(self.tr("e.g. Mayor, Head of Legal"))
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText(self.tr("e.g. City of Toronto"))
        self.sector = QComboBox()
        self.sector.addItem(self.tr("—"), None)
        for value in ps.SECTOR_VALUES:
            self.sector.addItem(ps.label(value), value)
        self.city = QLineEdit()
        self.country = CountryCombo()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.org")
        self.consent = QCheckBox(self.tr("May be named in published reports"))
        self.role = role_combo()
        self.attendance = attendance_combo()
        for label_text, widget in (
            (self.tr("Name"), self.name),
            (self.tr("Job title"), self.job_title),
            (self.tr("Organisation"), self.organisation),
            (self.tr("Sector"), self.sector),
            (self.tr("City"), self.city),
            (self.tr("Country"), self.country),
            (self.tr("E-mail"), self.email),
            ("", self.consent),
            (self.tr("Role"), self.role),
            (self.tr("Attendance"), self.attendance),
        ):
            widget.setAccessibleName(label_text or self.consent.text())
            self.form.addRow(label_text, widget)
        for edit in (self.name, self.email):
            edit.textChanged.connect(self._check)
        self.country.validityChanged.connect(lambda _ok: self._check())
        self._check()
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def _problem(self) -> str:
        email = self.email.text().strip()
        if not self.name.text().strip():
            return self.tr("Type the person's name.")
        if email and not is_email(email):
            return self.tr("That is not an e-mail address; write it like name@example.org.")
        if not self.country.is_valid():
            return self.tr("Pick the country from the list.")
        return ""

    def _check(self) -> None:
        problem = self._problem()
        email = self.email.text().strip()
        set_invalid(self.email, bool(email) and not is_email(email))
        # Only nag about the name once something else was typed.
        self.show_problem(problem, say=bool(self.name.text().strip() or email))

    def new_person(self) -> ps.NewPerson:
        return ps.NewPerson(
            full_name=self.name.text(),
            job_title=self.job_title.text() or None,
            organisation=self.organisation.text() or None,
            sector=self.sector.currentData(),
            city=self.city.text() or None,
            country=self.country.code(),
            email=self.email.text() or None,
            consent_to_name=self.consent.isChecked(),
        )

    def accept(self) -> None:
        if self._problem():
            return
        self._add(ps.create_participant, self.ws, self.event_id, self.new_person())
