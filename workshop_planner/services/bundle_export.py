"""Writing an event as a bundle dict, exactly in the ``domain.md`` v1 layout.

Arrays are sorted by a natural key with the id last, so the same data always
gives the same JSON, whatever order it was inserted in.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Table, select, type_coerce
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import fields as f
from workshop_planner.domain import models as m
from workshop_planner.domain.types import UTCDateTime, utc_now
from workshop_planner.services.bundle_schema import DELETABLE, FORMAT, VERSION
from workshop_planner.services.errors import NotFoundError


def format_instant(value: datetime) -> str:
    """UTC instant as ``2023-06-15T08:12:00Z`` (microseconds only when present)."""
    if value.utcoffset() != _ZERO:
        value = value.astimezone(UTC)
    spec = "microseconds" if value.microsecond else "seconds"
    # "…+00:00" → "…Z", without converting again what the database gave in UTC
    return value.isoformat(timespec=spec)[:-6] + "Z"


_ZERO = timedelta(0)


def _stored_instant(value: datetime) -> str:
    """An instant as the workspace stores it (naive UTC, read without conversion)."""
    return value.isoformat(timespec="microseconds" if value.microsecond else "seconds") + "Z"


def _as_stored(table: Table) -> list[Any]:
    """The columns of ``table``, instants read as stored (naive UTC): the export
    writes them straight back as text, so making them aware first is wasted."""
    return [
        type_coerce(c, DateTime()).label(c.key) if isinstance(c.type, UTCDateTime) else c
        for c in table.c
    ]


def format_wall_time(value: datetime) -> str:
    """Local wall time as ``2023-06-15T09:30`` (seconds only when present)."""
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def export_event(
    db: DbSession, event_id: str, *, notes_author: str | None = None
) -> dict[str, Any]:
    """The bundle of one event; ``notes_author`` keeps only that note-taker's notes.

    Read as plain rows (no ORM objects), one query per table, so a big event
    costs about what its JSON does.
    """
    reader = _Reader(db)
    event = reader.one(m.Event, m.Event.id == event_id)
    if event is None:
        raise NotFoundError(f"There is no event with the id {event_id}.")
    settings = reader.one(m.ReportSettings, m.ReportSettings.event_id == event_id)

    in_event = m.Session.event_id == event_id
    by_session = (m.Session, "session_id")
    by_note = (m.Note, "note_id")
    participants = reader.rows(m.Participant, m.Participant.event_id == event_id)
    sessions = reader.rows(m.Session, in_event)
    session_people = reader.children(m.SessionPerson, by_session, in_event)
    visits = {v["session_id"]: v for v in reader.rows(m.FieldVisit, in_event, owner=by_session)}
    attendees = reader.children(m.FieldVisitAttendee, by_session, in_event)
    themes = reader.rows(m.Theme, m.Theme.event_id == event_id)
    note_filter = m.Note.event_id == event_id
    if notes_author is not None:
        note_filter = note_filter & (m.Note.author == notes_author)
    notes = reader.rows(m.Note, note_filter)
    note_themes = reader.children(m.NoteTheme, by_note, note_filter)
    # {note id: {"quote": its bundle object, …}}, in the bundle's order of details
    details: defaultdict[str, dict[str, Any]] = defaultdict(dict)
    speakers = set()
    for name, declared in f.NOTE_DETAILS.items():
        for row in reader.rows(declared.model, note_filter, owner=by_note):
            details[row["note_id"]][name] = bundle_values(row, declared)
            speakers.add(row.get("speaker_id"))
    partners = reader.rows(m.Partner, m.Partner.event_id == event_id)
    contacts = reader.rows(m.Contact, m.Contact.event_id == event_id)

    person_ids = {p["person_id"] for p in participants}
    for links in (*session_people.values(), *attendees.values()):
        person_ids.update(link["person_id"] for link in links)
    people = reader.by_ids(m.Person, person_ids | speakers)
    organisations = reader.by_ids(m.Organisation, {p["organisation_id"] for p in people})
    assets = reader.by_ids(m.Asset, {p["logo_id"] for p in partners})
    names = {p["id"]: p["full_name"] for p in people}

    def session(s: dict[str, Any]) -> dict[str, Any]:
        visit = visits.get(s["id"])
        return _row(
            s,
            f.SESSION,
            people=[bundle_values(link, f.SESSION_PERSON) for link in session_people[s["id"]]],
            field_visit=(
                {
                    **bundle_values(visit, f.FIELD_VISIT),
                    "attendees": [a["person_id"] for a in attendees[s["id"]]],
                }
                if visit
                else None
            ),
        )

    def note(n: dict[str, Any]) -> dict[str, Any]:
        n["theme_ids"] = [link["theme_id"] for link in note_themes[n["id"]]]
        return _row(n, f.NOTE, **details.get(n["id"], {}))

    bundle = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_instant(utc_now().replace(microsecond=0)),
        "event": _event(event, settings),
        "organisations": [
            _row(o, f.ORGANISATION)
            for o in sorted(organisations, key=lambda o: (o["name"], o["id"]))
        ],
        "people": [
            _row(p, f.PERSON) for p in sorted(people, key=lambda p: (p["full_name"], p["id"]))
        ],
        "participants": [
            _row(p, f.PARTICIPANT)
            for p in sorted(participants, key=lambda p: (names.get(p["person_id"], ""), p["id"]))
        ],
        "sessions": [
            session(s)
            for s in sorted(
                sessions, key=lambda s: (s["start_time"], s["end_time"], s["title"], s["id"])
            )
        ],
        "themes": [
            _row(t, f.THEME) for t in sorted(themes, key=lambda t: (t["position"], t["id"]))
        ],
        "notes": [
            note(n) for n in sorted(notes, key=lambda n: (n["captured_at"], n["position"], n["id"]))
        ],
        "partners": [
            _row(p, f.PARTNER)
            for p in sorted(partners, key=lambda p: (p["position"], p["name"], p["id"]))
        ],
        "contacts": [
            _row(c, f.CONTACT)
            for c in sorted(contacts, key=lambda c: (c["position"], c["name"], c["id"]))
        ],
        "assets": [
            {
                "id": a["id"],
                "media_type": a["media_type"],
                "data": base64.b64encode(a["data"]).decode("ascii"),
            }
            for a in sorted(assets, key=lambda a: a["id"])
        ],
    }
    deleted = _deleted(db, event_id)
    if deleted:
        bundle["deleted"] = deleted
    return bundle


def _deleted(db: DbSession, event_id: str) -> list[dict[str, Any]]:
    """The event's tombstones (deleted notes, sessions …), oldest deletion first."""
    stones = _table(m.Tombstone)
    query = (
        select(stones.c.id, stones.c.collection, stones.c.stamp)
        .where(stones.c.event_id == event_id, stones.c.collection.in_(DELETABLE))
        .order_by(stones.c.stamp, stones.c.id)
    )
    return [{"id": i, "collection": c, "stamp": s} for i, c, s in db.execute(query)]


