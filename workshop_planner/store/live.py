"""Announcing a workspace's commits to the other windows on it, and hearing theirs.

Every ORM transaction on an announcing workspace notes which tables it
touched, per event, as it flushes. On PostgreSQL (always announcing) it sends
them with ``pg_notify`` just before it commits, inside the same transaction,
so the notification is delivered when, and only when, the change is
committed; windows hear them with ``LISTEN``. A SQLite file announces once a
window asks (:meth:`Workspace.announce_commits`): the message is appended,
after the commit, to a small file beside the workspace
(``NAME.sqlite3.changes``) that the other windows' listeners poll. The
payload is compact JSON, one message a line in the file::

    {"s": "<sender>", "c": {"<event id>": ["notes", "note_themes"], "": ["people"]}}

(``""``: not about one event). The services turn the tables into the
:class:`~workshop_planner.services.changes.Changes` every page follows (the
store cannot import them). The same channel carries the services' own
messages (who is working where), sent with :func:`notify`.

The channel is named after the database and the schema, so two workspaces
on one server (or parallel test schemas) never hear each other.

The messages are hints to refresh, never data: one lost (a crash between a
SQLite commit and its append, a full disk) only means a page refreshes later.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import ORMExecuteState, UOWTransaction
from sqlalchemy.orm import Session as DbSession

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

#: session.info key: the :class:`Outbox` of the workspace the session writes to
OUTBOX = "workshop_planner.outbox"
_TOUCHED = "workshop_planner.touched"
_PENDING = "workshop_planner.pending_announcement"
#: PostgreSQL refuses payloads of 8000 bytes or more
MAX_PAYLOAD = 7900
#: the key of changes that are not about one event
NO_EVENT = ""
#: the file beside a SQLite workspace that carries its messages
CHANGES_SUFFIX = ".changes"
#: the file starts again when it grows past this (listeners read within a fraction of a second)
MAX_FILE = 256 * 1024
#: how often a listener looks at the file
FILE_POLL_S = 0.1


@dataclass(frozen=True)
class Announcer:
    """Where a workspace announces its commits, and as whom."""

    #: the PostgreSQL channel, or the path of the SQLite workspace's changes file
    channel: str
    #: tells this workspace's own notifications from others' (one per open workspace)
    sender: str
    #: True: ``channel`` is a file beside a SQLite workspace
    on_file: bool = False


@dataclass
class Outbox:
    """A workspace's announcing state, shared with its write sessions (None: silent)."""

    announcer: Announcer | None = None
    #: a SQLite file's announcer, used while a window follows the file (its changes
    #: file exists), so a CLI import shows in the open windows too
    beside: Announcer | None = None

    @property
    def current(self) -> Announcer | None:
        if self.announcer is not None:
            return self.announcer
        if self.beside is not None and os.path.exists(self.beside.channel):
            return self.beside
        return None


def file_announcer(path: Path) -> Announcer:
    """The announcer of the SQLite workspace at ``path``."""
    changes = path.with_name(path.name + CHANGES_SUFFIX)
    return Announcer(str(changes), uuid.uuid4().hex[:12], on_file=True)


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
    # imported here: opening a workspace (``events`` in a terminal) maps no model
    from workshop_planner.domain import models as m
    from workshop_planner.store.tracking import owner_of

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


def _announcer(db: DbSession) -> Announcer | None:
    outbox = db.info.get(OUTBOX)
    return outbox.current if isinstance(outbox, Outbox) else None


def _collect(db: DbSession, _flush: UOWTransaction) -> None:
    # after_flush: new/dirty/deleted still show what this flush wrote
    if _announcer(db) is None:
        return
    touched = _touched(db)
    for obj in [*db.new, *db.dirty, *db.deleted]:
        table = getattr(type(obj), "__tablename__", None)
        if table is not None and (obj not in db.dirty or db.is_modified(obj)):
            touched.setdefault(_event_of(db, obj), set()).add(table)


def _collect_statement(state: ORMExecuteState) -> None:
    """Bulk ``UPDATE``/``DELETE``/``INSERT`` statements bypass the flush: note their table."""
    if _announcer(state.session) is None:
        return
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if isinstance(name, str):
            _touched(state.session).setdefault(NO_EVENT, set()).add(name)


def _announce(db: DbSession) -> None:
    announcer = _announcer(db)
    if announcer is None:
        return
    db.flush()  # before_commit runs before the last flush: take its tables too
    touched = db.info.pop(_TOUCHED, None)
    if not touched:
        return
    changes = {event_id: sorted(tables) for event_id, tables in sorted(touched.items())}
    payload = _payload(announcer.sender, changes)
    if announcer.on_file:
        db.info[_PENDING] = payload  # appended once committed
        return
    db.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": announcer.channel, "payload": payload},
    )


def _deliver(db: DbSession) -> None:
    payload = db.info.pop(_PENDING, None)
    announcer = _announcer(db)
    if payload is not None and announcer is not None:
        _append(Path(announcer.channel), payload)


