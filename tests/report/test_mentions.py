"""Mentions of people who have not consented: found on folded text, cut from the original."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest

from tests.conftest import Factory
from tests.report import mentions_reference as reference
from workshop_planner.domain import models as m
from workshop_planner.report import build_context
from workshop_planner.report.mentions import (
    NAME_WITHHELD,
    MentionCheck,
    Watchlist,
    WithheldPerson,
    find_mentions,
    fold,
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


# --- the matcher against the one it replaced ------------------------------------------

_GIVEN = [
    "Jan", "Anna", "Zdzisław", "Søren", "Seán", "Piotr", "Eva", "Hans", "Li", "Wang", "Ana",
    "José María", "Zofia", "Jean-Luc", "Ólafur", "Ada", "Gabriel", "Pieter", "Olena", "Ian",
    "J.", "Marie Claire", "Ngozi", "Nuño", "Łucja", "Bo", "Ewa", "Jo",
]  # fmt: skip
_SURNAMES = [
    "Kowalski", "Kowalska", "Gąsior", "Müller", "Mueller", "O'Brien", "García Márquez",
    "Ukryta-Nowak", "Nowak", "van der Berg", "de la Cruz", "Nováková", "Brown", "Baker",
    "Na", "Wei", "Wiśniewski", "Smith", "Petrenko", "Lee", "Okonkwo-Adeyemi", "Ng", "Berg",
    "Dąbrowska", "Straße", "Ana", "Ferreira", "Kim", "Ukryta", "Anthony", "Rossi", "Tsai",
]  # fmt: skip
_WHOLE_NAMES = [
    "王伟", "王偉", "山田太郎", "山田 太郎", "김민수", "김 민수", "สมชาย ใจดี", "Олена Петренко",
    "Madonna", "Zé", "Νίκος Παπαδόπουλος", "李娜", "渡邊 健", "Dr. Piotr Wiśniewski Jr.",
]  # fmt: skip
_TITLES = ["Mayor", "Deputy Mayor", "Dr.", "Mr", "Mrs.", "Prof", "Councillor", "Pani", "Herr"]
_JOBS = [None, "Mayor", "Deputy Mayor", "Head of Resilience", "Alcalde", "Stadträtin"]
_FILLER = [
    "said", "the", "and", "met", "with", "office", "Kowalskiville", "Janina", "brown", "of",
    "会上", "发言。", "さんが", "先生", "는", "市长", "mountain", "berg", "an", "e-mail",
    "—", ",", ";", ".", "(", ")", "«", "»", "\n\n", "- ", "* ", "|",
]  # fmt: skip
#: how a name may be garbled or decorated in a text
_SEPARATORS = [" ", "  ", "-", ".", ". ", "\u00a0", "\u2013", "\u2019", "'", "&shy;", "\\-", ""]
_LOOKALIKES = {"o": "о", "a": "а", "e": "е", "K": "К", "c": "с", "p": "р"}


def _person_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(_WHOLE_NAMES)
    given, surname = rng.choice(_GIVEN), rng.choice(_SURNAMES)
    if roll < 0.3:
        return f"{surname}, {given}"
    if roll < 0.35:
        title, suffix = rng.choice(["Dr.", "Mr", "Prof."]), rng.choice(["Jr.", "PhD", ""])
        return f"{title} {given} {surname} {suffix}"
    return f"{given} {surname}"


def _variant(rng: random.Random, name: str) -> str:
    """``name`` as a text might write it."""
    words = name.replace(",", "").split()
    roll = rng.random()
    if roll < 0.2:
        words = words[-1:]
    elif roll < 0.3:
        words = [words[-1] + ",", *words[:-1]]
    elif roll < 0.4 and len(words) > 1:
        words = [words[0][:1] + ".", *words[1:]]
    elif roll < 0.45:
        words = [rng.choice(_TITLES), words[-1]]
    elif roll < 0.5:
        words = [" ".join(words[-1])]  # spaced out
    elif roll < 0.55 and len(words) > 1:
        words = [(words[0][:1] + words[-1]).lower()]  # a handle
    text = rng.choice(_SEPARATORS[:3]).join(words) if rng.random() < 0.5 else " ".join(words)
    if rng.random() < 0.2:
        text = rng.choice(["", "", text[:-1]]) + rng.choice(
            ["'s", "’s", "ego", "a", "owi", "em", "ej", "ou", "s", "ie", "om"]
        )
        text = text if text[:1] else name + "'s"
    if rng.random() < 0.15:
        text = text.upper()
    if rng.random() < 0.15:
        text = unicodedata.normalize("NFD", text)
    if rng.random() < 0.15:
        text = "".join(_LOOKALIKES.get(c, c) if rng.random() < 0.5 else c for c in text)
    if rng.random() < 0.1:
        text = text.replace("ą", "a").replace("ł", "l").replace("ü", "ue").replace("ö", "oe")
    if rng.random() < 0.15:
        marker = rng.choice(["**", "_", "`", "~~"])
        cut = rng.randrange(len(text) + 1)
        text = f"{text[:cut]}{marker}{text[cut:]}{marker}"
    if rng.random() < 0.1:
        text = text.replace(" ", rng.choice(_SEPARATORS))
    if rng.random() < 0.1:
        text += rng.choice(["さん", "先生", "市长", "님", "@lodz.pl", "ville", "ski"])
    if rng.random() < 0.1:
        text = rng.choice(["#", "@", "жk", "1", "x"]) + text
    return text


def _text(rng: random.Random, names: list[str]) -> str:
    pieces = []
    for _ in range(rng.choice([3, 8, 20, 80])):
        if rng.random() < 0.3:
            pieces.append(_variant(rng, rng.choice(names)))
        else:
            pieces.append(rng.choice(_FILLER))
    joiner = rng.choice([" ", " ", "", "\n"])
    return joiner.join(pieces)


@pytest.mark.parametrize("seed", range(12))
def test_matches_are_those_of_the_regular_expression_matcher(seed: int) -> None:
    """The interpreted patterns find exactly what the regular expressions found."""
    rng = random.Random(seed)
    people = [WithheldPerson(_person_name(rng), rng.choice(_JOBS), id=str(i)) for i in range(40)]
    named = [_person_name(rng) for _ in range(30)] + ["Ada Nowak", "Clarence Anthony"]
    ours = Watchlist(people, named)
    old_people = [reference.WithheldPerson(p.full_name, p.job_title, p.id) for p in people]
    theirs = reference.Watchlist(old_people, named)
    names = [p.full_name for p in people] + named
    for _ in range(60):
        text = _text(rng, names)
        found = [(x.start, x.end, x.person.id) for x in ours.find(text)]
        expected = [(x.start, x.end, x.person.id) for x in theirs.find(text)]
        assert found == expected, text


def test_folding_word_by_word_is_folding_character_by_character() -> None:
    rng = random.Random(7)
    alphabet = "aZ ąŁß\u00a0\u3000\t\n\u2028\u200b\u0301ＫКо偉김ﬁ’-."
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert fold(text) == reference.fold(text), text


def test_every_space_folds_to_a_separator() -> None:
    """Names are folded and split word by word: every space must split them."""
    separators = re.compile(r"[\s\-\u2010-\u2015.,'’·]+")
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert all(separators.fullmatch(fold(c)) for c in spaces)
