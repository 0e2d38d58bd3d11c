"""Rolling backups of a SQLite workspace, and restoring one.

Where: in the user's data folder (platformdirs), under
``backups/<workspace name>-<hash of its path>/``, not beside the workspace:
a workspace in a synced, shared or read-only folder gets no extra files
there, and its backups survive the folder being deleted. The hash keeps two
workspaces of the same name apart. (A workspace that is moved starts a new
series; the old one stays listed under the old path's folder.)

When: the app takes one when a workspace is opened and every
:data:`INTERVAL_MINUTES` while it is being edited (:func:`take_backup_if_due`);
a restore first takes one of the workspace as it is.

How many: thinned by age like Anki's (:func:`backups_to_keep`): every backup
of the last day (up to a count), then the newest of each day for a week, of
each week for a month, of each month for a year. Counts, not calendar
windows, so a workspace left alone for months still keeps its last backups.

Backups are whole SQLite files made with the online backup API (consistent
while other programs write) and can be opened as workspaces themselves.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs

from workshop_planner.domain.text import counted
from workshop_planner.services.errors import NotFoundError, ServiceError
from workshop_planner.store import Workspace, migrations
from workshop_planner.store.backups import (
    copy_database,
    copy_workspace,
    open_copy,
    quoted,
    replace_contents,
)
from workshop_planner.store.workspace import APP_NAME, APPLICATION_ID

#: minutes of editing between two automatic backups
INTERVAL_MINUTES = 10
SUFFIX = ".sqlite3"
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z-]+?)(?:-(?P<n>\d+))?\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%SZ"

#: why a backup was taken, as file names and listings say it
REASONS = {
    "auto": "automatic",
    "opened": "when opened",
    "before-restore": "before a restore",
    "manual": "on request",
}


@dataclass(frozen=True)
class KeepPolicy:
    """How many backups survive thinning, by age (see :func:`backups_to_keep`)."""

    #: every backup younger than this is kept …
    recent: timedelta = timedelta(days=1)
    #: … up to this many of them
    recent_count: int = 48
    #: then the newest backup of each of so many days, weeks, months
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for choosing one."""

    events: int
    people: int
    notes: int
    #: the newest ``updated_at`` of anything in it
    newest_change: datetime | None

    def describe(self) -> str:
        newest = (
            self.newest_change.astimezone().strftime("%Y-%m-%d %H:%M")
            if self.newest_change is not None
            else "never"
        )
        counts = [
            counted(self.events, "event", "events"),
            counted(self.people, "person", "people"),
            counted(self.notes, "note", "notes"),
        ]
        return f"{counts[0]}, {counts[1]} and {counts[2]}; last change {newest}."


@dataclass(frozen=True)
class Backup:
    name: str
    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(frozen=True)
class ListedBackup:
    backup: Backup
    #: None when the file cannot be read as a workspace
    summary: BackupSummary | None


@dataclass(frozen=True)
class RestoreResult:
    restored: Backup
    #: the workspace as it was just before the restore
    safety: Backup


# --- where and what ------------------------------------------------------------


def backups_folder(workspace: Workspace) -> Path:
    path = _sqlite_path(workspace)
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]
    root = platformdirs.user_data_path(APP_NAME, appauthor=False) / "backups"
    return root / f"{path.stem}-{digest}"


def backups(workspace: Workspace) -> list[Backup]:
    """The workspace's backups, newest first (files not named by us are ignored)."""
    folder = backups_folder(workspace)
    if not folder.is_dir():
        return []
    found = [b for p in folder.iterdir() if (b := _parse(p)) is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.name), reverse=True)


def list_backups(workspace: Workspace) -> list[ListedBackup]:
    """The backups, newest first, each with a summary of what it holds."""
    return [ListedBackup(b, summarize(b.path)) for b in backups(workspace)]


