"""Folding text for comparison: the ASCII shortcut folds as the full rules do."""

from __future__ import annotations

from workshop_planner.domain.text import fold, fold_char


def test_ascii_text_folds_as_each_character_would() -> None:
    every_ascii = "".join(chr(i) for i in range(128))
    assert fold(every_ascii) == "".join(fold_char(c) for c in every_ascii)
    assert fold("Room 10 — ZDZISŁAW") == "room 10 — zdzislaw"
    assert fold("Zdzisław Gąsior") == fold("ZDZISLAW GASIOR") == "zdzislaw gasior"
