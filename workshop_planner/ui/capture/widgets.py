"""The capture composer's parts: the note text box and the small detail forms."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from workshop_planner.domain.enums import Attribution
from workshop_planner.domain.rules import default_attribution, effective_attribution
from workshop_planner.services.capture import (
    CaseStudyData,
    ExampleData,
    QuoteData,
    ResourceData,
    SpeakerOption,
)
from workshop_planner.ui.capture.models import SpeakersModel

_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CTRL = Qt.KeyboardModifier.ControlModifier


class NoteEdit(QPlainTextEdit):
    """The one text box of capture mode: Enter saves, Shift+Enter starts a new line."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName(self.tr("Note text"))

    def event(self, e: QEvent) -> bool:
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and self._nothing_to_undo(e)
        ):
            # Ctrl+Z with nothing typed to undo undoes the last note edit.
            e.ignore()
            return False
        return super().event(e)

    def _nothing_to_undo(self, event: QKeyEvent) -> bool:
        document = self.document()
        if event.matches(QKeySequence.StandardKey.Undo):
            return not document.isUndoAvailable()
        if event.matches(QKeySequence.StandardKey.Redo):
            return not document.isRedoAvailable()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._nothing_to_undo(event):
            event.ignore()  # the page undoes (no window shortcut ran)
            return
        if event.key() in _RETURN_KEYS:
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self.textCursor().insertText("\n")
                self.ensureCursorVisible()
                event.accept()
                return
            if mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier):
                event.accept()
                self.submitted.emit()
                return
        if Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9 and event.modifiers() & (
            Qt.KeyboardModifier.AltModifier | _CTRL
        ):
            # Ctrl/Alt+digit pick the kind and themes; when no shortcut ran (the
            # window is not active) leave the key to the page, never type the digit.
            event.ignore()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(480, line * 3 + 18)


class _Field(QLineEdit):
    pass


