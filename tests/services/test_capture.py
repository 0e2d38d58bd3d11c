"""services.capture: notes, history, drafts, the clock's session, hashtags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.capture_fixtures import AUTHOR, CaptureSetup
from workshop_planner.domain import models as m
from workshop_planner.services import capture
from workshop_planner.services.capture import (
    CaseStudyData,
    ExampleData,
    QuoteData,
    ResourceData,
    SessionItem,
    ThemeItem,
)
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace


def _count(workspace: Workspace, model: Any) -> int:
    with workspace.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


# --- notes ------------------------------------------------------------------


def test_add_note_of_each_kind_with_details(workspace: Workspace, setup: CaptureSetup) -> None:
    ev, s = setup.event_id, setup.sessions[1]
    before = datetime.now(UTC)
    quote = capture.add_note(
        workspace,
        ev,
        kind="quote",
        text="We start with the streets we have.",
        author=AUTHOR,
        session_id=s,
        theme_ids=[setup.themes[0]],
        quote=QuoteData(speaker_id=setup.shy, attribution="named"),
    )
    case = capture.add_note(
        workspace,
        ev,
        kind="case_study",
        text="",
        author=AUTHOR,
        session_id=s,
        case_study=CaseStudyData(title="City of Edmonton, Canada", country="ca", url=" x "),
    )
    example = capture.add_note(
        workspace, ev, kind="example", text="Cool roofs", author=AUTHOR,
        example=ExampleData(label="Cool roofs", city="Paris", country="FR"),
    )  # fmt: skip
    resource = capture.add_note(
        workspace, ev, kind="resource", text="Toolkit", author=AUTHOR,
        resource=ResourceData(title="Heat Toolkit", publisher="C40"),
    )  # fmt: skip
    plain = capture.add_note(workspace, ev, kind="threat", text="  Heat  ", author=AUTHOR)
    assert quote.quote == QuoteData(speaker_id=setup.shy, attribution="named")
    assert quote.theme_ids == (setup.themes[0],)
    assert quote.author == AUTHOR
    assert quote.captured_at >= before
    assert quote.captured_at.utcoffset() == timedelta(0)
    assert case.case_study == CaseStudyData(title="City of Edmonton, Canada", country="CA", url="x")
    assert example.example == ExampleData("Cool roofs", "Paris", "FR", None)
    assert resource.resource == ResourceData("Heat Toolkit", "C40", None)
    assert plain.text == "Heat"
    assert plain.quote is None
    assert plain.case_study is None
    # read back from the workspace, the same
    assert capture.get_note(workspace, quote.id) == quote
    assert capture.get_note(workspace, case.id) == case


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "gossip", "text": "x"}, "not a kind of note"),
        ({"kind": "observation", "text": "   "}, "Type the note"),
        ({"kind": "observation", "text": "x", "author": " "}, "Say who is taking"),
        ({"kind": "observation", "text": "x", "session_id": "nope"}, "not on this event"),
        ({"kind": "observation", "text": "x", "theme_ids": ["nope"]}, "not one of this event"),
        (
            {"kind": "example", "text": "x", "example": ExampleData(country="Germany")},
            "two-letter country code",
        ),
        (
            {"kind": "quote", "text": "x", "quote": QuoteData(attribution="loud")},
            "not an attribution",
        ),
        (
            {"kind": "quote", "text": "x", "quote": QuoteData(speaker_id="ghost")},
            "not in the directory",
        ),
    ],
)
def test_bad_notes_are_refused_and_nothing_changes(
    workspace: Workspace, setup: CaptureSetup, kwargs: dict[str, Any], message: str
) -> None:
    values: dict[str, Any] = {"author": AUTHOR}
    values.update(kwargs)
    with pytest.raises(ServiceError, match=message):
        capture.add_note(workspace, setup.event_id, **values)
    assert _count(workspace, m.Note) == 0


def test_unknown_event_is_not_found(workspace: Workspace) -> None:
    with pytest.raises(NotFoundError):
        capture.add_note(workspace, "nope", kind="need", text="x", author=AUTHOR)
    with pytest.raises(NotFoundError):
        capture.list_notes(workspace, "nope")


def test_list_notes_by_session_and_author(workspace: Workspace, setup: CaptureSetup) -> None:
    ev = setup.event_id
    t0 = datetime(2023, 6, 15, 8, 0, tzinfo=UTC)
    a = capture.add_note(
        workspace, ev, kind="need", text="b", author=AUTHOR,
        session_id=setup.sessions[1], captured_at=t0 + timedelta(minutes=2),
    )  # fmt: skip
    b = capture.add_note(
        workspace, ev, kind="need", text="a", author="Other",
        session_id=setup.sessions[1], captured_at=t0,
    )  # fmt: skip
    c = capture.add_note(workspace, ev, kind="need", text="c", author=AUTHOR)
    ids = [n.id for n in capture.list_notes(workspace, ev, session_id=setup.sessions[1])]
    assert ids == [b.id, a.id]  # oldest first
    assert [n.id for n in capture.list_notes(workspace, ev)] == [c.id]  # no session
    mine = capture.list_notes(workspace, ev, all_sessions=True, author=AUTHOR)
    assert {n.id for n in mine} == {a.id, c.id}


def test_update_note_keeps_the_older_text_in_history(
    workspace: Workspace, setup: CaptureSetup
) -> None:
    note = capture.add_note(workspace, setup.event_id, kind="need", text="Fundng", author=AUTHOR)
    same = capture.update_note(workspace, note.id, text="Fundng ")
    assert same.updated_at == note.updated_at  # nothing changed, nothing recorded
    assert capture.note_history(workspace, note.id) == []
    edited = capture.update_note(workspace, note.id, text="Funding", editor="Editor")
    assert edited.text == "Funding"
    assert edited.updated_at > note.updated_at
    history = capture.note_history(workspace, note.id)
    assert [(r.text, r.author, r.updated_at) for r in history] == [
        ("Fundng", "Editor", note.updated_at)
    ]
    with pytest.raises(ServiceError, match="cannot be empty"):
        capture.update_note(workspace, note.id, text=" ")
    assert capture.get_note(workspace, note.id).text == "Funding"


def test_update_kind_themes_and_details(workspace: Workspace, setup: CaptureSetup) -> None:
    note = capture.add_note(
        workspace, setup.event_id, kind="quote", text="Q", author=AUTHOR,
        quote=QuoteData(name="Free Speaker", attribution="anonymous"),
    )  # fmt: skip
    retagged = capture.update_note(workspace, note.id, theme_ids=setup.themes[1:])
    assert retagged.theme_ids == tuple(setup.themes[1:])
    requoted = capture.update_note(workspace, note.id, quote=QuoteData(speaker_id=setup.shy))
    assert requoted.quote == QuoteData(speaker_id=setup.shy, attribution="by_origin")
    rekinded = capture.update_note(workspace, note.id, kind="recommendation")
    assert rekinded.kind == "recommendation"
    assert rekinded.quote is None
    assert _count(workspace, m.QuoteDetails) == 0
    moved = capture.update_note(workspace, note.id, session_id=setup.sessions[0])
    assert moved.session_id == setup.sessions[0]


def test_delete_and_restore_bring_back_the_same_note(
    workspace: Workspace, setup: CaptureSetup
) -> None:
    note = capture.add_note(
        workspace, setup.event_id, kind="quote", text="Keep me", author=AUTHOR,
        session_id=setup.sessions[1], theme_ids=setup.themes[:2],
        quote=QuoteData(speaker_id=setup.consenting, attribution="named"),
    )  # fmt: skip
    snapshot = capture.delete_note(workspace, note.id)
    assert snapshot == note
    assert _count(workspace, m.Note) == 0
    assert _count(workspace, m.QuoteDetails) == 0
    with pytest.raises(NotFoundError):
        capture.get_note(workspace, note.id)
    assert capture.restore_note(workspace, snapshot) == note
    assert capture.get_note(workspace, note.id) == note
    with pytest.raises(ServiceError, match="exists already"):
        capture.restore_note(workspace, snapshot)


def test_speakers_carry_their_consent(workspace: Workspace, setup: CaptureSetup) -> None:
    speakers = capture.list_speakers(workspace, setup.event_id)
    assert [(s.name, s.consent_to_name, s.organisation) for s in speakers] == [
        ("Ada Nowak", True, "City of Warsaw"),
        ("Ben Carter", False, None),
    ]
    assert speakers[0].default_attribution.value == "named"
    # no consent today: still "named" as the upper bound; the report prints by origin
    assert speakers[1].default_attribution.value == "named"


# --- drafts -----------------------------------------------------------------


def test_drafts_upsert_load_and_clear_on_save(workspace: Workspace, setup: CaptureSetup) -> None:
    ev = setup.event_id
    assert capture.load_draft(workspace, ev, AUTHOR) is None
    capture.save_draft(workspace, ev, AUTHOR, setup.sessions[1], "observation", "Hal")
    capture.save_draft(
        workspace, ev, AUTHOR, setup.sessions[2], "quote", "Half a quote",
        {"theme_ids": [setup.themes[0]], "quote": {"speaker": "Ben"}},
    )  # fmt: skip
    capture.save_draft(workspace, ev, "Someone else", None, "need", "Theirs")
    draft = capture.load_draft(workspace, ev, AUTHOR)
    assert draft is not None
    assert (draft.session_id, draft.kind, draft.text) == (
        setup.sessions[2],
        "quote",
        "Half a quote",
    )
    assert draft.extra == {"theme_ids": [setup.themes[0]], "quote": {"speaker": "Ben"}}
    assert _count(workspace, m.CaptureDraft) == 2
    capture.add_note(workspace, ev, kind="quote", text="Half a quote", author=AUTHOR)
    assert capture.load_draft(workspace, ev, AUTHOR) is None
    other = capture.load_draft(workspace, ev, "Someone else")
    assert other is not None
    assert other.text == "Theirs"
    capture.clear_draft(workspace, ev, "Someone else")
    assert _count(workspace, m.CaptureDraft) == 0


def test_draft_for_a_missing_event_is_refused(workspace: Workspace) -> None:
    with pytest.raises(NotFoundError):
        capture.save_draft(workspace, "nope", AUTHOR, None, "observation", "x")


# --- the session on the clock ---------------------------------------------------

_DAY = datetime(2023, 6, 15)
_SESSIONS = [
    SessionItem("a", "Keynote", "keynote", _DAY.replace(hour=9, minute=30), _DAY.replace(hour=10)),
    SessionItem("b", "Panel", "panel", _DAY.replace(hour=10, minute=15), _DAY.replace(hour=11)),
    SessionItem("c", "Workshop", "workshop", _DAY.replace(hour=13), _DAY.replace(hour=14)),
    SessionItem("d", "Day two", "plenary", datetime(2023, 6, 16, 9), datetime(2023, 6, 16, 10)),
]


def _at(hour: int, minute: int = 0, day: int = 15) -> datetime:
    """An instant given as Berlin wall time in June (UTC+2)."""
    return datetime(2023, 6, day, hour, minute, tzinfo=UTC) - timedelta(hours=2)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (_at(9, 45), "a"),  # running
        (_at(10, 0), "b"),  # the keynote has ended: the next one today
        (_at(11, 30), "c"),  # between sessions: the next one today
        (_at(15, 0), "c"),  # after the day's last: the last one before
        (_at(9, 30, day=16), "d"),
        (_at(7, 0, day=14), "a"),  # the event lies ahead: the first
        (_at(20, 0, day=17), "d"),
    ],
)
def test_current_session_from_the_clock(now: datetime, expected: str) -> None:
    chosen = capture.current_session(_SESSIONS, now, "Europe/Berlin")
    assert chosen is not None
    assert chosen.id == expected


def test_current_session_uses_the_event_zone() -> None:
    # 09:45 UTC is 11:45 in Berlin but 05:45 in New York
    now = datetime(2023, 6, 15, 9, 45, tzinfo=UTC)
    berlin = capture.current_session(_SESSIONS, now, "Europe/Berlin")
    new_york = capture.current_session(_SESSIONS, now, "America/New_York")
    assert berlin is not None
    assert berlin.id == "c"
    assert new_york is not None
    assert new_york.id == "a"
    assert capture.current_session([], now, "UTC") is None


def test_adjacent_session() -> None:
    assert capture.adjacent_session(_SESSIONS, "b", 1) == _SESSIONS[2]
    assert capture.adjacent_session(_SESSIONS, "b", -1) == _SESSIONS[0]
    assert capture.adjacent_session(_SESSIONS, "a", -1) is None
    assert capture.adjacent_session(_SESSIONS, "d", 1) is None
    assert capture.adjacent_session(_SESSIONS, None, 1) == _SESSIONS[0]
    assert capture.adjacent_session([], None, 1) is None


def test_load_capture_event(workspace: Workspace, setup: CaptureSetup) -> None:
    event = capture.load_capture_event(workspace, setup.event_id)
    assert [s.id for s in event.sessions] == setup.sessions
    assert [t.slug for t in event.themes] == [
        "mayoral-leadership",
        "climate-resilience",
        "social-cohesion",
    ]
    assert event.zone.key == "Europe/Berlin"


# --- hashtags -------------------------------------------------------------------

_THEMES = [
    ThemeItem("t1", 1, "Mayoral Leadership", "mayoral-leadership"),
    ThemeItem("t2", 2, "Climate Resilience", "climate-resilience"),
    ThemeItem("t3", 3, "Climate Finance", "climate-finance"),
    ThemeItem("t4", 4, "Économie sociale", "economie-sociale"),
]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("mayoral-leadership", "t1"),
        ("MayoralLeadership", "t1"),
        ("mayoral", "t1"),
        ("leadership", "t1"),
        ("lead", "t1"),
        ("resilience", "t2"),
        ("climate-f", "t3"),
        ("climate", None),  # two themes start so: ambiguous
        ("economie", "t4"),
        ("nothing", None),
    ],
)
def test_match_theme(tag: str, expected: str | None) -> None:
    found = capture.match_theme(_THEMES, tag)
    assert (found.id if found else None) == expected


def test_extract_hashtags() -> None:
    text, ids = capture.extract_hashtags(
        "#leadership Mayors act first #resilience, then #unknown stays.\nNext #lead", _THEMES
    )
    assert text == "Mayors act first, then #unknown stays.\nNext"
    assert ids == ["t1", "t2"]
    assert capture.extract_hashtags("no tags here", _THEMES) == ("no tags here", [])
    assert capture.extract_hashtags("C# and issue#4 stay", _THEMES) == ("C# and issue#4 stay", [])
