"""Read-only files and folders, and a small full disk, made for real in tests.

Permission bits do not stop root, so as root a file or folder is made
immutable (``chattr +i``) instead; the disk is a small tmpfs. Tests skip where
neither can be done.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    mode = path.stat().st_mode
    os.chmod(path, 0o555 if path.is_dir() else 0o444)
    immutable = False
    try:
        if os.access(path, os.W_OK):  # root: the bits are not enough
            chattr = shutil.which("chattr")
            if chattr is None or subprocess.run([chattr, "+i", str(path)]).returncode != 0:
                pytest.skip("cannot make a file read-only for this user here")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run([shutil.which("chattr") or "chattr", "-i", str(path)], check=False)
        os.chmod(path, mode)


@contextmanager
def small_disk(size_kb: int = 512) -> Iterator[Path]:
    """A fresh tmpfs of ``size_kb`` (root only; skipped elsewhere)."""
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a small tmpfs needs root")
    folder = Path("/tmp") / f"wp-small-disk-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        capture_output=True,
    )
    if done.returncode != 0:
        folder.rmdir()
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def fill(folder: Path) -> None:
    """Fill the disk holding ``folder`` to the last byte."""
    with (folder / "filler").open("wb", buffering=0) as handle:
        for chunk in (1 << 16, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError:
                continue
