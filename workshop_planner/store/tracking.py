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


def _stamped_explicitly(obj: m.Tracked) -> bool:
    return bool(inspect(obj).attrs.updated_at.history.has_changes())


def _touch(db: DbSession, _flush: UOWTransaction, _instances: Any) -> None:
    now = utc_now()
    # Session.new/dirty/deleted build a fresh set on every access: take them once.
    new, dirty, deleted = list(db.new), list(db.dirty), list(db.deleted)
    for obj in dirty:
        if (
            isinstance(obj, m.Tracked)
            and db.is_modified(obj, include_collections=False)
            and not _stamped_explicitly(obj)
        ):
            obj.updated_at = now
    skip = {id(obj) for obj in new} | {id(obj) for obj in deleted}
    for obj in [*new, *dirty, *deleted]:
        owner = _owner(obj)
        if owner is None or id(owner) in skip:
            continue
        skip.add(id(owner))
        if not _stamped_explicitly(owner):
            owner.updated_at = now


def install() -> None:
    """Register the hook once for every ORM session of the process."""
    if not event.contains(DbSession, "before_flush", _touch):
        event.listen(DbSession, "before_flush", _touch)
