"""Time to import, re-import (merge, nothing new) and export a large event bundle.

Usage: python benchmarks/bundle.py [--people 1000] [--notes 5000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from workshop_planner.services.bundle import dumps, export_event, import_bundle
from workshop_planner.store import open_workspace

STAMP = "2024-06-01T08:00:00Z"


def make_bundle(people: int, notes: int) -> dict[str, Any]:
    event_id = str(uuid.uuid4())
    person_ids = [str(uuid.uuid4()) for _ in range(people)]
    theme_ids = [str(uuid.uuid4()) for _ in range(3)]
    sessions = [
        {
            "id": str(uuid.uuid4()),
            "title": f"Session {i}",
            "kind": "workshop",
            "start": f"2024-06-{15 + i % 2}T{9 + i % 8:02d}:00",
            "end": f"2024-06-{15 + i % 2}T{10 + i % 8:02d}:00",
            "location": f"Room {i % 5}",
            "description": None,
            "people": [{"person": person_ids[i], "role": "speaker"}],
            "field_visit": None,
            "updated_at": STAMP,
        }
        for i in range(40)
    ]
    return {
        "format": "workshop-planner/event-bundle",
        "version": 1,
        "exported_at": STAMP,
        "event": {
            "id": event_id,
            "title": "Benchmark convening",
            "start_date": "2024-06-15",
            "end_date": "2024-06-16",
            "timezone": "Europe/Berlin",
            "updated_at": STAMP,
        },
        "people": [
            {"id": pid, "full_name": f"Person {i}", "country": "DE", "updated_at": STAMP}
            for i, pid in enumerate(person_ids)
        ],
        "participants": [
            {"id": str(uuid.uuid4()), "person": pid, "roles": ["participant"], "updated_at": STAMP}
            for pid in person_ids
        ],
        "sessions": sessions,
        "themes": [
            {"id": tid, "position": i + 1, "title": f"Theme {i + 1}", "updated_at": STAMP}
            for i, tid in enumerate(theme_ids)
        ],
        "notes": [
            {
                "id": str(uuid.uuid4()),
                "kind": "quote" if i % 7 == 0 else "observation",
                "text": f"Observation number {i} about cities and their residents.",
                "author": f"Note-taker {i % 3}",
                "captured_at": STAMP,
                "session": sessions[i % len(sessions)]["id"],
                "themes": [theme_ids[i % 3]],
                "featured": i % 2 == 0,
                "position": i,
                **(
                    {"quote": {"speaker": person_ids[i % people], "attribution": "named"}}
                    if i % 7 == 0
                    else {}
                ),
                "updated_at": STAMP,
            }
            for i in range(notes)
        ],
    }


def timed(label: str, action: Any) -> Any:
    start = time.perf_counter()
    result = action()
    print(f"{label:<40} {1000 * (time.perf_counter() - start):8.0f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=5000)
    args = parser.parse_args()
    bundle = make_bundle(args.people, args.notes)
    size = len(dumps(bundle).encode())
    print(f"bundle: {args.people} people/participants, {args.notes} notes, {size / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp, open_workspace(Path(tmp) / "b.sqlite3") as ws:
        timed("import into an empty workspace", lambda: import_bundle(ws, bundle))
        timed("re-import (merge, nothing changes)", lambda: import_bundle(ws, bundle))
        exported = timed("export", lambda: export_event(ws, bundle["event"]["id"]))
        timed("serialise to JSON", lambda: json.dumps(exported, ensure_ascii=False))


if __name__ == "__main__":
    main()
