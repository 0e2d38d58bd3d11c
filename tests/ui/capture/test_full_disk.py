"""A really full disk: the workspace on a small tmpfs, filled to the last byte.

SQLite cannot grow its write-ahead log, and the journal cannot be written beside
the workspace either, so it goes to the user's data folder; when space is freed
the note and the draft reach the workspace and the journal is removed. Skipped
where a tmpfs cannot be mounted (not root, no mount namespace).
"""

from __future__ import annotations

import contextlib
import errno
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.capture_fixtures import AUTHOR, CaptureSetup
from workshop_planner.services import capture
from workshop_planner.store import Workspace
from workshop_planner.ui.capture.drafts import DRAFT_RETRY_MS
from workshop_planner.ui.capture.view import CaptureView
from workshop_planner.ui.errors import install_error_handler

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a small tmpfs here: {exc}")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False, timeout=10)


@pytest.fixture
def workspace_path(small_disk: Path) -> Path:
    """The workspace (and so the whole capture setup) lives on the small disk."""
    return small_disk / "workspace.sqlite3"


@pytest.fixture(autouse=True)
def _error_log(tmp_path: Path) -> Iterator[None]:
    handler = install_error_handler(tmp_path / "log" / "errors.log", hooks=False)
    yield
    handler.close()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()


@contextlib.contextmanager
def disk_filled(disk: Path) -> Iterator[None]:
    """Fill ``disk`` to the last byte inside the block."""
    filler = disk / "filler"
    chunk = b"\0" * 65536
    with filler.open("wb", buffering=0) as out:
        for size in (65536, 4096, 512, 1):
            with pytest.raises(OSError, match="No space left") as full:  # noqa: PT012
                while True:
                    out.write(chunk[:size])
            assert full.value.errno == errno.ENOSPC
    try:
        yield
    finally:
        filler.unlink()


def _texts(workspace: Workspace, event_id: str) -> list[str]:
    notes = capture.list_notes(workspace, event_id, all_sessions=True, author=AUTHOR)
    return [n.text for n in notes]


def test_a_full_disk_keeps_notes_and_drafts_in_the_data_folder_until_space_is_freed(
    qtbot: QtBot,
    view: CaptureView,
    workspace: Workspace,
    small_disk: Path,
    setup: CaptureSetup,
) -> None:
    beside, elsewhere = view.journal.paths
    assert beside.parent == small_disk
    with disk_filled(small_disk):
        QTest.keyClicks(view.editor, "gn26 the quick brown fox 26gn")
        QTest.keyClick(view.editor, Qt.Key.Key_Return)
        assert view.status_text.startswith("Not saved")
        assert view.editor.toPlainText() == ""
        QTest.keyClicks(view.editor, "gn27 the next")
        view.flush_draft()
        # Nothing fits beside the workspace: the journal is in the data folder.
        assert not beside.exists()
        assert elsewhere.exists()
        assert str(elsewhere) in view.unsaved.title.text()
        assert [n.text for n in view.journal.pending(setup.event_id, AUTHOR)] == [
            "gn26 the quick brown fox 26gn"
        ]
        kept = view.journal.draft(setup.event_id, AUTHOR)
        assert kept is not None
        assert kept.text == "gn27 the next"
    QTest.keyClicks(view.editor, " thought")
    QTest.keyClick(view.editor, Qt.Key.Key_Return)
    assert _texts(workspace, setup.event_id) == [
        "gn26 the quick brown fox 26gn",
        "gn27 the next thought",
    ]
    qtbot.waitUntil(view.journal.is_empty, timeout=DRAFT_RETRY_MS + 2000)
    assert not elsewhere.exists()
    assert not beside.exists()
