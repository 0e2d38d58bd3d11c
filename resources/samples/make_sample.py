"""Write the sample event bundle ``transatlantic-dialogue-berlin.json``.

Run from anywhere: ``python resources/samples/make_sample.py [output.json]``.
The output is deterministic: every id is a UUID5 derived from a readable key,
every timestamp is fixed, and the logos are drawn here pixel by pixel, so
running it twice gives byte-identical files.

The event follows the public facts of a real convening (cities, dates, venue,
the keynote speakers and their posts). Every sentence of prose below is
written for this sample; every person not named in the published report is
fictional, and so is everything they are quoted as saying.
"""

from __future__ import annotations

import base64
import json
import struct
import sys
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

OUTPUT = Path(__file__).resolve().parent / "transatlantic-dialogue-berlin.json"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://workshop-planner.example/samples/berlin-2023")
ZONE = ZoneInfo("Europe/Berlin")
EXPORTED_AT = "2023-06-21T10:00:00Z"
EDITED_AT = "2023-06-20T14:30:00Z"
DIRECTORY_AT = "2023-06-01T08:00:00Z"
NOTE_TAKERS = ("Lena Großmann", "Zofia Wiśniewska")


def uid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))


# --- organisations -----------------------------------------------------------

# key: (name, sector, city, country, website)
ORGANISATIONS: dict[str, tuple[str, str, str, str, str | None]] = {
    "scn": (
        "Strong Cities Network",
        "international",
        "London",
        "GB",
        "https://strongcitiesnetwork.org",
    ),
    "nlc": (
        "National League of Cities",
        "civil_society",
        "Washington",
        "US",
        "https://www.nlc.org",
    ),
    "isd-de": ("ISD Germany", "research", "Berlin", "DE", "https://www.isdglobal.org"),
    "hateaid": ("HateAid", "civil_society", "Berlin", "DE", "https://hateaid.org"),
    "us-embassy": (
        "Embassy of the United States of America, Berlin",
        "donor",
        "Berlin",
        "DE",
        "https://de.usembassy.gov",
    ),
    "bmi": (
        "Federal Ministry of the Interior and Community (BMI)",
        "national_government",
        "Berlin",
        "DE",
        "https://www.bmi.bund.de",
    ),
    "berlin-senate": (
        "Senate Department for the Interior and Sport, Berlin",
        "regional_government",
        "Berlin",
        "DE",
        "https://www.berlin.de",
    ),
    "mbr": (
        "Mobile Counselling Against Right-Wing Extremism Berlin",
        "civil_society",
        "Berlin",
        "DE",
        None,
    ),
    "dortmund": (
        "City of Dortmund",
        "local_government",
        "Dortmund",
        "DE",
        "https://www.dortmund.de",
    ),
    "dortmund-faith": (
        "Dortmund Council of Faith Communities",
        "civil_society",
        "Dortmund",
        "DE",
        None,
    ),
    "rostock": ("Hanseatic City of Rostock", "local_government", "Rostock", "DE", None),
    "weissenfels": ("City of Weißenfels", "local_government", "Weißenfels", "DE", None),
    "paris": ("City of Paris", "local_government", "Paris", "FR", "https://www.paris.fr"),
    "dabrowa": ("City of Dąbrowa Górnicza", "local_government", "Dąbrowa Górnicza", "PL", None),
    "lublin": ("City of Lublin", "local_government", "Lublin", "PL", None),
    "gdansk": ("City of Gdańsk", "local_government", "Gdańsk", "PL", "https://www.gdansk.pl"),
    "pomorskie": ("Pomorskie Region", "regional_government", "Gdańsk", "PL", None),
    "warminsko": (
        "Warmińsko-Mazurskie Voivodeship Office",
        "regional_government",
        "Olsztyn",
        "PL",
        None,
    ),
    "krakow": ("City of Kraków", "local_government", "Kraków", "PL", None),
    "lodz-foundation": (
        "Łódź Neighbourhood Dialogue Foundation",
        "civil_society",
        "Łódź",
        "PL",
        None,
    ),
    "budavar": ("Budavár Municipality (District I)", "local_government", "Budavár", "HU", None),
    "budapest": ("Municipality of Budapest", "local_government", "Budapest", "HU", None),
    "gyor": ("City of Győr", "local_government", "Győr", "HU", None),
    "edmonton": (
        "City of Edmonton",
        "local_government",
        "Edmonton",
        "CA",
        "https://www.edmonton.ca",
    ),
    "aurora": ("City of Aurora", "local_government", "Aurora", "US", "https://www.auroragov.org"),
    "highland-park": ("City of Highland Park", "local_government", "Highland Park", "US", None),
    "lexington": ("City of Lexington", "local_government", "Lexington", "US", None),
    "los-angeles": ("City of Los Angeles", "local_government", "Los Angeles", "US", None),
    "pittsburgh": ("City of Pittsburgh", "local_government", "Pittsburgh", "US", None),
    "seattle": ("City of Seattle", "local_government", "Seattle", "US", "https://www.seattle.gov"),
    "stamford": ("City of Stamford", "local_government", "Stamford", "US", None),
    "tromso": ("Tromsø Municipality", "local_government", "Tromsø", "NO", None),
    "istanbul": ("İstanbul Metropolitan Municipality", "local_government", "İstanbul", "TR", None),
}

# --- people and their part in the event ---------------------------------------

