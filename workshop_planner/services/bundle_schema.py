"""JSON Schema of the event bundle, format v1 (``docs/event-bundle.schema.json``).

Built here from the domain vocabularies so the schema, the validator and the
docs cannot drift apart; a test checks the docs copy equals :data:`SCHEMA`.
Extra optional fields are allowed (``additionalProperties`` is left open), as
``domain.md`` promises other tools.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from workshop_planner.domain.clock import STAMP_PATTERN
from workshop_planner.domain.enums import (
    Attendance,
    Attribution,
    NoteKind,
    ParticipantRole,
    Placement,
    ReportSection,
    Sector,
    SessionKind,
    SessionRole,
)

FORMAT = "workshop-planner/event-bundle"
VERSION = 1

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
WALL_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$"
INSTANT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"


def _enum(values: type[StrEnum]) -> dict[str, Any]:
    return {"enum": [v.value for v in values]}


def _opt(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field: the schema, or null."""
    return {"anyOf": [schema, {"type": "null"}]}


STR = {"type": "string"}
OPT_STR = _opt(STR)
ID = {"type": "string", "pattern": UUID_PATTERN}
REF = _opt(ID)
INSTANT = {"type": "string", "pattern": INSTANT_PATTERN}
COUNTRY = _opt({"type": "string", "pattern": COUNTRY_PATTERN})


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


STAMP = {"type": "string", "pattern": STAMP_PATTERN}

#: optional (added after v1 was published): the hybrid-logical-clock stamps of
#: an object's last changes, so bundles merge field by field; absent, every
#: field is as new as ``updated_at``
CLOCK = _opt(
    _object(
        ["at"],
        {"at": STAMP, "fields": _opt({"type": "object", "additionalProperties": STAMP})},
    )
)

#: the collections a deleted object can have been in (``deleted[].collection``)
DELETABLE = ["participants", "sessions", "themes", "notes", "partners", "contacts"]

#: optional (added after v1 was published): objects of the event deleted, with
#: the stamp of the deletion, so an import does not bring them back
DELETED = _opt(
    {
        "type": "array",
        "items": _object(
            ["id", "collection", "stamp"],
            {"id": ID, "collection": {"enum": DELETABLE}, "stamp": STAMP},
        ),
    }
)


