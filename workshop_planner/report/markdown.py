"""Markdown in note texts and theme bodies, rendered and sanitised.

markdown-it-py (CommonMark, raw HTML off: ``<script>`` stays text) renders;
nh3 keeps a small set of tags and only http(s) and mailto links. Images are
printed as their alt text: a report never loads a picture a note points at.
Headings are plain text too, so a note cannot add entries to the outline.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr"}
)
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) or mailto link, else None."""
    if not url:
        return None
    url = url.strip()
    if url.lower().startswith(ALLOWED_SCHEMES) and not any(c in url for c in "\x00\r\n"):
        return url
    if url.lower().startswith("www."):
        return f"https://{url}"
    return None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return safe_url(value)
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() else None
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href", "title"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_filter_attribute,
        link_rel=None,
        strip_comments=True,
    )


def _render_image_as_text(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    token = tokens[idx]
    alt = "".join(child.content for child in token.children or [])
    return str(escape(alt))


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.disable(["heading", "lheading", "html_block", "html_inline"])
    md.add_render_rule("image", _render_image_as_text)
    return md


def sanitise(html: str) -> Markup:
    """Keep only the allowed tags and links of an HTML fragment."""
    return Markup(_cleaner().clean(html))  # noqa: S704 - sanitised just now


def render_markdown(text: str | None) -> Markup:
    """Block Markdown (paragraphs, lists) as sanitised HTML."""
    if not text or not text.strip():
        return Markup("")
    return sanitise(_parser().render(text))


def render_inline(text: str | None) -> Markup:
    """Inline Markdown (emphasis, links) as sanitised HTML, no paragraph."""
    if not text or not text.strip():
        return Markup("")
    return sanitise(_parser().renderInline(text))


def link_targets(text: str | None) -> list[str]:
    """The targets of the links a Markdown text holds (``[a](x)``, ``<x>``), as written."""
    if not text or not text.strip():
        return []
    targets: list[str] = []

    def walk(tokens: Sequence[Token]) -> None:
        for token in tokens:
            if token.type == "link_open":
                href = token.attrGet("href")
                if href is not None:
                    targets.append(str(href))
            if token.children:
                walk(token.children)

    walk(_parser().parse(text))
    return targets


def is_allowed_link(url: str | None) -> bool:
    """Whether the report prints ``url`` as a link: http(s) or mailto (``www.…`` gets https)."""
    return safe_url(url) is not None
