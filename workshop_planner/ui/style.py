"""The app's look: Fusion, a calm light palette, a dark one when the system is dark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

#: The spacing unit: layouts use multiples of it.
UNIT = 4

ACCENT = "#2f6f8f"
ERROR = "#b3261e"

_LIGHT = {
    QPalette.ColorRole.Window: "#f4f5f7",
    QPalette.ColorRole.WindowText: "#1f2328",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f7f8fa",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1f2328",
    QPalette.ColorRole.PlaceholderText: "#8a9099",
    QPalette.ColorRole.Text: "#1f2328",
    QPalette.ColorRole.Button: "#eceef1",
    QPalette.ColorRole.ButtonText: "#1f2328",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: ACCENT,
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#1d5f80",
    QPalette.ColorRole.Mid: "#c9cdd3",
    QPalette.ColorRole.Midlight: "#e3e6ea",
    QPalette.ColorRole.Dark: "#a3a9b1",
    QPalette.ColorRole.Shadow: "#6b7280",
}

_DARK = {
    QPalette.ColorRole.Window: "#202327",
    QPalette.ColorRole.WindowText: "#e6e8eb",
    QPalette.ColorRole.Base: "#17191c",
    QPalette.ColorRole.AlternateBase: "#1d2024",
    QPalette.ColorRole.ToolTipBase: "#2a2e33",
    QPalette.ColorRole.ToolTipText: "#e6e8eb",
    QPalette.ColorRole.PlaceholderText: "#7d848d",
    QPalette.ColorRole.Text: "#e6e8eb",
    QPalette.ColorRole.Button: "#2a2e33",
    QPalette.ColorRole.ButtonText: "#e6e8eb",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#4b8fb3",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7cc0e3",
    QPalette.ColorRole.Mid: "#3a3f45",
    QPalette.ColorRole.Midlight: "#30343a",
    QPalette.ColorRole.Dark: "#121416",
    QPalette.ColorRole.Shadow: "#000000",
}

_SHEET = """
QListView#eventList { border: none; padding: 4px; background: palette(base); }
QLabel[role="heading"] { font-size: 15pt; font-weight: 600; }
QLabel[role="subheading"] { font-weight: 600; }
QLabel[role="hint"] { color: palette(placeholder-text); }
QLabel[role="error"] { color: %(error)s; }
QLabel[role="empty"] { color: palette(placeholder-text); font-size: 12pt; }
QFrame[role="card"] { background: palette(base); border: 1px solid palette(mid);
                      border-radius: 6px; }
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"] {
    border: 1px solid %(error)s; border-radius: 3px; }
QTabBar::tab { padding: 6px 16px; }
"""


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def palette(dark: bool) -> QPalette:
    pal = QPalette()
    for role, colour in (_DARK if dark else _LIGHT).items():
        pal.setColor(role, QColor(colour))
    disabled = QColor("#6b7280" if dark else "#9aa0a8")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def apply_style(app: QApplication, *, dark: bool | None = None) -> None:
    """Fusion with our palette; follows the system's light/dark scheme when it changes."""
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(palette(system_is_dark() if dark is None else dark))
    app.setStyleSheet(_SHEET % {"error": ERROR})
    if dark is None:
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: app.setPalette(palette(system_is_dark())))
