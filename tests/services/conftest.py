"""Fixtures for the organiser services: spreadsheets built in the test."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

WriteXlsx = Callable[[str, Sequence[Sequence[object]]], Path]


@pytest.fixture
def write_xlsx(tmp_path: Path) -> WriteXlsx:
    def write(name: str, rows: Sequence[Sequence[object]]) -> Path:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return write
