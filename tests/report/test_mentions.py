"""Mentions of people who have not consented: found on folded text, cut from the original."""

from __future__ import annotations

import unicodedata

import pytest

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.report import build_context
from workshop_planner.report.mentions import (
    NAME_WITHHELD,
    MentionCheck,
    Watchlist,
    WithheldPerson,
    find_mentions,
    mention_checks,
    withhold,
)
from workshop_planner.services.people import update_person
from workshop_planner.store import Workspace

W = NAME_WITHHELD
WATCH = Watchlist(
    [
        WithheldPerson("Jan Kowalski", "Deputy Mayor"),
        WithheldPerson("Zdzisław Gąsior"),
        WithheldPerson("王伟"),
        WithheldPerson("山田太郎"),
        WithheldPerson("Zofia Ukryta-Nowak"),
        WithheldPerson("Anna Brown", "Mayor"),
        WithheldPerson("Li Na"),
        WithheldPerson("Søren Müller"),
        WithheldPerson("김민수"),
        WithheldPerson("Dr. Piotr Wiśniewski Jr."),
        WithheldPerson("Kowalska, Anna"),
        WithheldPerson("Seán O'Brien"),
        WithheldPerson("Gabriel García Márquez"),
        WithheldPerson("สมชาย ใจดี"),
        WithheldPerson("Олена Петренко"),
        WithheldPerson("Hans Mueller"),
        WithheldPerson("Pieter van der Berg"),
        WithheldPerson("Eva Nováková"),
    ],
    named=["Ada Nowak", "Clarence Anthony"],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deputy Mayor Kowalski said so.", f"Deputy Mayor {W} said so."),
        ("Kowalski's office", f"{W}'s office"),
        ("Kowalski’s office", f"{W}’s office"),
        ("Jan **Kowalski** spoke", f"{W} spoke"),
        ("**Jan** Kowalski spoke", f"{W} spoke"),
        ("_Jan_ Kowalski spoke", f"{W} spoke"),
        ("**Jan Kowalski** spoke", f"**{W}** spoke"),
        ("Jan-Kowalski spoke", f"{W} spoke"),
        ("JAN KOWALSKI spoke", f"{W} spoke"),
        ("Kowalski, Jan spoke", f"{W} spoke"),
        ("J. Kowalski spoke", f"{W} spoke"),
        ("Jan M. Kowalski spoke", f"{W} spoke"),
        ("biuro Kowalskiego", f"biuro {W}"),
        ("Ｋｏｗａｌｓｋｉ said", f"{W} said"),
        ("Kowal\u00adski said", f"{W} said"),
        (unicodedata.normalize("NFD", "Zdzisław Gąsior warned."), f"{W} warned."),
        ("Zdzislaw Gasior warned.", f"{W} warned."),
        ("GĄSIOR warned.", f"{W} warned."),
        ("Gasior's team", f"{W}'s team"),
        ("会上王伟发言。", f"会上{W}发言。"),
        ("山田太郎さんが話した。", f"{W}さんが話した。"),
        ("山田 太郎が話した。", f"{W}が話した。"),
        ("山田さんが話した。", f"{W}さんが話した。"),
        ("회의에서 김민수는 말했다.", f"회의에서 {W}는 말했다."),
        (
            unicodedata.normalize("NFD", "회의에서 김민수는"),
            unicodedata.normalize("NFD", f"회의에서 {W}는"),
        ),
        ("王先生来了。", f"{W}先生来了。"),
        (
            "會上王偉發言",
            f"會上{W}發言",
        ),  # traditional characters  # Mr Wang: family name + honorific
        ("Ukryta-Nowak said", f"{W} said"),
        ("Mayor Brown came", f"Mayor {W} came"),
        # a surname shared with a consenting person: withheld, except in her full name
        ("Ukryta said; Nowak said; Ada Nowak said", f"{W} said; {W} said; Ada Nowak said"),
        ("Dr. Li and Mr Na", f"Dr. {W} and Mr {W}"),
        ("Soeren Mueller came", f"{W} came"),
        ("Søren Müller came", f"{W} came"),
        ("mail jan.kowalski@lodz.pl", f"mail {W}@lodz.pl"),
        ("Kowal&shy;ski and &#75;owalski said", f"{W} and {W} said"),
        ("Jan\\-Kowalski said", f"{W} said"),
        ("Коwalski said", f"{W} said"),  # Cyrillic К and о
        ("KOWAŁSKI said", f"{W} said"),
        ("#JanKowalski trended", f"#{W} trended"),
        ("K o w a l s k i said", f"{W} said"),
        ("rozmowa z Kowalskim", f"rozmowa z {W}"),
        ("write to jkowalski@lodz.pl", f"write to {W}@lodz.pl"),
        ("@jan_kowalski posted", f"@{W} posted"),
        ("Van der Berg said", f"{W} said"),
        ("s paní Novákovou", f"s paní {W}"),
        ("Hans Müller and Mr Müller", f"{W} and Mr {W}"),
        ("Hans MUELLER", W),
        ("𝐊𝐨𝐰𝐚𝐥𝐬𝐤𝐢 said", f"{W} said"),
        ("Piotr Wisniewski and Mr. Wiśniewski", f"{W} and Mr. {W}"),
        ("Anna Kowalska spoke", f"{W} spoke"),
        ("Sean O'Brien and O’Brien's team", f"{W} and {W}'s team"),
        ("Gabriel García said", f"{W} said"),
        ("ผู้ว่าสมชาย ใจดีกล่าว", f"ผู้ว่า{W}กล่าว"),
        ("ผู้ว่าสมชายใจดีกล่าว", f"ผู้ว่า{W}กล่าว"),
        ("Мер Петренко сказала", f"Мер {W} сказала"),  # diacritics ignored, even added ones
    ],
)
def test_mentions_are_withheld(text: str, expected: str) -> None:
    assert WATCH.withhold(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ada Nowak spoke.",  # a consenting person sharing a surname part
        "Berg is a mountain.",  # an everyday word, part of "van der Berg"
        "A brown envelope.",  # an everyday word
        "Zofia Kowalskanowa spoke.",  # another name
        "Janina and Kowalskiville",
        "Clarence Anthony spoke.",
        "王国很大。",  # "kingdom": the family name alone is no mention
    ],
)
def test_what_is_not_a_mention(text: str) -> None:
    assert WATCH.withhold(text) == text


