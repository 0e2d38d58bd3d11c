"""The services' plain results carry every declared field of their entity.

A column added to a declaration in ``domain/fields.py`` must show up in the
results that are built from it (``fields.result_of``), or this test says where.
"""

from __future__ import annotations

import pytest

from workshop_planner.domain import fields as f
from workshop_planner.services import agenda, capture, participants
from workshop_planner.services import event_editing as ee

#: result class -> the declaration it is built from, and declared names it leaves out on purpose
RESULTS: list[tuple[type, f.Fields, set[str]]] = [
    (ee.EventData, f.EVENT, set()),
    (ee.PartnerData, f.PARTNER, {"event_id"}),
    (ee.ContactData, f.CONTACT, {"event_id"}),
    (ee.ReportSettingsData, f.REPORT_SETTINGS, {"event_id", "extra_overrides"}),
    (participants.OrganisationSnapshot, f.ORGANISATION, set()),
    (participants.PersonSnapshot, f.PERSON, set()),
    (participants.ParticipantSnapshot, f.PARTICIPANT, set()),
    (agenda.SessionInfo, f.SESSION, set()),
    (agenda.SessionData, f.SESSION, {"event_id"}),
    (agenda.FieldVisitInfo, f.FIELD_VISIT, {"session_id"}),
    (agenda.FieldVisitData, f.FIELD_VISIT, {"session_id"}),
    (capture.NoteData, f.NOTE, set()),
    (capture.QuoteData, f.QUOTE, {"note_id"}),
    (capture.CaseStudyData, f.CASE_STUDY, {"note_id"}),
    (capture.ExampleData, f.EXAMPLE, {"note_id"}),
    (capture.ResourceData, f.RESOURCE, {"note_id"}),
]


@pytest.mark.parametrize(
    ("result", "declared", "left_out"), RESULTS, ids=lambda r: getattr(r, "__name__", "")
)
def test_result_has_every_declared_field(
    result: type, declared: f.Fields, left_out: set[str]
) -> None:
    missing = set(declared.stored) - left_out - set(f.names_of(result))
    assert not missing, f"{result.__name__} lacks {sorted(missing)}"
