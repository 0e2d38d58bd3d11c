"""The consent column of the participant import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import Factory
from workshop_planner.domain import models as m
from workshop_planner.services import participant_import as pi
from workshop_planner.services import people
from workshop_planner.store import Workspace


@pytest.mark.parametrize(
    "header",
    ["Consent", "Consent to be named", "Photo/name consent", "Einwilligung", "Consentement",
     "CONSENT (name in report)"],
)  # fmt: skip
def test_consent_headers_are_recognised(header: str) -> None:
    mapping = pi.guess_mapping(["Name", "Email", header])
    assert mapping["consent_to_name"] == 2
    assert mapping["full_name"] == 0


def test_consent_answers_in_several_languages(
    tmp_path: Path, workspace: Workspace, factory: Factory
) -> None:
    event = factory.event()
    path = tmp_path / "people.csv"
    answers = ["yes", "no", "TRUE", "false", "1", "0", "ja", "nein", "oui", "non", "sí", ""]
    lines = ["Name;Consent to be named"] + [f"Person {i};{a}" for i, a in enumerate(answers)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = pi.read_table(path)
    mapping = pi.guess_mapping(table.headers)
    plan = pi.plan_import(workspace, event.id, table, mapping)
    assert plan.errors == []
    expected = [True, False, True, False, True, False, True, False, True, False, True, None]
    assert [r.consent_to_name for r in plan.rows] == expected
    pi.import_participants(workspace, event.id, table, mapping)
    by_name = {p.full_name: p for p in people.list_people(workspace)}
    assert [by_name[f"Person {i}"].consent_to_name for i in range(len(answers))] == [
        bool(e) for e in expected
    ]
    history = people.consent_history(workspace, by_name["Person 0"].id)
    assert [(h.changed_by, h.old, h.new) for h in history] == [("import", None, True)]
    assert people.consent_history(workspace, by_name["Person 11"].id) == []


def test_an_unknown_consent_answer_is_a_row_error(
    tmp_path: Path, workspace: Workspace, factory: Factory
) -> None:
    event = factory.event()
    path = tmp_path / "people.csv"
    path.write_text("Name,Consent\nAda Nowak,yes\nBo Li,maybe\n", encoding="utf-8")
    table = pi.read_table(path)
    mapping = pi.guess_mapping(table.headers)
    plan = pi.plan_import(workspace, event.id, table, mapping)
    assert [(e.row, e.message) for e in plan.errors] == [
        (3, "“maybe” in column B (Consent) is not a consent answer (yes or no).")
    ]
    with pytest.raises(pi.ParticipantImportError):
        pi.import_participants(workspace, event.id, table, mapping)
    with workspace.transaction() as db:
        assert db.scalars(select(m.Person)).all() == []
