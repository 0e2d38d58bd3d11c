"""What a user reads when a workspace cannot be opened or written: one sentence each.

Real files, real SQLite: a lock held by another connection, a database that
hits its size limit, read-only files and folders, a full tmpfs, a damaged
file, another program's Alembic database. A refused file gets no company:
no -wal, -shm or -journal file appears beside it.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.store.hostile_disks import fill, read_only, small_disk
from workshop_planner.domain import models as m
from workshop_planner.services.event_editing import create_event
from workshop_planner.store import (
    NotAWorkspaceError,
    Workspace,
    WorkspaceBusyError,
    WorkspaceCorruptError,
    WorkspaceError,
    WorkspaceFullError,
    WorkspaceReadOnlyError,
    WorkspaceTooNewError,
    open_workspace,
)


def one_sentence(exc: BaseException) -> str:
    message = str(exc)
    assert "\n" not in message
    assert message.endswith("."), message
    assert "Traceback" not in message
    assert "SELECT" not in message
    return message


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- writing -------------------------------------------------------------------


def test_a_write_waits_for_another_writer_and_then_goes_through(workspace_path: Path) -> None:
    with open_workspace(workspace_path, busy_timeout_s=5) as ws:
        other = sqlite3.connect(workspace_path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()

        def release() -> None:
            time.sleep(0.4)
            other.execute("COMMIT")

        threading.Thread(target=release).start()
        with ws.transaction() as db:
            db.add(m.Person(full_name="Waited"))
        assert time.monotonic() - started >= 0.3
        with ws.reading() as db:
            assert list(db.scalars(select(m.Person.full_name))) == ["Waited"]
        other.close()


def test_a_write_that_cannot_get_its_turn_is_refused_in_one_sentence(
    workspace_path: Path,
) -> None:
    with open_workspace(workspace_path, busy_timeout_s=0.2) as ws:
        with ws.transaction() as db:
            db.add(m.Person(full_name="Before"))
        other = sqlite3.connect(workspace_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(WorkspaceBusyError) as caught, ws.transaction() as db:
                db.add(m.Person(full_name="Refused"))
            assert re.fullmatch(
                r"The workspace is busy: another program has been writing to it for \d+ "
                r"seconds?; try again\.",
                one_sentence(caught.value),
            )
            # reading does not wait for the writer
            started = time.monotonic()
            with ws.reading() as db:
                assert list(db.scalars(select(m.Person.full_name))) == ["Before"]
            assert time.monotonic() - started < 0.15
        finally:
            other.execute("ROLLBACK")
            other.close()
        with ws.reading() as db:
            assert list(db.scalars(select(m.Person.full_name))) == ["Before"]


def test_a_full_database_refuses_the_write_and_changes_nothing(workspace: Workspace) -> None:
    def save_a_big_person() -> None:
        with workspace.transaction() as db:
            pages = db.execute(text("PRAGMA page_count")).scalar_one()
            db.execute(text(f"PRAGMA max_page_count = {pages}"))  # SQLite's "disk is full"
            db.add_all(m.Person(full_name=f"Person {i} " + "x" * 250) for i in range(1000))

    with pytest.raises(WorkspaceFullError) as caught:
        save_a_big_person()
    assert "is full, so the change was not saved" in one_sentence(caught.value)
    with workspace.reading() as db:
        assert list(db.scalars(select(m.Person))) == []


def test_a_change_in_a_reading_transaction_is_a_programming_error(workspace: Workspace) -> None:
    def write_while_reading() -> None:
        with workspace.reading() as db:
            db.add(m.Person(full_name="Nope"))

    with pytest.raises(RuntimeError, match="reading"):
        write_while_reading()


def test_a_damaged_file_gives_the_corrupt_message(workspace_path: Path) -> None:
    with open_workspace(workspace_path) as ws:
        for i in range(300):
            create_event(ws, title=f"Event {i} " + "x" * 200, start_date=date(2024, 1, 1),
                         end_date=date(2024, 1, 2), timezone="UTC")  # fmt: skip
    data = bytearray(workspace_path.read_bytes())
    page = 4096
    for offset in range(5 * page, len(data) - page, page):  # leave the schema pages alone
        data[offset : offset + 64] = b"\xff" * 64
    workspace_path.write_bytes(bytes(data))

    def read_titles() -> None:
        with open_workspace(workspace_path) as ws, ws.reading() as db:
            db.scalars(select(m.Event.title)).all()

    with pytest.raises(WorkspaceCorruptError) as caught:
        read_titles()
    message = one_sentence(caught.value)
    assert "is damaged" in message
    assert "Restore from backup" in message


# --- opening -------------------------------------------------------------------


def test_a_read_only_workspace_file_is_refused_and_left_alone(workspace_path: Path) -> None:
    open_workspace(workspace_path).close()
    before = files(workspace_path.parent)
    with read_only(workspace_path), pytest.raises(WorkspaceReadOnlyError) as caught:
        open_workspace(workspace_path)
    assert f"The workspace {workspace_path} is read-only" in one_sentence(caught.value)
    assert files(workspace_path.parent) == before


def test_a_workspace_in_a_read_only_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "ws.sqlite3"
    open_workspace(path).close()
    with read_only(folder), pytest.raises(WorkspaceReadOnlyError) as caught:
        open_workspace(path)
    assert f"The folder {folder} holding the workspace is read-only" in one_sentence(caught.value)
    assert files(folder) == ["ws.sqlite3"]


def test_a_new_workspace_on_a_full_disk_says_so_and_leaves_nothing() -> None:
    with small_disk() as disk:
        fill(disk)
        with pytest.raises(WorkspaceFullError) as caught:
            open_workspace(disk / "new.sqlite3")
        assert "is full, so the workspace cannot be opened" in one_sentence(caught.value)
        assert files(disk) == ["filler"]


def test_a_save_on_a_full_disk_says_so() -> None:
    with small_disk() as disk:
        path = disk / "ws.sqlite3"
        with open_workspace(path) as ws:
            fill(disk)
            with pytest.raises(WorkspaceFullError) as caught:
                create_event(ws, title="x" * 500, start_date=date(2024, 1, 1),
                             end_date=date(2024, 1, 2), timezone="UTC",
                             description="y" * 150_000)  # fmt: skip
            assert "is full" in one_sentence(caught.value)
            (disk / "filler").unlink()
            with ws.reading() as db:
                assert db.scalars(select(m.Event)).all() == []


def test_another_programs_alembic_database_is_not_called_newer(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('3f2a9c1d7b10')")
    conn.execute("CREATE TABLE stock (id INTEGER PRIMARY KEY, item TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAWorkspaceError) as caught:
        open_workspace(path)
    message = one_sentence(caught.value)
    assert "not a Workshop Planner workspace" in message
    assert "newer version" not in message
    assert digest(path) == before
    assert files(tmp_path) == ["inventory.db"]


def test_another_programs_alembic_database_with_our_revision_ids_is_refused(
    tmp_path: Path,
) -> None:
    """A revision id we know ("0001") is not enough to call a file ours."""
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('0001')")
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorkspaceError):
        open_workspace(path)
    assert files(tmp_path) == ["other.db"]


def test_our_workspace_from_a_newer_version_gets_no_wal_files(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_workspace(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    assert files(tmp_path) == ["future.sqlite3"]  # still a WAL file, with nothing beside it
    with pytest.raises(WorkspaceTooNewError) as caught:
        open_workspace(path)
    assert "newer version" in one_sentence(caught.value)
    assert files(tmp_path) == ["future.sqlite3"]


@pytest.mark.parametrize(
    "content",
    [b"just some text, not a database\n" * 20, b"SQLite format 3\x00" + b"\x00" * 10],
    ids=["text", "truncated-header"],
)
def test_a_file_that_is_not_a_workspace_gets_no_company(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(NotAWorkspaceError) as caught:
        open_workspace(path)
    assert "not a Workshop Planner workspace" in one_sentence(caught.value)
    assert files(tmp_path) == ["notes.sqlite3"]
    assert path.read_bytes() == content


def test_every_workspace_error_is_exported_under_one_base() -> None:
    for cls in (WorkspaceBusyError, WorkspaceFullError, WorkspaceReadOnlyError,
                WorkspaceCorruptError, NotAWorkspaceError, WorkspaceTooNewError):  # fmt: skip
        assert issubclass(cls, WorkspaceError)


def test_a_write_refused_by_sqlite_as_read_only_is_translated(workspace_path: Path) -> None:
    """SQLite's own "attempt to write a readonly database", met through a read-only URI."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    from workshop_planner.store.errors import translate

    open_workspace(workspace_path).close()
    engine = create_engine(f"sqlite:///file:{workspace_path}?mode=ro&uri=true")
    try:
        with pytest.raises(OperationalError, match="readonly") as caught, engine.begin() as conn:
            conn.execute(text("DELETE FROM events"))
    finally:
        engine.dispose()
    translated = translate(caught.value, str(workspace_path), workspace_path)
    assert isinstance(translated, WorkspaceReadOnlyError)
    assert str(workspace_path) in one_sentence(translated)
