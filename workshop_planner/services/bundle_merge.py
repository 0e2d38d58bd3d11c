"""Merging a validated bundle into the workspace, by id, field by field, in bulk.

An unknown id is added; for a known id each field keeps its own last change:
the bundle's value is written where the field's stamp is newer than the
stored one (a kind changed on one laptop and a text edited on another both
survive). Stamps are hybrid-logical-clock stamps (``domain/clock.py``), from
an object's optional ``clock``; an object without one (an older bundle,
another tool) has every field as new as its ``updated_at``. Equal stamps are
broken by the value, so the result never depends on the order of imports.
A note's text that loses (either side) is kept in its history.

Deletions travel as tombstones (the bundle's optional ``deleted``): a
tombstone newer than every field of the row deletes it; a row changed after
the deletion comes back. People are deduplicated by the participant import's
rule (:func:`~workshop_planner.services.participant_import.person_keys`), and
a person's two participants in one event become one.

The merge reads first and writes after: one query per table (per few
thousand ids) reads the known rows, under a row lock (``SELECT … FOR
UPDATE`` on PostgreSQL, after the event's row, so parallel imports of one
event take turns and none decides on a stale row); every decision is made in
memory, a problem stops the merge before anything is written, and the rows
are written with one executemany per table, each UPDATE bumping the row's
``version`` so an open editor notices. The stamping flush hook
(``store/tracking.py``), which the bulk statements bypass, has nothing to do.
Runs inside the caller's transaction, so a problem found here rolls back all.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Table,
    bindparam,
    delete,
    exists,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import clock as hlc
from workshop_planner.domain import fields as f
from workshop_planner.domain import models as m
from workshop_planner.domain.types import UTCDateTime, utc_now
from workshop_planner.services.bundle_schema import DELETABLE
from workshop_planner.services.bundle_validation import Problem, parse_instant, parse_wall_time
from workshop_planner.services.participant_import import PeopleDirectory, person_keys
from workshop_planner.store.tracking import advance_clock

T = TypeVar("T", bound=m.Base)

#: ids per ``IN (…)``: far below SQLite's and PostgreSQL's limits on bound values
_CHUNK = 5000


class MergeConflict(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


#: a group's incoming child rows: (table, row) in the order they are written
_GroupRows = list[tuple[Table, dict[str, Any]]]


@dataclass
class _Children:
    """Rows owned by the written rows of a table (a session's people, a note's themes).

    Each group (a bundle key: "themes", "quote", "people", "field_visit" …)
    is a field of its owner: when the bundle wins it, the owner's rows of the
    group's tables are replaced (the old ones deleted first).
    """

    #: the child tables, parents before children, each with its column naming the owner
    owned: tuple[tuple[Table, str], ...]
    #: the tables of each group
    groups: Mapping[str, tuple[Table, ...]]
    #: by child table, the updated parents that have rows in it (to delete)
    replaced: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: the owners whose rows are written (the owner table's ``_Writes.touched``)
    touched: set[str] = field(default_factory=set)
    #: (stored row, group, incoming rows) whose stamps are equal: decided by value at the end
    ties: list[tuple[Any, str, _GroupRows]] = field(default_factory=list)

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.rows.setdefault(table.name, []).append(row)


@dataclass
class _Writes:
    """The rows one table gets: new ones, updates of known ids, and their children."""

    table: Table
    children: _Children | None = None
    inserts: list[dict[str, Any]] = field(default_factory=list)
    #: by id: the columns to set (written only for the ids in ``touched``)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)


@dataclass
class _Decided:
    """One bundle object the merge writes (or whose children it may write)."""

    index: int
    item: dict[str, Any]
    #: every declared column's value from the bundle (a new row: the row inserted)
    row: dict[str, Any]
    #: the stored row (None: a new one)
    known: Any
    #: the groups (field keys) the bundle wins; for a new row, all
    won: set[str]
    #: the incoming and the stored stamps of its fields (a new row: incoming twice)
    incoming: _Stamps
    stored: _Stamps


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _value_key(value: Any) -> str:
    """A value as comparable text: equal stamps are broken by it, the same way everywhere."""
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


@dataclass(frozen=True)
class _Stamps:
    """The field stamps of one object: ``at`` for each field not in ``fields``."""

    at: str
    fields: Mapping[str, str]

    @staticmethod
    def of(clock: Mapping[str, Any] | None, updated_at: str | datetime) -> _Stamps:
        if clock:
            return _Stamps(str(clock["at"]), clock.get("fields") or {})
        moment = parse_instant(updated_at) if isinstance(updated_at, str) else updated_at
        return _Stamps(hlc.from_instant(moment), {})

    @property
    def uniform(self) -> bool:
        return not self.fields

    @property
    def newest(self) -> str:
        return max(self.at, *self.fields.values()) if self.fields else self.at

    def get(self, key: str) -> str:
        return str(self.fields.get(key) or self.at) if self.fields else self.at

    def merged(self, other: _Stamps, keys: Sequence[str]) -> dict[str, Any]:
        """The clock of the merged object: each field's newer stamp."""
        if self.uniform and other.uniform:
            return {"at": max(self.at, other.at)}
        return _merged_clock({k: max(self.get(k), other.get(k)) for k in keys})


