"""Optimistic concurrency: no edit based on an old version of a row is saved silently.

Every editable row has a ``version`` (``Tracked.version``; SQLAlchemy's
``version_id_col`` bumps it on each UPDATE). An editor keeps the version it
loaded and hands it back with its edit; :func:`check_version` refuses the
edit with :class:`StaleEditError` when the row moved on. The row is read
under a lock (:func:`locked`: ``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` already serialises writers), so the check and the write
see the same row; the ``WHERE version = …`` of the UPDATE is the last line of
defence, turned into the same error by :func:`refusing_stale_writes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm.exc import StaleDataError

from workshop_planner.domain.models import Tracked
from workshop_planner.services.errors import NotFoundError, StaleEditError
from workshop_planner.store import Workspace

T = TypeVar("T", bound=Tracked)


def locked(db: DbSession, model: type[T], row_id: str, missing: str) -> T:
    """The row, locked against other writers until the transaction ends."""
    row = db.get(model, row_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFoundError(missing)
    return row


def keep_version(db: DbSession, row: Tracked, version: int) -> None:
    """A deleted row put back (an undo) takes the version it had, not 1 again.

    An INSERT always starts at 1; with its old version back, an editor that
    showed the row before the deletion is judged as before: the version it
    showed passes (the row is as it was), an older one is refused.
    """
    if version > 1:
        db.flush()
        row.version = version
        db.flush()


def check_version(
    row: Tracked,
    version: int | None,
    noun: str,
    changes: Callable[[], Iterable[str]] = tuple,
) -> None:
    """Refuse an edit based on ``version`` when ``row`` is newer.

    None or 0 (a snapshot that did not come from the row) checks nothing.
    ``changes`` names what changed since (called only on a refusal).
    """
    if version and row.version != version:
        raise StaleEditError(noun, tuple(changes()), version=row.version)


def changed_fields(
    base: Mapping[str, Any], current: Mapping[str, Any], labels: Mapping[str, str]
) -> list[str]:
    """The labels of the fields whose value differs between ``base`` and ``current``."""
    said: list[str] = []
    for name, label in labels.items():
        if name in base and base.get(name) != current.get(name) and label not in said:
            said.append(label)
    return said


def edited(labels: Iterable[str]) -> dict[str, str]:
    """``{"title": "title edited", …}``: the usual way to say a field changed."""
    return {name: f"{name.replace('_', ' ')} edited" for name in labels}


@contextmanager
def refusing_stale_writes(workspace: Workspace, noun: str) -> Iterator[DbSession]:
    """``workspace.transaction()``, an UPDATE of a row changed meanwhile refused.

    The UPDATE's ``WHERE version = …`` matched nothing: another writer
    committed first (a race the row lock normally prevents).
    """
    try:
        with workspace.transaction() as db:
            yield db
    except StaleDataError as exc:
        raise StaleEditError(noun, version=None) from exc
