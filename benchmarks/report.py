"""How long the sample event's report takes, and what our pipeline adds to WeasyPrint.

Run: ``.venv/bin/python benchmarks/report.py [--runs 5]``. Prints timings; asserts nothing.

1. Our pipeline on the sample event: build the context from SQLite, render the
   HTML (Jinja2), render the PDF (WeasyPrint through our URL fetcher).
2. WeasyPrint alone on the very same HTML: the HTML export (page plus its
   ``_files`` folder) rendered from disk with WeasyPrint's own default fetcher.

Overhead = (ours − WeasyPrint alone) / WeasyPrint alone; the target is < 30 %.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML

from workshop_planner.report import build_context, export_report, render_html, render_pdf
from workshop_planner.services.bundle import load_sample_event
from workshop_planner.store import open_workspace


def _best(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _page_count(pdf: bytes) -> int | str:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a test dependency
        return "?"
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with open_workspace(folder / "bench.sqlite3") as ws:
            event_id = load_sample_event(ws).event_id
            context = build_context(ws, event_id)
            html = render_html(context)
            render_pdf(html, assets=context.assets)  # warm-up: imports, font caches

            t_context = _best(lambda: build_context(ws, event_id), args.runs)
            t_html = _best(lambda: render_html(context), args.runs)
            t_pdf = _best(lambda: render_pdf(html, assets=context.assets), args.runs)

            def whole() -> bytes:
                ctx = build_context(ws, event_id)
                return render_pdf(render_html(ctx), assets=ctx.assets)

            t_whole = _best(whole, args.runs)

            page = export_report(ws, event_id, folder / "same.html", fmt="html")

        def weasyprint_alone() -> bytes:
            pdf = HTML(filename=str(page)).write_pdf(pdf_tags=True)
            assert isinstance(pdf, bytes)
            return pdf

        weasyprint_alone()
        t_weasy = _best(weasyprint_alone, args.runs)
        pages = _page_count(render_pdf(html, assets=context.assets))

    def row(label: str, t: tuple[float, float]) -> None:
        print(f"  {label:<38} best {t[0] * 1000:8.1f} ms   median {t[1] * 1000:8.1f} ms")

    print(f"Sample event report ({args.runs} runs each, {pages} pages)")
    row("build_context (SQLite → dataclasses)", t_context)
    row("render_html (Jinja2 + Markdown)", t_html)
    row("render_pdf (WeasyPrint + our fetcher)", t_pdf)
    row("whole pipeline (context + HTML + PDF)", t_whole)
    row("WeasyPrint alone, same HTML from disk", t_weasy)
    overhead = (t_whole[0] - t_weasy[0]) / t_weasy[0]
    print(f"  overhead of our pipeline over WeasyPrint alone: {overhead * 100:+.1f} %", end="")
    print("  (target < 30 %)")


if __name__ == "__main__":
    main()
