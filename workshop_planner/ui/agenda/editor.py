"""The session editor: title, kind, times, place, people and field-visit details."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import SessionKind, SessionRole
from workshop_planner.domain.rules import RuleViolation, check_session_times
from workshop_planner.services.agenda import (
    AgendaEvent,
    FieldVisitData,
    PersonRef,
    SessionData,
    SessionInfo,
)
from workshop_planner.ui import icons
from workshop_planner.ui.agenda.style import (
    CONFLICT_COLOUR,
    kind_colour,
    kind_labels,
    role_label,
    role_labels,
    tr,
)
from workshop_planner.ui.widgets import FormDialog

Index = QModelIndex | QPersistentModelIndex
DATETIME_FORMAT = "ddd d MMM yyyy  HH:mm"


def _swatch(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(colour)
    return QIcon(pixmap)


class SessionPeopleModel(QAbstractTableModel):
    """People with a role in the session being edited: name and role."""

    #: a role change was refused: one sentence saying why
    refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str]] = []  # person id, name, role

    def set_rows(self, rows: Sequence[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add(self, person_id: str, name: str, role: str) -> bool:
        if any(r[0] == person_id and r[2] == role for r in self.rows):
            return False
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append((person_id, name, role))
        self.endInsertRows()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {0: tr("Person"), 1: tr("Role")}.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        _, name, person_role = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return name if index.column() == 0 else role_label(person_role)
        if role == Qt.ItemDataRole.EditRole and index.column() == 1:
            return person_role
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return tr("Double-click or press F2 to change the role")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Change a person's role in place; refused if they already have that role."""
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() != 1
            or not 0 <= index.row() < len(self.rows)
            or str(value) not in role_labels()
        ):
            return False
        person_id, name, old = self.rows[index.row()]
        new = str(value)
        if new == old:
            return True
        if any(r[0] == person_id and r[2] == new for r in self.rows):
            self.refused.emit(tr("{name} already has that role.").format(name=name))
            return False
        self.rows[index.row()] = (person_id, name, new)
        self.dataChanged.emit(index, index)
        return True