# key: (full name, job title, organisation key, consent, roles, attendance,
#       requirements, participant notes, email)
Person = tuple[str, str, str, bool, list[str], str, str | None, str | None, str | None]
PEOPLE: dict[str, Person] = {
    # convenor staff (fictional apart from the contact named in the report)
    "moeyens": (
        "Charlotte Moeyens",
        "Senior Manager",
        "scn",
        True,
        ["organiser"],
        "attended",
        None,
        "Contact person for the Transatlantic Initiative.",
        "cm@strongcitiesnetwork.org",
    ),
    "whitfield": (
        "Eleanor Whitfield",
        "Director of Programmes",
        "scn",
        True,
        ["organiser", "moderator"],
        "attended",
        None,
        None,
        "e.whitfield@example.org",
    ),
    "kowalczyk": (
        "Mateusz Kowalczyk",
        "Regional Manager, Central and Eastern Europe",
        "scn",
        True,
        ["organiser", "moderator"],
        "attended",
        "Vegetarian",
        None,
        "m.kowalczyk@example.org",
    ),
    "okafor": (
        "Daniel Okafor",
        "Programme Manager, North America",
        "scn",
        True,
        ["organiser", "moderator"],
        "attended",
        None,
        "Leads the field-visit day for the North American delegation.",
        "d.okafor@example.org",
    ),
    "grossmann": (
        "Lena Großmann",
        "Programme Officer",
        "scn",
        True,
        ["note_taker"],
        "attended",
        None,
        None,
        "l.grossmann@example.org",
    ),
    "wisniewska": (
        "Zofia Wiśniewska",
        "Programme Associate",
        "scn",
        True,
        ["note_taker"],
        "attended",
        "Gluten-free meals",
        None,
        "z.wisniewska@example.org",
    ),
    # keynote speakers and speakers named in the published report
    "anthony": (
        "Clarence Anthony",
        "Executive Director",
        "nlc",
        True,
        ["keynote"],
        "attended",
        None,
        None,
        None,
    ),
    "rotering": (
        "Nancy Rotering",
        "Mayor",
        "highland-park",
        True,
        ["keynote"],
        "attended",
        None,
        None,
        None,
    ),
    "varadine": (
        "Márta Váradiné Naszályi",
        "Mayor",
        "budavar",
        True,
        ["keynote"],
        "attended",
        None,
        "Hungarian–English interpretation booked.",
        None,
    ),
    "sohi": (
        "Amarjeet Sohi",
        "Mayor",
        "edmonton",
        True,
        ["keynote"],
        "attended",
        None,
        None,
        None,
    ),
    "von-voss": (
        "Huberta von Voss",
        "Executive Director",
        "isd-de",
        True,
        ["keynote"],
        "attended",
        None,
        None,
        None,
    ),
    "ballon": (
        "Josephine Ballon",
        "Head of Legal",
        "hateaid",
        True,
        ["keynote"],
        "attended",
        None,
        None,
        None,
    ),
    "hochgrebe": (
        "Christian Hochgrebe",
        "State Secretary",
        "berlin-senate",
        True,
        ["keynote"],
        "attended",
        None,
        None,
        None,
    ),
    "papke": (
        "Martin Papke",
        "Mayor",
        "weissenfels",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        None,
    ),
    "khan": (
        "Amarah Khan",
        "Executive Director, Office of the Employee Ombud",
        "seattle",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        None,
    ),
    # fictional participants
    "lukasiewicz": (
        "Agnieszka Łukasiewicz",
        "City Councillor",
        "lublin",
        False,
        ["speaker", "panelist"],
        "attended",
        None,
        "Has received threats at home; do not name her in any publication.",
        "a.lukasiewicz@example.org",
    ),
    "zajac": (
        "Paweł Zając",
        "Head of Social Policy Department",
        "dabrowa",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        "p.zajac@example.org",
    ),
    "krzyzanowska": (
        "Joanna Krzyżanowska",
        "Equal Treatment Officer",
        "gdansk",
        True,
        ["speaker", "panelist"],
        "attended",
        "Vegan",
        None,
        "j.krzyzanowska@example.org",
    ),
    "wrobel": (
        "Tomasz Wróbel",
        "Head of Security and Crisis Management",
        "warminsko",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        "t.wrobel@example.org",
    ),
    "sek": (
        "Małgorzata Sęk",
        "Integration Officer",
        "krakow",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "m.sek@example.org",
    ),
    "galazka": (
        "Bartłomiej Gałązka",
        "Programme Lead",
        "lodz-foundation",
        False,
        ["participant"],
        "attended",
        None,
        None,
        "b.galazka@example.org",
    ),
    "nowak": (
        "Ewa Nowak-Pietrzak",
        "Project Coordinator, Social Inclusion",
        "pomorskie",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "e.nowak-pietrzak@example.org",
    ),
    "szoke": (
        "Réka Szőke",
        "Head of Social Affairs",
        "budapest",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "r.szoke@example.org",
    ),
    "fulop": (
        "Gábor Fülöp",
        "Community Safety Adviser",
        "gyor",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        "g.fulop@example.org",
    ),
    "pasztor": (
        "Anikó Pásztor",
        "Deputy Notary",
        "budavar",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "a.pasztor@example.org",
    ),
    "lefevre": (
        "Sophie Lefèvre",
        "Adviser on the Prevention of Radicalisation",
        "paris",
        True,
        ["speaker"],
        "attended",
        None,
        None,
        "s.lefevre@example.org",
    ),
    "marchetti": (
        "Hélène Marchetti",
        "Project Officer, Citizenship and Social Cohesion",
        "paris",
        True,
        ["participant"],
        "declined",
        None,
        "Sent apologies: municipal council session on 15 June.",
        "h.marchetti@example.org",
    ),
    "strauss": (
        "Jens Strauß",
        "Coordinator, Office for Democracy and Tolerance",
        "dortmund",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        "j.strauss@example.org",
    ),
    "haddad": (
        "Nadia Haddad",
        "Chair",
        "dortmund-faith",
        True,
        ["participant"],
        "attended",
        "Halal meals",
        None,
        "n.haddad@example.org",
    ),
    "bohm": (
        "Katrin Böhm",
        "Integration Commissioner",
        "rostock",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "k.bohm@example.org",
    ),
    "weiss": (
        "Friederike Weiß",
        "Head of the Prevention Unit",
        "berlin-senate",
        True,
        ["speaker", "organiser"],
        "attended",
        None,
        "Co-hosts the field visits on 17 June.",
        "f.weiss@example.org",
    ),
    "kuhn": (
        "Stefan Kühn",
        "Head of Division, Prevention of Extremism",
        "bmi",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        "s.kuhn@example.org",
    ),
    "gratz": (
        "Uwe Grätz",
        "Senior Researcher, Business Council for Democracy",
        "isd-de",
        True,
        ["speaker"],
        "attended",
        None,
        None,
        "u.gratz@example.org",
    ),
    "schafer": (
        "Ursula Schäfer",
        "Senior Counsellor",
        "mbr",
        True,
        ["speaker"],
        "attended",
        None,
        None,
        "u.schafer@example.org",
    ),
    "becker": (
        "Thomas Becker",
        "Political Officer",
        "us-embassy",
        False,
        ["observer"],
        "attended",
        None,
        None,
        None,
    ),
    "ortega": (
        "Marisol Ortega",
        "Manager, Office of International and Immigrant Affairs",
        "aurora",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        "Joins the field visits on 17 June.",
        "m.ortega@example.org",
    ),
    "whitcombe": (
        "Deborah Whitcombe",
        "Director of Community Relations",
        "highland-park",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "d.whitcombe@example.org",
    ),
    "thornton": (
        "James Thornton",
        "Assistant City Manager",
        "lexington",
        True,
        ["speaker", "panelist"],
        "attended",
        None,
        None,
        "j.thornton@example.org",
    ),
    "pryor": (
        "Caroline Pryor",
        "Council Member",
        "stamford",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "c.pryor@example.org",
    ),
    "odonnell": (
        "Kevin O'Donnell",
        "Deputy Director, Office of Emergency Management",
        "stamford",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "k.odonnell@example.org",
    ),
    "bell": (
        "Marcus Bell",
        "Senior Policy Analyst, Civil and Human Rights",
        "los-angeles",
        True,
        ["participant"],
        "attended",
        "Step-free access",
        None,
        "m.bell@example.org",
    ),
    "rahman": (
        "Aisha Rahman",
        "Community Safety Coordinator",
        "pittsburgh",
        True,
        ["participant"],
        "no_show",
        None,
        "Flight cancelled on 14 June.",
        "a.rahman@example.org",
    ),
    "kim": (
        "Lauren Kim",
        "Program Manager, Community Safety",
        "seattle",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "l.kim@example.org",
    ),
    "raman": (
        "Priya Raman",
        "Senior Adviser, Anti-Racism",
        "edmonton",
        True,
        ["participant"],
        "attended",
        None,
        None,
        "p.raman@example.org",
    ),
    "tremblay": (
        "Louis Tremblay",
        "Community Safety Liaison",
        "edmonton",
        True,
        ["participant"],
        "declined",
        None,
        None,
        "l.tremblay@example.org",
    ),
    "bjornstad": (
        "Sigrid Bjørnstad",
        "Adviser, Crime Prevention",
        "tromso",
        True,
        ["observer"],
        "attended",
        None,
        None,
        "s.bjornstad@example.org",
    ),
    "yildirim": (
        "Elif Yıldırım",
        "Coordinator, Migration and Social Cohesion",
        "istanbul",
        True,
        ["observer"],
        "attended",
        "Vegetarian",
        None,
        "e.yildirim@example.org",
    ),
}

