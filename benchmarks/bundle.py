"""Time to import, re-import, merge newer notes and export one event bundle of a chosen size.

The bundle comes from the seeded generator of ``scale_data`` (the same one
``scale.py`` uses for issue 14's table); this script is for trying sizes.

Usage: python benchmarks/bundle.py [--people 1000] [--notes 5000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import scale_data

from workshop_planner.services.bundle import dumps, export_event, import_bundle
from workshop_planner.store import open_workspace


def make_bundle(people: int, notes: int) -> dict[str, Any]:
    rng = random.Random(f"bundle/{people}/{notes}")
    directory = scale_data.make_directory(rng, "bundle", people)
    size = scale_data.EventSize(
        participants=people,
        sessions=max(1, min(300, notes // 30)),
        notes=notes,
        themes=6,
        featured=min(notes, 150),
    )
    event_id = scale_data.stable_id("bundle", people, notes)
    return scale_data.make_event_bundle(
        rng, event_id, "Benchmark convening", size, directory, start=date(2024, 6, 15)
    )


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
    newer = scale_data.newer_notes(bundle)
    size = len(dumps(bundle).encode())
    print(f"bundle: {args.people} people/participants, {args.notes} notes, {size / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp, open_workspace(Path(tmp) / "b.sqlite3") as ws:
        timed("import into an empty workspace", lambda: import_bundle(ws, bundle))
        timed("re-import (merge, nothing changes)", lambda: import_bundle(ws, bundle))
        timed("merge, every note newer", lambda: import_bundle(ws, newer))
        exported = timed("export", lambda: export_event(ws, bundle["event"]["id"]))
        timed("serialise to JSON", lambda: dumps(exported))


if __name__ == "__main__":
    main()
