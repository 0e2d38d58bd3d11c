"""The workspace's data model (SQLAlchemy 2.x, typed).

Every object has a UUID string id and an ``updated_at`` instant so event bundles
from several laptops merge by id, newest wins. Vocabularies are stored as their
bundle spelling (plain strings) so the database stays readable by other tools.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from workshop_planner.domain.enums import Attribution, ReportSection
from workshop_planner.domain.types import UTCDateTime, new_id, utc_now

#: Constraint names are fixed so Alembic batch migrations on SQLite can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Tracked:
    """Mixin: a stable UUID id, the instant of the last change and a row version."""

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    #: UTC instant of the last edit; the newer side wins when bundles merge.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: bumped by every UPDATE of the row (SQLAlchemy's ``version_id_col``): an
    #: UPDATE carries ``WHERE version = <the version read>``, so a writer that
    #: read an older row fails (StaleDataError) instead of overwriting a newer
    #: one. Local to the workspace: bundles do not carry it.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


# --- directory -------------------------------------------------------------


class Organisation(Tracked, Base):
    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(300))
    #: one of :class:`~workshop_planner.domain.enums.Sector`
    sector: Mapped[str] = mapped_column(String(40), default="other")
    city: Mapped[str | None] = mapped_column(String(200))
    #: ISO 3166-1 alpha-2
    country: Mapped[str | None] = mapped_column(String(2))
    website: Mapped[str | None] = mapped_column(String(500))

    people: Mapped[list[Person]] = relationship(back_populates="organisation")


class Person(Tracked, Base):
    __tablename__ = "people"

    full_name: Mapped[str] = mapped_column(String(300), index=True)
    job_title: Mapped[str | None] = mapped_column(String(300))
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    #: whether the person agreed to be named in published reports
    consent_to_name: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")


class ConsentChange(Base):
    """One change of a person's consent to be named: who, when, from what to what."""

    __tablename__ = "consent_changes"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: the app user or note-taker who changed it
    changed_by: Mapped[str] = mapped_column(String(200))
    #: the consent before (None: the person had no recorded consent yet)
    old: Mapped[bool | None] = mapped_column(Boolean)
    new: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class Asset(Base):
    """A binary file kept inside the workspace (partner logos)."""

    __tablename__ = "assets"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    media_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


# --- events ----------------------------------------------------------------


class Event(Tracked, Base):
    __tablename__ = "events"

    #: document label printed above the title ("Event Report")
    label: Mapped[str | None] = mapped_column(String(200))
    series: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(500))
    subtitle: Mapped[str | None] = mapped_column(Text)
    #: organisation that hosts the series
    convenor: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    venue_name: Mapped[str | None] = mapped_column(String(300))
    venue_address: Mapped[str | None] = mapped_column(String(500))
    venue_city: Mapped[str | None] = mapped_column(String(200))
    venue_country: Mapped[str | None] = mapped_column(String(2))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    #: IANA zone; session times are wall times in it
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    #: language of the report (BCP 47 / Babel locale)
    language: Mapped[str] = mapped_column(String(16), default="en")
    #: archived events are hidden from the sidebar but kept
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    report_settings: Mapped[ReportSettings | None] = relationship(
        back_populates="event", cascade="all, delete-orphan", uselist=False
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="event", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[Session]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Session.start"
    )
    themes: Mapped[list[Theme]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Theme.position"
    )
    notes: Mapped[list[Note]] = relationship(back_populates="event", cascade="all, delete-orphan")
    partners: Mapped[list[Partner]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Partner.position"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Contact.position"
    )


DEFAULT_SECTIONS: list[str] = [s.value for s in ReportSection]


class ReportSettings(Base):
    """Per-event report choices; travels inside the bundle's ``event.report``."""

    __tablename__ = "report_settings"

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    template: Mapped[str] = mapped_column(String(100), default="event-report")
    #: section names in :class:`ReportSection` to print (always in the layout order)
    sections: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(DEFAULT_SECTIONS))
    #: editor texts replacing drafts; None means "use the draft"
    summary_opening: Mapped[str | None] = mapped_column(Text)
    threats_intro: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    closing: Mapped[str | None] = mapped_column(Text)
    #: extra keys a newer tool sent in ``overrides``, kept so they round-trip
    extra_overrides: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    event: Mapped[Event] = relationship(back_populates="report_settings")


class Participant(Tracked, Base):
    """A person's part in one event."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: list of :class:`ParticipantRole` values, in the order given
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    attendance: Mapped[str] = mapped_column(String(20), default="invited")
    #: dietary and accessibility requirements
    requirements: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="participants")
    person: Mapped[Person] = relationship()


class Session(Tracked, Base):
    """An agenda item. Times are wall times in the event's zone (naive)."""

    __tablename__ = "sessions"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    start: Mapped[datetime] = mapped_column("start_time", DateTime)
    end: Mapped[datetime] = mapped_column("end_time", DateTime)
    location: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="sessions")
    people: Mapped[list[SessionPerson]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionPerson.position"
    )
    field_visit: Mapped[FieldVisit | None] = relationship(
        back_populates="session", cascade="all, delete-orphan", uselist=False
    )


class SessionPerson(Base):
    """A person with a role in a session (speaker, moderator …)."""

    __tablename__ = "session_people"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    #: order of appearance on the programme
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[Session] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()


