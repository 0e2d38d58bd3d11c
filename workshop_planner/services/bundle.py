"""Event bundles: the JSON file that carries one event between laptops and tools.

The format is the contract in ``domain.md``. Import validates everything first
and merges by id in a single transaction: a bundle with any problem changes
nothing. Export → import into an empty workspace → export gives the same JSON
(apart from ``exported_at``).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workshop_planner.resources import sample_bundle_path
from workshop_planner.services.bundle_export import export_event as _export_event
from workshop_planner.services.bundle_limits import (
    BundleLimitError,
    bundle_file_too_large,
    bundle_problems,
    load_bundle_json,
)
from workshop_planner.services.bundle_merge import MergeConflict, Merger
from workshop_planner.services.bundle_validation import Problem, validate_bundle
from workshop_planner.services.errors import ServiceError
from workshop_planner.store import Workspace
from workshop_planner.store.files import write_atomically

__all__ = [
    "BundleError",
    "ImportResult",
    "Problem",
    "dumps",
    "export_bundle_file",
    "export_event",
    "import_bundle",
    "import_bundle_file",
    "load_sample_event",
    "read_bundle_file",
    "validate_bundle",
]


class BundleError(ServiceError):
    """A bundle cannot be imported; ``problems`` says where and why."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class ImportResult:
    event_id: str
    title: str
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def describe(self) -> str:
        def total(c: Counter[str]) -> int:
            return sum(c.values())

        notes = self.added["notes"]
        return (
            f"Imported “{self.title}”: {total(self.added)} added ({notes} notes), "
            f"{total(self.updated)} updated, {total(self.unchanged)} already up to date."
        )


def read_bundle_file(path: Path) -> dict[str, Any]:
    try:
        too_large = bundle_file_too_large(path.stat().st_size)
        if too_large:
            raise BundleError(f"{path} is not imported: {too_large}.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BundleError(f"{path} is a folder, not a bundle file.") from None
    try:
        data = load_bundle_json(raw)
    except BundleLimitError as exc:
        raise BundleError(f"{path} is not imported: {exc}.") from None
    except UnicodeDecodeError:
        raise BundleError(f"{path} is not a bundle: it is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise BundleError(
            f"{path} is not a bundle: it is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})."
        ) from None
    if not isinstance(data, dict):
        raise BundleError(
            f"{path} is not a bundle: it holds a JSON {type(data).__name__}, not an object."
        )
    return data


def import_bundle(workspace: Workspace, data: dict[str, Any]) -> ImportResult:
    """Validate ``data`` and merge it into the workspace, all or nothing."""
    problems = bundle_problems(data)
    if problems:
        raise BundleError(_problem_summary(problems), problems)
    try:
        with workspace.transaction() as db:
            merger = Merger(db, data)
            merger.run()
    except MergeConflict as exc:
        raise BundleError(_problem_summary(exc.problems), exc.problems) from None
    return ImportResult(
        event_id=data["event"]["id"],
        title=data["event"]["title"],
        added=merger.added,
        updated=merger.updated,
        unchanged=merger.unchanged,
    )


def import_bundle_file(workspace: Workspace, path: Path) -> ImportResult:
    return import_bundle(workspace, read_bundle_file(path))


def export_event(
    workspace: Workspace, event_id: str, *, notes_author: str | None = None
) -> dict[str, Any]:
    with workspace.reading() as db:
        return _export_event(db, event_id, notes_author=notes_author)


def dumps(bundle: dict[str, Any]) -> str:
    """The bundle as the JSON text we write: UTF-8, readable, stable."""
    return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"


def export_bundle_file(
    workspace: Workspace, event_id: str, path: Path, *, notes_author: str | None = None
) -> Path:
    bundle = export_event(workspace, event_id, notes_author=notes_author)
    write_atomically(path, dumps(bundle).encode("utf-8"))
    return path


def load_sample_event(workspace: Workspace) -> ImportResult:
    """Import the sample convening shipped with the app (idempotent)."""
    return import_bundle_file(workspace, sample_bundle_path())


def _problem_summary(problems: list[Problem]) -> str:
    count = len(problems)
    first = problems[0]
    more = f" (and {count - 1} more)" if count > 1 else ""
    return f"The bundle was not imported and nothing was changed: {first}{more}."
