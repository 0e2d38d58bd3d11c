"""The people directory: list, search, edit, merge, export and erase a person.

Every function is one transaction and returns plain frozen values. Consent
to be named is recorded with its history (:class:`ConsentChange` rows): who
changed it, when, from what.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import models as m
from workshop_planner.domain.enums import Attribution
from workshop_planner.domain.rules import RuleViolation, check_country_code, check_email
from workshop_planner.domain.text import fold, sort_key
from workshop_planner.domain.types import utc_now
from workshop_planner.report.mentions import NAME_WITHHELD, Watchlist, WithheldPerson
from workshop_planner.services.concurrency import check_version, locked, refusing_stale_writes
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.participants import find_or_create_organisation
from workshop_planner.store import Workspace

#: The fields :func:`update_person` accepts.
EDITABLE = frozenset(
    {
        "full_name",
        "job_title",
        "organisation",
        "organisation_id",
        "city",
        "country",
        "email",
        "consent_to_name",
        "consent_note",
    }
)

Row = dict[str, Any]


# --- plain values ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)  # the whole directory is held: no __dict__ each
class PersonInfo:
    id: str
    full_name: str
    job_title: str
    organisation_id: str | None
    organisation: str
    city: str
    country: str | None
    email: str | None
    consent_to_name: bool
    #: (event id, event title) of every event the person takes part in
    events: tuple[tuple[str, str], ...]
    updated_at: datetime
    #: the row version an edit based on this snapshot hands back (0: unknown)
    version: int = 0


@dataclass(frozen=True)
class ConsentChangeInfo:
    changed_at: datetime
    changed_by: str
    old: bool | None
    new: bool
    note: str | None = None


@dataclass(frozen=True)
class _Snapshot:
    """Rows as they were, to be put back exactly (table name → rows)."""

    rows: tuple[tuple[str, tuple[Row, ...]], ...] = ()

    def of(self, table: str) -> tuple[Row, ...]:
        for name, rows in self.rows:
            if name == table:
                return rows
        return ()


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge_people` did, enough for :func:`undo_merge` to undo it."""

    keep_id: str
    remove_id: str
    #: the people, participations, session roles, attendance, quotes and consent
    #: history of both people as they were before the merge
    before: _Snapshot = field(repr=False)
    moved_participations: int = 0
    moved_session_roles: int = 0
    moved_attendance: int = 0
    moved_quotes: int = 0


@dataclass(frozen=True)
class Erasure:
    """What :func:`erase_person` removed and rewrote, to undo it while the app runs."""

    person_id: str
    full_name: str
    #: the person and their participations, session roles, attendance, quotes, consent
    before: _Snapshot = field(repr=False)
    #: rows whose texts were rewritten or that were deleted for holding the name
    texts: _Snapshot = field(repr=False, default=_Snapshot())
    #: texts in which a mention of the person was withheld
    rewritten_texts: int = 0


# --- reading -------------------------------------------------------------------------


def list_people(workspace: Workspace, query: str = "") -> list[PersonInfo]:
    """Every person of the directory, sorted by name ignoring case and accents.

    ``query`` matches (case and accents ignored, every word somewhere) the name,
    organisation, job title, city, country code or e-mail.
    """
    words = fold(query).split()
    p, org = m.Person, m.Organisation
    # plain rows, not ORM objects: the whole directory (20,000 people) is read at once
    rows = (
        select(p.id, p.full_name, p.job_title, p.organisation_id, org.name, p.city, p.country,
               p.email, p.consent_to_name, p.updated_at, p.version)
        .outerjoin(org, org.id == p.organisation_id)
    )  # fmt: skip
    # one string object per distinct value (organisations and cities repeat a lot)
    shared: dict[str, str] = {}
    with workspace.reading() as db:
        events = _events_by_person(db)
        result = []
        for row in db.connection().execute(rows):  # Core rows: no ORM row loading
            pid, name, job, org_id, org_name, city, country, email, consent, updated, version = row
            if words:
                haystack = fold(
                    " ".join(x or "" for x in (name, org_name, job, city, country, email))
                )
                if not all(w in haystack for w in words):
                    continue
            result.append(
                PersonInfo(
                    id=pid,
                    full_name=name,
                    job_title=shared.setdefault(job, job) if job else "",
                    organisation_id=org_id,
                    organisation=shared.setdefault(org_name, org_name) if org_name else "",
                    city=shared.setdefault(city, city) if city else "",
                    country=shared.setdefault(country, country) if country else None,
                    email=email,
                    consent_to_name=bool(consent),
                    events=events.get(pid, ()),
                    updated_at=updated,
                    version=version,
                )
            )
    result.sort(key=lambda info: (*sort_key(info.full_name), info.id))
    return result


