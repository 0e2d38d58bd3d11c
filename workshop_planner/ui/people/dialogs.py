"""Dialogs of the People page: merge two records, confirm an erasure.

Both are shown with ``open()`` (window-modal, not blocking): the page acts when
they finish.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services.countries import country_name
from workshop_planner.services.people import PersonInfo
from workshop_planner.ui.icons import icon
from workshop_planner.ui.people.model import consent_text


def _rows(person: PersonInfo) -> list[tuple[str, str]]:
    return [
        ("Name", person.full_name),
        ("Job title", person.job_title),
        ("Organisation", person.organisation),
        ("City", person.city),
        ("Country", country_name(person.country) if person.country else ""),
        ("E-mail", person.email or ""),
        ("Consent", consent_text(person.consent_to_name)),
        ("Events", "; ".join(title for _id, title in person.events)),
    ]


class MergeDialog(QDialog):
    """Two records of the same person side by side; the user picks the one to keep."""

    def __init__(self, first: PersonInfo, second: PersonInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge two people"))
        self.people = (first, second)
        intro = QLabel(
            self.tr(
                "Keep one record; the other one's participations, session roles, field-visit "
                "attendance and quotes move to it, and the other record is removed. The kept "
                "record is named in reports only if both records had consent. Undo (Ctrl+Z) "
                "puts both back."
            )
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.group = QButtonGroup(self)
        self.choices: list[QRadioButton] = []
        for column, person in enumerate(self.people, start=1):
            choice = QRadioButton(
                self.tr("&Keep this one") if column == 1 else self.tr("K&eep this one")
            )
            choice.setObjectName(f"keep{column}")
            choice.setAccessibleName(self.tr("Keep {0}").format(person.full_name))
            self.group.addButton(choice, column - 1)
            self.choices.append(choice)
            grid.addWidget(choice, 0, column)
        for row, ((label, first_value), (_l, second_value)) in enumerate(
            zip(_rows(first), _rows(second), strict=True), start=1
        ):
            name = QLabel(self.tr(label))
            name.setProperty("role", "hint")
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, value in enumerate((first_value, second_value), start=1):
                cell = QLabel(value or "—")
                cell.setWordWrap(True)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                if value and first_value != second_value:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
        # the record in more events is more likely the one to keep
        richer = 1 if len(second.events) > len(first.events) else 0
        self.choices[richer].setChecked(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = QPushButton(self.tr("&Merge"))
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setDefault(True)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.buttons)
        self.choices[richer].setFocus()

    def keep(self) -> PersonInfo:
        return self.people[max(self.group.checkedId(), 0)]

    def remove(self) -> PersonInfo:
        return self.people[1 - max(self.group.checkedId(), 0)]


class EraseDialog(QDialog):
    """Says what erasing a person does; Cancel is the default."""

    def __init__(self, person: PersonInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eraseDialog")
        self.setWindowTitle(self.tr("Erase {0}?").format(person.full_name))
        self.person = person
        n = len(person.events)
        events = self.tr("{0} events").format(n) if n != 1 else self.tr("1 event")
        self.text = self.tr(
            "This removes {name} from {events}, makes their quotes anonymous, withholds their name "
            "wherever notes mention it, and deletes their contact details and consent "
            "history. Undo is possible until you close the app; after that the erasure "
            "is final. Export their data first if they asked for a copy."
        ).format(name=person.full_name, events=events)
        message = QLabel(self.text)
        message.setObjectName("eraseMessage")
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setMinimumWidth(440)
        warning = QLabel()
        warning.setPixmap(icon("account-remove-outline").pixmap(32, 32))
        warning.setAlignment(Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(warning)
        row.addWidget(message, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton(self.tr("&Erase {0}").format(person.full_name))
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setAutoDefault(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.setDefault(True)
        cancel.setFocus()
        layout = QVBoxLayout(self)
        layout.setSpacing(16)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
