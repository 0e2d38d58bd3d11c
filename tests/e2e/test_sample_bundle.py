"""The shipped sample event bundle: complete, consistent and importable.

Everything is checked straight from the JSON file, so a hand edit of the file
that breaks a reference, an enum or a count fails here.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from workshop_planner.domain.enums import (
    Attendance,
    Attribution,
    NoteKind,
    ParticipantRole,
    ReportSection,
    Sector,
    SessionKind,
    SessionRole,
)
from workshop_planner.domain.rules import effective_attribution, session_outside_event
from workshop_planner.resources import sample_bundle_path

REFERENCE = Path("/work/shared/reference/event-report-berlin-2023.txt")
TOP_LEVEL = [
    "format",
    "version",
    "exported_at",
    "event",
    "organisations",
    "people",
    "participants",
    "sessions",
    "themes",
    "notes",
    "partners",
    "contacts",
    "assets",
]
COLLECTIONS = TOP_LEVEL[4:]
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
WALL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    with sample_bundle_path().open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def by_id(bundle: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in bundle[name]}


def instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def quotes(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in bundle["notes"] if n["kind"] == "quote"]


# --- shape ---------------------------------------------------------------------


def test_top_level_keys_are_exactly_the_format(bundle: dict[str, Any]) -> None:
    assert list(bundle) == TOP_LEVEL
    assert bundle["format"] == "workshop-planner/event-bundle"
    assert bundle["version"] == 1
    assert INSTANT.match(bundle["exported_at"])


def test_every_object_has_a_unique_uuid_and_an_updated_at(bundle: dict[str, Any]) -> None:
    objects = [bundle["event"]] + [item for name in COLLECTIONS for item in bundle[name]]
    ids = [item["id"] for item in objects]
    assert len(ids) == len(set(ids))
    for item in objects:
        assert str(uuid.UUID(item["id"])) == item["id"]
        if item in bundle["assets"]:
            # domain.md: assets carry no updated_at
            assert "updated_at" not in item
            continue
        assert INSTANT.match(item["updated_at"]), item
        assert instant(item["updated_at"]) <= instant(bundle["exported_at"])


def test_event_header_and_report_settings(bundle: dict[str, Any]) -> None:
    event = bundle["event"]
    assert event["label"] == "Event Report"
    assert event["series"] == "Transatlantic Initiative"
    assert event["title"]
    assert event["subtitle"]
    assert event["convenor"] == "Strong Cities Network"
    assert event["venue"]["city"] == "Berlin"
    assert event["venue"]["country"] == "DE"
    assert "Rotes Rathaus" in event["venue"]["name"]
    assert event["timezone"] == "Europe/Berlin"
    assert event["language"] == "en"
    report = event["report"]
    assert report["template"] == "event-report"
    assert report["sections"] == [s.value for s in ReportSection]
    assert set(report["overrides"]) == {"summary_opening", "threats_intro", "next_steps", "closing"}
    assert report["overrides"]["summary_opening"] is None


def test_event_spans_two_conference_days_and_a_field_visit_day(bundle: dict[str, Any]) -> None:
    start = date.fromisoformat(bundle["event"]["start_date"])
    end = date.fromisoformat(bundle["event"]["end_date"])
    assert (end - start).days == 2
    kinds_by_day: dict[str, set[str]] = {}
    for session in bundle["sessions"]:
        kinds_by_day.setdefault(session["start"][:10], set()).add(session["kind"])
    assert sorted(kinds_by_day) == [(start + timedelta(days=i)).isoformat() for i in range(3)]
    conference = [kinds_by_day[d] for d in sorted(kinds_by_day)[:2]]
    assert all({"keynote", "panel"} <= kinds for kinds in conference)
    assert "field_visit" in kinds_by_day[end.isoformat()]


# --- enums and references ----------------------------------------------------------


def test_vocabularies_come_from_the_domain(bundle: dict[str, Any]) -> None:
    sectors = {s.value for s in Sector}
    roles = {r.value for r in ParticipantRole}
    attendance = {a.value for a in Attendance}
    kinds = {k.value for k in SessionKind}
    session_roles = {r.value for r in SessionRole}
    note_kinds = {k.value for k in NoteKind}
    attributions = {a.value for a in Attribution}
    assert all(o["sector"] in sectors for o in bundle["organisations"])
    for participant in bundle["participants"]:
        assert participant["roles"]
        assert set(participant["roles"]) <= roles
        assert participant["attendance"] in attendance
    for session in bundle["sessions"]:
        assert session["kind"] in kinds
        assert {link["role"] for link in session["people"]} <= session_roles
    for note in bundle["notes"]:
        assert note["kind"] in note_kinds
        if note["kind"] == "quote":
            assert note["quote"]["attribution"] in attributions


def test_all_references_resolve(bundle: dict[str, Any]) -> None:
    organisations = by_id(bundle, "organisations")
    people = by_id(bundle, "people")
    sessions = by_id(bundle, "sessions")
    themes = by_id(bundle, "themes")
    assets = by_id(bundle, "assets")
    for person in bundle["people"]:
        assert person["organisation"] in organisations
    assert len({p["person"] for p in bundle["participants"]}) == len(bundle["participants"])
    for participant in bundle["participants"]:
        assert participant["person"] in people
    for session in bundle["sessions"]:
        for link in session["people"]:
            assert link["person"] in people
        for attendee in (session["field_visit"] or {}).get("attendees", []):
            assert attendee in people
    for note in bundle["notes"]:
        assert note["session"] is None or note["session"] in sessions
        assert all(theme in themes for theme in note["themes"])
        if note["kind"] == "quote" and note["quote"]["speaker"] is not None:
            assert note["quote"]["speaker"] in people
    for partner in bundle["partners"]:
        assert partner["logo"] is None or partner["logo"] in assets


def test_people_on_the_agenda_are_participants(bundle: dict[str, Any]) -> None:
    attendance = {p["person"]: p["attendance"] for p in bundle["participants"]}
    for session in bundle["sessions"]:
        for link in session["people"]:
            assert attendance[link["person"]] == "attended", session["title"]
        for attendee in (session["field_visit"] or {}).get("attendees", []):
            assert attendance[attendee] == "attended", session["title"]


def test_session_times_are_local_and_within_the_event(bundle: dict[str, Any]) -> None:
    start = date.fromisoformat(bundle["event"]["start_date"])
    end = date.fromisoformat(bundle["event"]["end_date"])
    for session in bundle["sessions"]:
        assert WALL_TIME.match(session["start"])
        assert WALL_TIME.match(session["end"])
        begins = datetime.fromisoformat(session["start"])
        ends = datetime.fromisoformat(session["end"])
        assert ends > begins, session["title"]
        assert not session_outside_event(begins, ends, start, end), session["title"]


def test_notes_are_captured_during_the_event_by_note_takers(bundle: dict[str, Any]) -> None:
    zone = ZoneInfo(bundle["event"]["timezone"])
    first = datetime.fromisoformat(bundle["event"]["start_date"]).replace(tzinfo=zone)
    after = datetime.fromisoformat(bundle["event"]["end_date"]).replace(tzinfo=zone)
    after += timedelta(days=1)
    people = by_id(bundle, "people")
    note_takers = {
        people[p["person"]]["full_name"]
        for p in bundle["participants"]
        if "note_taker" in p["roles"]
    }
    assert note_takers
    sessions = by_id(bundle, "sessions")
    for note in bundle["notes"]:
        captured = instant(note["captured_at"])
        assert first <= captured < after, note["id"]
        assert note["author"] in note_takers
        assert isinstance(note["featured"], bool)
        assert isinstance(note["position"], int)
        if note["session"] is not None:
            session = sessions[note["session"]]
            begins = datetime.fromisoformat(session["start"]).replace(tzinfo=zone)
            ends = datetime.fromisoformat(session["end"]).replace(tzinfo=zone)
            assert begins <= captured <= ends, note["text"]


# --- content the report needs ------------------------------------------------------


def test_participants_are_many_and_from_many_places(bundle: dict[str, Any]) -> None:
    people = bundle["people"]
    assert len(bundle["participants"]) >= 40
    assert len({p["city"] for p in people}) >= 15
    countries = {p["country"] for p in people}
    assert {"DE", "FR", "PL", "HU", "CA", "US"} <= countries
    assert len(countries) >= 6
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in countries)
    attendance = [p["attendance"] for p in bundle["participants"]]
    assert attendance.count("attended") > 0.8 * len(attendance)
    assert "declined" in attendance
    assert "no_show" in attendance
    sectors = {o["sector"] for o in bundle["organisations"]}
    assert {"local_government", "national_government", "civil_society", "donor"} <= sectors


def test_names_and_cities_carry_diacritics(bundle: dict[str, Any]) -> None:
    text = " ".join(p["full_name"] + " " + p["city"] for p in bundle["people"])
    for letter in "ßąłőáøİ":
        assert letter in text, letter
    cities = {p["city"] for p in bundle["people"]}
    assert {"Weißenfels", "Dąbrowa Górnicza", "Łódź", "Budavár", "Győr"} <= cities


def test_every_role_is_played(bundle: dict[str, Any]) -> None:
    roles = {role for p in bundle["participants"] for role in p["roles"]}
    assert {
        "keynote",
        "speaker",
        "moderator",
        "panelist",
        "organiser",
        "note_taker",
        "participant",
    } <= roles


def test_agenda_has_keynotes_panels_workshops_breaks_and_a_reception(
    bundle: dict[str, Any],
) -> None:
    sessions = bundle["sessions"]
    keynotes = [s for s in sessions if s["kind"] == "keynote"]
    assert len(keynotes) >= 4
    assert all(any(link["role"] == "keynote" for link in s["people"]) for s in keynotes)
    panels = [s for s in sessions if s["kind"] == "panel"]
    assert panels
    for panel in panels:
        roles = [link["role"] for link in panel["people"]]
        assert roles.count("moderator") == 1
        assert roles.count("panelist") >= 2
    kinds = {s["kind"] for s in sessions}
    assert {"workshop", "break", "reception", "field_visit"} <= kinds


def test_field_visit_is_complete(bundle: dict[str, Any]) -> None:
    visits = [s["field_visit"] for s in bundle["sessions"] if s["kind"] == "field_visit"]
    assert visits
    assert all(visit is not None for visit in visits)
    keys = {"site", "host_organisation", "address", "meeting_point", "transport", "capacity"}
    for visit in visits:
        assert all(visit[key] for key in keys)
        assert visit["attendees"]
        assert len(set(visit["attendees"])) == len(visit["attendees"])
        assert len(visit["attendees"]) <= visit["capacity"]
    others = [s for s in bundle["sessions"] if s["kind"] != "field_visit"]
    assert all(s["field_visit"] is None for s in others)


def test_three_themes_with_full_text(bundle: dict[str, Any]) -> None:
    themes = sorted(bundle["themes"], key=lambda t: t["position"])
    assert [t["position"] for t in themes] == [1, 2, 3]
    assert [t["title"] for t in themes] == [
        "Mayoral Leadership",
        "Community Engagement and Partnerships",
        "National-Local Cooperation",
    ]
    for theme in themes:
        assert theme["key_message"]
        assert theme["summary"]
        assert theme["body"].count("\n\n") >= 2  # several Markdown paragraphs
        themed = [n for n in bundle["notes"] if theme["id"] in n["themes"] and n["featured"]]
        assert any(n["kind"] == "observation" for n in themed), theme["title"]


def test_quotes_cover_every_attribution_and_the_consent_fallback(
    bundle: dict[str, Any],
) -> None:
    people = by_id(bundle, "people")
    all_quotes = quotes(bundle)
    assert {q["quote"]["attribution"] for q in all_quotes} == {a.value for a in Attribution}
    named_with_consent = [
        q
        for q in all_quotes
        if q["quote"]["attribution"] == "named"
        and q["quote"]["speaker"]
        and people[q["quote"]["speaker"]]["consent_to_name"]
    ]
    assert named_with_consent
    without_consent = [
        q
        for q in all_quotes
        if q["quote"]["attribution"] == "named"
        and q["quote"]["speaker"]
        and not people[q["quote"]["speaker"]]["consent_to_name"]
    ]
    assert without_consent
    speaker = people[without_consent[0]["quote"]["speaker"]]
    assert effective_attribution("named", speaker["consent_to_name"]) is Attribution.BY_ORIGIN
    speakers = {
        link["person"]
        for s in bundle["sessions"]
        for link in s["people"]
        if link["role"] in {"speaker", "panelist", "keynote"}
    }
    assert speaker["id"] in speakers


def test_a_featured_quote_belongs_to_no_theme(bundle: dict[str, Any]) -> None:
    loose = [q for q in quotes(bundle) if q["featured"] and not q["themes"]]
    assert len(loose) == 1


def test_threats_case_studies_examples_next_steps_and_resources(
    bundle: dict[str, Any],
) -> None:
    featured = [n for n in bundle["notes"] if n["featured"]]
    assert len(featured) > 0.8 * len(bundle["notes"])
    kinds = [n["kind"] for n in featured]
    assert kinds.count("threat") + kinds.count("challenge") + kinds.count("need") >= 5
    assert {"threat", "challenge", "need", "recommendation", "next_step"} <= set(kinds)
    for note in featured:
        if note["kind"] in {"threat", "challenge", "need", "recommendation", "next_step"}:
            assert not note["themes"]
    cases = [n for n in featured if n["kind"] == "case_study"]
    assert len(cases) >= 2
    assert "City of Edmonton, Canada" in {c["case_study"]["title"] for c in cases}
    for case in cases:
        details = case["case_study"]
        assert details["challenge"]
        assert re.search(r"^1\. .+\n2\. ", details["approach"], re.MULTILINE)
        assert details["impact"]
        assert details["url"].startswith("https://")
        assert len(case["themes"]) == 1
    examples = [n["example"] for n in featured if n["kind"] == "example"]
    assert len(examples) >= 4
    assert all(e["label"] for e in examples)
    assert any(e["city"] and e["country"] and e["url"] for e in examples)
    resources = [n["resource"] for n in featured if n["kind"] == "resource"]
    assert len(resources) >= 2
    assert all(r["title"] and r["publisher"] and r["url"] for r in resources)


def test_partners_with_and_without_a_logo(bundle: dict[str, Any]) -> None:
    assets = by_id(bundle, "assets")
    with_logo = [p for p in bundle["partners"] if p["logo"]]
    assert with_logo
    assert any(p["logo"] is None for p in bundle["partners"])
    assert all(p["acknowledgement"] for p in bundle["partners"])
    decoded = 0
    for partner in with_logo:
        asset = assets[partner["logo"]]
        data = base64.b64decode(asset["data"], validate=True)
        if asset["media_type"] == "image/png":
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                assert image.format == "PNG"
                assert image.width > 50
                assert image.height > 20
                colours = image.getcolors(maxcolors=1024)
                assert colours is not None
                assert len(colours) >= 3
            decoded += 1
        else:
            assert asset["media_type"] == "image/svg+xml"
            root = ET.fromstring(data)
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
            decoded += 1
    assert decoded == len(with_logo)
    assert any(assets[p["logo"]]["media_type"] == "image/png" for p in with_logo)


def test_contacts(bundle: dict[str, Any]) -> None:
    assert bundle["contacts"]
    for contact in bundle["contacts"]:
        assert contact["name"]
        assert contact["role"]
        assert contact["organisation"]
        assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", contact["email"])


# --- provenance and reproducibility -------------------------------------------------


def _prose(bundle: dict[str, Any]) -> Iterator[tuple[str, str]]:
    event = bundle["event"]
    yield "event.subtitle", event["subtitle"]
    yield "event.description", event["description"]
    for key, value in event["report"]["overrides"].items():
        if value:
            yield f"overrides.{key}", value
    for theme in bundle["themes"]:
        for key in ("key_message", "summary", "body"):
            yield f"theme.{key}", theme[key]
    for session in bundle["sessions"]:
        if session["description"]:
            yield "session.description", session["description"]
    for note in bundle["notes"]:
        yield "note.text", note["text"]
        if note["kind"] == "case_study":
            for key in ("challenge", "approach", "impact"):
                yield f"case_study.{key}", note["case_study"][key]
    for partner in bundle["partners"]:
        yield "partner.acknowledgement", partner["acknowledgement"]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference report is not on this machine")
def test_prose_is_not_copied_from_the_reference_report(bundle: dict[str, Any]) -> None:
    size = 7
    reference = _words(REFERENCE.read_text(encoding="utf-8"))
    shingles = {tuple(reference[i : i + size]) for i in range(len(reference) - size + 1)}
    copied = []
    for where, text in _prose(bundle):
        words = _words(text)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) in shingles:
                copied.append(f"{where}: {' '.join(words[i : i + size])}")
    assert copied == []


def test_generator_reproduces_the_file_byte_for_byte() -> None:
    script = sample_bundle_path().with_name("make_sample.py")
    spec = importlib.util.spec_from_file_location("make_sample", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == sample_bundle_path().read_text(encoding="utf-8")


# --- it imports --------------------------------------------------------------------


def test_sample_imports_into_a_fresh_workspace(workspace: Any, bundle: dict[str, Any]) -> None:
    from sqlalchemy import func, select

    from workshop_planner.domain import models as m
    from workshop_planner.services.bundle import import_bundle

    result = import_bundle(workspace, json.loads(json.dumps(bundle)))
    assert result.event_id == bundle["event"]["id"]
    with workspace.transaction() as db:
        event = db.get(m.Event, bundle["event"]["id"])
        assert event is not None
        assert event.title == bundle["event"]["title"]
        counts = {
            "participants": db.scalar(select(func.count()).select_from(m.Participant)),
            "sessions": db.scalar(select(func.count()).select_from(m.Session)),
            "notes": db.scalar(select(func.count()).select_from(m.Note)),
            "people": db.scalar(select(func.count()).select_from(m.Person)),
        }
        assert counts == {name: len(bundle[name]) for name in counts}
        visit = db.get(m.FieldVisit, bundle["sessions"][-1]["id"])
        assert visit is not None
        assert [a.person_id for a in visit.attendees] == (
            bundle["sessions"][-1]["field_visit"]["attendees"]
        )


def test_sample_survives_an_import_export_round_trip(
    workspace: Any, bundle: dict[str, Any]
) -> None:
    from workshop_planner.services.bundle import export_event, import_bundle

    result = import_bundle(workspace, json.loads(json.dumps(bundle)))
    exported = export_event(workspace, result.event_id)
    assert exported["event"] == {**exported["event"], **bundle["event"]}
    for name in COLLECTIONS:
        again = {item["id"]: item for item in exported[name]}
        assert set(again) == {item["id"] for item in bundle[name]}, name
        for item in bundle[name]:
            expected = item
            got = {k: again[item["id"]].get(k) for k in expected}
            assert got == expected, f"{name} {item['id']}"
