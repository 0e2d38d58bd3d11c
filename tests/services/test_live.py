"""Live updates: a commit of another process arrives as the Changes a local edit makes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete

from tests.postgres import fresh_schema
from workshop_planner.domain import models as m
from workshop_planner.services import capture, live
from workshop_planner.services.changes import Changes, Part
from workshop_planner.store import Workspace, open_workspace


def test_every_table_says_what_it_means_to_the_pages() -> None:
    # a new table must be mapped (or mapped to nothing) or its commits would refresh everything
    assert set(m.Base.metadata.tables) <= set(live.TABLE_PARTS)


def test_a_message_reads_as_changes_and_heartbeats() -> None:
    message = live.read({"s": "abc", "c": {"e1": ["notes", "note_themes"], "": ["people"]}})
    assert message is not None
    assert message.changes == [
        Changes.of("e1", Part.NOTES, Part.THEMES),
        Changes.of(None, Part.PEOPLE, Part.PARTICIPANTS, Part.AGENDA, Part.NOTES),
    ]
    # drafts are no page's business; a table of a newer version may be anything
    assert live.read({"s": "abc", "c": {"e1": ["capture_drafts"]}}) == live.Message("abc")
    unknown = live.read({"s": "abc", "c": {"e1": ["from_the_future"]}})
    assert unknown is not None
    assert unknown.changes == [Changes.everything("e1")]
    beat = live.read({"s": "x", "h": "Ana", "e": "e1"})
    assert beat is not None
    assert beat.heartbeat == live.Heartbeat("x", "Ana", "e1")
    assert live.read({"no": "sender"}) is None


def test_presence_forgets_whoever_was_not_heard_of_for_45_seconds() -> None:
    now = [0.0]
    presence = live.Presence(clock=lambda: now[0])
    presence.heard(live.Heartbeat("a", "Ana", "e1"))
    presence.heard(live.Heartbeat("b", "ben", "e1"))
    presence.heard(live.Heartbeat("c", "Cleo", "e2"))
    assert presence.names("e1") == ["Ana", "ben"]
    now[0] = 30.0
    presence.heard(live.Heartbeat("a", "Ana", "e1"))
    now[0] = 50.0
    assert presence.names("e1") == ["Ana"]
    presence.heard(live.Heartbeat("a", "Ana", "e1", leaving=True))
    assert presence.names("e1") == []


@pytest.fixture
def pg_workspace() -> Iterator[Workspace]:
    with fresh_schema() as url:
        ws = open_workspace(url)
        yield ws
        ws.close()


@pytest.fixture(params=["postgresql", "sqlite"])
def followed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A workspace a window follows: on PostgreSQL, or a SQLite file."""
    if request.param == "sqlite":
        ws = open_workspace(tmp_path / "shared.sqlite3")
        assert live.follow(ws)
        yield ws
        ws.close()
        return
    request.applymarker(pytest.mark.postgres)
    with fresh_schema() as url:
        ws = open_workspace(url)
        assert live.follow(ws)
        yield ws
        ws.close()


WRITER = """
import sys
from workshop_planner.services import capture
from workshop_planner.store import open_workspace
ws = open_workspace(sys.argv[1])
capture.add_note(ws, sys.argv[2], kind="observation", text="From elsewhere", author="Ola")
ws.close()
"""


def receive(listener: live.Listener, count: int, timeout: float = 10.0) -> list[live.Message]:
    found: list[live.Message] = []
    deadline = time.monotonic() + timeout
    while len(found) < count and time.monotonic() < deadline:
        found += listener.receive(0.5)
    return found


def test_a_note_saved_by_another_process_arrives_as_its_changes(followed: Workspace) -> None:
    ws = followed
    with ws.transaction() as db:
        event = m.Event(title="Live", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2))
        db.add(event)
    listener = live.Listener(ws)
    try:
        # our own commit is not news to us …
        capture.add_note(ws, event.id, kind="observation", text="Mine", author="Me")
        assert receive(listener, 1, timeout=1.0) == []
        # … another process's commit is, as the parts a local capture announces
        # (on SQLite the other program announces because a window follows the file)
        url = ws.url.render_as_string(hide_password=False)
        subprocess.run([sys.executable, "-c", WRITER, url, event.id], check=True, timeout=60)
        messages = receive(listener, 1)
        assert [c for msg in messages for c in msg.changes] == [Changes.of(event.id, Part.NOTES)]
    finally:
        listener.close()


def add_then_fail(ws: Workspace) -> None:
    with ws.transaction() as db:
        db.add(m.Person(full_name="Never"))
        db.flush()
        raise RuntimeError("changed my mind")


@pytest.mark.postgres
def test_a_rolled_back_change_is_not_announced(pg_workspace: Workspace) -> None:
    other = open_workspace(pg_workspace.url)
    listener = live.Listener(other)
    try:
        with pytest.raises(RuntimeError, match="changed my mind"):
            add_then_fail(pg_workspace)
        assert receive(listener, 1, timeout=1.0) == []
        live.send_heartbeat(pg_workspace, "Ana", None)
        (beat,) = receive(listener, 1)
        assert beat.heartbeat == live.Heartbeat(pg_workspace.announcer.sender, "Ana", None)  # type: ignore[union-attr]
    finally:
        listener.close()
        other.close()


def test_a_bulk_delete_and_several_events_arrive_as_their_changes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    writer, window = open_workspace(path), open_workspace(path)
    try:
        assert live.follow(window)
        listener = live.Listener(window)
        with writer.transaction() as db:
            a = m.Event(title="A", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2))
            b = m.Event(title="B", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2))
            db.add_all([a, b, m.Person(full_name="Gone soon")])
        (created,) = receive(listener, 1)
        assert sorted(created.changes, key=lambda c: c.event_id or "") == sorted(
            [
                Changes.of(None, live.TABLE_PARTS["people"]),
                Changes.of(a.id, Part.EVENTS, Part.EVENT),
                Changes.of(b.id, Part.EVENTS, Part.EVENT),
            ],
            key=lambda c: c.event_id or "",
        )
        with writer.transaction() as db:  # a statement, not a flush: its table still counts
            db.execute(delete(m.Person).where(m.Person.full_name == "Gone soon"))
        (deleted,) = receive(listener, 1)
        assert deleted.changes == [Changes.of(None, live.TABLE_PARTS["people"])]
        listener.close()
    finally:
        writer.close()
        window.close()