def get_person(workspace: Workspace, person_id: str) -> PersonInfo:
    with workspace.reading() as db:
        person = _person(db, person_id)
        return _info(person, _events_by_person(db, person_id).get(person_id, ()))


def consent_history(workspace: Workspace, person_id: str) -> list[ConsentChangeInfo]:
    """The person's consent changes, oldest first."""
    with workspace.reading() as db:
        _person(db, person_id)
        rows = db.scalars(
            select(m.ConsentChange)
            .where(m.ConsentChange.person_id == person_id)
            .order_by(m.ConsentChange.changed_at, m.ConsentChange.id)
        ).all()
        return [ConsentChangeInfo(r.changed_at, r.changed_by, r.old, r.new, r.note) for r in rows]


# --- editing -------------------------------------------------------------------------


def update_person(
    workspace: Workspace,
    person_id: str,
    changes: Mapping[str, Any],
    *,
    changed_by: str,
    version: int | None = None,
) -> PersonInfo:
    """Change some of a person's fields; raises ServiceError with one sentence.

    ``organisation`` is a name (found ignoring case, or created); ``organisation_id``
    picks an existing organisation; ``country`` is an ISO alpha-2 code;
    ``consent_to_name`` records a consent change (with ``consent_note``) when it
    changes. A person changed since ``version`` (the one the editor loaded)
    is refused with :class:`StaleEditError`; None checks nothing.
    """
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ServiceError(f"“{sorted(unknown)[0]}” is not a field of a person.")
    with refusing_stale_writes(workspace, "person") as db:
        person = locked(db, m.Person, person_id, _PERSON_GONE)
        check_version(person, version, "person")
        if "full_name" in changes:
            name = _clean(changes["full_name"])
            if not name:
                raise ServiceError("A person needs a name.")
            person.full_name = name
        if "job_title" in changes:
            person.job_title = _clean(changes["job_title"])
        if "city" in changes:
            person.city = _clean(changes["city"])
        try:
            if "country" in changes:
                person.country = check_country_code(changes["country"])
            if "email" in changes:
                email = check_email(changes["email"])
                if email is not None:
                    _refuse_shared_email(db, email, person.id)
                person.email = email
        except RuleViolation as exc:
            raise ServiceError(str(exc)) from None
        if "organisation_id" in changes:
            org_id = changes["organisation_id"]
            if org_id is not None and db.get(m.Organisation, org_id) is None:
                raise ServiceError("That organisation no longer exists.")
            person.organisation_id = org_id
        if "organisation" in changes:
            org_name = _clean(changes["organisation"])
            if org_name:
                org, _created = find_or_create_organisation(db, org_name, None)
                person.organisation_id = org.id
            else:
                person.organisation_id = None
        if "consent_to_name" in changes:
            new = bool(changes["consent_to_name"])
            if new != person.consent_to_name:
                db.add(
                    m.ConsentChange(
                        person_id=person.id,
                        changed_at=utc_now(),
                        changed_by=_clean(changed_by) or "unknown",
                        old=person.consent_to_name,
                        new=new,
                        note=_clean(changes.get("consent_note")),
                    )
                )
                person.consent_to_name = new
        db.flush()
        db.refresh(person)
        return _info(person, _events_by_person(db, person_id).get(person_id, ()))


