"""The last gate before a row is written: every changed value keeps its column's limits.

Bundle imports and event fields check their values with :mod:`domain.limits`
and say which field is wrong; every other edit (a session title typed into the
agenda, a person's name, a note) reaches the database through the ORM, and
this flush hook checks it there with the same functions. Without it a 501
character title or a NUL would fail only on PostgreSQL, as an "unexpected"
error with SQL in it; with it both databases refuse the write in one sentence
and the transaction changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import UOWTransaction

from workshop_planner.domain.limits import column_problem
from workshop_planner.store.errors import ValueOutOfLimitsError


def _noun(model: type[Any]) -> str:
    """``FieldVisitAttendee`` → "field visit attendee"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def _changed_values(obj: Any, is_new: bool) -> list[tuple[str, Any]]:
    state = inspect(obj)
    values = []
    for attr in state.mapper.column_attrs:
        if is_new:
            value = state.dict.get(attr.key)
            if value is not None:
                values.append((attr.key, value))
            continue
        for value in state.attrs[attr.key].history.added:
            if value is not None:
                values.append((attr.key, value))
    return values


def check_values(
    db: DbSession, _flush: UOWTransaction | None = None, _instances: Any = None
) -> None:
    """Refuse the flush if any new or changed column value is out of its limits."""
    for is_new, objects in ((True, list(db.new)), (False, list(db.dirty))):
        for obj in objects:
            model = type(obj)
            for key, value in _changed_values(obj, is_new):
                problem = column_problem(model, key, value)
                if problem is not None:
                    field = key.replace("_", " ")
                    raise ValueOutOfLimitsError(
                        f"Not saved: the {_noun(model)}’s {field} {problem}."
                    )


def install() -> None:
    """Register the hook once for every ORM session of the process."""
    if not event.contains(DbSession, "before_flush", check_values):
        event.listen(DbSession, "before_flush", check_values)
