"""The optional ``placement`` of notes in the event bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workshop_planner.domain import models as m
from workshop_planner.services.bundle import BundleError, export_event, import_bundle
from workshop_planner.store import Workspace

OTHER_TOOL = Path(__file__).parent / "data" / "other-tool-bundle.json"
EVENT_ID = "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01"


def bundle() -> dict[str, Any]:
    return json.loads(OTHER_TOOL.read_text(encoding="utf-8"))


def placements(ws: Workspace) -> dict[str, str | None]:
    with ws.transaction() as db:
        return {n.id: n.placement for n in db.query(m.Note)}


def test_a_bundle_without_placement_imports_with_none_and_exports_without_it(
    workspace: Workspace,
) -> None:
    original = bundle()
    assert all("placement" not in n for n in original["notes"])
    import_bundle(workspace, original)
    assert set(placements(workspace).values()) == {None}
    assert all("placement" not in n for n in export_event(workspace, EVENT_ID)["notes"])


def test_placement_round_trips_and_a_newer_bundle_changes_it(workspace: Workspace) -> None:
    data = bundle()
    first = data["notes"][0]["id"]
    data["notes"][0]["placement"] = "closing"
    data["notes"][1]["placement"] = None
    import_bundle(workspace, data)
    assert placements(workspace)[first] == "closing"
    exported = export_event(workspace, EVENT_ID)
    note = next(n for n in exported["notes"] if n["id"] == first)
    assert note["placement"] == "closing"

    newer = bundle()
    newer["notes"][0]["placement"] = "threats"
    newer["notes"][0]["updated_at"] = "2030-01-01T00:00:00Z"
    import_bundle(workspace, newer)
    assert placements(workspace)[first] == "threats"


def test_an_unknown_placement_is_refused_with_its_path(workspace: Workspace) -> None:
    data = bundle()
    data["notes"][2]["placement"] = "appendix"
    with pytest.raises(BundleError, match=r"\$\.notes\[2\]\.placement"):
        import_bundle(workspace, data)
    with workspace.transaction() as db:
        assert db.query(m.Event).count() == 0
