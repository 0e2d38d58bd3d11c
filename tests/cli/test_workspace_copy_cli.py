"""``workshop-planner workspace copy SRC DEST``: one sentence on refusal, rows on success."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop_planner.cli import EXIT_FAILED, EXIT_OK, main
from workshop_planner.services.bundle import export_event, load_sample_event
from workshop_planner.store import open_workspace


def test_copy_to_a_new_file_then_refuse_to_copy_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, copy = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    with open_workspace(source) as ws:
        event_id = load_sample_event(ws).event_id
        before = export_event(ws, event_id)
    assert main(["workspace", "copy", str(source), str(copy)]) == EXIT_OK
    assert "Copied" in capsys.readouterr().err
    with open_workspace(copy) as ws:
        after = export_event(ws, event_id)
    assert {**after, "exported_at": None} == {**before, "exported_at": None}

    assert main(["workspace", "copy", str(source), str(copy)]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is not empty" in err
