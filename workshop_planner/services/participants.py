"""The workspace directory and an event's participants.

Plain dataclasses in and out, one transaction per call. Additions (from the
directory, a new person, an import) are described by an :class:`Addition` that
lists exactly what was created, so an undo can remove it and a redo can put it
back with the same ids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import fields as fd
from workshop_planner.domain import models as m
from workshop_planner.domain import rules
from workshop_planner.domain.enums import Attendance, ParticipantRole, Sector
from workshop_planner.domain.types import new_id
from workshop_planner.services.concurrency import check_version, refusing_stale_writes
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

# --- plain results --------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    """One participant of an event with the directory facts about the person."""

    id: str
    person_id: str
    full_name: str
    job_title: str | None
    organisation: str | None
    sector: str | None
    city: str | None
    country: str | None
    email: str | None
    roles: tuple[str, ...]
    attendance: str
    requirements: str | None = None
    notes: str | None = None
    #: the participant's row version an edit based on this row hands back (0: unknown)
    version: int = 0


@dataclass(frozen=True)
class DirectoryEntry:
    """A person of the workspace directory."""

    person_id: str
    full_name: str
    job_title: str | None
    organisation: str | None
    city: str | None
    country: str | None
    email: str | None


@dataclass(frozen=True)
class NewPerson:
    """What an organiser types to add someone who is not in the directory yet."""

    full_name: str
    job_title: str | None = None
    organisation: str | None = None
    sector: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    consent_to_name: bool = False


@dataclass(frozen=True)
class OrganisationSnapshot:
    id: str
    name: str
    sector: str
    city: str | None
    country: str | None
    website: str | None


@dataclass(frozen=True)
class PersonSnapshot:
    id: str
    full_name: str
    job_title: str | None
    organisation_id: str | None
    city: str | None
    country: str | None
    email: str | None
    consent_to_name: bool


@dataclass(frozen=True)
class ParticipantSnapshot:
    id: str
    event_id: str
    person_id: str
    roles: tuple[str, ...]
    attendance: str
    requirements: str | None
    notes: str | None


@dataclass(frozen=True)
class Addition:
    """Everything one addition created, in the order it was created."""

    organisations: tuple[OrganisationSnapshot, ...] = ()
    people: tuple[PersonSnapshot, ...] = ()
    participants: tuple[ParticipantSnapshot, ...] = ()

    @property
    def participant_ids(self) -> list[str]:
        return [p.id for p in self.participants]


@dataclass(frozen=True)
class ParticipantState:
    """The editable part of a participant, kept to undo a bulk edit."""

    id: str
    roles: tuple[str, ...]
    attendance: str


@dataclass(frozen=True)
class ParticipantCounts:
    total: int
    by_attendance: dict[str, int] = field(default_factory=dict)
    by_sector: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, int] = field(default_factory=dict)


ATTENDANCE_VALUES: tuple[str, ...] = tuple(a.value for a in Attendance)
ROLE_VALUES: tuple[str, ...] = tuple(r.value for r in ParticipantRole)
SECTOR_VALUES: tuple[str, ...] = tuple(s.value for s in Sector)


# --- reading ----------------------------------------------------------------------


_ROW_COLUMNS = (
    m.Participant.id,
    m.Person.id,
    m.Person.full_name,
    m.Person.job_title,
    m.Organisation.name,
    m.Organisation.sector,
    m.Person.city,
    m.Person.country,
    m.Person.email,
    m.Participant.roles,
    m.Participant.attendance,
    m.Participant.requirements,
    m.Participant.notes,
    m.Participant.version,
)


def _row_query() -> Any:
    return (
        select(*_ROW_COLUMNS)
        .join(m.Person, m.Participant.person_id == m.Person.id)
        .outerjoin(m.Organisation, m.Person.organisation_id == m.Organisation.id)
    )


def _row_from(values: Sequence[Any]) -> ParticipantRow:
    (
        pid,
        person_id,
        name,
        job,
        org,
        sector,
        city,
        country,
        email,
        roles,
        att,
        req,
        notes,
        version,
    ) = values
    return ParticipantRow(
        pid, person_id, name, job, org, sector, city, country, email,
        tuple(roles or ()), att, req, notes, version,
    )  # fmt: skip


def list_participants(workspace: Workspace, event_id: str) -> list[ParticipantRow]:
    """The event's participants by name, one query (plain columns, no ORM objects)."""
    with workspace.reading() as db:
        _event(db, event_id)
        rows = db.execute(
            _row_query().where(m.Participant.event_id == event_id).order_by(m.Person.full_name)
        )
        return [_row_from(r) for r in rows]


