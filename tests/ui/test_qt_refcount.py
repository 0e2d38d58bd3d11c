"""Guard against Qt bindings that leak references to None (PySide6 6.12.0 on 3.11).

Such a leak aborts the app ("deallocating None") after a few thousand calls
that return no object, i.e. minutes of normal use.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget


def test_calls_returning_no_object_keep_none_alive(qapp: QApplication) -> None:
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        QObject().parent()
        widget.parentWidget()
        QApplication.focusWidget()
    assert sys.getrefcount(None) >= before - 50
