"""Every change bumps updated_at, so merges never lose an edit."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.store import Workspace

OLD = datetime(2020, 1, 1, tzinfo=UTC)


def test_editing_a_field_bumps_updated_at(workspace: Workspace, factory: Factory) -> None:
    person = factory.person(updated_at=OLD)
    with workspace.transaction() as db:
        db.get_one(m.Person, person.id).job_title = "Mayor"
    with workspace.transaction() as db:
        assert db.get_one(m.Person, person.id).updated_at > OLD


def test_changing_a_detail_row_bumps_its_owner(workspace: Workspace, factory: Factory) -> None:
    event = factory.event()
    note = factory.note(event, kind="quote", updated_at=OLD)
    with workspace.transaction() as db:
        db.get_one(m.Note, note.id).quote = m.QuoteDetails(attribution="named", name="A")
    with workspace.transaction() as db:
        stamp = db.get_one(m.Note, note.id).updated_at
        assert stamp > OLD
    time.sleep(0.01)
    with workspace.transaction() as db:
        quote = db.get_one(m.QuoteDetails, note.id)
        quote.attribution = "anonymous"
    with workspace.transaction() as db:
        assert db.get_one(m.Note, note.id).updated_at > stamp


def test_an_explicit_stamp_is_kept(workspace: Workspace, factory: Factory) -> None:
    person = factory.person(updated_at=OLD)
    chosen = datetime(2021, 5, 5, 12, 0, tzinfo=UTC)
    with workspace.transaction() as db:
        p = db.get_one(m.Person, person.id)
        p.job_title = "Mayor"
        p.updated_at = chosen
    with workspace.transaction() as db:
        assert db.get_one(m.Person, person.id).updated_at == chosen