def get_participants(workspace: Workspace, participant_ids: Sequence[str]) -> list[ParticipantRow]:
    with workspace.reading() as db:
        rows = db.execute(_row_query().where(m.Participant.id.in_(list(participant_ids))))
        return [_row_from(r) for r in rows]


def list_directory(
    workspace: Workspace, *, exclude_event_id: str | None = None
) -> list[DirectoryEntry]:
    """People of the workspace directory by name (not yet in ``exclude_event_id``)."""
    with workspace.reading() as db:
        query = (
            select(m.Person, m.Organisation.name)
            .outerjoin(m.Organisation, m.Person.organisation_id == m.Organisation.id)
            .order_by(m.Person.full_name)
        )
        if exclude_event_id is not None:
            taken = select(m.Participant.person_id).where(
                m.Participant.event_id == exclude_event_id
            )
            query = query.where(m.Person.id.not_in(taken))
        return [
            DirectoryEntry(p.id, p.full_name, p.job_title, org, p.city, p.country, p.email)
            for p, org in db.execute(query)
        ]


def count_participants(rows: Iterable[ParticipantRow]) -> ParticipantCounts:
    """Counts by attendance, sector and country (most frequent first)."""
    attendance: Counter[str] = Counter()
    sector: Counter[str] = Counter()
    country: Counter[str] = Counter()
    total = 0
    for row in rows:
        total += 1
        attendance[row.attendance] += 1
        sector[row.sector or "unknown"] += 1
        country[row.country or "unknown"] += 1
    return ParticipantCounts(
        total,
        {a: attendance[a] for a in ATTENDANCE_VALUES if attendance[a]},
        dict(sector.most_common()),
        dict(country.most_common()),
    )


# --- adding -----------------------------------------------------------------------


def add_participants(
    workspace: Workspace,
    event_id: str,
    person_ids: Sequence[str],
    *,
    roles: Sequence[str] = ("participant",),
    attendance: str = "invited",
) -> Addition:
    """Add directory people to the event (people already in it are left alone)."""
    roles_t = check_roles(roles)
    attendance = check_attendance(attendance)
    if not person_ids:
        raise ServiceError("Choose at least one person to add.")
    with workspace.transaction() as db:
        _event(db, event_id)
        taken = set(
            db.scalars(select(m.Participant.person_id).where(m.Participant.event_id == event_id))
        )
        known = set(db.scalars(select(m.Person.id).where(m.Person.id.in_(list(person_ids)))))
        missing = [pid for pid in person_ids if pid not in known]
        if missing:
            raise NotFoundError("One of the chosen people is no longer in the directory.")
        added = []
        for pid in dict.fromkeys(person_ids):
            if pid in taken:
                continue
            part = m.Participant(
                id=new_id(),
                event_id=event_id,
                person_id=pid,
                roles=list(roles_t),
                attendance=attendance,
            )
            db.add(part)
            added.append(_participant_snapshot(part))
        if not added:
            raise ServiceError("Everyone chosen is already a participant of this event.")
        return Addition(participants=tuple(added))


