"""`workshop-planner backups list|restore`: the backup service from a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop_planner.cli import main
from workshop_planner.services import backups
from workshop_planner.services.event_editing import update_event
from workshop_planner.services.events import list_events
from workshop_planner.store import open_workspace

BUNDLE = Path(__file__).parents[1] / "services" / "bundle" / "data" / "other-tool-bundle.json"
EVENT_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01"


def test_backups_list_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws.sqlite3")
    assert main(["--workspace", ws, "import", str(BUNDLE)]) == 0
    assert main(["--workspace", ws, "backups", "list"]) == 0
    assert "No backups yet" in capsys.readouterr().err

    with open_workspace(ws) as workspace:
        taken = backups.take_backup(workspace, "manual")
        update_event(workspace, EVENT_ID, {"title": "Renamed"})
    capsys.readouterr()

    assert main(["--workspace", ws, "backups", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith(taken.name)
    assert "on request: 1 event, " in out[0]

    assert main(["--workspace", ws, "backups", "restore", taken.name]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"Restored {taken.name}; the workspace as it was is in ")
    with open_workspace(ws) as workspace:
        assert [e.title for e in list_events(workspace)] == ["Cities Together"]
        assert len(backups.backups(workspace)) == 2


def test_restoring_an_unknown_backup_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws.sqlite3")
    assert main(["--workspace", ws, "backups", "restore", "20200101T000000Z"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "workshop-planner: There is no backup “20200101T000000Z” of this workspace; "
        "`workshop-planner backups list` shows them."
    )


def test_backups_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["backups"])
    assert exit_.value.code == 2
    assert "ACTION" in capsys.readouterr().err
