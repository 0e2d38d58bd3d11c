"""The capture journal: a second place for drafts and notes the workspace refused.

When the workspace cannot be written (disk full, read-only, locked, broken),
what the note-taker typed is kept in a small JSON file instead: beside the
workspace file (``workspace.sqlite3.capture-journal.json``), or — when that
cannot be written either — in the user's data folder. It holds

* ``drafts``: the composer's latest state per event and note-taker that the
  workspace does not hold (written only when a draft write failed, removed as
  soon as one succeeds), and
* ``pending``: notes whose save failed, each with its id and capture time, so
  a retry saves each one exactly once, as its own note.

Every change rewrites the file atomically (a temporary file, fsync, rename),
so a crash leaves the old or the new journal, never half of one; an empty
journal is removed. Two windows (or processes) on one workspace share the
journal: each change holds an advisory lock on the workspace's folder (POSIX
``flock``) from reading to writing, so neither loses the other's entries.
No Qt here: the page decides when to write and retry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from workshop_planner.domain.types import new_id
from workshop_planner.services import capture
from workshop_planner.services.capture import (
    CaseStudyData,
    DraftData,
    ExampleData,
    NoteData,
    QuoteData,
    ResourceData,
)
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace

if sys.platform != "win32":
    import fcntl

log = logging.getLogger(__name__)

APP_NAME = "workshop-planner"
SUFFIX = ".capture-journal.json"
VERSION = 1

_DETAILS: dict[str, type[Any]] = {
    "quote": QuoteData,
    "case_study": CaseStudyData,
    "example": ExampleData,
    "resource": ResourceData,
}


class JournalError(OSError):
    """Neither place could be written (the text stays in the window only)."""


@dataclass(frozen=True)
class PendingNote:
    """A note whose save failed: everything :func:`capture.add_note` needs, with
    its id and capture time fixed so that retries save it exactly once."""

    note_id: str
    event_id: str
    author: str
    session_id: str | None
    kind: str
    text: str
    captured_at: datetime
    theme_ids: tuple[str, ...] = ()
    #: detail keyword of add_note → the detail's fields
    details: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: what the composer held (text with its #tags, the forms' fields), to put it back
    composer_text: str = ""
    composer_extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        event_id: str,
        author: str,
        session_id: str | None,
        kind: str,
        text: str,
        captured_at: datetime,
        theme_ids: Iterable[str],
        details: Mapping[str, object],
        composer: DraftData | None = None,
    ) -> PendingNote:
        plain = {
            name: dataclasses.asdict(value)
            for name, value in details.items()
            if value is not None and dataclasses.is_dataclass(value) and not isinstance(value, type)
        }
        return cls(
            new_id(),
            event_id,
            author,
            session_id,
            kind,
            text,
            captured_at,
            tuple(theme_ids),
            plain,
            composer.text if composer else text,
            dict(composer.extra) if composer else {},
        )

    def as_draft(self) -> DraftData:
        """The note as the composer held it (to put it back there)."""
        return DraftData(
            self.event_id,
            self.author,
            self.session_id,
            self.kind,
            self.composer_text or self.text,
            dict(self.composer_extra),
            self.captured_at,
        )

    def save(self, workspace: Workspace, *, clear_draft: bool) -> NoteData:
        """Save the note (again); a retry of a save that did commit finds it there."""
        details = {
            name: _DETAILS[name](**values)
            for name, values in self.details.items()
            if name in _DETAILS
        }
        try:
            return capture.add_note(
                workspace,
                self.event_id,
                kind=self.kind,
                text=self.text,
                author=self.author,
                session_id=self.session_id,
                theme_ids=list(self.theme_ids),
                captured_at=self.captured_at,
                note_id=self.note_id,
                clear_draft=clear_draft,
                **details,
            )
        except ServiceError:
            try:
                return capture.get_note(workspace, self.note_id)  # committed earlier
            except ServiceError:
                pass
            raise

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["captured_at"] = self.captured_at.isoformat()
        data["theme_ids"] = list(self.theme_ids)
        data["details"] = {k: dict(v) for k, v in self.details.items()}
        data["composer_extra"] = dict(self.composer_extra)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PendingNote:
        return cls(
            str(data["note_id"]),
            str(data["event_id"]),
            str(data["author"]),
            data.get("session_id"),
            str(data["kind"]),
            str(data["text"]),
            datetime.fromisoformat(str(data["captured_at"])),
            tuple(str(t) for t in data.get("theme_ids") or ()),
            {str(k): dict(v) for k, v in (data.get("details") or {}).items()},
            str(data.get("composer_text") or ""),
            dict(data.get("composer_extra") or {}),
        )


def _draft_key(event_id: str, author: str) -> str:
    return f"{event_id}\x1f{author}"


def _draft_to_json(draft: DraftData) -> dict[str, Any]:
    return {
        "event_id": draft.event_id,
        "author": draft.author,
        "session_id": draft.session_id,
        "kind": draft.kind,
        "text": draft.text,
        "extra": dict(draft.extra),
        "updated_at": draft.updated_at.isoformat() if draft.updated_at else None,
    }


def _draft_from_json(data: Mapping[str, Any]) -> DraftData:
    updated = data.get("updated_at")
    return DraftData(
        str(data["event_id"]),
        str(data["author"]),
        data.get("session_id"),
        str(data["kind"]),
        str(data["text"]),
        dict(data.get("extra") or {}),
        datetime.fromisoformat(updated) if updated else None,
    )


def journal_paths(workspace: Workspace) -> tuple[Path, ...]:
    """Where the journal of ``workspace`` is written: beside it first, else the data folder."""
    url = workspace.url.render_as_string(hide_password=True)
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    fallback = platformdirs.user_data_path(APP_NAME, appauthor=False) / "journals"
    places = []
    database = workspace.url.database
    if workspace.is_sqlite and database and database != ":memory:":
        path = Path(database)
        places.append(path.with_name(path.name + SUFFIX))
    places.append(fallback / f"{digest}{SUFFIX}")
    return tuple(places)


class CaptureJournal:
    """The journal of one workspace (shared by every page and window on it)."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = tuple(paths)

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> CaptureJournal:
        return cls(journal_paths(workspace))

    # --- reading

    def _read(self) -> dict[str, Any]:
        """Both places merged."""
        merged: dict[str, Any] = {"drafts": {}, "pending": {}}
        # A later place is written only when the ones before it failed: it is newer.
        for path in self.paths:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                continue
            except (OSError, ValueError) as exc:
                log.warning("The capture journal %s cannot be read: %s", path, exc)
                continue
            if isinstance(data, dict):
                merged["drafts"].update(data.get("drafts") or {})
                merged["pending"].update(data.get("pending") or {})
        return merged

    def draft(self, event_id: str, author: str) -> DraftData | None:
        raw = self._read()["drafts"].get(_draft_key(event_id, author))
        return _draft_from_json(raw) if isinstance(raw, dict) else None

    def pending(self, event_id: str, author: str) -> list[PendingNote]:
        """The notes of ``author`` in ``event_id`` still to be saved, oldest first."""
        notes = []
        for raw in self._read()["pending"].values():
            try:
                note = PendingNote.from_json(raw)
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("A note in the capture journal cannot be read: %s", exc)
                continue
            if note.event_id == event_id and note.author == author:
                notes.append(note)
        return sorted(notes, key=lambda n: n.captured_at)

    def location(self) -> Path | None:
        """The place that holds the journal now (None: there is none)."""
        return next((path for path in self.paths if path.exists()), None)

    def is_empty(self) -> bool:
        data = self._read()
        return not data["drafts"] and not data["pending"]

    # --- writing

    def put_draft(self, draft: DraftData) -> Path:
        return self._change(
            lambda d: d["drafts"].__setitem__(
                _draft_key(draft.event_id, draft.author), _draft_to_json(draft)
            )
        )

    def drop_draft(self, event_id: str, author: str) -> None:
        key = _draft_key(event_id, author)
        if key in self._read()["drafts"]:
            self._change(lambda d: d["drafts"].pop(key, None))

    def add_pending(self, note: PendingNote) -> Path:
        return self._change(lambda d: d["pending"].__setitem__(note.note_id, note.to_json()))

    def drop_pending(self, note_id: str) -> None:
        if note_id in self._read()["pending"]:
            self._change(lambda d: d["pending"].pop(note_id, None))

    def _change(self, edit: Any) -> Path:
        """Apply ``edit`` to the journal and write it to the first place that takes it.

        The other places are removed (the written one holds everything), so an
        entry never lingers in a place nobody writes any more.
        """
        with self._locked():
            data = self._read()
            edit(data)
            return self._write_first(data)

    def _write_first(self, data: dict[str, Any]) -> Path:
        errors = []
        for i, path in enumerate(self.paths):
            try:
                _write(path, data)
            except OSError as exc:
                errors.append(f"{path}: {exc.strerror or exc}")
                continue
            for other in self.paths[:i] + self.paths[i + 1 :]:
                with contextlib.suppress(OSError):
                    other.unlink(missing_ok=True)
            return path
        raise JournalError("; ".join(errors))

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the journal's lock (a no-op where ``flock`` is not available)."""
        folder = next((p.parent for p in self.paths if p.parent.is_dir()), None)
        if sys.platform == "win32" or folder is None:
            yield
            return
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            yield  # an unreadable folder: the write will say so
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock


def _write(path: Path, data: Mapping[str, Any]) -> None:
    if not data["drafts"] and not data["pending"]:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"version": VERSION, **data}, ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # the rename itself survives a power cut
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
