"""Reports of bundles unlike the sample, driven through the CLI like an outside check.

Each bundle is written to a file, imported with ``workshop-planner import``
and rendered with ``workshop-planner report`` (in-process ``cli.main``); the
PDFs are read back with pypdf. Three renders for the whole module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.report import bundles
from tests.report.conftest import font_descriptors, pdf_reader, pdf_text
from workshop_planner.cli import main as cli_main


@dataclass(frozen=True)
class Pdf:
    reader: PdfReader
    text: str
    pages: list[str]


@dataclass(frozen=True)
class Rendered:
    report: Pdf
    programme: Pdf
    html: str
    minimal: Pdf


def font_encodings(reader: PdfReader) -> list[str]:
    encodings = []
    for page in reader.pages:
        fonts: Any = page["/Resources"].get_object().get("/Font")
        for ref in fonts.get_object().values() if fonts is not None else ():
            encoding = ref.get_object().get("/Encoding")
            encodings.append(encoding if isinstance(encoding, str) else "custom CMap")
    return encodings


def _read(path: Path) -> Pdf:
    data = path.read_bytes()
    reader = pdf_reader(data)
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    return Pdf(reader, pdf_text(data), pages)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, module_user_dirs: Path) -> Rendered:
    folder = tmp_path_factory.mktemp("outside")
    workspace = str(folder / "W.sqlite3")

    def import_and_report(make: Callable[[], dict[str, Any]], name: str, *extra: str) -> Path:
        bundle = make()
        source = folder / f"{name}.json"
        source.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
        assert cli_main(["--workspace", workspace, "import", str(source)]) == 0
        out = folder / f"{name}.pdf"
        event = bundle["event"]["id"]
        assert cli_main(["--workspace", workspace, "report", event, "-o", str(out), *extra]) == 0
        return out

    report = import_and_report(bundles.listening_cities, "listening")
    event = bundles.uid("event", "listening")
    programme = folder / "programme.pdf"
    args = ["--workspace", workspace, "report", event, "--template", "programme"]
    assert cli_main([*args, "-o", str(programme)]) == 0
    html = folder / "listening.html"
    args = ["--workspace", workspace, "report", event, "--format", "html"]
    assert cli_main([*args, "-o", str(html)]) == 0
    minimal = import_and_report(bundles.minimal_event, "minimal")
    return Rendered(
        report=_read(report),
        programme=_read(programme),
        html=html.read_text(encoding="utf-8"),
        minimal=_read(minimal),
    )


def test_the_drafted_opening_of_a_dutch_event_across_a_month(rendered: Rendered) -> None:
    assert (
        "On 30 June – 2 July 2024, the Cities for Cohesion Alliance convened more than 50 "
        "representatives of local governments, civil society and research institutions from "
        "Canada, Germany, Hungary, the Netherlands, Poland, the United Kingdom and the United "
        "States. This included mayors and other officials from Amsterdam, Rotterdam and "
        "Utrecht in the Netherlands; Weißenfels, Germany; Győr, Hungary; Kraków and Łódź in "
        "Poland; London and Manchester in the United Kingdom; Toronto, Canada; and Chicago, "
        "United States. The event was held at Amsterdam City Hall, with support from the "
        "Ministry of the Interior, Stichting Samen and the No Logo Trust."
    ) in rendered.report.text


def test_the_netherlands_keeps_its_article_after_a_city(rendered: Rendered) -> None:
    text = rendered.report.text
    assert "Amsterdam, the Netherlands 30 June – 2 July 2024" in text  # the cover
    assert "Free Typed, Alderman, Utrecht, the Netherlands" in text  # a pull quote
    assert "Utrecht, the Netherlands: Youth councils" in text  # other city examples
    assert "Utrecht, the Netherlands Approach A hotline." in text  # an untitled case study
    assert "Amsterdam, Netherlands" not in text


def test_overrides_replace_the_drafts(rendered: Rendered) -> None:
    text = rendered.report.text
    assert "Threats, Key Challenges & City Needs Participants named three threats." in text
    assert "Next Steps The Alliance will follow up." in text
    assert "Thank you to all cities." in text


def test_an_unconsenting_speaker_is_never_named(rendered: Rendered) -> None:
    for text in (rendered.report.text, rendered.programme.text, rendered.html):
        assert bundles.HIDDEN not in text
        assert "secretname" not in text.casefold()
    report = rendered.report.text
    # typed into a note by a note-taker: withheld too
    assert "Deputy Mayor [name withheld] described the letters." in report
    assert "A Deputy Mayor from Poland gave a keynote address on “Online harassment”." in report
    assert "I was threatened at my own door. — One participant from Poland" in report
    programme = rendered.programme.text
    assert "Keynote A Deputy Mayor from Poland" in programme
    assert "Attendees Mayor Person 1 and 1 other participant" in programme
    assert "Places 2 of 20 taken" in programme


def test_typed_quotation_marks_are_not_printed_twice(rendered: Rendered) -> None:
    assert "Nobody called to help. — A participant" in rendered.report.text
    assert "“Nobody called" not in rendered.report.text


def test_labels_come_out_of_the_pdf_as_written(rendered: Rendered) -> None:
    text = rendered.report.text
    assert text.startswith("Event Report North Sea Dialogues")
    for label in (
        "Challenge Rising hate",
        "Approach Consult residents",
        "Impact Incidents",
        "Other city examples",
    ):
        assert label in text, label
    assert re.search(r"\b[A-Z] [A-Z]{2} ?[A-Z]", text) is None  # no "I M PA C T"
    assert "Field visit Visit to a community centre" in rendered.programme.text
    assert "Keynote Cities that listen" in rendered.programme.text


def test_only_the_shipped_fonts_even_for_glyphs_they_lack(rendered: Rendered) -> None:
    # not a machine font, and text extraction stays exact (identity encodings)
    assert "Glyphs our fonts lack: ★ 中文 😀 and inline code." in rendered.report.text
    for pdf in (rendered.report, rendered.programme, rendered.minimal):
        fonts = font_descriptors(pdf.reader)
        assert fonts
        for name, files in fonts:
            assert "Source-Sans-Pro" in name or "Workshop-Planner-Missing-Glyphs" in name, name
            assert files, f"{name} is not embedded"
        for encoding in font_encodings(pdf.reader):
            assert encoding == "/Identity-H"


def test_an_event_with_nothing_is_its_cover_alone(rendered: Rendered) -> None:
    minimal = rendered.minimal
    assert len(minimal.reader.pages) == 1
    assert minimal.pages[0] == "Minimal Meeting 4 March 2025"


def test_no_page_is_empty_and_nothing_leaks(rendered: Rendered) -> None:
    for pdf in (rendered.report, rendered.programme, rendered.minimal):
        for number, page in enumerate(pdf.pages, 1):
            body = re.sub(r".{0,80}· (programme · )?page \d+ of \d+", "", page).strip()
            assert body, f"page {number} has only its footer"
        assert re.search(r"\bNone\b|\{\{|\{%", pdf.text) is None
