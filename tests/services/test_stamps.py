"""``updated_at`` is stamped by the flush hook only; the services never write it.

Merging bundles relies on it ("newer wins"), so an edit through any service
must move it forward, and the only hand-written stamps are the ones that keep
a stamp on purpose: a merged object keeps the bundle's, an undone deletion
its own, and a note's history records the stamp its old text had.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import workshop_planner.services as services_package
from workshop_planner.domain import models as m
from workshop_planner.services import agenda, capture
from workshop_planner.services import event_editing as ee
from workshop_planner.services import participants as ps
from workshop_planner.store import Workspace

SERVICES = Path(services_package.__file__).parent

#: (module, function) that write ``updated_at`` on purpose, and why
ALLOWED = {
    ("bundle_merge.py", "keep_stamp"): "a merged object keeps the bundle's stamp",
    ("capture.py", "restore_note"): "an undone deletion brings the note back as it was",
    ("curation.py", "restore_theme"): "an undone deletion brings the theme back as it was",
    ("capture.py", "update_note"): "a note revision records its text's old stamp",
    ("capture.py", "save_draft"): "drafts are not merged (no flush-hook stamp)",
}


MODELS = {mapper.class_.__name__ for mapper in m.Base.registry.mappers}


def _model_names(tree: ast.Module) -> set[str]:
    """Names a module calls the models by (``m.Note``, ``AgendaSession`` …)."""
    names = set(MODELS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("domain.models"):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _creates_model(call: ast.Call, models: set[str]) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in models or name == "new_copy"  # fields.new_copy makes a model row


def _stamp_writes(path: Path) -> set[tuple[str, str]]:
    """(module, function) of each ``x.updated_at = …`` or ``Model(updated_at=…)``."""
    found: set[tuple[str, str]] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    models = _model_names(tree)
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        for node in ast.walk(func):
            targets: list[Any] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign | ast.AugAssign):
                targets = [node.target]
            writes = any(isinstance(t, ast.Attribute) and t.attr == "updated_at" for t in targets)
            if isinstance(node, ast.Call) and _creates_model(node, models):
                writes = any(k.arg == "updated_at" for k in node.keywords)
            if writes:
                found.add((path.name, func.name))
    return found


def test_only_the_flush_hook_stamps_in_the_services() -> None:
    writes: set[tuple[str, str]] = set()
    for path in sorted(SERVICES.glob("*.py")):
        writes |= _stamp_writes(path)
    assert writes - set(ALLOWED) == set(), "stamp by the flush hook (store/tracking.py)"
    assert set(ALLOWED) <= writes  # the guard sees real writes (and the list is current)


def _stamp(ws: Workspace, model: type[Any], obj_id: str) -> datetime:
    with ws.transaction() as db:
        obj = db.get(model, obj_id)
        assert obj is not None
        stamp: datetime = obj.updated_at
        return stamp


OLD = datetime(2020, 1, 1, tzinfo=UTC)


def _age(ws: Workspace, model: type[Any], obj_id: str) -> None:
    """Set a stamp far in the past, as a bundle import would."""
    with ws.transaction() as db:
        obj = db.get(model, obj_id)
        assert obj is not None
        obj.updated_at = OLD


Edit = Callable[[Workspace, Any], tuple[type[Any], str]]


def _event_field(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    event = f.event()
    _age(ws, m.Event, event.id)
    ee.update_event(ws, event.id, {"subtitle": "New"})
    return m.Event, event.id


def _archive(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    event = f.event()
    _age(ws, m.Event, event.id)
    ee.set_archived(ws, event.id, True)
    return m.Event, event.id


def _report_settings(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    event = ee.create_event(ws, title="Summit", start_date=datetime(2024, 5, 2).date())
    _age(ws, m.Event, event.id)
    ee.update_report_settings(ws, event.id, {"closing": "Thanks."})
    return m.Event, event.id


def _contact(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    contact = ee.add_contact(ws, f.event().id, name="Kim")
    _age(ws, m.Contact, contact.id)
    ee.update_contact(ws, contact.id, {"role": "Lead"})
    return m.Contact, contact.id


def _partner(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    partner = ee.add_partner(ws, f.event().id, name="Fund")
    _age(ws, m.Partner, partner.id)
    ee.update_partner(ws, partner.id, {"url": "https://fund.example"})
    return m.Partner, partner.id


def _moved_session(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    session = f.session(f.event())
    _age(ws, m.Session, session.id)
    agenda.move_session(ws, session.id, datetime(2023, 6, 15, 11), datetime(2023, 6, 15, 12))
    return m.Session, session.id


def _note_of_deleted_session(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    event = f.event()
    session = f.session(event)
    note = f.note(event, session_id=session.id)
    _age(ws, m.Note, note.id)
    agenda.delete_session(ws, session.id)
    return m.Note, note.id


def _note_details(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    note = f.note(f.event(), kind="resource", text="")
    capture.update_note(ws, note.id, resource=capture.ResourceData(title="Toolkit"))
    _age(ws, m.Note, note.id)
    capture.update_note(ws, note.id, resource=capture.ResourceData(title="Toolkit 2"))
    return m.Note, note.id


def _note_author(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    event = f.event()
    note = f.note(event)
    _age(ws, m.Note, note.id)
    capture.set_notes_author(ws, event.id, [note.id], "Someone else")
    return m.Note, note.id


def _attendance(ws: Workspace, f: Any) -> tuple[type[Any], str]:
    part = f.participant(f.event(), f.person())
    _age(ws, m.Participant, part.id)
    ps.update_participants(ws, [part.id], attendance="declined")
    return m.Participant, part.id


@pytest.mark.parametrize(
    "edit",
    [
        _event_field,
        _archive,
        _report_settings,
        _contact,
        _partner,
        _moved_session,
        _note_of_deleted_session,
        _note_details,
        _note_author,
        _attendance,
    ],
    ids=lambda e: e.__name__.strip("_"),
)
def test_an_edit_through_a_service_moves_the_stamp_forward(
    workspace: Workspace, factory: Any, edit: Edit
) -> None:
    model, obj_id = edit(workspace, factory)
    assert _stamp(workspace, model, obj_id) > OLD


def test_an_edit_that_changes_nothing_keeps_the_stamp(workspace: Workspace, factory: Any) -> None:
    event = factory.event()
    _age(workspace, m.Event, event.id)
    ee.update_event(workspace, event.id, {"title": event.title})
    assert _stamp(workspace, m.Event, event.id) == OLD


def test_results_carry_the_stamp_the_hook_wrote(workspace: Workspace, factory: Any) -> None:
    event = factory.event()
    _age(workspace, m.Event, event.id)
    result = ee.update_event(workspace, event.id, {"subtitle": "New"})
    assert result.updated_at == _stamp(workspace, m.Event, event.id) > OLD
    with workspace.transaction() as db:
        assert db.scalar(select(m.Event.subtitle)) == "New"
