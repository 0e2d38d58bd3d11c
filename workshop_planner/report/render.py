"""Context → HTML → PDF, and writing either to a file atomically."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from jinja2 import TemplateError

from workshop_planner.report.context import (
    AssetData,
    ReportContext,
    build_context,
    normalise_page_size,
)
from workshop_planner.report.errors import ReportError
from workshop_planner.report.fetcher import VIRTUAL_BASE, ReportURLFetcher
from workshop_planner.report.fonts import (
    MISSING_GLYPHS_FILE,
    ShippedFontsOnly,
    font_coverage,
    missing_characters,
    missing_glyphs_css,
    missing_glyphs_font,
)
from workshop_planner.report.templates import (
    MANIFEST_FILE,
    TEMPLATE_FILE,
    TemplateInfo,
    find_template,
    template_environment,
)
from workshop_planner.resources import resource_path
from workshop_planner.store import Workspace
from workshop_planner.store.files import write_atomically

ReportFormat = Literal["pdf", "html"]


def fonts_dir() -> Path:
    return resource_path("fonts")


def _template(template: str | TemplateInfo | None, context: ReportContext | None) -> TemplateInfo:
    if isinstance(template, TemplateInfo):
        return template
    name = template or (context.template if context is not None else None) or "event-report"
    return find_template(name)


def render_html(
    context: ReportContext,
    template_name: str | TemplateInfo | None = None,
    *,
    page_size: str | None = None,
    files: str = "",
) -> str:
    """The report's HTML from ``context`` with a template (default: the event's).

    ``files`` is the prefix of the report's files (``template/``, ``fonts/``,
    ``assets/``): "" for a PDF rendered with :func:`render_pdf`, or
    ``"name_files/"`` for an HTML page saved beside its files folder.
    """
    info = _template(template_name, context)
    size = normalise_page_size(page_size) or context.page_size
    env = template_environment(info)
    try:
        template = env.get_template(TEMPLATE_FILE)
        return template.render(report=context, files=files, page_size=size)
    except TemplateError as exc:
        raise ReportError(f"The report template “{info.name}” failed: {exc}.") from exc


def render_pdf(
    html: str,
    *,
    template: str | TemplateInfo | None = None,
    assets: Iterable[AssetData] = (),
    fetcher: ReportURLFetcher | None = None,
) -> bytes:
    """The PDF of ``html`` (from :func:`render_html` with ``files=""``).

    WeasyPrint loads files only through :class:`ReportURLFetcher`: the
    template's folder, the shipped fonts and ``assets``; and it sees no font
    of the machine (:class:`ShippedFontsOnly`), only those the CSS loads.
    """
    from weasyprint import CSS, HTML

    info = _template(template, None)
    if fetcher is None:
        fetcher = ReportURLFetcher(info.path, fonts_dir(), assets)
    font_config = ShippedFontsOnly()
    stylesheets = []
    missing = missing_characters(html, font_coverage(fonts_dir()))
    if missing:
        fetcher.generated_fonts[MISSING_GLYPHS_FILE] = missing_glyphs_font(missing)
        stylesheets.append(
            CSS(
                string=missing_glyphs_css(),
                base_url=VIRTUAL_BASE,
                url_fetcher=fetcher,
                font_config=font_config,
            )
        )
    document = HTML(string=html, base_url=VIRTUAL_BASE, url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_tags=True, font_config=font_config, stylesheets=stylesheets)
    assert isinstance(pdf, bytes)
    return pdf


def export_report(
    workspace: Workspace,
    event_id: str,
    output: Path,
    *,
    template: str | None = None,
    fmt: ReportFormat | str = "pdf",
    page_size: str | None = None,
) -> Path:
    """Write the event's report to ``output`` (PDF, or HTML with its files).

    The file appears whole or not at all: it is written to a temporary file
    in the same folder and moved into place. An HTML page gets a
    ``<name>_files/`` folder beside it with the stylesheet, fonts and logos,
    so it opens on its own. ``fmt`` is "pdf" or "html" (any other string is
    refused with a :class:`ReportError`, so callers may pass what a user typed).
    """
    output = Path(output)
    if fmt not in ("pdf", "html"):
        raise ReportError(f"“{fmt}” is not a report format (pdf or html).")
    if not output.parent.is_dir():
        raise ReportError(f"The folder {output.parent} does not exist.")
    if output.is_dir():
        raise ReportError(f"{output} is a folder; give a file name for the report.")
    context = build_context(workspace, event_id)
    info = _template(template, context)
    if fmt == "pdf":
        html = render_html(context, info, page_size=page_size)
        write_atomically(output, render_pdf(html, template=info, assets=context.assets))
        return output
    files_name = f"{output.stem}_files"
    html = render_html(context, info, page_size=page_size, files=quote(files_name) + "/")
    _write_files_folder(output.parent / files_name, info, context.assets)
    write_atomically(output, html.encode("utf-8"))
    return output


@contextlib.contextmanager
def _temporary_dir(parent: Path, name: str) -> Iterator[Path]:
    temp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    try:
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _write_files_folder(target: Path, template: TemplateInfo, assets: Iterable[AssetData]) -> None:
    """``target`` holding template/, fonts/ and assets/, replacing an older one."""
    with _temporary_dir(target.parent, target.name) as temp:
        new = temp / "new"
        shutil.copytree(
            template.path,
            new / "template",
            ignore=shutil.ignore_patterns(TEMPLATE_FILE, MANIFEST_FILE, "*.j2", ".*"),
        )
        shutil.copytree(fonts_dir(), new / "fonts", ignore=shutil.ignore_patterns(".*"))
        (new / "assets").mkdir()
        for asset in assets:
            (new / "assets" / asset.filename).write_bytes(asset.data)
        if target.exists():
            if not target.is_dir():
                raise ReportError(f"{target} exists and is not a folder.")
            target.rename(temp / "old")
        new.rename(target)
