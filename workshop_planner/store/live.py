"""Announcing commits on a PostgreSQL workspace (``NOTIFY``) and hearing them (``LISTEN``).

Every ORM transaction on a team workspace notes which tables it touched, per
event, as it flushes; just before it commits it sends them with
``pg_notify`` inside the same transaction, so the notification is delivered
when, and only when, the change is committed. The payload is compact JSON::

    {"s": "<sender>", "c": {"<event id>": ["notes", "note_themes"], "": ["people"]}}

(``""``: not about one event). The services turn the tables into the
:class:`~workshop_planner.services.changes.Changes` every page follows (the
store cannot import them). The same channel carries the services' own
messages (who is working where), sent with :func:`notify`.

The channel is named after the database and the schema, so two workspaces
on one server (or parallel test schemas) never hear each other.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import ORMExecuteState, UOWTransaction
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import models as m
from workshop_planner.store.tracking import owner_of

#: session.info key: the :class:`Announcer` of the workspace the session writes to
ANNOUNCER = "workshop_planner.announcer"
_TOUCHED = "workshop_planner.touched"
#: PostgreSQL refuses payloads of 8000 bytes or more
MAX_PAYLOAD = 7900
#: the key of changes that are not about one event
NO_EVENT = ""


@dataclass(frozen=True)
class Announcer:
    """Where a workspace announces its commits, and as whom."""

    channel: str
    #: tells this workspace's own notifications from others' (one per open workspace)
    sender: str


def channel_name(database: str, schema: str) -> str:
    """The channel of one workspace: a short, valid identifier."""
    digest = hashlib.sha256(f"{database}/{schema}".encode()).hexdigest()[:16]
    return f"workshop_planner_{digest}"


def announcer_for(conn: Connection) -> Announcer:
    """The announcer of the PostgreSQL workspace ``conn`` is connected to."""
    database, schema = conn.execute(text("SELECT current_database(), current_schema()")).one()
    return Announcer(channel_name(str(database), str(schema or "")), uuid.uuid4().hex[:12])


# --- collecting what a transaction touched -----------------------------------


def _event_of(db: DbSession, obj: Any) -> str:
    """The event ``obj`` belongs to, without a query; :data:`NO_EVENT` when unknown."""
    if isinstance(obj, m.Event):
        return obj.id or NO_EVENT
    owner: Any = obj
    if not hasattr(owner, "event_id"):
        owner = owner_of(obj)
    if owner is None:
        note_id = getattr(obj, "note_id", None)  # a note's history rows
        owner = db.identity_map.get(db.identity_key(m.Note, note_id)) if note_id else None
    event_id = getattr(owner, "event_id", None) if owner is not None else None
    return event_id if isinstance(event_id, str) else NO_EVENT


def _touched(db: DbSession) -> dict[str, set[str]]:
    return db.info.setdefault(_TOUCHED, {})  # type: ignore[no-any-return]


def _collect(db: DbSession, _flush: UOWTransaction) -> None:
    # after_flush: new/dirty/deleted still show what this flush wrote
    if ANNOUNCER not in db.info:
        return
    touched = _touched(db)
    for obj in [*db.new, *db.dirty, *db.deleted]:
        table = getattr(type(obj), "__tablename__", None)
        if table is not None and (obj not in db.dirty or db.is_modified(obj)):
            touched.setdefault(_event_of(db, obj), set()).add(table)


def _collect_statement(state: ORMExecuteState) -> None:
    """Bulk ``UPDATE``/``DELETE``/``INSERT`` statements bypass the flush: note their table."""
    if ANNOUNCER not in state.session.info:
        return
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if isinstance(name, str):
            _touched(state.session).setdefault(NO_EVENT, set()).add(name)


def _announce(db: DbSession) -> None:
    announcer = db.info.get(ANNOUNCER)
    if announcer is None:
        return
    db.flush()  # before_commit runs before the last flush: take its tables too
    touched = db.info.pop(_TOUCHED, None)
    if not touched:
        return
    changes = {event_id: sorted(tables) for event_id, tables in sorted(touched.items())}
    payload = _payload(announcer.sender, changes)
    db.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": announcer.channel, "payload": payload},
    )


def _payload(sender: str, changes: dict[str, list[str]]) -> str:
    payload = json.dumps({"s": sender, "c": changes}, separators=(",", ":"))
    if len(payload.encode()) > MAX_PAYLOAD:  # many events at once: say which tables only
        tables = sorted({table for names in changes.values() for table in names})
        payload = json.dumps({"s": sender, "c": {NO_EVENT: tables}}, separators=(",", ":"))
    return payload


def _forget(db: DbSession, *_args: Any) -> None:
    db.info.pop(_TOUCHED, None)


def install() -> None:
    """Register the hooks once for every ORM session of the process.

    They act only in sessions whose ``info`` holds an :data:`ANNOUNCER`
    (the write sessions of a PostgreSQL workspace).
    """
    if not event.contains(DbSession, "after_flush", _collect):
        event.listen(DbSession, "after_flush", _collect)
        event.listen(DbSession, "do_orm_execute", _collect_statement)
        event.listen(DbSession, "before_commit", _announce)
        event.listen(DbSession, "after_soft_rollback", _forget)


# --- sending and hearing ---------------------------------------------------


def notify(engine: Engine, announcer: Announcer, message: dict[str, Any]) -> None:
    """Send ``message`` (with the sender added) on the workspace's channel."""
    payload = json.dumps({"s": announcer.sender, **message}, separators=(",", ":"))
    with engine.begin() as conn:
        conn.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": announcer.channel, "payload": payload},
        )


class Listener:
    """A connection of its own that ``LISTEN``s on a workspace's channel.

    :meth:`receive` waits up to ``timeout`` seconds and returns the payloads
    that arrived (parsed JSON), so a thread can stop between two waits.
    """

    def __init__(self, engine: Engine, announcer: Announcer) -> None:
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        self._conn = psycopg.connect(*args, **kwargs, autocommit=True)
        self._conn.execute(
            psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(announcer.channel))
        )

    def receive(self, timeout: float) -> list[dict[str, Any]]:
        """The next message (more if several arrived together); [] after ``timeout`` s."""
        messages = []
        for notice in self._conn.notifies(timeout=timeout, stop_after=1):
            try:
                message = json.loads(notice.payload)
            except ValueError:
                continue  # not one of ours
            if isinstance(message, dict):
                messages.append(message)
        return messages

    def close(self) -> None:
        self._conn.close()
