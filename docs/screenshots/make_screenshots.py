"""Make the README screenshots by using the app as a new organiser would.

    Xvfb :99 -screen 0 1440x900x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/make_screenshots.py

(or just ``.venv/bin/python docs/screenshots/make_screenshots.py``, which
renders offscreen). The script plans a two-day convening in a fresh
workspace: the event's details and a partner logo, 40 participants imported
from an XLSX registration list (three of them already in the directory), an
agenda with a field visit where one speaker is double-booked, a session moved
and the move undone, a few notes captured. It saves one PNG per view next to itself;
make_studio_screenshots.py makes the Report, Themes and People ones.
"""

from __future__ import annotations

import os
import sys
import tempfile
import unicodedata
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import Workbook
from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from workshop_planner.domain import models as m
from workshop_planner.domain.types import new_id, utc_now
from workshop_planner.services import agenda, capture
from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.store import Workspace, open_workspace
from workshop_planner.ui.main_window import MainWindow
from workshop_planner.ui.style import apply_style

OUT = Path(__file__).resolve().parent
SIZE = (1440, 900)

LOGO_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">
  <rect width="240" height="80" rx="10" fill="#2f6f8f"/>
  <circle cx="40" cy="40" r="22" fill="#ffffff"/>
  <path d="M28 48 L40 26 L52 48 Z" fill="#2f6f8f"/>
  <text x="74" y="36" font-family="sans-serif" font-size="20" font-weight="bold"
        fill="#ffffff">Cities</text>
  <text x="74" y="60" font-family="sans-serif" font-size="16" fill="#dcecf5">Forum</text>