def _refuse_shared_email(db: DbSession, email: str, person_id: str) -> None:
    others = db.scalars(
        select(m.Person).where(m.Person.email.is_not(None)).where(m.Person.id != person_id)
    )
    for other in others:
        if other.email and other.email.casefold() == email.casefold():
            raise ServiceError(
                f"{other.full_name} already has the e-mail address {email}; "
                "merge the two records instead."
            )


# --- merging -------------------------------------------------------------------------


def merge_people(workspace: Workspace, keep_id: str, remove_id: str) -> MergeResult:
    """Fold ``remove_id`` into ``keep_id``: participations, session roles, field-visit
    attendance, quotes and consent history follow; the kept record's empty fields are
    filled from the removed one. Where both take part in the same event, the richer
    participation is kept (with the roles of both). Consent after a merge is the
    stricter of the two (named only if both consented)."""
    if keep_id == remove_id:
        raise ServiceError("Choose two different people to merge.")
    with workspace.transaction() as db:
        keep = _person(db, keep_id)
        remove = _person(db, remove_id)
        before = _snapshot_people(db, (keep_id, remove_id))
        # participations
        moved_parts = 0
        kept_parts = {
            p.event_id: p
            for p in db.scalars(select(m.Participant).where(m.Participant.person_id == keep_id))
        }
        for part in db.scalars(select(m.Participant).where(m.Participant.person_id == remove_id)):
            other = kept_parts.get(part.event_id)
            if other is None:
                part.person_id = keep_id
                moved_parts += 1
                continue
            richer, poorer = (part, other) if _richness(part) > _richness(other) else (other, part)
            roles = list(richer.roles) + [r for r in poorer.roles if r not in richer.roles]
            for attr in ("requirements", "notes"):
                if not getattr(richer, attr) and getattr(poorer, attr):
                    setattr(richer, attr, getattr(poorer, attr))
            db.delete(poorer)
            db.flush()
            richer.roles = roles
            richer.person_id = keep_id
            moved_parts += 1
        # session roles
        moved_roles = 0
        kept_roles = set(
            db.execute(
                select(m.SessionPerson.session_id, m.SessionPerson.role).where(
                    m.SessionPerson.person_id == keep_id
                )
            )
        )
        for sp in db.scalars(select(m.SessionPerson).where(m.SessionPerson.person_id == remove_id)):
            if (sp.session_id, sp.role) in kept_roles:
                db.delete(sp)
            else:
                db.add(
                    m.SessionPerson(
                        session_id=sp.session_id, person_id=keep_id, role=sp.role,
                        position=sp.position,
                    )
                )  # fmt: skip
                db.delete(sp)
                moved_roles += 1
        # field-visit attendance
        moved_att = 0
        kept_visits = set(
            db.scalars(
                select(m.FieldVisitAttendee.session_id).where(
                    m.FieldVisitAttendee.person_id == keep_id
                )
            )
        )
        for att in db.scalars(
            select(m.FieldVisitAttendee).where(m.FieldVisitAttendee.person_id == remove_id)
        ):
            if att.session_id not in kept_visits:
                db.add(
                    m.FieldVisitAttendee(
                        session_id=att.session_id, person_id=keep_id, position=att.position
                    )
                )
                moved_att += 1
            db.delete(att)
        db.flush()
        # quotes and consent history
        quotes = db.scalars(select(m.QuoteDetails).where(m.QuoteDetails.speaker_id == remove_id))
        moved_quotes = 0
        for q in quotes:
            q.speaker_id = keep_id
            moved_quotes += 1
        for change in db.scalars(
            select(m.ConsentChange).where(m.ConsentChange.person_id == remove_id)
        ):
            change.person_id = keep_id
        # the kept record: empty fields filled, the stricter consent
        for attr in ("job_title", "organisation_id", "city", "country", "email"):
            if not getattr(keep, attr) and getattr(remove, attr):
                setattr(keep, attr, getattr(remove, attr))
        if keep.consent_to_name and not remove.consent_to_name:
            db.add(
                m.ConsentChange(
                    person_id=keep_id,
                    changed_at=utc_now(),
                    changed_by="merge",
                    old=True,
                    new=False,
                    note=f"Merged with a record that had no consent ({remove.full_name}).",
                )
            )
            keep.consent_to_name = False
        db.flush()
        db.delete(remove)
        return MergeResult(
            keep_id=keep_id,
            remove_id=remove_id,
            before=before,
            moved_participations=moved_parts,
            moved_session_roles=moved_roles,
            moved_attendance=moved_att,
            moved_quotes=moved_quotes,
        )


