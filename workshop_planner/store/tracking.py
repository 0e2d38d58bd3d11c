"""Keeping stamps honest: every change to an object stamps it with the workspace clock.

Bundles merge field by field, "newest stamp wins", so a service that forgot
to stamp would silently lose an edit. This flush hook stamps every changed
object, and the owner of a changed detail row (a quote's speaker, a session's
people, a field visit's attendees, the report settings), unless the change
set ``updated_at`` itself — as a bundle import does. The stamp is one
hybrid-logical-clock stamp per flush (``domain/clock.py``): it goes to the
fields that changed (``clock``), and its physical time to ``updated_at``. A
deleted row leaves a tombstone with that stamp, so an import does not bring
it back; a row created again with the same id takes its tombstone away.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import UOWTransaction
from sqlalchemy.pool import Pool

from workshop_planner.domain import clock as hlc
from workshop_planner.domain import fields as fd
from workshop_planner.domain import models as m


def _owner(obj: Any) -> m.Tracked | None:
    """The tracked object a detail row belongs to."""
    if isinstance(obj, m.QuoteDetails | m.CaseStudy | m.CityExample | m.Resource | m.NoteTheme):
        return obj.note
    if isinstance(obj, m.SessionPerson | m.FieldVisit):
        return obj.session
    if isinstance(obj, m.FieldVisitAttendee):
        visit = obj.field_visit
        return visit.session if visit is not None else None
    if isinstance(obj, m.ReportSettings):
        return obj.event
    return None


#: the owner of a detail row, as other hooks (store/live.py) need it too
owner_of = _owner

#: the bundle key under which a detail row travels inside its owner
_DETAIL_KEYS: dict[type[Any], str] = {
    m.NoteTheme: "themes",
    m.QuoteDetails: "quote",
    m.CaseStudy: "case_study",
    m.CityExample: "example",
    m.Resource: "resource",
    m.SessionPerson: "people",
    m.FieldVisit: "field_visit",
    m.FieldVisitAttendee: "field_visit",
    m.ReportSettings: "report",
}

#: the bundle collection of each tracked model (tombstones name it)
COLLECTIONS: dict[type[Any], str] = {
    m.Organisation: "organisations",
    m.Person: "people",
    m.Event: "event",
    m.Participant: "participants",
    m.Session: "sessions",
    m.Theme: "themes",
    m.Note: "notes",
    m.Partner: "partners",
    m.Contact: "contacts",
}

_DECLARED: dict[type[Any], fd.Fields] = {d.model: d for d in fd.ALL}


def field_keys(obj: m.Tracked, names: Iterable[str]) -> list[str]:
    """The bundle keys of the changed attributes ``names`` (local columns have none)."""
    declared = _DECLARED.get(type(obj))
    if declared is None:
        return []
    return [declared.key(n) for n in names if n in declared.bundle]


# --- the workspace clock ----------------------------------------------------------

#: by connection pool: the engines of one workspace (with their options) share it
_CLOCKS: weakref.WeakKeyDictionary[Pool, hlc.Hlc] = weakref.WeakKeyDictionary()
_CLOCKS_LOCK = threading.Lock()


def workspace_clock(db: DbSession) -> hlc.Hlc:
    """The clock of the workspace ``db`` writes to, read once per process from ``clock_state``."""
    conn = db.connection()
    pool = conn.engine.pool
    with _CLOCKS_LOCK:
        found = _CLOCKS.get(pool)
    if found is not None:
        return found
    state = _clock_row(conn)
    made = hlc.Hlc(state[0], state[1] or None)
    with _CLOCKS_LOCK:
        return _CLOCKS.setdefault(pool, made)


def _clock_row(conn: Connection) -> tuple[str, str]:
    row = conn.execute(select(m.ClockState.device, m.ClockState.high).limit(1)).first()
    if row is None:  # a workspace made without the migrations (a copy of the tables)
        device = str(uuid.uuid4())
        conn.execute(insert(m.ClockState).values(device=device, high=""))
        return device, ""
    return str(row.device), str(row.high)


def advance_clock(db: DbSession, seen: str) -> None:
    """Move the workspace clock past ``seen`` (the newest stamp of an import), for good."""
    clock = workspace_clock(db)
    clock.observe(seen)
    db.execute(
        update(m.ClockState)
        .where(m.ClockState.device == clock.device, m.ClockState.high < seen)
        .values(high=seen)
    )


# --- the flush hook ------------------------------------------------------------------

_STAMPED = "workshop_planner.stamped"
#: ids per ``IN (…)``: far below SQLite's and PostgreSQL's limits on bound values
_CHUNK = 5000
_SKIPPED = {"updated_at", "version", "clock"}


def _stamped(db: DbSession) -> set[int]:
    """Objects whose ``updated_at`` was set in this transaction (by anyone).

    Kept across flushes: an import sets ``updated_at`` and then autoflushes more
    than once; a later flush must not overwrite the imported stamp with "now".
    """
    return db.info.setdefault(_STAMPED, set())  # type: ignore[no-any-return]


def _stamped_explicitly(db: DbSession, obj: m.Tracked) -> bool:
    if id(obj) in _stamped(db):
        return True
    if inspect(obj).attrs.updated_at.history.has_changes():
        _stamped(db).add(id(obj))
        return True
    return False


class _Stamp:
    """One stamp for a whole flush, taken only when something needs it."""

    def __init__(self, db: DbSession) -> None:
        self.db = db
        self._value: str | None = None

    @property
    def value(self) -> str:
        if self._value is None:
            self._value = workspace_clock(self.db).now()
        return self._value


def _stamp(db: DbSession, obj: m.Tracked, stamp: _Stamp, keys: Iterable[str]) -> None:
    keys = list(keys)
    if keys:
        # a row without a clock: its other fields are as new as its updated_at
        base = hlc.from_instant(obj.updated_at) if obj.clock is None else stamp.value
        obj.clock = hlc.with_fields(obj.clock, base, keys, stamp.value)
    obj.updated_at = hlc.physical(stamp.value)
    _stamped(db).add(id(obj))


def _changed(obj: Any) -> list[str]:
    state = inspect(obj)
    return [
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in _SKIPPED and state.attrs[attr.key].history.has_changes()
    ]


def _touch(db: DbSession, _flush: UOWTransaction, _instances: Any) -> None:
    stamp = _Stamp(db)
    # Session.new/dirty/deleted build a fresh set on every access: take them once.
    new, dirty, deleted = list(db.new), list(db.dirty), list(db.deleted)
    for obj in new:
        if isinstance(obj, m.Tracked):
            if not _stamped_explicitly(db, obj):
                obj.updated_at = hlc.physical(stamp.value)
                if obj.clock is None:
                    obj.clock = {"at": stamp.value}
            _stamped(db).add(id(obj))
    for obj in dirty:
        if (
            isinstance(obj, m.Tracked)
            and db.is_modified(obj, include_collections=False)
            and not _stamped_explicitly(db, obj)
        ):
            _stamp(db, obj, stamp, field_keys(obj, _changed(obj)))
    skip = {id(obj) for obj in new} | {id(obj) for obj in deleted}
    for obj in [*new, *dirty, *deleted]:
        owner = _owner(obj)
        if owner is None or id(owner) in skip:
            continue
        skip.add(id(owner))
        if not _stamped_explicitly(db, owner):
            _stamp(db, owner, stamp, [_DETAIL_KEYS[type(obj)]])
    _bury(db, stamp, deleted, new)


def _bury(db: DbSession, stamp: _Stamp, deleted: list[Any], new: list[Any]) -> None:
    """Tombstones for deleted tracked rows; none for rows (re)created with their id."""
    gone = [obj for obj in deleted if type(obj) in COLLECTIONS]
    back = [obj.id for obj in new if type(obj) in COLLECTIONS and obj.id is not None]
    if not gone and not back:
        return
    conn = db.connection()
    ids = [obj.id for obj in gone] + back
    for start in range(0, len(ids), _CHUNK):
        conn.execute(delete(m.Tombstone).where(m.Tombstone.id.in_(ids[start : start + _CHUNK])))
    if gone:
        conn.execute(
            insert(m.Tombstone),
            [
                {
                    "id": obj.id,
                    "collection": COLLECTIONS[type(obj)],
                    "event_id": obj.id
                    if isinstance(obj, m.Event)
                    else getattr(obj, "event_id", None),
                    "stamp": stamp.value,
                }
                for obj in gone
            ],
        )


def _forget(db: DbSession, *_args: Any) -> None:
    db.info.pop(_STAMPED, None)


def install() -> None:
    """Register the hooks once for every ORM session of the process."""
    if not event.contains(DbSession, "before_flush", _touch):
        event.listen(DbSession, "before_flush", _touch)
        event.listen(DbSession, "after_commit", _forget)
        event.listen(DbSession, "after_soft_rollback", _forget)
