"""Fonts for WeasyPrint: the report's own fonts and nothing of the machine's.

WeasyPrint's :class:`~weasyprint.text.fonts.FontConfiguration` starts from the
machine's fontconfig setup, so a character our fonts lack (an emoji, a CJK
character, "★") or a generic family the user agent stylesheet asks for
(``monospace`` for ``code``) would silently pull in a system font, and the PDF
would embed a font we do not ship. :class:`ShippedFontsOnly` swaps in an
empty fontconfig configuration before any ``@font-face`` rule is loaded: the
only fonts are those the CSS loads (through the locked-down URL fetcher).

An empty configuration with no ``@font-face`` at all (a user template whose
``style.css`` is empty, or whose font files are missing) leaves Pango with no
font: it returns NULL fonts and WeasyPrint segfaults in
``pango_font_get_hb_face``. So every render also gets
:func:`shipped_fonts_css`, a stylesheet of its own declaring the shipped
fonts, whatever the template's CSS says; any family a template asks for that
is not loaded falls back to them.

A character none of those fonts has would be a missing glyph, and WeasyPrint
then gives that whole font a custom encoding that many PDF readers (pypdf)
cannot turn back into text. So the characters of a report that the shipped
fonts lack get a small generated font of their own
(:func:`missing_glyphs_font`): each is drawn as a box, keeps its Unicode
mapping, and the real fonts keep the plain identity encoding.
"""

from __future__ import annotations

import contextlib
import io
import logging
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from weasyprint.text.fonts import FontConfiguration

_log = logging.getLogger(__name__)

_declared = False


def _empty_fontconfig() -> Any | None:
    """A new, empty ``FcConfig*`` (no fonts, no rules), or None if unavailable."""
    global _declared
    from weasyprint.text.ffi import ffi, fontconfig

    if not _declared:
        # a newer WeasyPrint may declare it already
        with contextlib.suppress(Exception):
            ffi.cdef("FcConfig * FcConfigCreate (void);")
        _declared = True
    try:
        config = fontconfig.FcConfigCreate()
    except Exception as exc:  # a fontconfig without the symbol
        _log.debug("FcConfigCreate is unavailable: %s", exc)
        return None
    return None if config == ffi.NULL else config


#: The shipped font files and the face each is: (file, weight, style).
SHIPPED_FACES: tuple[tuple[str, int, str], ...] = (
    ("SourceSansPro-Light.ttf", 300, "normal"),
    ("SourceSansPro-Regular.ttf", 400, "normal"),
    ("SourceSansPro-It.ttf", 400, "italic"),
    ("SourceSansPro-Semibold.ttf", 600, "normal"),
    ("SourceSansPro-SemiboldIt.ttf", 600, "italic"),
    ("SourceSansPro-Bold.ttf", 700, "normal"),
    ("SourceSansPro-BoldIt.ttf", 700, "italic"),
)
#: Their family.
SHIPPED_FAMILY = "Source Sans Pro"


def shipped_fonts_css() -> str:
    """``@font-face`` rules for the shipped fonts (``fonts/…`` through the fetcher).

    The same rules as the shipped templates' (same URLs once resolved), so
    WeasyPrint loads each file once when a template declares them too.
    """
    return "\n".join(
        f'@font-face {{ font-family: "{SHIPPED_FAMILY}"; font-weight: {weight}; '
        f'font-style: {style}; src: url("fonts/{name}"); }}'
        for name, weight, style in SHIPPED_FACES
    )


class ShippedFontsOnly(FontConfiguration):  # type: ignore[misc]  # WeasyPrint is untyped
    """A font configuration that knows only the fonts ``@font-face`` adds."""

    #: False when the machine's fonts could not be shut out (old fontconfig)
    locked: bool

    def __init__(self) -> None:
        super().__init__()
        self.locked = False
        from weasyprint.text.ffi import ffi, fontconfig, pangoft2

        config = _empty_fontconfig()
        if config is None or not hasattr(self, "font_map"):
            _log.warning("Could not shut out the machine's fonts; reports may use them.")
            return
        pangoft2.pango_fc_font_map_set_config(ffi.cast("PangoFcFontMap *", self.font_map), config)
        # the font map keeps its own reference, as in FontConfiguration.__init__
        fontconfig.FcConfigDestroy(config)
        # WeasyPrint's add_font_face adds @font-face fonts to self._config: it must be
        # the configuration the font map uses, or no font is ever found.
        self._config = config
        self.locked = True


