"""The event report of a known event, rendered once and read back with pypdf."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report.conftest import (
    KnownEvent,
    build_known_event,
    font_descriptors,
    link_uris,
    outline_titles,
    pdf_reader,
    pdf_text,
)
from workshop_planner.report import build_context, export_report, render_html, render_pdf
from workshop_planner.store import Workspace

SECTION_HEADINGS = [
    "Summary",
    "Threats, Key Challenges & City Needs",
    "Key Themes",
    "Next Steps",
    "Additional Resources",
    "Donors & Partners",
    "Contact Information",
]

OPENING = (
    "On 15 – 16 June 2023, the Strong Cities Network convened more than 50 representatives "
    "of local governments, national governments and civil society from France, Germany, "
    "Poland and the United States. This included mayors and other officials from Berlin, "
    "Dortmund, Rostock and Weißenfels in Germany; Paris, France; Dąbrowa Górnicza and Lublin "
    "in Poland; and Seattle, United States. The event was held at Berlin City Hall, "
    "with support from the US Embassy, Berlin."
)


@dataclass(frozen=True)
class Rendered:
    known: KnownEvent
    pdf: bytes
    reader: PdfReader
    text: str


@pytest.fixture(scope="module")
def rendered(module_workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    known = build_known_event(module_workspace)
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    written = export_report(module_workspace, known.event_id, out)
    pdf = written.read_bytes()
    return Rendered(known, pdf, pdf_reader(pdf), pdf_text(pdf))


def test_the_file_is_a_pdf_written_whole(rendered: Rendered, tmp_path: Path) -> None:
    assert rendered.pdf.startswith(b"%PDF-")
    assert len(rendered.reader.pages) >= 3


def test_sections_appear_in_the_layout_order(rendered: Rendered) -> None:
    positions = [rendered.text.find(h) for h in SECTION_HEADINGS]
    assert all(p >= 0 for p in positions), dict(zip(SECTION_HEADINGS, positions, strict=True))
    assert positions == sorted(positions)


def test_bookmarks_follow_the_headings(rendered: Rendered) -> None:
    titles = outline_titles(rendered.reader)
    top = [t for depth, t in titles if depth == 0]
    assert top == ["Cities on the Front-lines", *SECTION_HEADINGS]
    nested = [t for depth, t in titles if depth == 1]
    assert nested == [
        "1. Mayoral Leadership",
        "2. Community Engagement",
        "3. National-Local Cooperation",
    ]


def test_the_drafted_summary_sentence(rendered: Rendered) -> None:
    assert OPENING in rendered.text


def test_keynotes_and_themes_are_summarised(rendered: Rendered) -> None:
    assert (
        "Clarence Anthony, Executive Director, National League of Cities, gave a keynote "
        "address on “Civility as the foundation of prevention”."
    ) in rendered.text
    assert "Three key themes emerged out of these discussions:" in rendered.text
    assert "Mayoral Leadership: Mayors lead against hate. They speak out." in rendered.text


def test_quotes_follow_attribution_and_consent(rendered: Rendered) -> None:
    text = rendered.text
    assert "Clarence Anthony, Executive Director, National League of Cities, United States" in text
    assert "Nobody called to ask whether I needed help." in text
    assert "One participant from Poland" in text
    assert rendered.known.hidden_name not in text
    assert "Ukryta" not in text
    # a free-typed speaker counts as consenting
    assert "Christian Hochgrebe, State Secretary, Senate of the Interior and Sport, Germany" in text


def test_case_study_examples_resources_and_contacts(rendered: Rendered) -> None:
    text = rendered.text
    for expected in (
        "City of Edmonton, Canada",
        "Challenge",  # labels print as typed: capitals and tracking set by CSS
        "Approach",  # would come out of the PDF as "CHALLENGE" or "I M PA C T"
        "Impact",
        "A community body",
        "www.edmonton.ca/anti-racism",
        "Other city examples",
        "New York City, United States: Blueprint for asylum seekers",
        "A 10-Step Roadmap, Strong Cities Network",
        "Charlotte Moeyens",
        "cm@strongcitiesnetwork.org",
    ):
        assert expected in text, expected
    assert re.search(r"\bNone\b", text) is None


def test_links_are_real_pdf_links(rendered: Rendered) -> None:
    uris = set(link_uris(rendered.reader))
    assert "https://strongcitiesnetwork.org/" in uris
    assert "https://www.edmonton.ca/anti-racism" in uris
    assert "https://nyc.gov/blueprint" in uris
    assert "https://strongcitiesnetwork.org/roadmap" in uris
    assert "mailto:cm@strongcitiesnetwork.org" in uris


def test_every_font_is_embedded_and_ours(rendered: Rendered) -> None:
    fonts = font_descriptors(rendered.reader)
    assert fonts
    for name, files in fonts:
        assert files & {"/FontFile", "/FontFile2", "/FontFile3"}, name
        assert "Source-Sans-Pro" in name or "SourceSansPro" in name, name


def test_title_and_author_metadata(rendered: Rendered) -> None:
    meta = rendered.reader.metadata
    assert meta is not None
    assert meta.title == "Cities on the Front-lines"
    assert meta.author == "Strong Cities Network"


def test_a4_by_default(rendered: Rendered) -> None:
    box = rendered.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_footer_names_the_report_and_counts_pages(rendered: Rendered) -> None:
    pages = len(rendered.reader.pages)
    first = rendered.reader.pages[0].extract_text() or ""
    second = rendered.reader.pages[1].extract_text() or ""
    assert "page 1 of" not in first
    assert f"page 2 of {pages}" in second
    assert "Cities on the Front-lines" in second


def test_letter_is_selectable(rendered: Rendered, module_workspace: Workspace) -> None:
    context = build_context(module_workspace, rendered.known.event_id)
    html = render_html(context, page_size="letter")
    reader = pdf_reader(render_pdf(html, assets=context.assets))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_sections_left_out_by_the_settings_are_not_printed(
    rendered: Rendered, module_workspace: Workspace
) -> None:
    from workshop_planner.domain import models as m

    with module_workspace.transaction() as db:
        db.add(
            m.ReportSettings(
                event_id=rendered.known.event_id,
                sections=["summary", "contacts"],
                summary_opening="An **editor** wrote this.",
            )
        )
    try:
        context = build_context(module_workspace, rendered.known.event_id)
        html = render_html(context)
    finally:
        with module_workspace.transaction() as db:
            db.delete(db.get(m.ReportSettings, rendered.known.event_id))
    assert "<strong>editor</strong> wrote this." in html
    assert "convened" not in html
    assert "Key Themes" not in html
    assert "Contact Information" in html