def undo_merge(workspace: Workspace, result: MergeResult) -> None:
    """Put both people back as they were before :func:`merge_people`."""
    with workspace.transaction() as db:
        _restore_people(db, (result.keep_id, result.remove_id), result.before)


def _richness(part: m.Participant) -> tuple[int, int]:
    filled = sum(1 for v in (part.requirements, part.notes) if v)
    attended = 1 if part.attendance == "attended" else 0
    return (len(part.roles or []) + filled + attended, 0)


# --- a person's data -----------------------------------------------------------------


def export_person(workspace: Workspace, person_id: str) -> dict[str, Any]:
    """Everything the workspace holds about a person, as JSON-able data."""
    with workspace.reading() as db:
        person = _person(db, person_id)
        org = person.organisation
        watch = _PersonWatch(person)
        events = {e.id: e for e in db.scalars(select(m.Event))}
        participations = db.scalars(
            select(m.Participant).where(m.Participant.person_id == person_id)
        ).all()
        roles = db.execute(
            select(m.SessionPerson, m.Session)
            .join(m.Session, m.Session.id == m.SessionPerson.session_id)
            .where(m.SessionPerson.person_id == person_id)
        )
        visits = db.execute(
            select(m.FieldVisitAttendee, m.Session)
            .join(m.Session, m.Session.id == m.FieldVisitAttendee.session_id)
            .where(m.FieldVisitAttendee.person_id == person_id)
        )
        quotes = db.execute(
            select(m.QuoteDetails, m.Note)
            .join(m.Note, m.Note.id == m.QuoteDetails.note_id)
            .where(m.QuoteDetails.speaker_id == person_id)
        )
        mentions = []
        for table, key, column, value in _text_cells(db):
            if value and watch.find(value):
                mentions.append({"table": table, "id": key, "field": column, "text": value})
        history = db.scalars(
            select(m.ConsentChange)
            .where(m.ConsentChange.person_id == person_id)
            .order_by(m.ConsentChange.changed_at)
        ).all()
        data: dict[str, Any] = _jsonable(
            {
                "format": "workshop-planner/person-export",
                "exported_at": utc_now(),
                "person": {
                    "id": person.id,
                    "full_name": person.full_name,
                    "job_title": person.job_title,
                    "organisation": (
                        {"id": org.id, "name": org.name, "country": org.country} if org else None
                    ),
                    "city": person.city,
                    "country": person.country,
                    "email": person.email,
                    "consent_to_name": person.consent_to_name,
                    "updated_at": person.updated_at,
                },
                "consent_history": [
                    {
                        "changed_at": c.changed_at,
                        "changed_by": c.changed_by,
                        "old": c.old,
                        "new": c.new,
                        "note": c.note,
                    }
                    for c in history
                ],
                "participations": [
                    {
                        "event": p.event_id,
                        "event_title": events[p.event_id].title if p.event_id in events else None,
                        "roles": list(p.roles),
                        "attendance": p.attendance,
                        "requirements": p.requirements,
                        "notes": p.notes,
                    }
                    for p in participations
                ],
                "session_roles": [
                    {"event": s.event_id, "session": s.id, "title": s.title, "role": sp.role}
                    for sp, s in roles
                ],
                "field_visits": [
                    {"event": s.event_id, "session": s.id, "title": s.title} for _a, s in visits
                ],
                "quotes": [
                    {
                        "event": n.event_id,
                        "note": n.id,
                        "text": n.text,
                        "attribution": q.attribution,
                        "captured_at": n.captured_at,
                    }
                    for q, n in quotes
                ],
                "mentions": mentions,
            }
        )
        return data


