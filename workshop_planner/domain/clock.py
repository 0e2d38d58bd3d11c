"""A hybrid logical clock (HLC): stamps that order edits across laptops.

A wall clock cannot order edits from laptops whose clocks disagree: with one
laptop an hour slow, its later edit looks older. An HLC stamp is the physical
time (microseconds, the precision ``updated_at`` has), a logical counter and
the device id. Each local edit takes :meth:`Hlc.now`, which is never below a
stamp this workspace has seen; an import :meth:`Hlc.observe`\\ s the newest
stamp of the bundle. So an edit made after seeing another is always newer
than it, whatever the two wall clocks say.

A stamp is a fixed-width string, ``2026-12-02T07:16:04.123456Z/000003/<device>``,
so comparing two stamps as strings compares them as clocks (physical time,
then counter, then device id): readable in a bundle and sortable in SQL.
A row without a stamp (a bundle from an older version or another tool) falls
back to :func:`from_instant` of its ``updated_at``: counter 0, no device, so
it sorts before any HLC stamp of the same instant.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

_COUNTER_WIDTH = 6
#: the stamp format; the JSON Schema of the bundle uses the same pattern
STAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z/\d{6}/[0-9A-Za-z-]{0,64}$"
_STAMP = re.compile(STAMP_PATTERN)
_MAX_COUNTER = 10**_COUNTER_WIDTH - 1


_ZERO = timedelta(0)


def _instant_text(moment: datetime) -> str:
    if moment.utcoffset() != _ZERO:
        moment = moment.astimezone(UTC)
    # isoformat, not strftime: a merge of a big bundle makes one per object
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def make_stamp(moment: datetime, counter: int = 0, device: str = "") -> str:
    return f"{_instant_text(moment)}/{counter:0{_COUNTER_WIDTH}d}/{device}"


@lru_cache(maxsize=4096)  # the objects of a bundle share few instants
def from_instant(moment: datetime) -> str:
    """The stamp of an edit known only by its ``updated_at`` (no HLC with it)."""
    return make_stamp(moment)


def is_fallback(stamp: str) -> bool:
    """Whether ``stamp`` came from an ``updated_at`` alone (no device: two edits may share it)."""
    return stamp.endswith("/")


def is_stamp(text: Any) -> bool:
    return isinstance(text, str) and _STAMP.match(text) is not None


def physical(stamp: str) -> datetime:
    """The physical time of ``stamp`` (aware UTC)."""
    return datetime.strptime(stamp[:27], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _parts(stamp: str) -> tuple[str, int]:
    instant, counter, _device = stamp.split("/", 2)
    return instant, int(counter)


class Hlc:
    """One workspace's clock; thread-safe (a process may save from several threads)."""

    def __init__(self, device: str, last: str | None = None) -> None:
        self.device = device
        #: where physical time comes from (a test sets a laptop's clock an hour off here)
        self.wall: Callable[[], datetime] = lambda: datetime.now(UTC)
        self._lock = threading.Lock()
        self._instant = ""
        self._counter = 0
        if last is not None:
            self._instant, self._counter = _parts(last)

    def now(self, wall: datetime | None = None) -> str:
        """A stamp newer than every stamp made or observed before."""
        wall_text = _instant_text(wall or self.wall())
        with self._lock:
            if wall_text > self._instant:
                self._instant, self._counter = wall_text, 0
            elif self._counter < _MAX_COUNTER:
                self._counter += 1
            else:  # a million stamps in one microsecond: borrow the next one
                nudged = physical(self._instant).timestamp() + 1e-6
                self._instant = _instant_text(datetime.fromtimestamp(nudged, UTC))
                self._counter = 0
            return f"{self._instant}/{self._counter:0{_COUNTER_WIDTH}d}/{self.device}"

    def observe(self, stamp: str) -> None:
        """Move past ``stamp`` (seen in an import): the next :meth:`now` is newer."""
        instant, counter = _parts(stamp)
        with self._lock:
            if (instant, counter) > (self._instant, self._counter):
                self._instant, self._counter = instant, counter

    @property
    def last(self) -> str:
        with self._lock:
            return f"{self._instant}/{self._counter:0{_COUNTER_WIDTH}d}/{self.device}"


# --- a row's clock: ``{"at": stamp, "fields": {bundle key: stamp of a later change}}`` --


def with_fields(clock: dict[str, Any] | None, base: str, keys: Any, stamp: str) -> dict[str, Any]:
    """``clock`` after the fields ``keys`` changed at ``stamp``."""
    at = str((clock or {}).get("at") or base)
    fields = {**((clock or {}).get("fields") or {})}
    for key in keys:
        fields[key] = stamp
    return {"at": at, "fields": fields} if fields else {"at": at}
