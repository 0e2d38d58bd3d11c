"""Fixtures of the report studio tests: an event with a session and captured notes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from workshop_planner.services import agenda
from workshop_planner.services import capture as cap
from workshop_planner.services import event_editing as ee
from workshop_planner.store import Workspace
from workshop_planner.ui.operations import Operations
from workshop_planner.ui.studio import StudioView


@dataclass
class Captured:
    event_id: str
    session_id: str
    #: note ids by a short name
    notes: dict[str, str] = field(default_factory=dict)


#: (name, kind, text, extra keyword arguments of add_note)
NOTES: tuple[tuple[str, str, str, dict[str, object]], ...] = (
    ("obs_budget", "observation", "Mayors balance budgets against climate risk.", {}),
    ("obs_youth", "observation", "Youth councils shape local policy.", {}),
    ("obs_unused", "observation", "Coffee breaks were too short.", {}),
    (
        "quote_ada",
        "quote",
        "Cities act when nations stall.",
        {"quote": cap.QuoteData(name="Ada Nowak", job_title="Mayor", attribution="named")},
    ),
    (
        "quote_ben",
        "quote",
        "Trust is built street by street.",
        {"quote": cap.QuoteData(name="Ben Ortiz", job_title="Councillor", attribution="named")},
    ),
    (
        "quote_close",
        "quote",
        "We leave with homework, not with speeches.",
        {"quote": cap.QuoteData(name="Cleo Park", job_title="Director", attribution="named")},
    ),
    ("threat_disinfo", "threat", "Disinformation targets local officials.", {}),
    ("challenge_staff", "challenge", "Small towns lack specialised staff.", {}),
    ("need_funding", "need", "Direct access to climate funding.", {}),
    ("next_network", "next_step", "Launch a peer network of mayors.", {}),
    (
        "case_rostock",
        "case_study",
        "Rostock's heat plan.",
        {
            "case_study": cap.CaseStudyData(
                title="City of Rostock, Germany",
                challenge="Heat waves.",
                approach="Shaded routes.",
                impact="Fewer heat admissions.",
            )
        },
    ),
    ("rec_unused", "recommendation", "Publish agendas earlier.", {}),
)


def capture_event(workspace: Workspace) -> Captured:
    """An event, one session and 12 captured notes, all through the services."""
    event = ee.create_event(
        workspace,
        title="Cities on the Front-lines",
        start_date=date(2023, 6, 15),
        end_date=date(2023, 6, 16),
        timezone="Europe/Berlin",
    )
    session = agenda.create_session(
        workspace,
        event.id,
        agenda.SessionData(
            title="Mayors' roundtable",
            kind="panel",
            start=datetime(2023, 6, 15, 10, 0),
            end=datetime(2023, 6, 15, 11, 30),
        ),
    )
    captured = Captured(event.id, session.id)
    start = datetime(2023, 6, 15, 8, 10, tzinfo=UTC)
    for i, (name, kind, text, extra) in enumerate(NOTES):
        note = cap.add_note(
            workspace,
            event.id,
            kind=kind,
            text=text,
            author="Nora" if i % 2 else "Sam",
            session_id=session.id,
            captured_at=start + timedelta(minutes=i),
            **extra,  # type: ignore[arg-type]
        )
        captured.notes[name] = note.id
    return captured


@pytest.fixture
def captured(workspace: Workspace) -> Captured:
    return capture_event(workspace)


def activate(qtbot: object, widget: QWidget) -> None:
    """Show ``widget`` as the active window, so keys reach the widget with focus."""
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)  # type: ignore[attr-defined]


@pytest.fixture
def studio(qtbot: object, workspace: Workspace, captured: Captured) -> Iterator[StudioView]:
    ops = Operations(workspace)
    view = StudioView(ops)
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(1400, 900)
    activate(qtbot, view)
    view.set_event(captured.event_id)
    yield view
    QThreadPool.globalInstance().waitForDone(60_000)
