"""Reading and copying a template folder's files without following symlinks.

A user template is a folder someone else may have made: a symlink in it
(``logo.png -> /home/me/.ssh/id_rsa``, ``assets -> /``) must not make the
report print or copy what it points to. Every path is walked one component
at a time from the folder with ``O_NOFOLLOW``, and only regular files are
read: no symlink, FIFO or device, nothing outside the folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

#: A template file larger than this is refused (a stylesheet or an image, not a dump).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: An HTML export copies at most this many files of a template folder.
MAX_COPIED_FILES = 2000

_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
# O_NONBLOCK: opening a FIFO must not wait for a writer; fstat refuses it afterwards.
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class TemplateFileRefused(Exception):
    """A template file is a symlink, not a regular file, outside the folder or too big."""


def _parts(relative: str) -> list[str]:
    parts = [p for p in relative.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or relative.startswith("/"):
        raise TemplateFileRefused(f"“{relative}” is not a file inside the template folder.")
    return parts


@contextlib.contextmanager
def _fd(fd: int) -> Iterator[int]:
    try:
        yield fd
    finally:
        os.close(fd)


def read_regular_file(root: Path, relative: str, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``root/relative``, never through a symlink, only a regular file.

    Raises :class:`FileNotFoundError` when there is no such file and
    :class:`TemplateFileRefused` (one sentence naming the file) for a
    symlink, anything but a regular file, or a file over ``max_bytes``.
    """
    parts = _parts(relative)
    try:
        with _fd(os.open(root, _OPEN_DIR & ~os.O_NOFOLLOW)) as top:
            fd = top
            opened: list[int] = []
            try:
                for part in parts[:-1]:
                    fd = os.open(part, _OPEN_DIR, dir_fd=fd)
                    opened.append(fd)
                with _fd(os.open(parts[-1], _OPEN_FILE, dir_fd=fd)) as file_fd:
                    info = os.fstat(file_fd)
                    if not stat.S_ISREG(info.st_mode):
                        raise TemplateFileRefused(
                            f"The template file “{relative}” is not a regular file."
                        )
                    if info.st_size > max_bytes:
                        raise TemplateFileRefused(
                            f"The template file “{relative}” is larger than "
                            f"{max_bytes // (1024 * 1024)} MB."
                        )
                    os.set_blocking(file_fd, True)
                    with open(file_fd, "rb", closefd=False) as handle:
                        return handle.read(max_bytes + 1)
            finally:
                for extra in opened:
                    os.close(extra)
    except OSError as exc:
        # ELOOP, ENOTDIR: what O_NOFOLLOW says of a symlink
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _is_symlink(root, parts):
            raise TemplateFileRefused(
                f"The template file “{relative}” is a symbolic link; a template may use "
                "only the regular files in its own folder."
            ) from None
        if isinstance(exc, FileNotFoundError | NotADirectoryError):
            raise FileNotFoundError(2, "No such file in the template", relative) from None
        raise


def _is_symlink(root: Path, parts: list[str]) -> bool:
    path = root
    for part in parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def modified_time(root: Path, relative: str) -> float | None:
    """The file's modification time (not following a final symlink), None if it is gone."""
    try:
        return os.lstat(root.joinpath(*_parts(relative))).st_mtime
    except (OSError, TemplateFileRefused):
        return None


def copy_regular_files(
    source: Path,
    target: Path,
    *,
    skip: Callable[[str], bool] = lambda name: False,
    max_files: int = MAX_COPIED_FILES,
) -> int:
    """Copy the regular files and real folders under ``source`` to ``target``.

    Symlinks (to files or folders, even to ``/``), FIFOs and devices are left
    out, never followed; ``skip(name)`` leaves out files by name. Returns how
    many files were copied; raises :class:`TemplateFileRefused` past ``max_files``.
    """
    copied = 0
    target.mkdir(parents=True, exist_ok=True)
    pending = [(source, target)]
    while pending:
        folder, into = pending.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith(".") or entry.is_symlink():
                    continue
                if entry.is_dir(follow_symlinks=False):
                    (into / entry.name).mkdir()
                    pending.append((Path(entry.path), into / entry.name))
                elif entry.is_file(follow_symlinks=False) and not skip(entry.name):
                    copied += 1
                    if copied > max_files:
                        raise TemplateFileRefused(
                            f"The template folder {source.name} holds more than {max_files} "
                            "files to copy."
                        )
                    relative = Path(entry.path).relative_to(source).as_posix()
                    (into / entry.name).write_bytes(read_regular_file(source, relative))
                    shutil.copystat(entry.path, into / entry.name, follow_symlinks=False)
    return copied