def erase_person(workspace: Workspace, person_id: str) -> Erasure:
    """Remove a person from the workspace, leaving no trace of them.

    Participations, session roles and field-visit attendance are removed; their
    quotes become anonymous (speaker and free fields cleared); every text that
    mentions them (notes, case studies, themes, sessions, report overrides,
    participants' notes, drafts) has the mention withheld, so neither a report
    nor a bundle export prints it; note history entries holding the name and the
    consent history are deleted. No list of erased names is kept: the texts
    themselves are rewritten (the :class:`Erasure` value, held in memory by the
    undo stack, is the only copy, gone when the app closes).
    """
    with workspace.transaction() as db:
        person = _person(db, person_id)
        watch = _PersonWatch(person)
        name_key = fold(" ".join(person.full_name.split()))
        before = _snapshot_people(db, (person_id,))
        tables: dict[str, list[Row]] = {}

        def keep(obj: Any) -> None:
            if isinstance(obj, m.Participant) and obj.person_id == person_id:
                return  # in ``before`` already, as it was
            tables.setdefault(type(obj).__tablename__, []).append(_row(obj))

        rewritten = 0
        # texts that mention the person
        for obj in _text_objects(db):
            changed = False
            for column in _TEXT_COLUMNS[type(obj)]:
                value = getattr(obj, column)
                if isinstance(value, str) and value and watch.find(value):
                    if not changed:
                        keep(obj)
                        changed = True
                    setattr(obj, column, watch.withhold(value))
                    rewritten += 1
            if isinstance(obj, m.ReportSettings) and obj.extra_overrides:
                extra = dict(obj.extra_overrides)
                hit = False
                for k, v in extra.items():
                    if isinstance(v, str) and watch.find(v):
                        extra[k] = watch.withhold(v)
                        hit = True
                if hit:
                    if not changed:
                        keep(obj)
                    obj.extra_overrides = extra
                    rewritten += 1
        # note authors, history entries and drafts holding the name
        for note in db.scalars(select(m.Note).where(m.Note.author.is_not(None))):
            if note.author and fold(" ".join(note.author.split())) == name_key:
                if not any(r["id"] == note.id for r in tables.get("notes", [])):
                    keep(note)
                note.author = None
        for rev in db.scalars(select(m.NoteRevision)):
            if watch.find(rev.text) or (
                rev.author and fold(" ".join(rev.author.split())) == name_key
            ):
                keep(rev)
                db.delete(rev)
        for draft in db.scalars(select(m.CaptureDraft)):
            typed = json.dumps(draft.extra or {}, ensure_ascii=False)
            if (
                fold(" ".join(draft.author.split())) == name_key
                or watch.find(draft.text)
                or person_id in typed
                or watch.find(typed)
            ):
                keep(draft)
                db.delete(draft)
        # an event contact who is the person (by name or e-mail address)
        for contact in db.scalars(select(m.Contact)):
            if watch.find(contact.name or "") or watch.find(contact.email or ""):
                keep(contact)
                db.delete(contact)
        # quotes by the person, or typed with their name
        for q in db.scalars(select(m.QuoteDetails)):
            named = bool(q.speaker_id is None and q.name and watch.find(q.name))
            if q.speaker_id == person_id or named:
                keep(q)
                q.speaker_id = None
                q.name = q.job_title = q.organisation = q.city = q.country = None
                q.attribution = Attribution.ANONYMOUS.value
        db.flush()
        db.delete(person)
        db.flush()
        return Erasure(
            person_id=person_id,
            full_name=person.full_name,
            before=before,
            texts=_Snapshot(tuple((k, tuple(v)) for k, v in tables.items())),
            rewritten_texts=rewritten,
        )