# --- the agenda ----------------------------------------------------------------

CITY_HALL = "Berlin City Hall (Rotes Rathaus)"
FESTSAAL = "Festsaal, Berlin City Hall"
WAPPENSAAL = "Wappensaal, Berlin City Hall"
SAEULENSAAL = "Säulensaal, Berlin City Hall"

# key: (title, kind, start, end, location, description, [(person, role)], field visit)
Session = tuple[
    str, str, str, str, str | None, str | None, list[tuple[str, str]], dict[str, Any] | None
]
SESSIONS: dict[str, Session] = {
    "d1-registration": (
        "Registration and coffee",
        "other",
        "2023-06-15T08:30",
        "2023-06-15T09:15",
        "Foyer, Berlin City Hall",
        "Badges, interpretation headsets and the participant pack.",
        [],
        None,
    ),
    "d1-welcome": (
        "Welcome and purpose of the dialogue",
        "plenary",
        "2023-06-15T09:15",
        "2023-06-15T09:30",
        FESTSAAL,
        "Why the Transatlantic Initiative brings European and North American cities to "
        "one table, and how the two days are organised.",
        [("whitfield", "host"), ("weiss", "host")],
        None,
    ),
    "d1-keynote-civility": (
        "Civility as the foundation of prevention",
        "keynote",
        "2023-06-15T09:30",
        "2023-06-15T10:00",
        FESTSAAL,
        "How the role of cities has changed as hate spreads, and why cities should face "
        "common problems together.",
        [("anthony", "keynote")],
        None,
    ),
    "d1-keynote-aftermath": (
        "Leading a community after hate-motivated violence",
        "keynote",
        "2023-06-15T10:00",
        "2023-06-15T10:30",
        FESTSAAL,
        "What a mayor and a city government can do for residents in the aftermath of an attack.",
        [("rotering", "keynote")],
        None,
    ),
    "d1-coffee-1": (
        "Coffee break",
        "break",
        "2023-06-15T10:30",
        "2023-06-15T11:00",
        "Foyer, Berlin City Hall",
        None,
        [],
        None,
    ),
    "d1-keynote-inclusive": (
        "Building resilient cities through inclusion and community partnerships",
        "keynote",
        "2023-06-15T11:00",
        "2023-06-15T11:45",
        FESTSAAL,
        "Two mayors on policies that celebrate inclusion and rest on partnerships with "
        "communities.",
        [("varadine", "keynote"), ("sohi", "keynote")],
        None,
    ),
    "d1-panel-mayors": (
        "Mayoral leadership under pressure",
        "panel",
        "2023-06-15T11:45",
        "2023-06-15T13:00",
        FESTSAAL,
        "Mayors and officials on speaking out against hate, and on what happens to them "
        "when they do.",
        [
            ("kowalczyk", "moderator"),
            ("papke", "panelist"),
            ("lukasiewicz", "panelist"),
            ("zajac", "panelist"),
            ("thornton", "panelist"),
        ],
        None,
    ),
    "d1-lunch": (
        "Lunch",
        "break",
        "2023-06-15T13:00",
        "2023-06-15T14:00",
        SAEULENSAAL,
        None,
        [],
        None,
    ),
    "d1-keynote-online": (
        "From online hate to offline harm",
        "keynote",
        "2023-06-15T14:00",
        "2023-06-15T14:45",
        FESTSAAL,
        "An overview of the online threat landscape, how it escalates offline, and the "
        "support available to people targeted online — increasingly city leaders.",
        [("von-voss", "keynote"), ("ballon", "keynote")],
        None,
    ),
    "d1-workshop-threats": (
        "Mapping the threats to our cities",
        "workshop",
        "2023-06-15T14:45",
        "2023-06-15T16:15",
        WAPPENSAAL,
        "Mixed tables of European and North American participants rank the threats to "
        "social cohesion they see locally and compare notes.",
        [("okafor", "moderator"), ("lefevre", "speaker")],
        None,
    ),
    "d1-coffee-2": (
        "Coffee break",
        "break",
        "2023-06-15T16:15",
        "2023-06-15T16:45",
        "Foyer, Berlin City Hall",
        None,
        [],
        None,
    ),
    "d1-breakouts": (
        "Breakout groups: support for targeted officials",
        "breakout",
        "2023-06-15T16:45",
        "2023-06-15T17:45",
        WAPPENSAAL,
        "Three small groups discuss what help exists for officials who are threatened or "
        "harassed, and what is missing.",
        [("kowalczyk", "moderator"), ("okafor", "moderator")],
        None,
    ),
    "d1-reception": (
        "Evening reception",
        "reception",
        "2023-06-15T19:00",
        "2023-06-15T21:30",
        SAEULENSAAL,
        "An informal evening for participants, hosted with the support of the US Embassy "
        "in Berlin.",
        [("becker", "host")],
        None,
    ),
    "d2-recap": (
        "Recap of day one",
        "plenary",
        "2023-06-16T09:00",
        "2023-06-16T09:15",
        FESTSAAL,
        "The note-takers summarise what the first day surfaced.",
        [("whitfield", "host")],
        None,
    ),
    "d2-panel-partnerships": (
        "Community engagement and partnerships",
        "panel",
        "2023-06-16T09:15",
        "2023-06-16T10:30",
        FESTSAAL,
        "How cities invest in residents, community organisations and businesses as "
        "partners in prevention.",
        [
            ("okafor", "moderator"),
            ("khan", "panelist"),
            ("strauss", "panelist"),
            ("krzyzanowska", "panelist"),
            ("ortega", "panelist"),
        ],
        None,
    ),
    "d2-coffee": (
        "Coffee break",
        "break",
        "2023-06-16T10:30",
        "2023-06-16T11:00",
        "Foyer, Berlin City Hall",
        None,
        [],
        None,
    ),
    "d2-workshop-business": (
        "Public-private partnerships for democracy",
        "workshop",
        "2023-06-16T11:00",
        "2023-06-16T12:30",
        WAPPENSAAL,
        "The Business Council for Democracy model, and how cities could bring local "
        "businesses and research partners into prevention work.",
        [("kowalczyk", "moderator"), ("gratz", "speaker")],
        None,
    ),
    "d2-lunch": (
        "Lunch",
        "break",
        "2023-06-16T12:30",
        "2023-06-16T13:30",
        SAEULENSAAL,
        None,
        [],
        None,
    ),
    "d2-keynote-state": (
        "The ramifications are always local",
        "keynote",
        "2023-06-16T13:30",
        "2023-06-16T14:00",
        FESTSAAL,
        "A state-level perspective on cooperation between federal, state and local "
        "government in Germany.",
        [("hochgrebe", "keynote")],
        None,
    ),
    "d2-panel-nlc": (
        "Strengthening national-local cooperation for prevention",
        "panel",
        "2023-06-16T14:00",
        "2023-06-16T15:30",
        FESTSAAL,
        "National, regional and local officials on what each level needs from the others.",
        [
            ("whitfield", "moderator"),
            ("kuhn", "panelist"),
            ("wrobel", "panelist"),
            ("fulop", "panelist"),
            ("ortega", "panelist"),
        ],
        None,
    ),
    "d2-closing": (
        "Closing remarks and next steps",
        "plenary",
        "2023-06-16T15:30",
        "2023-06-16T16:00",
        FESTSAAL,
        "What the convenor will do with the findings, and the road to the Global Summit "
        "in September.",
        [("whitfield", "speaker")],
        None,
    ),
    "d3-visit-prevention": (
        "Field visit: Berlin's prevention networks",
        "field_visit",
        "2023-06-17T09:30",
        "2023-06-17T12:30",
        "Senate Department for the Interior and Sport",
        "Briefings on the DeRadicalisation Network, the rehabilitation and reintegration "
        "strategy, and the Berlin Register of hate incidents.",
        [("weiss", "host"), ("schafer", "speaker")],
        {
            "site": "Senate Department for the Interior and Sport",
            "host_organisation": "Senate Department for the Interior and Sport, Berlin",
            "address": "Klosterstraße 47, 10179 Berlin",
            "meeting_point": "Main entrance of Berlin City Hall, Rathausstraße 15, 09:15",
            "transport": "On foot, about ten minutes",
            "capacity": 20,
            "attendees": [
                "okafor",
                "rotering",
                "whitcombe",
                "thornton",
                "pryor",
                "odonnell",
                "bell",
                "khan",
                "kim",
                "ortega",
                "raman",
                "bjornstad",
                "yildirim",
            ],
        },
    ),
    "d3-lunch": (
        "Lunch with the field-visit hosts",
        "break",
        "2023-06-17T12:30",
        "2023-06-17T13:30",
        "Senate Department for the Interior and Sport",
        None,
        [],
        None,
    ),
    "d3-visit-benn": (
        "Field visit: Berlin Develops New Neighbourhoods (BENN)",
        "field_visit",
        "2023-06-17T14:00",
        "2023-06-17T16:30",
        "BENN neighbourhood office, Marzahn-Hellersdorf",
        "A neighbourhood team shows how newcomers and long-standing residents are "
        "brought together, and how the team responds to hostility towards refugees.",
        [("weiss", "host")],
        {
            "site": "BENN neighbourhood office, Marzahn-Hellersdorf",
            "host_organisation": "Senate Department for the Interior and Sport, Berlin",
            "address": "Marzahner Promenade, 12679 Berlin",
            "meeting_point": "Coach outside the Senate Department, Klosterstraße 47, 13:30",
            "transport": "Chartered coach, about 35 minutes each way",
            "capacity": 16,
            "attendees": [
                "okafor",
                "whitcombe",
                "pryor",
                "bell",
                "kim",
                "ortega",
                "raman",
                "bjornstad",
            ],
        },
    ),
}

