"""Logos stored before the image limits existed are not handed to the renderer."""

from __future__ import annotations

import time

import pytest

from tests.hostile_files import PLAIN_SVG, nested_use_svg, png_declaring
from workshop_planner.report.context import AssetData
from workshop_planner.report.fetcher import RefusedURL, ReportURLFetcher
from workshop_planner.report.render import fonts_dir
from workshop_planner.report.templates import find_template

BASE = "https://report.workshop-planner.invalid/assets/"


def _fetcher(*assets: AssetData) -> ReportURLFetcher:
    return ReportURLFetcher(find_template("event-report").path, fonts_dir(), assets)


@pytest.mark.parametrize(
    ("asset", "words"),
    [
        (AssetData("huge", "image/png", png_declaring(12_000, 12_000)), "is 12,000 × 12,000"),
        (AssetData("nested", "image/svg+xml", nested_use_svg()), "<use> references"),
    ],
    ids=["png-12000x12000", "svg-nested-use"],
)
def test_a_stored_logo_beyond_the_limits_is_refused_not_rendered(
    asset: AssetData, words: str
) -> None:
    fetcher = _fetcher(asset)
    started = time.perf_counter()
    with pytest.raises(RefusedURL, match=words):
        fetcher.fetch(BASE + asset.filename)
    assert time.perf_counter() - started < 2
    assert fetcher.refused == [BASE + asset.filename]


def test_an_ordinary_svg_logo_is_served() -> None:
    asset = AssetData("plain", "image/svg+xml", PLAIN_SVG)
    served = _fetcher(asset).fetch(BASE + asset.filename)
    assert b"<svg" in served.read()
