"""Each entity's fields, declared once.

Like Indico's ``get_simple_column_attrs`` / ``populate_from_attrs``: the event
bundle export, the bundle merge, duplicate-as-template and the services' plain
results read these declarations instead of naming the columns again. A new
column is added here, in one place, and every copy carries it; the test
``tests/domain/test_fields.py`` fails for a column that is in none of the lists.

Names are the models' attribute names. ``id``, ``updated_at`` and ``version``
(every :class:`~workshop_planner.domain.models.Tracked` object has them) are
implicit; ``version`` stays in its workspace (no bundle carries it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy.orm import selectinload

from workshop_planner.domain import models as m

T = TypeVar("T")


@dataclass(frozen=True)
class Fields:
    """The declared fields of one entity."""

    model: type[m.Base]
    #: columns (and read-only values) an event bundle carries, in the bundle's order
    bundle: tuple[str, ...]
    #: bundle key where it differs from the attribute ("organisation_id" → "organisation");
    #: a dotted key ("venue.name") sits in a nested object
    keys: Mapping[str, str] = field(default_factory=dict)
    #: what duplicate-as-template copies unchanged (the rest is new, shifted or left
    #: empty); None: every bundle field a merge writes
    template: tuple[str, ...] | None = None
    #: columns deliberately in no bundle: owner keys, local order, local flags
    local: tuple[str, ...] = ()
    #: bundle values computed from relations, never written back by a merge
    read_only: tuple[str, ...] = ()
    #: bundle fields added after version 1 was published: left out of an export
    #: when empty, so bundles that never had them export exactly as written
    optional: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.template is None:
            object.__setattr__(self, "template", self.writable)

    @property
    def copied(self) -> tuple[str, ...]:
        """What duplicate-as-template copies unchanged."""
        assert self.template is not None
        return self.template

    def key(self, name: str) -> str:
        """The bundle key of ``name``."""
        return self.keys.get(name, name)

    @property
    def writable(self) -> tuple[str, ...]:
        """The bundle fields a merge writes."""
        return tuple(n for n in self.bundle if n not in self.read_only)

    @property
    def stored(self) -> tuple[str, ...]:
        """Every declared column but ``id`` and ``updated_at``."""
        return (*self.writable, *self.local)


def values_of(obj: object, names: Iterable[str]) -> dict[str, Any]:
    """``{name: obj.name}`` for each name, in order (lists copied)."""
    return {name: _copied(getattr(obj, name)) for name in names}


def copy_fields(src: object, dst: object, names: Iterable[str]) -> None:
    """Set each named attribute of ``dst`` to that of ``src`` (lists copied)."""
    for name in names:
        setattr(dst, name, _copied(getattr(src, name)))


def result_of(cls: type[T], obj: object, **given: Any) -> T:
    """The frozen dataclass ``cls`` filled from ``obj``'s same-named attributes.

    ``given`` supplies (or replaces) values the object does not have under that name.
    """
    values = {name: _copied(getattr(obj, name)) for name in names_of(cls) if name not in given}
    return cls(**values, **given)


def names_of(cls: type[Any]) -> tuple[str, ...]:
    """The field names of a dataclass, in order."""
    return _names(cast(Hashable, cls))  # classes hash by identity


@cache
def _names(cls: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _copied(value: Any) -> Any:
    # lists are copied; a tuple (as frozen results hold them) becomes a list for a column
    return list(value) if isinstance(value, list | tuple) else value


# --- the declarations ---------------------------------------------------------------

ORGANISATION = Fields(
    m.Organisation,
    bundle=("name", "sector", "city", "country", "website"),
)

PERSON = Fields(
    m.Person,
    bundle=(
        "full_name",
        "job_title",
        "organisation_id",
        "city",
        "country",
        "email",
        "consent_to_name",
    ),
    keys={"organisation_id": "organisation"},
)

_VENUE = ("venue_name", "venue_address", "venue_city", "venue_country")

EVENT = Fields(
    m.Event,
    bundle=(
        "label",
        "series",
        "title",
        "subtitle",
        "convenor",
        "description",
        *_VENUE,
        "start_date",
        "end_date",
        "timezone",
        "language",
    ),
    keys={name: "venue." + name.removeprefix("venue_") for name in _VENUE},
    # the title and the dates are the new event's own
    template=(
        "label",
        "series",
        "subtitle",
        "convenor",
        "description",
        *_VENUE,
        "timezone",
        "language",
    ),
    local=("archived",),
)

#: the override texts an editor writes in place of a drafted text
REPORT_OVERRIDES: tuple[str, ...] = ("summary_opening", "threats_intro", "next_steps", "closing")

REPORT_SETTINGS = Fields(
    m.ReportSettings,
    bundle=("template", "sections", *REPORT_OVERRIDES),
    keys={name: "overrides." + name for name in REPORT_OVERRIDES},
    # a new event's report drafts its own texts
    template=("template", "sections"),
    # extra_overrides: keys a newer tool sent, merged into "overrides" as they came
    local=("event_id", "extra_overrides"),
)

PARTICIPANT = Fields(
    m.Participant,
    bundle=("person_id", "roles", "attendance", "requirements", "notes"),
    keys={"person_id": "person"},
    # attendance starts again at "invited"; the organiser's notes are about this event
    template=("person_id", "roles", "requirements"),
    local=("event_id",),
)

SESSION = Fields(
    m.Session,
    bundle=("title", "kind", "start", "end", "location", "description"),
    # start and end are shifted to the new dates
    template=("title", "kind", "location", "description"),
    local=("event_id",),
)

SESSION_PERSON = Fields(
    m.SessionPerson,
    bundle=("person_id", "role"),
    keys={"person_id": "person"},
    template=("person_id", "role", "position"),
    # position: the order of the bundle's "people" list
    local=("session_id", "position"),
)

FIELD_VISIT = Fields(
    m.FieldVisit,
    bundle=("site", "host_organisation", "address", "meeting_point", "transport", "capacity"),
    local=("session_id",),
)

FIELD_VISIT_ATTENDEE = Fields(
    m.FieldVisitAttendee,
    # the bundle lists attendees as bare person ids, in order
    bundle=("person_id",),
    template=("person_id", "position"),
    local=("session_id", "position"),
)

THEME = Fields(
    m.Theme,
    bundle=("position", "title", "key_message", "summary", "body"),
    # the texts are written anew for the new report
    template=("position", "title"),
    local=("event_id",),
)

NOTE = Fields(
    m.Note,
    bundle=(
        "kind",
        "text",
        "author",
        "captured_at",
        "session_id",
        "theme_ids",
        "featured",
        "position",
        "placement",
    ),
    keys={"session_id": "session", "theme_ids": "themes"},
    # session_id: the copy's sessions are new ones; themes are linked to the copy's themes
    template=("kind", "text", "author", "captured_at", "featured", "position", "placement"),
    local=("event_id",),
    read_only=("theme_ids",),
    optional=("placement",),
)

NOTE_THEME = Fields(m.NoteTheme, bundle=(), local=("note_id", "theme_id", "position"))

QUOTE = Fields(
    m.QuoteDetails,
    bundle=("speaker_id", "name", "job_title", "organisation", "city", "country", "attribution"),
    keys={"speaker_id": "speaker"},
    local=("note_id",),
)

CASE_STUDY = Fields(
    m.CaseStudy,
    bundle=("title", "city", "country", "challenge", "approach", "impact", "url"),
    local=("note_id",),
)

EXAMPLE = Fields(
    m.CityExample,
    bundle=("label", "city", "country", "url"),
    local=("note_id",),
)

RESOURCE = Fields(
    m.Resource,
    bundle=("title", "publisher", "url"),
    local=("note_id",),
)

#: a note's one-to-one details, by relation name (= bundle key), in the bundle's order
NOTE_DETAILS: Mapping[str, Fields] = {
    "quote": QUOTE,
    "case_study": CASE_STUDY,
    "example": EXAMPLE,
    "resource": RESOURCE,
}

#: a note's relations that travel with it: its themes and its details
NOTE_RELATIONS: tuple[str, ...] = ("theme_links", *NOTE_DETAILS)


def load_note_relations(parent: Any = None) -> list[Any]:
    """Loader options that fetch notes' themes and details with the notes.

    ``parent`` is a loader option to chain from (``selectinload(m.Event.notes)``).
    """
    return [
        (parent.selectinload if parent is not None else selectinload)(getattr(m.Note, name))
        for name in NOTE_RELATIONS
    ]


PARTNER = Fields(
    m.Partner,
    bundle=("name", "role", "url", "logo_id", "acknowledgement"),
    keys={"logo_id": "logo"},
    template=("name", "role", "url", "logo_id", "acknowledgement", "position"),
    # position: the order of the bundle's list
    local=("event_id", "position"),
)

CONTACT = Fields(
    m.Contact,
    bundle=("name", "role", "organisation", "email"),
    template=("name", "role", "organisation", "email", "position"),
    local=("event_id", "position"),
)

#: every declaration, for the tests that hold each column to one of them
ALL: tuple[Fields, ...] = (
    ORGANISATION,
    PERSON,
    EVENT,
    REPORT_SETTINGS,
    PARTICIPANT,
    SESSION,
    SESSION_PERSON,
    FIELD_VISIT,
    FIELD_VISIT_ATTENDEE,
    THEME,
    NOTE,
    NOTE_THEME,
    QUOTE,
    CASE_STUDY,
    EXAMPLE,
    RESOURCE,
    PARTNER,
    CONTACT,
)


def new_copy(src: object, declared: Fields, **given: Any) -> Any:
    """A new ``declared.model`` row with ``given`` values and the template fields of ``src``."""
    copy = declared.model(**given)
    copy_fields(src, copy, declared.copied)
    return copy