# --- themes --------------------------------------------------------------------

THEMES: dict[str, dict[str, Any]] = {
    "leadership": {
        "position": 1,
        "title": "Mayoral Leadership",
        "key_message": "Mayors keep standing up against hate and extremism, even though "
        "speaking out increasingly makes them targets.",
        "summary": "By championing inclusive policies and naming hate when it happens, a "
        "growing number of mayors are shaping cities where diversity and civility are "
        "treated as shared civic values. That visibility has a price: local leaders face "
        "threats and harassment online and offline, and few of them get any help in "
        "dealing with it.",
        "body": """\
Mayors and senior officials from both sides of the Atlantic described deliberate, public \
choices to oppose hate, extremism and polarisation. Several of them presented this not as \
an extra task but as part of running a city: residents who feel seen and protected are \
also residents who trust their local institutions.

In **Edmonton, Canada**, Mayor Amarjeet Sohi has made anti-racism a signature commitment \
of his administration (see the case study below). In **Weißenfels, Germany**, Mayor \
Martin Papke explained that the city had long invested mainly in its economy and its \
infrastructure; he now wants a larger share of its money and staff time to go into \
people-centred work, so that residents' grievances are heard and dealt with before they \
harden.

Leadership has also meant acting together. Mayors of Polish towns near the Ukrainian \
border coordinated the reception of people fleeing the war, and in **Budapest** the Lord \
Mayor brought the district mayors — among them the mayor of **Budavár** — together to \
pool resources and organise community groups around the arrival of refugees.

Words matter as much as programmes. **Highland Park, Illinois**, has adopted a values \
statement that explicitly welcomes every resident, and in **Dortmund** the city's \
leadership publicly condemned a series of antisemitic incidents, leaving no doubt about \
where the city stands.
""",
    },
    "engagement": {
        "position": 2,
        "title": "Community Engagement and Partnerships",
        "key_message": "European and North American cities alike see visible, hands-on "
        "engagement with residents, community groups and businesses as the backbone of "
        "prevention.",
        "summary": "Community forums, grants to local civil society, partnerships with "
        "businesses and dialogue between communities were all cited as ways in which "
        "cities build trust. Participants stressed that such partnerships only work when "
        "a city invests in them for the long term, and that its support can go well "
        "beyond money when budgets are tight.",
        "body": """\
Participants traded many examples of cities investing in local actors. Two lessons \
came up again and again: partnerships with communities reach people that city services \
alone do not, and a city can offer far more than grants — convening, visibility, \
information and access to its own services.

**Seattle** described what it calls a high-visibility approach: city staff hold \
designated community roles across the city, and even fire stations have liaisons whose \
job is to build trust with residents. The aim is to lower the threshold for residents to \
raise concerns early, before they become incidents.

In **Gdańsk, Poland**, the City works with seven local NGOs to offer free psychological \
and legal help to residents who have experienced bias, discrimination or hate. The \
resulting Centre for Equal Treatment, the first of its kind in Poland, runs several safe \
spaces across the city; in the last nine months of 2019 alone it provided some 800 hours \
of one-to-one support. Participants noted that it has also built trust between the City, \
NGOs and minority residents, who now report incidents more readily — giving the City a \
truer picture of the problem.

The private sector and researchers are partners too. ISD Germany introduced its \
Business Council for Democracy programme, which trains employees in digital \
literacy; participants saw room \
for cities to bring the model to small local firms rather than only large companies, and \
for businesses to amplify a city's message of inclusion. Links with research \
institutions, in turn, help officials keep up with how threats and prevention practice \
are changing.

Above all, participants valued the city as a convenor — the "organiser" who brings \
community actors together so that their efforts complement each other and gaps become \
visible.
""",
    },
    "cooperation": {
        "position": 3,
        "title": "National-Local Cooperation",
        "key_message": "Participants called for national and local governments to work "
        "together far more closely if hate and extremism are to be prevented where they "
        "take root.",
        "summary": "Cities want clearer and more regular communication with their national "
        "governments, less red tape around national support, and a deliberate effort to "
        "include small and rural towns, not only the largest cities.",
        "body": """\
There is much to build on. Participants pointed to the technical assistance and grants \
that the US federal government offers local actors working on targeted violence and \
terrorism prevention, and to German federal funding for exit programmes that help people \
leave right-wing extremist movements.

The gaps, however, were a recurring theme. National support often bypasses local \
government and is channelled directly to NGOs; where it does reach city halls, it tends \
to favour the largest cities. German participants warned that **rural towns are largely \
left out**, even where extremism is a growing concern.

US participants described federal agencies that **frame the threat differently from one \
another**, leaving local officials unsure whom to approach, and long bureaucratic \
processes attached to federal support. In Hungary, national help with refugee \
integration was described as scarce and slowed down by administrative requirements.

Communication can break down entirely. In **Aurora, Colorado**, buses carrying migrants \
arrived with little or no notice to the City, making it hard to prepare support for the \
new arrivals. Participants argued that **proactive, consistent communication** between \
national and local leaders would prevent many such delays.

Legal frameworks matter as well. Polish participants explained that national law offers \
little protection against anti-LGBTQ+ hate, which leaves cities with few tools to protect \
their LGBTQ+ residents.
""",
    },
}

