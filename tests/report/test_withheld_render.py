"""Rendered reports (both templates, PDF and HTML) never print a withheld name.

Every leak case of issue 10 is typed into the texts a report prints; the
check folds both sides (NFKC, case-folded, diacritics stripped, ł → l …) and
also looks with all whitespace removed, so a name split over a line or
extracted with extra spaces still counts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from tests.report.conftest import add, outline_titles, pdf_reader, pdf_text
from workshop_planner.domain import models as m
from workshop_planner.report import build_context, render_html, render_pdf
from workshop_planner.report.mentions import mention_checks
from workshop_planner.store import Workspace

#: people of the workspace who did not consent, and what must never print of them
WITHHELD = {
    "Jan Kowalski": ("kowalski",),
    "Zdzisław Gąsior": ("gasior", "zdzislaw"),
    "王伟": ("王伟", "王偉"),
    "山田太郎": ("山田太郎", "山田"),
    "Zofia Ukryta-Nowak": ("ukryta",),
}
#: people who consented: printed (so the report is not simply empty)
NAMED = ("Ada Nowak", "Clarence Anthony")

_SPECIAL = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def normalise(text: str) -> str:
    """The check side: NFKC, case-folded, diacritics stripped, no whitespace."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return "".join(text.split())


def leaks(text: str) -> list[str]:
    folded = normalise(text)
    return [part for parts in WITHHELD.values() for part in parts if normalise(part) in folded]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def build_leaky_event(ws: Workspace) -> str:
    event = m.Event(
        label="Event Report",
        title="Cities under Pressure",
        subtitle="With a word from Deputy Mayor Kowalski",
        description="Opened by Jan **Kowalski**; 会上王伟发言。",
        venue_city="Warsaw",
        venue_country="PL",
        start_date=date(2024, 5, 6),
        end_date=date(2024, 5, 7),
        timezone="Europe/Warsaw",
        language="en",
    )
    add(ws, event)
    bialystok = m.Organisation(
        name="City of Białystok", sector="local_government", city="Białystok", country="PL"
    )
    add(ws, bialystok)
    jan = m.Person(
        full_name="Jan Kowalski",
        job_title="Deputy Mayor",
        organisation_id=bialystok.id,
        city="Białystok",
        country="PL",
        consent_to_name=False,
    )
    zofia = m.Person(full_name="Zofia Ukryta-Nowak", country="PL", consent_to_name=False)
    # in the directory, not at this event
    gasior = m.Person(full_name="Zdzisław Gąsior", country="PL", consent_to_name=False)
    wang = m.Person(full_name="王伟", country="CN", consent_to_name=False)
    yamada = m.Person(full_name="山田太郎", country="JP", consent_to_name=False)
    ada = m.Person(full_name="Ada Nowak", job_title="Mayor", country="PL", consent_to_name=True)
    clarence = m.Person(full_name="Clarence Anthony", country="US", consent_to_name=True)
    add(ws, jan, zofia, gasior, wang, yamada, ada, clarence)
    add(
        ws,
        *(
            m.Participant(event_id=event.id, person_id=p.id, roles=["speaker"],
                          attendance="attended")
            for p in (jan, zofia, ada, clarence)
        ),
    )  # fmt: skip
    keynote = m.Session(
        event_id=event.id,
        title="Keynote with Zdzislaw Gasior",
        kind="keynote",
        start=datetime(2024, 5, 6, 9, 0),
        end=datetime(2024, 5, 6, 9, 30),
        location="Room of Kowalski's office",
        description="Deputy Mayor Kowalski opens; 山田太郎さんが話す。",
    )
    panel = m.Session(
        event_id=event.id,
        title="Panel",
        kind="panel",
        start=datetime(2024, 5, 6, 10, 0),
        end=datetime(2024, 5, 6, 11, 0),
    )
    visit = m.Session(
        event_id=event.id,
        title="Visit",
        kind="field_visit",
        start=datetime(2024, 5, 7, 10, 0),
        end=datetime(2024, 5, 7, 12, 0),
    )
    add(ws, keynote, panel, visit)
    add(
        ws,
        m.SessionPerson(session_id=keynote.id, person_id=jan.id, role="keynote"),
        m.SessionPerson(session_id=panel.id, person_id=ada.id, role="moderator"),
        m.SessionPerson(session_id=panel.id, person_id=zofia.id, role="panelist"),
        m.FieldVisit(
            session_id=visit.id,
            site="Gąsior family farm",
            meeting_point="Outside Jan-Kowalski's house",
            capacity=10,
        ),
    )
    add(
        ws,
        m.FieldVisitAttendee(session_id=visit.id, person_id=jan.id),
        m.FieldVisitAttendee(session_id=visit.id, person_id=ada.id, position=1),
    )
    theme = m.Theme(
        event_id=event.id,
        position=1,
        title="What Kowalski taught us",
        key_message="Zdzislaw Gasior was right.",
        summary=_nfd("Zdzisław Gąsior and 王伟 agreed."),
        body="As _Jan_ Kowalski put it, and Kowalski’s staff confirmed.",
    )
    add(ws, theme)
    at = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)
    position = 0

    def note(kind: str, text: str, *, themed: bool = True, **extra: object) -> m.Note:
        nonlocal position
        position += 1
        n = m.Note(
            event_id=event.id,
            kind=kind,
            text=text,
            author="Tester",
            captured_at=at,
            featured=True,
            position=position,
            **extra,
        )
        add(ws, n)
        if themed:
            add(ws, m.NoteTheme(note_id=n.id, theme_id=theme.id))
        return n

    note("observation", "Deputy Mayor Kowalski said the letters came weekly.")
    note("observation", "Kowalski's office was attacked; Jan-Kowalski moved.")
    note("observation", _nfd("Zdzisław Gąsior warned us.") + " Zdzislaw Gasior agreed.")
    note("observation", "会上王伟发言。山田太郎さんが話した。 Ada Nowak replied.")
    note("observation", "會上王偉發言。ＫＯＷＡＬＳＫＩ and K o w a l s k i and jkowalski@x.pl.")
    note("observation", "Zofia Ukryta-Nowak and KOWALSKI met Clarence Anthony.")
    note("observation", "See [his page](https://bialystok.pl/jan-kowalski) and #JanKowalski.")
    note("threat", "Threats against Kowalski’s family.", themed=False)
    q1 = note("quote", "We will not back down.", themed=False)
    add(
        ws,
        m.QuoteDetails(
            note_id=q1.id,
            name="Jan Kowalski",
            job_title="Deputy Mayor",
            organisation="City of Białystok",
            country="PL",
            attribution="named",
        ),
    )
    q2 = note("quote", "Nobody called.")
    add(ws, m.QuoteDetails(note_id=q2.id, speaker_id=jan.id, attribution="named"))
    q3 = note("quote", "Give it to a local leader.")
    add(ws, m.QuoteDetails(note_id=q3.id, speaker_id=clarence.id, attribution="named"))
    cs = note("case_study", "Led by Jan **Kowalski**.")
    add(
        ws,
        m.CaseStudy(
            note_id=cs.id,
            title="City of Białystok with Gasior",
            challenge="Threats to Deputy Mayor Kowalski.",
            approach="1. Kowalski set up a hotline\n2. 王伟 advised",
            impact="GĄSIOR praised it.",
            url="https://bialystok.pl/people/jan-kowalski",
        ),
    )
    ex = note("example", "")
    add(
        ws,
        m.CityExample(note_id=ex.id, city="Białystok", url="https://example.org/Zdzislaw_Gasior"),
    )
    note("next_step", "Invite Zdzisław Gąsior again.", themed=False)
    res = note("resource", "", themed=False)
    add(ws, m.Resource(note_id=res.id, title="Kowalski report", publisher="Gąsior Institute"))
    add(
        ws,
        m.ReportSettings(
            event_id=event.id,
            summary_opening="Welcome by Jan Kowalski and 山田 太郎.",
            threats_intro="Zofia Ukryta-Nowak listed threats.",
            next_steps="Kowalski will follow up.",
            closing="Thanks to Zdzislaw Gasior.",
        ),
    )
    return event.id


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str
    outline: list[tuple[int, str]]
    metadata: str


