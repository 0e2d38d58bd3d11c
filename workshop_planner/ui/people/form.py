"""The side form of the People page: one person's fields, saved as each field is committed.

The form holds no workspace: it asks for an edit with :attr:`PersonForm.editRequested`
(the person, the fields' values before and after) and the page turns that into an
undoable command. A refused edit comes back through :meth:`PersonForm.show_error`;
the field keeps what was typed, marked, so it can be corrected.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services.people import ConsentChangeInfo, PersonInfo
from workshop_planner.ui.people.model import ConsentHistoryModel
from workshop_planner.ui.widgets import CountryCombo, set_invalid

#: the text fields of the form: service field name, label (its mnemonic clear of the
#: window's menus), placeholder
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("full_name", "&Name", "First and last name"),
    ("job_title", "&Job title", "e.g. Deputy Mayor"),
    ("organisation", "&Organisation", "e.g. City of Białystok"),
    ("city", "Ci&ty", "e.g. Białystok"),
    ("email", "E-&mail", "name@example.org"),
)
#: the fields whose empty value is "none" rather than an empty text
NULLABLE = frozenset({"email", "country"})


def person_values(person: PersonInfo) -> dict[str, Any]:
    """The form's fields of ``person``, as the service takes them."""
    return {
        "full_name": person.full_name,
        "job_title": person.job_title,
        "organisation": person.organisation,
        "city": person.city,
        "country": person.country,
        "email": person.email,
        "consent_to_name": person.consent_to_name,
    }