# --- notes -----------------------------------------------------------------------

# Each note: kind, text, session key (or None), minutes after the session starts
# (or a fixed UTC instant), theme keys, featured, position, author index, extra.
NOTES: list[dict[str, Any]] = []


def note(
    key: str,
    kind: str,
    text: str,
    *,
    session: str | None,
    minute: int = 10,
    at: str | None = None,
    themes: tuple[str, ...] = (),
    featured: bool = True,
    position: int = 0,
    author: int = 0,
    **extra: Any,
) -> None:
    NOTES.append(
        {
            "key": key,
            "kind": kind,
            "text": text,
            "session": session,
            "minute": minute,
            "at": at,
            "themes": themes,
            "featured": featured,
            "position": position,
            "author": author,
            "extra": extra,
        }
    )


# threats, challenges and needs (no theme: the Threats section)
note(
    "threat-top",
    "threat",
    "Participants ranked mis- and disinformation, right-wing extremism — from neo-Nazi "
    "groups to white supremacist movements — and hostility and violence against migrants "
    "and minorities as the gravest threats to social cohesion in their cities.",
    session="d1-workshop-threats",
    minute=25,
    position=0,
)
note(
    "threat-displacement",
    "challenge",
    "Cities expect the number of displaced people to keep rising as the climate crisis and "
    "other crises deepen, and worry about how to prevent anti-migrant sentiment from "
    "growing with it.",
    session="d1-workshop-threats",
    minute=40,
    position=1,
    author=1,
)
note(
    "threat-refugee-support",
    "challenge",
    "Public backing for receiving refugees is fading. In Poland, much of the population "
    "welcomed Ukrainians after the Russian invasion, but participants now see friction "
    "between newcomers and residents over jobs and services, which could undermine the "
    "long-term integration work cities have started.",
    session="d1-workshop-threats",
    minute=55,
    position=2,
    author=1,
)
note(
    "threat-disinfo",
    "threat",
    "Xenophobic disinformation inflates the number of refugees in a city and portrays "
    "migrants as a danger to the community, for instance by claiming they are violent by "
    "nature.",
    session="d1-workshop-threats",
    minute=62,
    position=3,
)
note(
    "threat-harassment",
    "threat",
    "Mayors and other city leaders face a growing volume of death threats and harassment "
    "from hate and extremist groups. Polish mayors who spoke up for refugees have been "
    "sent forged death certificates; US mayors who defend LGBTQ+ rights are abused and "
    "intimidated online.",
    session="d1-panel-mayors",
    minute=30,
    position=4,
)
note(
    "threat-candidates",
    "challenge",
    "Participants fear the long-term effect on local politics: capable people may decide "
    "not to stand for office, and serving officials may step back from public life.",
    session="d1-panel-mayors",
    minute=48,
    position=5,
    author=1,
)
note(
    "need-support",
    "need",
    "Targeted officials need support that comes to them. Germany has organisations such as "
    "HateAid that offer psychological, financial and legal help to people attacked online, "
    "city officials included; participants from the US, Poland, Hungary and elsewhere said "
    "comparable bodies in their countries rarely reach out to local officials.",
    session="d1-breakouts",
    minute=30,
    position=6,
)
note(
    "need-small-towns",
    "need",
    "Smaller cities and rural towns need a fair share of national attention and funding; "
    "today most of it goes to the largest cities.",
    session="d2-panel-nlc",
    minute=35,
    position=7,
    author=1,
)
note(
    "raw-interpretation",
    "observation",
    "Interpretation into Hungarian worked well; ask the venue for two more headsets tomorrow.",
    session="d1-keynote-inclusive",
    minute=42,
    featured=False,
)

# theme 1: mayoral leadership
note(
    "obs-weissenfels",
    "observation",
    "Weißenfels wants to move money and staff from a focus on economy and infrastructure "
    "towards community work, so that the city takes on social cohesion as part of its job "
    "alongside its existing services.",
    session="d1-panel-mayors",
    minute=12,
    themes=("leadership",),
    position=0,
)
note(
    "obs-border-towns",
    "observation",
    "Mayors of several Polish border towns joined forces to make sure Ukrainian refugees "
    "were welcomed and supported on arrival; in Budapest, the Lord Mayor rallied the "
    "district mayors to pool resources and organise community groups.",
    session="d1-keynote-inclusive",
    minute=20,
    themes=("leadership",),
    position=1,
    author=1,
)
note(
    "obs-messaging",
    "observation",
    "Inclusive messaging from the top matters: participants stressed that mayors must "
    "name bigotry and hate whenever they occur, and that a public statement of the city's "
    "values tells every resident they belong.",
    session="d1-keynote-aftermath",
    minute=15,
    themes=("leadership",),
    position=2,
)
note(
    "obs-no-outreach",
    "observation",
    "Participants agreed that support for threatened local officials is hard to find; "
    "Germany, where organisations like HateAid work with officials, is a partial "
    "exception.",
    session="d1-breakouts",
    minute=45,
    themes=("leadership",),
    position=3,
    author=1,
)
note(
    "cs-edmonton",
    "case_study",
    "Edmonton's Anti-Racism Strategy, presented by Mayor Sohi.",
    session="d1-keynote-inclusive",
    minute=35,
    themes=("leadership",),
    position=0,
    case_study={
        "title": "City of Edmonton, Canada",
        "city": "Edmonton",
        "country": "CA",
        "challenge": "A series of attacks on Muslim residents in 2021, together with "
        "safety concerns raised by Black communities, led the City to consult residents "
        "of colour about their experiences. The consultations revealed recurring racist "
        "incidents and a sense that racialised communities were under-represented in "
        "local government.",
        "approach": """\
Under Mayor Sohi's leadership, the City built an Anti-Racism Strategy on three pillars:

1. An independent, community-based organisation with the resources to lead \
anti-racism work across the city.
2. A senior office inside the City administration charged with tackling systemic \
racism in the City's own structures.
3. Stable core and operating funding, plus capacity-building, for community groups \
working against racism and hate — with money set aside for organisations led by people \
of colour.

The strategy was shaped through continuing engagement with Indigenous and Black \
communities. It sits alongside an Anti-Racism Advisory Committee of Council and an \
Anti-Black Racism Action Plan that sets out how it will be implemented.""",
        "impact": "Because it is so clearly intentional, the strategy shows residents "
        "that the Mayor is committed to tackling racism both in society and inside City "
        "Hall. Grounding it in consultations with those most affected keeps it close to "
        "lived experience, and multi-year core funding lets community organisations "
        "sustain their work instead of chasing short project grants.",
        "url": "https://www.edmonton.ca/city_government/initiatives_innovation/"
        "anti-racism-strategy",
    },
)
note(
    "quote-no-consent",
    "quote",
    "After I spoke up for refugees, the threats started arriving at my home address. "
    "Nobody called to ask whether I needed help.",
    session="d1-panel-mayors",
    minute=34,
    themes=("leadership",),
    position=0,
    quote={"speaker": "lukasiewicz", "attribution": "named"},
)
note(
    "quote-by-origin",
    "quote",
    "When the death threats came, I waited for someone at the federal level to get in "
    "touch. That call never came.",
    session="d1-breakouts",
    minute=20,
    themes=("leadership",),
    position=1,
    author=1,
    quote={"speaker": "pryor", "attribution": "by_origin"},
)
note(
    "ex-nyc",
    "example",
    "New York City's plan for receiving asylum seekers.",
    session="d1-panel-mayors",
    minute=60,
    themes=("leadership",),
    position=0,
    example={
        "label": "Mayor's blueprint for supporting asylum seekers",
        "city": "New York City",
        "country": "US",
        "url": "https://www.nyc.gov",
    },
)
note(
    "ex-rescue-cities",
    "example",
    "Polish cities that organised shelter for people fleeing Ukraine.",
    session="d1-panel-mayors",
    minute=62,
    themes=("leadership",),
    position=1,
    example={
        "label": "Polish “Rescue Cities”",
        "city": None,
        "country": "PL",
        "url": "https://www.kyivpost.com/post/15541",
    },
)
note(
    "ex-michalowo",
    "example",
    "A small town recognised for helping refugees at the border with Belarus.",
    session="d1-panel-mayors",
    minute=64,
    themes=("leadership",),
    position=2,
    author=1,
    example={
        "label": "Award for the town's help to refugees at the Belarusian border",
        "city": "Michałowo",
        "country": "PL",
        "url": None,
    },
)
note(
    "ex-zahony",
    "example",
    "A border town mayor's commitment to supporting refugees.",
    session="d1-keynote-inclusive",
    minute=40,
    themes=("leadership",),
    position=3,
    author=1,
    example={
        "label": "Mayoral commitment to supporting refugees",
        "city": "Záhony",
        "country": "HU",
        "url": None,
    },
)

