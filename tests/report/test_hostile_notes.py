"""Hostile notes print as text and make the renderer load nothing."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.report.conftest import build_known_event, link_uris, pdf_reader, pdf_text
from workshop_planner.report import build_context, render_html, render_pdf
from workshop_planner.report.fetcher import RefusedURL, ReportURLFetcher
from workshop_planner.report.render import fonts_dir
from workshop_planner.report.templates import find_template
from workshop_planner.store import Workspace

PIXEL = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


class _Server(ThreadingHTTPServer):
    requests_seen: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests_seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PIXEL)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def trap_server() -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests_seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@dataclass(frozen=True)
class Hostile:
    html: str
    text: str
    uris: list[str]
    fetcher: ReportURLFetcher
    port: int


@pytest.fixture(scope="module")
def hostile(module_workspace: Workspace, trap_server: _Server) -> Hostile:
    port = trap_server.server_address[1]
    known = build_known_event(module_workspace, hostile_port=int(port))
    context = build_context(module_workspace, known.event_id)
    html = render_html(context)
    template = find_template("event-report")
    fetcher = ReportURLFetcher(template.path, fonts_dir(), context.assets)
    pdf = render_pdf(html, template=template, assets=context.assets, fetcher=fetcher)
    return Hostile(html, pdf_text(pdf), link_uris(pdf_reader(pdf)), fetcher, int(port))


def test_no_request_reaches_the_server(hostile: Hostile, trap_server: _Server) -> None:
    assert trap_server.requests_seen == []
    assert not any("127.0.0.1" in url for url in hostile.fetcher.served)


def test_the_server_was_reachable_all_along(hostile: Hostile, trap_server: _Server) -> None:
    """The trap works: a plain request does reach it (so zero above means something)."""
    from http.client import HTTPConnection

    connection = HTTPConnection("127.0.0.1", hostile.port, timeout=5)  # no proxy in the way
    connection.request("GET", "/probe")
    assert connection.getresponse().status == 200
    connection.close()
    assert trap_server.requests_seen == ["/probe"]
    trap_server.requests_seen.clear()


def test_template_syntax_prints_literally(hostile: Hostile) -> None:
    assert "{{ 7*7 }}" in hostile.text
    assert re.search(r"\b49\b", hostile.text) is None


def test_html_in_notes_prints_as_text(hostile: Hostile) -> None:
    assert "<script>alert(1)</script>" in hostile.text
    assert "<img src=file:///etc/passwd>" in hostile.text
    assert "<b>bold</b>" in hostile.text
    assert "<script" not in hostile.html.split("</head>")[1].replace("&lt;script", "")
    assert "<iframe" not in hostile.html


def test_dangerous_links_are_dropped(hostile: Hostile) -> None:
    assert not any(u.startswith(("javascript:", "file:")) for u in hostile.uris)
    assert not any("127.0.0.1" in u for u in hostile.uris)


def test_the_fetcher_refuses_everything_but_its_own_files(
    hostile: Hostile, module_workspace: Workspace
) -> None:
    fetcher = hostile.fetcher
    for url in (
        f"http://127.0.0.1:{hostile.port}/pixel.png",
        "file:///etc/passwd",
        "data:image/png;base64,AAAA",
        "https://example.org/style.css",
        "https://report.workshop-planner.invalid/template/../../../../etc/passwd",
        "https://report.workshop-planner.invalid/fonts/../../pyproject.toml",
        "https://report.workshop-planner.invalid/assets/unknown.png",
        "https://report.workshop-planner.invalid/elsewhere/x",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    served = fetcher.fetch(
        "https://report.workshop-planner.invalid/fonts/SourceSansPro-Regular.ttf"
    )
    assert served.read()[:4] == b"\x00\x01\x00\x00"
    css = fetcher.fetch("https://report.workshop-planner.invalid/template/style.css")
    assert b"@font-face" in css.read()
