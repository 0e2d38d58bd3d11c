"""Why a workspace cannot be opened or written, each said in one sentence.

The app's error dialog shows ``str(exc)`` of any :class:`WorkspaceError`, so
every message stands alone: what happened, to which workspace, what to do.
:func:`translate` turns the database driver's errors (SQLite result codes,
PostgreSQL SQLSTATEs) into these classes; anything it does not recognise is
left to the caller.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError

# SQLite primary result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

#: below this much free space an I/O failure is taken for a full disk
NEARLY_FULL_BYTES = 1 << 20


class WorkspaceError(Exception):
    """A workspace cannot be opened or written; the message is one sentence for the user."""


class WorkspaceTooNewError(WorkspaceError):
    pass


class NotAWorkspaceError(WorkspaceError):
    pass


class WorkspaceBusyError(WorkspaceError):
    """Another program kept the workspace locked for longer than we wait."""


class WorkspaceFullError(WorkspaceError):
    """The disk (or the database's size limit) is full."""


class WorkspaceReadOnlyError(WorkspaceError):
    """The workspace file or its folder cannot be written."""


class WorkspaceCorruptError(WorkspaceError):
    """The workspace file is damaged."""


class ValueOutOfLimitsError(WorkspaceError):
    """A value does not fit its column (too long, a control character, a year far off …)."""


class WorkspaceIOError(WorkspaceError):
    """The disk failed to read or write the workspace."""


def busy_error(waited_s: float) -> WorkspaceBusyError:
    seconds = max(1, round(waited_s))
    unit = "second" if seconds == 1 else "seconds"
    return WorkspaceBusyError(
        f"The workspace is busy: another program has been writing to it for {seconds} {unit}; "
        "try again."
    )


def full_error(where: str, *, opening: bool = False) -> WorkspaceFullError:
    what = "the workspace cannot be opened" if opening else "the change was not saved"
    return WorkspaceFullError(
        f"The disk holding the workspace {where} is full, so {what}; free some space and try again."
    )


def read_only_error(path: Path, *, folder: bool = False) -> WorkspaceReadOnlyError:
    if folder:
        return WorkspaceReadOnlyError(
            f"The folder {path.parent} holding the workspace is read-only, so Workshop Planner "
            "cannot save to it; make the folder writable or copy the workspace somewhere you can "
            "write."
        )
    return WorkspaceReadOnlyError(
        f"The workspace {path} is read-only, so Workshop Planner cannot save to it; make the "
        "file writable or copy it somewhere you can write."
    )


def corrupt_error(where: str) -> WorkspaceCorruptError:
    return WorkspaceCorruptError(
        f"The workspace {where} is damaged (its database file is malformed); restore it from a "
        "backup with File → Restore from backup… or `workshop-planner backups restore`."
    )


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of a driver error (wrapped or not)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    if isinstance(orig, sqlite3.DatabaseError):
        # Errors raised without a code (old drivers): recognise the message.
        text = str(orig).lower()
        for needle, value in (
            ("database is locked", SQLITE_BUSY),
            ("disk is full", SQLITE_FULL),
            ("readonly database", SQLITE_READONLY),
            ("malformed", SQLITE_CORRUPT),
            ("not a database", SQLITE_NOTADB),
        ):
            if needle in text:
                return value
    return None


def _sqlstate(exc: BaseException) -> str | None:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return state if isinstance(state, str) else None


def is_busy(exc: BaseException) -> bool:
    return sqlite_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED) or _sqlstate(exc) in (
        "40P01",  # deadlock detected
        "55P03",  # lock not available
    )


def translate(
    exc: BaseException, where: str, path: Path | None = None, *, opening: bool = False
) -> WorkspaceError | None:
    """The :class:`WorkspaceError` a driver error means, or None when it means none of them.

    ``where`` names the workspace in messages; ``path`` is its file (SQLite).
    Constraint violations (:class:`IntegrityError`) are the services' business.
    """
    if isinstance(exc, IntegrityError) or not isinstance(exc, DBAPIError | sqlite3.Error):
        return None
    code = sqlite_code(exc)
    state = _sqlstate(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or state in ("40P01", "55P03"):
        return busy_error(0)
    if code == SQLITE_FULL or state == "53100":
        return full_error(where, opening=opening)
    if code == SQLITE_READONLY or state == "25006":
        if path is not None:
            return read_only_error(path, folder=_folder_read_only(path))
        return WorkspaceReadOnlyError(
            f"The workspace {where} is read-only, so the change was not saved."
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or state == "XX001":
        return corrupt_error(where)
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM):
        if path is not None and disk_nearly_full(path):
            return full_error(where, opening=opening)
        if path is not None and not writable(path):
            return read_only_error(path, folder=_folder_read_only(path))
        return WorkspaceIOError(
            f"The workspace {where} could not be read or written ({_first_line(exc)}); check the "
            "disk and try again."
        )
    return None


def disk_nearly_full(path: Path) -> bool:
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def writable(path: Path) -> bool:
    """Whether the file (when it exists) and its folder can be written.

    ``os.access`` also answers for root on read-only file systems and
    immutable files, where permission bits alone would say yes.
    """
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK | os.X_OK)


def _folder_read_only(path: Path) -> bool:
    file_ok = not path.exists() or os.access(path, os.W_OK)
    return file_ok and not os.access(path.parent, os.W_OK | os.X_OK)


def os_error(exc: OSError, path: Path, *, opening: bool = False) -> WorkspaceError | None:
    """The :class:`WorkspaceError` an OS error met while preparing the workspace means."""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return full_error(str(path), opening=opening)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only_error(path, folder=_folder_read_only(path))
    return None


def _first_line(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(orig).strip().splitlines()
    return text[0].rstrip(".") if text else type(orig).__name__