# theme 2: community engagement and partnerships
note(
    "obs-seattle",
    "observation",
    "Seattle embeds staff in the community in designated roles, down to liaisons at fire "
    "stations, to remove barriers to reporting and to hear residents' concerns early.",
    session="d2-panel-partnerships",
    minute=15,
    themes=("engagement",),
    position=0,
)
note(
    "obs-gdansk",
    "observation",
    "Gdańsk's Centre for Equal Treatment works with seven NGOs to run safe spaces offering "
    "free psychological and legal support to victims of hate and discrimination. The trust "
    "it builds means residents report more, so the City sees the real scale of the problem.",
    session="d2-panel-partnerships",
    minute=30,
    themes=("engagement",),
    position=1,
    author=1,
)
note(
    "obs-bc4d",
    "observation",
    "The Business Council for Democracy trains employees in digital literacy. Cities could "
    "use the model to reach small local businesses, which could in turn amplify the city's "
    "message of inclusion.",
    session="d2-workshop-business",
    minute=25,
    themes=("engagement",),
    position=2,
)
note(
    "obs-convenor",
    "observation",
    "Participants saw great value in the city acting as convenor and organiser of "
    "community actors: it helps their efforts complement each other and gives the city an "
    "overview of what exists and what is missing.",
    session="d2-workshop-business",
    minute=70,
    themes=("engagement",),
    position=3,
    author=1,
)
note(
    "cs-dortmund",
    "case_study",
    "Dortmund's citywide network against hate and extremism.",
    session="d2-panel-partnerships",
    minute=40,
    themes=("engagement",),
    position=0,
    case_study={
        "title": "City of Dortmund, Germany",
        "city": "Dortmund",
        "country": "DE",
        "challenge": "Antisemitic incidents and wider concerns about hate and extremism "
        "showed that city services and community actors were often working side by side "
        "rather than together, and that trust between them needed to grow.",
        "approach": """\
1. Bring local firms, civil society groups and community leaders, faith leaders \
among them, into one citywide network.
2. Convene the network at least four times a year to discuss how hate and extremism are \
developing locally.
3. Use the meetings to agree joint responses and to align city services with \
community-based work.""",
        "impact": "Regular meetings give all partners a shared picture of what is "
        "happening in the city and of who does what. That builds trust and makes quick, "
        "joint responses possible when an incident occurs.",
        "url": "https://www.dortmund.de",
    },
)
note(
    "cs-berlin",
    "case_study",
    "What the North American delegation saw on the field-visit day.",
    session="d3-visit-prevention",
    minute=150,
    themes=("engagement",),
    position=1,
    author=1,
    case_study={
        "title": "City of Berlin, Germany",
        "city": "Berlin",
        "country": "DE",
        "challenge": "Over the past decade Berlin has dealt with Islamist radicalisation, "
        "including residents who travelled to territory held by ISIS and attacks that were "
        "carried out or foiled. Today right-wing extremism and hostility towards migrants "
        "and refugees are just as prominent in the threat picture.",
        "approach": """\
1. A **DeRadicalisation Network** that regularly brings civil society, experts, city \
agencies and community leaders together.
2. A rehabilitation and reintegration strategy for returning foreign terrorist fighters \
and their families, run by a single point of contact in the administration who \
coordinates social workers, community organisations and police — for several years per \
person where needed.
3. **Berlin Develops New Neighbourhoods (BENN)**, which helps newcomers take an active \
part in neighbourhood life while building trust with long-standing residents.
4. The **Berlin Register**, which records hate crime, hate speech and discrimination so \
that the City and its partners can target their work.""",
        "impact": "Berlin combines support for specific individuals with neighbourhood-wide "
        "work on social cohesion, which visiting participants saw as a practical model of a "
        "whole-of-society response.",
        "url": "https://www.berlin.de",
    },
)
note(
    "quote-named",
    "quote",
    "Our network works because people know each other before a crisis happens. When "
    "something goes wrong, nobody has to look up a phone number.",
    session="d2-panel-partnerships",
    minute=45,
    themes=("engagement",),
    position=0,
    quote={"speaker": "strauss", "attribution": "named"},
)
note(
    "quote-free-speaker",
    "quote",
    "Young people listen to the city when the city has listened to them first.",
    session="d2-workshop-business",
    minute=55,
    themes=("engagement",),
    featured=False,
    position=1,
    author=1,
    quote={
        "speaker": None,
        "name": "Ali Demir",
        "job_title": "Youth worker",
        "organisation": None,
        "city": "Rostock",
        "country": "DE",
        "attribution": "by_origin",
    },
)
note(
    "ex-aurora",
    "example",
    "Aurora's plan for welcoming immigrants.",
    session="d2-panel-partnerships",
    minute=50,
    themes=("engagement",),
    position=0,
    example={
        "label": "Immigrant integration plan",
        "city": "Aurora",
        "country": "US",
        "url": "https://www.auroragov.org",
    },
)
note(
    "ex-seattle",
    "example",
    "Seattle's public participation programme.",
    session="d2-panel-partnerships",
    minute=52,
    themes=("engagement",),
    position=1,
    example={
        "label": "Public participation programme",
        "city": "Seattle",
        "country": "US",
        "url": "https://www.seattle.gov",
    },
)
note(
    "ex-eurocities",
    "example",
    "The Eurocities network's work with member cities hosting refugees from Ukraine.",
    session="d2-workshop-business",
    minute=80,
    themes=("engagement",),
    position=2,
    author=1,
    example={
        "label": "Eurocities: cities rally around Ukraine",
        "city": None,
        "country": None,
        "url": "https://eurocities.eu",
    },
)