class FieldVisit(Base):
    """The extra details of a ``field_visit`` session."""

    __tablename__ = "field_visits"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    site: Mapped[str | None] = mapped_column(String(300))
    host_organisation: Mapped[str | None] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(500))
    meeting_point: Mapped[str | None] = mapped_column(String(300))
    transport: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None] = mapped_column(Integer)

    session: Mapped[Session] = relationship(back_populates="field_visit")
    attendees: Mapped[list[FieldVisitAttendee]] = relationship(
        back_populates="field_visit",
        cascade="all, delete-orphan",
        order_by="FieldVisitAttendee.position",
    )


class FieldVisitAttendee(Base):
    __tablename__ = "field_visit_attendees"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("field_visits.session_id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    field_visit: Mapped[FieldVisit] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship()


class Theme(Tracked, Base):
    __tablename__ = "themes"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(300))
    #: the bold lead sentence
    key_message: Mapped[str | None] = mapped_column(Text)
    #: short paragraph for the numbered list in the summary
    summary: Mapped[str | None] = mapped_column(Text)
    #: narrative, Markdown
    body: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="themes")


# --- notes -----------------------------------------------------------------


class Note(Tracked, Base):
    """Something captured during a session by a note-taker."""

    __tablename__ = "notes"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: Markdown
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(String(200))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    session_id: Mapped[str | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    #: include in the report
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    #: order within its report section
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: where it prints (:class:`~workshop_planner.domain.enums.Placement`); None = by kind
    placement: Mapped[str | None] = mapped_column(String(20))

    event: Mapped[Event] = relationship(back_populates="notes")
    session: Mapped[Session | None] = relationship()
    theme_links: Mapped[list[NoteTheme]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteTheme.position"
    )
    quote: Mapped[QuoteDetails | None] = relationship(
        back_populates="note", cascade="all, delete-orphan", uselist=False
    )
    case_study: Mapped[CaseStudy | None] = relationship(
        back_populates="note", cascade="all, delete-orphan", uselist=False
    )
    example: Mapped[CityExample | None] = relationship(
        back_populates="note", cascade="all, delete-orphan", uselist=False
    )
    resource: Mapped[Resource | None] = relationship(
        back_populates="note", cascade="all, delete-orphan", uselist=False
    )

    @property
    def theme_ids(self) -> list[str]:
        return [link.theme_id for link in self.theme_links]


class NoteTheme(Base):
    __tablename__ = "note_themes"

    note_id: Mapped[str] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[str] = mapped_column(
        ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    note: Mapped[Note] = relationship(back_populates="theme_links")


class QuoteDetails(Base):
    """Who said a ``quote`` note and how the report may attribute it."""

    __tablename__ = "note_quotes"

    note_id: Mapped[str] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    #: the speaker from the directory, or None with the free fields below
    speaker_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(300))
    job_title: Mapped[str | None] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    attribution: Mapped[str] = mapped_column(String(20), default=Attribution.BY_ORIGIN.value)

    note: Mapped[Note] = relationship(back_populates="quote")
    speaker: Mapped[Person | None] = relationship()


class CaseStudy(Base):
    __tablename__ = "note_case_studies"

    note_id: Mapped[str] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    #: "City of Edmonton, Canada"
    title: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    challenge: Mapped[str | None] = mapped_column(Text)
    #: Markdown, may be a numbered list
    approach: Mapped[str | None] = mapped_column(Text)
    impact: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))

    note: Mapped[Note] = relationship(back_populates="case_study")


class CityExample(Base):
    """An "other city example" (``example`` note)."""

    __tablename__ = "note_examples"

    note_id: Mapped[str] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str | None] = mapped_column(String(500))
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    url: Mapped[str | None] = mapped_column(String(1000))

    note: Mapped[Note] = relationship(back_populates="example")


class Resource(Base):
    """An additional resource (``resource`` note)."""

    __tablename__ = "note_resources"

    note_id: Mapped[str] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000))

    note: Mapped[Note] = relationship(back_populates="resource")


class NoteRevision(Base):
    """An earlier text of a note, kept when a newer edit replaced it."""

    __tablename__ = "note_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    note_id: Mapped[str] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    #: the ``updated_at`` the text had when it was current
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class NoteOriginal(Base):
    """A note as captured, kept when its printed wording or fields are first edited.

    The text's later versions are in :class:`NoteRevision`; this keeps the
    captured fields of its kind too (a quote's speaker and attribution, a case
    study's parts …) so the report editor can bring the original back.
    """

    __tablename__ = "note_originals"

    note_id: Mapped[str] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    #: the fields of its kind as in the bundle ("speaker", "attribution" …); None without
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class CaptureDraft(Base):
    """Text a note-taker is typing, kept so a crash loses nothing.

    One row per note-taker and event; replaced as they type, removed on save.
    """

    __tablename__ = "capture_drafts"

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    author: Mapped[str] = mapped_column(String(200), primary_key=True)
    session_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(20), default="observation")
    text: Mapped[str] = mapped_column(Text, default="")
    #: theme ids, quote speaker, case-study fields … as typed so far
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


# --- partners and contacts ---------------------------------------------------


class Partner(Tracked, Base):
    __tablename__ = "partners"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    #: donor, partner, host, supporter …
    role: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(String(1000))
    logo_id: Mapped[str | None] = mapped_column(ForeignKey("assets.id", ondelete="SET NULL"))
    acknowledgement: Mapped[str | None] = mapped_column(Text)
    #: order of logos in the report
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="partners")
    logo: Mapped[Asset | None] = relationship()


class Contact(Tracked, Base):
    __tablename__ = "contacts"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="contacts")