def _merged_clock(stamps: Mapping[str, str]) -> dict[str, Any]:
    """A clock holding ``stamps``: the most common one as ``at``, the others by field."""
    distinct = set(stamps.values())
    if len(distinct) == 1:
        return {"at": distinct.pop()}
    counts = Counter(stamps.values())
    at = max(counts, key=lambda s: (counts[s], s))
    fields = {k: v for k, v in sorted(stamps.items()) if v != at}
    return {"at": at, "fields": fields} if fields else {"at": at}


class Merger:
    def __init__(self, db: DbSession, data: dict[str, Any]) -> None:
        self.db = db
        self.data = data
        self.event_id: str = data["event"]["id"]
        self.added: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        self.removed: Counter[str] = Counter()
        self.problems: list[Problem] = []
        self._writes: list[_Writes] = []
        self._revisions: list[dict[str, Any]] = []
        #: the newest stamp of the bundle: the workspace clock moves past it
        self._newest = ""
        #: ids the bundle has under another id here (a duplicate person or participant)
        self._same_as: dict[str, str] = {}
        #: ids of tombstones a re-created row takes away
        self._revived: list[str] = []

    # -- reading what is there -----------------------------------------------

    def _existing(
        self, model: type[m.Base], ids: Iterable[str], *columns: str, extra: Sequence[Any] = ()
    ) -> dict[str, Any]:
        """``{id: row}`` of the known ``ids``, with ``updated_at``, ``clock``, ``columns``
        and ``extra`` (labelled expressions), locked until the transaction ends."""
        table = _table(model)
        named = (table.c[name] for name in columns)
        wanted = (
            select(table.c.id, table.c.updated_at, table.c.clock, *named, *extra)
            .order_by(table.c.id)  # one lock order for every importer
            .with_for_update(of=table)
        )
        return {row.id: row for row in _rows_in(self.db, wanted, table.c.id, list(ids))}

    def _buried(self, ids: Sequence[str]) -> dict[str, str]:
        """``{id: stamp}`` of the deleted rows among ``ids``."""
        stones = _table(m.Tombstone)
        query = select(stones.c.id, stones.c.stamp)
        return {i: s for i, s in _rows_in(self.db, query, stones.c.id, ids)}

    def _items(self, name: str) -> list[dict[str, Any]]:
        return list(self.data.get(name) or [])

    def _seen(self, stamp: str) -> None:
        if stamp > self._newest:
            self._newest = stamp

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
        with self.db.no_autoflush:
            # the event's row first, locked: parallel imports of one event take turns
            event = self.db.get(
                m.Event, self.event_id, with_for_update=True, populate_existing=True
            )
            self._plan()
            if self.problems:
                raise MergeConflict(self.problems)
            self._event(event)
            # the event row first: every row written below refers to it
            self.db.flush()
            self._write()
            self._bury()
            if self._newest:
                advance_clock(self.db, self._newest)

    def _plan(self) -> None:
        """Every decision, from one read per table; nothing is written yet."""
        self._assets()
        self._organisations()
        self._people()
        self._participants()
        self._sessions()
        self._themes()
        self._notes()
        self._partners()
        self._contacts()

    def _write(self) -> None:
        # in the order of the foreign keys: parents before what refers to them
        for writes in self._writes:
            if writes.inserts:
                self.db.execute(insert(writes.table), writes.inserts)
            updates = [writes.updates[i] for i in writes.updates if i in writes.touched]
            if updates:
                table = writes.table
                # every UPDATE bumps the version, so an editor that showed the row notices
                statement = (
                    update(table)
                    .where(table.c.id == bindparam("merged_id"))
                    .values(version=table.c.version + 1)
                )
                for rows in _by_columns(updates):
                    self.db.execute(statement, rows)
            if writes.children is not None:
                self._write_children(writes.children)
        if self._revisions:
            self.db.execute(insert(_table(m.NoteRevision)), self._revisions)
        if self._revived:
            stones = _table(m.Tombstone)
            for chunk in _chunks(self._revived):
                self.db.execute(delete(stones).where(stones.c.id.in_(list(chunk))))

    def _write_children(self, children: _Children) -> None:
        # children of the deepest tables first, so no foreign key is left dangling
        for table, owner in reversed(children.owned):
            owned = delete(table).where(table.c[owner].in_(bindparam("ids", expanding=True)))
            for chunk in _chunks(children.replaced.get(table.name, [])):
                self.db.execute(owned, {"ids": list(chunk)})
        for table, _ in children.owned:
            rows = children.rows.get(table.name)
            if rows:
                self.db.execute(insert(table), rows)

    def _event(self, event: m.Event | None) -> None:
        """The event as one whole (its fields are edited together in one dialog)."""
        item = self.data["event"]
        incoming = _Stamps.of(item.get("clock"), item["updated_at"]).newest
        self._seen(incoming)
        if event is not None:
            stored = _Stamps.of(event.clock, event.updated_at).newest
            # equal stamps keep the stored event (an existing test holds v1's "only newer wins")
            if incoming <= stored:
                self.unchanged["event"] += 1
                return
            self.updated["event"] += 1
        else:
            self.added["event"] += 1
            event = m.Event(id=self.event_id)
            self.db.add(event)
        fill(event, f.EVENT, item)
        keep_stamp(event, item)
        event.clock = item.get("clock")
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
        table = _table(m.Asset)
        ids = [a["id"] for a in items]
        known = {row.id for row in _rows_in(self.db, select(table.c.id), table.c.id, ids)}
        writes = _Writes(table)
        for item in items:
            if item["id"] in known:
                self.unchanged["assets"] += 1
                continue
            self.added["assets"] += 1
            known.add(item["id"])
            writes.inserts.append(
                {
                    "id": item["id"],
                    "media_type": item["media_type"],
                    "data": base64.b64decode(item["data"]),
                }
            )
        self._writes.append(writes)

    def _rows(
        self,
        name: str,
        declared: f.Fields,
        *,
        in_event: bool = True,
        load: tuple[str, ...] = (),
        children: _Children | None = None,
        extra: Sequence[Any] = (),
        items: list[dict[str, Any]] | None = None,
    ) -> Iterator[_Decided]:
        """The bundle's ``name`` objects the merge writes, field by field.

        For each: a new row (inserted whole) or the groups of fields the bundle
        wins over the stored row (written; the others keep their value). The
        caller may add to ``row`` before the next item and hands a known row's
        children to :meth:`_children_of`. With ``load``: more columns read.
        """
        items = self._items(name) if items is None else items
        writes = _Writes(_table(declared.model), children)
        self._writes.append(writes)
        if children is not None:
            children.touched = writes.touched
        owner = ("event_id",) if in_event else ()
        columns = _groups(declared)
        stored_columns = tuple(column for column, _ in columns)
        wanted = tuple(dict.fromkeys((*owner, *load, *stored_columns, "version")))
        table = writes.table
        # whether a known row has children, and in which tables: only those are deleted
        has = [
            (child.name, exists().where(child.c[column] == table.c.id).label(f"has_{child.name}"))
            for child, column in (children.owned if children is not None else ())
        ]
        ids = [i["id"] for i in items]
        flags = [flag for _, flag in has]
        existing = self._existing(declared.model, ids, *wanted, extra=[*flags, *extra])
        buried = self._buried([i for i in ids if i not in existing])
        child_groups = tuple(children.groups) if children is not None else ()
        keys = (*(key for _, key in columns), *child_groups)
        for index, item in enumerate(items):
            known = existing.get(item["id"])
            if in_event and not self._same_event(name, index, known):
                continue
            incoming = _Stamps.of(item.get("clock"), item["updated_at"])
            self._seen(incoming.newest)
            row = values(declared, item)
            row["updated_at"] = parse_instant(item["updated_at"])
            if known is None:
                grave = buried.get(item["id"])
                if grave is not None:
                    if incoming.newest <= grave:  # deleted after this version: stays deleted
                        self.unchanged[name] += 1
                        continue
                    self._revived.append(item["id"])
                row["id"] = item["id"]
                row["clock"] = item.get("clock")
                if in_event:
                    row["event_id"] = self.event_id
                writes.inserts.append(row)
                self.added[name] += 1
                yield _Decided(index, item, row, None, set(keys), incoming, incoming)
                continue
            current = known._mapping
            stored = _Stamps.of(current["clock"], current["updated_at"])
            changed: dict[str, Any] = {"merged_id": item["id"]}
            won = self._decide_fields(columns, keys, current, row, incoming, stored, changed)
            updated_at = max(row["updated_at"], current["updated_at"])
            if updated_at != current["updated_at"]:
                changed["updated_at"] = updated_at
            clock: dict[str, Any] | None = incoming.merged(stored, keys)
            if clock == {"at": hlc.from_instant(updated_at)}:
                clock = None  # what updated_at says: a bundle without clocks stays without
            if clock != current["clock"]:
                changed["clock"] = clock
            writes.updates[item["id"]] = changed
            if len(changed) > 1 or (child_groups and not won.isdisjoint(child_groups)):
                writes.touched.add(item["id"])
            if won:
                self.updated[name] += 1
            else:
                self.unchanged[name] += 1
            yield _Decided(index, item, row, known, won, incoming, stored)
        if children is not None and children.ties:
            self._settle_ties(children)

    @staticmethod
    def _decide_fields(
        columns: Sequence[tuple[str, str]],
        keys: Sequence[str],
        current: Mapping[str, Any],
        row: Mapping[str, Any],
        incoming: _Stamps,
        stored: _Stamps,
        changed: dict[str, Any],
    ) -> set[str]:
        """The field keys the bundle wins; their changed values go into ``changed``."""
        if incoming.uniform and stored.uniform and incoming.at != stored.at:
            # the usual case: each side changed the whole object at once
            if incoming.at < stored.at:
                return set()
            for column, _ in columns:
                if current[column] != row[column]:
                    changed[column] = row[column]
            return set(keys)
        won: set[str] = set()
        for column, key in columns:
            mine, theirs = current[column], row[column]
            ours, their_stamp = stored.get(key), incoming.get(key)
            if ours == their_stamp and mine != theirs:
                wins = _value_key(theirs) > _value_key(mine)
            else:
                wins = their_stamp > ours
            if wins:
                won.add(key)
                if mine != theirs:
                    changed[column] = theirs
        won.update(k for k in keys[len(columns) :] if incoming.get(k) > stored.get(k))
        return won

    def _children_of(
        self, decided: _Decided, groups: Mapping[str, _GroupRows], children: _Children
    ) -> None:
        """Write the child rows of the groups the bundle wins (a tie is decided later)."""
        known = decided.known
        for group, rows in groups.items():
            if known is not None:
                stored, incoming = decided.stored.get(group), decided.incoming.get(group)
                if stored == incoming:
                    # the same stamp is the same edit, unless both only have updated_at
                    if hlc.is_fallback(stored):
                        children.ties.append((known, group, rows))
                    continue
                if group not in decided.won:
                    continue
                self._replace(children, known, group)
            for table, row in rows:
                children.add(table, row)

    def _replace(self, children: _Children, known: Any, group: str) -> None:
        """The stored rows of ``group`` of ``known`` are deleted before the new ones go in."""
        current = known._mapping
        for table in children.groups[group]:
            if current[f"has_{table.name}"]:
                children.replaced.setdefault(table.name, []).append(known.id)
        children.touched.add(known.id)

    def _settle_ties(self, children: _Children) -> None:
        """Equal stamps without a clock (two bundles stamped the same instant): the
        larger value wins, as for a field, so the order of imports does not matter.
        Rare: the stored rows are read here, for the tied owners only."""
        ties, children.ties = children.ties, []
        owners = sorted({known.id for known, _, _ in ties})
        column_of = {table.name: column for table, column in children.owned}
        mine: dict[tuple[str, str], list[str]] = {}
        for table, column in children.owned:
            for r in _rows_in(self.db, select(table), table.c[column], owners):
                row = dict(r._mapping)
                mine.setdefault((row[column], table.name), []).append(
                    _value_key(_without(row, column))
                )
        for known, group, rows in ties:
            theirs = sorted(_value_key(_without(row, column_of[t.name])) for t, row in rows)
            stored = sorted(
                v for t in children.groups[group] for v in mine.get((known.id, t.name), [])
            )
            if theirs > stored:
                self._replace(children, known, group)
                for table, row in rows:
                    children.add(table, row)

    def _write_all(self, name: str, declared: f.Fields, **how: Any) -> None:
        """Merge the bundle's ``name`` objects that need nothing beyond their fields."""
        for _ in self._rows(name, declared, **how):
            pass

    def _organisations(self) -> None:
        self._write_all("organisations", f.ORGANISATION, in_event=False)

    def _people(self) -> None:
        """People, each known one (by the participant import's rule) merged into it."""
        items = self._items("people")
        ids = [p["id"] for p in items]
        table = _table(m.Person)
        known = {r.id for r in _rows_in(self.db, select(table.c.id), table.c.id, ids)}
        unknown = [p for p in items if p["id"] not in known]
        if unknown:
            directory = PeopleDirectory(self.db, self.event_id)
            organisations = {o["id"]: o["name"] for o in self._items("organisations")}
            in_bundle = set(ids)
            for person in unknown:
                keys = person_keys(
                    person["full_name"],
                    person.get("email"),
                    organisations.get(person.get("organisation") or ""),
                )
                same = directory.match(keys)
                if same is not None:
                    self._same_as[person["id"]] = same
            if self._same_as:
                # the references follow; a duplicate whose match is in the bundle too is dropped
                items = [
                    {**p, "id": self._same_as.get(p["id"], p["id"])}
                    for p in items
                    if self._same_as.get(p["id"]) not in in_bundle
                ]
                self._follow_people()
        self._write_all("people", f.PERSON, in_event=False, items=items)

    def _follow_people(self) -> None:
        """The bundle's references to a merged person point at the one kept here."""
        same = self._same_as

        def person(pid: Any) -> Any:
            return same.get(pid, pid)

        data = dict(self.data)
        data["participants"] = [
            {**p, "person": person(p["person"])} for p in self._items("participants")
        ]
        sessions = []
        for s in self._items("sessions"):
            s = {
                **s,
                "people": [{**x, "person": person(x["person"])} for x in s.get("people") or []],
            }
            visit = s.get("field_visit")
            if visit:
                s["field_visit"] = {
                    **visit,
                    "attendees": [person(a) for a in visit.get("attendees") or []],
                }
            sessions.append(s)
        data["sessions"] = sessions
        data["notes"] = [
            {**n, "quote": {**n["quote"], "speaker": person(n["quote"].get("speaker"))}}
            if n.get("quote")
            else n
            for n in self._items("notes")
        ]
        self.data = data

    def _participants(self) -> None:
        """Participants; a person's participant known here under another id is merged into it."""
        taken = {
            person_id: pid
            for pid, person_id in self.db.execute(
                select(m.Participant.id, m.Participant.person_id).where(
                    m.Participant.event_id == self.event_id
                )
            )
        }
        items = self._items("participants")
        in_bundle = {p["id"] for p in items}
        merged = []
        for item in items:
            other = taken.get(item["person"])
            if other is not None and other != item["id"]:
                if other in in_bundle:
                    continue  # the bundle has that participant too: that one decides
                item = {**item, "id": other}
            merged.append(item)
        self._write_all("participants", f.PARTICIPANT, items=merged)

    def _sessions(self) -> None:
        people, visits, attendees = (
            _table(m.SessionPerson),
            _table(m.FieldVisit),
            _table(m.FieldVisitAttendee),
        )
        children = _Children(
            ((people, "session_id"), (visits, "session_id"), (attendees, "session_id")),
            {"people": (people,), "field_visit": (visits, attendees)},
        )
        for decided in self._rows("sessions", f.SESSION, children=children):
            item = decided.item
            session_id = item["id"]
            links: _GroupRows = []
            unique = _unique(item.get("people") or [], lambda x: (x["person"], x["role"]))
            for i, link in enumerate(unique):
                row = values(f.SESSION_PERSON, link)
                links.append((people, {**row, "session_id": session_id, "position": i}))
            visit_rows: _GroupRows = []
            visit = item.get("field_visit")
            if visit is not None:
                visit_rows.append(
                    (visits, {**values(f.FIELD_VISIT, visit), "session_id": session_id})
                )
                for i, person_id in enumerate(_unique(visit.get("attendees") or [], lambda x: x)):
                    visit_rows.append(
                        (
                            attendees,
                            {"session_id": session_id, "person_id": person_id, "position": i},
                        )
                    )
            self._children_of(decided, {"people": links, "field_visit": visit_rows}, children)

    def _themes(self) -> None:
        for decided in self._rows("themes", f.THEME):
            position = decided.item.get("position")
            decided.row["position"] = int(position) if position is not None else decided.index + 1

    def _notes(self) -> None:
        remembered: list[tuple[str, str, str | None, datetime]] = []
        with_history: set[str] = set()

        notes, revisions = _table(m.Note), _table(m.NoteRevision)
        has_history = exists().where(revisions.c.note_id == notes.c.id).label("has_history")

        themes = _table(m.NoteTheme)
        details = {name: _table(declared.model) for name, declared in f.NOTE_DETAILS.items()}
        children = _Children(
            ((themes, "note_id"), *((table, "note_id") for table in details.values())),
            {"themes": (themes,), **{name: (table,) for name, table in details.items()}},
        )
        for decided in self._rows(
            "notes", f.NOTE, load=("text", "author"), extra=[has_history], children=children
        ):
            item, row, note = decided.item, decided.row, decided.known
            note_id = item["id"]
            if note is not None:
                incoming = item.get("text") or ""
                if incoming != note.text:
                    # the losing text, whichever side it came from, goes to the history
                    if "text" in decided.won:
                        remembered.append((note.id, note.text, note.author, note.updated_at))
                    else:
                        stamp = parse_instant(item["updated_at"])
                        remembered.append((note.id, incoming, item.get("author"), stamp))
                    if note.has_history:
                        with_history.add(note.id)
            if not item.get("captured_at"):
                # a bundle from another tool may leave out when a note was captured
                row["captured_at"] = row["updated_at"]
            groups: dict[str, _GroupRows] = {
                "themes": [
                    (themes, {"note_id": note_id, "theme_id": theme_id, "position": i})
                    for i, theme_id in enumerate(_unique(item.get("themes") or [], lambda x: x))
                ]
            }
            for name, declared in f.NOTE_DETAILS.items():
                detail = item.get(name)
                groups[name] = (
                    [(details[name], {**values(declared, detail), "note_id": note_id})]
                    if detail is not None
                    else []
                )
            self._children_of(decided, groups, children)
        self._remember(remembered, with_history)

    def _remember(
        self, texts: list[tuple[str, str, str | None, datetime]], with_history: set[str]
    ) -> None:
        """Keep each losing text in its note's history, once (only notes that have a
        history can have it there already)."""
        if not texts:
            return
        table = _table(m.NoteRevision)
        query = select(table.c.note_id, table.c.updated_at, table.c.text)
        seen = {tuple(row) for row in _rows_in(self.db, query, table.c.note_id, list(with_history))}
        now = utc_now()
        for note_id, text, author, updated_at in texts:
            if (note_id, updated_at, text) in seen:
                continue
            seen.add((note_id, updated_at, text))
            self._revisions.append(
                {
                    "note_id": note_id,
                    "text": text,
                    "author": author,
                    "updated_at": updated_at,
                    "recorded_at": now,
                }
            )

    def _partners(self) -> None:
        self._in_list_order("partners", f.PARTNER)

    def _contacts(self) -> None:
        self._in_list_order("contacts", f.CONTACT)

    def _in_list_order(self, name: str, declared: f.Fields) -> None:
        """Partners and contacts: a new one takes its place in the bundle's list."""
        for decided in self._rows(name, declared):
            if decided.known is None:
                decided.row["position"] = decided.index

    # -- deletions ---------------------------------------------------------

    def _bury(self) -> None:
        """Apply the bundle's tombstones: a row not changed since its deletion goes."""
        graves = self.data.get("deleted") or []
        if not graves:
            return
        present = {item["id"] for name in DELETABLE for item in self._items(name)}
        by_collection: dict[str, dict[str, str]] = {}
        for grave in graves:
            self._seen(grave["stamp"])
            if grave["id"] not in present:
                by_collection.setdefault(grave["collection"], {})[grave["id"]] = grave["stamp"]
        stones = _table(m.Tombstone)
        kept = dict(
            _rows_in(
                self.db,
                select(stones.c.id, stones.c.stamp),
                stones.c.id,
                [i for found in by_collection.values() for i in found],
            )
        )
        for collection, found in by_collection.items():
            table = _table(_DELETABLE_MODELS[collection])
            query = select(table.c.id, table.c.event_id, table.c.updated_at, table.c.clock)
            rows = _rows_in(self.db, query.with_for_update(of=table), table.c.id, list(found))
            doomed = []
            for row in rows:
                if row.event_id != self.event_id:
                    continue  # an id of another event: not this bundle's to delete
                newest = _Stamps.of(row.clock, row.updated_at).newest
                if found[row.id] > newest:
                    doomed.append(row.id)
                else:
                    found.pop(row.id)  # changed after its deletion: it stays, unburied
            for chunk in _chunks(doomed):
                self.db.execute(delete(table).where(table.c.id.in_(list(chunk))))
            self.removed[collection] += len(doomed)
            new = [
                {"id": i, "collection": collection, "event_id": self.event_id, "stamp": s}
                for i, s in found.items()
                if i not in kept
            ]
            if new:
                self.db.execute(insert(stones), new)
            newer = [
                {"grave": i, "stamp": s} for i, s in found.items() if i in kept and s > kept[i]
            ]
            if newer:
                self.db.execute(
                    update(stones).where(stones.c.id == bindparam("grave")),
                    newer,
                )