class SpeakerEdit(QLineEdit):
    """The speaker field: its type-ahead list also answers keys sent to the field.

    Real keys go to the open list (QCompleter); keys sent straight to the field
    (automation, an inactive window) would be ignored while the list is open,
    so the field does what the list would: Up/Down move, Enter picks and closes
    the list (a second Enter saves the note), Esc closes it.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if completer is None or popup is None or not popup.isVisible():
            super().keyPressEvent(event)
            return
        key = event.key()
        model = popup.model()
        rows = model.rowCount() if model is not None else 0
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and model is not None:
            if rows:
                row = popup.currentIndex().row()
                if key == Qt.Key.Key_Down:
                    row = min(row + 1, rows - 1)
                else:
                    row = max(row - 1, 0) if row >= 0 else rows - 1
                popup.setCurrentIndex(model.index(row, 0))
            event.accept()
            return
        if key in _RETURN_KEYS or key == Qt.Key.Key_Tab:
            index = popup.currentIndex()
            popup.hide()
            if index.isValid():
                self.setText(str(index.data(completer.completionRole())))
            if key == Qt.Key.Key_Tab:
                self.focusNextChild()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            popup.hide()
            event.accept()
            return
        super().keyPressEvent(event)


class DetailsForm(QWidget):
    """A small grid of one-line fields for a note kind's extra details.

    Fields are laid out in reading order, which is also the Tab order; Enter in
    any field submits the note like Enter in the text box.
    """

    changed = Signal()
    submitted = Signal()

    def __init__(
        self,
        data_class: type[Any],
        spec: Sequence[tuple[str, str, str]],
        *,
        columns: int = 2,
        wide: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._class = data_class
        self._fields: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        row = col = 0
        for name, label, placeholder in spec:
            edit = _Field(self)
            edit.setObjectName(f"field_{name}")
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label)
            edit.setClearButtonEnabled(False)
            if name == "country":
                edit.setMaxLength(2)
                edit.setMaximumWidth(64)
            edit.textEdited.connect(self.changed)
            edit.returnPressed.connect(self.submitted)
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            caption.setProperty("role", "caption")
            span = columns if name in wide else 1
            if col + span > columns:
                row, col = row + 1, 0
            grid.addWidget(caption, row, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(edit, row, col * 2 + 1, 1, span * 2 - 1)
            col += span
            if col >= columns:
                row, col = row + 1, 0
            self._fields[name] = edit
        for c in range(columns):
            grid.setColumnStretch(c * 2 + 1, 1)
        edits = list(self._fields.values())
        for a, b in itertools.pairwise(edits):
            QWidget.setTabOrder(a, b)

    def field(self, name: str) -> QLineEdit:
        return self._fields[name]

    def first_field(self) -> QLineEdit:
        return next(iter(self._fields.values()))

    def last_field(self) -> QLineEdit:
        return list(self._fields.values())[-1]

    def value(self) -> Any:
        return self._class(**{n: (e.text().strip() or None) for n, e in self._fields.items()})

    def set_value(self, value: Any | None) -> None:
        for name, edit in self._fields.items():
            text = getattr(value, name, None) if value is not None else None
            edit.setText(text or "")

    def clear(self) -> None:
        self.set_value(None)

    def to_extra(self) -> dict[str, Any]:
        return {n: e.text() for n, e in self._fields.items() if e.text()}

    def from_extra(self, extra: Mapping[str, Any]) -> None:
        for name, edit in self._fields.items():
            value = extra.get(name)
            edit.setText(str(value) if value is not None else "")

    def has_content(self) -> bool:
        return any(e.text().strip() for e in self._fields.values())


def case_study_form(parent: QWidget | None = None) -> DetailsForm:
    tr = _tr
    return DetailsForm(
        CaseStudyData,
        [
            ("title", tr("Title"), tr("City of Edmonton, Canada")),
            ("city", tr("City"), tr("City")),
            ("country", tr("Country"), "CA"),
            ("challenge", tr("Challenge"), tr("What problem did the city face?")),
            ("approach", tr("Approach"), tr("What did it do?")),
            ("impact", tr("Impact"), tr("What changed?")),
            ("url", tr("URL"), "https://"),
        ],
        columns=3,
        wide=("title", "challenge", "approach", "impact", "url"),
        parent=parent,
    )


def example_form(parent: QWidget | None = None) -> DetailsForm:
    tr = _tr
    return DetailsForm(
        ExampleData,
        [
            ("label", tr("Label"), tr("What the city did, in a few words")),
            ("city", tr("City"), tr("City")),
            ("country", tr("Country"), "US"),
            ("url", tr("URL"), "https://"),
        ],
        columns=3,
        wide=("label", "url"),
        parent=parent,
    )


def resource_form(parent: QWidget | None = None) -> DetailsForm:
    tr = _tr
    return DetailsForm(
        ResourceData,
        [
            ("title", tr("Title"), tr("Title of the report, toolkit or site")),
            ("publisher", tr("Publisher"), tr("Who published it")),
            ("url", tr("URL"), "https://"),
        ],
        columns=2,
        wide=("title",),
        parent=parent,
    )


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("CaptureForms", text)


_ATTRIBUTION_CYCLE = (Attribution.NAMED, Attribution.BY_ORIGIN, Attribution.ANONYMOUS)


def attribution_label(value: Attribution | str) -> str:
    return {
        Attribution.NAMED: _tr("Named"),
        Attribution.BY_ORIGIN: _tr("By origin"),
        Attribution.ANONYMOUS: _tr("Anonymous"),
    }[Attribution(value)]


class QuoteForm(QWidget):
    """Who said it: a participant by type-ahead (or a name typed free) and how to attribute it.

    The attribution starts from the speaker's consent (no consent → by origin)
    until the note-taker picks one with the attribution key.
    """

    changed = Signal()
    submitted = Signal()

    def __init__(self, speakers: SpeakersModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._speakers = speakers
        self._attribution = Attribution.BY_ORIGIN
        self._chosen = False
        self.speaker = SpeakerEdit(self)
        self.speaker.setObjectName("quoteSpeaker")
        self.speaker.setPlaceholderText(self.tr("Speaker — start typing a participant's name"))
        self.speaker.setAccessibleName(self.tr("Speaker"))
        completer = QCompleter(speakers, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.speaker.setCompleter(completer)
        self.completer = completer
        self.organisation = QLineEdit(self)
        self.organisation.setObjectName("quoteOrganisation")
        self.organisation.setPlaceholderText(self.tr("Organisation"))
        self.organisation.setAccessibleName(self.tr("Speaker's organisation"))
        self.country = QLineEdit(self)
        self.country.setObjectName("quoteCountry")
        self.country.setPlaceholderText(self.tr("Country"))
        self.country.setAccessibleName(self.tr("Speaker's country"))
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(72)
        self.attribution_button = QPushButton(self)
        self.attribution_button.setObjectName("quoteAttribution")
        self.attribution_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.attribution_button.setToolTip(
            self.tr("How the report attributes the quote (Ctrl+Shift+A cycles)")
        )
        self.attribution_button.clicked.connect(self.cycle_attribution)
        self.hint = QLabel(self)
        self.hint.setProperty("role", "hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        caption = QLabel(self.tr("Said by"), self)
        caption.setProperty("role", "caption")
        caption.setBuddy(self.speaker)
        layout.addWidget(caption)
        layout.addWidget(self.speaker, 3)
        layout.addWidget(self.organisation, 2)
        layout.addWidget(self.country)
        layout.addWidget(self.attribution_button)
        layout.addWidget(self.hint, 2)
        QWidget.setTabOrder(self.speaker, self.organisation)
        QWidget.setTabOrder(self.organisation, self.country)
        self.speaker.textChanged.connect(self._speaker_changed)
        completer.activated.connect(self._speaker_changed)
        for edit in (self.organisation, self.country):
            edit.textEdited.connect(self.changed)
        for edit in (self.speaker, self.organisation, self.country):
            edit.returnPressed.connect(self._return_pressed)
        self._refresh()

    # --- state -----------------------------------------------------------

    @property
    def attribution(self) -> Attribution:
        return self._attribution

    def matched_speaker(self) -> SpeakerOption | None:
        return self._speakers.find_by_name(self.speaker.text())

    def cycle_attribution(self) -> None:
        i = _ATTRIBUTION_CYCLE.index(self._attribution)
        self._attribution = _ATTRIBUTION_CYCLE[(i + 1) % len(_ATTRIBUTION_CYCLE)]
        self._chosen = True
        self._refresh()
        self.changed.emit()

    def value(self) -> QuoteData:
        match = self.matched_speaker()
        if match is not None:
            return QuoteData(speaker_id=match.person_id, attribution=self._attribution.value)
        return QuoteData(
            name=self.speaker.text().strip() or None,
            organisation=self.organisation.text().strip() or None,
            country=self.country.text().strip() or None,
            attribution=self._attribution.value,
        )

    def clear(self) -> None:
        self._chosen = False
        self.speaker.blockSignals(True)
        self.speaker.clear()
        self.speaker.blockSignals(False)
        self.organisation.clear()
        self.country.clear()
        self._attribution = default_attribution(None)
        self._refresh()

    def to_extra(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, edit in (
            ("speaker", self.speaker),
            ("organisation", self.organisation),
            ("country", self.country),
        ):
            if edit.text():
                out[key] = edit.text()
        if self._chosen:
            out["attribution"] = self._attribution.value
        return out

    def from_extra(self, extra: Mapping[str, Any]) -> None:
        self.clear()
        self.speaker.setText(str(extra.get("speaker") or ""))
        self.organisation.setText(str(extra.get("organisation") or ""))
        self.country.setText(str(extra.get("country") or ""))
        chosen = extra.get("attribution")
        if chosen in {a.value for a in Attribution}:
            self._attribution = Attribution(str(chosen))
            self._chosen = True
        self._refresh()

    def has_content(self) -> bool:
        return any(e.text().strip() for e in (self.speaker, self.organisation, self.country))

    # --- internals ---------------------------------------------------------

    def _speaker_changed(self, _text: str = "") -> None:
        match = self.matched_speaker()
        directory = match is not None
        self.organisation.setEnabled(not directory)
        self.country.setEnabled(not directory)
        if match is not None:
            self.organisation.setText(match.organisation or "")
            self.country.setText(match.country or "")
        if not self._chosen:
            self._attribution = default_attribution(match.consent_to_name if match else None)
        self._refresh()
        self.changed.emit()

    def _return_pressed(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible():
            return
        self.submitted.emit()

    def _refresh(self) -> None:
        self.attribution_button.setText(attribution_label(self._attribution))
        match = self.matched_speaker()
        name = self.speaker.text().strip()
        if match is not None:
            if match.consent_to_name:
                hint = self.tr("Agreed to be named")
            else:
                hint = self.tr("No consent to be named")
            printed = effective_attribution(self._attribution, match.consent_to_name)
            if printed is not self._attribution:
                hint = self.tr("No consent: printed by origin")
        elif name:
            hint = self.tr("Not a participant — typed as given")
        else:
            hint = self.tr("Speaker optional")
        self.hint.setText(hint)