def create_participant(
    workspace: Workspace,
    event_id: str,
    person: NewPerson,
    *,
    roles: Sequence[str] = ("participant",),
    attendance: str = "invited",
) -> Addition:
    """Create a person in the directory (and their organisation if new) and add them."""
    roles_t = check_roles(roles)
    attendance = check_attendance(attendance)
    name = " ".join(person.full_name.split())
    if not name:
        raise ServiceError("Type the person's name.")
    country = _country(person.country)
    email = _email(person.email)
    sector = check_sector(person.sector) if person.sector else None
    with workspace.transaction() as db:
        _event(db, event_id)
        if email is not None:
            existing = db.scalars(select(m.Person).where(m.Person.email.is_not(None))).all()
            for p in existing:
                if p.email and p.email.casefold() == email.casefold():
                    raise ServiceError(
                        f"{p.full_name} already has the e-mail address {email}; "
                        "add them from the directory instead."
                    )
        organisations: list[OrganisationSnapshot] = []
        org_id = None
        if person.organisation and person.organisation.strip():
            org, created = find_or_create_organisation(db, person.organisation, sector)
            org_id = org.id
            if created:
                organisations.append(_org_snapshot(org))
        p = m.Person(
            id=new_id(),
            full_name=name,
            job_title=_clean(person.job_title),
            organisation_id=org_id,
            city=_clean(person.city),
            country=country,
            email=email,
            consent_to_name=person.consent_to_name,
        )
        db.add(p)
        part = m.Participant(
            id=new_id(),
            event_id=event_id,
            person_id=p.id,
            roles=list(roles_t),
            attendance=attendance,
        )
        db.add(part)
        return Addition(
            tuple(organisations), (_person_snapshot(p),), (_participant_snapshot(part),)
        )


def find_or_create_organisation(
    db: DbSession, name: str, sector: str | None
) -> tuple[m.Organisation, bool]:
    """The organisation called ``name`` (ignoring case), created if there is none."""
    cleaned = " ".join(name.split())
    for org in db.scalars(select(m.Organisation)):
        if org.name.casefold() == cleaned.casefold():
            return org, False
    org = m.Organisation(id=new_id(), name=cleaned, sector=sector or "other")
    db.add(org)
    db.flush()
    return org, True


def undo_addition(workspace: Workspace, addition: Addition) -> None:
    """Remove what an addition created (participants, then people, then organisations)."""
    with workspace.transaction() as db:
        ids = addition.participant_ids
        if ids:
            db.execute(delete(m.Participant).where(m.Participant.id.in_(ids)))
        people = [p.id for p in addition.people]
        if people:
            db.execute(delete(m.Person).where(m.Person.id.in_(people)))
        orgs = [o.id for o in addition.organisations]
        if orgs:
            db.execute(delete(m.Organisation).where(m.Organisation.id.in_(orgs)))


def redo_addition(workspace: Workspace, addition: Addition) -> None:
    """Put back what :func:`undo_addition` removed, with the same ids."""
    with workspace.transaction() as db:
        for snapshots, declared in (
            (addition.organisations, fd.ORGANISATION),
            (addition.people, fd.PERSON),
            (addition.participants, fd.PARTICIPANT),
        ):
            for snapshot in snapshots:
                given = fd.values_of(snapshot, ("id", *declared.stored))
                db.add(declared.model(**given))
            db.flush()


# --- editing ----------------------------------------------------------------------


def update_participants(
    workspace: Workspace,
    participant_ids: Sequence[str],
    *,
    attendance: str | None = None,
    roles: Sequence[str] | None = None,
    add_role: str | None = None,
    remove_role: str | None = None,
    versions: Mapping[str, int] | None = None,
) -> list[ParticipantState]:
    """Bulk edit; returns the states before the edit (for undo).

    ``versions`` (participant id → the version the list showed) refuses the
    whole edit with :class:`StaleEditError` when one of them changed since.
    """
    if attendance is not None:
        attendance = check_attendance(attendance)
    new_roles = check_roles(roles) if roles is not None else None
    if add_role is not None:
        check_roles([add_role])
    if remove_role is not None:
        check_roles([remove_role])
    if not participant_ids:
        raise ServiceError("Select at least one participant.")
    with refusing_stale_writes(workspace, "participant") as db:
        parts = _participants(db, participant_ids, lock=True)
        for p in parts:
            check_version(p, (versions or {}).get(p.id), "participant")
        before = [ParticipantState(p.id, tuple(p.roles or ()), p.attendance) for p in parts]
        for p in parts:
            values = list(p.roles or ())
            if new_roles is not None:
                values = list(new_roles)
            if add_role is not None and add_role not in values:
                values.append(add_role)
            if remove_role is not None and remove_role in values:
                values.remove(remove_role)
            if values != list(p.roles or ()):
                p.roles = values
            if attendance is not None and p.attendance != attendance:
                p.attendance = attendance
        return before