# --- characters no shipped font has ------------------------------------------------

#: The family of the generated font that draws characters our fonts lack.
MISSING_GLYPHS_FAMILY = "Workshop Planner Missing Glyphs"
#: Its file name under the report's ``fonts/`` folder (served from memory).
MISSING_GLYPHS_FILE = "_missing-glyphs.ttf"

#: Characters Pango may shape with whatever font its neighbours use: the
#: generated font must have them too, or that font loses its identity mapping.
_BLANKS = {0x20: 250, 0xA0: 250, 0x2009: 200, 0x202F: 200, 0x3000: 1000}
_ZERO_WIDTH = (0x200B, 0x200C, 0x200D, 0x2060, 0xFE0E, 0xFE0F)


@cache
def font_coverage(folder: Path) -> frozenset[int]:
    """Every code point some font file in ``folder`` has a glyph for."""
    from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

    covered: set[int] = set()
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".ttf", ".otf"):
            continue
        try:
            with TTFont(path, lazy=True) as font:
                covered.update(font.getBestCmap() or {})
        except (OSError, TTLibError) as exc:
            _log.debug("Skipping font %s: %s", path, exc)
    return frozenset(covered)


def missing_characters(text: str, covered: frozenset[int]) -> list[str]:
    """The visible characters of ``text`` that no font in ``covered`` draws."""
    found = set()
    for char in set(text):
        code = ord(char)
        if code in covered or code in _BLANKS or code in _ZERO_WIDTH:
            continue
        category = unicodedata.category(char)
        if category[0] in "CZ" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
            continue
        found.add(char)
    return sorted(found)


def _box(pen: Any, width: int) -> None:
    """An outlined rectangle, the usual picture of a missing glyph."""
    left, right, bottom, top, stroke = 70, width - 70, 0, 680, 55
    pen.moveTo((left, bottom))
    pen.lineTo((left, top))
    pen.lineTo((right, top))
    pen.lineTo((right, bottom))
    pen.closePath()
    pen.moveTo((left + stroke, bottom + stroke))
    pen.lineTo((right - stroke, bottom + stroke))
    pen.lineTo((right - stroke, top - stroke))
    pen.lineTo((left + stroke, top - stroke))
    pen.closePath()


def missing_glyphs_font(chars: list[str]) -> bytes:
    """A TrueType font drawing each of ``chars`` as a box, each its own glyph.

    Shaped with this font instead of a missing glyph, such characters keep
    their own Unicode mapping in the PDF (text extraction stays exact) and
    the report's real fonts keep WeasyPrint's identity encoding.
    """
    from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

    box_width = 600
    names = [".notdef", "space", "zerowidth"] + [f"u{ord(c):04X}" for c in chars]
    cmap = {ord(c): f"u{ord(c):04X}" for c in chars}
    cmap.update(dict.fromkeys(_ZERO_WIDTH, "zerowidth"))
    glyphs = {}
    metrics = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name not in ("space", "zerowidth"):
            _box(pen, box_width)
        glyphs[name] = pen.glyph()
        width = {"space": 250, "zerowidth": 0}.get(name, box_width)
        metrics[name] = (width, 0)
    blanks = []
    for code, width in _BLANKS.items():
        name = f"blank{code:04X}"
        blanks.append(name)
        cmap[code] = name
        glyphs[name] = TTGlyphPen(None).glyph()
        metrics[name] = (width, 0)
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names + blanks)
    builder.setupCharacterMap(cmap)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=900, descent=-250)
    builder.setupNameTable({"familyName": MISSING_GLYPHS_FAMILY, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=900, sTypoDescender=-250, usWinAscent=900, usWinDescent=250)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def missing_glyphs_css() -> str:
    """The ``@font-face`` rule that loads :func:`missing_glyphs_font` (via the fetcher)."""
    return (
        f'@font-face {{ font-family: "{MISSING_GLYPHS_FAMILY}"; '
        f'src: url("fonts/{MISSING_GLYPHS_FILE}"); }}'
    )
