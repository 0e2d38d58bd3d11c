"""Pausing Python's garbage collector while many long-lived objects are made.

A full collection walks every tracked object of the process, and CPython starts
one each time the objects that survived the younger collections reach a quarter
of the old ones. Building the mention watchlist of a 20,000-person directory, or
loading an event's 10,000 notes with their details, sets off several in a row,
each walking the whole heap (a third to a half of the work). None of those
objects is garbage, so nothing is lost by waiting; objects that die meanwhile
are freed by reference counting as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside the block (restored after, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
