"""Atomic file writes: all or nothing, usual permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from workshop_planner.store.files import write_atomically


def test_write_replaces_the_whole_file_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    old_umask = os.umask(0o022)
    try:
        write_atomically(target, b"new content")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new content"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_writing_onto_a_folder_fails_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomically(tmp_path, b"x")
    assert list(tmp_path.iterdir()) == []
