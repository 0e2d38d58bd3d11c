"""The composer: the text box, the kind and theme buttons and the details forms.

It holds the note being typed and nothing else: it does not save (it emits
:attr:`Composer.submitted`), does not write drafts (it emits
:attr:`Composer.edited` for the draft keeper) and never takes the focus by
itself. Its shortcuts (Ctrl+digit kind, Alt+digit theme, Ctrl+Shift+A
attribution) work only while the composer, or one of its fields, has focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.domain.enums import NoteKind
from workshop_planner.services.capture import DraftData, ThemeItem
from workshop_planner.ui.capture.drafts import DraftState
from workshop_planner.ui.capture.kinds import all_kind_styles, kind_for_key, kind_style
from workshop_planner.ui.capture.models import SpeakersModel
from workshop_planner.ui.capture.widgets import (
    DetailsForm,
    NoteEdit,
    QuoteForm,
    case_study_form,
    example_form,
    resource_form,
)

MAX_THEME_KEYS = 9


class Composer(QFrame):
    """The note being typed: text, kind, themes and the kind's details."""

    #: the note-taker changed something (text, kind, theme, a detail)
    edited = Signal()
    #: Enter: save the note
    submitted = Signal()

    def __init__(self, speakers: SpeakersModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureComposer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._kind = NoteKind.OBSERVATION
        self._themes: tuple[ThemeItem, ...] = ()
        self._theme_ids: list[str] = []
        self._quiet = 0
        self._chip_kind: NoteKind | None = None
        self._build(speakers)
        self._build_actions()
        self._refresh_kind()

    # --- building

    def _build(self, speakers: SpeakersModel) -> None:
        comp = QVBoxLayout(self)
        comp.setContentsMargins(12, 10, 12, 10)
        comp.setSpacing(6)

        kinds_row = QHBoxLayout()
        kinds_row.setSpacing(4)
        self._kind_group = QButtonGroup(self)
        self._kind_group.setExclusive(True)
        self.kind_buttons: dict[NoteKind, QToolButton] = {}
        for style in all_kind_styles():
            button = QToolButton(self)
            button.setObjectName(f"kind_{style.kind.value}")
            button.setCheckable(True)
            button.setText(f"{style.key} {style.label}")
            button.setToolTip(
                self.tr("%1 (Ctrl+%2)").replace("%1", style.label).replace("%2", str(style.key))
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRaise(True)
            button.setProperty("kindColour", style.colour)
            button.setStyleSheet(
                f"QToolButton:checked {{ background: {style.colour}; color: white;"
                f" border-color: {style.colour}; font-weight: 600; }}"
            )
            button.clicked.connect(lambda _c=False, k=style.kind: self.set_kind(k))
            self._kind_group.addButton(button)
            self.kind_buttons[style.kind] = button
            kinds_row.addWidget(button)
        kinds_row.addStretch(1)
        comp.addLayout(kinds_row)

        themes_row = QHBoxLayout()
        themes_row.setSpacing(4)
        caption = QLabel(self.tr("Themes"), self)
        caption.setProperty("role", "caption")
        themes_row.addWidget(caption)
        self._themes_box = QHBoxLayout()
        self._themes_box.setSpacing(4)
        themes_row.addLayout(self._themes_box)
        themes_row.addStretch(1)
        comp.addLayout(themes_row)
        self.theme_buttons: list[QToolButton] = []
        self._no_themes: QLabel | None = None

        entry = QHBoxLayout()
        entry.setSpacing(8)
        self._chip = QLabel(self)
        self._chip.setObjectName("captureKindChip")
        self._chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._chip.setMinimumWidth(120)
        self._chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        entry.addWidget(self._chip, 0, Qt.AlignmentFlag.AlignTop)
        self.editor = NoteEdit(self)
        self.editor.setObjectName("captureEditor")
        self.editor.setPlaceholderText(
            self.tr("Type what you hear… Enter saves, Shift+Enter starts a new line, #theme tags.")
        )
        self.editor.submitted.connect(self.submitted)
        self.editor.textChanged.connect(self._changed)
        entry.addWidget(self.editor, 1)
        comp.addLayout(entry)

        self.quote_form = QuoteForm(speakers, self)
        self.quote_form.setObjectName("quoteForm")
        self.case_form = case_study_form(self)
        self.case_form.setObjectName("caseStudyForm")
        self.example_form = example_form(self)
        self.example_form.setObjectName("exampleForm")
        self.resource_form = resource_form(self)
        self.resource_form.setObjectName("resourceForm")
        self.forms: dict[NoteKind, QuoteForm | DetailsForm] = {
            NoteKind.QUOTE: self.quote_form,
            NoteKind.CASE_STUDY: self.case_form,
            NoteKind.EXAMPLE: self.example_form,
            NoteKind.RESOURCE: self.resource_form,
        }
        for form in self.forms.values():
            form.changed.connect(self._changed)
            form.submitted.connect(self.submitted)
            form.hide()
            comp.addWidget(form)

        foot = QHBoxLayout()
        hint = QLabel(
            self.tr(
                "Enter save · Shift+Enter new line · Ctrl+0…9 kind · Alt+1…9 theme · "
                "#tag · Ctrl+PgUp/PgDown session"
            ),
            self,
        )
        hint.setProperty("role", "hint")
        foot.addWidget(hint, 1)
        self.status = QLabel(self)
        self.status.setObjectName("captureStatus")
        self.status.setProperty("role", "hint")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        foot.addWidget(self.status)
        comp.addLayout(foot)

        QWidget.setTabOrder(self.editor, self.quote_form.speaker)
        QWidget.setTabOrder(self.quote_form.country, self.case_form.first_field())
        QWidget.setTabOrder(self.case_form.last_field(), self.example_form.first_field())
        QWidget.setTabOrder(self.example_form.last_field(), self.resource_form.first_field())

    def _action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        # Only while the composer (or one of its fields) has the focus.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.kind_actions: list[QAction] = [
            self._action(
                kind_style(kind).label, f"Ctrl+{digit}", partial(self.press_kind_key, digit)
            )
            for digit in range(10)
            if (kind := kind_for_key(digit)) is not None
        ]
        self.theme_actions = [
            self._action(
                self.tr("Theme %1").replace("%1", str(n)), f"Alt+{n}", partial(self.toggle_theme, n)
            )
            for n in range(1, MAX_THEME_KEYS + 1)
        ]
        self.action_attribution = self._action(
            self.tr("Cycle quote attribution"), "Ctrl+Shift+A", self.cycle_attribution
        )

    # --- what it holds

    @property
    def kind(self) -> NoteKind:
        return self._kind

    @property
    def theme_ids(self) -> list[str]:
        return list(self._theme_ids)

    @property
    def themes(self) -> tuple[ThemeItem, ...]:
        return self._themes

    def text(self) -> str:
        return self.editor.toPlainText()

    def details(self) -> dict[str, Any]:
        """The kind's details as :func:`services.capture.add_note` keywords."""
        keyword = {
            NoteKind.QUOTE: "quote",
            NoteKind.CASE_STUDY: "case_study",
            NoteKind.EXAMPLE: "example",
            NoteKind.RESOURCE: "resource",
        }.get(self._kind)
        form = self.forms.get(self._kind)
        return {keyword: form.value()} if keyword and form is not None else {}

    def details_filled(self) -> bool:
        form = self.forms.get(self._kind)
        return isinstance(form, DetailsForm) and form.has_content()

    def state(self, session_id: str | None) -> DraftState:
        """What the composer holds, as a draft to be saved in ``session_id``."""
        extra: dict[str, Any] = {}
        if self._theme_ids:
            extra["theme_ids"] = list(self._theme_ids)
        for kind, form in self.forms.items():
            values = form.to_extra()
            if values:
                extra[kind.value] = values
        return DraftState(session_id, self._kind.value, self.editor.toPlainText(), extra)

    def is_empty(self) -> bool:
        return self.state(None).is_empty

    # --- changing it

    def set_kind(self, kind: NoteKind | str) -> None:
        new = NoteKind(kind)
        if new is self._kind:
            return
        self._kind = new
        self._refresh_kind()
        self._changed()

    def press_kind_key(self, digit: int) -> None:
        """What Ctrl+digit does in the composer (Ctrl+9 cycles example ↔ resource)."""
        if digit == 9 and self._kind is NoteKind.EXAMPLE:
            self.set_kind(NoteKind.RESOURCE)
            return
        kind = kind_for_key(digit)
        if kind is not None:
            self.set_kind(kind)

    def toggle_theme(self, number: int) -> None:
        """Toggle theme number ``number`` (1-based) for the note being typed."""
        if not 1 <= number <= len(self._themes):
            return
        theme_id = self._themes[number - 1].id
        if theme_id in self._theme_ids:
            self._theme_ids.remove(theme_id)
        else:
            self._theme_ids.append(theme_id)
        self._refresh_themes()
        self._changed()

    def cycle_attribution(self) -> None:
        if self._kind is not NoteKind.QUOTE:
            self.set_kind(NoteKind.QUOTE)
        self.quote_form.cycle_attribution()

    def set_themes(self, themes: Sequence[ThemeItem]) -> None:
        """The event's themes changed: rebuild the buttons, keep the ones still there ticked."""
        themes = tuple(themes)
        if themes == self._themes and (self.theme_buttons or self._no_themes is not None):
            return
        self._themes = themes
        known = {t.id for t in themes}
        self._theme_ids = [t for t in self._theme_ids if t in known]
        for button in self.theme_buttons:
            self._themes_box.removeWidget(button)
            button.deleteLater()
        if self._no_themes is not None:
            self._themes_box.removeWidget(self._no_themes)
            self._no_themes.deleteLater()
            self._no_themes = None
        self.theme_buttons = []
        for n, theme in enumerate(themes, start=1):
            button = QToolButton(self)
            button.setObjectName(f"theme_{n}")
            button.setCheckable(True)
            button.setProperty("themeButton", True)
            title = theme.title if len(theme.title) <= 28 else theme.title[:27] + "…"
            button.setText(f"{n} {title}" if n <= MAX_THEME_KEYS else title)
            button.setToolTip(
                self.tr("%1 (Alt+%2, or type #%3)")
                .replace("%1", theme.title)
                .replace("%2", str(n))
                .replace("%3", theme.slug.split("-")[0])
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, n=n: self.toggle_theme(n))
            self._themes_box.addWidget(button)
            self.theme_buttons.append(button)
        if not themes:
            self._no_themes = QLabel(
                self.tr("none defined for this event yet — the organiser adds them"), self
            )
            self._no_themes.setProperty("role", "hint")
            self._themes_box.addWidget(self._no_themes)
        self._refresh_themes()

    def reset(self) -> None:
        """Empty, an observation, no themes (not an edit: no draft is written)."""
        self._quiet += 1
        try:
            self.editor.clear()
            self._kind = NoteKind.OBSERVATION
            self._theme_ids = []
            for form in self.forms.values():
                form.clear()
            self._refresh_kind()
            self._refresh_themes()
        finally:
            self._quiet -= 1

    def apply_draft(self, draft: DraftData) -> None:
        """Put a draft left by an earlier run back (not an edit)."""
        self._quiet += 1
        try:
            try:
                self._kind = NoteKind(draft.kind)
            except ValueError:
                self._kind = NoteKind.OBSERVATION
            known = {t.id for t in self._themes}
            raw_themes = draft.extra.get("theme_ids") or []
            self._theme_ids = [str(t) for t in raw_themes if t in known]
            for kind, form in self.forms.items():
                values = draft.extra.get(kind.value)
                if isinstance(values, dict):
                    form.from_extra(values)
            self.editor.setPlainText(draft.text)
            cursor = self.editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            self.editor.setTextCursor(cursor)
            self._refresh_kind()
            self._refresh_themes()
        finally:
            self._quiet -= 1

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    # --- internals

    def _changed(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def _refresh_themes(self) -> None:
        for button, theme in zip(self.theme_buttons, self._themes, strict=False):
            button.setChecked(theme.id in self._theme_ids)

    def _refresh_kind(self) -> None:
        style = kind_style(self._kind)
        self.kind_buttons[self._kind].setChecked(True)
        if self._chip_kind is not self._kind:
            self._chip_kind = self._kind
            self._chip.setText(style.label)
            self._chip.setStyleSheet(
                f"QLabel#captureKindChip {{ background: {style.colour}; color: white;"
                " border-radius: 6px; padding: 4px 12px; font-weight: 600; }"
            )
        self._chip.setAccessibleName(self.tr("Kind: %1").replace("%1", style.label))
        focus = self.window().focusWidget()
        for kind, form in self.forms.items():
            if kind is not self._kind and focus is not None and form.isAncestorOf(focus):
                # Don't let Qt hand the focus to some other widget when the form hides.
                self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            form.setVisible(kind is self._kind)
