"""Event bundles unlike the sample, written to the bundle format of domain.md.

They drive the report the way an outside check would: a bundle file imported
with the CLI, the report rendered with the CLI, the PDF read back. The events
differ from the sample on purpose: a Dutch host, a month boundary, British,
Polish, Hungarian and North American cities, a speaker who did not consent to
be named, typed quotation marks, case studies and examples with missing
fields, a resource without publisher, editor overrides, logos of different
shapes, characters the shipped fonts lack; and an event with nothing at all.
"""

from __future__ import annotations

import base64
import io
import uuid
from typing import Any

from PIL import Image

_NS = uuid.UUID("6f1c2b9e-0d1a-4e8e-9a4b-3c2d1e0f9a8b")
T = "2024-07-05T10:00:00Z"

#: the keynote speaker who did not consent to be named: never printed
HIDDEN = "Hidden Secretname"
LISTENING_CITIES_TITLE = "Listening Cities: Cohesion After the Pandemic"


def uid(*key: object) -> str:
    return str(uuid.uuid5(_NS, "/".join(map(str, key))))


def _png(width: int, height: int, colour: tuple[int, int, int]) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
    '<rect width="300" height="100" fill="#2a6"/>'
    '<text x="20" y="60" font-family="Comic Sans MS" font-size="30">Fundacja Łódź</text></svg>'
)


def _bundle(event: dict[str, Any], **lists: list[dict[str, Any]]) -> dict[str, Any]:
    bundle: dict[str, Any] = {
        "format": "workshop-planner/event-bundle",
        "version": 1,
        "exported_at": T,
        "event": event,
    }
    for key in (
        "organisations",
        "people",
        "participants",
        "sessions",
        "themes",
        "notes",
        "partners",
        "contacts",
        "assets",
    ):
        bundle[key] = lists.get(key, [])
    return bundle


def _org(name: str, sector: str, city: str | None, country: str | None) -> dict[str, Any]:
    return {
        "id": uid("org", name),
        "name": name,
        "sector": sector,
        "city": city,
        "country": country,
        "website": None,
        "updated_at": T,
    }


def _person(
    name: str,
    title: str | None,
    org: dict[str, Any] | None,
    country: str | None,
    *,
    consent: bool = True,
) -> dict[str, Any]:
    return {
        "id": uid("person", name),
        "full_name": name,
        "job_title": title,
        "organisation": org["id"] if org else None,
        "city": org["city"] if org else None,
        "country": country,
        "email": None,
        "consent_to_name": consent,
        "updated_at": T,
    }


def _participant(person: dict[str, Any], attendance: str = "attended") -> dict[str, Any]:
    return {
        "id": uid("participant", person["id"]),
        "person": person["id"],
        "roles": ["participant"],
        "attendance": attendance,
        "requirements": None,
        "notes": None,
        "updated_at": T,
    }


def _note(number: int, kind: str, text: str, *themes: str, **extra: Any) -> dict[str, Any]:
    note = {
        "id": uid("note", number),
        "kind": kind,
        "text": text,
        "author": "Checker",
        "captured_at": "2024-06-30T09:00:00Z",
        "session": None,
        "themes": list(themes),
        "featured": extra.pop("featured", True),
        "position": number,
        "updated_at": T,
    }
    note.update(extra)
    return note


def _quote(speaker: str | None, attribution: str, **free: str | None) -> dict[str, Any]:
    fields = dict.fromkeys(("name", "job_title", "organisation", "city", "country"))
    fields.update(free)
    return {"speaker": speaker, **fields, "attribution": attribution}


