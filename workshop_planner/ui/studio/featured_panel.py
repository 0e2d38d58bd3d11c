"""The studio's featured-order panel: the featured items of a theme or section, in print order.

Apart from the page because the print-order rules (:func:`print_group`,
:func:`featured_in`) and the reordering that must respect them belong together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from workshop_planner.services.curation import CurationNote, ThemeInfo
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.studio import commands as sc
from workshop_planner.ui.studio.actions import make_action
from workshop_planner.ui.studio.models import FeaturedModel, Role

QUEUED = Qt.ConnectionType.QueuedConnection

#: sections (besides the themes) whose featured items can be ordered
SECTIONS: tuple[tuple[str, str], ...] = (
    ("threats", "Threats, Key Challenges & City Needs"),
    ("next_steps", "Next Steps"),
    ("closing", "Closing of Next Steps"),
    ("resources", "Additional Resources"),
)

_THREAT_GROUPS = {"threat": 0, "challenge": 1, "need": 2}


def print_group(note: CurationNote, section: str) -> int:
    """Which block of ``section`` the note prints in (the report prints block by block).

    A theme prints its observations, then case studies, pull quotes and other
    city examples; Threats… prints threats, challenges, needs, other notes,
    then quotes; Next Steps its items, then quotes.
    """
    if section.startswith("theme:"):
        if note.effective_placement == "examples":
            return 3
        return {"case_study": 1, "quote": 2}.get(note.kind, 0)
    if section == "threats":
        return 4 if note.kind == "quote" else _THREAT_GROUPS.get(note.kind, 3)
    if section == "next_steps":
        return 1 if note.kind == "quote" else 0
    return 0


def featured_in(notes: Sequence[CurationNote], section: str) -> list[CurationNote]:
    """The featured notes printed in ``section`` ("theme:<id>" or a placement), in print order."""
    if section.startswith("theme:"):
        theme_id = section.removeprefix("theme:")
        chosen = [
            n
            for n in notes
            if n.featured
            and theme_id in n.theme_ids
            and n.effective_placement in ("theme", "examples")
        ]
    else:
        chosen = [n for n in notes if n.featured and n.effective_placement == section]
    return sorted(chosen, key=lambda n: (print_group(n, section), *n.sort_key))


class FeaturedPanel(QWidget):
    """The section chooser and the featured items (``featuredView``) of that section.

    ``notes`` gives the event's notes (the notes panel keeps them); activating
    an item emits :attr:`noteActivated` so the page can select that note.
    """

    noteActivated = Signal(str)

    def __init__(
        self,
        operations: Operations,
        notes: Callable[[], Sequence[CurationNote]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.operations = operations
        self.ws = operations.workspace
        self.event_id: str | None = None
        self._notes = notes
        self.featured_model = FeaturedModel(self)
        self.featured_model.moveRequested.connect(self._move_featured_to, QUEUED)
        self._build()
        self.featured_up_action = make_action(
            self,
            self.tr("Move featured item up"),
            "Alt+Up",
            lambda: self.move_featured(-1),
            self.featured_view,
        )
        self.featured_down_action = make_action(
            self,
            self.tr("Move featured item down"),
            "Alt+Down",
            lambda: self.move_featured(1),
            self.featured_view,
        )

    def _build(self) -> None:
        self.section_combo = QComboBox()
        self.section_combo.setObjectName("sectionCombo")
        self.section_combo.setAccessibleName(self.tr("Theme or section to order"))
        self.section_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.section_combo.setMinimumContentsLength(12)
        self.section_combo.currentIndexChanged.connect(lambda _i: self.show_featured())
        self.featured_view = QListView()
        self.featured_view.setObjectName("featuredView")
        self.featured_view.setAccessibleName(self.tr("Featured in this theme or section"))
        self.featured_view.setModel(self.featured_model)
        self.featured_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.featured_view.setDragEnabled(True)
        self.featured_view.setAcceptDrops(True)
        self.featured_view.setDropIndicatorShown(True)
        self.featured_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.featured_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.featured_view.setWordWrap(True)
        self.featured_view.activated.connect(self._featured_activated)
        self.featured_empty = QLabel(
            self.tr("Nothing featured here yet — select notes and press Space to feature them.")
        )
        self.featured_empty.setObjectName("featuredEmpty")
        self.featured_empty.setWordWrap(True)
        self.featured_empty.setProperty("role", "empty")

        fl = QVBoxLayout(self)
        fl.setContentsMargins(4, 8, 8, 0)
        title = QLabel(self.tr("<b>Featured in this theme/section</b> (print order)"))
        title.setBuddy(self.section_combo)
        title.setWordWrap(True)
        fl.addWidget(title)
        fl.addWidget(self.section_combo)
        fl.addWidget(self.featured_view, 1)

    # --- state -------------------------------------------------------------------------

    def current_section(self) -> str | None:
        value = self.section_combo.currentData()
        return value if isinstance(value, str) else None

    def current_note_id(self) -> str | None:
        value = self.featured_view.currentIndex().data(Role.ID)
        return value if isinstance(value, str) else None

    def select_section(self, section: str | None) -> None:
        """Show ``section`` ("theme:<id>" or a placement) if the chooser has it."""
        if section is None:
            return
        index = self.section_combo.findData(section)
        if index >= 0:
            self.section_combo.setCurrentIndex(index)

    def fill_sections(self, themes: list[ThemeInfo]) -> None:
        combo = self.section_combo
        wanted = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            for t in themes:
                combo.addItem(self.tr("Theme {0}. {1}").format(t.number, t.title), f"theme:{t.id}")
            for key, label in SECTIONS:
                combo.addItem(self.tr(label), key)
            index = combo.findData(wanted)
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)

    def show_featured(self, keep: str | None = None) -> None:
        """List the section's featured notes, keeping ``keep`` (or the current item) current."""
        if keep is None:
            keep = self.current_note_id()
        section = self.current_section()
        self.featured_model.set_notes(featured_in(self._notes(), section) if section else [])
        row = self.featured_model.row_of(keep) if keep else -1
        if row >= 0:
            self.featured_view.setCurrentIndex(self.featured_model.index(row))
        self.update_empty_state()

    def update_empty_state(self) -> None:
        self.featured_empty.setVisible(self.featured_model.rowCount() == 0)

    # --- edits -------------------------------------------------------------------------

    def move_featured(self, step: int) -> None:
        index = self.featured_view.currentIndex()
        if not index.isValid():
            return
        note_id = index.data(Role.ID)
        if isinstance(note_id, str):
            self._move_featured_to(note_id, index.row() + step)

    def _move_featured_to(self, note_id: str, new_row: int) -> None:
        section = self.current_section()
        ids = self.featured_model.ids()
        if section is None or note_id not in ids or not 0 <= new_row < len(ids):
            return
        featured = self.featured_model.notes()
        moving = featured[ids.index(note_id)]
        if print_group(moving, section) != print_group(featured[new_row], section):
            return  # the report prints block by block: order within the block only
        old = list(ids)
        ids.remove(note_id)
        ids.insert(new_row, note_id)
        if ids == old or self.event_id is None:
            return
        if self.operations.push(sc.order(self.ws, self.event_id, section, ids)):
            self.featured_view.setCurrentIndex(self.featured_model.index(new_row))

    def _featured_activated(self, index: QModelIndex) -> None:
        note_id = index.data(Role.ID)
        if isinstance(note_id, str):
            self.noteActivated.emit(note_id)