def set_participant_states(
    workspace: Workspace,
    states: Sequence[ParticipantState],
    *,
    only: Iterable[str] = ("roles", "attendance"),
) -> None:
    """Give participants exactly these roles and attendance (undo of a bulk edit).

    ``only`` names the fields to set: an undo of an attendance change leaves
    the roles someone else gave meanwhile alone.
    """
    fields = set(only)
    with workspace.transaction() as db:
        parts = {p.id: p for p in _participants(db, [s.id for s in states])}
        for state in states:
            p = parts[state.id]
            if "roles" in fields and list(p.roles or ()) != list(state.roles):
                p.roles = list(state.roles)
            if "attendance" in fields and p.attendance != state.attendance:
                p.attendance = state.attendance


def remove_participants(
    workspace: Workspace, participant_ids: Sequence[str]
) -> list[ParticipantSnapshot]:
    """Take people out of the event (they stay in the directory)."""
    if not participant_ids:
        raise ServiceError("Select at least one participant.")
    with workspace.transaction() as db:
        parts = _participants(db, participant_ids)
        snapshots = [_participant_snapshot(p) for p in parts]
        for p in parts:
            db.delete(p)
        return snapshots


# --- vocabularies -------------------------------------------------------------------


def check_attendance(value: str) -> str:
    if value not in ATTENDANCE_VALUES:
        raise ServiceError(f"“{value}” is not an attendance such as confirmed or attended.")
    return value


def check_roles(values: Iterable[str]) -> tuple[str, ...]:
    result: list[str] = []
    for value in values:
        if value not in ROLE_VALUES:
            raise ServiceError(f"“{value}” is not a participant role such as speaker.")
        if value not in result:
            result.append(value)
    return tuple(result)


def check_sector(value: str) -> str:
    if value not in SECTOR_VALUES:
        raise ServiceError(f"“{value}” is not a sector such as local_government.")
    return value


def label(value: str) -> str:
    """A vocabulary value as people write it: ``no_show`` → "No show"."""
    return value.replace("_", " ").capitalize()


# --- helpers -----------------------------------------------------------------------


def _event(db: DbSession, event_id: str) -> m.Event:
    event = db.get(m.Event, event_id)
    if event is None:
        raise NotFoundError("That event no longer exists.")
    return event


def _participants(db: DbSession, ids: Sequence[str], *, lock: bool = False) -> list[m.Participant]:
    """The participants (locked against other writers with ``lock``: FOR UPDATE)."""
    query = select(m.Participant).where(m.Participant.id.in_(list(ids)))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    parts = list(db.scalars(query))
    if len(parts) != len(set(ids)):
        raise NotFoundError("One of the selected participants no longer exists.")
    return parts


def _participant_snapshot(p: m.Participant) -> ParticipantSnapshot:
    return fd.result_of(ParticipantSnapshot, p, roles=tuple(p.roles or ()))


def _person_snapshot(p: m.Person) -> PersonSnapshot:
    return fd.result_of(PersonSnapshot, p, consent_to_name=bool(p.consent_to_name))


def _org_snapshot(o: m.Organisation) -> OrganisationSnapshot:
    return fd.result_of(OrganisationSnapshot, o)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def _email(text: str | None) -> str | None:
    try:
        return rules.check_email(_clean(text))
    except rules.RuleViolation as exc:
        raise ServiceError(str(exc)) from None


def _country(text: str | None) -> str | None:
    cleaned = _clean(text)
    if cleaned is None:
        return None
    try:
        return rules.check_country_code(cleaned)
    except rules.RuleViolation as exc:
        raise ServiceError(str(exc)) from None
