"""Importing participants from a CSV or XLSX file (a registration export).

The steps the import dialog walks through, each a plain function:

1. :func:`read_table` — the file's header row and data rows, as text
   (:mod:`table_files`: encodings detected, XLSX streamed, within limits).
2. :func:`guess_mapping` — which column holds which field, from the headers.
3. :func:`plan_import` — every row checked and matched against the directory
   (same e-mail ignoring case, or same name and organisation): a preview and a
   per-row error list. Nothing is written.
4. :func:`import_participants` — all or nothing: if any row has an error
   nothing is imported; otherwise one transaction adds everyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import fields as fd
from workshop_planner.domain import limits
from workshop_planner.domain import models as m
from workshop_planner.domain.enums import Attendance, ParticipantRole, Sector
from workshop_planner.domain.rules import is_email
from workshop_planner.domain.text import counted
from workshop_planner.domain.types import new_id, utc_now
from workshop_planner.services.countries import to_country_code
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.participants import (
    Addition,
    OrganisationSnapshot,
    ParticipantSnapshot,
    PersonSnapshot,
    check_attendance,
    check_roles,
)
from workshop_planner.services.table_files import MAX_ROWS, RawTable, column_name, read_table
from workshop_planner.store import Workspace

__all__ = ["MAX_ROWS", "RawTable", "read_table"]  # the reading steps, from table_files

#: The fields a column can be mapped to, with what the dialog calls them.
FIELDS: dict[str, str] = {
    "full_name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail",
    "organisation": "Organisation",
    "job_title": "Job title",
    "city": "City",
    "country": "Country",
    "roles": "Roles",
    "attendance": "Attendance",
    "sector": "Sector",
    "consent_to_name": "Consent to be named",
}

#: Header spellings (normalised: lower case, no accents, letters and digits) for each
#: field, in English, German, French, Spanish, Polish and Dutch.
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full name", "fullname", "participant", "participant name",
                  "attendee", "attendee name", "person", "contact name", "delegate",
                  "delegate name", "name of participant", "nom complet", "nom et prenom",
                  "nombre completo", "vollstandiger name", "teilnehmer", "imie i nazwisko",
                  "naam"),
    "first_name": ("first name", "firstname", "given name", "forename", "first", "vorname",
                   "prenom", "nombre", "imie", "voornaam"),
    "last_name": ("last name", "lastname", "surname", "family name", "last", "nachname",
                  "familienname", "nom", "nom de famille", "apellido", "apellidos", "nazwisko",
                  "achternaam"),
    "email": ("email", "e mail", "email address", "e mail address", "mail", "e mail adresse",
              "courriel", "adresse e mail", "adresse email", "correo", "correo electronico"),
    "organisation": ("organisation", "organization", "org", "company", "institution",
                     "affiliation", "employer", "agency", "city organisation",
                     "organizacion", "organizzazione", "organizacja", "organisatie",
                     "unternehmen", "firma", "behorde", "institution organisation"),
    "job_title": ("job title", "title", "position", "job", "role title", "function",
                  "jobtitle", "funktion", "fonction", "poste", "titre", "cargo", "stanowisko",
                  "functie"),
    "city": ("city", "town", "municipality", "location city", "stadt", "ort", "ville",
             "ciudad", "miasto", "stad", "gemeente", "commune"),
    "country": ("country", "country code", "nation", "country iso", "iso country",
                "nationality", "land", "pays", "pais", "kraj", "staat"),
    "roles": ("role", "roles", "participant role", "participant roles", "event role",
              "participant type", "attendee type", "delegate type", "rolle", "rol",
              "rola"),
    "attendance": ("attendance", "status", "registration status", "rsvp",
                   "attendance status", "statut", "estado", "teilnahme", "anmeldestatus"),
    "sector": ("sector", "organisation type", "organization type", "org type", "type",
               "sektor", "secteur"),
    "consent_to_name": ("consent", "consent to be named", "consent to name", "name consent",
                        "photo name consent", "photo consent", "media consent",
                        "consent to publish", "publish name", "may we name you",
                        "einwilligung", "zustimmung", "namensnennung", "consentement",
                        "consentimiento", "zgoda", "toestemming", "consenso"),
}  # fmt: skip

#: Answers a consent column may hold (normalised), in the languages of the headers.
_CONSENT_ANSWERS = {
    **dict.fromkeys(("yes", "y", "true", "1", "ja", "j", "oui", "si", "tak", "x", "agreed",
                     "agree", "consent", "consents", "granted", "ok"), True),
    **dict.fromkeys(("no", "n", "false", "0", "nein", "non", "nie", "nee", "declined",
                     "refused", "withdrawn", "none"), False),
}  # fmt: skip

#: Words too general to guess a column from when they are only part of a header
#: ("Organization name" is not the person's name, "Ticket type" is not a sector).
_GENERIC_WORDS = frozenset(
    {"name", "type", "title", "status", "first", "last", "org", "job", "mail", "participant",
     "attendee", "person", "delegate", "nation", "position", "function", "naam"}
)  # fmt: skip

_ROLE_ALIASES = {
    "keynote speaker": "keynote",
    "panel": "panelist",
    "panellist": "panelist",
    "notetaker": "note_taker",
    "rapporteur": "note_taker",
    "organizer": "organiser",
    "attendee": "participant",
    "delegate": "participant",
    "chair": "moderator",
    "facilitator": "moderator",
    "presenter": "speaker",
    "panel member": "panelist",
    "panel speaker": "panelist",
    "discussant": "panelist",
    "note taker": "note_taker",
    "minute taker": "note_taker",
    "staff": "organiser",
    "organising team": "organiser",
    "organizing team": "organiser",
    "host": "organiser",
    "guest": "participant",
    "member": "participant",
    "standard": "participant",
    "press": "observer",
    "media": "observer",
    "journalist": "observer",
    "teilnehmer": "participant",
    "teilnehmerin": "participant",
    "referent": "speaker",
    "referentin": "speaker",
    "sprecher": "speaker",
    "intervenant": "speaker",
    "orateur": "speaker",
    "moderateur": "moderator",
    "ponente": "speaker",
    "participante": "participant",
}
_ATTENDANCE_ALIASES = {
    "noshow": "no_show",
    "no show": "no_show",
    "did not attend": "no_show",
    "present": "attended",
    "yes": "confirmed",
    "accepted": "confirmed",
    "registered": "registered",
    "no": "declined",
    "regrets": "declined",
    "cancelled": "declined",
    "canceled": "declined",
    "pending": "invited",
    "tentative": "invited",
    "maybe": "invited",
    "not yet replied": "invited",
    "waitlist": "registered",
    "waitlisted": "registered",
    "wait list": "registered",
    "waiting list": "registered",
    "attending": "confirmed",
    "going": "confirmed",
    "not attending": "declined",
    "not going": "declined",
    "rejected": "declined",
    "withdrawn": "declined",
    "checked in": "attended",
    "absent": "no_show",
    "bestatigt": "confirmed",
    "zugesagt": "confirmed",
    "abgesagt": "declined",
    "angemeldet": "registered",
    "eingeladen": "invited",
    "teilgenommen": "attended",
    "confirme": "confirmed",
    "inscrit": "registered",
    "invite": "invited",
    "annule": "declined",
    "confirmado": "confirmed",
}
_SECTOR_ALIASES = {
    "city": "local_government",
    "municipality": "local_government",
    "local": "local_government",
    "city government": "local_government",
    "regional": "regional_government",
    "state government": "regional_government",
    "national": "national_government",
    "federal government": "national_government",
    "government": "national_government",
    "ngo": "civil_society",
    "non profit": "civil_society",
    "nonprofit": "civil_society",
    "civil society organisation": "civil_society",
    "csos": "civil_society",
    "cso": "civil_society",
    "foundation": "donor",
    "funder": "donor",
    "philanthropy": "donor",
    "business": "private_sector",
    "private": "private_sector",
    "company": "private_sector",
    "academia": "research",
    "university": "research",
    "think tank": "research",
    "academic": "research",
    "international organisation": "international",
    "international organization": "international",
    "multilateral": "international",
}


class ParticipantImportError(ServiceError):
    """The file cannot be imported; ``errors`` lists every row problem."""

    def __init__(self, message: str, errors: Sequence[RowError] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


# --- plain results --------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    #: spreadsheet row number, or None for a problem with the mapping itself
    row: int | None
    message: str

    def describe(self) -> str:
        return self.message if self.row is None else f"Row {self.row}: {self.message}"


#: What happens to a row when imported.
NEW = "new"  # a new person in the directory
DIRECTORY = "directory"  # an existing directory person joins the event
ALREADY = "already"  # the person is already a participant: left as is
DUPLICATE = "duplicate"  # the same person as an earlier row: merged into it


@dataclass
class PlannedRow:
    row: int
    full_name: str
    email: str | None
    organisation: str | None
    job_title: str | None
    city: str | None
    country: str | None
    roles: list[str]
    attendance: str
    sector: str | None
    #: the consent column's answer (None: no answer, a new person is not named)
    consent_to_name: bool | None = None
    action: str = NEW
    person_id: str | None = None
    #: the earlier row this one repeats (action DUPLICATE)
    same_as: int | None = None


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and any(r.action in (NEW, DIRECTORY) for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def describe(self) -> str:
        parts = [
            counted(self.count(NEW), "new person", "new people"),
            f"{self.count(DIRECTORY)} from the directory",
        ]
        if self.count(ALREADY):
            parts.append(
                counted(self.count(ALREADY), "already a participant", "already participants")
            )
        if self.count(DUPLICATE):
            parts.append(
                counted(self.count(DUPLICATE), "repeated row merged", "repeated rows merged")
            )
        return ", ".join(parts)


@dataclass(frozen=True)
class ImportResult:
    addition: Addition
    new_people: int
    from_directory: int
    already: int
    merged_rows: int

    def describe(self) -> str:
        added = self.new_people + self.from_directory
        text = (
            f"Imported {counted(added, 'participant', 'participants')} "
            f"({self.new_people} new to the directory, {self.from_directory} already in it)"
        )
        extra = []
        if self.already:
            extra.append(
                counted(self.already, "person was already a participant",
                        "people were already participants")
            )  # fmt: skip
        if self.merged_rows:
            extra.append(
                counted(self.merged_rows, "repeated row was merged", "repeated rows were merged")
            )
        return text + ("; " + " and ".join(extra) if extra else "") + "."


# --- 1. reading: :mod:`table_files` ------------------------------------------------


# --- 2. mapping --------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Lower case without accents, punctuation as spaces: "Prénom" → "prenom"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def guess_mapping(headers: Sequence[str]) -> dict[str, int | None]:
    """Field → column index guessed from the header texts (None: not in the file).

    Headers that are exactly a known spelling win; then headers that contain a
    specific word ("Email (work)", "Country of residence"), the longest word first.
    """
    normalised = [_normalise(h) for h in headers]
    mapping: dict[str, int | None] = dict.fromkeys(FIELDS)
    used: set[int] = set()
    for field_name, words in _HEADER_WORDS.items():
        for index, header in enumerate(normalised):
            if index not in used and header and header in words:
                mapping[field_name] = index
                used.add(index)
                break
    exact_full_name = mapping["full_name"] is not None
    candidates: list[tuple[int, int, str]] = []  # (-word length, column, field)
    for field_name, words in _HEADER_WORDS.items():
        for index, header in enumerate(normalised):
            for word in words:
                if word in _GENERIC_WORDS or len(word) < 4:
                    continue
                if re.search(rf"\b{re.escape(word)}\b", header):
                    candidates.append((-len(word), index, field_name))
    for _length, index, field_name in sorted(candidates):
        if mapping[field_name] is None and index not in used:
            mapping[field_name] = index
            used.add(index)
    if (
        not exact_full_name
        and mapping["first_name"] is not None
        and (mapping["last_name"] is not None)
    ):
        mapping["full_name"] = None  # the names come from first + last name
    return mapping


# --- 3. planning ---------------------------------------------------------------------


def plan_import(
    workspace: Workspace,
    event_id: str,
    table: RawTable,
    mapping: Mapping[str, int | None],
    *,
    default_attendance: str = "invited",
    default_roles: Sequence[str] = ("participant",),
) -> ImportPlan:
    """Check and match every row; writes nothing."""
    with workspace.reading() as db:
        return _plan(db, event_id, table, mapping, default_attendance, default_roles)


def _plan(
    db: DbSession,
    event_id: str,
    table: RawTable,
    mapping: Mapping[str, int | None],
    default_attendance: str,
    default_roles: Sequence[str],
) -> ImportPlan:
    if db.get(m.Event, event_id) is None:
        raise ServiceError("That event no longer exists.")
    default_attendance = check_attendance(default_attendance)
    defaults = list(check_roles(default_roles))
    plan = ImportPlan()
    unknown = set(mapping) - set(FIELDS)
    if unknown:
        raise ServiceError(f"“{sorted(unknown)[0]}” is not a participant field.")
    columns = {k: v for k, v in mapping.items() if v is not None}
    for name, index in columns.items():
        if not 0 <= index < len(table.headers):
            raise ServiceError(f"The file has no column {index + 1} for {FIELDS[name]}.")
    seen: dict[int, str] = {}
    for name, index in columns.items():
        if index in seen:
            plan.errors.append(
                RowError(
                    None,
                    f"The column “{table.headers[index]}” is chosen for both "
                    f"{FIELDS[seen[index]]} and {FIELDS[name]}.",
                )
            )
        seen[index] = name
    if "full_name" not in columns and "first_name" not in columns and "last_name" not in columns:
        plan.errors.append(RowError(None, "Choose the column that holds the people's names."))
    if plan.errors:
        return plan

    directory = PeopleDirectory(db, event_id)
    first_row_by_key: dict[str, PlannedRow] = {}
    for number, cells in zip(table.row_numbers, table.rows, strict=True):

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        def where(*names: str) -> str:
            return _where(table.headers, columns, names)

        errors = _cell_problems(table.headers, cells, columns)
        name = " ".join(cell("full_name").split())
        if not name:
            name = " ".join(f"{cell('first_name')} {cell('last_name')}".split())
        names = ("full_name",) if "full_name" in columns else ("first_name", "last_name")
        if not name:
            errors.append(f"the name {where(*names)} is empty")
        elif not errors and len(name) > _NAME_LENGTH:
            errors.append(
                f"the name {where(*names)} has {len(name):,} characters; at most {_NAME_LENGTH} fit"
            )
        email = cell("email") or None
        if email is not None and not is_email(email):
            errors.append(f"“{email}” {where('email')} is not an e-mail address")
        country: str | None = None
        try:
            country = to_country_code(cell("country"))
        except ValueError:
            errors.append(
                f"“{cell('country')}” {where('country')} is not a country name or ISO code"
            )
        roles = defaults
        if cell("roles"):
            roles, bad = _parse_roles(cell("roles"))
            errors.extend(f"“{b}” {where('roles')} is not a role" for b in bad)
        attendance = default_attendance
        if cell("attendance"):
            parsed = _parse_vocabulary(cell("attendance"), Attendance, _ATTENDANCE_ALIASES)
            if parsed is None:
                errors.append(f"“{cell('attendance')}” {where('attendance')} is not an attendance")
            else:
                attendance = parsed
        sector: str | None = None
        if cell("sector"):
            sector = _parse_vocabulary(cell("sector"), Sector, _SECTOR_ALIASES)
            if sector is None:
                errors.append(f"“{cell('sector')}” {where('sector')} is not a sector")
        consent: bool | None = None
        if cell("consent_to_name"):
            consent = _CONSENT_ANSWERS.get(_normalise(cell("consent_to_name")))
            if consent is None:
                answer = cell("consent_to_name")
                errors.append(
                    f"“{answer}” {where('consent_to_name')} is not a consent answer (yes or no)"
                )
        if errors:
            message = "; ".join(errors)
            plan.errors.append(RowError(number, message[0].upper() + message[1:] + "."))
            continue
        row = PlannedRow(
            row=number,
            full_name=name,
            email=email,
            organisation=" ".join(cell("organisation").split()) or None,
            job_title=cell("job_title") or None,
            city=cell("city") or None,
            country=country,
            roles=list(roles),
            attendance=attendance,
            sector=sector,
            consent_to_name=consent,
        )
        keys = person_keys(row.full_name, row.email, row.organisation)
        earlier = next((first_row_by_key[k] for k in keys if k in first_row_by_key), None)
        if earlier is not None:
            row.action = DUPLICATE
            row.same_as = earlier.row
            row.person_id = earlier.person_id
            for role in row.roles:
                if role not in earlier.roles:
                    earlier.roles.append(role)
            if row.consent_to_name is not None:  # the stricter answer wins
                earlier.consent_to_name = (
                    row.consent_to_name
                    if earlier.consent_to_name is None
                    else earlier.consent_to_name and row.consent_to_name
                )
        else:
            match = directory.match(keys)
            if match is not None:
                row.person_id = match
                row.action = ALREADY if match in directory.participants else DIRECTORY
            for k in keys:
                first_row_by_key.setdefault(k, row)
        plan.rows.append(row)
    if not plan.errors and not any(r.action in (NEW, DIRECTORY) for r in plan.rows):
        plan.errors.append(RowError(None, "Everyone in the file is already a participant."))
    return plan


#: Where each text field is kept, for its limits (length, no control characters).
_STORED_IN: dict[str, tuple[type[m.Base], str]] = {
    "full_name": (m.Person, "full_name"),
    "first_name": (m.Person, "full_name"),
    "last_name": (m.Person, "full_name"),
    "email": (m.Person, "email"),
    "organisation": (m.Organisation, "name"),
    "job_title": (m.Person, "job_title"),
    "city": (m.Person, "city"),
}
_NAME_LENGTH = limits.column_kind(m.Person, "full_name")[1]


def _where(headers: Sequence[str], columns: Mapping[str, int], names: Sequence[str]) -> str:
    """Where in the row a field is: "in column F (Country)", "in columns A and B"."""
    letters = [column_name(columns[n]) for n in names if n in columns]
    if len(letters) == 1:
        index = columns[next(n for n in names if n in columns)]
        header = headers[index] if index < len(headers) else ""
        return f"in column {letters[0]}" + (f" ({header})" if header else "")
    return "in columns " + " and ".join(letters) if letters else "in the row"


def _cell_problems(
    headers: Sequence[str], cells: list[str], columns: Mapping[str, int]
) -> list[str]:
    """Each mapped cell against the limits of where it is kept, naming its column."""
    problems = []
    for name, index in columns.items():
        if name not in _STORED_IN or index >= len(cells) or not cells[index]:
            continue
        problem = limits.column_problem(*_STORED_IN[name], cells[index])
        if problem:
            where = _where(headers, columns, (name,))
            problems.append(f"the text {where} {problem}")
    return problems


def person_keys(name: str, email: str | None, organisation: str | None) -> list[str]:
    """The keys under which two records are the same person: the same e-mail
    (ignoring case), or the same name and organisation. A bundle merge
    (``bundle_merge.py``) deduplicates people by the same rule."""
    keys = []
    if email:
        keys.append("email:" + email.casefold())
    keys.append("name:" + " ".join(name.casefold().split()) + "|" + (organisation or "").casefold())
    return keys


class PeopleDirectory:
    """The workspace's people, indexed by e-mail and by name + organisation."""

    def __init__(self, db: DbSession, event_id: str) -> None:
        self.by_key: dict[str, str] = {}
        rows = db.execute(
            select(m.Person.id, m.Person.full_name, m.Person.email, m.Organisation.name)
            .outerjoin(m.Organisation, m.Person.organisation_id == m.Organisation.id)
            .order_by(m.Person.updated_at)
        )
        for pid, name, email, org in rows:
            for key in person_keys(name, email, org):
                self.by_key.setdefault(key, pid)
        self.participants = set(
            db.scalars(select(m.Participant.person_id).where(m.Participant.event_id == event_id))
        )

    def match(self, keys: list[str]) -> str | None:
        for key in keys:
            if key in self.by_key:
                return self.by_key[key]
        return None


