"""Merging a validated bundle into the workspace, by id.

An unknown id is added; a known id is updated only when the incoming
``updated_at`` is newer; nothing is ever deleted. A note whose text loses to a
newer edit keeps the losing text in its history (:class:`NoteRevision`).
Runs inside the caller's transaction, so a problem found here rolls back all.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Boolean, Date, DateTime, inspect, select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import fields as f
from workshop_planner.domain import models as m
from workshop_planner.domain.types import UTCDateTime
from workshop_planner.services.bundle_validation import Problem, parse_instant, parse_wall_time

T = TypeVar("T", bound=m.Base)

_KNOWN_OVERRIDES = ("summary_opening", "threats_intro", "next_steps", "closing")
_CHUNK = 500


class MergeConflict(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


class Merger:
    def __init__(self, db: DbSession, data: dict[str, Any]) -> None:
        self.db = db
        self.data = data
        self.event_id: str = data["event"]["id"]
        self.added: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        self.problems: list[Problem] = []

    # -- helpers -----------------------------------------------------------

    def _existing(self, model: type[T], ids: Iterable[str]) -> dict[str, T]:
        wanted = list(ids)
        found: dict[str, T] = {}
        id_column = model.__table__.c.id
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for obj in self.db.scalars(select(model).where(id_column.in_(chunk))):
                found[obj.id] = obj  # type: ignore[attr-defined]
        return found

    def _items(self, name: str) -> list[dict[str, Any]]:
        return list(self.data.get(name) or [])

    def _decide(self, name: str, existing: Any, item: dict[str, Any]) -> bool:
        """Whether ``item`` should be written over ``existing`` (None: new)."""
        if existing is None:
            self.added[name] += 1
            return True
        if parse_instant(item["updated_at"]) > existing.updated_at:
            self.updated[name] += 1
            return True
        self.unchanged[name] += 1
        return False

    def _same_event(self, name: str, index: int, existing: Any) -> bool:
        if existing is not None and existing.event_id != self.event_id:
            self.problems.append(
                Problem(
                    f"$.{name}[{index}].id",
                    f"the id {existing.id} already belongs to another event in this workspace",
                )
            )
            return False
        return True

    # -- the merge ---------------------------------------------------------

    def run(self) -> None:
        self._event()
        self._assets()
        self._organisations()
        self._people()
        self.db.flush()
        self._participants()
        self._sessions()
        self._themes()
        self.db.flush()
        self._notes()
        self._partners()
        self._contacts()
        if self.problems:
            raise MergeConflict(self.problems)
        self.db.flush()

    def _event(self) -> None:
        item = self.data["event"]
        event = self.db.get(m.Event, self.event_id)
        if not self._decide("event", event, item):
            return
        if event is None:
            event = m.Event(id=self.event_id)
            self.db.add(event)
        fill(event, f.EVENT, item)
        keep_stamp(event, item)
        report = item.get("report") or {}
        settings = event.report_settings or m.ReportSettings(event_id=self.event_id)
        fill(settings, f.REPORT_SETTINGS, report)
        overrides = dict(report.get("overrides") or {})
        for name in f.REPORT_OVERRIDES:
            overrides.pop(name, None)
        settings.extra_overrides = overrides or None
        event.report_settings = settings

    def _assets(self) -> None:
        items = self._items("assets")
        existing = self._existing(m.Asset, (a["id"] for a in items))
        for item in items:
            if item["id"] in existing:
                self.unchanged["assets"] += 1
                continue
            self.added["assets"] += 1
            self.db.add(
                m.Asset(
                    id=item["id"],
                    media_type=item["media_type"],
                    data=base64.b64decode(item["data"]),
                )
            )

    def _rows(
        self,
        name: str,
        declared: f.Fields,
        *,
        in_event: bool = True,
        admit: Callable[[int, dict[str, Any]], bool] | None = None,
        before_write: Callable[[Any, dict[str, Any]], None] | None = None,
        on_kept: Callable[[Any, dict[str, Any]], None] | None = None,
    ) -> Iterator[tuple[int, dict[str, Any], Any]]:
        """The bundle's ``name`` objects that win, written: (index, item, row).

        A new row is created (in this event when ``in_event``), its declared
        fields filled and the bundle's ``updated_at`` kept. ``admit`` may refuse
        an item (recording a problem); ``before_write`` sees a known row about
        to be overwritten, ``on_kept`` one the bundle loses to.
        """
        items = self._items(name)
        existing = self._existing(declared.model, (item["id"] for item in items))
        for index, item in enumerate(items):
            row: Any = existing.get(item["id"])
            if in_event and not self._same_event(name, index, row):
                continue
            if admit is not None and not admit(index, item):
                continue
            if not self._decide(name, row, item):
                if row is not None and on_kept is not None:
                    on_kept(row, item)
                continue
            if row is None:
                owner = {"event_id": self.event_id} if in_event else {}
                row = declared.model(id=item["id"], **owner)
                self.db.add(row)
            elif before_write is not None:
                before_write(row, item)
            fill(row, declared, item)
            keep_stamp(row, item)
            yield index, item, row

    def _write_all(self, name: str, declared: f.Fields, **how: Any) -> None:
        """Merge the bundle's ``name`` objects that need nothing beyond their fields."""
        for _ in self._rows(name, declared, **how):
            pass

    def _organisations(self) -> None:
        self._write_all("organisations", f.ORGANISATION, in_event=False)

    def _people(self) -> None:
        self._write_all("people", f.PERSON, in_event=False)

    def _participants(self) -> None:
        taken = {
            person_id: pid
            for pid, person_id in self.db.execute(
                select(m.Participant.id, m.Participant.person_id).where(
                    m.Participant.event_id == self.event_id
                )
            )
        }

        def admit(index: int, item: dict[str, Any]) -> bool:
            other = taken.get(item["person"])
            if other is not None and other != item["id"]:
                self.problems.append(
                    Problem(
                        f"$.participants[{index}].person",
                        f"this person already takes part in the event as participant {other}",
                    )
                )
                return False
            return True

        self._write_all("participants", f.PARTICIPANT, admit=admit)

    def _sessions(self) -> None:
        for _, item, session in self._rows("sessions", f.SESSION):
            session.people = [
                fill(m.SessionPerson(position=i), f.SESSION_PERSON, link)
                for i, link in enumerate(
                    _unique(item.get("people") or [], lambda x: (x["person"], x["role"]))
                )
            ]
            visit = item.get("field_visit")
            if visit is None:
                session.field_visit = None
                continue
            fv = fill(session.field_visit or m.FieldVisit(), f.FIELD_VISIT, visit)
            fv.attendees = [
                m.FieldVisitAttendee(person_id=pid, position=i)
                for i, pid in enumerate(_unique(visit.get("attendees") or [], lambda x: x))
            ]
            session.field_visit = fv

    def _themes(self) -> None:
        for index, item, theme in self._rows("themes", f.THEME):
            position = item.get("position")
            theme.position = int(position) if position is not None else index + 1

    def _notes(self) -> None:
        def kept(note: m.Note, item: dict[str, Any]) -> None:
            incoming = item.get("text") or ""
            if incoming != note.text:
                self._remember(
                    note.id, incoming, item.get("author"), parse_instant(item["updated_at"])
                )

        def replaced(note: m.Note, item: dict[str, Any]) -> None:
            if note.text != (item.get("text") or ""):
                self._remember(note.id, note.text, note.author, note.updated_at)

        for _, item, note in self._rows("notes", f.NOTE, before_write=replaced, on_kept=kept):
            _fill_note(note, item)

    def _remember(self, note_id: str, text: str, author: str | None, updated_at: datetime) -> None:
        """Keep a losing text in the note's history, once."""
        already = self.db.scalar(
            select(m.NoteRevision.id).where(
                m.NoteRevision.note_id == note_id,
                m.NoteRevision.updated_at == updated_at,
                m.NoteRevision.text == text,
            )
        )
        if already is None:
            self.db.add(
                m.NoteRevision(note_id=note_id, text=text, author=author, updated_at=updated_at)
            )

    def _partners(self) -> None:
        self._in_list_order("partners", f.PARTNER)

    def _contacts(self) -> None:
        self._in_list_order("contacts", f.CONTACT)

    def _in_list_order(self, name: str, declared: f.Fields) -> None:
        """Partners and contacts: a new one takes its place in the bundle's list."""
        for index, _, row in self._rows(name, declared):
            if row.position is None:
                row.position = index


