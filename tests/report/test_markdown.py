"""Markdown in notes: rendered, sanitised, never loading anything."""

from __future__ import annotations

from workshop_planner.report.markdown import render_inline, render_markdown, safe_url


def test_markdown_renders_emphasis_lists_and_links() -> None:
    html = render_markdown("**bold** and [site](https://example.org)\n\n1. one\n2. two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org">site</a>' in html
    assert "<ol>" in html
    assert "<li>two</li>" in html


def test_raw_html_is_printed_as_text() -> None:
    html = render_markdown("<script>alert(1)</script> <img src=file:///etc/passwd>")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html


def test_images_become_their_alt_text() -> None:
    html = render_markdown("see ![the pixel](http://127.0.0.1:1/pixel.png)")
    assert "<img" not in html
    assert "127.0.0.1" not in html
    assert "the pixel" in html


def test_only_http_https_and_mailto_links_survive() -> None:
    html = render_markdown(
        "[a](javascript:alert(1)) [b](file:///etc/passwd) [c](mailto:x@example.org) "
        "[d](data:text/html,hi) [e](relative/path)"
    )
    assert "javascript:" not in html.replace("[a](javascript:alert(1))", "")
    assert 'href="file:' not in html
    assert 'href="data:' not in html
    assert 'href="relative' not in html
    assert '<a href="mailto:x@example.org">c</a>' in html


def test_headings_stay_text_so_notes_cannot_add_bookmarks() -> None:
    html = render_markdown("# Big heading")
    assert "<h1" not in html
    assert "# Big heading" in html


def test_template_syntax_is_just_text() -> None:
    assert render_inline("{{ 7*7 }}") == "{{ 7*7 }}"


def test_empty_text_renders_nothing() -> None:
    assert render_markdown(None) == ""
    assert render_markdown("  \n") == ""


def test_safe_url_accepts_web_and_mail_links_only() -> None:
    assert safe_url("https://example.org/x") == "https://example.org/x"
    assert safe_url("www.edmonton.ca/x") == "https://www.edmonton.ca/x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("file:///etc/passwd") is None
    assert safe_url("") is None