def find_backup(workspace: Workspace, name: str) -> Backup:
    """A backup by its file name (with or without ``.sqlite3``) or by its time stamp."""
    wanted = name.strip()
    every = backups(workspace)
    for b in every:
        if wanted in (b.name, b.path.stem):
            return b
    by_stamp = [b for b in every if b.name.startswith(f"{wanted}-")]
    if len(by_stamp) == 1:
        return by_stamp[0]
    raise NotFoundError(
        f"There is no backup “{wanted}” of this workspace; `workshop-planner backups list` "
        "shows them."
    )


def summarize(path: Path) -> BackupSummary | None:
    """Counts and the newest change in a backup; None if it is not a readable workspace."""
    try:
        with open_copy(path) as conn:
            (app_id,) = conn.execute("PRAGMA application_id").fetchone()
            if app_id != APPLICATION_ID:
                return None
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            # Table names come from the file's own schema, quoted as identifiers.
            events, people, notes = (
                int(conn.execute(f"SELECT count(*) FROM {quoted(t)}").fetchone()[0])  # noqa: S608
                for t in ("events", "people", "notes")
            )
            stamped = [t for t in sorted(tables) if "updated_at" in _columns(conn, t)]
            stamps = [
                conn.execute(f"SELECT max(updated_at) FROM {quoted(t)}").fetchone()[0]  # noqa: S608
                for t in stamped
            ]
    except sqlite3.Error:
        return None
    newest = max((_instant(s) for s in stamps if s), default=None)
    return BackupSummary(events, people, notes, newest_change=newest)


# --- taking --------------------------------------------------------------------


def take_backup(
    workspace: Workspace,
    reason: str = "manual",
    *,
    now: datetime | None = None,
    policy: KeepPolicy | None = None,
) -> Backup:
    """Back up the workspace now, then thin its backups."""
    when = (now or datetime.now(UTC)).astimezone(UTC)
    folder = backups_folder(workspace)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(folder, when, reason)
        copy_workspace(workspace, target)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ServiceError(
            f"The backup could not be written to {folder}: {reason.lower().rstrip('.')}."
        ) from exc
    backup = _parse(target)
    assert backup is not None
    thin_backups(workspace, now=when, policy=policy)
    return backup


def take_backup_if_due(
    workspace: Workspace,
    reason: str = "auto",
    *,
    interval: timedelta = timedelta(minutes=INTERVAL_MINUTES),
    now: datetime | None = None,
) -> Backup | None:
    """Back up unless the newest backup is younger than ``interval``; PostgreSQL: never."""
    if workspace.path is None:
        return None
    when = (now or datetime.now(UTC)).astimezone(UTC)
    existing = backups(workspace)
    if existing and when - existing[0].taken_at < interval:
        return None
    return take_backup(workspace, reason, now=when)


def thin_backups(
    workspace: Workspace, *, now: datetime | None = None, policy: KeepPolicy | None = None
) -> list[Backup]:
    """Delete the backups the policy no longer keeps; returns the deleted ones."""
    every = backups(workspace)
    keep = backups_to_keep([b.taken_at for b in every], now or datetime.now(UTC), policy)
    gone = [b for b in every if b.taken_at not in keep]
    for b in gone:
        b.path.unlink(missing_ok=True)
    return gone


def backups_to_keep(
    times: Iterable[datetime], now: datetime, policy: KeepPolicy | None = None
) -> set[datetime]:
    """Which backup times survive thinning (a pure function of the times and ``now``).

    Newest first: every backup younger than ``policy.recent`` (at most
    ``recent_count``); then, among the older ones, the newest of each day
    until ``daily`` days are kept, then of each ISO week until ``weekly``
    weeks, then of each month until ``monthly`` months. A day (week, month)
    that already has a kept backup gets no second one. Days are UTC days.
    """
    policy = policy or KeepPolicy()
    ordered = sorted(set(times), reverse=True)
    keep: set[datetime] = set()
    recent = [t for t in ordered if now - t < policy.recent][: policy.recent_count]
    keep.update(recent)
    days = {t.astimezone(UTC).date() for t in keep}
    weeks = {t.astimezone(UTC).isocalendar()[:2] for t in keep}
    months = {(t.astimezone(UTC).year, t.astimezone(UTC).month) for t in keep}
    quota = {"daily": policy.daily, "weekly": policy.weekly, "monthly": policy.monthly}
    for t in ordered:
        if t in keep or now - t < policy.recent:
            continue
        utc = t.astimezone(UTC)
        day, week, month = utc.date(), utc.isocalendar()[:2], (utc.year, utc.month)
        if quota["daily"] and day not in days:
            quota["daily"] -= 1
        elif not quota["daily"] and quota["weekly"] and week not in weeks:
            quota["weekly"] -= 1
        elif (
            not quota["daily"]
            and not quota["weekly"]
            and quota["monthly"]
            and (month not in months)
        ):
            quota["monthly"] -= 1
        else:
            continue
        keep.add(t)
        days.add(day)
        weeks.add(week)
        months.add(month)
    return keep