def test_find_mentions_reports_spans_and_people() -> None:
    text = "Then Deputy Mayor Kowalski met 王伟."
    mentions = find_mentions(text, [WithheldPerson("Jan Kowalski"), "王伟"])
    assert [text[x.start : x.end] for x in mentions] == ["Kowalski", "王伟"]
    assert [x.person.full_name for x in mentions] == ["Jan Kowalski", "王伟"]
    assert mentions[0].snippet(text) == "Then Deputy Mayor [K…] met 王伟."
    assert withhold(text, ["Jan Kowalski"], replacement="X") == "Then Deputy Mayor X met 王伟."


def _event_with_mentions(factory: Factory) -> tuple[m.Event, m.Person, m.Theme, m.Note]:
    event = factory.event()
    jan = factory.person(
        full_name="Jan Kowalski", job_title="Deputy Mayor", country="PL", consent_to_name=False
    )
    factory.participant(event, jan)
    # in the directory, not at this event
    factory.person(full_name="Zdzisław Gąsior", consent_to_name=False)
    factory.person(full_name="Ada Nowak", consent_to_name=True)
    theme = factory.theme(event, title="Lessons", body="As Zdzislaw Gasior put it.")
    note = factory.note(
        event, text="Then Deputy Mayor Kowalski spoke about threats.", featured=True
    )
    factory.note(event, text="Kowalski again, but not featured.", featured=False)
    with factory.ws.transaction() as db:
        db.add(m.NoteTheme(note_id=note.id, theme_id=theme.id))
        db.add(m.ReportSettings(event_id=event.id, closing="Thanks, Jan **Kowalski**!"))
    return event, jan, theme, note


