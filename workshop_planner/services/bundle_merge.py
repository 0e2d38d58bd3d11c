"""Merging a validated bundle into the workspace, by id.

An unknown id is added; a known id is updated only when the incoming
``updated_at`` is newer; nothing is ever deleted. A note whose text loses to a
newer edit keeps the losing text in its history (:class:`NoteRevision`).
Runs inside the caller's transaction, so a problem found here rolls back all.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import models as m
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
        venue = item.get("venue") or {}
        event.label = item.get("label")
        event.series = item.get("series")
        event.title = item["title"]
        event.subtitle = item.get("subtitle")
        event.convenor = item.get("convenor")
        event.description = item.get("description")
        event.venue_name = venue.get("name")
        event.venue_address = venue.get("address")
        event.venue_city = venue.get("city")
        event.venue_country = venue.get("country")
        event.start_date = date.fromisoformat(item["start_date"])
        event.end_date = date.fromisoformat(item["end_date"])
        event.timezone = item["timezone"]
        event.language = item.get("language") or "en"
        event.updated_at = parse_instant(item["updated_at"])
        report = item.get("report") or {}
        settings = event.report_settings or m.ReportSettings(event_id=self.event_id)
        settings.template = report.get("template") or "event-report"
        sections = report.get("sections")
        settings.sections = list(sections) if sections is not None else list(m.DEFAULT_SECTIONS)
        overrides = dict(report.get("overrides") or {})
        settings.summary_opening = overrides.pop("summary_opening", None)
        settings.threats_intro = overrides.pop("threats_intro", None)
        settings.next_steps = overrides.pop("next_steps", None)
        settings.closing = overrides.pop("closing", None)
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

    def _organisations(self) -> None:
        items = self._items("organisations")
        existing = self._existing(m.Organisation, (o["id"] for o in items))
        for item in items:
            org = existing.get(item["id"])
            if not self._decide("organisations", org, item):
                continue
            if org is None:
                org = m.Organisation(id=item["id"])
                self.db.add(org)
            org.name = item["name"]
            org.sector = item.get("sector") or "other"
            org.city = item.get("city")
            org.country = item.get("country")
            org.website = item.get("website")
            org.updated_at = parse_instant(item["updated_at"])

    def _people(self) -> None:
        items = self._items("people")
        existing = self._existing(m.Person, (p["id"] for p in items))
        for item in items:
            person = existing.get(item["id"])
            if not self._decide("people", person, item):
                continue
            if person is None:
                person = m.Person(id=item["id"])
                self.db.add(person)
            person.full_name = item["full_name"]
            person.job_title = item.get("job_title")
            person.organisation_id = item.get("organisation")
            person.city = item.get("city")
            person.country = item.get("country")
            person.email = item.get("email")
            person.consent_to_name = bool(item.get("consent_to_name"))
            person.updated_at = parse_instant(item["updated_at"])

    def _participants(self) -> None:
        items = self._items("participants")
        existing = self._existing(m.Participant, (p["id"] for p in items))
        taken = {
            person_id: pid
            for pid, person_id in self.db.execute(
                select(m.Participant.id, m.Participant.person_id).where(
                    m.Participant.event_id == self.event_id
                )
            )
        }
        for index, item in enumerate(items):
            participant = existing.get(item["id"])
            if not self._same_event("participants", index, participant):
                continue
            other = taken.get(item["person"])
            if other is not None and other != item["id"]:
                self.problems.append(
                    Problem(
                        f"$.participants[{index}].person",
                        f"this person already takes part in the event as participant {other}",
                    )
                )
                continue
            if not self._decide("participants", participant, item):
                continue
            if participant is None:
                participant = m.Participant(id=item["id"], event_id=self.event_id)
                self.db.add(participant)
            participant.person_id = item["person"]
            participant.roles = list(item.get("roles") or [])
            participant.attendance = item.get("attendance") or "invited"
            participant.requirements = item.get("requirements")
            participant.notes = item.get("notes")
            participant.updated_at = parse_instant(item["updated_at"])

    def _sessions(self) -> None:
        items = self._items("sessions")
        existing = self._existing(m.Session, (s["id"] for s in items))
        for index, item in enumerate(items):
            session = existing.get(item["id"])
            if not self._same_event("sessions", index, session):
                continue
            if not self._decide("sessions", session, item):
                continue
            if session is None:
                session = m.Session(id=item["id"], event_id=self.event_id)
                self.db.add(session)
            session.title = item["title"]
            session.kind = item["kind"]
            session.start = parse_wall_time(item["start"])
            session.end = parse_wall_time(item["end"])
            session.location = item.get("location")
            session.description = item.get("description")
            session.updated_at = parse_instant(item["updated_at"])
            session.people = [
                m.SessionPerson(person_id=link["person"], role=link["role"], position=i)
                for i, link in enumerate(
                    _unique(item.get("people") or [], lambda x: (x["person"], x["role"]))
                )
            ]
            visit = item.get("field_visit")
            if visit is None:
                session.field_visit = None
                continue
            fv = session.field_visit or m.FieldVisit()
            fv.site = visit.get("site")
            fv.host_organisation = visit.get("host_organisation")
            fv.address = visit.get("address")
            fv.meeting_point = visit.get("meeting_point")
            fv.transport = visit.get("transport")
            fv.capacity = visit.get("capacity")
            fv.attendees = [
                m.FieldVisitAttendee(person_id=pid, position=i)
                for i, pid in enumerate(_unique(visit.get("attendees") or [], lambda x: x))
            ]
            session.field_visit = fv

    def _themes(self) -> None:
        items = self._items("themes")
        existing = self._existing(m.Theme, (t["id"] for t in items))
        for index, item in enumerate(items):
            theme = existing.get(item["id"])
            if not self._same_event("themes", index, theme):
                continue
            if not self._decide("themes", theme, item):
                continue
            if theme is None:
                theme = m.Theme(id=item["id"], event_id=self.event_id)
                self.db.add(theme)
            position = item.get("position")
            theme.position = int(position) if position is not None else index + 1
            theme.title = item["title"]
            theme.key_message = item.get("key_message")
            theme.summary = item.get("summary")
            theme.body = item.get("body")
            theme.updated_at = parse_instant(item["updated_at"])

    def _notes(self) -> None:
        items = self._items("notes")
        existing = self._existing(m.Note, (n["id"] for n in items))
        for index, item in enumerate(items):
            note = existing.get(item["id"])
            if not self._same_event("notes", index, note):
                continue
            incoming_text = item.get("text") or ""
            if not self._decide("notes", note, item):
                if note is not None and incoming_text != note.text:
                    self._remember(
                        note.id,
                        incoming_text,
                        item.get("author"),
                        parse_instant(item["updated_at"]),
                    )
                continue
            if note is None:
                note = m.Note(id=item["id"], event_id=self.event_id)
                self.db.add(note)
            elif note.text != incoming_text:
                self._remember(note.id, note.text, note.author, note.updated_at)
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
        items = self._items("partners")
        existing = self._existing(m.Partner, (p["id"] for p in items))
        for index, item in enumerate(items):
            partner = existing.get(item["id"])
            if not self._same_event("partners", index, partner):
                continue
            if not self._decide("partners", partner, item):
                continue
            if partner is None:
                partner = m.Partner(id=item["id"], event_id=self.event_id, position=index)
                self.db.add(partner)
            partner.name = item["name"]
            partner.role = item.get("role")
            partner.url = item.get("url")
            partner.logo_id = item.get("logo")
            partner.acknowledgement = item.get("acknowledgement")
            partner.updated_at = parse_instant(item["updated_at"])

    def _contacts(self) -> None:
        items = self._items("contacts")
        existing = self._existing(m.Contact, (c["id"] for c in items))
        for index, item in enumerate(items):
            contact = existing.get(item["id"])
            if not self._same_event("contacts", index, contact):
                continue
            if not self._decide("contacts", contact, item):
                continue
            if contact is None:
                contact = m.Contact(id=item["id"], event_id=self.event_id, position=index)
                self.db.add(contact)
            contact.name = item["name"]
            contact.role = item.get("role")
            contact.organisation = item.get("organisation")
            contact.email = item.get("email")
            contact.updated_at = parse_instant(item["updated_at"])


def _fill_note(note: m.Note, item: dict[str, Any]) -> None:
    note.kind = item["kind"]
    note.text = item.get("text") or ""
    note.author = item.get("author")
    captured = item.get("captured_at") or item["updated_at"]
    note.captured_at = parse_instant(captured)
    note.session_id = item.get("session")
    note.featured = bool(item.get("featured"))
    note.position = item.get("position") or 0
    note.placement = item.get("placement")
    note.updated_at = parse_instant(item["updated_at"])
    note.theme_links = [
        m.NoteTheme(theme_id=theme_id, position=i)
        for i, theme_id in enumerate(_unique(item.get("themes") or [], lambda x: x))
    ]
    quote = item.get("quote")
    note.quote = (
        m.QuoteDetails(
            speaker_id=quote.get("speaker"),
            name=quote.get("name"),
            job_title=quote.get("job_title"),
            organisation=quote.get("organisation"),
            city=quote.get("city"),
            country=quote.get("country"),
            attribution=quote.get("attribution") or "by_origin",
        )
        if quote is not None
        else None
    )
    case = item.get("case_study")
    note.case_study = (
        m.CaseStudy(
            **{
                k: case.get(k)
                for k in ("title", "city", "country", "challenge", "approach", "impact", "url")
            }
        )
        if case is not None
        else None
    )
    example = item.get("example")
    note.example = (
        m.CityExample(**{k: example.get(k) for k in ("label", "city", "country", "url")})
        if example is not None
        else None
    )
    resource = item.get("resource")
    note.resource = (
        m.Resource(**{k: resource.get(k) for k in ("title", "publisher", "url")})
        if resource is not None
        else None
    )


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
