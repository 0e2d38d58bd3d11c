"""The people directory service: list, search, edit, consent history, merge, export, erase."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import people as svc
from workshop_planner.services.bundle import dumps, export_event
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace


def test_list_people_sorted_ignoring_accents_with_their_events(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event(title="Berlin 2023")
    zofia = factory.person(full_name="Żaneta Zielińska")
    factory.person(full_name="Zenon Adamski")
    cwik = factory.person(full_name="Ćwik Tomasz", email="tc@example.org")
    factory.person(full_name="Anna Berg")
    factory.participant(event, cwik)
    names = [p.full_name for p in svc.list_people(workspace)]
    assert names == ["Anna Berg", "Ćwik Tomasz", "Żaneta Zielińska", "Zenon Adamski"]
    info = svc.get_person(workspace, cwik.id)
    assert info.events == ((event.id, "Berlin 2023"),)
    assert info.email == "tc@example.org"
    assert svc.get_person(workspace, zofia.id).events == ()


def test_search_ignores_case_and_accents_and_looks_at_every_field(
    workspace: Workspace, factory: Factory
) -> None:
    org = factory.organisation(name="Urząd Miasta Łodzi")
    factory.person(full_name="Zdzisław Gąsior", organisation_id=org.id, city="Łódź")
    factory.person(full_name="Ada Nowak", email="ada@example.org", city="Kraków")
    assert [p.full_name for p in svc.list_people(workspace, "gasior")] == ["Zdzisław Gąsior"]
    assert [p.full_name for p in svc.list_people(workspace, "ZDZISLAW")] == ["Zdzisław Gąsior"]
    assert [p.full_name for p in svc.list_people(workspace, "urzad lodzi")] == ["Zdzisław Gąsior"]
    assert [p.full_name for p in svc.list_people(workspace, "krakow")] == ["Ada Nowak"]
    assert [p.full_name for p in svc.list_people(workspace, "ADA@EXAMPLE")] == ["Ada Nowak"]
    nfd = unicodedata.normalize("NFD", "Gąsior")
    assert [p.full_name for p in svc.list_people(workspace, nfd)] == ["Zdzisław Gąsior"]
    assert svc.list_people(workspace, "nobody") == []


def test_update_person_fields_and_organisation(workspace: Workspace, factory: Factory) -> None:
    person = factory.person(full_name="Jan Kowalski", consent_to_name=False)
    info = svc.update_person(
        workspace,
        person.id,
        {
            "full_name": "  Jan   Kowalski-Nowak ",
            "job_title": "Deputy Mayor",
            "organisation": "City of Białystok",
            "city": "Białystok",
            "country": "pl",
            "email": " jan@bialystok.pl ",
        },
        changed_by="Editor",
    )
    assert info.full_name == "Jan Kowalski-Nowak"
    assert info.job_title == "Deputy Mayor"
    assert info.organisation == "City of Białystok"
    assert info.country == "PL"
    assert info.email == "jan@bialystok.pl"
    assert info.city == "Białystok"
    # the same organisation is found again, ignoring case
    again = svc.update_person(
        workspace, person.id, {"organisation": "city of białystok"}, changed_by="Editor"
    )
    assert again.organisation_id == info.organisation_id
    cleared = svc.update_person(
        workspace, person.id, {"organisation": "", "email": ""}, changed_by="Editor"
    )
    assert cleared.organisation_id is None
    assert cleared.email is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not an address"}, "e-mail address"),
        ({"country": "Germany"}, "ISO country code"),
        ({"country": "XX"}, "ISO country code"),
        ({"full_name": "   "}, "needs a name"),
        ({"shoe_size": 44}, "not a field"),
        ({"organisation_id": "no-such-id"}, "no longer exists"),
    ],
)
def test_update_person_refuses_bad_values(
    workspace: Workspace, factory: Factory, changes: dict[str, object], message: str
) -> None:
    person = factory.person(full_name="Jan Kowalski")
    with pytest.raises(ServiceError, match=message):
        svc.update_person(workspace, person.id, changes, changed_by="Editor")
    assert svc.get_person(workspace, person.id).full_name == "Jan Kowalski"


def test_update_person_refuses_an_email_another_person_has(
    workspace: Workspace, factory: Factory
) -> None:
    factory.person(full_name="Ada Nowak", email="ada@example.org")
    other = factory.person(full_name="Ben Carter")
    with pytest.raises(ServiceError, match="Ada Nowak already has"):
        svc.update_person(workspace, other.id, {"email": "ADA@example.org"}, changed_by="x")


def test_consent_changes_are_recorded_with_who_and_from_what(
    workspace: Workspace, factory: Factory
) -> None:
    person = factory.person(full_name="Jan Kowalski", consent_to_name=False)
    assert svc.consent_history(workspace, person.id) == []
    info = svc.update_person(
        workspace,
        person.id,
        {"consent_to_name": True, "consent_note": "Signed form, 3 May"},
        changed_by="Maria Editor",
    )
    assert info.consent_to_name is True
    # unchanged consent records nothing
    svc.update_person(workspace, person.id, {"consent_to_name": True}, changed_by="x")
    svc.update_person(workspace, person.id, {"consent_to_name": False}, changed_by="Jan himself")
    history = svc.consent_history(workspace, person.id)
    assert [(h.changed_by, h.old, h.new) for h in history] == [
        ("Maria Editor", False, True),
        ("Jan himself", True, False),
    ]
    assert history[0].note == "Signed form, 3 May"
    assert history[0].changed_at.tzinfo is not None
    assert history[0].changed_at <= history[1].changed_at


def test_get_person_of_an_unknown_id_says_so(workspace: Workspace) -> None:
    with pytest.raises(ServiceError, match="no longer in the directory"):
        svc.get_person(workspace, "nope")


# --- merge -------------------------------------------------------------------------


def _merge_setup(factory: Factory) -> dict[str, str]:
    e1 = factory.event(title="One")
    e2 = factory.event(title="Two")
    keep = factory.person(full_name="Jan Kowalski", consent_to_name=True)
    dup = factory.person(
        full_name="J. Kowalski", email="jan@bialystok.pl", job_title="Mayor", consent_to_name=True
    )
    factory.participant(e1, keep, roles=["participant"])
    factory.participant(e1, dup, roles=["speaker", "panelist"], requirements="Vegan")
    factory.participant(e2, dup, roles=["keynote"])
    session = factory.session(e1)
    note = factory.note(e1, kind="quote", text="We act.")
    with factory.ws.transaction() as db:
        db.add(m.SessionPerson(session_id=session.id, person_id=dup.id, role="keynote"))
        db.add(m.QuoteDetails(note_id=note.id, speaker_id=dup.id, attribution="named"))
    return {"e1": e1.id, "e2": e2.id, "keep": keep.id, "dup": dup.id, "session": session.id,
            "note": note.id}  # fmt: skip


def test_merge_moves_everything_and_undo_puts_it_back(
    workspace: Workspace, factory: Factory
) -> None:
    ids = _merge_setup(factory)
    result = svc.merge_people(workspace, ids["keep"], ids["dup"])
    assert result.moved_participations == 2
    assert result.moved_quotes == 1
    info = svc.get_person(workspace, ids["keep"])
    assert sorted(t for _i, t in info.events) == ["One", "Two"]
    assert info.email == "jan@bialystok.pl"
    assert info.job_title == "Mayor"
    with workspace.transaction() as db:
        assert db.get(m.Person, ids["dup"]) is None
        parts = db.scalars(select(m.Participant).where(m.Participant.event_id == ids["e1"])).all()
        assert len(parts) == 1
        # the richer row (two roles, requirements) won, with the roles of both
        assert parts[0].person_id == ids["keep"]
        assert parts[0].roles == ["speaker", "panelist", "participant"]
        assert parts[0].requirements == "Vegan"
        assert db.get(m.QuoteDetails, ids["note"]).speaker_id == ids["keep"]  # type: ignore[union-attr]
        assert db.scalars(select(m.SessionPerson.person_id)).all() == [ids["keep"]]
    svc.undo_merge(workspace, result)
    with workspace.transaction() as db:
        dup = db.get(m.Person, ids["dup"])
        assert dup is not None
        assert dup.email == "jan@bialystok.pl"
        assert db.get(m.Person, ids["keep"]).email is None  # type: ignore[union-attr]
        rows = {
            (p.event_id, p.person_id, tuple(p.roles)) for p in db.scalars(select(m.Participant))
        }
        assert rows == {
            (ids["e1"], ids["keep"], ("participant",)),
            (ids["e1"], ids["dup"], ("speaker", "panelist")),
            (ids["e2"], ids["dup"], ("keynote",)),
        }
        assert db.get(m.QuoteDetails, ids["note"]).speaker_id == ids["dup"]  # type: ignore[union-attr]
        assert db.scalars(select(m.SessionPerson.person_id)).all() == [ids["dup"]]


def test_merge_keeps_the_stricter_consent(workspace: Workspace, factory: Factory) -> None:
    keep = factory.person(full_name="Jan Kowalski", consent_to_name=True)
    shy = factory.person(full_name="Jan Kowalski", consent_to_name=False)
    svc.merge_people(workspace, keep.id, shy.id)
    assert svc.get_person(workspace, keep.id).consent_to_name is False
    assert [(h.old, h.new) for h in svc.consent_history(workspace, keep.id)] == [(True, False)]
    with pytest.raises(ServiceError, match="two different"):
        svc.merge_people(workspace, keep.id, keep.id)


# --- export and erase --------------------------------------------------------------


def _erase_setup(factory: Factory) -> dict[str, str]:
    event = factory.event(title="Cities")
    org = factory.organisation(name="City of Białystok", country="PL")
    jan = factory.person(
        full_name="Jan Kowalski",
        job_title="Deputy Mayor",
        email="jan.kowalski@bialystok.pl",
        organisation_id=org.id,
        consent_to_name=False,
    )
    other = factory.person(full_name="Ada Nowak", consent_to_name=True)
    factory.participant(event, jan, roles=["speaker"], notes="Jan Kowalski needs a driver")
    factory.participant(event, other, notes="Ask jan.kowalski@bialystok.pl for the slides")
    session = factory.session(event, description="Opened by Deputy Mayor Kowalski.")
    factory.theme(event, body="As **Kowalski** put it, we act.")
    quote = factory.note(event, kind="quote", text="We act.", featured=True)
    typed = factory.note(event, kind="quote", text="Typed.", featured=True)
    mention = factory.note(event, text="Jan-Kowalski's office was attacked.", featured=True)
    with factory.ws.transaction() as db:
        db.add(m.SessionPerson(session_id=session.id, person_id=jan.id, role="speaker"))
        db.add(m.QuoteDetails(note_id=quote.id, speaker_id=jan.id, attribution="named"))
        db.add(
            m.QuoteDetails(note_id=typed.id, name="Jan Kowalski", country="PL",
                           job_title="Deputy Mayor", attribution="named")
        )  # fmt: skip
        db.add(
            m.NoteRevision(
                note_id=mention.id,
                text="Jan Kowalski said it first.",
                author="Tester",
                updated_at=datetime(2023, 6, 15, tzinfo=UTC),
            )
        )
        db.add(m.ReportSettings(event_id=event.id, closing="Thanks to Jan Kowalski."))
        db.add(m.ConsentChange(person_id=jan.id, changed_by="x", old=None, new=False))
        db.add(m.Contact(event_id=event.id, name="J. Kowalski", email="jan.kowalski@bialystok.pl"))
        db.add(m.Contact(event_id=event.id, name="Ada Nowak", email="ada@example.org"))
        db.add(m.Partner(event_id=event.id, name="Fund", acknowledgement="Thanks, Mr Kowalski."))
        db.add(
            m.CaptureDraft(
                event_id=event.id, author="Tester", text="He said", extra={"speaker": jan.id}
            )
        )
    return {"event": event.id, "jan": jan.id, "mention": mention.id, "quote": quote.id,
            "typed": typed.id}  # fmt: skip


def test_export_person_holds_everything_about_them(workspace: Workspace, factory: Factory) -> None:
    ids = _erase_setup(factory)
    data = svc.export_person(workspace, ids["jan"])
    json.dumps(data)  # JSON-able
    assert data["person"]["email"] == "jan.kowalski@bialystok.pl"
    assert data["person"]["organisation"]["name"] == "City of Białystok"
    assert data["participations"][0]["roles"] == ["speaker"]
    assert data["session_roles"][0]["role"] == "speaker"
    assert [q["note"] for q in data["quotes"]] == [ids["quote"]]
    assert len(data["consent_history"]) == 1
    fields = {(x["table"], x["field"]) for x in data["mentions"]}
    assert ("notes", "text") in fields
    assert ("themes", "body") in fields
    assert ("sessions", "description") in fields
    assert ("report_settings", "closing") in fields


def _traces(text: str) -> list[str]:
    from workshop_planner.domain.text import fold

    folded = fold(text)
    return [t for t in ("kowalski", "jan.kowalski@", "bialystok.pl") if t in folded]


def test_erase_leaves_no_trace_in_a_bundle_and_undo_restores(
    workspace: Workspace, factory: Factory
) -> None:
    ids = _erase_setup(factory)
    before = dumps(export_event(workspace, ids["event"]))
    assert ids["jan"] in before
    assert _traces(before)
    erasure = svc.erase_person(workspace, ids["jan"])
    after = dumps(export_event(workspace, ids["event"]))
    assert ids["jan"] not in after
    assert _traces(after) == []
    assert "[name withheld]" in after
    with workspace.transaction() as db:
        assert db.get(m.Person, ids["jan"]) is None
        assert db.scalars(select(m.NoteRevision)).all() == []
        assert db.scalars(select(m.ConsentChange)).all() == []
        quote = db.get(m.QuoteDetails, ids["quote"])
        assert quote is not None
        assert quote.speaker_id is None
        assert quote.attribution == "anonymous"
        typed = db.get(m.QuoteDetails, ids["typed"])
        assert typed is not None
        assert typed.name is None
        assert typed.attribution == "anonymous"
    assert [p.full_name for p in svc.list_people(workspace)] == ["Ada Nowak"]
    with workspace.transaction() as db:
        assert [c.name for c in db.scalars(select(m.Contact))] == ["Ada Nowak"]
        assert db.scalars(select(m.CaptureDraft)).all() == []
    # undo puts it all back
    info = svc.undo_erase(workspace, erasure)
    assert info.full_name == "Jan Kowalski"
    assert info.events == ((ids["event"], "Cities"),)
    restored = dumps(export_event(workspace, ids["event"]))
    assert ids["jan"] in restored
    assert "Jan-Kowalski's office" in restored
    assert "Ask jan.kowalski@bialystok.pl for the slides" in restored
    with workspace.transaction() as db:
        assert len(db.scalars(select(m.NoteRevision)).all()) == 1
        assert len(db.scalars(select(m.ConsentChange)).all()) == 1
        assert len(db.scalars(select(m.Contact)).all()) == 2
        assert len(db.scalars(select(m.CaptureDraft)).all()) == 1
        quote = db.get(m.QuoteDetails, ids["quote"])
        assert quote is not None
        assert quote.speaker_id == ids["jan"]
        assert quote.attribution == "named"