def undo_erase(workspace: Workspace, erasure: Erasure) -> PersonInfo:
    """Put back everything :func:`erase_person` removed or rewrote."""
    with workspace.transaction() as db:
        _restore_people(db, (erasure.person_id,), erasure.before)
        texts = erasure.texts
        for model in (m.Note, m.Theme, m.Session, m.FieldVisit, m.ReportSettings,
                      m.Participant, m.CaseStudy, m.CityExample, m.Resource, m.Event,
                      m.QuoteDetails):  # fmt: skip
            for row in texts.of(model.__tablename__):
                obj = db.get(model, _pk(model, row))
                if obj is None:
                    continue
                for key, value in row.items():
                    setattr(obj, key, value)
        for history in (m.NoteRevision, m.CaptureDraft, m.Contact):
            for row in texts.of(history.__tablename__):
                if db.get(history, _pk(history, row)) is None:
                    db.add(history(**row))
        db.flush()
        person = _person(db, erasure.person_id)
        return _info(person, _events_by_person(db, person.id).get(person.id, ()))


# --- helpers -------------------------------------------------------------------------


class _PersonWatch:
    """Mentions of one person: their name (see :mod:`report.mentions`) or e-mail address."""

    def __init__(self, person: m.Person) -> None:
        self.names = Watchlist([WithheldPerson(person.full_name, person.job_title)])
        email = (person.email or "").strip()
        self.email = re.compile(re.escape(email), re.IGNORECASE) if email else None

    def find(self, text: str) -> bool:
        if self.email is not None and self.email.search(text):
            return True
        return bool(self.names.find(text))

    def withhold(self, text: str) -> str:
        if self.email is not None:
            text = self.email.sub(NAME_WITHHELD, text)
        return self.names.withhold(text)


#: Text columns that may mention a person, per model (what reports and bundles carry).
_TEXT_COLUMNS: dict[type[Any], tuple[str, ...]] = {
    m.Note: ("text",),
    m.CaseStudy: ("title", "challenge", "approach", "impact"),
    m.CityExample: ("label",),
    m.Resource: ("title", "publisher"),
    m.Theme: ("title", "key_message", "summary", "body"),
    m.Session: ("title", "description", "location"),
    m.FieldVisit: ("site", "host_organisation", "meeting_point", "transport", "address"),
    m.ReportSettings: ("summary_opening", "threats_intro", "next_steps", "closing"),
    m.Participant: ("notes", "requirements"),
    m.Event: ("title", "subtitle", "description"),
    m.Partner: ("acknowledgement",),
}


def _text_objects(db: DbSession) -> list[Any]:
    objects: list[Any] = []
    for model in _TEXT_COLUMNS:
        objects.extend(db.scalars(select(model)))
    return objects


def _text_cells(db: DbSession) -> list[tuple[str, str, str, str]]:
    cells = []
    for obj in _text_objects(db):
        key = "/".join(str(v) for v in inspect(obj).identity or ())
        for column in _TEXT_COLUMNS[type(obj)]:
            value = getattr(obj, column)
            if isinstance(value, str):
                cells.append((type(obj).__tablename__, key, column, value))
    return cells


def _pk(model: type[Any], row: Row) -> Any:
    keys = [c.key for c in inspect(model).primary_key]
    values = tuple(row[k] for k in keys)
    return values[0] if len(values) == 1 else values