# theme 3: national-local cooperation
note(
    "obs-strengths",
    "observation",
    "Strengths named: US federal technical assistance and grants for local prevention of "
    "targeted violence and terrorism, and German federal support for exit programmes for "
    "people leaving right-wing extremism.",
    session="d2-panel-nlc",
    minute=10,
    themes=("cooperation",),
    position=0,
)
note(
    "obs-bypass",
    "observation",
    "National funding often skips local government and is channelled directly to NGOs; "
    "when it reaches cities, it is mostly the big ones, and rural towns are left out.",
    session="d2-panel-nlc",
    minute=22,
    themes=("cooperation",),
    position=1,
    author=1,
)
note(
    "obs-aurora",
    "observation",
    "Aurora received buses of migrants sent under federal arrangements with little or no "
    "notice, which made it hard to have support ready on arrival.",
    session="d2-panel-nlc",
    minute=40,
    themes=("cooperation",),
    position=2,
)
note(
    "obs-poland-law",
    "observation",
    "Polish criminal law mentions hate speech in a single article that leaves out "
    "anti-LGBTQ+ hate, so cities get little national backing in protecting LGBTQ+ "
    "residents.",
    session="d2-panel-nlc",
    minute=55,
    themes=("cooperation",),
    position=3,
    author=1,
)
note(
    "quote-anonymous",
    "quote",
    "We are usually the last to hear about decisions that land on our doorstep first.",
    session="d2-panel-nlc",
    minute=42,
    themes=("cooperation",),
    position=0,
    quote={"speaker": None, "attribution": "anonymous"},
)
note(
    "quote-bmi",
    "quote",
    "Federal programmes only reach people if they reach the cities first.",
    session="d2-panel-nlc",
    minute=70,
    themes=("cooperation",),
    position=1,
    author=1,
    quote={"speaker": "kuhn", "attribution": "named"},
)

# the featured quote attached to no theme: printed in the Threats section
note(
    "quote-threats",
    "quote",
    "Hate does not stop at borders, but it always lands somewhere specific — on a street, "
    "in a school, in a town hall. That is why cities cannot wait for others to act.",
    session="d2-keynote-state",
    minute=20,
    position=0,
    quote={"speaker": "weiss", "attribution": "named"},
)

# next steps
note(
    "rec-convene",
    "recommendation",
    "National governments should convene regular national-local dialogues in which cities "
    "can raise emerging threats and what they need to respond.",
    session="d2-panel-nlc",
    minute=80,
    position=0,
)
note(
    "rec-city-to-city",
    "recommendation",
    "Where national governments are not receptive, cities should take the lead and host "
    "city-to-city convenings themselves.",
    session="d2-panel-nlc",
    minute=84,
    position=1,
    author=1,
)
note(
    "rec-communication",
    "recommendation",
    "National and local leaders should agree on proactive, consistent communication, for "
    "example advance notice when new arrivals are sent to a city.",
    session="d2-panel-nlc",
    minute=86,
    position=2,
)
note(
    "rec-outreach",
    "recommendation",
    "Organisations that support victims of online hate should reach out proactively to "
    "city officials who are being targeted.",
    session="d1-breakouts",
    minute=55,
    position=3,
    author=1,
)
note(
    "next-smaller-cities",
    "next_step",
    "Strong Cities will keep widening the Transatlantic Initiative to smaller cities and "
    "will give cities room to work on the threats they named here, such as anti-migrant "
    "sentiment.",
    session="d2-closing",
    minute=10,
    position=4,
)
note(
    "next-guides",
    "next_step",
    "The findings will feed into two new Strong Cities guides: a guide for mayors on leading "
    "prevention and response, and a guide for local government practitioners on building and "
    "sustaining city-led prevention. Both are to be launched at the fourth Global Summit in New "
    "York, 19–21 September 2023, during the high-level week of the 78th UN General Assembly.",
    session="d2-closing",
    minute=18,
    position=5,
    author=1,
)
note(
    "next-slides",
    "next_step",
    "Send participants the presentations and the contact list by 23 June.",
    session="d2-closing",
    minute=25,
    featured=False,
    position=6,
)

# resources
note(
    "res-roadmap",
    "resource",
    "Practical guidance for cities that fund and support community-based programmes.",
    session=None,
    at="2023-06-16T14:05:00Z",
    position=0,
    resource={
        "title": "A 10-Step Roadmap for Enhancing City-Led Support for Community-Based "
        "Programmes to Address Hate and Extremism",
        "publisher": "Strong Cities Network",
        "url": "https://strongcitiesnetwork.org",
    },
)
note(
    "res-findings",
    "resource",
    "Summary of what the earlier transatlantic dialogues found.",
    session=None,
    at="2023-06-16T14:06:00Z",
    position=1,
    resource={
        "title": "Transatlantic Initiative: Ten Key Findings and Recommendations",
        "publisher": "Strong Cities Network",
        "url": "https://strongcitiesnetwork.org",
    },
)
note(
    "res-hateaid",
    "resource",
    "Counselling and legal help for people attacked online in Germany.",
    session="d1-keynote-online",
    minute=40,
    position=2,
    author=1,
    resource={
        "title": "Support for people affected by online hate",
        "publisher": "HateAid",
        "url": "https://hateaid.org",
    },
)

# --- logos: drawn here, not copied from the organisations ---------------------


def _png(width: int, height: int, pixel: Any) -> bytes:
    """A truecolour PNG; ``pixel(x, y)`` returns an (r, g, b) tuple."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def embassy_logo() -> bytes:
    """A placeholder mark: navy canton with a white disc, red and white stripes."""
    navy, red, white = (28, 44, 92), (178, 34, 52), (255, 255, 255)
    width, height = 240, 120

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if x < 96 and y < 66:
            return white if (x - 48) ** 2 + (y - 33) ** 2 <= 18**2 else navy
        return red if (y // 17) % 2 == 0 else white

    return _png(width, height, pixel)


SCN_LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="96" viewBox="0 0 320 96">
  <title>Strong Cities Network (placeholder mark)</title>
  <circle cx="48" cy="48" r="36" fill="#0b6e69"/>
  <path d="M30 60 L44 34 L54 50 L62 40 L70 60 Z" fill="#ffffff"/>
  <text x="96" y="44" font-family="sans-serif" font-size="26" font-weight="bold" \
fill="#0b6e69">Strong Cities</text>
  <text x="96" y="72" font-family="sans-serif" font-size="18" fill="#33413f">Network</text>
</svg>
"""

