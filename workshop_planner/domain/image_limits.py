"""Is an image (a partner logo) safe to keep, show and print? Read without decoding it.

A raster image's size comes from its header (Pillow opens lazily and reads no
pixels), so a tiny PNG declaring 12000×12000 pixels is refused before anything
allocates 576 MB for it. An SVG is parsed as XML, never drawn: it may refer to
nothing outside itself (the report must not fetch or print local files), may
declare only plain text entities (as Illustrator does for its namespaces), and its
``<use>`` references may not nest deeply or multiply into more elements than a
logo has (ten nested ``<use>`` of ten each draw ten billion shapes).

:func:`image_problem` answers None for an acceptable image, else a sentence
fragment ("is 12,000 × 12,000 pixels; …") for the caller to complete.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from collections.abc import Iterator
from xml.etree import ElementTree as ET

from PIL import Image, UnidentifiedImageError

from workshop_planner.domain.limits import (
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    MAX_IMAGE_SIDE,
    MAX_SVG_DRAWN_ELEMENTS,
    MAX_SVG_USE_DEPTH,
)

SVG = "image/svg+xml"
#: Pillow's format names for the raster types a workspace keeps
RASTER_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}
#: How deep an SVG's elements may nest (drawing tools write fewer than 30 levels).
MAX_SVG_NESTING = 100
#: Most elements an SVG file may hold before any ``<use>`` is expanded.
MAX_SVG_ELEMENTS = 50_000

#: Bytes all plain XML entities of an SVG may expand to.
MAX_SVG_ENTITY_EXPANSION = 1024 * 1024

_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ENTITY = re.compile(
    rb"<!ENTITY\s+(%\s*)?([^\s%\"'>]+)\s+(?:(SYSTEM|PUBLIC)\b|\"([^\"]*)\"|'([^']*)')",
    re.IGNORECASE,
)
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^data:(image/[a-z0-9.+-]+)?(;[^,]*)?,", re.IGNORECASE)


def image_problem(media_type: str, data: bytes) -> str | None:
    """What makes ``data`` (of ``media_type``) unfit for a workspace, or None."""
    if len(data) > MAX_IMAGE_BYTES:
        return (
            f"is {len(data) / (1024 * 1024):.1f} MB; an image may be at most "
            f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB"
        )
    if media_type == SVG:
        return svg_problem(data)
    return raster_problem(data, RASTER_FORMATS.get(media_type))


def raster_problem(data: bytes, expected_format: str | None = None) -> str | None:
    """For a PNG, JPEG, GIF or WebP: readable header, pixel size within the limits."""
    try:
        with warnings.catch_warnings():
            # Pillow warns (or raises) about huge images itself; we say it in our words
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                found = image.format
    except Image.DecompressionBombError:
        return f"declares more than {MAX_IMAGE_PIXELS:,} pixels; an image may have at most that"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return "is not a readable PNG, JPEG, GIF or WebP image"
    if expected_format is not None and found != expected_format:
        return f"is a {found} image, not the {expected_format} it is said to be"
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        return (
            f"is {width:,} × {height:,} pixels; an image may be at most {MAX_IMAGE_SIDE:,} "
            f"pixels wide or tall and {MAX_IMAGE_PIXELS:,} pixels in all"
        )
    if width < 1 or height < 1:
        return "has no pixels"
    return None


def svg_problem(data: bytes) -> str | None:
    """For an SVG: well-formed, self-contained, and bounded once its ``<use>`` are expanded."""
    if b"<!ENTITY" in data.upper():
        problem = _entity_problem(data)
        if problem:
            return problem
    try:
        root, elements = _parse(data)
    except _TooComplex as exc:
        return str(exc)
    except ET.ParseError as exc:
        return f"is not a well-formed SVG ({exc})"
    if not (root.tag == "svg" or root.tag.endswith("}svg")):
        return "is not an SVG image (its outer element is not <svg>)"
    for element in elements:
        problem = _reference_problem(element)
        if problem:
            return problem
    return _use_problem(elements)


class _TooComplex(Exception):
    pass


def _parse(data: bytes) -> tuple[ET.Element, list[ET.Element]]:
    """The root and every element, refusing deep nesting and huge files as it reads."""
    depth = 0
    elements: list[ET.Element] = []
    root: ET.Element | None = None
    # Safe here: only plain, bounded entities pass the check above; expat fetches nothing.
    for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):  # noqa: S314
        if event == "end":
            depth -= 1
            continue
        depth += 1
        root = element if root is None else root
        elements.append(element)
        if depth > MAX_SVG_NESTING:
            raise _TooComplex(f"nests its elements more than {MAX_SVG_NESTING} levels deep")
        if len(elements) > MAX_SVG_ELEMENTS:
            raise _TooComplex(f"has more than {MAX_SVG_ELEMENTS:,} elements")
    if root is None:  # pragma: no cover - iterparse raises for an empty document
        raise ET.ParseError("no element found")
    return root, elements


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _targets(element: ET.Element) -> Iterator[str]:
    """Every address an element refers to: its links and ``url(…)`` in any attribute or style."""
    for name, value in element.attrib.items():
        if _local(name) in ("href", "src"):
            yield value.strip()
        yield from (m.group(1) for m in _URL.finditer(value))
    if _local(element.tag) == "style" and element.text:
        yield from (m.group(1) for m in _URL.finditer(element.text))
        if "@import" in element.text.lower():
            yield "@import"


def _entity_problem(data: bytes) -> str | None:
    """Plain text entities pass (Illustrator declares its namespaces so); nothing else.

    Refused: entities from outside the file, parameter entities, entities made of
    other entities (the "billion laughs"), and plain ones that expand to more
    than :data:`MAX_SVG_ENTITY_EXPANSION` bytes in all.
    """
    declared = _ENTITY.findall(data)
    if len(declared) != data.upper().count(b"<!ENTITY"):
        return "declares XML entities that cannot be checked"
    expanded = 0
    for parameter, name, external, double, single in declared:
        value = double or single
        if parameter or external:
            return "declares an XML entity that reads from outside the file"
        if b"&" in value or b"<" in value or b"%" in value:
            return "declares XML entities made of other entities or markup"
        expanded += len(value) * data.count(b"&" + name + b";")
    if expanded > MAX_SVG_ENTITY_EXPANSION:
        return (
            f"has XML entities that expand to {expanded:,} bytes; a logo's may expand to "
            f"at most {MAX_SVG_ENTITY_EXPANSION:,}"
        )
    return None


def _reference_problem(element: ET.Element) -> str | None:
    if _local(element.tag) == "script":
        return "contains a <script> element, which a logo may not have"
    for target in _targets(element):
        if not target or target.startswith("#"):
            continue
        embedded = _DATA_IMAGE.match(target)
        if embedded is None:
            shown = target if len(target) <= 60 else target[:57] + "…"
            return f"refers to “{shown}” outside itself; a logo must be self-contained"
        problem = _embedded_problem(target, embedded)
        if problem:
            return problem
    return None


def _embedded_problem(uri: str, match: re.Match[str]) -> str | None:
    """An image inside the SVG (``data:image/png;base64,…``) keeps the same limits."""
    media_type = (match.group(1) or "").lower()
    if media_type == SVG:
        return "embeds another SVG image, which a logo may not do"
    if "base64" not in (match.group(2) or "").lower():
        return "embeds an image that is not base64-encoded"
    try:
        payload = base64.b64decode(uri[match.end() :], validate=False)
    except (binascii.Error, ValueError):
        return "embeds an image that is not valid base64"
    problem = raster_problem(payload)
    return f"embeds an image that {problem}" if problem else None


def _use_problem(elements: list[ET.Element]) -> str | None:
    """Expand every ``<use>`` by counting (never copying): chain depth and elements drawn.

    Iterative, so a long chain cannot exhaust Python's stack.
    """
    by_id = {e.attrib["id"]: e for e in elements if "id" in e.attrib}
    index = {id(e): i for i, e in enumerate(elements)}
    cap = MAX_SVG_DRAWN_ELEMENTS + 1

    def target_of(element: ET.Element) -> ET.Element | None:
        if _local(element.tag) != "use":
            return None
        href = element.attrib.get("href") or element.attrib.get(_XLINK_HREF) or ""
        return by_id.get(href.strip()[1:]) if href.strip().startswith("#") else None

    def needs(element: ET.Element) -> list[ET.Element]:
        target = target_of(element)
        return [*list(element), *([target] if target is not None else [])]

    drawn: dict[int, int] = {}
    chain: dict[int, int] = {}
    visiting: set[int] = set()
    for start in elements:
        stack = [(start, False)]
        while stack:
            element, expanded = stack.pop()
            key = index[id(element)]
            if key in drawn:
                continue
            if expanded:
                visiting.discard(key)
                target = target_of(element)
                total, depth = 1, 0
                for child in element:
                    total += drawn[index[id(child)]]
                    depth = max(depth, chain[index[id(child)]])
                if target is not None:
                    total += drawn[index[id(target)]]
                    depth = max(depth, 1 + chain[index[id(target)]])
                drawn[key], chain[key] = min(total, cap), depth
                if depth > MAX_SVG_USE_DEPTH:
                    return (
                        f"nests <use> references more than {MAX_SVG_USE_DEPTH} deep; a logo may not"
                    )
                if total >= cap:
                    return (
                        f"draws more than {MAX_SVG_DRAWN_ELEMENTS:,} shapes once its <use> "
                        "references are expanded; a logo may not"
                    )
                continue
            if key in visiting:
                return "has a <use> reference that refers back to itself"
            visiting.add(key)
            stack.append((element, True))
            for needed in needs(element):
                needed_key = index[id(needed)]
                if needed_key in visiting:
                    return "has a <use> reference that refers back to itself"
                if needed_key not in drawn:
                    stack.append((needed, False))
    return None