class RoleDelegate(QStyledItemDelegate):
    """Edits a session role with a drop-down of the roles."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for value, label in role_labels().items():
            combo.addItem(label, str(value))

        # Each choice is kept at once; the editor stays open so the arrow keys can
        # step through the roles (Enter, Tab or a click elsewhere closes it).
        combo.activated.connect(lambda _index: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AttendeeModel(QAbstractListModel):
    """A field visit's attendees, in order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str]] = []  # person id, name

    def set_rows(self, rows: Sequence[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add(self, person_id: str, name: str) -> bool:
        if any(r[0] == person_id for r in self.rows):
            return False
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append((person_id, name))
        self.endInsertRows()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][1]
        return None


class _PickerLine(QLineEdit):
    """A line edit where Enter adds the person typed and does not reach the dialog
    (whose default button would close the editor); when empty, Enter is OK."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class _PersonPicker(QWidget):
    """A type-ahead line for the event's participants, with an Add button."""

    def __init__(self, choices: Sequence[PersonRef], placeholder: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.by_text: dict[str, PersonRef] = {}
        for ref in choices:
            label = f"{ref.name} — {ref.organisation}" if ref.organisation else ref.name
            self.by_text[label.casefold()] = ref
            self.by_text.setdefault(ref.name.casefold(), ref)
        labels = [f"{r.name} — {r.organisation}" if r.organisation else r.name for r in choices]
        self.line = _PickerLine(self)
        self.line.setPlaceholderText(placeholder)
        self.line.setClearButtonEnabled(True)
        completer = QCompleter(QStringListModel(labels, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.line.setCompleter(completer)
        self.add_button = QPushButton(icons.icon("mdi6.account-plus"), tr("Add"), self)
        self.add_button.setEnabled(False)
        self.line.textChanged.connect(
            lambda text: self.add_button.setEnabled(self.chosen(text) is not None)
        )
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(8)
        self.layout_.addWidget(self.line, 1)

    def chosen(self, text: str | None = None) -> PersonRef | None:
        """The participant named by the text: an exact match, or the only one containing it."""
        value = (self.line.text() if text is None else text).strip().casefold()
        if not value:
            return None
        exact = self.by_text.get(value)
        if exact is not None:
            return exact
        matches = {ref.person_id: ref for key, ref in self.by_text.items() if value in key}
        return next(iter(matches.values())) if len(matches) == 1 else None


class _DeleteKey(QObject):
    """Calls ``remove`` when Delete (or Backspace) is pressed in the watched list."""

    def __init__(self, remove: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._remove = remove

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and isinstance(watched, QAbstractItemView)
            and watched.state() != QAbstractItemView.State.EditingState
        ):
            self._remove()
            return True
        return False


class SessionEditorDialog(FormDialog):
    """Edit one session; :meth:`session_data` gives the result when accepted."""

    def __init__(
        self,
        event: AgendaEvent,
        session: SessionInfo,
        participants: Sequence[PersonRef],
        locations: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Edit session"), parent)
        self.setObjectName("sessionEditor")
        self.setMinimumWidth(560)
        self._event = event
        self._session = session

        self.title = QLineEdit(session.title, self)
        self.title.setPlaceholderText(tr("Session title, e.g. “Opening keynote”"))
        self.kind = QComboBox(self)
        for value, label in kind_labels().items():
            self.kind.addItem(_swatch(kind_colour(value)), label, str(value))
        self.kind.setCurrentIndex(max(0, self.kind.findData(session.kind)))
        self.start = self._datetime_edit(session.start)
        self.end = self._datetime_edit(session.end)
        self.location = QLineEdit(session.location or "", self)
        self.location.setPlaceholderText(tr("Room or place, e.g. “Main hall”"))
        location_completer = QCompleter(list(locations), self)
        location_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.location.setCompleter(location_completer)
        self.description = QPlainTextEdit(session.description or "", self)
        self.description.setPlaceholderText(tr("What the session is about (optional)"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)

        self.people_model = SessionPeopleModel(self)
        self.people_model.set_rows([(p.person_id, p.name, p.role) for p in session.people])
        self.person_picker = _PersonPicker(participants, tr("Type a participant’s name…"), self)
        self.role = QComboBox(self)
        for value, label in role_labels().items():
            self.role.addItem(label, str(value))
        self.role.setCurrentIndex(self.role.findData(SessionRole.SPEAKER))
        self.role.setAccessibleName(tr("Role of the person to add"))
        self.person_picker.line.setAccessibleName(tr("Person to add"))
        self.person_picker.layout_.addWidget(self.role)
        self.person_picker.layout_.addWidget(self.person_picker.add_button)
        self.person_picker.add_button.clicked.connect(self._add_person)
        self.person_picker.line.submitted.connect(self._add_person)
        self.people_view = QTableView(self)
        self.people_view.setObjectName("sessionPeople")
        self.people_view.setModel(self.people_model)
        self.people_view.verticalHeader().hide()
        self.people_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.people_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # The role is changed in place: double-click it or press F2.
        self.people_view.setItemDelegateForColumn(1, RoleDelegate(self.people_view))
        self.people_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.people_view.verticalHeader().setDefaultSectionSize(24)
        self.people_view.setFixedHeight(122)
        self.remove_person = QPushButton(icons.icon("mdi6.account-remove"), tr("Remove"), self)
        self.remove_person.clicked.connect(self._remove_current_person)
        self.remove_person.setToolTip(tr("Remove the selected person (Delete)"))
        self.people_view.installEventFilter(_DeleteKey(self._remove_current_person, self))
        self.people_model.dataChanged.connect(lambda *_a: self._validate())
        self.people_model.refused.connect(self._show_error)

        form = self.form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(tr("&Title:"), self.title)
        form.addRow(tr("&Kind:"), self.kind)
        times = QHBoxLayout()
        times.addWidget(self.start, 1)
        times.addWidget(QLabel("–", self))
        times.addWidget(self.end, 1)
        time_label = QLabel(tr("&Time:"), self)
        time_label.setBuddy(self.start)
        form.addRow(time_label, times)
        zone = QLabel(tr("Times are in {zone}.").format(zone=event.timezone), self)
        zone.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", zone)
        form.addRow(tr("&Location:"), self.location)
        form.addRow(tr("&Description:"), self.description)
        form.addRow(tr("&People:"), self.person_picker)
        people_row = QHBoxLayout()
        people_row.addWidget(self.people_view, 1)
        people_row.addWidget(self.remove_person, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("", people_row)

        self.visit_box = self._field_visit_box(session, participants)

        self.error.setObjectName("sessionEditorError")
        self.error.setStyleSheet(f"color: {CONFLICT_COLOUR};")
        self.body.setSpacing(8)
        self.body.insertWidget(1, self.visit_box)  # below the form, above the error

        for signal in (
            self.title.textChanged,
            self.start.dateTimeChanged,
            self.end.dateTimeChanged,
        ):
            signal.connect(self._validate)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.title.selectAll()
        self.title.setFocus()

    @property
    def base(self) -> SessionInfo:
        """The session as the editor showed it: a save writes only what changed from it."""
        return self._session

    # --- building -----------------------------------------------------------

    def _datetime_edit(self, value: datetime) -> QDateTimeEdit:
        wall = QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))
        edit = QDateTimeEdit(wall, self)
        edit.setDisplayFormat(DATETIME_FORMAT)
        edit.setCalendarPopup(True)
        return edit

    def _field_visit_box(
        self, session: SessionInfo, participants: Sequence[PersonRef]
    ) -> QGroupBox:
        visit = session.field_visit
        box = QGroupBox(tr("Field visit"), self)
        box.setObjectName("fieldVisitBox")
        self.site = QLineEdit(visit.site if visit and visit.site else "", box)
        self.site.setPlaceholderText(tr("Where the group goes"))
        self.host = QLineEdit(
            visit.host_organisation if visit and visit.host_organisation else "", box
        )
        self.host.setPlaceholderText(tr("Organisation hosting the visit"))
        self.address = QLineEdit(visit.address if visit and visit.address else "", box)
        self.meeting_point = QLineEdit(
            visit.meeting_point if visit and visit.meeting_point else "", box
        )
        self.meeting_point.setPlaceholderText(tr("e.g. Hotel lobby"))
        self.transport = QLineEdit(visit.transport if visit and visit.transport else "", box)
        self.transport.setPlaceholderText(tr("e.g. Chartered bus"))
        self.capacity = QSpinBox(box)
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText(tr("No limit"))
        self.capacity.setValue(visit.capacity if visit and visit.capacity is not None else 0)
        self.attendee_model = AttendeeModel(self)
        if visit:
            self.attendee_model.set_rows([(a.person_id, a.name) for a in visit.attendees])
        self.attendee_picker = _PersonPicker(participants, tr("Add an attendee…"), box)
        self.attendee_picker.layout_.addWidget(self.attendee_picker.add_button)
        self.attendee_picker.line.setAccessibleName(tr("Attendee to add"))
        self.attendee_picker.add_button.clicked.connect(self._add_attendee)
        self.attendee_picker.line.submitted.connect(self._add_attendee)
        self.attendee_view = QListView(box)
        self.attendee_view.setObjectName("fieldVisitAttendees")
        self.attendee_view.setModel(self.attendee_model)
        self.attendee_view.setFixedHeight(96)
        self.remove_attendee = QPushButton(icons.icon("mdi6.account-remove"), tr("Remove"), box)
        self.remove_attendee.clicked.connect(self._remove_current_attendee)
        self.remove_attendee.setToolTip(tr("Remove the selected attendee (Delete)"))
        self.attendee_view.installEventFilter(_DeleteKey(self._remove_current_attendee, self))
        self.places = QLabel(box)
        for signal in (
            self.attendee_model.rowsInserted,
            self.attendee_model.rowsRemoved,
            self.attendee_model.modelReset,
        ):
            signal.connect(self._update_places)
        self.capacity.valueChanged.connect(self._update_places)

        form = QFormLayout(box)
        form.addRow(tr("&Site:"), self.site)
        form.addRow(tr("&Host organisation:"), self.host)
        form.addRow(tr("&Address:"), self.address)
        form.addRow(tr("&Meeting point:"), self.meeting_point)
        form.addRow(tr("T&ransport:"), self.transport)
        form.addRow(tr("&Capacity:"), self.capacity)
        form.addRow(tr("Attendees:"), self.attendee_picker)
        row = QHBoxLayout()
        row.addWidget(self.attendee_view, 1)
        side = QVBoxLayout()
        side.addWidget(self.remove_attendee)
        side.addStretch(1)
        row.addLayout(side)
        form.addRow("", row)
        form.addRow("", self.places)
        self._update_places()
        return box

    # --- behaviour ------------------------------------------------------------

    def _kind_changed(self) -> None:
        self.visit_box.setVisible(self.kind.currentData() == SessionKind.FIELD_VISIT)
        self.adjustSize()
        self._validate()

    def _add_person(self) -> None:
        ref = self.person_picker.chosen()
        if ref is None:
            self._show_error(tr("Choose a participant of the event from the list."))
            return
        if not self.people_model.add(ref.person_id, ref.name, str(self.role.currentData())):
            self._show_error(tr("{name} already has that role.").format(name=ref.name))
            return
        self.person_picker.line.clear()
        self._validate()

    def _remove_current_person(self) -> None:
        self.people_model.remove(self.people_view.currentIndex().row())
        self._validate()

    def _remove_current_attendee(self) -> None:
        self.attendee_model.remove(self.attendee_view.currentIndex().row())

    def _add_attendee(self) -> None:
        ref = self.attendee_picker.chosen()
        if ref is None:
            self._show_error(tr("Choose a participant of the event from the list."))
            return
        if not self.attendee_model.add(ref.person_id, ref.name):
            self._show_error(tr("{name} already attends.").format(name=ref.name))
            return
        self.attendee_picker.line.clear()
        self._validate()

    def _update_places(self) -> None:
        count = self.attendee_model.rowCount()
        capacity = self.capacity.value()
        if capacity == 0:
            text, colour = tr("{n} attending").format(n=count), ""
        elif count > capacity:
            text = tr("{n} attending — {over} over capacity").format(n=count, over=count - capacity)
            colour = CONFLICT_COLOUR
        else:
            text = tr("{n} attending · {left} places left").format(n=count, left=capacity - count)
            colour = ""
        self.places.setText(text)
        self.places.setStyleSheet(f"color: {colour};" if colour else "")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)

    def problem(self) -> str | None:
        """Why the dialog cannot be accepted as it stands, or None."""
        if not self.title.text().strip():
            return tr("A session needs a title.")
        start, end = self._times()
        try:
            check_session_times(start, end, self._event.start_date, self._event.end_date)
        except RuleViolation as exc:
            return str(exc)
        return None

    def _times(self) -> tuple[datetime, datetime]:
        def value(edit: QDateTimeEdit) -> datetime:
            qdt = edit.dateTime()
            d, t = qdt.date(), qdt.time()
            return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

        return value(self.start), value(self.end)

    def _validate(self) -> None:
        self.show_problem(self.problem() or "")

    def accept(self) -> None:
        if self.problem() is None:
            super().accept()

    def session_data(self) -> SessionData:
        start, end = self._times()
        kind = str(self.kind.currentData())
        visit = None
        if kind == SessionKind.FIELD_VISIT:
            visit = FieldVisitData(
                site=self.site.text(),
                host_organisation=self.host.text(),
                address=self.address.text(),
                meeting_point=self.meeting_point.text(),
                transport=self.transport.text(),
                capacity=self.capacity.value() or None,
                attendees=tuple(pid for pid, _ in self.attendee_model.rows),
            )
        return SessionData(
            title=self.title.text(),
            kind=kind,
            start=start,
            end=end,
            location=self.location.text(),
            description=self.description.toPlainText(),
            people=tuple((pid, role) for pid, _, role in self.people_model.rows),
            field_visit=visit,
        )