class PersonForm(QWidget):
    """Name, job title, organisation, city, country, e-mail and consent of one person."""

    #: person id, the changed fields' values before, and after
    editRequested = Signal(str, dict, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personForm")
        self.person: PersonInfo | None = None
        #: the field whose edit was refused (it keeps the typed text)
        self._error_field: str | None = None

        self.heading = QLabel()
        self.heading.setObjectName("personHeading")
        self.heading.setProperty("role", "subheading")
        self.heading.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, placeholder in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"person_{key}")
            edit.setPlaceholderText(self.tr(placeholder))
            edit.setAccessibleName(self.tr(label).replace("&", ""))
            edit.editingFinished.connect(lambda k=key: self._commit_text(k))
            self.edits[key] = edit
            if key == "organisation":
                self.organisations = QStringListModel(self)
                completer = QCompleter(self.organisations, edit)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                edit.setCompleter(completer)
            if key == "email":
                self.country = CountryCombo()
                self.country.setObjectName("person_country")
                self.country.setAccessibleName(self.tr("Country"))
                # the longest country name must not widen the side panel past the page
                self.country.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                self.country.setMinimumContentsLength(10)
                self.country.countryChosen.connect(self._commit_country)
                self.country.validityChanged.connect(
                    lambda valid: set_invalid(self.country, not valid)
                )
                form.addRow(self.tr("Countr&y"), self.country)
            form.addRow(self.tr(label), edit)
        self.consent = QCheckBox(self.tr("A&greed to be named in reports"))
        self.consent.setObjectName("person_consent")
        self.consent.setAccessibleName(self.tr("Consent to be named"))
        self.consent.setToolTip(
            self.tr(
                "Without consent the person's name never prints: their quotes read "
                "“One participant from …” and mentions in notes are flagged before export."
            )
        )
        self.consent.clicked.connect(self._commit_consent)
        form.addRow("", self.consent)

        self.error = QLabel()
        self.error.setObjectName("personError")
        self.error.setProperty("role", "error")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()

        self.events = QLabel()
        self.events.setObjectName("personEvents")
        self.events.setProperty("role", "hint")
        self.events.setWordWrap(True)

        history_label = QLabel(self.tr("Consent history"))
        history_label.setProperty("role", "subheading")
        self.history_model = ConsentHistoryModel(self)
        self.history = QTableView()
        self.history.setObjectName("consentHistory")
        self.history.setAccessibleName(self.tr("Consent history"))
        self.history.setModel(self.history_model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history_empty = QLabel(self.tr("No consent changes recorded yet."))
        self.history_empty.setProperty("role", "hint")
        history_label.setBuddy(self.history)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.events)
        layout.addSpacing(8)
        layout.addWidget(history_label)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.history_empty)
        layout.addStretch(0)
        # Tab follows reading order: the fields top to bottom, then the history
        chain: list[QWidget] = [
            self.edits["full_name"],
            self.edits["job_title"],
            self.edits["organisation"],
            self.edits["city"],
            self.country,
            self.edits["email"],
            self.consent,
            self.history,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- loading ---

    def set_organisations(self, names: list[str]) -> None:
        """The organisations the organisation field offers as you type."""
        if self.organisations.stringList() != names:
            self.organisations.setStringList(names)

    def load(self, person: PersonInfo | None, history: list[ConsentChangeInfo]) -> None:
        """Show ``person`` (None: nobody) and their consent history."""
        same = person is not None and self.person is not None and person.id == self.person.id
        self.person = person
        self.history_model.set_changes(history)
        self.history.setVisible(bool(history))
        self.history_empty.setVisible(not history)
        if person is None:
            self.heading.setText("")
            self.events.setText("")
            self._clear_error()
            return
        values = person_values(person)
        for key, edit in self.edits.items():
            if same and key == self._error_field:
                continue  # keep what was typed until it is corrected
            text = values[key] or ""
            if edit.text() != text:
                with QSignalBlocker(edit):
                    edit.setText(text)
        if not (same and self._error_field == "country"):
            self.country.set_code(person.country)
        with QSignalBlocker(self.consent):
            self.consent.setChecked(person.consent_to_name)
        if not same:
            self._clear_error()
        self.heading.setText(person.full_name)
        titles = [title for _id, title in person.events]
        self.events.setText(
            self.tr("Takes part in: {0}").format("; ".join(titles))
            if titles
            else self.tr("Not a participant of any event.")
        )

    # --- committing ---

    def commit_pending(self) -> None:
        """Save whatever was typed but not yet committed (before another person is shown).

        A field whose edit was refused is left alone: the user was told why.
        """
        for key in self.edits:
            if key != self._error_field:
                self._commit_text(key)

    def _value(self, key: str) -> Any:
        text = self.edits[key].text().strip()
        return (text or None) if key in NULLABLE else text

    def _commit_text(self, key: str) -> None:
        self._request(key, self._value(key))

    def _commit_country(self, code: object) -> None:
        self._request("country", code if isinstance(code, str) else None)

    def _commit_consent(self, checked: bool) -> None:
        self._request("consent_to_name", bool(checked))

    def _request(self, key: str, value: Any) -> None:
        person = self.person
        if person is None:
            return
        before = person_values(person)[key]
        if value == before:
            if self._error_field == key:
                self._clear_error()
            return
        self.editRequested.emit(person.id, {key: before}, {key: value})

    # --- errors ---

    def show_error(self, key: str, message: str) -> None:
        """The edit of ``key`` was refused: say why beside the form and mark the field."""
        self._clear_error()
        self._error_field = key
        self.error.setText(message)
        self.error.show()
        widget = self.field_widget(key)
        set_invalid(widget, True)
        if key == "consent_to_name" and self.person is not None:
            with QSignalBlocker(self.consent):
                self.consent.setChecked(self.person.consent_to_name)

    def edit_done(self, key: str) -> None:
        if self._error_field == key:
            self._clear_error()

    def _clear_error(self) -> None:
        if self._error_field is not None:
            set_invalid(self.field_widget(self._error_field), False)
        self._error_field = None
        self.error.hide()
        self.error.setText("")

    def error_text(self) -> str:
        return self.error.text() if self._error_field is not None else ""

    def field_widget(self, key: str) -> QWidget:
        if key == "country":
            return self.country
        if key == "consent_to_name":
            return self.consent
        return self.edits[key]

    def focus_first(self) -> None:
        self.edits["full_name"].setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edits["full_name"].selectAll()
