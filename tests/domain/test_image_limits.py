"""Image limits read without decoding: sizes from headers, SVG references counted, not drawn."""

from __future__ import annotations

import base64
import io
import time

import pytest
from PIL import Image

from tests.hostile_files import PLAIN_SVG, nested_use_svg, png_declaring, svg_referring_to
from workshop_planner.domain.image_limits import image_problem, raster_problem, svg_problem
from workshop_planner.domain.limits import MAX_IMAGE_BYTES


def _real(fmt: str, size: tuple[int, int] = (120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("media_type", "fmt"),
    [("image/png", "PNG"), ("image/jpeg", "JPEG"), ("image/gif", "GIF"), ("image/webp", "WEBP")],
)
def test_ordinary_logos_pass(media_type: str, fmt: str) -> None:
    assert image_problem(media_type, _real(fmt)) is None


def test_a_tiny_png_declaring_huge_dimensions_is_refused_from_its_header() -> None:
    data = png_declaring(12_000, 12_000)
    assert len(data) < 100
    started = time.perf_counter()
    problem = image_problem("image/png", data)
    assert time.perf_counter() - started < 1
    assert problem is not None
    assert problem.startswith("is 12,000 × 12,000 pixels")


def test_more_pixels_than_pillow_allows_is_our_sentence_too() -> None:
    problem = raster_problem(png_declaring(60_000, 60_000))
    assert problem is not None
    assert "pixels" in problem


def test_other_raster_problems() -> None:
    assert (
        image_problem("image/png", b"\x89PNG") == "is not a readable PNG, JPEG, GIF or WebP image"
    )
    assert (
        image_problem("image/png", _real("JPEG")) == "is a JPEG image, not the PNG it is said to be"
    )
    big = image_problem("image/png", b"\x89PNG" + b"\x00" * MAX_IMAGE_BYTES)
    assert big is not None
    assert big.startswith("is 5.0 MB")


def test_svg_with_exponential_use_is_refused_without_drawing_it() -> None:
    started = time.perf_counter()
    problem = svg_problem(nested_use_svg(levels=10, fanout=10))
    assert time.perf_counter() - started < 1
    assert problem is not None
    assert "<use>" in problem


def test_svg_with_a_long_use_chain_is_refused() -> None:
    problem = svg_problem(nested_use_svg(levels=12, fanout=1))
    assert problem == "nests <use> references more than 8 deep; a logo may not"


def test_svg_referring_to_itself_is_refused() -> None:
    looped = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#b"/></g>'
        b'<g id="b"><use href="#a"/></g></svg>'
    )
    assert svg_problem(looped) == "has a <use> reference that refers back to itself"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "https://example.org/logo.png", "other.svg#part", "//host/x"]
)
def test_svg_with_outside_references_is_refused(url: str) -> None:
    problem = svg_problem(svg_referring_to(url))
    assert problem is not None
    assert "outside itself" in problem


def test_svg_outside_references_in_styles_are_refused() -> None:
    styled = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/a.css);</style>'
        b'<rect width="1" height="1"/></svg>'
    )
    assert svg_problem(styled) is not None
    attr = b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(file:///x)"/></svg>'
    assert svg_problem(attr) is not None


def test_svg_embedding_a_huge_image_is_refused_and_a_small_one_kept() -> None:
    def embedding(data: bytes) -> bytes:
        uri = "data:image/png;base64," + base64.b64encode(data).decode()
        return svg_referring_to(uri)

    assert svg_problem(embedding(_real("PNG"))) is None
    problem = svg_problem(embedding(png_declaring(12_000, 12_000)))
    assert problem is not None
    assert problem.startswith("embeds an image that is 12,000 × 12,000")


def test_svg_entities_and_broken_xml() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg>&b;</svg>'
    )
    assert svg_problem(laughs) == "declares XML entities made of other entities or markup"
    outside = b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'
    assert svg_problem(outside) == "declares an XML entity that reads from outside the file"
    parameter = b'<!DOCTYPE svg [<!ENTITY % p "x">]><svg/>'
    assert svg_problem(parameter) == "declares an XML entity that reads from outside the file"
    wide = b'<!DOCTYPE svg [<!ENTITY w "' + b"w" * 1000 + b'">]><svg>' + b"&w;" * 2000 + b"</svg>"
    assert (svg_problem(wide) or "").startswith("has XML entities that expand to 2,000,000 bytes")
    assert (svg_problem(b"<svg><g></svg>") or "").startswith("is not a well-formed SVG")
    assert svg_problem(b"<html/>") == "is not an SVG image (its outer element is not <svg>)"
    deep = b"<svg>" + b"<g>" * 200 + b"</g>" * 200 + b"</svg>"
    assert svg_problem(deep) == "nests its elements more than 100 levels deep"


def test_plain_svg_with_local_references_passes() -> None:
    assert image_problem("image/svg+xml", PLAIN_SVG) is None


ILLUSTRATOR = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
	<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">
]>
<svg version="1.1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;" xmlns="&ns_svg;"
     xmlns:xlink="&ns_xlink;" width="120" height="40" viewBox="0 0 120 40">
<switch>
	<foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1"/>
	<g i:extraneous="self"><rect id="r" width="40" height="40" fill="#c00"/>
	<use xlink:href="#r" x="60"/></g>
</switch>
</svg>
"""


def test_an_illustrator_export_with_its_namespace_entities_passes() -> None:
    assert svg_problem(ILLUSTRATOR) is None
