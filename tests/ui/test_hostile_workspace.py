"""A workspace written before the limits existed still opens: every page shows every event.

Its data is put straight into the database (no service would accept it now): an
event ending 9999-12-31 with sessions on that last day, one lasting 8,000 years,
and partner logos no one could decode (a PNG declaring 12000×12000 pixels, an SVG
of nested ``<use>``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import written_before_the_limits
from tests.hostile_files import nested_use_svg, png_declaring
from workshop_planner.domain import models as m
from workshop_planner.store import Workspace
from workshop_planner.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _store_hostile_events(ws: Workspace) -> list[str]:
    """Two events beyond the limits, the one at the end of time first."""
    last = date(9999, 12, 31)
    with written_before_the_limits(), ws.transaction() as db:
        end_of_time = m.Event(
            title="At the end of time",
            start_date=last,
            end_date=last,
            timezone="Pacific/Kiritimati",
        )
        end_of_time.sessions = [
            m.Session(
                title="Late", start=datetime(9999, 12, 31, 22), end=datetime(9999, 12, 31, 23, 59)
            ),
            m.Session(
                title="Earlier", start=datetime(2023, 6, 15, 9), end=datetime(2023, 6, 15, 10)
            ),
        ]
        forever = m.Event(
            title="Forever", start_date=date(2023, 6, 15), end_date=last, timezone="Europe/Berlin"
        )
        forever.sessions = [
            m.Session(
                title="Opening", start=datetime(2023, 6, 15, 9), end=datetime(2023, 6, 15, 10)
            ),
            m.Session(
                title="Closing", start=datetime(9999, 12, 31, 9), end=datetime(9999, 12, 31, 10)
            ),
        ]
        png = m.Asset(media_type="image/png", data=png_declaring(12_000, 12_000))
        svg = m.Asset(media_type="image/svg+xml", data=nested_use_svg(levels=12))
        forever.partners = [
            m.Partner(name="Huge", logo=png, position=0),
            m.Partner(name="Nested", logo=svg, position=1),
        ]
        db.add_all([end_of_time, forever])
        db.flush()
        return [end_of_time.id, forever.id]


def test_app_starts_and_shows_every_page_of_events_beyond_the_limits(
    qtbot, workspace: Workspace, make_window: Callable[[], MainWindow]
) -> None:
    event_ids = _store_hostile_events(workspace)
    window = make_window()  # selects an event at start-up: this raised OverflowError
    assert window.event_id in event_ids
    app = QApplication.instance()
    assert app is not None
    for event_id in event_ids:
        window.select_event(event_id)
        for name in list(window.pages):
            window.show_page(name)
            window.repaint()
            app.processEvents()
        assert window.event_id == event_id


def test_a_session_on_the_last_day_there_is_cannot_move_on(
    qtbot, workspace: Workspace, make_window: Callable[[], MainWindow]
) -> None:
    end_of_time, _ = _store_hostile_events(workspace)
    window = make_window()
    window.select_event(end_of_time)
    window.show_page("agenda")
    view = window.agenda
    late = next(s for s in view.sessions if s.title == "Late")
    view.grid.select(late.id)
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.message_bar.label.text() == "A session cannot move beyond the last day there is."
    assert next(s for s in view.sessions if s.id == late.id).start == datetime(9999, 12, 31, 22)
