"""Participant import from CSV and XLSX: reading, guessing, dedup, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.services.conftest import WriteXlsx
from workshop_planner.domain import models as m
from workshop_planner.services import participant_import as pi
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.participants import list_participants, undo_addition
from workshop_planner.store import Workspace

HEADERS = ["Full name", "E-mail", "Organisation", "Job title", "City", "Country", "Role",
           "Attendance", "Sector"]  # fmt: skip


def count(ws: Workspace, model: object) -> int:
    with ws.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_guess_mapping_from_common_headers() -> None:
    mapping = pi.guess_mapping(
        [
            "Participant Name",
            "Email Address",
            "Organization",
            "Position",
            "Town",
            "Country code",
            "Roles",
            "RSVP",
            "Org type",
            "Comments",
        ]
    )
    assert mapping["full_name"] == 0
    assert mapping["email"] == 1
    assert mapping["organisation"] == 2
    assert mapping["job_title"] == 3
    assert mapping["city"] == 4
    assert mapping["country"] == 5
    assert mapping["roles"] == 6
    assert mapping["attendance"] == 7
    assert mapping["sector"] == 8


def test_guess_mapping_first_and_last_name() -> None:
    mapping = pi.guess_mapping(["First name", "Surname", "Company"])
    assert (mapping["first_name"], mapping["last_name"], mapping["full_name"]) == (0, 1, None)
    assert mapping["organisation"] == 2


def test_csv_with_a_bad_row_imports_nothing(tmp_path: Path, workspace: Workspace, factory) -> None:
    event = factory.event()
    path = tmp_path / "people.csv"
    path.write_text(
        "Name;Email;Organisation;Country;Attendance\n"
        "Ada Nowak;ada@example.org;City of Gdańsk;Poland;confirmed\n"
        "Bo Li;not-an-email;City of Toronto;CA;attended\n"
        "Cy Young;cy@example.org;City of Boston;USA;registered\n",
        encoding="utf-8",
    )
    table = pi.read_table(path)
    assert table.headers[:2] == ["Name", "Email"]
    mapping = pi.guess_mapping(table.headers)
    plan = pi.plan_import(workspace, event.id, table, mapping)
    assert [e.row for e in plan.errors] == [3]
    assert "not-an-email" in plan.errors[0].message
    with pytest.raises(pi.ParticipantImportError) as info:
        pi.import_participants(workspace, event.id, table, mapping)
    assert "Row 3" in str(info.value)
    assert count(workspace, m.Person) == 0
    assert count(workspace, m.Participant) == 0
    assert count(workspace, m.Organisation) == 0


def test_xlsx_import_merges_with_directory_and_in_file_duplicates(
    workspace: Workspace, factory, write_xlsx: WriteXlsx
) -> None:
    event = factory.event()
    org = factory.organisation(name="City of Toronto", sector="local_government", country="CA")
    known = factory.person(
        full_name="Olivia Chow", email="Mayor@Toronto.ca", organisation_id=org.id
    )
    same_name = factory.person(full_name="Ann Lee", organisation_id=org.id)
    rows = [
        HEADERS,
        ["Olivia Chow", "mayor@toronto.ca", "City of Toronto", "Mayor", "Toronto", "Canada",
         "keynote", "attended", "local government"],
        ["ann lee", "", "city of toronto", "", "Toronto", "CA", "", "", ""],
        ["New Person", "new@example.org", "Fresh NGO", "Director", "Lyon", "FR",
         "speaker, panelist", "confirmed", "NGO"],
        ["New Person", "NEW@example.org", "Fresh NGO", "", "", "", "moderator", "", ""],
    ]  # fmt: skip
    path = write_xlsx("people.xlsx", rows)
    table = pi.read_table(path)
    mapping = pi.guess_mapping(table.headers)
    plan = pi.plan_import(workspace, event.id, table, mapping)
    assert plan.errors == []
    assert [r.action for r in plan.rows] == [pi.DIRECTORY, pi.DIRECTORY, pi.NEW, pi.DUPLICATE]
    assert plan.rows[0].person_id == known.id
    assert plan.rows[1].person_id == same_name.id
    assert plan.rows[3].same_as == 4
    result = pi.import_participants(workspace, event.id, table, mapping)
    assert (result.new_people, result.from_directory, result.merged_rows) == (1, 2, 1)
    parts = {p.full_name: p for p in list_participants(workspace, event.id)}
    assert set(parts) == {"Olivia Chow", "Ann Lee", "New Person"}
    assert parts["Olivia Chow"].roles == ("keynote",)
    assert parts["New Person"].roles == ("speaker", "panelist", "moderator")
    assert parts["New Person"].sector == "civil_society"
    assert parts["New Person"].country == "FR"
    assert parts["Ann Lee"].attendance == "invited"
    assert count(workspace, m.Person) == 3

    # A second import of the same file adds nobody.
    plan = pi.plan_import(workspace, event.id, table, mapping)
    assert plan.errors[0].row is None
    assert "already" in plan.errors[0].message

    undo_addition(workspace, result.addition)
    assert list_participants(workspace, event.id) == []
    assert count(workspace, m.Person) == 2
    assert count(workspace, m.Organisation) == 1


def test_xlsx_forty_rows(workspace: Workspace, factory, write_xlsx: WriteXlsx) -> None:
    event = factory.event()
    rows: list[list[object]] = [HEADERS]
    rows += [
        [f"Person {i}", f"p{i}@example.org", f"Org {i % 7}", "Officer", "Berlin", "DE",
         "participant", "registered", "research"]
        for i in range(40)
    ]  # fmt: skip
    result = pi.import_participants(
        workspace, event.id, pi.read_table(write_xlsx("forty.xlsx", rows)),
        pi.guess_mapping(HEADERS),
    )  # fmt: skip
    assert result.new_people == 40
    assert count(workspace, m.Organisation) == 7
    assert len(list_participants(workspace, event.id)) == 40


def test_every_problem_is_listed_with_its_row(
    tmp_path: Path, workspace: Workspace, factory
) -> None:
    event = factory.event()
    path = tmp_path / "bad.csv"
    path.write_text(
        "Name,Country,Role,Attendance,Sector\n,DE,,,\n\nAl,Atlantis,wizard,sometimes,guild\n",
        encoding="utf-8",
    )
    table = pi.read_table(path)
    plan = pi.plan_import(workspace, event.id, table, pi.guess_mapping(table.headers))
    assert [e.row for e in plan.errors] == [2, 4]
    assert plan.errors[0].message == "The name in column A (Name) is empty."
    message = plan.errors[1].message
    for word in ("Atlantis", "wizard", "sometimes", "guild"):
        assert word in message


def test_mapping_without_a_name_column(tmp_path: Path, workspace: Workspace, factory) -> None:
    event = factory.event()
    path = tmp_path / "x.csv"
    path.write_text("Email,City\na@b.org,Rome\n", encoding="utf-8")
    table = pi.read_table(path)
    plan = pi.plan_import(workspace, event.id, table, pi.guess_mapping(table.headers))
    assert not plan.ok
    assert plan.errors[0].row is None
    assert "names" in plan.errors[0].message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xls", b"x", "old Excel"),
        ("a.pdf", b"x", "not a CSV or XLSX"),
        ("a.xlsx", b"not a zip", "not a readable XLSX"),
        ("a.csv", b"Name\n", "no people"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ServiceError, match=message):
        pi.read_table(path)


def test_country_names_and_codes() -> None:
    from workshop_planner.services.countries import to_country_code

    assert to_country_code("Germany") == "DE"
    assert to_country_code("de") == "DE"
    assert to_country_code("DEU") == "DE"
    assert to_country_code("United States of America") == "US"
    assert to_country_code("U.S.") == "US"
    assert to_country_code("  ") is None
    with pytest.raises(ValueError, match="Narnia"):
        to_country_code("Narnia")


@pytest.mark.parametrize(("headers", "expected"), [
    (["First name", "Last name", "E-mail address", "Organization", "Country", "Role", "Status"],
     {"first_name": 0, "last_name": 1, "email": 2, "organisation": 3, "country": 4, "roles": 5,
      "attendance": 6}),
    # "Participant type" is not the name; given + family name make it
    (["Given Name", "Family Name", "Email Address", "Company", "Job Title",
      "Country of residence", "Participant type", "Registration status"],
     {"first_name": 0, "last_name": 1, "email": 2, "organisation": 3, "job_title": 4,
      "country": 5, "roles": 6, "attendance": 7}),
    # "Organization Name" is the organisation, "Organization Type" its sector
    (["Surname", "First Name", "Email", "Organization Name", "Organization Type",
      "Country Code", "Role(s)"],
     {"last_name": 0, "first_name": 1, "email": 2, "organisation": 3, "sector": 4,
      "country": 5, "roles": 6}),
    # a ticket type is not a sector; "Email (work)" is the e-mail
    (["Name", "Ticket type", "Email (work)", "Nationality"],
     {"full_name": 0, "email": 2, "country": 3}),
    (["Vorname", "Nachname", "E-Mail", "Organisation", "Land", "Rolle", "Status"],
     {"first_name": 0, "last_name": 1, "email": 2, "organisation": 3, "country": 4,
      "roles": 5, "attendance": 6}),
    (["Prénom", "Nom", "Courriel", "Pays", "Rôle", "Statut", "Ville"],
     {"first_name": 0, "last_name": 1, "email": 2, "country": 3, "roles": 4,
      "attendance": 5, "city": 6}),
])  # fmt: skip
def test_headers_we_did_not_plan_for(headers: list[str], expected: dict[str, int]) -> None:
    mapping = pi.guess_mapping(headers)
    assert {k: v for k, v in mapping.items() if v is not None} == expected


@pytest.mark.parametrize(("role", "attendance", "roles", "state"), [
    ("Presenter", "Waitlisted", ("speaker",), "registered"),
    ("Panel member", "Checked-in", ("panelist",), "attended"),
    ("Press", "Not attending", ("observer",), "declined"),
    ("Facilitator; Note-taker", "Attending", ("moderator", "note_taker"), "confirmed"),
    ("Referentin", "Zugesagt", ("speaker",), "confirmed"),
])  # fmt: skip
def test_everyday_role_and_status_words(
    tmp_path: Path, workspace: Workspace, factory, role: str, attendance: str,
    roles: tuple[str, ...], state: str,
) -> None:  # fmt: skip
    event = factory.event()
    path = tmp_path / "list.csv"
    path.write_text(f"Name,Role,Status\nAda Nowak,{role},{attendance}\n", encoding="utf-8")
    table = pi.read_table(path)
    plan = pi.plan_import(workspace, event.id, table, pi.guess_mapping(table.headers))
    assert plan.errors == []
    assert (tuple(plan.rows[0].roles), plan.rows[0].attendance) == (roles, state)
