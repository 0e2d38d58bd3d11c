"""Checks before export (services/report_checks.py) against a real SQLite workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.services import curation as c
from workshop_planner.services.event_editing import update_report_settings
from workshop_planner.services.report_checks import Check, mention_checks, report_checks
from workshop_planner.store import Workspace

T0 = datetime(2023, 6, 15, 8, 0, tzinfo=UTC)


def add(ws: Workspace, event_id: str, kind: str, text: str, i: int, **kw: object) -> str:
    return capture.add_note(
        ws,
        event_id,
        kind=kind,
        text=text,
        author="Ann",
        captured_at=T0 + timedelta(minutes=i),
        **kw,  # type: ignore[arg-type]
    ).id


def codes(checks: list[Check]) -> list[tuple[str, str | None]]:
    return [(ch.code, ch.target_id) for ch in checks]


def test_captured_notes_that_never_reach_the_report_are_flagged(
    workspace: Workspace, factory: Factory
) -> None:
    """The bug of issue 9: 19 captured notes, none featured, an export with none of them."""
    event = factory.event()
    kinds = ["observation", "quote", "threat", "need", "recommendation", "resource"]
    for i in range(19):
        add(workspace, event.id, kinds[i % len(kinds)], f"Note {i}", i)
    checks = report_checks(workspace, event.id)
    first = checks[0]
    assert (first.code, first.target_kind, first.target_id) == ("nothing_featured", "event", None)
    assert first.message == (
        "19 notes were captured but none is featured, so the report prints none of them."
    )
    empty = [ch.target_id for ch in checks if ch.code == "empty_section"]
    assert empty == ["threats", "themes", "next_steps", "resources", "partners", "contacts"]
    assert all(ch.target_kind == "section" for ch in checks if ch.code == "empty_section")

    note_id = c.list_notes(workspace, event.id)[2].id  # a threat
    c.set_featured(workspace, [note_id], True)
    after = report_checks(workspace, event.id)
    assert "nothing_featured" not in [ch.code for ch in after]
    assert "threats" not in [ch.target_id for ch in after if ch.code == "empty_section"]


def test_each_check_points_at_its_place(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    lead = c.add_theme(workspace, event.id, "Mayoral Leadership")
    c.update_theme(workspace, lead.id, {"body": "See [the plan](javascript-free#anchor)."})
    empty = c.add_theme(workspace, event.id, "Partnerships")
    c.update_theme(workspace, empty.id, {"key_message": "Partners matter."})

    quote = add(workspace, event.id, "quote", "We act.", 1, theme_ids=[lead.id])
    anonymous = add(
        workspace,
        event.id,
        "quote",
        "Nobody named.",
        2,
        theme_ids=[lead.id],
        quote=capture.QuoteData(attribution="anonymous"),
    )
    named = add(
        workspace,
        event.id,
        "quote",
        "Named.",
        3,
        theme_ids=[lead.id],
        quote=capture.QuoteData(name="Ann Alpha", attribution="named"),
    )
    case = add(
        workspace,
        event.id,
        "case_study",
        "Edmonton",
        4,
        theme_ids=[lead.id],
        case_study=capture.CaseStudyData(title="City of Edmonton", url="ftp://files.example"),
    )
    example = add(
        workspace,
        event.id,
        "example",
        "Warsaw",
        5,
        theme_ids=[lead.id],
        example=capture.ExampleData(label="Welcome desks", url="www.warszawa.pl"),
    )
    loose = add(workspace, event.id, "observation", "Floating thought [x](#)", 6)
    tagged = add(workspace, event.id, "observation", "Tagged #leadership and #budgets", 7)
    unfeatured_bad = add(workspace, event.id, "threat", "Hidden [x](#) #nothing", 8)
    c.set_featured(workspace, [quote, anonymous, named, case, example, loose, tagged], True)
    c.set_override(workspace, event.id, "closing", "Write to [us](mailto:a@b.org) or [web](#).")

    with workspace.transaction() as db:
        logo = m.Asset(media_type="image/png", data=b"png")
        db.add(logo)
        db.flush()
        with_logo = m.Partner(event_id=event.id, name="US Embassy", logo_id=logo.id)
        without = m.Partner(event_id=event.id, name="Donor Fund", url="ftp://fund")
        db.add_all([with_logo, without])
        db.flush()
        without_id = without.id

    checks = report_checks(workspace, event.id)
    found = codes(checks)
    assert ("theme_no_key_message", lead.id) in found
    assert ("theme_no_key_message", empty.id) not in found
    assert ("theme_no_featured", empty.id) in found
    assert ("theme_no_featured", lead.id) not in found
    assert ("quote_no_speaker", quote) in found
    assert ("quote_no_speaker", anonymous) not in found
    assert ("quote_no_speaker", named) not in found
    assert ("case_study_no_impact", case) in found
    assert ("featured_nowhere", loose) in found
    assert ("featured_nowhere", tagged) in found
    assert ("bad_link", case) in found
    assert ("bad_link", example) not in found  # www. prints as https
    assert ("bad_link", lead.id) in found
    assert ("bad_link", "closing") in found
    assert ("bad_link", without_id) in found
    assert ("partner_no_logo", without_id) in found
    assert [t for code, t in found if code == "partner_no_logo"] == [without_id]
    assert ("unmatched_tag", tagged) in found
    # a note that does not print is not checked for links, but its tags are
    assert ("bad_link", unfeatured_bad) not in found
    assert ("unmatched_tag", unfeatured_bad) in found

    by_code = {(ch.code, ch.target_id): ch for ch in checks}
    tag = by_code[("unmatched_tag", tagged)]
    assert tag.message == (
        "The observation “Tagged #leadership and #budgets” is tagged #budgets, "
        "which names no theme."
    )
    assert tag.target_kind == "note"
    assert by_code[("bad_link", "closing")].target_kind == "override"
    assert "“#”" in by_code[("bad_link", "closing")].message
    assert by_code[("partner_no_logo", without_id)].target_kind == "partner"
    assert by_code[("theme_no_featured", empty.id)].message == (
        "The theme “Partnerships” has no featured notes."
    )
    assert all(ch.message.endswith(".") for ch in checks)


def test_a_finished_report_has_no_checks(workspace: Workspace, factory: Factory) -> None:
    event = factory.event(convenor="Strong Cities Network")
    theme = c.add_theme(workspace, event.id, "Leadership")
    c.update_theme(workspace, theme.id, {"key_message": "Mayors lead."})
    note = add(
        workspace,
        event.id,
        "quote",
        "We act #leadership",
        1,
        theme_ids=[theme.id],
        quote=capture.QuoteData(name="Ann Alpha", attribution="named"),
    )
    c.set_featured(workspace, [note], True)
    update_report_settings(workspace, event.id, {"sections": ["summary", "themes"]})
    assert report_checks(workspace, event.id) == []
    assert mention_checks(workspace, event.id) == []

    c.set_placement(workspace, [note], "closing")
    after = report_checks(workspace, event.id)
    assert codes(after) == [("theme_no_featured", theme.id), ("featured_nowhere", note)]
    unticked = after[1]
    assert (unticked.code, unticked.target_id) == ("featured_nowhere", note)
    assert unticked.message == (
        "The quote “We act #leadership” is featured but prints in “Next Steps”, "
        "which is not ticked."
    )
