"""The window's icons: drawn from the icon font as qtawesome draws them."""

from __future__ import annotations

import pytest
import qtawesome
from PySide6.QtGui import QIcon, QImage

from workshop_planner.ui.icons import icon


def _pixels(image: QImage) -> list[tuple[int, int, int, int]]:
    return [
        image.pixelColor(x, y).getRgb()  # type: ignore[misc]
        for y in range(image.height())
        for x in range(image.width())
    ]


@pytest.mark.parametrize("name", ["calendar-plus", "archive-arrow-down-outline", "check"])
def test_an_icon_looks_as_qtawesome_draws_it(qapp, name: str) -> None:
    ours = icon(name).pixmap(32, 32).toImage()
    theirs = qtawesome.icon(f"mdi6.{name}").pixmap(32, 32).toImage()
    assert any(a for *_rgb, a in _pixels(ours))  # something is drawn
    assert _pixels(ours) == _pixels(theirs)


@pytest.mark.parametrize("mode", [QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Disabled])
def test_a_coloured_icon_looks_as_qtawesome_draws_it(qapp, mode: QIcon.Mode) -> None:
    ours = icon("mdi6.alert", color="#b00020").pixmap(24, 24, mode).toImage()
    theirs = qtawesome.icon("mdi6.alert", color="#b00020").pixmap(24, 24, mode).toImage()
    assert _pixels(ours) == _pixels(theirs)


def test_a_disabled_icon_is_drawn_in_the_disabled_text_colour(qapp) -> None:
    normal = icon("calendar-plus").pixmap(32, 32, QIcon.Mode.Normal).toImage()
    disabled = icon("calendar-plus").pixmap(32, 32, QIcon.Mode.Disabled).toImage()
    assert _pixels(normal) != _pixels(disabled)


def test_an_unknown_name_is_refused_in_one_sentence(qapp) -> None:
    with pytest.raises(ValueError, match="There is no icon named “no-such-icon”"):
        icon("no-such-icon")
