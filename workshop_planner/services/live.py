"""Live updates on a team workspace: other people's commits as :class:`Changes`, and presence.

The store announces every commit of a workspace that windows follow (a
PostgreSQL workspace always; a SQLite file once :func:`follow` is called)
with the tables it touched per event (:mod:`workshop_planner.store.live`); :func:`read`
turns such a message into the :class:`Changes` the app's own edits produce,
so a page cannot tell a colleague's edit from its own. The same channel
carries heartbeats: every open window says every :data:`HEARTBEAT_S` seconds
who is working in which event; :class:`Presence` keeps those heard in the
last :data:`EXPIRE_S` seconds.

An in-memory SQLite workspace has no channel: nothing is sent and nothing arrives.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workshop_planner.domain import models as m
from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace
from workshop_planner.store import live as store_live

#: seconds between two heartbeats of a window
HEARTBEAT_S = 15.0
#: a person not heard of for this long has left
EXPIRE_S = 45.0

_NOTES = frozenset({Part.NOTES})
_AGENDA = frozenset({Part.AGENDA})
#: a directory change shows wherever people are named (as the people page's own edits say)
_DIRECTORY = frozenset({Part.PEOPLE, Part.PARTICIPANTS, Part.AGENDA, Part.NOTES})

#: what a change of each table means to the pages; an empty set: nothing any page shows
TABLE_PARTS: Mapping[str, frozenset[Part]] = {
    m.Event.__tablename__: frozenset({Part.EVENTS, Part.EVENT}),
    m.ReportSettings.__tablename__: frozenset({Part.REPORT}),
    m.Participant.__tablename__: frozenset({Part.PARTICIPANTS}),
    m.Person.__tablename__: _DIRECTORY,
    m.Organisation.__tablename__: _DIRECTORY,
    m.ConsentChange.__tablename__: frozenset({Part.PEOPLE}),
    m.Session.__tablename__: _AGENDA,
    m.SessionPerson.__tablename__: _AGENDA,
    m.FieldVisit.__tablename__: _AGENDA,
    m.FieldVisitAttendee.__tablename__: _AGENDA,
    m.Theme.__tablename__: frozenset({Part.THEMES}),
    m.Note.__tablename__: _NOTES,
    m.NoteTheme.__tablename__: frozenset({Part.NOTES, Part.THEMES}),
    m.QuoteDetails.__tablename__: _NOTES,
    m.CaseStudy.__tablename__: _NOTES,
    m.CityExample.__tablename__: _NOTES,
    m.Resource.__tablename__: _NOTES,
    m.NoteRevision.__tablename__: _NOTES,
    m.NoteOriginal.__tablename__: _NOTES,
    # a note-taker's unsaved typing: no page shows another's draft
    m.CaptureDraft.__tablename__: frozenset(),
    # a deletion's tombstone and the workspace clock: the deleted row's own table says it
    m.Tombstone.__tablename__: frozenset(),
    m.ClockState.__tablename__: frozenset(),
    m.Partner.__tablename__: frozenset({Part.PARTNERS}),
    m.Contact.__tablename__: frozenset({Part.PARTNERS}),
    m.Asset.__tablename__: frozenset({Part.PARTNERS}),
}


def changes_of(touched: Mapping[str, Iterable[str]]) -> list[Changes]:
    """The changes of a commit that touched ``tables`` of each event ("" : of none).

    A table this version does not know (a newer colleague's) may be anything.
    """
    found = []
    for event_id, tables in touched.items():
        parts: set[Part] = set()
        for table in tables:
            parts |= TABLE_PARTS.get(table, frozenset(Part))
        changes = Changes.of(event_id or None, parts)
        if not changes.is_empty:
            found.append(changes)
    return found


@dataclass(frozen=True)
class Heartbeat:
    """Someone is working in an event (``event_id`` None: in none yet); ``leaving``: no more."""

    sender: str
    name: str
    event_id: str | None
    leaving: bool = False


@dataclass(frozen=True)
class Message:
    """What one notification said: a commit's changes, or a heartbeat."""

    sender: str
    changes: list[Changes] = field(default_factory=list)
    heartbeat: Heartbeat | None = None


def read(message: Mapping[str, Any]) -> Message | None:
    """A notification's payload as a :class:`Message` (None: not one of ours)."""
    sender = message.get("s")
    if not isinstance(sender, str):
        return None
    touched = message.get("c")
    if isinstance(touched, dict):
        valid = {
            str(event_id): [str(t) for t in tables]
            for event_id, tables in touched.items()
            if isinstance(tables, list)
        }
        return Message(sender, changes=changes_of(valid))
    name = message.get("h")
    if isinstance(name, str):
        event_id = message.get("e")
        heartbeat = Heartbeat(
            sender,
            name,
            event_id if isinstance(event_id, str) else None,
            leaving=bool(message.get("bye")),
        )
        return Message(sender, heartbeat=heartbeat)
    return None


def follow(ws: Workspace) -> bool:
    """Announce ``ws``'s commits to the other windows on it, as they do; False: cannot."""
    return ws.announce_commits()


def own_sender(ws: Workspace) -> str | None:
    return ws.announcer.sender if ws.announcer is not None else None


def send_heartbeat(
    ws: Workspace, name: str, event_id: str | None, *, leaving: bool = False
) -> None:
    """Tell the others that ``name`` works in ``event_id`` (or has left); a no-op when silent."""
    if ws.announcer is None:
        return
    message: dict[str, Any] = {"h": name, "e": event_id}
    if leaving:
        message["bye"] = 1
    with ws.translated_errors(time.monotonic()):
        store_live.notify(ws.engine, ws.announcer, message)


class Listener:
    """Hears the other windows' messages on a workspace (blocking; run it in a thread)."""

    def __init__(self, ws: Workspace) -> None:
        assert ws.announcer is not None, "follow(ws) first"
        self._own = ws.announcer.sender
        with ws.translated_errors(time.monotonic()):
            self._listener = store_live.listen(ws.engine, ws.announcer)

    def receive(self, timeout: float) -> list[Message]:
        """The messages of others that arrive within ``timeout`` seconds (at least one, or [])."""
        found = []
        for raw in self._listener.receive(timeout):
            message = read(raw)
            if message is not None and message.sender != self._own:
                found.append(message)
        return found

    def close(self) -> None:
        self._listener.close()


class Presence:
    """Who else is working, from the heartbeats heard; each expires after :data:`EXPIRE_S`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: dict[str, tuple[Heartbeat, float]] = {}

    def heard(self, heartbeat: Heartbeat) -> None:
        if heartbeat.leaving:
            self._seen.pop(heartbeat.sender, None)
        else:
            self._seen[heartbeat.sender] = (heartbeat, self._clock())

    def names(self, event_id: str | None) -> list[str]:
        """The names of the others working in ``event_id``, sorted, each once."""
        now = self._clock()
        self._seen = {s: (h, at) for s, (h, at) in self._seen.items() if now - at < EXPIRE_S}
        return sorted(
            {h.name for h, _at in self._seen.values() if h.event_id == event_id},
            key=str.casefold,
        )