_DELETABLE_MODELS: dict[str, type[m.Base]] = {
    "participants": m.Participant,
    "sessions": m.Session,
    "themes": m.Theme,
    "notes": m.Note,
    "partners": m.Partner,
    "contacts": m.Contact,
}


def _without(row: Mapping[str, Any], column: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != column}


_GROUPS: dict[type[m.Base], tuple[tuple[str, str], ...]] = {}


def _groups(declared: f.Fields) -> tuple[tuple[str, str], ...]:
    """(column, field key) of each declared field: the unit a merge decides on."""
    found = _GROUPS.get(declared.model)
    if found is None:
        found = tuple(
            (column, ".".join(path) if path is not None else key)
            for column, key, path, _, _ in _steps(declared)
        )
        _GROUPS[declared.model] = found
    return found


# --- bundle values → column values -------------------------------------------------


@dataclass(frozen=True)
class _Field:
    """How one declared field is read from a bundle object."""

    attribute: str
    column: str
    path: tuple[str, ...]
    #: None: the JSON value is the column value
    convert: Callable[[Any], Any] | None
    #: what a missing, null or "" value becomes: the column's default when it may
    #: not be empty, as a new row would get (None: the value is kept as it is)
    default: Callable[[], Any] | None


_FIELDS: dict[type[m.Base], tuple[_Field, ...]] = {}


