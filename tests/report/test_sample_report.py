"""The sample event's report, as a new user first sees it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report.conftest import font_descriptors, outline_titles, pdf_reader, pdf_text
from workshop_planner.report import export_report
from workshop_planner.resources import sample_bundle_path
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import Workspace

SECTIONS = [
    "Summary",
    "Threats, Key Challenges & City Needs",
    "Key Themes",
    "Next Steps",
    "Additional Resources",
    "Donors & Partners",
    "Contact Information",
]


@dataclass(frozen=True)
class Sample:
    reader: PdfReader
    text: str
    bundle: dict[str, object]


@pytest.fixture(scope="module")
def sample(module_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Sample:
    event_id = load_sample_event(module_workspace).event_id
    out = export_report(module_workspace, event_id, tmp_path_factory.mktemp("sample") / "s.pdf")
    data = out.read_bytes()
    bundle = json.loads(Path(sample_bundle_path()).read_text(encoding="utf-8"))
    return Sample(pdf_reader(data), pdf_text(data), bundle)


def test_every_section_in_order(sample: Sample) -> None:
    top = [title for depth, title in outline_titles(sample.reader) if depth == 0]
    assert top[1:] == SECTIONS


def test_the_opening_sentence_of_the_sample(sample: Sample) -> None:
    assert "On 15 – 17 June 2023, the Strong Cities Network convened more than" in sample.text
    assert "Berlin, Dortmund, Rostock and Weißenfels in Germany; " in sample.text
    assert "in the United States." in sample.text


def test_people_without_consent_are_never_named(sample: Sample) -> None:
    people = sample.bundle["people"]
    assert isinstance(people, list)
    hidden = [p["full_name"] for p in people if not p["consent_to_name"]]
    assert hidden
    for name in hidden:
        assert name not in sample.text


def test_no_empty_or_template_leftovers(sample: Sample) -> None:
    assert re.search(r"\bNone\b", sample.text) is None
    assert "{{" not in sample.text
    assert "{%" not in sample.text


def test_only_the_shipped_fonts_are_embedded(sample: Sample) -> None:
    for name, files in font_descriptors(sample.reader):
        assert "Source-Sans-Pro" in name, name
        assert files, name
