"""How each kind of note looks in capture mode: label, colour, icon, key."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from workshop_planner.domain.enums import NoteKind


@dataclass(frozen=True)
class KindStyle:
    kind: NoteKind
    label: str
    colour: str
    icon: str
    #: the digit of its Ctrl+digit key
    key: int


def _tr(text: str) -> str:
    return QCoreApplication.translate("NoteKind", text)


_STYLES: tuple[tuple[NoteKind, str, str, str, int], ...] = (
    (NoteKind.OBSERVATION, "Observation", "#5b6b7a", "mdi6.eye-outline", 1),
    (NoteKind.QUOTE, "Quote", "#7a5ba6", "mdi6.format-quote-close", 2),
    (NoteKind.CASE_STUDY, "Case study", "#2e7d78", "mdi6.city-variant-outline", 3),
    (NoteKind.THREAT, "Threat", "#b0433c", "mdi6.alert-octagon-outline", 4),
    (NoteKind.CHALLENGE, "Challenge", "#bb6a26", "mdi6.puzzle-outline", 5),
    (NoteKind.NEED, "Need", "#9a7f12", "mdi6.hand-heart-outline", 6),
    (NoteKind.RECOMMENDATION, "Recommendation", "#3d8a4c", "mdi6.lightbulb-on-outline", 7),
    (NoteKind.NEXT_STEP, "Next step", "#2f69ad", "mdi6.arrow-right-circle-outline", 8),
    (NoteKind.EXAMPLE, "Example", "#2a86a3", "mdi6.map-marker-outline", 9),
    (NoteKind.RESOURCE, "Resource", "#87664a", "mdi6.book-open-variant", 0),
)


def kind_style(kind: NoteKind | str) -> KindStyle:
    try:
        wanted = NoteKind(kind)
    except ValueError:
        wanted = NoteKind.OBSERVATION
    for k, label, colour, icon, key in _STYLES:
        if k is wanted:
            return KindStyle(k, _tr(label), colour, icon, key)
    raise AssertionError(wanted)  # pragma: no cover - every kind has a style


def all_kind_styles() -> list[KindStyle]:
    return [kind_style(k) for k, *_ in _STYLES]


def kind_for_key(digit: int) -> NoteKind | None:
    for k, *_rest, key in _STYLES:
        if key == digit:
            return k
    return None


def chip_colours(kind: NoteKind | str) -> tuple[QColor, QColor]:
    """Background and text colours of a kind's chip."""
    base = QColor(kind_style(kind).colour)
    background = QColor(base)
    background.setAlpha(36)
    return background, base.darker(115)
