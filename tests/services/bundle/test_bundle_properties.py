"""Property: whatever text and instants notes carry, export → import → export is stable."""

from __future__ import annotations

import json
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_planner.services.bundle import dumps, export_event, import_bundle
from workshop_planner.services.bundle_export import format_instant
from workshop_planner.store import open_workspace

BUNDLE = Path(__file__).parent / "data" / "other-tool-bundle.json"

# any text a bundle may carry: no NUL and no lone surrogate (domain/limits.py)
texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=200)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts, instants, st.booleans()), min_size=1, max_size=6))
def test_notes_survive_a_round_trip_exactly(notes: list[tuple[str, datetime, bool]]) -> None:
    bundle: dict[str, Any] = json.loads(BUNDLE.read_text(encoding="utf-8"))
    for text, instant, featured in notes:
        stamp = format_instant(instant)
        bundle["notes"].append(
            {
                "id": str(uuid.uuid4()),
                "kind": "observation",
                "text": text,
                "author": "Hypothesis",
                "captured_at": stamp,
                "session": None,
                "themes": [],
                "featured": featured,
                "position": 0,
                "updated_at": stamp,
            }
        )
    with tempfile.TemporaryDirectory() as tmp:
        with open_workspace(Path(tmp) / "a.sqlite3") as a:
            import_bundle(a, bundle)
            first = export_event(a, bundle["event"]["id"])
        with open_workspace(Path(tmp) / "b.sqlite3") as b:
            import_bundle(b, json.loads(dumps(first)))
            second = export_event(b, bundle["event"]["id"])
    first.pop("exported_at")
    second.pop("exported_at")
    assert second == first
    exported_texts = sorted(n["text"] for n in first["notes"] if n["author"] == "Hypothesis")
    assert exported_texts == sorted(text for text, _, _ in notes)
