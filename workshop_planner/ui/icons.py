"""Icons, all from one set (Material Design Icons 6 via qtawesome)."""

from __future__ import annotations

from functools import cache

import qtawesome
from PySide6.QtGui import QIcon


@cache
def icon(name: str) -> QIcon:
    """The ``mdi6`` icon called ``name`` (e.g. ``"calendar-plus"``)."""
    return qtawesome.icon(f"mdi6.{name}")  # type: ignore[no-any-return]
