"""Pages load their data when first shown, not while hidden (issue 14).

Counted with the SQL the workspace runs (a ``before_cursor_execute``
listener): opening the window on the Overview reads neither the agenda nor
the people directory; showing a page reads it; switching events reloads only
the page in view, and a page shown later shows the new event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlalchemy import event as sa_event

from tests.conftest import Factory
from workshop_planner.store import Workspace
from workshop_planner.ui.main_window import MainWindow
from workshop_planner.ui.operations import Page

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

AGENDA_READ = "FROM session_people"  # the agenda's people, read with its sessions
DIRECTORY_READ = "FROM people"  # the People page's directory


@pytest.fixture
def statements(workspace: Workspace) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        seen.append(" ".join(sql.split()))

    sa_event.listen(workspace.engine, "before_cursor_execute", record)
    yield seen
    sa_event.remove(workspace.engine, "before_cursor_execute", record)


def read(statements: list[str], table: str) -> bool:
    return any(table in sql for sql in statements)


def test_hidden_pages_read_nothing_until_shown(
    make_window: Callable[[], MainWindow], factory: Factory, statements: list[str]
) -> None:
    first = factory.event(title="First")
    factory.session(first, title="Opening", start=datetime(2023, 6, 15, 9))
    factory.person(full_name="Ada Nowak")

    window = make_window()
    assert window.current_page() == Page.OVERVIEW
    assert window.event_id == first.id
    assert not read(statements, AGENDA_READ)
    assert not read(statements, DIRECTORY_READ)

    statements.clear()
    window.show_page(Page.AGENDA)
    assert read(statements, AGENDA_READ)
    assert [s.title for s in window.agenda.sessions] == ["Opening"]

    statements.clear()
    window.show_page(Page.PEOPLE)
    assert read(statements, DIRECTORY_READ)


def test_a_switch_loads_the_page_in_view_and_the_others_when_shown(
    make_window: Callable[[], MainWindow], factory: Factory, statements: list[str]
) -> None:
    first = factory.event(title="First", start_date=datetime(2023, 6, 15).date())
    second = factory.event(
        title="Second",
        start_date=datetime(2024, 6, 15).date(),
        end_date=datetime(2024, 6, 16).date(),
    )
    factory.session(first, title="Old session", start=datetime(2023, 6, 15, 9))
    factory.session(second, title="New session", start=datetime(2024, 6, 15, 9))
    window = make_window()
    window.select_event(first.id)
    window.show_page(Page.AGENDA)
    window.show_page(Page.OVERVIEW)

    statements.clear()
    window.select_event(second.id)
    assert not read(statements, AGENDA_READ)  # the agenda is hidden: it waits
    assert window.page_event(Page.AGENDA) == first.id

    window.show_page(Page.AGENDA)
    assert read(statements, AGENDA_READ)
    assert window.page_event(Page.AGENDA) == second.id
    assert [s.title for s in window.agenda.sessions] == ["New session"]

    statements.clear()
    window.show_page(Page.OVERVIEW)
    window.show_page(Page.AGENDA)  # shown again, same event: nothing to read
    assert not read(statements, AGENDA_READ)
