"""The mention watchlist at the big directory's size (20,000 people), in fresh processes.

Prints, as medians over ``--repeats`` fresh interpreters (imports not counted):

- the big event's report context, first in a process (it builds the watchlist of the
  directory and matches every printed text) and then again (answers remembered);
- the report checks right after that context (they share its watchlist);
- with ``--reference``: the matcher alone (the watchlist built, then every text of the
  big event's report searched once) against the regular-expression matcher it
  replaced, kept as ``tests/report/mentions_reference.py``.

Usage: python benchmarks/mentions.py [--repeats N] [--reference]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import scale_data

_ROOT = Path(__file__).resolve().parent.parent

#: one fresh process: the context first, the context again, then the report checks
_CONTEXT = """
import json, sys, time
from workshop_planner.report import build_context
from workshop_planner.services.report_checks import report_checks
from workshop_planner.store import open_workspace
def timed(action):
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu
with open_workspace(sys.argv[1]) as ws:
    first = timed(lambda: build_context(ws, sys.argv[2]))
    again = timed(lambda: build_context(ws, sys.argv[2]))
    checks = timed(lambda: report_checks(ws, sys.argv[2]))
print(json.dumps({"first": first, "again": again, "checks": checks}))
"""

#: the texts the big event's report searches, and the directory, for the matcher alone
_TEXTS = """
import json, sys
from sqlalchemy import select
from workshop_planner.domain import models as m
from workshop_planner.report import build_context
from workshop_planner.report import mentions
from workshop_planner.store import open_workspace
with open_workspace(sys.argv[1]) as ws:
    build_context(ws, sys.argv[2])
    with ws.reading() as db:
        rows = db.execute(select(m.Person.full_name, m.Person.job_title,
                                 m.Person.consent_to_name)).all()
(watch,) = mentions._WATCHLISTS.values()
json.dump({"texts": list(watch._memo), "people": [list(r) for r in rows]},
          open(sys.argv[3], "w"))
print("{}")
"""

#: the matcher alone, in a fresh process: ``module`` is the new one or the reference
_MATCHER = """
import json, sys, time
sys.path.insert(0, sys.argv[3])
import importlib
module = importlib.import_module(sys.argv[2])
data = json.load(open(sys.argv[1]))
withheld = [module.WithheldPerson(n, t) for n, t, ok in data["people"] if not ok and n.strip()]
named = [n for n, _t, ok in data["people"] if ok and n.strip()]
start = time.perf_counter()
watch = module.Watchlist(withheld, named)
built = time.perf_counter()
found = sum(len(watch._find(text)) for text in data["texts"])
done = time.perf_counter()
print(json.dumps({"build": built - start, "find": done - built, "mentions": found}))
"""


def _inside(code: str, *args: str | Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
        cwd=_ROOT,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def _median(runs: list[dict[str, object]], key: str, index: int | None = None) -> float:
    values = [r[key] if index is None else r[key][index] for r in runs]  # type: ignore[index]
    return float(statistics.median(values))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wp-mentions-") as folder:
        big = scale_data.build("big", Path(folder))
        event_id = scale_data.big_event_id()
        runs = [_inside(_CONTEXT, big, event_id) for _ in range(options.repeats)]
        print(f"big event, {options.repeats} fresh processes (median): wall s / CPU s")
        for key, label in (
            ("first", "report context, first in the process"),
            ("again", "report context, again"),
            ("checks", "report checks after the context"),
        ):
            print(f"  {label:<40} {_median(runs, key, 0):6.3f} / {_median(runs, key, 1):6.3f}")
        first, again = _median(runs, "first", 0), _median(runs, "again", 0)
        print(f"  {'first minus again':<40} {first - again:6.3f}")
        if options.reference:
            data = Path(folder) / "texts.json"
            _inside(_TEXTS, big, event_id, data)
            print("the matcher alone: watchlist built, every text of the report searched once")
            for module in ("workshop_planner.report.mentions", "tests.report.mentions_reference"):
                found = [_inside(_MATCHER, data, module, _ROOT) for _ in range(options.repeats)]
                print(
                    f"  {module:<40} build {_median(found, 'build'):6.3f} s"
                    f"  find {_median(found, 'find'):6.3f} s"
                    f"  ({found[0]['mentions']} mentions)"
                )


if __name__ == "__main__":
    main()
