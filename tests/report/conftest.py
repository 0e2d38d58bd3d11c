"""Fixtures for the report tests: workspaces built once per module, PDF helpers.

PDF rendering takes a second or two, so each test module renders its report
once (module-scoped fixtures) and its tests inspect the result.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from workshop_planner.domain import models as m
from workshop_planner.store import Workspace, open_workspace


@pytest.fixture(scope="module")
def module_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Module-wide isolation of the user's data folders (user templates live there)."""
    home = tmp_path_factory.mktemp("report-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        mp.setenv("XDG_DATA_HOME", str(home / "data"))
        mp.setenv("XDG_CONFIG_HOME", str(home / "config"))
        mp.setenv("XDG_CACHE_HOME", str(home / "cache"))
        mp.delenv("WORKSHOP_PLANNER_WORKSPACE", raising=False)
        yield home


@pytest.fixture(scope="module")
def module_workspace(
    tmp_path_factory: pytest.TempPathFactory, module_user_dirs: Path
) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path_factory.mktemp("report-ws") / "workspace.sqlite3")
    yield ws
    ws.close()


def add(ws: Workspace, *objects: Any) -> None:
    with ws.transaction() as db:
        db.add_all(objects)


#: the no-consent speaker of the known dataset; this name must never be printed
HIDDEN_NAME = "Zofia Ukryta-Nowak"
HOSTILE_PORT_PLACEHOLDER = "PORT"


@dataclass(frozen=True)
class KnownEvent:
    event_id: str
    consenting_name: str
    hidden_name: str


