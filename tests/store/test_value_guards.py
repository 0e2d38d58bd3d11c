"""Every write through the ORM keeps its columns' limits, on SQLite and PostgreSQL alike.

The bundle import and the event fields say which field is wrong before they
write; every other edit (agenda, people, capture) is stopped at the flush by
one hook, with one sentence, and the transaction leaves the workspace as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import Factory
from workshop_planner.services import agenda, capture, people
from workshop_planner.store import ValueOutOfLimitsError, Workspace, open_workspace

SERVER = "postgresql+psycopg://root@127.0.0.1:5432/test"


def _session_data(title: str) -> agenda.SessionData:
    return agenda.SessionData(
        title=title, kind="panel", start=datetime(2023, 6, 15, 9), end=datetime(2023, 6, 15, 10)
    )


def _refuses_long_titles_and_control_characters(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    session = agenda.create_session(workspace, event.id, _session_data("Opening"))

    with pytest.raises(ValueOutOfLimitsError) as long_title:
        agenda.update_session(workspace, session.id, _session_data("x" * 501))
    message = str(long_title.value)
    assert message == "Not saved: the session’s title has 501 characters; at most 500 fit."
    assert "\n" not in message
    assert "SQL" not in message
    assert agenda.get_session(workspace, session.id).title == "Opening"

    with pytest.raises(ValueOutOfLimitsError, match="control character"):
        agenda.create_session(workspace, event.id, _session_data("Opening\x07 bell"))
    assert [s.title for s in agenda.list_sessions(workspace, event.id)] == ["Opening"]

    with pytest.raises(ValueOutOfLimitsError, match="NUL"):
        capture.add_note(workspace, event.id, kind="observation", text="a\x00b", author="Tess")
    assert capture.list_notes(workspace, event.id) == []

    person = factory.person(full_name="Ada Nowak")
    with pytest.raises(ValueOutOfLimitsError, match="ESCAPE"):
        people.update_person(
            workspace, person.id, {"full_name": "Ada\x1bNowak"}, changed_by="Tess"
        )
    assert people.get_person(workspace, person.id).full_name == "Ada Nowak"


def test_sqlite_refuses_values_beyond_their_columns(workspace: Workspace, factory: Factory) -> None:
    _refuses_long_titles_and_control_characters(workspace, factory)


def test_values_within_limits_are_saved(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    title = "Ł" * 500  # exactly the column's size, in characters not bytes
    session = agenda.create_session(workspace, event.id, _session_data(title))
    assert agenda.get_session(workspace, session.id).title == title
    note = capture.add_note(
        workspace, event.id, kind="observation", text="line one\nline two\ttabbed", author="Tess"
    )
    assert note.text == "line one\nline two\ttabbed"  # free text keeps its line breaks


@pytest.fixture
def pg_workspace() -> Iterator[Workspace]:
    schema = f"wp_guard_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    ws = open_workspace(f"{SERVER}?options=-csearch_path%3D{schema}")
    yield ws
    ws.close()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.mark.postgres
def test_postgres_refuses_the_same_values_in_the_same_words(pg_workspace: Workspace) -> None:
    _refuses_long_titles_and_control_characters(pg_workspace, Factory(pg_workspace))