def _row(obj: Any) -> Row:
    mapper = inspect(type(obj))
    return {attr.key: _copy(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


_PERSON_TABLES: tuple[tuple[type[Any], Any], ...] = (
    (m.Participant, m.Participant.person_id),
    (m.SessionPerson, m.SessionPerson.person_id),
    (m.FieldVisitAttendee, m.FieldVisitAttendee.person_id),
    (m.ConsentChange, m.ConsentChange.person_id),
)


def _snapshot_people(db: DbSession, ids: Sequence[str]) -> _Snapshot:
    db.flush()
    rows: dict[str, tuple[Row, ...]] = {
        "people": tuple(_row(p) for p in db.scalars(select(m.Person).where(m.Person.id.in_(ids))))
    }
    for model, column in _PERSON_TABLES:
        rows[model.__tablename__] = tuple(
            _row(r) for r in db.scalars(select(model).where(column.in_(ids)))
        )
    rows["note_quotes"] = tuple(
        _row(q)
        for q in db.scalars(select(m.QuoteDetails).where(m.QuoteDetails.speaker_id.in_(ids)))
    )
    return _Snapshot(tuple(rows.items()))


def _restore_people(db: DbSession, ids: Sequence[str], before: _Snapshot) -> None:
    """Rows linked to ``ids`` replaced by the snapshot's (people first)."""
    for model, column in reversed(_PERSON_TABLES):
        db.execute(delete(model).where(column.in_(ids)))
    db.flush()
    for row in before.of("people"):
        person = db.get(m.Person, row["id"])
        if person is None:
            db.add(m.Person(**row))
        else:
            for key, value in row.items():
                # the version only ever grows: an editor holding the old one must be refused
                if key != "version":
                    setattr(person, key, value)
    db.flush()
    for model, _column in _PERSON_TABLES:
        for row in before.of(model.__tablename__):
            db.add(model(**row))
    db.flush()
    for row in before.of("note_quotes"):
        quote = db.get(m.QuoteDetails, row["note_id"])
        if quote is not None:
            quote.speaker_id = row["speaker_id"]


def _events_by_person(
    db: DbSession, person_id: str | None = None
) -> dict[str, tuple[tuple[str, str], ...]]:
    stmt = (
        select(m.Participant.person_id, m.Event.id, m.Event.title)
        .join(m.Event, m.Event.id == m.Participant.event_id)
        .order_by(m.Event.start_date, m.Event.title)
    )
    if person_id is not None:
        stmt = stmt.where(m.Participant.person_id == person_id)
    result: dict[str, list[tuple[str, str]]] = {}
    pairs: dict[str, tuple[str, str]] = {}  # one (id, title) per event, shared by its people
    for pid, eid, title in db.execute(stmt):
        result.setdefault(pid, []).append(pairs.setdefault(eid, (eid, title)))
    return {k: tuple(v) for k, v in result.items()}


def _person(db: DbSession, person_id: str) -> m.Person:
    person = db.get(m.Person, person_id)
    if person is None:
        raise ServiceError(_PERSON_GONE)
    return person


_PERSON_GONE = "That person is no longer in the directory."


def _info(p: m.Person, events: tuple[tuple[str, str], ...]) -> PersonInfo:
    org = p.organisation
    return PersonInfo(
        id=p.id,
        full_name=p.full_name,
        job_title=p.job_title or "",
        organisation_id=p.organisation_id,
        organisation=org.name if org else "",
        city=p.city or "",
        country=p.country,
        email=p.email,
        consent_to_name=bool(p.consent_to_name),
        events=events,
        updated_at=p.updated_at,
        version=p.version,
    )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(str(value).split())
    return cleaned or None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


__all__ = [
    "EDITABLE",
    "NAME_WITHHELD",
    "ConsentChangeInfo",
    "Erasure",
    "MergeResult",
    "PersonInfo",
    "consent_history",
    "erase_person",
    "export_person",
    "get_person",
    "list_people",
    "merge_people",
    "undo_erase",
    "undo_merge",
    "update_person",
]
