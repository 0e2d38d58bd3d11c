"""Eight processes import conflicting bundles into one PostgreSQL workspace at once.

Every bundle edits the same notes with its own text and stamp, and the
processes start together (launched in an order unrelated to the stamps).
The merge decides under row locks, so afterwards each note holds the text
with the newest stamp, and every text an import acknowledged is the note's
text or in its history: an older stamp never overwrote a newer one.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.postgres import fresh_schema
from workshop_planner.domain import clock as hlc
from workshop_planner.services import capture
from workshop_planner.services.bundle import import_bundle
from workshop_planner.store import open_workspace

pytestmark = pytest.mark.postgres

BUNDLE = Path(__file__).parents[1] / "services" / "bundle" / "data" / "other-tool-bundle.json"
LAPTOPS = 8
ROUNDS = 3
START = datetime(2024, 8, 1, 9, 0, tzinfo=UTC)


def import_when_told(url: str, bundle: str, go: str) -> str | None:
    """Import ``bundle`` once ``go`` exists; None when acknowledged, else the error."""
    deadline = time.monotonic() + 60
    with open_workspace(url) as ws:
        while not Path(go).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        try:
            import_bundle(ws, json.loads(bundle))
        except Exception as exc:  # reported to the test, which fails on it
            return f"{type(exc).__name__}: {exc}"
    return None


def conflicting(base: dict[str, Any], round_: int, laptop: int, second: int) -> dict[str, Any]:
    """``base`` with every note's text edited by ``laptop``, stamped ``second`` s into the round.

    Half the laptops send HLC clocks, half only ``updated_at`` (an older version).
    """
    bundle = json.loads(json.dumps(base))
    moment = START + timedelta(days=round_, seconds=second)
    for note in bundle["notes"]:
        note["text"] = f"Round {round_}, laptop {laptop}: {note['id'][-2:]}"
        note["updated_at"] = moment.isoformat().replace("+00:00", "Z")
        if laptop % 2 == 0:
            note["clock"] = {"at": hlc.make_stamp(moment, 0, f"laptop-{laptop}")}
    return bundle


def test_eight_conflicting_imports_in_parallel_never_let_an_older_stamp_win(
    tmp_path: Path,
) -> None:
    base = json.loads(BUNDLE.read_text(encoding="utf-8"))
    note_ids = [n["id"] for n in base["notes"]]
    shuffle = random.Random(16)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["workshop_planner.services.bundle"])
    with fresh_schema("wp_fieldmerge") as url:
        with open_workspace(url) as ws:
            import_bundle(ws, base)
        acknowledged: dict[str, set[str]] = {note_id: set() for note_id in note_ids}
        for round_ in range(ROUNDS):
            seconds = list(range(LAPTOPS))
            shuffle.shuffle(seconds)  # the stamps' order is not the launch order
            bundles = [conflicting(base, round_, i, seconds[i]) for i in range(LAPTOPS)]
            go = tmp_path / f"go-{round_}"
            with context.Pool(LAPTOPS) as pool:
                pending = pool.starmap_async(
                    import_when_told, [(url, json.dumps(b), str(go)) for b in bundles]
                )
                time.sleep(0.5)  # every worker has the workspace open: start them together
                go.touch()
                errors = pending.get(timeout=300)
            assert errors == [None] * LAPTOPS
            newest = bundles[seconds.index(max(seconds))]
            with open_workspace(url) as ws:
                for note_id, note in zip(note_ids, newest["notes"], strict=True):
                    assert capture.get_note(ws, note_id).text == note["text"]
                    history = {r.text for r in capture.note_history(ws, note_id)}
                    for bundle in bundles:
                        text = next(n["text"] for n in bundle["notes"] if n["id"] == note_id)
                        acknowledged[note_id].add(text)
                    missing = acknowledged[note_id] - history - {note["text"]}
                    assert not missing, f"acknowledged texts lost: {sorted(missing)}"
