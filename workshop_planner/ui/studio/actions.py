"""One helper that builds the studio's keyboard actions.

Shared by the themes, notes and featured panels so every action is made the
same way (shortcut, context, icon) without repeating the boilerplate.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from workshop_planner.ui.icons import icon


def make_action(
    owner: QObject,
    text: str,
    keys: str | QKeySequence.StandardKey | None,
    slot: Callable[[], None],
    widget: QWidget | None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut,
    icon_name: str | None = None,
) -> QAction:
    """An action owned by ``owner`` whose shortcut works on ``widget`` (added to it if given)."""
    action = QAction(text, owner)
    if icon_name:
        action.setIcon(icon(icon_name))
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(context)
    action.triggered.connect(lambda _c=False: slot())
    if widget is not None:
        widget.addAction(action)
    return action
