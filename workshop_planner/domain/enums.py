"""Vocabularies of the domain, spelled exactly as in the event bundle format."""

from __future__ import annotations

from enum import StrEnum


class Sector(StrEnum):
    LOCAL_GOVERNMENT = "local_government"
    REGIONAL_GOVERNMENT = "regional_government"
    NATIONAL_GOVERNMENT = "national_government"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_SECTOR = "private_sector"
    RESEARCH = "research"
    INTERNATIONAL = "international"
    DONOR = "donor"
    OTHER = "other"


class ParticipantRole(StrEnum):
    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    KEYNOTE = "keynote"
    MODERATOR = "moderator"
    PANELIST = "panelist"
    ORGANISER = "organiser"
    NOTE_TAKER = "note_taker"
    OBSERVER = "observer"


class Attendance(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    ATTENDED = "attended"
    DECLINED = "declined"
    NO_SHOW = "no_show"


class SessionKind(StrEnum):
    KEYNOTE = "keynote"
    PANEL = "panel"
    WORKSHOP = "workshop"
    PLENARY = "plenary"
    BREAKOUT = "breakout"
    FIELD_VISIT = "field_visit"
    BREAK = "break"
    RECEPTION = "reception"
    OTHER = "other"


class SessionRole(StrEnum):
    SPEAKER = "speaker"
    KEYNOTE = "keynote"
    MODERATOR = "moderator"
    PANELIST = "panelist"
    HOST = "host"


class NoteKind(StrEnum):
    OBSERVATION = "observation"
    QUOTE = "quote"
    THREAT = "threat"
    CHALLENGE = "challenge"
    NEED = "need"
    CASE_STUDY = "case_study"
    EXAMPLE = "example"
    RECOMMENDATION = "recommendation"
    NEXT_STEP = "next_step"
    RESOURCE = "resource"


class Attribution(StrEnum):
    NAMED = "named"
    BY_ORIGIN = "by_origin"
    ANONYMOUS = "anonymous"


class Placement(StrEnum):
    """Where a featured note prints in the report; a note without one prints by kind.

    The default by kind: observation, quote, case study, example → ``theme``;
    threat, challenge, need → ``threats``; recommendation, next step →
    ``next_steps``; resource → ``resources``.
    """

    #: inside each of its themes (narrative, case-study box, pull quote)
    THEME = "theme"
    #: "Threats, Key Challenges & City Needs"
    THREATS = "threats"
    #: "Next Steps"
    NEXT_STEPS = "next_steps"
    #: the pull quote that closes Next Steps
    CLOSING = "closing"
    #: one of its themes' "Other city examples"
    EXAMPLES = "examples"
    #: "Additional Resources"
    RESOURCES = "resources"


class ReportSection(StrEnum):
    """Sections of the event report, in the order the layout prints them."""

    SUMMARY = "summary"
    THREATS = "threats"
    THEMES = "themes"
    NEXT_STEPS = "next_steps"
    RESOURCES = "resources"
    PARTNERS = "partners"
    CONTACTS = "contacts"
