"""Work around a reference-count bug of PySide6 6.12 on Python 3.11.

Every Qt call that returns a null object pointer as ``None`` (``parent()``,
``QApplication.focusWidget()``, ``focusChanged(None, w)`` …) drops one
reference to ``None`` that it never took. Python 3.12+ makes ``None`` immortal,
so nothing happens there; on 3.11 ``None``'s count runs down by one per call
and the process aborts with "none_dealloc: deallocating None" after a few
thousand of them — minutes of live note-taking. Giving ``None`` a huge count
once makes it as immortal as 3.12 does.
"""

from __future__ import annotations

import ctypes
import sys

_PIN = 1 << 40


def pin_none() -> None:
    """Make ``None`` practically immortal (idempotent; no-op where unneeded)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    # ob_refcnt is the first field of every CPython object.
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < _PIN:
        refcount.value += _PIN