def build_known_event(ws: Workspace, *, hostile_port: int | None = None) -> KnownEvent:
    """A small event shaped like the reference, with an exactly known summary.

    Attending local officials from Berlin, Dortmund, Rostock, Weißenfels (DE),
    Paris (FR), Lublin and Dąbrowa Górnicza (PL) and Seattle (US); 53 attended
    in all, 3 declined. With ``hostile_port`` the notes also carry hostile
    content aimed at a local HTTP server on that port.
    """
    event = m.Event(
        label="Event Report",
        series="Transatlantic Initiative",
        title="Cities on the Front-lines",
        subtitle="Safeguarding local democracy",
        convenor="Strong Cities Network",
        venue_name="Berlin City Hall",
        venue_city="Berlin",
        venue_country="DE",
        start_date=date(2023, 6, 15),
        end_date=date(2023, 6, 16),
        timezone="Europe/Berlin",
        language="en",
    )
    add(ws, event)
    convenor = m.Organisation(
        name="Strong Cities Network",
        sector="international",
        country="GB",
        website="https://strongcitiesnetwork.org/",
    )
    add(ws, convenor)
    cities = [
        ("Berlin", "DE"),
        ("Weißenfels", "DE"),
        ("Rostock", "DE"),
        ("Dortmund", "DE"),
        ("Paris", "FR"),
        ("Lublin", "PL"),
        ("Dąbrowa Górnicza", "PL"),
        ("Seattle", "US"),
    ]
    people: list[m.Person] = []
    for i, (city, country) in enumerate(cities):
        org = m.Organisation(
            name=f"City of {city}", sector="local_government", city=city, country=country
        )
        person = m.Person(
            full_name=f"Official {i}",
            job_title="Mayor",
            country=country,
            city=city,
            organisation=org,
            consent_to_name=True,
        )
        add(ws, org, person)
        people.append(person)
    ngo = m.Organisation(name="HateAid", sector="civil_society", city="Berlin", country="DE")
    ministry = m.Organisation(
        name="Federal Ministry of the Interior", sector="national_government", country="DE"
    )
    add(ws, ngo, ministry)
    for i in range(53 - len(cities)):
        org = ngo if i % 2 else ministry
        people.append(
            m.Person(
                full_name=f"Participant {i}", country="DE", organisation=org, consent_to_name=True
            )
        )
    add(ws, *people[len(cities) :])
    speaker = m.Person(
        full_name="Clarence Anthony",
        job_title="Executive Director",
        country="US",
        organisation=m.Organisation(
            name="National League of Cities", sector="civil_society", country="US"
        ),
        consent_to_name=True,
    )
    hidden = m.Person(
        full_name=HIDDEN_NAME,
        job_title="Deputy Mayor",
        country="PL",
        organisation=m.Organisation(
            name="City of Łódź", sector="local_government", city="Łódź", country="PL"
        ),
        consent_to_name=False,
    )
    declined = [
        m.Person(full_name=f"Absent {i}", country="FR", consent_to_name=True) for i in range(3)
    ]
    add(ws, speaker, hidden, *declined)
    add(
        ws,
        *(
            m.Participant(
                event_id=event.id, person_id=p.id, roles=["participant"], attendance="attended"
            )
            for p in people
        ),
        m.Participant(
            event_id=event.id, person_id=speaker.id, roles=["keynote"], attendance="invited"
        ),
        m.Participant(
            event_id=event.id, person_id=hidden.id, roles=["participant"], attendance="invited"
        ),
        *(
            m.Participant(event_id=event.id, person_id=p.id, attendance="declined")
            for p in declined
        ),
    )
    keynote = m.Session(
        event_id=event.id,
        title="Civility as the foundation of prevention",
        kind="keynote",
        start=datetime(2023, 6, 15, 9, 30),
        end=datetime(2023, 6, 15, 10, 0),
        location="Festsaal",
    )
    add(ws, keynote)
    add(ws, m.SessionPerson(session_id=keynote.id, person_id=speaker.id, role="keynote"))
    visit = m.Session(
        event_id=event.id,
        title="Prevention networks",
        kind="field_visit",
        start=datetime(2023, 6, 16, 14, 0),
        end=datetime(2023, 6, 16, 16, 30),
    )
    add(ws, visit)
    add(
        ws,
        m.FieldVisit(
            session_id=visit.id,
            site="Rotes Rathaus",
            meeting_point="Main entrance",
            transport="U-Bahn",
            capacity=12,
        ),
    )
    add(ws, m.FieldVisitAttendee(session_id=visit.id, person_id=people[0].id))

    themes = [
        m.Theme(
            event_id=event.id,
            position=1,
            title="Mayoral Leadership",
            key_message="Mayors lead against hate.",
            summary="They speak out.",
            body="Mayors **stand up**.",
        ),
        m.Theme(
            event_id=event.id,
            position=2,
            title="Community Engagement",
            key_message="Visible governance matters.",
            summary="Partnerships work.",
        ),
        m.Theme(
            event_id=event.id,
            position=3,
            title="National-Local Cooperation",
            key_message="Cooperation must improve.",
            summary="Talk more.",
        ),
    ]
    add(ws, *themes)
    at = datetime(2023, 6, 15, 8, 0, tzinfo=UTC)

    def note(kind: str, text: str, theme: m.Theme | None = None, **extra: Any) -> m.Note:
        n = m.Note(
            event_id=event.id,
            kind=kind,
            text=text,
            author="Tester",
            captured_at=at,
            featured=True,
            **extra,
        )
        add(ws, n)
        if theme is not None:
            add(ws, m.NoteTheme(note_id=n.id, theme_id=theme.id))
        return n

    q1 = note("quote", "Give it to a local leader and you will see results.", themes[0])
    add(ws, m.QuoteDetails(note_id=q1.id, speaker_id=speaker.id, attribution="named"))
    q2 = note("quote", "Nobody called to ask whether I needed help.", themes[0])
    add(ws, m.QuoteDetails(note_id=q2.id, speaker_id=hidden.id, attribution="named"))
    q3 = note("quote", "The ramifications are always local.")
    add(
        ws,
        m.QuoteDetails(
            note_id=q3.id,
            name="Christian Hochgrebe",
            job_title="State Secretary",
            organisation="Senate of the Interior and Sport",
            country="DE",
            attribution="named",
        ),
    )
    note("threat", "Disinformation fuels **anti-migrant** sentiment.")
    note("need", "Mayors need support when threatened.")
    cs = note("case_study", "", themes[0])
    add(
        ws,
        m.CaseStudy(
            note_id=cs.id,
            title="City of Edmonton, Canada",
            city="Edmonton",
            country="CA",
            challenge="Racist incidents rose.",
            approach="1. A community body\n2. A city office\n3. Core funding",
            impact="Residents see **intentionality**.",
            url="https://www.edmonton.ca/anti-racism",
        ),
    )
    ex = note("example", "", themes[0])
    add(
        ws,
        m.CityExample(
            note_id=ex.id,
            label="Blueprint for asylum seekers",
            city="New York City",
            country="US",
            url="https://nyc.gov/blueprint",
        ),
    )
    note("next_step", "Include smaller cities in the initiative.")
    res = note("resource", "")
    add(
        ws,
        m.Resource(
            note_id=res.id,
            title="A 10-Step Roadmap",
            publisher="Strong Cities Network",
            url="https://strongcitiesnetwork.org/roadmap",
        ),
    )
    add(
        ws,
        m.Partner(
            event_id=event.id,
            name="US Embassy, Berlin",
            role="donor",
            acknowledgement="Made possible with support from the US Embassy in Berlin.",
        ),
        m.Contact(
            event_id=event.id,
            name="Charlotte Moeyens",
            role="Senior Manager",
            email="cm@strongcitiesnetwork.org",
        ),
    )
    if hostile_port is not None:
        note(
            "observation",
            "<script>alert(1)</script> and <img src=file:///etc/passwd> and "
            f"![pixel](http://127.0.0.1:{hostile_port}/pixel.png) and {{{{ 7*7 }}}} "
            f"and [bad](javascript:alert(1)) and [local](file:///etc/passwd) "
            f"<link rel=stylesheet href=http://127.0.0.1:{hostile_port}/x.css>",
            themes[1],
        )
        add(
            ws,
            m.Theme(
                event_id=event.id,
                position=4,
                title="{{ 7*7 }} <b>bold</b>",
                body=f"<iframe src=http://127.0.0.1:{hostile_port}/frame></iframe>",
            ),
        )
    return KnownEvent(
        event_id=event.id, consenting_name="Clarence Anthony", hidden_name=HIDDEN_NAME
    )