def _payload(sender: str, changes: dict[str, list[str]]) -> str:
    payload = json.dumps({"s": sender, "c": changes}, separators=(",", ":"))
    if len(payload.encode()) > MAX_PAYLOAD:  # many events at once: say which tables only
        tables = sorted({table for names in changes.values() for table in names})
        payload = json.dumps({"s": sender, "c": {NO_EVENT: tables}}, separators=(",", ":"))
    return payload


def _forget(db: DbSession, *_args: Any) -> None:
    db.info.pop(_TOUCHED, None)
    db.info.pop(_PENDING, None)


def install() -> None:
    """Register the hooks once for every ORM session of the process.

    They act only in sessions whose ``info`` holds an :class:`Outbox` with an
    announcer (the write sessions of an announcing workspace).
    """
    if not event.contains(DbSession, "after_flush", _collect):
        event.listen(DbSession, "after_flush", _collect)
        event.listen(DbSession, "do_orm_execute", _collect_statement)
        event.listen(DbSession, "before_commit", _announce)
        event.listen(DbSession, "after_commit", _deliver)
        event.listen(DbSession, "after_soft_rollback", _forget)


# --- sending and hearing ---------------------------------------------------


def notify(engine: Engine, announcer: Announcer, message: dict[str, Any]) -> None:
    """Send ``message`` (with the sender added) to the workspace's other windows."""
    payload = json.dumps({"s": announcer.sender, **message}, separators=(",", ":"))
    if announcer.on_file:
        _append(Path(announcer.channel), payload)
        return
    with engine.begin() as conn:
        conn.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": announcer.channel, "payload": payload},
        )


def open_file_channel(announcer: Announcer) -> None:
    """Make the changes file exist: from now on every program writing to the workspace announces."""
    try:
        Path(announcer.channel).touch(exist_ok=True)
    except OSError as exc:
        log.warning(
            "Other windows will not hear of this one's changes (%s): %s", announcer.channel, exc
        )


def _append(path: Path, payload: str) -> None:
    """One line at the end of the changes file, whole (others append at the same time)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if sys.platform != "win32":
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)  # released when the file is closed
            if os.fstat(fd).st_size > MAX_FILE:
                os.ftruncate(fd, 0)
            os.write(fd, (payload + "\n").encode())
        finally:
            os.close(fd)
    except OSError as exc:  # a hint lost: the others refresh later
        log.warning("Could not tell the other windows about a change (%s): %s", path, exc)


class Listener(Protocol):
    def receive(self, timeout: float) -> list[dict[str, Any]]:
        """The next message (more if several arrived together); [] after ``timeout`` s."""

    def close(self) -> None: ...


def listen(engine: Engine, announcer: Announcer) -> Listener:
    """Start hearing the messages on ``announcer``'s channel (its own are there too)."""
    if announcer.on_file:
        return FileListener(Path(announcer.channel))
    return ChannelListener(engine, announcer)


def _parsed(payload: str | bytes) -> dict[str, Any] | None:
    try:
        message = json.loads(payload)
    except ValueError:
        return None  # not one of ours
    return message if isinstance(message, dict) else None


class ChannelListener:
    """A PostgreSQL connection of its own that ``LISTEN``s on a workspace's channel."""

    def __init__(self, engine: Engine, announcer: Announcer) -> None:
        import psycopg  # only PostgreSQL workspaces listen; SQLite ones never load it

        args, kwargs = engine.dialect.create_connect_args(engine.url)
        self._conn: psycopg.Connection[Any] = psycopg.connect(*args, **kwargs, autocommit=True)
        self._conn.execute(
            psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(announcer.channel))
        )

    def receive(self, timeout: float) -> list[dict[str, Any]]:
        messages = []
        for notice in self._conn.notifies(timeout=timeout, stop_after=1):
            message = _parsed(notice.payload)
            if message is not None:
                messages.append(message)
        return messages

    def close(self) -> None:
        self._conn.close()


class FileListener:
    """Reads the lines others append to a SQLite workspace's changes file."""

    def __init__(self, path: Path) -> None:
        self._path = path
        # what was written before is not news
        self._offset = path.stat().st_size if path.exists() else 0

    def receive(self, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            messages = self._read()
            if messages or time.monotonic() >= deadline:
                return messages
            time.sleep(FILE_POLL_S)

    def _read(self) -> list[dict[str, Any]]:
        try:
            size = self._path.stat().st_size
            if size < self._offset:  # started again
                self._offset = 0
            if size == self._offset:
                return []
            with self._path.open("rb") as handle:
                handle.seek(self._offset)
                data = handle.read(size - self._offset)
        except OSError:
            return []
        end = data.rfind(b"\n")  # a line being written is read next time
        if end < 0:
            return []
        self._offset += end + 1
        found = (_parsed(line) for line in data[:end].splitlines() if line.strip())
        return [message for message in found if message is not None]

    def close(self) -> None:
        pass