def test_mention_checks_list_each_mention_with_context_and_target(
    workspace: Workspace, factory: Factory
) -> None:
    event, _jan, theme, note = _event_with_mentions(factory)
    checks = mention_checks(workspace, event.id)
    assert {(c.target_kind, c.target_id) for c in checks} == {
        ("note", note.id),
        ("theme", theme.id),
        ("override", "closing"),
    }
    assert all(isinstance(c, MentionCheck) and c.code == "withheld_mention" for c in checks)
    by_kind = {c.target_kind: c for c in checks}
    assert "Then Deputy Mayor [K…] spoke about" in by_kind["note"].message
    assert "Kowalski" not in " ".join(c.message for c in checks)
    assert "Gasior" not in by_kind["theme"].message


def test_the_report_withholds_people_of_the_whole_workspace(
    workspace: Workspace, factory: Factory
) -> None:
    event, _jan, _theme, _note = _event_with_mentions(factory)
    context = build_context(workspace, event.id)
    assert context.themes[0].body == f"As {W} put it."
    assert context.themes[0].observations == (f"Then Deputy Mayor {W} spoke about threats.",)
    assert context.next_steps.closing == f"Thanks, {W}!"


def test_a_typed_speaker_matching_a_withheld_person_is_printed_by_origin(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event()
    factory.person(full_name="Jan Kowalski", country="PL", consent_to_name=False)
    note = factory.note(event, kind="quote", text="We will not back down.", featured=True)
    with workspace.transaction() as db:
        db.add(
            m.QuoteDetails(
                note_id=note.id,
                name="jan KOWALSKI",
                job_title="Deputy Mayor",
                organisation="City of Białystok",
                country="PL",
                attribution="named",
            )
        )
    context = build_context(workspace, event.id)
    assert context.threats.quotes[0].attribution == "One participant from Poland"


def test_consent_changed_after_capture_decides_in_both_directions(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event()
    org = factory.organisation(name="City of Lisbon", country="PT")
    speaker = factory.person(
        full_name="João Silva",
        job_title="Mayor",
        country="PT",
        organisation_id=org.id,
        consent_to_name=False,
    )
    factory.participant(event, speaker)
    named = factory.note(event, kind="quote", text="Cities act first.", featured=True)
    by_origin = factory.note(event, kind="quote", text="We listen.", featured=True, position=1)
    mention = factory.note(event, kind="threat", text="João Silva was threatened.", featured=True)
    with workspace.transaction() as db:
        db.add(m.QuoteDetails(note_id=named.id, speaker_id=speaker.id, attribution="named"))
        db.add(m.QuoteDetails(note_id=by_origin.id, speaker_id=speaker.id, attribution="by_origin"))

    def lines() -> list[str]:
        return [q.attribution for q in build_context(workspace, event.id).threats.quotes]

    def threat() -> str:
        return build_context(workspace, event.id).threats.items[0]

    assert mention.text.startswith("João")
    assert lines() == ["One participant from Portugal", "One participant from Portugal"]
    assert threat() == f"{W} was threatened."
    update_person(workspace, speaker.id, {"consent_to_name": True}, changed_by="Editor")
    # named now; the by-origin quote stays by origin (an upper bound, never more revealing)
    assert lines() == [
        "João Silva, Mayor, City of Lisbon, Portugal",
        "One participant from Portugal",
    ]
    assert threat() == "João Silva was threatened."
    update_person(workspace, speaker.id, {"consent_to_name": False}, changed_by="Editor")
    assert lines() == ["One participant from Portugal", "One participant from Portugal"]
    assert threat() == f"{W} was threatened."