# --- assembling the bundle -------------------------------------------------------


def local_to_utc(wall: str, minutes: int) -> str:
    start = datetime.fromisoformat(wall).replace(tzinfo=ZONE) + timedelta(minutes=minutes)
    return start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plus_minutes(instant: str, minutes: int) -> str:
    moment = datetime.strptime(instant, "%Y-%m-%dT%H:%M:%SZ") + timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build() -> dict[str, Any]:
    organisations = [
        {
            "id": uid("organisation", key),
            "name": name,
            "sector": sector,
            "city": city,
            "country": country,
            "website": website,
            "updated_at": DIRECTORY_AT,
        }
        for key, (name, sector, city, country, website) in ORGANISATIONS.items()
    ]
    people = []
    participants = []
    for key, (name, title, org, consent, roles, attendance, req, remarks, email) in PEOPLE.items():
        _, _, city, country, _ = ORGANISATIONS[org]
        people.append(
            {
                "id": uid("person", key),
                "full_name": name,
                "job_title": title,
                "organisation": uid("organisation", org),
                "city": city,
                "country": country,
                "email": email,
                "consent_to_name": consent,
                "updated_at": DIRECTORY_AT,
            }
        )
        participants.append(
            {
                "id": uid("participant", key),
                "person": uid("person", key),
                "roles": roles,
                "attendance": attendance,
                "requirements": req,
                "notes": remarks,
                "updated_at": "2023-06-14T16:00:00Z",
            }
        )

    sessions = []
    for key, (title, kind, start, end, location, description, links, visit) in SESSIONS.items():
        field_visit = None
        if visit is not None:
            field_visit = dict(visit)
            field_visit["attendees"] = [uid("person", p) for p in visit["attendees"]]
        sessions.append(
            {
                "id": uid("session", key),
                "title": title,
                "kind": kind,
                "start": start,
                "end": end,
                "location": location,
                "description": description,
                "people": [{"person": uid("person", p), "role": role} for p, role in links],
                "field_visit": field_visit,
                "updated_at": "2023-06-10T12:00:00Z",
            }
        )

    themes = [
        {"id": uid("theme", key), **theme, "updated_at": EDITED_AT} for key, theme in THEMES.items()
    ]

    notes = []
    for item in NOTES:
        if item["at"] is not None:
            captured = item["at"]
        else:
            captured = local_to_utc(SESSIONS[item["session"]][2], item["minute"])
        record: dict[str, Any] = {
            "id": uid("note", item["key"]),
            "kind": item["kind"],
            "text": item["text"],
            "author": NOTE_TAKERS[item["author"]],
            "captured_at": captured,
            "session": uid("session", item["session"]) if item["session"] else None,
            "themes": [uid("theme", t) for t in item["themes"]],
            "featured": item["featured"],
            "position": item["position"],
        }
        for kind, details in item["extra"].items():
            details = dict(details)
            if kind == "quote":
                speaker = details.get("speaker")
                details = {
                    "speaker": uid("person", speaker) if speaker else None,
                    "name": details.get("name"),
                    "job_title": details.get("job_title"),
                    "organisation": details.get("organisation"),
                    "city": details.get("city"),
                    "country": details.get("country"),
                    "attribution": details["attribution"],
                }
            record[kind] = details
        # edited by the report editor a little after capture
        record["updated_at"] = plus_minutes(captured, 5) if not item["featured"] else EDITED_AT
        notes.append(record)

    embassy_logo_id = uid("asset", "us-embassy-logo")
    scn_logo_id = uid("asset", "scn-logo")
    assets = [
        {
            "id": embassy_logo_id,
            "media_type": "image/png",
            "data": base64.b64encode(embassy_logo()).decode("ascii"),
        },
        {
            "id": scn_logo_id,
            "media_type": "image/svg+xml",
            "data": base64.b64encode(SCN_LOGO.encode("utf-8")).decode("ascii"),
        },
    ]
    partners = [
        {
            "id": uid("partner", "us-embassy"),
            "name": "Embassy of the United States of America",
            "role": "donor",
            "url": "https://de.usembassy.gov",
            "logo": embassy_logo_id,
            "acknowledgement": "This dialogue was made possible by the generous support of "
            "the US Embassy in Berlin.",
            "updated_at": EDITED_AT,
        },
        {
            "id": uid("partner", "scn"),
            "name": "Strong Cities Network",
            "role": "convenor",
            "url": "https://strongcitiesnetwork.org",
            "logo": scn_logo_id,
            "acknowledgement": "Convened by the Strong Cities Network as part of its "
            "Transatlantic Initiative.",
            "updated_at": EDITED_AT,
        },
        {
            "id": uid("partner", "berlin"),
            "name": "City of Berlin, Senate Department for the Interior and Sport",
            "role": "host",
            "url": "https://www.berlin.de",
            "logo": None,
            "acknowledgement": "We thank the City of Berlin for hosting the dialogue at "
            "Berlin City Hall and for organising the field visits.",
            "updated_at": EDITED_AT,
        },
    ]
    contacts = [
        {
            "id": uid("contact", "moeyens"),
            "name": "Charlotte Moeyens",
            "role": "Senior Manager",
            "organisation": "Strong Cities Network",
            "email": "cm@strongcitiesnetwork.org",
            "updated_at": EDITED_AT,
        }
    ]

    event = {
        "id": uid("event", "berlin-2023"),
        "label": "Event Report",
        "series": "Transatlantic Initiative",
        "title": "Cities on the Front Lines",
        "subtitle": "How mayors and local governments can protect local democracy and "
        "social cohesion as the threat of hate and extremism keeps changing",
        "convenor": "Strong Cities Network",
        "description": "A two-day transatlantic dialogue, followed by a day of field visits, "
        "for mayors and city officials from Germany, Poland, Hungary, France, the United "
        "States and Canada, together with national governments and civil society. Participants "
        "compared the threats their communities face and the city-led responses that work, "
        "with a focus on mayoral leadership, community partnerships and cooperation between "
        "national and local government.",
        "venue": {
            "name": CITY_HALL,
            "address": "Rathausstraße 15, 10178 Berlin",
            "city": "Berlin",
            "country": "DE",
        },
        "start_date": "2023-06-15",
        "end_date": "2023-06-17",
        "timezone": "Europe/Berlin",
        "language": "en",
        "report": {
            "template": "event-report",
            "sections": [
                "summary",
                "threats",
                "themes",
                "next_steps",
                "resources",
                "partners",
                "contacts",
            ],
            "overrides": {
                "summary_opening": None,
                "threats_intro": None,
                "next_steps": "This dialogue is one stage of a wider Strong Cities effort "
                "to connect European and North American cities around shared threats and "
                "city-led answers. Its findings will shape what the initiative does next.",
                "closing": None,
            },
        },
        "updated_at": EDITED_AT,
    }

    return {
        "format": "workshop-planner/event-bundle",
        "version": 1,
        "exported_at": EXPORTED_AT,
        "event": event,
        "organisations": organisations,
        "people": people,
        "participants": participants,
        "sessions": sessions,
        "themes": themes,
        "notes": notes,
        "partners": partners,
        "contacts": contacts,
        "assets": assets,
    }


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
