"""What an operation changed: the one value every page learns changes from.

An operation (one service call, one transaction) is announced with a
:class:`Changes`: the event it touched (None for the workspace as a whole,
e.g. the people directory) and which parts of it. Pages compare the parts
with the ones they show and refresh only when one of them changed. A team
workspace's notifications arrive as the same value, so no page needs to know
where a change came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Part(StrEnum):
    """A part of the workspace a page may show."""

    #: the list of events: created, deleted, archived, renamed, re-dated
    EVENTS = "events"
    #: an event's own fields (title, dates, venue, zone, language …)
    EVENT = "event"
    AGENDA = "agenda"
    PARTICIPANTS = "participants"
    #: the shared directory of people and organisations
    PEOPLE = "people"
    NOTES = "notes"
    THEMES = "themes"
    #: partners and contacts
    PARTNERS = "partners"
    #: template, sections and drafted-text overrides
    REPORT = "report"


ALL_PARTS: frozenset[Part] = frozenset(Part)


@dataclass(frozen=True)
class Changes:
    """Which parts of which event an operation changed."""

    #: the event changed, or None when the change is not about one event
    event_id: str | None
    parts: frozenset[Part] = field(default_factory=frozenset)
    #: when only some sessions of the agenda changed (moved, edited, created,
    #: deleted), their ids, so the Agenda page updates those rows; None: any
    sessions: frozenset[str] | None = None

    @classmethod
    def of(cls, event_id: str | None, *parts: Part | Iterable[Part]) -> Changes:
        flat: set[Part] = set()
        for part in parts:
            if isinstance(part, Part):
                flat.add(part)
            else:
                flat.update(part)
        return cls(event_id, frozenset(flat))

    @classmethod
    def of_sessions(cls, event_id: str, session_ids: Iterable[str], *parts: Part) -> Changes:
        """The agenda changed in these sessions only (plus ``parts``)."""
        return cls(event_id, frozenset({Part.AGENDA, *parts}), frozenset(session_ids))

    @classmethod
    def everything(cls, event_id: str | None) -> Changes:
        """An import or a reload: anything may have changed."""
        return cls(event_id, ALL_PARTS)

    @property
    def is_empty(self) -> bool:
        return not self.parts

    def touches(self, event_id: str | None, parts: Iterable[Part]) -> bool:
        """True when this change matters to a page showing ``parts`` of ``event_id``.

        A change of no particular event (the directory) matters to every event;
        the events list matters whichever event is shown.
        """
        wanted = frozenset(parts)
        if not (self.parts & wanted):
            return False
        if self.event_id is None or Part.EVENTS in (self.parts & wanted):
            return True
        return self.event_id == event_id

    def __or__(self, other: Changes) -> Changes:
        """Both changes at once (the event of either; None when they differ)."""
        event_id = self.event_id if self.event_id == other.event_id else None
        if self.is_empty:
            event_id = other.event_id
        elif other.is_empty:
            event_id = self.event_id
        return Changes(event_id, self.parts | other.parts, _sessions_of(self, other))


def _sessions_of(*changes: Changes) -> frozenset[str] | None:
    """The sessions that changed in all of ``changes`` (None: any, or another event's)."""
    agenda = [c for c in changes if Part.AGENDA in c.parts]
    if not agenda or len({c.event_id for c in agenda}) > 1:
        return None
    found: set[str] = set()
    for c in agenda:
        if c.sessions is None:
            return None
        found |= c.sessions
    return frozenset(found)
