"""The dialog that starts a new event: its title, dates and time zone, or, when
duplicating one as the next in its series, the new title and start date."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QTimeZone
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel, QLineEdit, QWidget

from workshop_planner.services import event_editing as ee
from workshop_planner.ui.widgets import FormDialog, TimeZoneCombo


def system_zone() -> str:
    """The computer's IANA time zone (UTC when it has none we know)."""
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    try:
        ZoneInfo(zone)
    except (ValueError, KeyError, OSError):
        return "UTC"
    return zone


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    return edit


class NewEventDialog(FormDialog):
    """Title, dates and time zone of a new event (or of a duplicate)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        source: ee.EventData | None = None,
    ) -> None:
        super().__init__(
            self.tr("Duplicate as the next event") if source else self.tr("New event"), parent
        )
        self.source = source
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("newEventTitle")
        self.title_edit.setPlaceholderText(self.tr("e.g. Cities on the Front-lines"))
        self.start = _date_edit()
        self.end = _date_edit()
        self.zone = TimeZoneCombo()
        self.form.addRow(self.tr("Title"), self.title_edit)
        self.form.addRow(self.tr("Starts"), self.start)
        if source is None:
            self.form.addRow(self.tr("Ends"), self.end)
            self.form.addRow(self.tr("Time zone"), self.zone)
            soon = _qdate(date.today() + timedelta(days=30))
            self.start.setDate(soon)
            self.end.setDate(soon)
            self.zone.set_zone(system_zone())
        else:
            self.title_edit.setText(source.title)
            self.title_edit.selectAll()  # typing replaces it: the next event's title
            self.start.setDate(_qdate(source.start_date.replace(year=source.start_date.year + 1)))
            self.copy_participants = QCheckBox(self.tr("Also copy the participants"))
            self.copy_notes = QCheckBox(self.tr("Also copy the notes"))
            self.form.addRow("", self.copy_participants)
            self.form.addRow("", self.copy_notes)
            hint = QLabel(
                self.tr(
                    "Copies the event's details, sessions (moved to the new dates), themes, "
                    "partners and contacts."
                )
            )
            hint.setWordWrap(True)
            hint.setProperty("role", "hint")
            self.form.addRow("", hint)
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
        self.show_problem(self.problem(), say=bool(self.title_edit.text()))

    def start_date(self) -> date:
        value = self.start.date().toPython()
        assert isinstance(value, date)
        return value

    def end_date(self) -> date:
        value = self.end.date().toPython()
        assert isinstance(value, date)
        return value
