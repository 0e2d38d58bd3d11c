"""Curation services against a real SQLite workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.services import curation as c
from workshop_planner.services.bundle import export_event
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace

T0 = datetime(2023, 6, 15, 8, 0, tzinfo=UTC)


def note(ws: Workspace, event_id: str, kind: str, text: str, minute: int, **kw: object) -> str:
    return capture.add_note(
        ws,
        event_id,
        kind=kind,
        text=text,
        author=str(kw.pop("author", "Ann")),
        captured_at=T0 + timedelta(minutes=minute),
        **kw,  # type: ignore[arg-type]
    ).id


def by_id(ws: Workspace, event_id: str) -> dict[str, c.CurationNote]:
    return {n.id: n for n in c.list_notes(ws, event_id)}


# --- themes --------------------------------------------------------------------


def test_add_update_reorder_list_themes(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    a = c.add_theme(workspace, event.id, "  Mayoral Leadership ")
    b = c.add_theme(workspace, event.id, "Partnerships")
    first = c.add_theme(workspace, event.id, "National-Local Cooperation", index=0)
    assert a.title == "Mayoral Leadership"
    assert first.number == 1
    assert [(t.title, t.position, t.number) for t in c.list_themes(workspace, event.id)] == [
        ("National-Local Cooperation", 1, 1),
        ("Mayoral Leadership", 2, 2),
        ("Partnerships", 3, 3),
    ]
    updated = c.update_theme(
        workspace, a.id, {"key_message": " Mayors lead. ", "summary": "", "body": "**Body**"}
    )
    assert (updated.key_message, updated.summary, updated.body) == ("Mayors lead.", "", "**Body**")
    with pytest.raises(ServiceError, match="title"):
        c.update_theme(workspace, a.id, {"title": "  "})
    with pytest.raises(ServiceError, match="no field"):
        c.update_theme(workspace, a.id, {"colour": "red"})

    order = c.reorder_themes(workspace, event.id, [b.id, a.id, first.id])
    assert [(t.id, t.position) for t in order] == [(b.id, 1), (a.id, 2), (first.id, 3)]
    with pytest.raises(ServiceError, match="exactly once"):
        c.reorder_themes(workspace, event.id, [b.id, a.id])
    with pytest.raises(NotFoundError):
        c.list_themes(workspace, "no-such-event")


def test_delete_and_restore_theme_keeps_id_place_and_links(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event()
    a = c.add_theme(workspace, event.id, "A")
    b = c.add_theme(workspace, event.id, "B")
    z = c.add_theme(workspace, event.id, "Z")
    n1 = note(workspace, event.id, "observation", "One", 1, theme_ids=[a.id, b.id])
    n2 = note(workspace, event.id, "observation", "Two", 2, theme_ids=[b.id])
    c.set_featured(workspace, [n2], True)
    c.order_items(workspace, event.id, f"theme:{b.id}", [n2, n1])

    deleted = c.delete_theme(workspace, b.id)
    assert [t.title for t in c.list_themes(workspace, event.id)] == ["A", "Z"]
    assert [t.position for t in c.list_themes(workspace, event.id)] == [1, 2]
    assert by_id(workspace, event.id)[n1].theme_ids == (a.id,)
    assert by_id(workspace, event.id)[n2].theme_ids == ()

    restored = c.restore_theme(workspace, deleted)
    assert (restored.id, restored.position, restored.number) == (b.id, 2, 2)
    assert (restored.note_count, restored.featured_count) == (2, 1)
    assert [t.id for t in c.list_themes(workspace, event.id)] == [a.id, b.id, z.id]
    notes = by_id(workspace, event.id)
    assert set(notes[n1].theme_ids) == {a.id, b.id}
    with workspace.transaction() as db:
        links = {lk.note_id: lk.position for lk in db.query(m.NoteTheme).filter_by(theme_id=b.id)}
    assert links[n2] < links[n1]
    with pytest.raises(ServiceError, match="exists already"):
        c.restore_theme(workspace, deleted)


# --- notes -------------------------------------------------------------------------


def test_list_notes_covers_all_sessions_and_authors(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    keynote = factory.session(event, title="Opening keynote")
    panel = factory.session(
        event,
        title="Panel",
        kind="panel",
        start=datetime(2023, 6, 15, 11, 0),
        end=datetime(2023, 6, 15, 12, 0),
    )
    speaker = factory.person(full_name="Nancy Rotering", job_title="Mayor")
    factory.participant(event, speaker)
    q = note(
        workspace,
        event.id,
        "quote",
        "Call out hate.",
        1,
        session_id=keynote.id,
        quote=capture.QuoteData(speaker_id=speaker.id, attribution="named"),
    )
    t = note(workspace, event.id, "threat", "Disinformation", 2, session_id=panel.id, author="Bo")
    o = note(workspace, event.id, "observation", "No session", 3, author="Cy")
    notes = c.list_notes(workspace, event.id)
    assert [n.id for n in notes] == [q, t, o]
    first = notes[0]
    assert (first.session_title, first.speaker_label, first.has_speaker) == (
        "Opening keynote",
        "Nancy Rotering, Mayor",
        True,
    )
    assert first.details["speaker"] == speaker.id
    assert first.details["attribution"] == "named"
    assert [n.effective_placement for n in notes] == ["nowhere"] * 3

    options = c.note_filters(workspace, event.id)
    assert [s.title for s in options.sessions] == ["Opening keynote", "Panel"]
    assert options.kinds == ("observation", "quote", "threat")
    assert options.authors == ("Ann", "Bo", "Cy")
    assert options.has_no_session


def test_feature_assign_place_and_undo(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    theme = c.add_theme(workspace, event.id, "Leadership")
    q = note(workspace, event.id, "quote", "We act.", 1)
    t = note(workspace, event.id, "threat", "Disinformation", 2)
    o = note(workspace, event.id, "observation", "Mayors lead.", 3)

    before = c.set_featured(workspace, [q, t, o], True)
    assert [s.featured for s in before] == [False, False, False]
    notes = by_id(workspace, event.id)
    # a featured quote of no theme prints with the threats; an observation needs a theme
    assert [notes[x].effective_placement for x in (q, t, o)] == ["threats", "threats", "nowhere"]

    linked = c.assign_theme(workspace, [q, o], theme.id)
    assert [s.theme_links for s in linked] == [(), ()]
    notes = by_id(workspace, event.id)
    assert [notes[x].effective_placement for x in (q, o)] == ["theme", "theme"]
    assert c.list_themes(workspace, event.id)[0].featured_count == 2

    placed = c.set_placement(workspace, [q], "closing")
    assert by_id(workspace, event.id)[q].effective_placement == "closing"
    with pytest.raises(ServiceError, match="not a place"):
        c.set_placement(workspace, [q], "appendix")

    unlinked = c.assign_theme(workspace, [o], theme.id, assigned=False)
    assert by_id(workspace, event.id)[o].theme_ids == ()

    # undo, newest first
    c.restore_states(workspace, unlinked)
    c.restore_states(workspace, placed)
    c.restore_states(workspace, linked)
    c.restore_states(workspace, before)
    notes = by_id(workspace, event.id)
    assert all(not n.featured and n.theme_ids == () and n.placement is None for n in notes.values())

    # curation changes travel in the bundle
    c.set_placement(workspace, [t], "next_steps")
    exported = export_event(workspace, event.id)
    assert next(n for n in exported["notes"] if n["id"] == t)["placement"] == "next_steps"

    with pytest.raises(NotFoundError):
        c.set_featured(workspace, ["no-such-note"], True)


def test_order_items_in_a_theme_and_in_a_section(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    theme = c.add_theme(workspace, event.id, "Leadership")
    a = note(workspace, event.id, "quote", "A", 1, theme_ids=[theme.id])
    b = note(workspace, event.id, "quote", "B", 2, theme_ids=[theme.id])
    x = note(workspace, event.id, "observation", "X", 3, theme_ids=[theme.id])
    t1 = note(workspace, event.id, "threat", "T1", 4)
    t2 = note(workspace, event.id, "need", "T2", 5)
    t3 = note(workspace, event.id, "challenge", "T3", 6)

    before = c.order_items(workspace, event.id, f"theme:{theme.id}", [b, a])
    notes = by_id(workspace, event.id)
    assert notes[b].position < notes[a].position < notes[x].position
    in_theme = [n.id for n in sorted(notes.values(), key=lambda n: n.sort_key) if n.theme_ids]
    assert in_theme == [b, a, x]
    # a note assigned later joins the theme last
    late = note(workspace, event.id, "quote", "Late", 0)
    c.assign_theme(workspace, [late], theme.id)
    notes = by_id(workspace, event.id)
    assert notes[late].position > notes[x].position
    c.restore_states(workspace, before)
    notes = by_id(workspace, event.id)
    assert notes[a].position == notes[b].position == notes[x].position == 0

    c.order_items(workspace, event.id, "threats", [t3, t1])
    notes = by_id(workspace, event.id)
    assert notes[t3].position < notes[t1].position < notes[t2].position
    with pytest.raises(ServiceError, match="not a section"):
        c.order_items(workspace, event.id, "appendix", [t1])
    with pytest.raises(ServiceError, match="Only notes of that theme"):
        c.order_items(workspace, event.id, f"theme:{theme.id}", [t1])


def test_restore_states_skips_deleted_notes_and_themes(
    workspace: Workspace, factory: Factory
) -> None:
    event = factory.event()
    theme = c.add_theme(workspace, event.id, "Leadership")
    a = note(workspace, event.id, "observation", "A", 1, theme_ids=[theme.id])
    b = note(workspace, event.id, "observation", "B", 2)
    states = c.set_featured(workspace, [a, b], True)
    capture.delete_note(workspace, b)
    c.delete_theme(workspace, theme.id)
    c.restore_states(workspace, states)
    notes = by_id(workspace, event.id)
    assert list(notes) == [a]
    assert notes[a].featured is False
    assert notes[a].theme_ids == ()


# --- printed wording -------------------------------------------------------------------


def test_edit_printed_keeps_the_captured_original(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    q = note(workspace, event.id, "quote", "we must act quick", 1)
    assert c.original_text(workspace, q) is None
    with pytest.raises(ServiceError, match="never edited"):
        c.restore_original(workspace, q)

    edited = c.edit_printed(
        workspace,
        q,
        text="We must act quickly.",
        details={"name": "Amarjeet Sohi", "job_title": "Mayor", "attribution": "named"},
        editor="Editor",
    )
    assert edited.text == "We must act quickly."
    assert edited.edited
    assert edited.speaker_label == "Amarjeet Sohi, Mayor"
    assert edited.details["attribution"] == "named"
    assert c.original_text(workspace, q) == "we must act quick"
    history = capture.note_history(workspace, q)
    assert [h.text for h in history] == ["we must act quick"]

    c.edit_printed(workspace, q, text="We must act quickly and decisively.")
    assert c.original_text(workspace, q) == "we must act quick"

    assert c.original_details(workspace, q) == {
        "speaker": None,
        "name": None,
        "job_title": None,
        "organisation": None,
        "city": None,
        "country": None,
        "attribution": "by_origin",
    }

    restored = c.restore_original(workspace, q)
    assert restored.text == "we must act quick"
    assert restored.details["name"] is None
    assert restored.details["attribution"] == "by_origin"
    assert restored.speaker_label == ""
    assert not restored.edited
    # the edited wordings stay in the history too
    assert "We must act quickly and decisively." in [
        h.text for h in capture.note_history(workspace, q)
    ]

    with pytest.raises(ServiceError, match="not a field"):
        c.edit_printed(workspace, q, details={"impact": "x"})
    with pytest.raises(ServiceError):
        c.edit_printed(workspace, q, details={"country": "Germany"})


def test_edit_printed_case_study_fields(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    cs = note(
        workspace,
        event.id,
        "case_study",
        "Edmonton's strategy",
        1,
        case_study=capture.CaseStudyData(title="City of Edmonton, Canada", challenge="Racism"),
    )
    edited = c.edit_printed(workspace, cs, details={"impact": "Trust grew.", "url": "https://x.ca"})
    assert edited.details["impact"] == "Trust grew."
    assert edited.details["challenge"] == "Racism"
    assert edited.details["title"] == "City of Edmonton, Canada"
    assert edited.edited  # the fields changed, the text did not
    assert c.original_text(workspace, cs) == "Edmonton's strategy"
    back = c.restore_original(workspace, cs)
    assert back.details["impact"] is None
    assert back.details["url"] is None
    assert back.details["challenge"] == "Racism"
    assert not back.edited
    o = note(workspace, event.id, "observation", "Plain", 2)
    with pytest.raises(ServiceError, match="no fields"):
        c.edit_printed(workspace, o, details={"impact": "x"})


# --- drafted texts --------------------------------------------------------------------------


def test_drafted_texts_and_overrides(workspace: Workspace, factory: Factory) -> None:
    event = factory.event(convenor="Strong Cities Network")
    keynote = factory.session(event, title="Civility first")
    person = factory.person(full_name="Clarence Anthony", job_title="Executive Director")
    factory.participant(event, person)
    with workspace.transaction() as db:
        db.add(m.SessionPerson(session_id=keynote.id, person_id=person.id, role="keynote"))
    c.add_theme(workspace, event.id, "Leadership")
    c.add_theme(workspace, event.id, "Partnerships")

    texts = {d.key: d for d in c.drafted_texts(workspace, event.id)}
    assert list(texts) == [
        "summary_opening",
        "keynotes",
        "themes_intro",
        "threats_intro",
        "threats_group_threat",
        "threats_group_challenge",
        "threats_group_need",
        "next_steps",
        "closing",
    ]
    assert "Strong Cities Network" in texts["summary_opening"].draft
    assert "Clarence Anthony" in texts["keynotes"].draft
    assert texts["themes_intro"].draft == "Two key themes emerged out of these discussions:"
    assert not any(d.is_override for d in texts.values())

    changed = c.set_override(workspace, event.id, "keynotes", "  Our keynotes.  ")
    assert (changed.override, changed.is_override, changed.printed) == (
        "Our keynotes.",
        True,
        "Our keynotes.",
    )
    assert "Clarence Anthony" in changed.draft
    c.set_override(workspace, event.id, "closing", "Thank you.")
    c.set_override(workspace, event.id, "threats_group_need", "Cities asked for:")
    bundle = export_event(workspace, event.id)
    overrides = bundle["event"]["report"]["overrides"]
    assert overrides["keynotes"] == "Our keynotes."
    assert overrides["closing"] == "Thank you."
    assert overrides["threats_group_need"] == "Cities asked for:"

    reset = c.set_override(workspace, event.id, "keynotes", None)
    assert reset.override is None
    assert reset.printed == reset.draft
    assert c.set_override(workspace, event.id, "closing", "   ").override is None
    with pytest.raises(ServiceError, match="not a drafted text"):
        c.set_override(workspace, event.id, "epilogue", "x")
    with pytest.raises(NotFoundError):
        c.drafted_texts(workspace, "no-such-event")


def test_the_drafts_are_what_the_report_prints(workspace: Workspace, factory: Factory) -> None:
    """One piece of code drafts for the studio and for the report."""
    from workshop_planner.report import build_context

    event = factory.event(convenor="Strong Cities Network", venue_name="Berlin City Hall")
    keynote = factory.session(event, title="Civility first")
    person = factory.person(full_name="Clarence Anthony", job_title="Executive Director")
    factory.participant(event, person)
    with workspace.transaction() as db:
        db.add(m.SessionPerson(session_id=keynote.id, person_id=person.id, role="keynote"))
    c.add_theme(workspace, event.id, "Leadership")

    texts = {d.key: d for d in c.drafted_texts(workspace, event.id)}
    summary = build_context(workspace, event.id).summary
    assert summary.opening == texts["summary_opening"].draft
    assert " ".join(summary.keynotes) == texts["keynotes"].draft
    assert summary.themes_intro == texts["themes_intro"].draft

    c.set_override(workspace, event.id, "summary_opening", "Our own opening.")
    c.set_override(workspace, event.id, "themes_intro", "The theme:")
    summary = build_context(workspace, event.id).summary
    assert (summary.opening, summary.opening_is_override) == ("Our own opening.", True)
    assert summary.themes_intro == "The theme:"
    c.set_override(workspace, event.id, "summary_opening", None)
    assert build_context(workspace, event.id).summary.opening == texts["summary_opening"].draft


def test_a_duplicated_event_keeps_where_notes_print(workspace: Workspace, factory: Factory) -> None:
    from datetime import date

    from workshop_planner.services.event_editing import duplicate_event

    event = factory.event()
    q = note(workspace, event.id, "quote", "Closing words.", 1)
    c.set_featured(workspace, [q], True)
    c.set_placement(workspace, [q], "closing")
    copy = duplicate_event(workspace, event.id, start_date=date(2024, 6, 20), copy_notes=True)
    [copied] = c.list_notes(workspace, copy.id)
    assert (copied.placement, copied.effective_placement) == ("closing", "closing")


def test_placement_moves_a_note_between_report_sections(
    workspace: Workspace, factory: Factory
) -> None:
    from workshop_planner.report import build_context

    event = factory.event()
    theme = c.add_theme(workspace, event.id, "Leadership")
    obs = note(workspace, event.id, "observation", "Moved observation.", 1, theme_ids=[theme.id])
    need = note(workspace, event.id, "need", "A need.", 2)
    rec = note(workspace, event.id, "recommendation", "A recommendation.", 3)
    c.set_featured(workspace, [obs, need, rec], True)

    report = build_context(workspace, event.id)
    assert report.themes[0].observations == ("Moved observation.",)
    assert [(g.kind, g.items) for g in report.threats.groups] == [("need", ("A need.",))]

    c.set_placement(workspace, [obs], "threats")
    c.set_placement(workspace, [need], "next_steps")
    c.set_placement(workspace, [rec], "resources")
    report = build_context(workspace, event.id)
    assert report.themes[0].observations == ()
    assert [(g.kind, g.heading, g.items) for g in report.threats.groups] == [
        ("", "", ("Moved observation.",))
    ]
    assert report.next_steps.items == ("A need.",)
    assert [r.title for r in report.resources] == ["A recommendation."]

    c.set_placement(workspace, [obs, need, rec], None)
    report = build_context(workspace, event.id)
    assert report.themes[0].observations == ("Moved observation.",)
    assert report.next_steps.items == ("A recommendation.",)


# --- listing every note as plain rows ------------------------------------------------


def test_list_notes_reads_plain_rows_in_a_fixed_number_of_queries(
    workspace: Workspace, factory: Factory
) -> None:
    """The listing gives every note exactly as :func:`get_note` does (one note read
    through the ORM), with a handful of queries however many notes there are."""
    from sqlalchemy import event as sa_event

    event = factory.event()
    session = factory.session(event)
    one, two = c.add_theme(workspace, event.id, "One"), c.add_theme(workspace, event.id, "Two")
    mayor = factory.person(full_name="Nancy Rotering", job_title="Mayor")
    factory.participant(event, mayor)
    ids = [
        note(workspace, event.id, "quote", "Directory speaker", 1, session_id=session.id,
             quote=capture.QuoteData(speaker_id=mayor.id, attribution="named"),
             theme_ids=[two.id, one.id]),
        note(workspace, event.id, "quote", "Free speaker", 2,
             quote=capture.QuoteData(name=" Bo Li ", job_title="Planner")),
        note(workspace, event.id, "quote", "Nobody", 3),
        note(workspace, event.id, "case_study", "Edmonton", 4,
             case_study=capture.CaseStudyData(title="City of Edmonton", challenge="Racism")),
        note(workspace, event.id, "example", "Example", 5,
             example=capture.ExampleData(label="Lyon", city="Lyon", country="FR")),
        note(workspace, event.id, "resource", "Toolkit", 6,
             resource=capture.ResourceData(title="Toolkit", publisher="EFUS")),
        note(workspace, event.id, "observation", "Plain", 7, theme_ids=[one.id]),
    ]  # fmt: skip
    c.set_featured(workspace, ids[:2], True)
    c.edit_printed(workspace, ids[0], text="Directory speaker, edited")
    c.edit_printed(workspace, ids[3], details={"impact": "Trust grew."})

    statements: list[str] = []

    def count(*_args: object) -> None:
        statements.append("")

    sa_event.listen(workspace.engine, "before_cursor_execute", count)
    try:
        listed = c.list_notes(workspace, event.id)
    finally:
        sa_event.remove(workspace.engine, "before_cursor_execute", count)
    assert [n.id for n in listed] == ids
    assert listed == [c.get_note(workspace, i) for i in ids]
    assert listed[0].theme_ids == (two.id, one.id)
    assert (listed[0].speaker_label, listed[0].edited) == ("Nancy Rotering, Mayor", True)
    assert (listed[1].speaker_label, listed[1].has_speaker) == ("Bo Li, Planner", True)
    assert not listed[2].has_speaker
    assert listed[3].edited
    # the event, two for the originals, themes, quotes, 3 detail kinds, the notes
    assert len(statements) <= 10

    for i in range(8, 40):
        note(workspace, event.id, "observation", f"More {i}", i)
    statements.clear()
    sa_event.listen(workspace.engine, "before_cursor_execute", count)
    try:
        assert len(c.list_notes(workspace, event.id)) == 39
    finally:
        sa_event.remove(workspace.engine, "before_cursor_execute", count)
    assert len(statements) <= 10


def test_list_notes_pages_read_one_after_another_are_the_whole_list(
    workspace: Workspace, factory: Factory
) -> None:
    """A page holds at most ``limit`` notes, with their themes, details and
    originals; the pages after each other's last note give the full list."""
    event = factory.event()
    theme = c.add_theme(workspace, event.id, "One")
    ids = [
        note(workspace, event.id, "case_study" if i % 3 == 0 else "observation", f"Note {i}", i,
             theme_ids=[theme.id] if i % 2 else [],
             case_study=capture.CaseStudyData(title=f"Case {i}") if i % 3 == 0 else None)
        for i in range(1, 12)
    ]  # fmt: skip
    c.edit_printed(workspace, ids[5], details={"impact": "Trust grew."})
    whole = c.list_notes(workspace, event.id)
    pages: list[list[c.CurationNote]] = []
    after = None
    while page := c.list_notes(workspace, event.id, limit=4, after=after):
        pages.append(page)
        after = c.notes_cursor(page[-1])
    assert [len(p) for p in pages] == [4, 4, 3]
    assert [n for p in pages for n in p] == whole
    assert whole[5].edited
    assert whole[5].details["impact"] == "Trust grew."


def test_list_themes_counts_every_theme_in_one_query(
    workspace: Workspace, factory: Factory
) -> None:
    """The counts of :func:`list_themes` (one grouped query) are those each theme's
    own edit reports (counted for that theme alone); a theme with no note counts 0."""
    from sqlalchemy import event as sa_event

    event = factory.event()
    themes = [c.add_theme(workspace, event.id, f"Theme {i}") for i in range(4)]
    for i in range(6):
        linked = [t.id for t in themes[: i % 3 + 1]]
        n = note(workspace, event.id, "observation", f"Note {i}", i, theme_ids=linked)
        if i % 2:
            c.set_featured(workspace, [n], True)
    statements: list[str] = []

    def count(*_args: object) -> None:
        statements.append("")

    sa_event.listen(workspace.engine, "before_cursor_execute", count)
    try:
        listed = c.list_themes(workspace, event.id)
    finally:
        sa_event.remove(workspace.engine, "before_cursor_execute", count)
    assert len(statements) <= 4  # BEGIN, the event, the counts, the themes (not one per theme)
    assert [(t.note_count, t.featured_count) for t in listed] == [(6, 3), (4, 2), (2, 1), (0, 0)]
    assert listed == [c.update_theme(workspace, t.id, {}) for t in listed]