def _tracked(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return _object(
        ["id", "updated_at", *required],
        {"id": ID, "updated_at": INSTANT, **properties, "clock": CLOCK},
    )


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://workshop-planner.example/schema/event-bundle-v1.json",
    "title": "Workshop Planner event bundle, version 1",
    "description": "One event with everything it references; merged by id on import.",
    "type": "object",
    "required": ["format", "version", "event"],
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "exported_at": INSTANT,
        "event": _tracked(
            ["title", "start_date", "end_date", "timezone"],
            {
                "label": OPT_STR,
                "series": OPT_STR,
                "title": {"type": "string", "minLength": 1},
                "subtitle": OPT_STR,
                "convenor": OPT_STR,
                "description": OPT_STR,
                "venue": _opt(
                    _object(
                        [],
                        {
                            "name": OPT_STR,
                            "address": OPT_STR,
                            "city": OPT_STR,
                            "country": COUNTRY,
                        },
                    )
                ),
                "start_date": {"type": "string", "pattern": DATE_PATTERN},
                "end_date": {"type": "string", "pattern": DATE_PATTERN},
                "timezone": {"type": "string", "minLength": 1},
                "language": OPT_STR,
                "report": _opt(
                    _object(
                        [],
                        {
                            "template": OPT_STR,
                            "sections": _opt({"type": "array", "items": _enum(ReportSection)}),
                            "overrides": _opt(
                                {
                                    "type": "object",
                                    "additionalProperties": OPT_STR,
                                }
                            ),
                        },
                    )
                ),
            },
        ),
        "organisations": {
            "type": "array",
            "items": _tracked(
                ["name"],
                {
                    "name": {"type": "string", "minLength": 1},
                    "sector": _opt(_enum(Sector)),
                    "city": OPT_STR,
                    "country": COUNTRY,
                    "website": OPT_STR,
                },
            ),
        },
        "people": {
            "type": "array",
            "items": _tracked(
                ["full_name"],
                {
                    "full_name": {"type": "string", "minLength": 1},
                    "job_title": OPT_STR,
                    "organisation": REF,
                    "city": OPT_STR,
                    "country": COUNTRY,
                    "email": OPT_STR,
                    "consent_to_name": _opt({"type": "boolean"}),
                },
            ),
        },
        "participants": {
            "type": "array",
            "items": _tracked(
                ["person"],
                {
                    "person": ID,
                    "roles": _opt({"type": "array", "items": _enum(ParticipantRole)}),
                    "attendance": _opt(_enum(Attendance)),
                    "requirements": OPT_STR,
                    "notes": OPT_STR,
                },
            ),
        },
        "sessions": {
            "type": "array",
            "items": _tracked(
                ["title", "kind", "start", "end"],
                {
                    "title": {"type": "string", "minLength": 1},
                    "kind": _enum(SessionKind),
                    "start": {"type": "string", "pattern": WALL_TIME_PATTERN},
                    "end": {"type": "string", "pattern": WALL_TIME_PATTERN},
                    "location": OPT_STR,
                    "description": OPT_STR,
                    "people": _opt(
                        {
                            "type": "array",
                            "items": _object(
                                ["person", "role"], {"person": ID, "role": _enum(SessionRole)}
                            ),
                        }
                    ),
                    "field_visit": _opt(
                        _object(
                            [],
                            {
                                "site": OPT_STR,
                                "host_organisation": OPT_STR,
                                "address": OPT_STR,
                                "meeting_point": OPT_STR,
                                "transport": OPT_STR,
                                "capacity": _opt({"type": "integer", "minimum": 0}),
                                "attendees": _opt({"type": "array", "items": ID}),
                            },
                        )
                    ),
                },
            ),
        },
        "themes": {
            "type": "array",
            "items": _tracked(
                ["title"],
                {
                    "position": _opt({"type": "integer"}),
                    "title": {"type": "string", "minLength": 1},
                    "key_message": OPT_STR,
                    "summary": OPT_STR,
                    "body": OPT_STR,
                },
            ),
        },
        "notes": {
            "type": "array",
            "items": _tracked(
                ["kind"],
                {
                    "kind": _enum(NoteKind),
                    "text": OPT_STR,
                    "author": OPT_STR,
                    "captured_at": INSTANT,
                    "session": REF,
                    "themes": _opt({"type": "array", "items": ID}),
                    "featured": _opt({"type": "boolean"}),
                    "position": _opt({"type": "integer"}),
                    "placement": _opt(_enum(Placement)),
                    "quote": _opt(
                        _object(
                            [],
                            {
                                "speaker": REF,
                                "name": OPT_STR,
                                "job_title": OPT_STR,
                                "organisation": OPT_STR,
                                "city": OPT_STR,
                                "country": COUNTRY,
                                "attribution": _opt(_enum(Attribution)),
                            },
                        )
                    ),
                    "case_study": _opt(
                        _object(
                            [],
                            {
                                "title": OPT_STR,
                                "city": OPT_STR,
                                "country": COUNTRY,
                                "challenge": OPT_STR,
                                "approach": OPT_STR,
                                "impact": OPT_STR,
                                "url": OPT_STR,
                            },
                        )
                    ),
                    "example": _opt(
                        _object(
                            [],
                            {"label": OPT_STR, "city": OPT_STR, "country": COUNTRY, "url": OPT_STR},
                        )
                    ),
                    "resource": _opt(
                        _object([], {"title": OPT_STR, "publisher": OPT_STR, "url": OPT_STR})
                    ),
                },
            ),
        },
        "partners": {
            "type": "array",
            "items": _tracked(
                ["name"],
                {
                    "name": {"type": "string", "minLength": 1},
                    "role": OPT_STR,
                    "url": OPT_STR,
                    "logo": REF,
                    "acknowledgement": OPT_STR,
                },
            ),
        },
        "contacts": {
            "type": "array",
            "items": _tracked(
                ["name"],
                {
                    "name": {"type": "string", "minLength": 1},
                    "role": OPT_STR,
                    "organisation": OPT_STR,
                    "email": OPT_STR,
                },
            ),
        },
        "deleted": DELETED,
        "assets": {
            "type": "array",
            "items": _object(
                ["id", "media_type", "data"],
                {
                    "id": ID,
                    "media_type": {
                        "enum": [
                            "image/png",
                            "image/jpeg",
                            "image/svg+xml",
                            "image/gif",
                            "image/webp",
                        ]
                    },
                    "data": {"type": "string", "contentEncoding": "base64"},
                },
            ),
        },
    },
}
