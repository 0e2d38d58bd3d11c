"""Merging a validated bundle into the workspace, by id, in bulk.

An unknown id is added; a known id is updated only when the incoming
``updated_at`` is newer; nothing is ever deleted. A note whose text loses to a
newer edit keeps the losing text in its history (:class:`NoteRevision`).

The merge reads first and writes after: one query per table (per few
thousand ids) tells which ids exist, in which event and how new; then every
decision is made in memory, a problem stops the merge before anything is
written, and the rows are written with one executemany per table. The bundle's
``updated_at`` is written with each row, so the stamping flush hook
(``store/tracking.py``), which the bulk statements bypass, has nothing to do.
Runs inside the caller's transaction, so a problem found here rolls back all.
"""

from __future__ import annotations

import base64
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

from workshop_planner.domain import fields as f
from workshop_planner.domain import models as m
from workshop_planner.domain.types import UTCDateTime, utc_now
from workshop_planner.services.bundle_validation import Problem, parse_instant, parse_wall_time

T = TypeVar("T", bound=m.Base)

#: ids per ``IN (…)``: far below SQLite's and PostgreSQL's limits on bound values
_CHUNK = 5000


class MergeConflict(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


@dataclass
class _Children:
    """Rows owned by the written rows of a table (a session's people, a note's themes).

    An updated parent's children are replaced: its old ones are deleted first.
    """

    #: the child tables, parents before children, each with its column naming the owner
    owned: tuple[tuple[Table, str], ...]
    #: by child table, the updated parents that have rows in it (to delete)
    replaced: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.rows.setdefault(table.name, []).append(row)


@dataclass
class _Writes:
    """The rows one table gets: new ones, updates of known ids, and their children."""

    table: Table
    children: _Children | None = None
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Merger:
    def __init__(self, db: DbSession, data: dict[str, Any]) -> None:
        self.db = db
        self.data = data
        self.event_id: str = data["event"]["id"]
        self.added: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.unchanged: Counter[str] = Counter()
        self.problems: list[Problem] = []
        self._writes: list[_Writes] = []
        self._revisions: list[dict[str, Any]] = []

    # -- reading what is there -----------------------------------------------

    def _existing(
        self, model: type[m.Base], ids: Iterable[str], *columns: str, extra: Sequence[Any] = ()
    ) -> dict[str, Any]:
        """``{id: row}`` of the known ``ids``, with ``updated_at``, ``columns`` and ``extra``
        (labelled expressions)."""
        table = _table(model)
        named = (table.c[name] for name in columns)
        wanted = select(table.c.id, table.c.updated_at, *named, *extra)
        return {row.id: row for row in _rows_in(self.db, wanted, table.c.id, list(ids))}

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
        with self.db.no_autoflush:
            self._plan()
            if self.problems:
                raise MergeConflict(self.problems)
            self._event()
            # the event row first: every row written below refers to it
            self.db.flush()
            self._write()

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
            by_id = writes.table.c.id == bindparam("merged_id")
            for rows in _by_columns(writes.updates):
                self.db.execute(update(writes.table).where(by_id), rows)
            if writes.children is not None:
                self._write_children(writes.children)
        if self._revisions:
            self.db.execute(insert(_table(m.NoteRevision)), self._revisions)

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
        admit: Callable[[int, dict[str, Any]], bool] | None = None,
        on_kept: Callable[[Any, dict[str, Any]], None] | None = None,
        before_write: Callable[[Any, dict[str, Any]], None] | None = None,
    ) -> Iterator[tuple[int, dict[str, Any], dict[str, Any], Any]]:
        """The bundle's ``name`` objects that win: (index, item, row to write, known row).

        The row holds the declared fields, the id, the bundle's ``updated_at``
        and (new, ``in_event``) the event; a caller may add to it before the
        next item, and add ``children`` of it. ``admit`` may refuse an item (recording a problem);
        ``on_kept`` sees a known row the bundle loses to, ``before_write`` one
        about to be overwritten (with ``load``: the columns read for them).
        """
        items = self._items(name)
        writes = _Writes(_table(declared.model), children)
        self._writes.append(writes)
        owner = ("event_id",) if in_event else ()
        # the stored values too: an update writes only the columns that change
        stored = tuple(step[0] for step in _steps(declared))
        wanted = tuple(dict.fromkeys((*owner, *load, *stored)))
        table = writes.table
        # whether a known row has children, and in which tables: only those are deleted
        has = [
            (child.name, exists().where(child.c[column] == table.c.id).label(f"has_{child.name}"))
            for child, column in (children.owned if children is not None else ())
        ]
        ids = (i["id"] for i in items)
        flags = [flag for _, flag in has]
        existing = self._existing(declared.model, ids, *wanted, extra=[*flags, *extra])
        for index, item in enumerate(items):
            known = existing.get(item["id"])
            if in_event and not self._same_event(name, index, known):
                continue
            if admit is not None and not admit(index, item):
                continue
            if not self._decide(name, known, item):
                if known is not None and on_kept is not None:
                    on_kept(known, item)
                continue
            row = values(declared, item)
            row["updated_at"] = parse_instant(item["updated_at"])
            if known is None:
                row["id"] = item["id"]
                if in_event:
                    row["event_id"] = self.event_id
                writes.inserts.append(row)
            else:
                if before_write is not None:
                    before_write(known, item)
                current = known._mapping
                changed = {k: v for k, v in row.items() if k not in stored or current[k] != v}
                changed["merged_id"] = item["id"]
                writes.updates.append(changed)
                if children is not None:
                    for child, _ in has:
                        if current[f"has_{child}"]:
                            children.replaced.setdefault(child, []).append(item["id"])
            yield index, item, row, known

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
        people, visits, attendees = (
            _table(m.SessionPerson),
            _table(m.FieldVisit),
            _table(m.FieldVisitAttendee),
        )
        children = _Children(
            ((people, "session_id"), (visits, "session_id"), (attendees, "session_id"))
        )
        for _, item, _, _ in self._rows("sessions", f.SESSION, children=children):
            session_id = item["id"]
            links = _unique(item.get("people") or [], lambda x: (x["person"], x["role"]))
            for i, link in enumerate(links):
                row = values(f.SESSION_PERSON, link)
                children.add(people, {**row, "session_id": session_id, "position": i})
            visit = item.get("field_visit")
            if visit is None:
                continue
            children.add(visits, {**values(f.FIELD_VISIT, visit), "session_id": session_id})
            for i, person_id in enumerate(_unique(visit.get("attendees") or [], lambda x: x)):
                children.add(
                    attendees, {"session_id": session_id, "person_id": person_id, "position": i}
                )

    def _themes(self) -> None:
        for index, item, row, _ in self._rows("themes", f.THEME):
            position = item.get("position")
            row["position"] = int(position) if position is not None else index + 1

    def _notes(self) -> None:
        remembered: list[tuple[str, str, str | None, datetime]] = []

        with_history: set[str] = set()

        def kept(note: Any, item: dict[str, Any]) -> None:
            incoming = item.get("text") or ""
            if incoming != note.text:
                remembered.append(
                    (note.id, incoming, item.get("author"), parse_instant(item["updated_at"]))
                )
                if note.has_history:
                    with_history.add(note.id)

        def replaced(note: Any, item: dict[str, Any]) -> None:
            if note.text != (item.get("text") or ""):
                remembered.append((note.id, note.text, note.author, note.updated_at))
                if note.has_history:
                    with_history.add(note.id)

        notes, revisions = _table(m.Note), _table(m.NoteRevision)
        has_history = exists().where(revisions.c.note_id == notes.c.id).label("has_history")

        themes = _table(m.NoteTheme)
        details = {name: _table(declared.model) for name, declared in f.NOTE_DETAILS.items()}
        children = _Children(
            ((themes, "note_id"), *((table, "note_id") for table in details.values()))
        )
        for _, item, row, _ in self._rows(
            "notes",
            f.NOTE,
            load=("text", "author"),
            extra=[has_history],
            children=children,
            before_write=replaced,
            on_kept=kept,
        ):
            note_id = item["id"]
            if not item.get("captured_at"):
                # a bundle from another tool may leave out when a note was captured
                row["captured_at"] = row["updated_at"]
            for i, theme_id in enumerate(_unique(item.get("themes") or [], lambda x: x)):
                children.add(themes, {"note_id": note_id, "theme_id": theme_id, "position": i})
            for name, declared in f.NOTE_DETAILS.items():
                detail = item.get(name)
                if detail is not None:
                    children.add(details[name], {**values(declared, detail), "note_id": note_id})
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
        for index, _, row, known in self._rows(name, declared):
            if known is None:
                row["position"] = index


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