def _fields(declared: f.Fields) -> tuple[_Field, ...]:
    """The writable fields of ``declared``, compiled once."""
    found = _FIELDS.get(declared.model)
    if found is None:
        mapper = declared.model.__mapper__
        found = tuple(
            _compile_field(name, declared.key(name), mapper.get_property(name).columns[0])
            for name in declared.writable
        )
        _FIELDS[declared.model] = found
    return found


def _compile_field(name: str, key: str, column: Any) -> _Field:
    default = column.default
    make: Callable[[], Any] | None = None
    if not column.nullable and default is not None:

        def make() -> Any:
            return default.arg(None) if default.is_callable else default.arg

    return _Field(name, column.key, tuple(key.split(".")), _converter(column.type), make)


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, UTCDateTime):
        return parse_instant
    if isinstance(column_type, DateTime):
        return parse_wall_time
    if isinstance(column_type, Date):
        return date.fromisoformat
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, JSON):
        return _copied
    return None


def _copied(value: Any) -> Any:
    # a list held by a JSON column is the row's own, not the bundle's
    return list(value) if isinstance(value, list) else value


def _lookup(item: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = item
    for part in path:
        value = (value or {}).get(part)
    return value


def values(declared: f.Fields, item: Mapping[str, Any]) -> dict[str, Any]:
    """The declared bundle fields of a validated bundle object, by table column.

    A value the bundle leaves out (or gives as null or "") of a column that
    may not be empty takes the column's default, as a new row would.
    """
    out: dict[str, Any] = {}
    get = item.get
    # plain tuples and locals: this runs for every object of a big bundle
    for column, key, path, convert, default in _steps(declared):
        value = get(key) if path is None else _lookup(item, path)
        if value is None or value == "":
            if default is not None:
                value = default()
        elif convert is not None:
            value = convert(value)
        out[column] = value
    return out


_Step = tuple[
    str, str, tuple[str, ...] | None, Callable[[Any], Any] | None, Callable[[], Any] | None
]
_STEPS: dict[type[m.Base], tuple[_Step, ...]] = {}


def _steps(declared: f.Fields) -> tuple[_Step, ...]:
    """(column, top-level key, nested path or None, convert, default) of each field."""
    found = _STEPS.get(declared.model)
    if found is None:
        found = tuple(
            (
                fld.column,
                fld.path[0],
                fld.path if len(fld.path) > 1 else None,
                fld.convert,
                fld.default,
            )
            for fld in _fields(declared)
        )
        _STEPS[declared.model] = found
    return found


def fill(obj: T, declared: f.Fields, item: Mapping[str, Any]) -> T:
    """Set ``obj``'s declared bundle fields from a validated bundle object."""
    row = values(declared, item)
    for fld in _fields(declared):
        setattr(obj, fld.attribute, row[fld.column])
    return obj


def keep_stamp(obj: m.Tracked, item: Mapping[str, Any]) -> None:
    """Keep the bundle's ``updated_at`` on a merged object (newer wins next time).

    The one deliberate write of ``updated_at`` outside the flush hook: the hook
    (store/tracking.py) sees it was set and does not stamp "now" over it.
    """
    obj.updated_at = parse_instant(item["updated_at"])


def _by_columns(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in groups with the same keys (one executemany each), in first-seen order."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    yield from groups.values()


def _rows_in(db: DbSession, query: Any, column: Any, ids: Sequence[str]) -> list[Any]:
    """The rows of ``query`` whose ``column`` is one of ``ids``, a few thousand ids a query.

    The ids travel as one expanding parameter: SQLAlchemy then compiles the
    query once instead of coercing every id into a literal of its own.
    """
    query = query.where(column.in_(bindparam("ids", expanding=True)))
    found: list[Any] = []
    for chunk in _chunks(ids):
        found += db.execute(query, {"ids": list(chunk)}).all()
    return found


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


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
