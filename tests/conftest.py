"""Shared fixtures: a real SQLite workspace per test and factories for its objects."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workshop_planner.domain import models as m
from workshop_planner.store import Workspace, open_workspace

#: the capture event and note-taker shared by service, UI, end-to-end and crash tests
pytest_plugins = ["tests.capture_fixtures"]


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.sqlite3"


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(workspace_path)
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the real user's data, config and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("WORKSHOP_PLANNER_WORKSPACE", raising=False)


class Factory:
    """Creates objects in a workspace, one committed transaction each."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    def _add(self, obj: Any) -> Any:
        with self.ws.transaction() as db:
            db.add(obj)
        return obj

    def event(self, **kw: Any) -> m.Event:
        values: dict[str, Any] = {
            "title": "Cities on the Front-lines",
            "series": "Transatlantic Initiative",
            "label": "Event Report",
            "start_date": date(2023, 6, 15),
            "end_date": date(2023, 6, 16),
            "timezone": "Europe/Berlin",
            "venue_city": "Berlin",
            "venue_country": "DE",
        }
        values.update(kw)
        return self._add(m.Event(**values))

    def organisation(self, **kw: Any) -> m.Organisation:
        values: dict[str, Any] = {
            "name": "City of Berlin",
            "sector": "local_government",
            "country": "DE",
        }
        values.update(kw)
        return self._add(m.Organisation(**values))

    def person(self, **kw: Any) -> m.Person:
        values: dict[str, Any] = {
            "full_name": "Ada Nowak",
            "country": "PL",
            "consent_to_name": True,
        }
        values.update(kw)
        return self._add(m.Person(**values))

    def participant(self, event: m.Event, person: m.Person, **kw: Any) -> m.Participant:
        values: dict[str, Any] = {"roles": ["participant"], "attendance": "attended"}
        values.update(kw)
        return self._add(m.Participant(event_id=event.id, person_id=person.id, **values))

    def session(self, event: m.Event, **kw: Any) -> m.Session:
        values: dict[str, Any] = {
            "title": "Opening keynote",
            "kind": "keynote",
            "start": datetime(2023, 6, 15, 9, 30),
            "end": datetime(2023, 6, 15, 10, 0),
        }
        values.update(kw)
        return self._add(m.Session(event_id=event.id, **values))

    def theme(self, event: m.Event, **kw: Any) -> m.Theme:
        values: dict[str, Any] = {"position": 1, "title": "Mayoral Leadership"}
        values.update(kw)
        return self._add(m.Theme(event_id=event.id, **values))

    def note(self, event: m.Event, **kw: Any) -> m.Note:
        values: dict[str, Any] = {
            "kind": "observation",
            "text": "Mayors lead.",
            "author": "Tester",
            "captured_at": datetime(2023, 6, 15, 8, 0, tzinfo=UTC),
        }
        values.update(kw)
        return self._add(m.Note(event_id=event.id, **values))


@pytest.fixture
def factory(workspace: Workspace) -> Factory:
    return Factory(workspace)


@contextmanager
def written_before_the_limits() -> Iterator[None]:
    """Write as an older version did, before the flush checked values against their columns."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session as DbSession

    from workshop_planner.store import guards
    from workshop_planner.store.workspace import install_write_hooks

    install_write_hooks()  # (a workspace installs them with its first write, once)
    event.remove(DbSession, "before_flush", guards.check_values)
    try:
        yield
    finally:
        guards.install()