def _fill_note(note: m.Note, item: dict[str, Any]) -> None:
    # a bundle from another tool may leave out when a note was captured
    note.captured_at = parse_instant(item.get("captured_at") or item["updated_at"])
    note.theme_links = [
        m.NoteTheme(theme_id=theme_id, position=i)
        for i, theme_id in enumerate(_unique(item.get("themes") or [], lambda x: x))
    ]
    for name, declared in f.NOTE_DETAILS.items():
        details = item.get(name)
        setattr(note, name, None if details is None else fill(declared.model(), declared, details))


def fill(obj: T, declared: f.Fields, item: Mapping[str, Any]) -> T:
    """Set ``obj``'s declared bundle fields from a validated bundle object.

    A value the bundle leaves out (or gives as null or "") of a column that
    may not be empty takes the column's default, as a new row would.
    """
    columns = inspect(declared.model).columns
    for name in declared.writable:
        value = _lookup(item, declared.key(name))
        column = columns[name]
        if value is None or value == "":
            if not column.nullable and column.default is not None:
                value = _default(column.default)
        else:
            value = _from_json(value, column.type)
        setattr(obj, name, value)
    return obj


def keep_stamp(obj: m.Tracked, item: Mapping[str, Any]) -> None:
    """Keep the bundle's ``updated_at`` on a merged object (newer wins next time).

    The one deliberate write of ``updated_at`` outside the flush hook: the hook
    (store/tracking.py) sees it was set and does not stamp "now" over it.
    """
    obj.updated_at = parse_instant(item["updated_at"])


def _lookup(item: Mapping[str, Any], key: str) -> Any:
    value: Any = item
    for part in key.split("."):
        value = (value or {}).get(part)
    return value


def _from_json(value: Any, column_type: Any) -> Any:
    if isinstance(column_type, UTCDateTime):
        return parse_instant(value)
    if isinstance(column_type, DateTime):
        return parse_wall_time(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Boolean):
        return bool(value)
    if isinstance(value, list):
        return list(value)
    return value


def _default(default: Any) -> Any:
    if default.is_callable:
        return default.arg(None)
    return default.arg


def _unique(items: Sequence[Any], key: Any) -> list[Any]:
    """Items without repeats (by ``key``), first occurrence kept."""
    seen: set[Any] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
