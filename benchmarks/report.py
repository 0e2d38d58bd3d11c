"""How long the sample event's report takes, and what our pipeline adds to WeasyPrint.

Run: ``.venv/bin/python benchmarks/report.py [--runs 5] [--no-process]``. Prints
timings; asserts nothing. Target (issue 14): ours ≤ 1.15× WeasyPrint alone,
in process and as a whole process.

In process (one Python process, warm):
1. our steps on the sample event: build the context from SQLite, render the
   HTML (Jinja2), render the PDF (WeasyPrint through our URL fetcher and fonts);
2. WeasyPrint alone on the very same HTML: the HTML export (page plus its
   ``_files`` folder) rendered from disk with WeasyPrint's own default fetcher.

As a whole process (cold, what a user waits for):
3. ``workshop-planner report EVENT -o out.pdf`` (the CLI: context here, layout
   in the render process);
4. ``python -c "weasyprint.HTML(filename=…).write_pdf(…)"`` on the same HTML.

Runs alternate ours / WeasyPrint alone so a busy machine slows both alike;
ratios are of medians. CPU time (user + system, children included) is shown
too: on a loaded machine it is the steadier figure.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML

from workshop_planner.report import build_context, export_report, render_html, render_pdf
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import open_workspace

Timing = tuple[float, float]  # (wall, cpu) seconds


def _timed(fn: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _run(command: list[str]) -> Timing:
    before = os.times()
    wall = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - wall
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def _alternate(
    ours: Callable[[], Timing], alone: Callable[[], Timing], runs: int
) -> dict[str, list[Timing]]:
    times: dict[str, list[Timing]] = {"ours": [], "alone": []}
    for _ in range(runs):
        times["ours"].append(ours())
        times["alone"].append(alone())
    return times


def _page_count(pdf: bytes) -> int | str:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a test dependency
        return "?"
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _row(label: str, timings: list[Timing]) -> tuple[float, float]:
    wall = statistics.median(t[0] for t in timings)
    cpu = statistics.median(t[1] for t in timings)
    best = min(t[0] for t in timings)
    print(
        f"  {label:<44} median {wall * 1000:7.0f} ms (best {best * 1000:6.0f})"
        f"   CPU {cpu * 1000:6.0f} ms"
    )
    return wall, cpu


def _ratio(label: str, ours: tuple[float, float], alone: tuple[float, float]) -> None:
    print(
        f"  → {label}: {ours[0] / alone[0]:.2f}× wall, {ours[1] / alone[1]:.2f}× CPU"
        "   (target ≤ 1.15×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-process", action="store_true", help="skip the whole-process runs")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.sqlite3"
        with open_workspace(db) as ws:
            event_id = load_sample_event(ws).event_id
            context = build_context(ws, event_id)
            html = render_html(context)
            render_pdf(html, assets=context.assets)  # warm-up: imports, font caches
            page = export_report(ws, event_id, folder / "same.html", fmt="html")

            def weasyprint_alone() -> bytes:
                pdf = HTML(filename=str(page)).write_pdf(pdf_tags=True)
                assert isinstance(pdf, bytes)
                return pdf

            weasyprint_alone()
            steps = {
                "build_context (SQLite → dataclasses)": lambda: build_context(ws, event_id),
                "render_html (Jinja2 + Markdown)": lambda: render_html(context),
            }
            print(
                f"Sample event report ({args.runs} runs each, "
                f"{_page_count(render_pdf(html, assets=context.assets))} pages)"
            )
            print("In process (warm):")
            for label, fn in steps.items():
                _row(label, [_timed(fn) for _ in range(args.runs)])

            def whole() -> bytes:
                ctx = build_context(ws, event_id)
                return render_pdf(render_html(ctx), assets=ctx.assets)

            pdf_only = _alternate(
                lambda: _timed(lambda: render_pdf(html, assets=context.assets)),
                lambda: _timed(weasyprint_alone),
                args.runs,
            )
            ours_pdf = _row("render_pdf (WeasyPrint + our fetcher, fonts)", pdf_only["ours"])
            alone = _row("WeasyPrint alone, same HTML from disk", pdf_only["alone"])
            _ratio("render API (render_pdf)", ours_pdf, alone)
            pipeline = _alternate(
                lambda: _timed(whole), lambda: _timed(weasyprint_alone), args.runs
            )
            ours_all = _row("context + HTML + PDF", pipeline["ours"])
            alone = _row("WeasyPrint alone, same HTML from disk", pipeline["alone"])
            _ratio("whole pipeline in process", ours_all, alone)

        if args.no_process:
            return
        cli = [
            sys.executable,
            "-m",
            "workshop_planner",
            "--workspace",
            str(db),
            "report",
            event_id,
            "-o",
            str(folder / "cli.pdf"),
        ]
        script = (
            f"import weasyprint; weasyprint.HTML(filename={str(page)!r})"
            f".write_pdf({str(folder / 'alone.pdf')!r}, pdf_tags=True)"
        )
        alone_cmd = [sys.executable, "-c", script]
        _run(cli), _run(alone_cmd)  # warm the disk cache
        whole_process = _alternate(lambda: _run(cli), lambda: _run(alone_cmd), args.runs)
        print("As a whole process (cold start each run):")
        ours_cli = _row("workshop-planner report (render process)", whole_process["ours"])
        alone_cli = _row("python -c 'weasyprint …write_pdf'", whole_process["alone"])
        _ratio("whole process", ours_cli, alone_cli)


if __name__ == "__main__":
    main()