@pytest.fixture(scope="module")
def leaky(module_workspace: Workspace) -> str:
    return build_leaky_event(module_workspace)


@pytest.fixture(scope="module", params=["event-report", "programme"])
def rendered(request: pytest.FixtureRequest, module_workspace: Workspace, leaky: str) -> Rendered:
    context = build_context(module_workspace, leaky)
    html = render_html(context, request.param)
    pdf = render_pdf(html, template=request.param, assets=context.assets)
    reader = pdf_reader(pdf)
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    return Rendered(html, pdf_text(pdf), outline_titles(reader), metadata)


def test_the_check_side_would_see_a_leak() -> None:
    """The normalisation finds every spelling the notes use (so zero below means something)."""
    assert leaks(_nfd("Zdzisław Gąsior")) == ["gasior", "zdzislaw"]
    assert leaks("ZDZISLAW GASIOR") == ["gasior", "zdzislaw"]
    assert leaks("会上王 伟发言") == ["王伟"]
    assert leaks("Ｋｏｗａｌｓｋｉ") == ["kowalski"]


def test_no_withheld_name_in_the_pdf_text(rendered: Rendered) -> None:
    assert leaks(rendered.text) == []
    assert "[name withheld]" in rendered.text


def test_no_withheld_name_in_the_html(rendered: Rendered) -> None:
    assert leaks(rendered.html) == []


def test_no_withheld_name_in_the_outline(rendered: Rendered) -> None:
    assert leaks(" ".join(title for _depth, title in rendered.outline)) == []


def test_no_withheld_name_in_the_pdf_metadata(rendered: Rendered) -> None:
    assert "Cities under Pressure" in rendered.metadata
    assert leaks(rendered.metadata) == []


def test_consenting_people_are_still_named(rendered: Rendered) -> None:
    assert "Ada Nowak" in rendered.text


def test_the_event_report_attributes_by_origin(module_workspace: Workspace, leaky: str) -> None:
    context = build_context(module_workspace, leaky)
    attributions = [q.attribution for t in context.themes for q in t.quotes]
    attributions += [q.attribution for q in context.threats.quotes]
    assert "One participant from Poland" in attributions
    assert "Clarence Anthony, United States" in attributions
    assert not any("Deputy Mayor" in a or "Białystok" in a for a in attributions)


def test_links_that_name_a_withheld_person_are_dropped(
    module_workspace: Workspace, leaky: str
) -> None:
    theme = build_context(module_workspace, leaky).themes[0]
    assert theme.case_studies[0].url is None
    assert [e.url for e in theme.examples] == [None]


def test_the_pre_export_checks_list_every_text(module_workspace: Workspace, leaky: str) -> None:
    checks = mention_checks(module_workspace, leaky)
    kinds = {c.target_kind for c in checks}
    assert kinds == {"event", "override", "theme", "note", "session"}
    overrides = {c.target_id for c in checks if c.target_kind == "override"}
    assert overrides == {"summary_opening", "threats_intro", "next_steps", "closing"}
    assert leaks(" ".join(c.message for c in checks)) == []
