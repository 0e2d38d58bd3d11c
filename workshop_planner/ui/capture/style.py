"""The capture page's style sheet (colours from the palette, kinds' own colours)."""

from __future__ import annotations

CAPTURE_STYLE = """
QLabel[role="hint"] { color: palette(placeholder-text); }
QLabel[role="caption"] { color: palette(placeholder-text); }
QLabel[role="empty"] { color: palette(placeholder-text); font-size: 11pt; }
QLabel[role="error"] {
    background: #fbe9e7; color: #8a2a1c; border: 1px solid #f0c2b8;
    border-radius: 4px; padding: 6px 8px;
}
QFrame#captureAuthorBar {
    background: #fff6db; border: 1px solid #ecd48a; border-radius: 6px;
}
QFrame#captureComposer, QFrame#captureNotesCard {
    border: 1px solid palette(mid); border-radius: 6px; background: palette(base);
}
QPlainTextEdit#captureEditor {
    border: none; background: palette(base); font-size: 11pt;
}
QToolButton[kindColour] {
    border: 1px solid transparent; border-radius: 10px; padding: 2px 8px;
    color: palette(placeholder-text);
}
QToolButton[kindColour]:hover { border-color: palette(mid); }
QToolButton[themeButton="true"] {
    border: 1px solid palette(mid); border-radius: 10px; padding: 2px 8px;
    color: palette(placeholder-text);
}
QToolButton[themeButton="true"]:checked {
    background: #e6eef8; border-color: #2f69ad; color: #1f4f8a;
}
"""