# --- restoring -----------------------------------------------------------------


def restore_backup(workspace: Workspace, name: str) -> RestoreResult:
    """Put the backup ``name`` in place of the workspace's contents, all or nothing.

    The backup is checked and brought to the current schema in a temporary
    copy first; then the workspace as it is is backed up ("before-restore");
    then its rows are replaced in one transaction.
    """
    backup = find_backup(workspace, name)
    with tempfile.TemporaryDirectory(prefix="wp-restore-") as temp:
        prepared = _prepare(backup, Path(temp) / "restore.sqlite3")
        safety = take_backup(workspace, "before-restore")
        replace_contents(workspace, prepared)
    return RestoreResult(restored=backup, safety=safety)


def _prepare(backup: Backup, target: Path) -> Path:
    """A checked copy of ``backup`` at the current schema, in ``target``."""
    summary = summarize(backup.path)
    if summary is None:
        raise ServiceError(
            f"The backup {backup.name} cannot be read as a workspace; choose another one."
        )
    with open_copy(backup.path) as source:
        (check,) = source.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise ServiceError(f"The backup {backup.name} is damaged; choose another one.")
        row = source.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
        if revision is None or not migrations.is_known(revision):
            raise ServiceError(
                f"The backup {backup.name} was made by another version of Workshop Planner and "
                "cannot be restored by this one."
            )
        copy_database(source, target)
    if not migrations.is_head(revision):
        from workshop_planner.store import open_workspace

        open_workspace(target).close()  # upgrades the copy, as opening it would
    return target


# --- helpers -------------------------------------------------------------------


def _sqlite_path(workspace: Workspace) -> Path:
    path = workspace.path
    if path is None:
        raise ServiceError(
            "Backups are kept for SQLite workspace files only; back up a team (PostgreSQL) "
            "workspace with the database server's own tools."
        )
    return path


def _free_name(folder: Path, when: datetime, reason: str) -> Path:
    base = f"{when.strftime(_STAMP)}-{reason}"
    target = folder / f"{base}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}{SUFFIX}"
    return target


def _parse(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if match is None or not path.is_file():
        return None
    taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    if match["n"]:  # a second backup in the same second sorts after the first
        taken += timedelta(microseconds=int(match["n"]))
    return Backup(path.name, path, taken, match["reason"], path.stat().st_size)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({quoted(table)})")}


def _instant(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def describe_backups(listed: Sequence[ListedBackup]) -> list[str]:
    """One line per backup, as the CLI lists them."""
    lines = []
    for item in listed:
        b = item.backup
        what = item.summary.describe() if item.summary else "not readable"
        taken = b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        lines.append(f"{b.name}  {taken}  {b.reason_text}: {what}")
    return lines


__all__ = [
    "INTERVAL_MINUTES",
    "Backup",
    "BackupSummary",
    "KeepPolicy",
    "ListedBackup",
    "RestoreResult",
    "backups",
    "backups_folder",
    "backups_to_keep",
    "describe_backups",
    "find_backup",
    "list_backups",
    "restore_backup",
    "summarize",
    "take_backup",
    "take_backup_if_due",
    "thin_backups",
]