</svg>
"""

# (name, job title, organisation, city, country, role, attendance, sector)
PEOPLE = [
    (
        "Amarjeet Sohi",
        "Mayor",
        "City of Edmonton",
        "Edmonton",
        "Canada",
        "keynote",
        "confirmed",
        "local government",
    ),
    (
        "Lena Hoffmann",
        "Head of Prevention",
        "Senate Department for the Interior",
        "Berlin",
        "Germany",
        "speaker",
        "confirmed",
        "regional government",
    ),
    (
        "Piotr Kowalski",
        "Deputy Mayor",
        "City of Gdańsk",
        "Gdańsk",
        "Poland",
        "panelist",
        "confirmed",
        "local government",
    ),
    (
        "Marie Dubois",
        "Adjointe au maire",
        "Ville de Lyon",
        "Lyon",
        "France",
        "panelist",
        "registered",
        "local government",
    ),
    (
        "Dana Brooks",
        "Director, Community Safety",
        "City of Minneapolis",
        "Minneapolis",
        "US",
        "moderator",
        "confirmed",
        "local government",
    ),
    (
        "Zsófia Tóth",
        "Policy Adviser",
        "Budapest City Hall",
        "Budapest",
        "HU",
        "participant",
        "confirmed",
        "local government",
    ),
    (
        "Tomasz Nowak",
        "Coordinator",
        "Łódź Dialogue Centre",
        "Łódź",
        "PL",
        "participant",
        "registered",
        "ngo",
    ),
    (
        "Claire Martin",
        "Programme Officer",
        "Strong Cities Network",
        "London",
        "GB",
        "organiser",
        "confirmed",
        "international",
    ),
    (
        "Jonas Weber",
        "Researcher",
        "Institute for Democracy",
        "Leipzig",
        "DE",
        "note taker",
        "confirmed",
        "research",
    ),
    (
        "Sarah Thompson",
        "Council Member",
        "City of Stamford",
        "Stamford",
        "USA",
        "participant",
        "invited",
        "local government",
    ),
]
FIRST = [
    "Anna",
    "Ben",
    "Chloé",
    "David",
    "Eva",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jan",
    "Kasia",
    "Luca",
    "Maja",
    "Noah",
    "Olga",
    "Pavel",
    "Rosa",
    "Sami",
    "Tara",
    "Uwe",
    "Vera",
    "Wim",
    "Yara",
    "Zoltan",
    "Ilse",
    "Marek",
    "Nora",
    "Omar",
    "Paula",
    "Rafael",
]
LAST = [
    "Schmidt",
    "Kovács",
    "Lefèvre",
    "Wiśniewska",
    "Miller",
    "Nagy",
    "Roux",
    "Becker",
    "Zielińska",
    "Carter",
    "Horváth",
    "Moreau",
    "Fischer",
    "Lewandowski",
    "Davis",
]
CITIES = [
    ("Berlin", "DE", "City of Berlin"),
    ("Warsaw", "PL", "City of Warsaw"),
    ("Toronto", "CA", "City of Toronto"),
    ("Paris", "FR", "Ville de Paris"),
    ("Boston", "US", "City of Boston"),
    ("Pécs", "HU", "City of Pécs"),
    ("Munich", "DE", "Munich Prevention Council"),
    ("Seattle", "US", "City of Seattle"),
]
ROLES = ["participant", "participant", "participant", "observer", "speaker"]
ATTENDANCE = ["confirmed", "registered", "confirmed", "invited", "confirmed", "declined"]
SECTORS = ["local government", "civil society", "local government", "research"]
# fmt: on


def registration_rows() -> list[list[str]]:
    rows = [list(p) for p in PEOPLE]
    i = 0
    while len(rows) < 40:
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        city, country, org = CITIES[i % len(CITIES)]
        rows.append(
            [
                f"{first} {last}",
                "Officer" if i % 3 else "Head of Unit",
                org,
                city,
                country,
                ROLES[i % len(ROLES)],
                ATTENDANCE[i % len(ATTENDANCE)],
                SECTORS[i % len(SECTORS)],
            ]
        )
        i += 1
    header = ["Full name", "E-mail", "Organisation", "Job title", "City", "Country", "Role",
              "Attendance", "Sector"]  # fmt: skip
    table = [header]
    for name, job, org, city, country, role, att, sector in rows:
        folded = unicodedata.normalize("NFKD", name.lower().replace("ł", "l"))
        email = folded.encode("ascii", "ignore").decode().replace(" ", ".") + "@example.org"
        table.append([name, email, org, job, city, country, role, att, sector])
    return table


def write_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Registrations"
    for row in registration_rows():
        sheet.append(row)
    book.save(path)


def seed_directory(ws: Workspace) -> None:
    """Three people the workspace knows from an earlier convening."""
    with ws.transaction() as db:
        edmonton = m.Organisation(
            id=new_id(), name="City of Edmonton", sector="local_government", country="CA"
        )
        db.add(edmonton)
        scn = m.Organisation(
            id=new_id(), name="Strong Cities Network", sector="international", country="GB"
        )
        ifd = m.Organisation(
            id=new_id(), name="Institute for Democracy", sector="research", country="DE"
        )
        db.add_all([edmonton, scn, ifd])
        for name, email, job, org, city, country in (
            ("Amarjeet Sohi", "amarjeet.sohi@example.org", "Mayor", edmonton, "Edmonton", "CA"),
            ("Claire Martin", "Claire.Martin@example.org", "Programme Officer", scn, "London",
             "GB"),
            ("Jonas Weber", "jonas.weber@example.org", "Researcher", ifd, "Leipzig", "DE"),
        ):  # fmt: skip
            db.add(
                m.Person(
                    id=new_id(),
                    full_name=name,
                    email=email,
                    job_title=job,
                    organisation_id=org.id,
                    city=city,
                    country=country,
                    consent_to_name=True,
                    updated_at=utc_now(),
                )
            )


def settle(app: QApplication, ms: int = 150) -> None:
    QTest.qWait(ms)
    app.processEvents()


def save(widget: QWidget, name: str) -> None:
    if isinstance(widget, MainWindow):
        widget.message_bar.hide()
        widget.statusBar().clearMessage()
        widget.update_counts()
        QTest.qWait(50)
    path = OUT / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(OUT.parent.parent)}")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Workshop Planner")
    apply_style(app, dark=False)
    tmp = Path(tempfile.mkdtemp(prefix="wp-shots-"))
    ws = open_workspace(tmp / "berlin-2026.sqlite3")
    seed_directory(ws)
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ws, settings=settings)
    window.resize(*SIZE)
    window.show()
    settle(app)

    # 1. A new two-day event, its details and a partner with a logo.
    event_id = window.create_event(
        "Cities on the Front-lines", date(2026, 6, 15), date(2026, 6, 16), "Europe/Berlin"
    )
    assert event_id is not None
    ee.update_event(
        ws,
        event_id,
        {
            "series": "Transatlantic Initiative",
            "subtitle": "City-led responses to hate, extremism and polarisation",
            "convenor": "Strong Cities Network",
            "description": (
                "A two-day transatlantic dialogue with a field visit for mayors and city "
                "officials from Europe and North America, to compare threats and the "
                "city-led responses that work."
            ),
            "venue_name": "Rotes Rathaus",
            "venue_address": "Rathausstraße 15, 10178 Berlin",
            "venue_city": "Berlin",
            "venue_country": "DE",
        },
    )
    logo = tmp / "cities-forum.svg"
    logo.write_text(LOGO_SVG, encoding="utf-8")
    asset = ee.store_logo(ws, logo)
    ee.add_partner(
        ws,
        event_id,
        name="Cities Forum Foundation",
        role="donor",
        logo_id=asset.id,
        acknowledgement="This convening was made possible by the Cities Forum Foundation.",
    )
    ee.add_partner(ws, event_id, name="Senate Department for the Interior", role="host")
    ee.add_contact(
        ws,
        event_id,
        name="Claire Martin",
        role="Programme Officer",
        organisation="Strong Cities Network",
        email="claire.martin@example.org",
    )
    window.refresh_events(event_id)
    window.overview.reload()
    window.show_page("overview")
    settle(app)
    save(window, "overview.png")

    # 2. Forty participants from an XLSX registration list.
    xlsx = tmp / "registrations.xlsx"
    write_xlsx(xlsx)
    window.show_page("participants")
    dialog = window.participants.open_import(xlsx)
    assert dialog is not None
    dialog.resize(1300, 760)
    settle(app, 300)
    save(dialog, "import.png")
    dialog.import_button.click()
    settle(app)
    rows = ps.list_participants(ws, event_id)
    print(f"imported {len(rows)} participants")
    window.participants.filter_edit.setText("")
    window.participants.table.selectRow(0)
    settle(app)
    save(window, "participants.png")

    # 3. The agenda: two days, a field visit, a speaker booked twice.
    by_name = {r.full_name: r.person_id for r in rows}
    sohi, hoffmann = by_name["Amarjeet Sohi"], by_name["Lena Hoffmann"]
    day1, day2 = date(2026, 6, 15), date(2026, 6, 16)

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute)

    sessions = [
        ("Welcome and opening keynote", "keynote", at(day1, 9, 0), at(day1, 10, 0),
         "Plenary hall", ((sohi, "keynote"),)),
        ("Panel: mayors on the front line", "panel", at(day1, 9, 45), at(day1, 11, 0),
         "Room 2", ((sohi, "panelist"), (by_name["Piotr Kowalski"], "panelist"),
                    (by_name["Dana Brooks"], "moderator"))),
        ("Coffee break", "break", at(day1, 11, 0), at(day1, 11, 30), "Foyer", ()),
        ("Workshop: community partnerships", "workshop", at(day1, 11, 30), at(day1, 13, 0),
         "Room 2", ((hoffmann, "host"),)),
        ("Lunch", "break", at(day1, 13, 0), at(day1, 14, 0), "Foyer", ()),
        ("Breakout: online hate", "breakout", at(day1, 14, 0), at(day1, 15, 30), "Room 3",
         ((by_name["Marie Dubois"], "speaker"),)),
        ("Reception at City Hall", "reception", at(day1, 18, 0), at(day1, 20, 0),
         "Wappensaal", ()),
        ("Plenary: national–local cooperation", "plenary", at(day2, 9, 0), at(day2, 10, 30),
         "Plenary hall", ((hoffmann, "speaker"),)),
        ("Closing session", "plenary", at(day2, 11, 0), at(day2, 12, 0), "Plenary hall", ()),
    ]  # fmt: skip
    created = {}
    for title, kind, start, end, location, people in sessions:
        info = agenda.create_session(
            ws,
            event_id,
            agenda.SessionData(
                title=title, kind=kind, start=start, end=end, location=location, people=people
            ),
        )
        created[title] = info.id
    attendees = tuple(r.person_id for r in rows[:18])
    agenda.create_session(
        ws,
        event_id,
        agenda.SessionData(
            title="Field visit: neighbourhood mediation centre",
            kind="field_visit",
            start=at(day2, 13, 30),
            end=at(day2, 17, 0),
            location="Neukölln",
            field_visit=agenda.FieldVisitData(
                site="Neighbourhood Mediation Centre",
                host_organisation="District of Neukölln",
                address="Karl-Marx-Straße 83, 12043 Berlin",
                meeting_point="City Hall main entrance",
                transport="U-Bahn U7",
                capacity=20,
                attendees=attendees,
            ),
        ),
    )
    window.show_page("agenda")
    window.agenda.set_event(event_id)
    settle(app)
    # Move the breakout by an hour, then undo the move.
    breakout = created["Breakout: online hate"]
    window.agenda.move_session(breakout, at(day1, 15, 0), at(day1, 16, 30))
    settle(app)
    moved = agenda.get_session(ws, breakout).start
    window.action_undo.trigger()
    settle(app)
    back = agenda.get_session(ws, breakout).start
    print(f"moved the breakout to {moved:%H:%M}, undo put it back to {back:%H:%M}")
    conflicts = agenda.agenda_conflicts(ws, event_id)
    print(f"{len(conflicts)} conflict(s): " + "; ".join(str(c) for c in conflicts))
    window.agenda.select_session(created["Panel: mayors on the front line"])
    settle(app, 300)
    save(window, "agenda.png")

    # 4. Themes and a few notes captured during the sessions.
    with ws.transaction() as db:
        for position, (title, message) in enumerate(
            [
                ("Mayoral leadership", "Mayors set the tone when hate targets their city."),
                ("Community partnerships", "Trusted local partners reach people first."),
                ("National–local cooperation", "Cities need a seat at the national table."),
            ],
            start=1,
        ):
            db.add(
                m.Theme(
                    id=new_id(),
                    event_id=event_id,
                    position=position,
                    title=title,
                    key_message=message,
                    summary=message,
                    updated_at=utc_now(),
                )
            )
    themes = {t.title: t.id for t in capture.list_themes(ws, event_id)}
    notes = [
        ("observation", "Several cities described rapid-response teams that meet within 24 "
         "hours of an incident.", created["Panel: mayors on the front line"],
         [themes["Mayoral leadership"]]),
        ("quote", "When hate comes to our streets, the mayor has to be the first to speak.",
         created["Welcome and opening keynote"], [themes["Mayoral leadership"]]),
        ("challenge", "Small municipalities lack staff to monitor online threats.",
         created["Breakout: online hate"], []),
        ("recommendation", "Create a transatlantic peer exchange for prevention officers.",
         created["Workshop: community partnerships"], [themes["Community partnerships"]]),
    ]  # fmt: skip
    for kind, text, session_id, theme_ids in notes:
        quote = capture.QuoteData(speaker_id=sohi) if kind == "quote" else None
        note = capture.add_note(
            ws,
            event_id,
            kind=kind,
            text=text,
            author="Jonas Weber",
            session_id=session_id,
            theme_ids=theme_ids,
            quote=quote,
        )
        with ws.transaction() as db:
            row = db.get(m.Note, note.id)
            assert row is not None
            row.featured = True
            row.updated_at = utc_now()
    window.capture.set_author("Jonas Weber")
    window.show_page("capture")
    window.capture.set_event(event_id)
    window.capture.select_session(created["Welcome and opening keynote"])
    settle(app, 300)
    save(window, "capture.png")

    # 5. The report, the Themes and the People pages are shown with the sample event
    #    by make_studio_screenshots.py (report.png, themes.png, people.png).

    QTimer.singleShot(0, window.close)
    settle(app)
    QThreadPool.globalInstance().waitForDone(60_000)
    ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
