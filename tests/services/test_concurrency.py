"""Optimistic concurrency: an edit based on an old version is refused, never applied silently.

Every test runs on SQLite and on the local PostgreSQL server (a fresh schema
per test). The concurrent tests give each editor its own workspace (engine),
as separate windows or laptops on one team workspace would have.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import (
    agenda,
    capture,
    curation,
    event_editing,
    participants,
    people,
)
from workshop_planner.services.errors import StaleEditError
from workshop_planner.store import Workspace, open_workspace

SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"
EDITORS = 4
ROUNDS = 12


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A workspace on SQLite, or in a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield str(tmp_path / "shared.sqlite3")
        return
    schema = f"wp_occ_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def ws(url: str) -> Iterator[Workspace]:
    workspace = open_workspace(url)
    yield workspace
    workspace.close()


@pytest.fixture
def make(ws: Workspace) -> Factory:
    return Factory(ws)


def run_editors(url: str, edit: Callable[[Workspace, int], None]) -> None:
    """``edit(workspace, n)`` in EDITORS threads at once, each on its own workspace.

    The workspaces open one after the other first: Alembic's upgrade check is
    not thread-safe (separate windows are separate processes).
    """
    workspaces = [open_workspace(url) for _ in range(EDITORS)]
    start = threading.Barrier(EDITORS)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait(timeout=60)
            edit(workspaces[n], n)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for workspace in workspaces:
        workspace.close()
    assert not errors, errors


# --- notes ------------------------------------------------------------------------


@pytest.mark.parametrize("checked", [True, False], ids=["versioned", "locked-only"])
def test_four_editors_of_one_note_lose_no_acknowledged_text(
    url: str, ws: Workspace, make: Factory, checked: bool
) -> None:
    """Each acknowledged text is the note's text or in its history, exactly once.

    ``versioned``: editors hand back the version they read, a stale edit is
    refused and tried again on the new text. ``locked-only``: no version
    (as curation's edits), the last writer wins but the row lock keeps every
    replaced text in the history.
    """
    note = make.note(make.event(), text="Captured.")
    acknowledged: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()

    def edit(workspace: Workspace, n: int) -> None:
        for i in range(ROUNDS):
            mine = f"Editor {n}, edit {i}."
            while True:
                seen = capture.get_note(workspace, note.id)
                try:
                    capture.update_note(
                        workspace,
                        note.id,
                        text=mine,
                        editor=f"editor {n}",
                        version=seen.version if checked else None,
                    )
                except StaleEditError:
                    with lock:
                        refused.append(mine)
                    continue
                with lock:
                    acknowledged.append(mine)
                break

    run_editors(url, edit)

    current = capture.get_note(ws, note.id).text
    history = [r.text for r in capture.note_history(ws, note.id)]
    assert len(acknowledged) == EDITORS * ROUNDS
    if not checked:  # the row lock serialises read, record, write: nobody had to retry
        assert not refused
    # nothing lost, nothing applied twice, no refused edit applied
    assert sorted([*history, current]) == sorted(["Captured.", *acknowledged])


def test_a_stale_note_edit_is_refused_and_changes_nothing(ws: Workspace, make: Factory) -> None:
    note = make.note(make.event(), text="Captured.")
    opened = capture.get_note(ws, note.id)
    theirs = capture.update_note(ws, note.id, text="Theirs.", version=opened.version)
    assert theirs.version == opened.version + 1
    with pytest.raises(StaleEditError, match=r"^This note was changed elsewhere") as refusal:
        capture.update_note(ws, note.id, text="Mine.", version=opened.version)
    assert refusal.value.version == theirs.version
    assert capture.get_note(ws, note.id).text == "Theirs."
    # the studio's edit of what prints takes the version too
    with pytest.raises(StaleEditError):
        curation.edit_printed(ws, note.id, text="Mine.", version=opened.version)
    assert curation.edit_printed(ws, note.id, text="Mine.", version=theirs.version).text == "Mine."


# --- sessions ---------------------------------------------------------------------


def test_a_stale_session_editor_changes_its_title_and_keeps_their_speaker_and_description(
    ws: Workspace, make: Factory
) -> None:
    event = make.event()
    session = make.session(event)
    speaker = make.person(full_name="Ana Speaker")
    opened = agenda.get_session(ws, session.id)  # my editor opens

    # meanwhile someone else adds a speaker and a description
    theirs = replace(
        opened.to_data(), description="Why cities lead.", people=((speaker.id, "speaker"),)
    )
    agenda.update_session(ws, session.id, theirs, base=opened.to_data(), version=opened.version)

    # my editor still shows the old snapshot; I change the title
    mine = replace(opened.to_data(), title="Opening keynote: Mayors", description="")
    with pytest.raises(StaleEditError) as refusal:
        agenda.update_session(ws, session.id, mine, base=opened.to_data(), version=opened.version)
    assert str(refusal.value) == (
        "This session was changed elsewhere since you opened it "
        "(description edited, speaker added)."
    )
    untouched = agenda.get_session(ws, session.id)
    assert untouched.title == "Opening keynote"
    assert untouched.description == "Why cities lead."

    # "Apply my change on top": only my changed field is written
    saved = agenda.update_session(
        ws, session.id, mine, base=opened.to_data(), version=refusal.value.version
    )
    assert saved.title == "Opening keynote: Mayors"
    assert saved.description == "Why cities lead."
    assert [(p.person_id, p.role) for p in saved.people] == [(speaker.id, "speaker")]
    assert saved.version > untouched.version


def test_on_top_merges_people_one_by_one() -> None:
    start, end = datetime(2023, 6, 15, 9), datetime(2023, 6, 15, 10)
    base = agenda.SessionData("S", "panel", start, end, people=(("a", "speaker"),))
    current = replace(base, people=(("a", "speaker"), ("b", "moderator")), location="Hall")
    mine = replace(base, people=(("c", "speaker"),), location="")
    merged = agenda.on_top(current, base, mine)
    assert merged.people == (("c", "speaker"), ("b", "moderator"))
    assert merged.location == "Hall"  # my editor's empty field is no change of mine


def test_four_editors_of_one_session_each_keep_their_change(
    url: str, ws: Workspace, make: Factory
) -> None:
    """Each editor changes its own field from a snapshot that goes stale; refused
    saves are applied on top (as the editor's button does): nothing is reverted."""
    event = make.event()
    session = make.session(event)
    speakers = [make.person(full_name=f"Speaker {i}").id for i in range(ROUNDS)]
    last: dict[int, Any] = {}
    refusals: list[int] = []
    #: the version each acknowledged save was based on
    based_on: list[int | None] = []

    def change(n: int, i: int, data: agenda.SessionData) -> agenda.SessionData:
        if n == 0:
            return replace(data, title=f"Title {i}")
        if n == 1:
            return replace(data, description=f"Description {i}")
        if n == 2:
            return replace(data, location=f"Room {i}")
        return replace(data, people=(*data.people, (speakers[i], "speaker")))

    def edit(workspace: Workspace, n: int) -> None:
        for i in range(ROUNDS):
            opened = agenda.get_session(workspace, session.id)
            mine = change(n, i, opened.to_data())
            version: int | None = opened.version
            while True:
                try:
                    agenda.update_session(
                        workspace, session.id, mine, base=opened.to_data(), version=version
                    )
                except StaleEditError as exc:
                    refusals.append(n)
                    version = exc.version or agenda.get_session(workspace, session.id).version
                    continue
                last[n] = i
                based_on.append(version)
                break

    run_editors(url, edit)

    final = agenda.get_session(ws, session.id)
    assert final.title == f"Title {last[0]}"
    assert final.description == f"Description {last[1]}"
    assert final.location == f"Room {last[2]}"
    assert [p.person_id for p in final.people] == speakers  # every acknowledged speaker
    assert last == {n: ROUNDS - 1 for n in range(EDITORS)}
    # no two saves were based on the same version: none overwrote another unseen
    assert len(set(based_on)) == len(based_on) == EDITORS * ROUNDS


# --- the other editors ----------------------------------------------------------------


def test_a_stale_event_edit_names_the_fields_that_changed(ws: Workspace, make: Factory) -> None:
    event = make.event()
    opened = event_editing.get_event(ws, event.id)
    event_editing.update_event(
        ws, event.id, {"title": "Theirs", "venue_city": "Hamburg"}, version=opened.version
    )
    with pytest.raises(StaleEditError) as refusal:
        event_editing.update_event(
            ws, event.id, {"subtitle": "Mine"}, version=opened.version, base=opened
        )
    assert str(refusal.value) == (
        "This event was changed elsewhere since you opened it (title edited, venue city edited)."
    )
    saved = event_editing.update_event(
        ws, event.id, {"subtitle": "Mine"}, version=refusal.value.version
    )
    assert (saved.title, saved.subtitle, saved.venue_city) == ("Theirs", "Mine", "Hamburg")


def test_stale_edits_of_people_participants_themes_and_partners_are_refused(
    ws: Workspace, make: Factory
) -> None:
    event = make.event()
    person = make.person()
    part = make.participant(event, person)
    theme = make.theme(event)
    partner = event_editing.add_partner(ws, event.id, name="GMF")

    seen = people.get_person(ws, person.id)
    people.update_person(ws, person.id, {"job_title": "Mayor"}, changed_by="A", version=1)
    with pytest.raises(StaleEditError, match="This person was changed elsewhere"):
        people.update_person(ws, person.id, {"city": "Lodz"}, changed_by="B", version=seen.version)
    assert people.get_person(ws, person.id).city == ""

    row = participants.get_participants(ws, [part.id])[0]
    participants.update_participants(ws, [part.id], add_role="speaker", versions={part.id: 1})
    with pytest.raises(StaleEditError):
        participants.update_participants(
            ws, [part.id], attendance="declined", versions={part.id: row.version}
        )
    assert participants.get_participants(ws, [part.id])[0].attendance == "attended"

    opened_theme = curation.list_themes(ws, event.id)[0]
    curation.update_theme(ws, theme.id, {"summary": "Theirs."}, version=opened_theme.version)
    with pytest.raises(StaleEditError, match="This theme was changed elsewhere"):
        curation.update_theme(ws, theme.id, {"title": "Mine"}, version=opened_theme.version)

    event_editing.update_partner(ws, partner.id, {"role": "donor"}, version=partner.version)
    with pytest.raises(StaleEditError, match="This partner was changed elsewhere"):
        event_editing.update_partner(ws, partner.id, {"url": None}, version=partner.version)


def test_a_version_bumps_when_only_a_detail_row_changes(ws: Workspace, make: Factory) -> None:
    """A speaker added (a session_people row) makes the session's version move too."""
    event = make.event()
    session = make.session(event)
    person = make.person()
    before = agenda.get_session(ws, session.id)
    after = agenda.add_session_person(ws, session.id, person.id, "speaker")
    assert after.version > before.version
    with ws.reading() as db:
        row = db.get(m.Session, session.id)
        assert row is not None
        assert row.version == after.version


def test_a_row_put_back_by_undo_keeps_its_version(ws: Workspace, make: Factory) -> None:
    """An INSERT starts at 1: without this, an editor that showed version 1 long ago
    would pass for current once the row was deleted and restored."""
    event = make.event()
    note = make.note(event, text="v1")
    first = capture.get_note(ws, note.id)
    last = capture.update_note(ws, note.id, text="v2", version=first.version)
    capture.restore_note(ws, capture.delete_note(ws, note.id))
    assert capture.get_note(ws, note.id).version == last.version
    with pytest.raises(StaleEditError):
        capture.update_note(ws, note.id, text="stale", version=first.version)
    capture.update_note(ws, note.id, text="v3", version=last.version)

    session = make.session(event)
    opened = agenda.get_session(ws, session.id)
    moved = agenda.update_session(
        ws, session.id, replace(opened.to_data(), title="Moved"), version=opened.version
    )
    agenda.restore_session(ws, agenda.delete_session(ws, session.id))
    assert agenda.get_session(ws, session.id).version == moved.version

    theme = curation.update_theme(ws, make.theme(event).id, {"summary": "S"}, version=1)
    curation.restore_theme(ws, curation.delete_theme(ws, theme.id))
    assert curation.list_themes(ws, event.id)[0].version == theme.version

    partner = event_editing.add_partner(ws, event.id, name="GMF")
    partner = event_editing.update_partner(ws, partner.id, {"role": "donor"}, version=1)
    event_editing.restore_partner(ws, event.id, event_editing.remove_partner(ws, partner.id))
    assert event_editing.list_partners(ws, event.id)[0].version == partner.version