# --- PDF helpers -------------------------------------------------------------------


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """All text of a PDF, pages joined, whitespace collapsed to single spaces."""
    reader = pdf_reader(data)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def outline_titles(reader: PdfReader) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in order."""
    result: list[tuple[int, str]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                result.append((depth, str(item.title)))

    walk(reader.outline, 0)
    return result


def link_uris(reader: PdfReader) -> list[str]:
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            action = obj.get("/A")
            if action is not None and action.get_object().get("/URI"):
                uris.append(str(action.get_object()["/URI"]))
    return uris


def font_descriptors(reader: PdfReader) -> list[tuple[str, set[str]]]:
    """(BaseFont, embedded font-file keys) of every font in the PDF."""
    seen: dict[str, set[str]] = {}
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        fonts: Any = resources.get("/Font")
        for ref in fonts.get_object().values() if fonts is not None else ():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and font.get("/DescendantFonts"):
                descendant = font["/DescendantFonts"][0].get_object()
                descriptor = descendant.get("/FontDescriptor")
            keys: set[str] = set()
            if descriptor is not None:
                keys = {k for k in descriptor.get_object() if k.startswith("/FontFile")}
            seen[str(font["/BaseFont"])] = keys
    return sorted(seen.items())


def environment_for_subprocess(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
    )
    env.pop("WORKSHOP_PLANNER_WORKSPACE", None)
    return env
