"""The workshop-planner command: subcommands, errors as one sentence, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import written_before_the_limits
from workshop_planner.cli import main
from workshop_planner.domain import models as m
from workshop_planner.store import open_workspace

BUNDLE = Path(__file__).parents[1] / "services" / "bundle" / "data" / "other-tool-bundle.json"
EVENT_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01"


def run(*args: str, workspace: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "workshop_planner", "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_import_events_export_end_to_end(tmp_path: Path) -> None:
    ws = tmp_path / "ws.sqlite3"
    imported = run("import", str(BUNDLE), workspace=ws)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == EVENT_ID

    listed = run("events", workspace=ws)
    assert listed.returncode == 0
    assert listed.stdout.strip() == f"{EVENT_ID}  2024-06-30 – 2024-07-02  Cities Together"

    out = tmp_path / "out.json"
    exported = run("export", "cities together", "-o", str(out), workspace=ws)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["event"]["id"] == EVENT_ID


def test_broken_bundle_error_is_one_sentence_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    data = json.loads(BUNDLE.read_text(encoding="utf-8"))
    data["notes"][0]["kind"] = "gossip"
    broken.write_text(json.dumps(data), encoding="utf-8")
    code = main(["--workspace", str(tmp_path / "ws.sqlite3"), "import", str(broken)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert err.splitlines()[0].startswith("workshop-planner: The bundle was not imported")
    assert '$.notes[0].kind: unknown value "gossip"' in err


def test_not_json_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notjson = tmp_path / "x.json"
    notjson.write_text("hello")
    assert main(["--workspace", str(tmp_path / "ws.sqlite3"), "import", str(notjson)]) == 1
    err = capsys.readouterr().err
    assert "is not valid JSON" in err
    assert "Traceback" not in err


def test_unknown_and_ambiguous_events(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws.sqlite3")
    assert main(["--workspace", ws, "import", str(BUNDLE)]) == 0
    capsys.readouterr()
    assert main(["--workspace", ws, "export", "no such event", "-o", str(tmp_path / "o.json")]) == 1
    assert "No event has the id or title “no such event”" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


def test_export_to_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = str(tmp_path / "ws.sqlite3")
    main(["--workspace", ws, "import", str(BUNDLE)])
    capsys.readouterr()
    code = main(["--workspace", ws, "export", EVENT_ID, "-o", str(tmp_path / "nope" / "o.json")])
    err = capsys.readouterr().err
    assert code == 1
    assert "No such file or directory" in err
    assert "Traceback" not in err


def test_workspace_from_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WORKSHOP_PLANNER_WORKSPACE", str(tmp_path / "env.sqlite3"))
    assert main(["import", str(BUNDLE)]) == 0
    assert (tmp_path / "env.sqlite3").exists()
    capsys.readouterr()
    assert main(["events"]) == 0
    assert "Cities Together" in capsys.readouterr().out


def test_newer_workspace_is_refused_by_the_cli(tmp_path: Path) -> None:
    import sqlite3

    ws = tmp_path / "ws.sqlite3"
    assert run("events", workspace=ws).returncode == 0
    conn = sqlite3.connect(ws)
    conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    conn.commit()
    conn.close()
    result = run("events", workspace=ws)
    assert result.returncode == 1
    assert "newer version of Workshop Planner" in result.stderr
    assert "Traceback" not in result.stderr


def test_opening_the_app_without_a_screen_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["--workspace", str(tmp_path / "ws.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert "no screen to open the app on" in err
    assert not (tmp_path / "ws.sqlite3").exists()


def test_report_lists_the_checks_before_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Captured notes that nothing features would print nowhere: the CLI says so."""
    ws = str(tmp_path / "ws.sqlite3")
    assert main(["--workspace", ws, "demo"]) == 0
    event_id = capsys.readouterr().out.strip()
    workspace = open_workspace(Path(ws))
    try:
        with workspace.transaction() as db:
            for note in db.get(m.Event, event_id).notes:  # type: ignore[union-attr]
                note.featured = False
    finally:
        workspace.close()
    out = tmp_path / "report.pdf"
    assert main(["--workspace", ws, "report", event_id, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert out.exists()
    assert "Check before you publish" in err
    assert "none is featured, so the report prints none of them" in err


def test_events_delete_removes_an_event_stored_beyond_the_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date, datetime

    ws = tmp_path / "ws.sqlite3"
    assert main(["--workspace", str(ws), "import", str(BUNDLE)]) == 0
    with (
        open_workspace(ws) as workspace,
        written_before_the_limits(),
        workspace.transaction() as db,
    ):
        # what an import accepted before the limits: an event ending 9999-12-31
        forever = m.Event(
            title="Forever", start_date=date(2023, 6, 15), end_date=date(9999, 12, 31)
        )
        forever.sessions = [
            m.Session(
                title="Late", start=datetime(9999, 12, 31, 22), end=datetime(9999, 12, 31, 23)
            )
        ]
        db.add(forever)
        db.flush()
        forever_id = forever.id
    capsys.readouterr()

    assert main(["--workspace", str(ws), "events", "delete", "Forever"]) == 1
    assert "No event has the id “Forever”" in capsys.readouterr().err  # ids only: no guessing

    assert main(["--workspace", str(ws), "events", "delete", forever_id]) == 0
    assert capsys.readouterr().err.startswith(f"Deleted “Forever” ({forever_id})")
    assert main(["--workspace", str(ws), "events"]) == 0
    assert capsys.readouterr().out.strip().splitlines() == [
        f"{EVENT_ID}  2024-06-30 – 2024-07-02  Cities Together"
    ]
    with open_workspace(ws) as workspace, workspace.transaction() as db:
        assert db.get(m.Event, forever_id) is None
        assert db.query(m.Session).filter_by(event_id=forever_id).count() == 0