#: ids per ``IN (…)``: far below SQLite's and PostgreSQL's limits on bound values
_CHUNK = 5000


class _Reader:
    """Rows of the workspace as plain dicts, keyed by table column."""

    def __init__(self, db: DbSession) -> None:
        self.db = db

    def rows(
        self, model: type[m.Base], where: Any, *, owner: tuple[type[m.Base], str] | None = None
    ) -> list[dict[str, Any]]:
        """The rows of ``model`` that ``where`` picks; with ``owner`` (a model and
        the column of ``model`` holding its id), ``where`` may test the owner's row."""
        table = _table(model)
        query = select(*_as_stored(table))
        if owner is not None:
            parent = _table(owner[0])
            query = query.join(parent, table.c[owner[1]] == parent.c.id)
        return _dicts(self.db.execute(query.where(where)))

    def one(self, model: type[m.Base], where: Any) -> dict[str, Any] | None:
        found = self.rows(model, where)
        return found[0] if found else None

    def children(
        self, model: type[m.Base], owner: tuple[type[m.Base], str], where: Any
    ) -> defaultdict[str, list[dict[str, Any]]]:
        """``{owner id: [rows in their order]}`` of the owners ``where`` picks."""
        grouped: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in sorted(self.rows(model, where, owner=owner), key=lambda r: r["position"]):
            grouped[row[owner[1]]].append(row)
        return grouped

    def by_ids(self, model: type[m.Base], ids: set[str | None]) -> list[dict[str, Any]]:
        table = _table(model)
        wanted = sorted(i for i in ids if i)
        found: list[dict[str, Any]] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            query = select(*_as_stored(table)).where(table.c.id.in_(chunk))
            found.extend(_dicts(self.db.execute(query)))
        return found


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _dicts(result: Any) -> list[dict[str, Any]]:
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


