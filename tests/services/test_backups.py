"""Rolling backups: taken online, listed with what they hold, thinned by age, restored whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workshop_planner.services import backups as bk
from workshop_planner.services import capture
from workshop_planner.services.bundle import dumps, export_event, load_sample_event
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.services.event_editing import update_event
from workshop_planner.services.events import list_events
from workshop_planner.store import Workspace, open_workspace

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def bundle_bytes(workspace: Workspace, event_id: str) -> bytes:
    bundle = export_event(workspace, event_id)
    bundle["exported_at"] = "2026-01-01T00:00:00Z"  # the one field that is "now"
    return dumps(bundle).encode("utf-8")


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# --- thinning (a pure function) ------------------------------------------------


def test_thinning_keeps_the_last_day_then_one_per_day_week_and_month() -> None:
    """NOW is Wednesday 2 December 2026, 12:00 UTC."""
    hours = [NOW - timedelta(hours=h) for h in range(0, 24, 2)]  # 12 in the last day
    days = [  # two a day, at 09:00 and 17:00, for the 60 days before
        datetime(2026, 12, 2, h, tzinfo=UTC) - timedelta(days=d)
        for d in range(1, 61)
        for h in (9, 17)
    ]
    months = [datetime(2026, month, 15, 10, tzinfo=UTC) for month in range(1, 10)]
    ancient = [datetime(2024, 6, 1, tzinfo=UTC), datetime(2023, 1, 1, tzinfo=UTC),
               datetime(2022, 1, 1, tzinfo=UTC)]  # fmt: skip

    keep = bk.backups_to_keep(hours + days + months + ancient, NOW, bk.KeepPolicy())

    def at17(month: int, day: int) -> datetime:
        return datetime(2026, month, day, 17, tzinfo=UTC)

    recent = {*hours, at17(12, 1)}  # 1 December 17:00 is 19 hours old
    daily = {at17(11, d) for d in range(24, 31)}  # the 7 days before
    weekly = {at17(11, 22), at17(11, 15), at17(11, 8), at17(11, 1)}  # Sundays of 4 more weeks
    monthly = {at17(10, 31), *months, ancient[0], ancient[1]}  # 12 months, newest of each
    assert keep == recent | daily | weekly | monthly
    assert len(monthly) == 12


def test_thinning_caps_the_recent_backups_and_is_stable() -> None:
    every_ten_minutes = [NOW - timedelta(minutes=10 * i) for i in range(100)]
    policy = bk.KeepPolicy(recent_count=20, daily=2, weekly=0, monthly=0)
    keep = bk.backups_to_keep(every_ten_minutes, NOW, policy)
    assert sorted(keep, reverse=True)[:20] == every_ten_minutes[:20]
    assert len(keep) == 20  # all within the day: the rest is not "older" yet
    assert bk.backups_to_keep(keep, NOW, policy) == keep


def test_a_workspace_left_alone_keeps_its_last_backups() -> None:
    long_ago = [datetime(2025, 1, d, 10, tzinfo=UTC) for d in range(1, 11)]
    keep = bk.backups_to_keep(long_ago, NOW, bk.KeepPolicy(daily=3, weekly=1, monthly=1))
    newest_first = sorted(long_ago, reverse=True)
    assert newest_first[:3] == sorted(keep, reverse=True)[:3]
    assert len(keep) == 4  # three days, one more week (the month is taken by then)


# --- taking, listing, restoring ------------------------------------------------


def test_backups_live_in_the_user_data_folder_not_beside_the_workspace(
    workspace: Workspace, workspace_path: Path
) -> None:
    before = files_beside(workspace_path)
    backup = bk.take_backup(workspace, "manual", now=NOW)
    assert files_beside(workspace_path) == before
    assert backup.path.parent == bk.backups_folder(workspace)
    assert "workshop-planner" in str(backup.path)
    assert backup.name == "20261202T120000Z-manual.sqlite3"
    # nothing but the backup itself: no -wal/-shm/-journal/.part
    assert [p.name for p in backup.path.parent.iterdir()] == [backup.name]


def test_listing_says_what_each_backup_holds(workspace: Workspace) -> None:
    bk.take_backup(workspace, "opened", now=NOW - timedelta(hours=1))
    event_id = load_sample_event(workspace).event_id
    capture.add_note(workspace, event_id, kind="observation", text="One more", author="Ann")
    bk.take_backup(workspace, "auto", now=NOW)
    listed = bk.list_backups(workspace)
    assert [item.backup.reason for item in listed] == ["auto", "opened"]
    newer, older = (item.summary for item in listed)
    assert older == bk.BackupSummary(events=0, people=0, notes=0, newest_change=None)
    assert newer is not None
    assert newer.events == 1
    assert newer.people > 0
    assert newer.notes > 1
    assert newer.newest_change is not None
    assert "1 event, " in newer.describe()
    lines = bk.describe_backups(listed)
    assert lines[0].startswith("20261202T120000Z-auto.sqlite3")


def test_a_backup_restores_to_an_identical_bundle_export(workspace: Workspace) -> None:
    event_id = load_sample_event(workspace).event_id
    capture.add_note(workspace, event_id, kind="observation", text="Kept", author="Ann")
    expected = bundle_bytes(workspace, event_id)
    backup = bk.take_backup(workspace, "manual", now=NOW - timedelta(minutes=5))

    capture.add_note(workspace, event_id, kind="observation", text="Lost", author="Ann")
    for note in capture.list_notes(workspace, event_id)[:3]:
        capture.delete_note(workspace, note.id)
    update_event(workspace, event_id, {"title": "Renamed"})
    assert bundle_bytes(workspace, event_id) != expected

    result = bk.restore_backup(workspace, backup.name)
    assert result.restored == backup
    assert bundle_bytes(workspace, event_id) == expected
    # the workspace as it was before the restore was backed up first
    assert result.safety.reason == "before-restore"
    safety, restored = bk.summarize(result.safety.path), bk.summarize(backup.path)
    assert safety is not None
    assert restored is not None
    assert safety.notes == restored.notes - 2


def test_restoring_by_time_stamp_and_refusing_an_unknown_name(workspace: Workspace) -> None:
    event_id = load_sample_event(workspace).event_id
    bk.take_backup(workspace, "manual", now=NOW)
    update_event(workspace, event_id, {"title": "Renamed"})
    with pytest.raises(NotFoundError, match="There is no backup “nope”"):
        bk.restore_backup(workspace, "nope")
    assert [e.title for e in list_events(workspace)] == ["Renamed"]
    bk.restore_backup(workspace, "20261202T120000Z")
    assert [e.title for e in list_events(workspace)] != ["Renamed"]


def test_a_restore_reaches_other_open_connections(workspace_path: Path) -> None:
    with open_workspace(workspace_path) as first, open_workspace(workspace_path) as second:
        event_id = load_sample_event(first).event_id
        backup = bk.take_backup(first, "manual", now=NOW)
        update_event(second, event_id, {"title": "Renamed"})
        bk.restore_backup(first, backup.name)
        assert [e.title for e in list_events(second)] != ["Renamed"]


def test_backups_are_due_on_an_interval(workspace: Workspace) -> None:
    first = bk.take_backup_if_due(workspace, "opened", now=NOW)
    assert first is not None
    assert bk.take_backup_if_due(workspace, now=NOW + timedelta(minutes=9)) is None
    later = bk.take_backup_if_due(workspace, now=NOW + timedelta(minutes=10))
    assert later is not None
    assert later.reason == "auto"
    assert [b.name for b in bk.backups(workspace)] == [later.name, first.name]


def test_a_backup_on_a_full_disk_is_one_sentence_and_leaves_nothing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.store.hostile_disks import fill, small_disk

    with small_disk() as disk:
        monkeypatch.setenv("XDG_DATA_HOME", str(disk))
        load_sample_event(workspace)
        folder = bk.backups_folder(workspace)
        folder.mkdir(parents=True)
        fill(disk)
        with pytest.raises(ServiceError) as caught:
            bk.take_backup(workspace)
        message = str(caught.value)
        assert message.startswith(f"The backup could not be written to {folder}: ")
        assert "\n" not in message
        assert list(folder.iterdir()) == []


def test_a_backup_from_an_older_schema_is_upgraded_as_it_is_restored(
    workspace: Workspace, tmp_path: Path
) -> None:
    from tests.store.test_workspace import make_first_revision_workspace
    from workshop_planner.store import migrations

    old = tmp_path / "first-release.sqlite3"
    make_first_revision_workspace(old)
    folder = bk.backups_folder(workspace)
    folder.mkdir(parents=True)
    name = "20230601T080000Z-auto.sqlite3"
    (folder / name).write_bytes(old.read_bytes())
    listed = bk.list_backups(workspace)
    assert listed[0].summary == bk.BackupSummary(
        events=1, people=0, notes=0, newest_change=datetime(2023, 6, 1, 8, tzinfo=UTC)
    )

    bk.restore_backup(workspace, name)

    assert [e.title for e in list_events(workspace)] == ["Old event"]
    with workspace.engine.connect() as conn:
        assert migrations.current_revision(conn) == migrations.head_revision()
    assert (folder / name).read_bytes() == old.read_bytes()  # the backup itself is untouched


def test_a_backup_that_is_not_a_workspace_is_refused_and_changes_nothing(
    workspace: Workspace,
) -> None:
    event_id = load_sample_event(workspace).event_id
    before = bundle_bytes(workspace, event_id)
    folder = bk.backups_folder(workspace)
    folder.mkdir(parents=True)
    (folder / "20240101T000000Z-auto.sqlite3").write_text("not a database")
    assert bk.list_backups(workspace)[0].summary is None
    with pytest.raises(ServiceError, match="cannot be read as a workspace; choose another one"):
        bk.restore_backup(workspace, "20240101T000000Z")
    assert bundle_bytes(workspace, event_id) == before
    assert len(bk.backups(workspace)) == 1  # no safety copy: nothing was about to change
