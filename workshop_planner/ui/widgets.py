"""Small widgets the organiser views share: zone and country pickers, empty states,
the message bar and the scaffolding of the small dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from itertools import pairwise
from zoneinfo import available_timezones

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.rules import is_timezone
from workshop_planner.services.countries import country_names, to_country_code
from workshop_planner.ui.icons import icon


@cache
def zone_names() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def _contains_completer(combo: QComboBox) -> None:
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)


def _line(combo: QComboBox) -> QLineEdit:
    line = combo.lineEdit()
    assert line is not None
    return line


class TimeZoneCombo(QComboBox):
    """An IANA time zone picker: type any part of the name ("berl" → Europe/Berlin)."""

    #: a valid zone was chosen (typed and confirmed, or picked from the list)
    zoneChosen = Signal(str)
    #: whether the text typed so far names a zone
    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(zone_names()))
        self.setMaxVisibleItems(20)
        _contains_completer(self)
        line = _line(self)
        line.setPlaceholderText(self.tr("e.g. Europe/Berlin"))
        self.textActivated.connect(self._confirm)
        line.editingFinished.connect(lambda: self._confirm(self.currentText()))
        self.editTextChanged.connect(lambda text: self.validityChanged.emit(self.is_valid(text)))

    @staticmethod
    def is_valid(text: str) -> bool:
        return is_timezone(text)

    def zone(self) -> str | None:
        text = self.currentText().strip()
        return text if self.is_valid(text) else None

    def set_zone(self, zone: str) -> None:
        with QSignalBlocker(self):
            index = self.findText(zone)
            if index >= 0:
                self.setCurrentIndex(index)
            else:
                self.setEditText(zone)

    def _confirm(self, text: str) -> None:
        if self.is_valid(text.strip()):
            self.zoneChosen.emit(text.strip())


class CountryCombo(QComboBox):
    """A country picker showing names and giving ISO 3166-1 alpha-2 codes."""

    countryChosen = Signal(object)  # str code, or None for "no country"
    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, locale: str = "en") -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", None)
        for code, name in country_names(locale).items():
            self.addItem(name, code)
        self.setMaxVisibleItems(20)
        _contains_completer(self)
        _line(self).setPlaceholderText(self.tr("Type a country"))
        self.textActivated.connect(self._confirm)
        _line(self).editingFinished.connect(lambda: self._confirm(self.currentText()))
        self.editTextChanged.connect(
            lambda text: self.validityChanged.emit(self._code_for(text) is not False)
        )

    def _code_for(self, text: str) -> str | bool | None:
        """The code for a typed name, None for empty text, False for no match."""
        text = text.strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index > 0:
            return str(self.itemData(index))
        index = self.findData(text.upper())
        if index > 0:
            return str(self.itemData(index))
        try:  # other spellings: "Deutschland", "USA", "DEU", "Holland"
            code = to_country_code(text)
        except ValueError:
            return False
        index = self.findData(code) if code else -1
        return str(self.itemData(index)) if index > 0 else False

    def code(self) -> str | None:
        found = self._code_for(self.currentText())
        return found if isinstance(found, str) else None

    def is_valid(self) -> bool:
        return self._code_for(self.currentText()) is not False

    def set_code(self, code: str | None) -> None:
        with QSignalBlocker(self):
            index = self.findData(code.upper()) if code else 0
            self.setCurrentIndex(max(index, 0))

    def _confirm(self, text: str) -> None:
        found = self._code_for(text)
        if found is not False:
            index = self.findData(found) if isinstance(found, str) else -1
            if index > 0 and self.currentText() != self.itemText(index):
                self.set_code(str(found))  # show the name in the list: "Germany", not "DEU"
            self.countryChosen.emit(found)


class EmptyState(QWidget):
    """A centred sentence saying what to do next, with optional buttons."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.label = QLabel(text)
        self.label.setProperty("role", "empty")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.buttons = QVBoxLayout()
        self.buttons.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(self.buttons)
        layout.addStretch(2)

    def add_button(self, button: QPushButton) -> QPushButton:
        button.setMinimumWidth(220)
        self.buttons.addWidget(button)
        return button


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field invalid (red border through the style sheet)."""
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class MessageBar(QFrame):
    """A one-sentence message above the pages; errors stay until closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setText("✕")
        close.setToolTip(self.tr("Dismiss (Esc)"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.is_error = False
        self.hide()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.label.setText(text)
        #: whether the message shown is an error (red, stays until closed)
        self.is_error = error
        colour = "#f9dedc" if error else "#dcecf5"
        border = "#b3261e" if error else "#2f6f8f"
        self.setStyleSheet(
            f"QFrame#messageBar {{ background: {colour}; border: 1px solid {border};"
            " border-radius: 4px; } QFrame#messageBar QLabel { color: #1f2328; }"
        )
        self.show()
        if error:
            self._timer.stop()
        else:
            self._timer.start(10_000)


def search_field(
    name: str, placeholder: str, accessible: str, changed: Callable[[str], object]
) -> QLineEdit:
    """The filter field above a list: magnifier, clear button, filters as you type."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible)
    edit.setClearButtonEnabled(True)
    edit.addAction(icon("magnify"), QLineEdit.ActionPosition.LeadingPosition)
    edit.textChanged.connect(changed)
    return edit


def page_action(
    page: QWidget,
    text: str,
    icon_name: str,
    slot: Callable[[], object],
    keys: QKeySequence,
    tip: str | None = None,
) -> QAction:
    """An action of ``page`` whose shortcut works only on the page (the window's
    menu for the page lists it), its keys shown in the tooltip."""
    action = QAction(icon(icon_name), text, page)
    action.setShortcut(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip or text.replace('&', '').rstrip('…')} ({shown})")
    action.triggered.connect(lambda _checked=False: slot())
    page.addAction(action)
    return action


def button_row(buttons: Iterable[tuple[str, str, Callable[[], object]]]) -> QHBoxLayout:
    """A row of buttons (text, icon name, what it does), left-aligned."""
    row = QHBoxLayout()
    for text, icon_name, slot in buttons:
        button = QPushButton(icon(icon_name), text)
        button.clicked.connect(lambda _checked=False, run=slot: run())
        row.addWidget(button)
    row.addStretch(1)
    return row


class FormDialog(QDialog):
    """A small dialog: a form, one line saying what is wrong, and OK/Cancel.

    Subclasses add rows to :attr:`form` (and widgets above it to :attr:`body`)
    and call :meth:`show_problem`; OK is enabled only while there is none. The
    buttons come last in the Tab order and the first field has the focus when
    the dialog opens (unless the dialog chose another), so typing and Enter do
    what the reader expects.
    """

    def __init__(
        self, title: str, parent: QWidget | None = None, *, ok_text: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if ok_text:
            self.ok_button().setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        #: the dialog's layout: the form, the error line and the buttons
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def show_problem(self, problem: str, *, say: bool = True) -> None:
        """Enable OK only without a ``problem``; show it unless ``say`` is False
        (e.g. before anything was typed)."""
        self.error.setText(problem if say else "")
        self.ok_button().setEnabled(not problem)

    def line(self, label: str, value: str | None, placeholder: str = "") -> QLineEdit:
        """A text field in a new row of the form."""
        edit = QLineEdit(value or "")
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label)
        self.form.addRow(label, edit)
        return edit

    def fields(self) -> list[QWidget]:
        """The widgets Tab visits before the buttons, in order."""
        buttons = self.buttons.buttons()
        found: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self and widget not in found:
            if (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget not in buttons
                and self.isAncestorOf(widget)
                and not self.buttons.isAncestorOf(widget)
            ):
                found.append(widget)
            widget = widget.nextInFocusChain()
        return found

    def showEvent(self, event: QShowEvent) -> None:
        # The buttons exist before the fields: put them last in the Tab order.
        fields = self.fields()
        chain = [*fields[-1:], *self.buttons.buttons()]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        super().showEvent(event)
        focused = self.focusWidget()
        if fields and (focused is None or focused in self.buttons.buttons()):
            fields[0].setFocus(Qt.FocusReason.OtherFocusReason)
