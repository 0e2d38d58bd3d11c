"""Icons, all from one set (Material Design Icons 6, the font qtawesome ships).

The window's own icons (tabs, menus, toolbar) are drawn here from that font
with a small icon engine: importing qtawesome loads a dozen fonts and its Qt
compatibility layer, a quarter of a second the first screen does without.
Icons are drawn as qtawesome draws them by default (the glyph as text, 7/8 of
the icon's height, in the palette's text colour or the one given).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

#: the font and its name → code point map, as qtawesome names them (with a version)
FONT_GLOB = "materialdesignicons6-webfont-*.ttf"
CHARMAP_GLOB = "materialdesignicons6-webfont-charmap-*.json"


def _fonts_folder() -> Path:
    """qtawesome's font folder, found without importing qtawesome."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The icon font is missing: qtawesome is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@cache
def _charmap() -> dict[str, str]:
    path = next(_fonts_folder().glob(CHARMAP_GLOB))
    codes: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return {name: chr(int(code, 16)) for name, code in codes.items()}


@cache
def _family() -> str:
    path = next(_fonts_folder().glob(FONT_GLOB))
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise RuntimeError(f"The icon font {path.name} could not be loaded.")
    return families[0]


class GlyphIconEngine(QIconEngine):
    """One glyph of the icon font, in ``colour`` or the text colour of the palette
    (disabled: the palette's disabled text colour, as qtawesome draws it).

    Like qtawesome's engine it has no ``clone``: an engine Python made for Qt to
    keep would have to outlive its Python owner; icons are never modified here.
    """

    def __init__(self, char: str, colour: str | None = None) -> None:
        super().__init__()
        self.char = char
        self.colour = colour

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled
            else QPalette.ColorGroup.Active
        )
        if self.colour is not None and mode != QIcon.Mode.Disabled:
            colour = QColor(self.colour)
        elif QGuiApplication.instance() is not None:
            colour = QGuiApplication.palette().color(group, QPalette.ColorRole.Text)
        else:
            colour = QColor(50, 50, 50)
        font = QFont(_family())
        # as qtawesome: a 16 px icon has a 14 px glyph (room for the font's bearing)
        font.setPixelSize(max(1, round(0.875 * rect.height())))
        painter.save()
        painter.setPen(colour)
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap


@cache
def icon(name: str, color: str | None = None) -> QIcon:
    """The ``mdi6`` icon called ``name`` (``"calendar-plus"``, or as qtawesome spells
    it, ``"mdi6.calendar-plus"``), in ``color`` (e.g. ``"#b00020"``) or the text colour."""
    bare = name.removeprefix("mdi6.")
    char = _charmap().get(bare)
    if char is None:
        raise ValueError(f"There is no icon named “{bare}” in Material Design Icons 6.")
    return QIcon(GlyphIconEngine(char, color))
