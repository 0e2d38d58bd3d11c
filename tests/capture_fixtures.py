"""Capture fixtures shared by the service, UI, end-to-end and crash tests: an event
with sessions, themes and participants, and the note-taker's name.

tests/conftest.py loads it as a plugin. Its one autouse fixture names the
note-taker (the capture page asks otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from workshop_planner.ui.capture.view import AUTHOR_ENV

AUTHOR = "Nora Notes"


@dataclass
class CaptureSetup:
    event_id: str
    sessions: list[str]  # keynote, panel, lunch-time workshop (day 1), day 2 plenary
    themes: list[str]  # Mayoral Leadership, Climate Resilience, Social Cohesion
    consenting: str  # person id, agreed to be named
    shy: str  # person id, did not agree


@pytest.fixture(autouse=True)
def _author(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AUTHOR_ENV, AUTHOR)


@pytest.fixture
def setup(factory: Any) -> CaptureSetup:
    event = factory.event()
    s1 = factory.session(event)  # 15 June 09:30-10:00
    s2 = factory.session(
        event,
        title="Panel: Mayors and the climate emergency",
        kind="panel",
        start=datetime(2023, 6, 15, 10, 15),
        end=datetime(2023, 6, 15, 11, 30),
    )
    s3 = factory.session(
        event,
        title="Workshop: Heat action plans",
        kind="workshop",
        start=datetime(2023, 6, 15, 13, 0),
        end=datetime(2023, 6, 15, 14, 30),
    )
    s4 = factory.session(
        event,
        title="Closing plenary",
        kind="plenary",
        start=datetime(2023, 6, 16, 9, 0),
        end=datetime(2023, 6, 16, 10, 0),
    )
    t1 = factory.theme(event, position=1, title="Mayoral Leadership")
    t2 = factory.theme(event, position=2, title="Climate Resilience")
    t3 = factory.theme(event, position=3, title="Social Cohesion")
    org = factory.organisation(name="City of Warsaw", country="PL")
    ada = factory.person(full_name="Ada Nowak", country="PL", consent_to_name=True)
    ada.organisation_id = org.id
    with factory.ws.transaction() as db:
        db.merge(ada)
    ben = factory.person(full_name="Ben Carter", country="US", consent_to_name=False)
    factory.participant(event, ada)
    factory.participant(event, ben)
    return CaptureSetup(
        event.id, [s1.id, s2.id, s3.id, s4.id], [t1.id, t2.id, t3.id], ada.id, ben.id
    )