def _parse_roles(text: str) -> tuple[list[str], list[str]]:
    roles: list[str] = []
    bad: list[str] = []
    for part in re.split(r"[,;/|+]", text):
        if not part.strip():
            continue
        value = _parse_vocabulary(part, ParticipantRole, _ROLE_ALIASES)
        if value is None:
            bad.append(part.strip())
        elif value not in roles:
            roles.append(value)
    return roles, bad


def _parse_vocabulary(text: str, values: Any, aliases: Mapping[str, str]) -> str | None:
    normalised = _normalise(text)
    snake = normalised.replace(" ", "_")
    known = {v.value for v in values}
    if snake in known:
        return snake
    if normalised in aliases:
        return aliases[normalised]
    if snake.rstrip("s") in known:  # "speakers", "panelists"
        return snake.rstrip("s")
    return None


# --- 4. importing ------------------------------------------------------------------


def import_participants(
    workspace: Workspace,
    event_id: str,
    table: RawTable,
    mapping: Mapping[str, int | None],
    *,
    default_attendance: str = "invited",
    default_roles: Sequence[str] = ("participant",),
) -> ImportResult:
    """Import every row in one transaction, or nothing if any row has an error."""
    with workspace.transaction() as db:
        plan = _plan(db, event_id, table, mapping, default_attendance, default_roles)
        if plan.errors:
            first = plan.errors[0].describe()
            more = len(plan.errors) - 1
            suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
            raise ParticipantImportError(
                f"Nothing was imported: {first.rstrip('.')}{suffix}.", plan.errors
            )
        organisations: list[OrganisationSnapshot] = []
        people: list[PersonSnapshot] = []
        participants: list[ParticipantSnapshot] = []
        org_by_name = {o.name.casefold(): o for o in db.scalars(select(m.Organisation))}
        person_for_row: dict[int, str] = {}
        consents: list[m.ConsentChange] = []
        for row in plan.rows:
            if row.action == NEW:
                org_id = None
                if row.organisation:
                    org = org_by_name.get(row.organisation.casefold())
                    if org is None:
                        org = m.Organisation(
                            id=new_id(),
                            name=row.organisation,
                            sector=row.sector or "other",
                            country=row.country,
                            city=row.city,
                        )
                        db.add(org)
                        org_by_name[row.organisation.casefold()] = org
                        organisations.append(fd.result_of(OrganisationSnapshot, org))
                    org_id = org.id
                person = m.Person(
                    id=new_id(),
                    full_name=row.full_name,
                    job_title=row.job_title,
                    organisation_id=org_id,
                    city=row.city,
                    country=row.country,
                    email=row.email,
                    consent_to_name=bool(row.consent_to_name),
                )
                db.add(person)
                if row.consent_to_name is not None:
                    consents.append(
                        m.ConsentChange(
                            person_id=person.id,
                            changed_at=utc_now(),
                            changed_by="import",
                            old=None,
                            new=row.consent_to_name,
                            note=f"Imported from {table.source}" if table.source else "Imported",
                        )
                    )
                people.append(fd.result_of(PersonSnapshot, person))
                row.person_id = person.id
                person_for_row[row.row] = person.id
            elif row.action == DUPLICATE and row.same_as in person_for_row:
                row.person_id = person_for_row[row.same_as]
            if row.action in (NEW, DIRECTORY):
                assert row.person_id is not None
                part = m.Participant(
                    id=new_id(),
                    event_id=event_id,
                    person_id=row.person_id,
                    roles=list(row.roles),
                    attendance=row.attendance,
                )
                db.add(part)
                participants.append(fd.result_of(ParticipantSnapshot, part, roles=tuple(row.roles)))
        db.flush()  # one flush: the rows go in as batched INSERTs
        db.add_all(consents)  # after their people (no relationship orders them)
        return ImportResult(
            Addition(tuple(organisations), tuple(people), tuple(participants)),
            new_people=plan.count(NEW),
            from_directory=plan.count(DIRECTORY),
            already=plan.count(ALREADY),
            merged_rows=plan.count(DUPLICATE),
        )