def listening_cities() -> dict[str, Any]:
    """Amsterdam, 30 June – 2 July 2024: 53 attended from seven countries."""
    orgs: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    cities = [
        ("Utrecht", "NL"),
        ("Amsterdam", "NL"),
        ("Rotterdam", "NL"),
        ("Manchester", "GB"),
        ("London", "GB"),
        ("Łódź", "PL"),
        ("Kraków", "PL"),
        ("Győr", "HU"),
        ("Weißenfels", "DE"),
        ("Chicago", "US"),
        ("Toronto", "CA"),
    ]
    mayors = []
    for i, (city, country) in enumerate(cities):
        org = _org(f"Municipality of {city}", "local_government", city, country)
        mayor = _person(f"Mayor Person {i}", "Mayor", org, country)
        orgs.append(org)
        people.append(mayor)
        mayors.append(mayor)
    ngo = _org("Stichting Samen", "civil_society", "Amsterdam", "NL")
    research = _org("Instytut Badań", "research", "Warsaw", "PL")
    keynote = _person("Ingrid van der Berg", "Director", ngo, "NL")
    hidden = _person(HIDDEN, "Deputy Mayor", orgs[5], "PL", consent=False)
    orgs += [ngo, research]
    people += [keynote, hidden]
    for i in range(53 - len(people)):
        people.append(_person(f"Participant {i}", "Officer", research, "PL"))
    participants = [_participant(p) for p in people]
    for i in range(4):
        declined = _person(f"Declined {i}", None, None, "NO")
        people.append(declined)
        participants.append(_participant(declined, "declined"))

    def session(key: str, title: str, kind: str, start: str, end: str, **rest: Any) -> Any:
        return {
            "id": uid("session", key),
            "title": title,
            "kind": kind,
            "start": start,
            "end": end,
            "location": "Main hall",
            "description": None,
            "people": rest.get("people", []),
            "field_visit": rest.get("field_visit"),
            "updated_at": T,
        }

    sessions = [
        session(
            "k1",
            "Cities that listen",
            "keynote",
            "2024-06-30T09:30",
            "2024-06-30T10:00",
            people=[{"person": keynote["id"], "role": "keynote"}],
        ),
        session(
            "k2",
            "Online harassment",
            "keynote",
            "2024-07-01T09:00",
            "2024-07-01T09:30",
            people=[{"person": hidden["id"], "role": "keynote"}],
        ),
        session(
            "visit",
            "Visit to a community centre",
            "field_visit",
            "2024-07-02T10:00",
            "2024-07-02T12:30",
            field_visit={
                "site": "Buurthuis Noord",
                "host_organisation": "Stichting Samen",
                "address": None,
                "meeting_point": "Hotel lobby",
                "transport": "Ferry",
                "capacity": 20,
                "attendees": [mayors[1]["id"], hidden["id"]],
            },
        ),
    ]
    themes = [
        {
            "id": uid("theme", i),
            "position": i,
            "title": title,
            "key_message": message,
            "summary": f"Summary of theme {i}.",
            "body": f"Body of theme {i}.\n\n- first point\n- second **bold** point",
            "updated_at": T,
        }
        for i, (title, message) in enumerate(
            [
                ("Listening Cities", "Cities that listen first build lasting trust."),
                ("Safe Public Office", "Harassment of officials is rising."),
            ],
            1,
        )
    ]
    t1, t2 = themes[0]["id"], themes[1]["id"]
    notes = [
        _note(1, "threat", "Disinformation about refugees spreads fast."),
        _note(2, "need", "Glyphs our fonts lack: ★ 中文 😀 and `inline code`."),
        _note(
            3, "quote", "I was threatened at my own door.", t2, quote=_quote(hidden["id"], "named")
        ),
        _note(4, "quote", "“Nobody called to help.”", t2, quote=_quote(hidden["id"], "anonymous")),
        _note(
            5,
            "quote",
            "Trust is built at the kitchen table.",
            t1,
            quote=_quote(
                None, "named", name="Free Typed", job_title="Alderman", city="Utrecht", country="NL"
            ),
        ),
        _note(
            6,
            "quote",
            "Youth workers prevent.",
            t1,
            quote=_quote(None, "by_origin", name="X", country="GB"),
        ),
        _note(
            7,
            "case_study",
            "A strategy built with residents.",
            t1,
            case_study={
                "title": "City of Toronto, Canada",
                "city": "Toronto",
                "country": "CA",
                "challenge": "Rising hate incidents.",
                "approach": "1. Consult residents\n2. Fund groups",
                "impact": "Incidents reported faster.",
                "url": "https://www.toronto.ca/anti-hate",
            },
        ),
        _note(
            8,
            "case_study",
            "",
            t2,
            case_study={
                "title": None,
                "city": "Utrecht",
                "country": "NL",
                "approach": "A hotline.",
            },
        ),
        _note(
            9,
            "example",
            "",
            t1,
            example={"label": "Youth councils", "city": "Utrecht", "country": "NL"},
        ),
        _note(
            10, "example", "Open data", t1, example={"label": None, "city": None, "country": None}
        ),
        _note(11, "recommendation", "Create a **national** hotline."),
        _note(13, "observation", f"Deputy Mayor {HIDDEN.upper()} described the letters.", t2),
        _note(
            12,
            "resource",
            "",
            resource={"title": "Listening Toolkit", "url": "https://example.org/kit"},
        ),
    ]
    assets = [
        {"id": uid("logo", 1), "media_type": "image/png", "data": _png(800, 200, (200, 40, 40))},
        {"id": uid("logo", 2), "media_type": "image/png", "data": _png(300, 300, (40, 40, 200))},
        {
            "id": uid("logo", 3),
            "media_type": "image/svg+xml",
            "data": base64.b64encode(_SVG.encode()).decode(),
        },
    ]
    partners = [
        {
            "id": uid("partner", name),
            "name": name,
            "role": role,
            "url": None,
            "logo": logo,
            "acknowledgement": None,
            "updated_at": T,
        }
        for name, role, logo in [
            ("Ministry of the Interior", "donor", assets[0]["id"]),
            ("Stichting Samen", "host", assets[1]["id"]),
            ("Fundacja Łódź", "partner", assets[2]["id"]),
            ("No Logo Trust", "supporter", None),
        ]
    ]
    contacts = [
        {
            "id": uid("contact", 1),
            "name": "Anna de Vries",
            "role": "Programme Lead",
            "organisation": None,
            "email": "anna@example.org",
            "updated_at": T,
        }
    ]
    event = {
        "id": uid("event", "listening"),
        "label": "Event Report",
        "series": "North Sea Dialogues",
        "title": LISTENING_CITIES_TITLE,
        "subtitle": None,
        "convenor": "Cities for Cohesion Alliance",
        "description": None,
        "venue": {
            "name": "Amsterdam City Hall",
            "address": None,
            "city": "Amsterdam",
            "country": "NL",
        },
        "start_date": "2024-06-30",
        "end_date": "2024-07-02",
        "timezone": "Europe/Amsterdam",
        "language": "en",
        "report": {
            "template": "event-report",
            "sections": None,
            "overrides": {
                "summary_opening": None,
                "threats_intro": "Participants named **three** threats.",
                "next_steps": "The Alliance will follow up.",
                "closing": "Thank you to all cities.",
            },
        },
        "updated_at": T,
    }
    return _bundle(
        event,
        organisations=orgs,
        people=people,
        participants=participants,
        sessions=sessions,
        themes=themes,
        notes=notes,
        partners=partners,
        contacts=contacts,
        assets=assets,
    )


def minimal_event() -> dict[str, Any]:
    """A title and a date, nothing else."""
    event = {
        "id": uid("event", "minimal"),
        "title": "Minimal Meeting",
        "start_date": "2025-03-04",
        "end_date": "2025-03-04",
        "timezone": "Europe/Warsaw",
        "updated_at": T,
    }
    return _bundle(event)