def bundle_values(row: Mapping[str, Any], declared: f.Fields) -> dict[str, Any]:
    """The declared bundle fields of a row (keyed by column) under their bundle keys."""
    out: dict[str, Any] = {}
    for fld in _bundle_fields(declared):
        value = row[fld.column]
        if value is None:
            if fld.optional:
                continue
        elif fld.to_json is not None:
            value = fld.to_json(value)
        if len(fld.path) == 1:
            out[fld.path[0]] = value
            continue
        target = out
        for part in fld.path[:-1]:
            target = target.setdefault(part, {})
        target[fld.path[-1]] = value
    return out


@dataclass(frozen=True)
class _BundleField:
    """How one declared field is written into a bundle object."""

    column: str
    path: tuple[str, ...]
    #: left out of the bundle when empty (a field added after version 1)
    optional: bool
    #: None: the column value is the JSON value
    to_json: Callable[[Any], Any] | None


_BUNDLE_FIELDS: dict[type[m.Base], tuple[_BundleField, ...]] = {}


def _bundle_fields(declared: f.Fields) -> tuple[_BundleField, ...]:
    """Each declared field of ``declared``, found once.

    A read-only value computed from relations (a note's ``theme_ids``) is read
    under its attribute name.
    """
    found = _BUNDLE_FIELDS.get(declared.model)
    if found is None:
        mapper = declared.model.__mapper__
        fields: list[_BundleField] = []
        for name in declared.bundle:
            column = mapper.columns.get(name)
            fields.append(
                _BundleField(
                    column=column.key if column is not None else name,
                    path=tuple(declared.key(name).split(".")),
                    optional=name in declared.optional,
                    to_json=_json_writer(column.type) if column is not None else to_json,
                )
            )
        found = _BUNDLE_FIELDS[declared.model] = tuple(fields)
    return found


def _json_writer(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, UTCDateTime):
        return _stored_instant
    if isinstance(column_type, DateTime):
        return format_wall_time
    if isinstance(column_type, Date):
        return date.isoformat
    if isinstance(column_type, JSON):
        return to_json
    return None


def to_json(value: Any) -> Any:
    """A column value as the bundle writes it."""
    if isinstance(value, datetime):
        # instants are aware (UTC columns); session times are naive wall times
        return format_instant(value) if value.tzinfo is not None else format_wall_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def _row(row: Mapping[str, Any], declared: f.Fields, **more: Any) -> dict[str, Any]:
    """One bundle object: id, its declared fields, ``more``, updated_at, then its
    clock (left out when it has none, so bundles without one export as written)."""
    out = {
        "id": row["id"],
        **bundle_values(row, declared),
        **more,
        "updated_at": _stored_instant(row["updated_at"]),
    }
    if row["clock"]:
        out["clock"] = row["clock"]
    return out


def _event(event: Mapping[str, Any], settings: Mapping[str, Any] | None) -> dict[str, Any]:
    if settings is not None:
        report = bundle_values(settings, f.REPORT_SETTINGS)
        report["overrides"].update(settings["extra_overrides"] or {})
    else:
        report = {
            "template": "event-report",
            "sections": list(m.DEFAULT_SECTIONS),
            "overrides": dict.fromkeys(f.REPORT_OVERRIDES),
        }
    return _row(event, f.EVENT, report=report)
