"""Keeping ``updated_at`` honest: every change to an object bumps it.

Bundles merge by "newest ``updated_at`` wins", so a service that forgot to
touch the timestamp would silently lose an edit. This flush hook stamps every
changed object, and the owner of a changed detail row (a quote's speaker, a
session's people, a field visit's attendees, the report settings), unless the
change set ``updated_at`` itself — as a bundle import does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import UOWTransaction

from workshop_planner.domain import models as m
from workshop_planner.domain.types import utc_now


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

_STAMPED = "workshop_planner.stamped"


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


def _stamp(db: DbSession, obj: m.Tracked, now: Any) -> None:
    obj.updated_at = now
    _stamped(db).add(id(obj))


def _touch(db: DbSession, _flush: UOWTransaction, _instances: Any) -> None:
    now = utc_now()
    # Session.new/dirty/deleted build a fresh set on every access: take them once.
    new, dirty, deleted = list(db.new), list(db.dirty), list(db.deleted)
    for obj in new:
        if isinstance(obj, m.Tracked):
            _stamped(db).add(id(obj))
    for obj in dirty:
        if (
            isinstance(obj, m.Tracked)
            and db.is_modified(obj, include_collections=False)
            and not _stamped_explicitly(db, obj)
        ):
            _stamp(db, obj, now)
    skip = {id(obj) for obj in new} | {id(obj) for obj in deleted}
    for obj in [*new, *dirty, *deleted]:
        owner = _owner(obj)
        if owner is None or id(owner) in skip:
            continue
        skip.add(id(owner))
        if not _stamped_explicitly(db, owner):
            _stamp(db, owner, now)


def _forget(db: DbSession, *_args: Any) -> None:
    db.info.pop(_STAMPED, None)


def install() -> None:
    """Register the hooks once for every ORM session of the process."""
    if not event.contains(DbSession, "before_flush", _touch):
        event.listen(DbSession, "before_flush", _touch)
        event.listen(DbSession, "after_commit", _forget)
        event.listen(DbSession, "after_soft_rollback", _forget)
