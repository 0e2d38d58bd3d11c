"""The drafted texts: each shown as the app drafted it, "Edit" to write your own, "Reset to draft".

Kept apart from the page because the texts have their own small state machine
(drafted → opened → override, typing debounced before it is saved as one undo
step), which has nothing to do with rendering or the report settings.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services.curation import DraftedText
from workshop_planner.ui.icons import icon
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.studio.commands import SetOverrideCommand

#: pause in typing before a drafted text's override is saved
OVERRIDE_DELAY_MS = 600


class DraftRow(QWidget):
    """One drafted text: shown as drafted; "Edit" makes it an override, "Reset" drops it."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.drafted: DraftedText | None = None
        #: "Edit" was pressed on an empty draft: editable before any override exists
        self.opened = False
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.state = QLabel()
        self.state.setProperty("role", "hint")
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"draft_{key}")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        self.edit_button = QPushButton(icon("pencil-outline"), self.tr("Edit"))
        self.edit_button.setObjectName(f"editDraft_{key}")
        self.reset_button = QPushButton(icon("restore"), self.tr("Reset to draft"))
        self.reset_button.setObjectName(f"resetDraft_{key}")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(OVERRIDE_DELAY_MS)
        self.edit.textChanged.connect(self._typed)
        self._loading = False
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.edit)

    @property
    def editable(self) -> bool:
        return self.drafted is not None and (self.drafted.is_override or self.opened)

    def show_drafted(self, drafted: DraftedText) -> None:
        self.drafted = drafted
        if drafted.is_override:
            self.opened = False
        self.label.setText(f"<b>{drafted.label}</b>")
        self.edit.setAccessibleName(drafted.label)
        self.state.setText(
            self.tr("your text (replaces the draft)")
            if drafted.is_override
            else self.tr("drafted from the event")
        )
        editable = self.editable
        self.edit.setReadOnly(not editable)
        self.edit.setPlaceholderText(
            self.tr("Type the text that prints here")
            if editable
            else self.tr("Nothing to draft yet; press Edit to write it")
        )
        self.edit_button.setEnabled(not editable)
        self.reset_button.setEnabled(drafted.is_override)
        if self.timer.isActive():
            return  # the user is typing: their text wins
        text = drafted.override if drafted.override is not None else drafted.draft
        if self.edit.toPlainText() != text:
            self._loading = True
            try:
                self.edit.setPlainText(text)
            finally:
                self._loading = False

    def _typed(self) -> None:
        if not self._loading and self.editable:
            self.timer.start()


class DraftsPanel(QGroupBox):
    """The "Drafted texts" box: one :class:`DraftRow` per text, saved through undo commands.

    ``event_id`` is set by the page whenever it (re)loads; the panel only
    announces its changes through :class:`Operations`, never reloads itself.
    """

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Drafted texts"))
        self.operations = operations
        self.event_id: str | None = None
        self.rows: dict[str, DraftRow] = {}
        self.rows_layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "The app drafts these from the event. Edit one to write your own text; "
                "Reset to draft brings the draft back."
            )
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.rows_layout.addWidget(hint)

    def show_drafts(self, drafted: Sequence[DraftedText]) -> None:
        for item in drafted:
            row = self.rows.get(item.key)
            if row is None:
                row = DraftRow(item.key)
                row.edit_button.clicked.connect(lambda _c=False, k=item.key: self.edit_draft(k))
                row.reset_button.clicked.connect(lambda _c=False, k=item.key: self.reset_draft(k))
                row.timer.timeout.connect(lambda k=item.key: self._override_typed(k))
                self.rows[item.key] = row
                self.rows_layout.addWidget(row)
            row.show_drafted(item)

    def edit_draft(self, key: str) -> None:
        """Turn the drafted text into the editor's own text, ready to be changed."""
        row = self.rows.get(key)
        if row is None or row.drafted is None or self.event_id is None:
            return
        drafted = row.drafted
        if not drafted.is_override:
            row.opened = True
            if drafted.draft.strip():
                self.operations.push(
                    SetOverrideCommand(
                        self.operations.workspace,
                        self.event_id,
                        key,
                        None,
                        drafted.draft,
                        drafted.label,
                    )
                )
            else:
                row.show_drafted(drafted)
        row.edit.setFocus()

    def reset_draft(self, key: str) -> None:
        row = self.rows.get(key)
        if row is None or row.drafted is None or self.event_id is None:
            return
        row.timer.stop()
        row.opened = False
        drafted = row.drafted
        if drafted.is_override:
            self.operations.push(
                SetOverrideCommand(
                    self.operations.workspace,
                    self.event_id,
                    key,
                    drafted.override,
                    None,
                    drafted.label,
                )
            )
        else:
            row.show_drafted(drafted)

    def _override_typed(self, key: str) -> None:
        row = self.rows.get(key)
        if row is None or row.drafted is None or self.event_id is None or not row.editable:
            return
        row.timer.stop()
        text = row.edit.toPlainText().strip() or None
        if text == row.drafted.override:
            return
        self.operations.push(
            SetOverrideCommand(
                self.operations.workspace,
                self.event_id,
                key,
                row.drafted.override,
                text,
                row.drafted.label,
            )
        )

    def flush_texts(self) -> None:
        """Save drafted-text overrides typed but not yet saved (before export or closing)."""
        for key, row in self.rows.items():
            if row.timer.isActive():
                self._override_typed(key)
