"""A day of captured notes, curated through the services, printed where the editor chose.

Built from an empty workspace with the capture and curation services only,
rendered once, read back with pypdf.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.report.conftest import pdf_text
from workshop_planner.report import build_context, render_html, render_pdf
from workshop_planner.services import capture
from workshop_planner.services import curation as c
from workshop_planner.services.event_editing import create_event
from workshop_planner.store import Workspace

T0 = datetime(2023, 6, 15, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Curated:
    event_id: str
    text: str
    #: note texts that were captured but not featured
    unfeatured: tuple[str, ...]


def pdf_of(ws: Workspace, event_id: str, template: str | None = None) -> bytes:
    context = build_context(ws, event_id)
    html = render_html(context, template)
    return render_pdf(html, template=template or context.template, assets=context.assets)


def _between(text: str, start: str, end: str | None) -> str:
    first = text.index(start)
    last = text.index(end, first) if end else len(text)
    return text[first:last]


@pytest.fixture(scope="module")
def curated(module_workspace: Workspace) -> Curated:
    ws = module_workspace
    event = create_event(
        ws,
        title="Curated Convening",
        start_date=date(2023, 6, 15),
        end_date=date(2023, 6, 16),
        timezone="Europe/Berlin",
        venue_city="Berlin",
        venue_country="DE",
    )
    eid = event.id
    minute = iter(range(100))

    def note(kind: str, text: str, **kw: object) -> str:
        return capture.add_note(
            ws,
            eid,
            kind=kind,
            text=text,
            author="Note-taker",
            captured_at=T0 + timedelta(minutes=next(minute)),
            **kw,  # type: ignore[arg-type]
        ).id

    lead = c.add_theme(ws, eid, "Mayoral Leadership")
    part = c.add_theme(ws, eid, "Community Partnerships")
    coop = c.add_theme(ws, eid, "National Cooperation")
    c.update_theme(ws, lead.id, {"key_message": "Mayors lead visibly."})
    c.reorder_themes(ws, eid, [part.id, lead.id, coop.id])

    q1 = note("quote", "Alpha quote words.", quote=capture.QuoteData(name="Ann Alpha"))
    q2 = note("quote", "Beta quote words.", quote=capture.QuoteData(name="Bo Beta"))
    obs = note("observation", "Observation in leadership.")
    ex_obs = note("observation", "Warsaw welcome desks")
    thr1 = note("threat", "Threat one disinformation.")
    thr2 = note("threat", "Threat two harassment.")
    cha = note("challenge", "Challenge rural towns.")
    need = note("need", "Need more funding.")
    rec = note("recommendation", "Recommend a city network.")
    closing = note(
        "quote",
        "Together we will eliminate hate.",
        quote=capture.QuoteData(name="Amarjeet Sohi", job_title="Mayor", attribution="named"),
    )
    hidden_obs = note("observation", "Unfeatured observation text.")
    note("threat", "Unfeatured threat text.")

    c.assign_theme(ws, [q1, q2, obs, ex_obs, hidden_obs], lead.id)
    c.set_featured(ws, [q1, q2, obs, ex_obs, thr1, thr2, cha, need, rec, closing], True)
    c.order_items(ws, eid, f"theme:{lead.id}", [q2, q1])
    c.order_items(ws, eid, "threats", [thr2, thr1])
    c.set_placement(ws, [closing], "closing")
    c.set_placement(ws, [ex_obs], "examples")
    c.set_override(ws, eid, "keynotes", "Keynote override sentence.")
    c.set_override(ws, eid, "themes_intro", "Our three themes:")
    c.set_override(ws, eid, "threats_group_challenge", "Cities named these challenges:")
    c.set_override(ws, eid, "next_steps", "Next steps introduction.")

    pdf = pdf_of(ws, eid)
    return Curated(
        eid,
        pdf_text(pdf),
        ("Unfeatured observation text.", "Unfeatured threat text."),
    )


def test_unfeatured_notes_never_print(curated: Curated) -> None:
    for text in curated.unfeatured:
        assert text not in curated.text


def test_overrides_replace_the_drafts(curated: Curated) -> None:
    summary = _between(curated.text, "Summary", "Threats, Key Challenges")
    assert "Keynote override sentence." in summary
    assert "Our three themes:" in summary
    assert "key themes emerged" not in summary
    # the themes list follows the reordered themes
    assert summary.index("Community Partnerships") < summary.index("Mayoral Leadership")


def test_threats_grouped_by_kind_in_order(curated: Curated) -> None:
    threats = _between(curated.text, "Threats, Key Challenges & City Needs", "Key Themes")
    order = [
        "Threats",
        "Threat two harassment.",
        "Threat one disinformation.",
        "Key Challenges",
        "Cities named these challenges:",
        "Challenge rural towns.",
        "City Needs",
        "Need more funding.",
    ]
    at = len("Threats, Key Challenges & City Needs")
    for words in order:
        at = threats.index(words, at) + len(words)  # each found after the one before
    # the closing quote is not a threat any more
    assert "Together we will eliminate hate." not in threats


def test_theme_items_in_their_theme_in_order(curated: Curated) -> None:
    themes = _between(curated.text, "Key Themes", "Next Steps")
    # the third theme has nothing to print, so no heading
    assert "National Cooperation" not in themes
    leadership = _between(themes, "2. Mayoral Leadership", None)
    assert "1. Community Partnerships" not in leadership
    assert "Mayors lead visibly." in leadership
    assert "Observation in leadership." in leadership
    at = 0
    for words in ("Beta quote words.", "Alpha quote words.", "Other city examples"):
        at = leadership.index(words, at) + len(words)  # each found after the one before
    examples = _between(leadership, "Other city examples", None)
    assert "Warsaw welcome desks" in examples
    assert leadership.count("Warsaw welcome desks") == 1


def test_next_steps_closed_by_the_pull_quote(curated: Curated) -> None:
    steps = _between(curated.text, "Next Steps", None)
    intro = steps.index("Next steps introduction.")
    item = steps.index("Recommend a city network.")
    quote = steps.index("Together we will eliminate hate.")
    attribution = steps.index("Amarjeet Sohi, Mayor")
    assert intro < item < quote < attribution


def test_context_groups_and_closing_quotes(module_workspace: Workspace, curated: Curated) -> None:
    context = build_context(module_workspace, curated.event_id)
    assert [g.kind for g in context.threats.groups] == ["threat", "challenge", "need"]
    assert context.threats.groups[1].intro == "Cities named these challenges:"
    assert [q.text for q in context.next_steps.closing_quotes] == [
        "Together we will eliminate hate."
    ]
    assert context.next_steps.quotes == ()
    programme = pdf_text(pdf_of(module_workspace, curated.event_id, "programme"))
    assert "Curated Convening" in programme
