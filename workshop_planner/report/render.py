"""Context → HTML → PDF, in this process.

:func:`render_html` and :func:`render_pdf` are the render API (the tests and
the benchmark call them); :func:`write_report_file` is what the render
process runs for :func:`~.export.export_report`. Imported by that process,
so nothing of the context builder (SQLAlchemy) or the store at the top.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from jinja2 import TemplateError

from workshop_planner.report.errors import ReportError
from workshop_planner.report.fetcher import VIRTUAL_BASE, ReportURLFetcher
from workshop_planner.report.fonts import (
    MISSING_GLYPHS_FILE,
    ShippedFontsOnly,
    font_coverage,
    missing_characters,
    missing_glyphs_css,
    missing_glyphs_font,
    shipped_fonts_css,
)
from workshop_planner.report.template_files import TemplateFileRefused, copy_regular_files
from workshop_planner.report.templates import (
    MANIFEST_FILE,
    TEMPLATE_FILE,
    BudgetRange,
    TemplateFileError,
    TemplateInfo,
    find_template,
    template_environment,
)
from workshop_planner.resources import resource_path

if TYPE_CHECKING:
    from workshop_planner.report.context import AssetData, ReportContext
    from workshop_planner.report.payload import Record

ReportFormat = Literal["pdf", "html"]


def fonts_dir() -> Path:
    return resource_path("fonts")


def _template(template: str | TemplateInfo | None, context: Any) -> TemplateInfo:
    if isinstance(template, TemplateInfo):
        return template
    name = template or (context.template if context is not None else None) or "event-report"
    return find_template(name)


def render_html(
    context: ReportContext | Record,
    template_name: str | TemplateInfo | None = None,
    *,
    page_size: str | None = None,
    files: str = "",
) -> str:
    """The report's HTML from ``context`` with a template (default: the event's).

    ``files`` is the prefix of the report's files (``template/``, ``fonts/``,
    ``assets/``): "" for a PDF rendered with :func:`render_pdf`, or
    ``"name_files/"`` for an HTML page saved beside its files folder.
    ``context`` may be the context's :func:`~.payload.plain` form (in the
    render process).
    """
    info = _template(template_name, context)
    size = context.page_size
    if page_size is not None:
        # only asked for in the app's or CLI's process: the render process gets it normalised
        from workshop_planner.report.context import normalise_page_size

        size = normalise_page_size(page_size) or size
    env = template_environment(info)
    try:
        template = env.get_template(TEMPLATE_FILE)
        return template.render(report=context, files=files, page_size=size, range=BudgetRange())
    except TemplateFileError as exc:
        raise ReportError(str(exc)) from None
    except TemplateError as exc:
        raise ReportError(f"The report template “{info.name}” failed: {exc}.") from exc


def render_pdf(
    html: str,
    *,
    template: str | TemplateInfo | None = None,
    assets: Iterable[AssetData | Record] = (),
    fetcher: ReportURLFetcher | None = None,
) -> bytes:
    """The PDF of ``html`` (from :func:`render_html` with ``files=""``).

    WeasyPrint loads files only through :class:`ReportURLFetcher`: the
    template's folder, the shipped fonts and ``assets``; and it sees no font
    of the machine (:class:`ShippedFontsOnly`), only those the CSS loads. The
    shipped fonts are always loaded, whatever the template's CSS declares.
    """
    from weasyprint import CSS, HTML

    info = _template(template, None)
    if fetcher is None:
        fetcher = ReportURLFetcher(info.path, fonts_dir(), assets)
    font_config = ShippedFontsOnly()

    def sheet(css: str) -> Any:
        return CSS(string=css, base_url=VIRTUAL_BASE, url_fetcher=fetcher, font_config=font_config)

    # Before the template's own CSS: its rules win, these fonts are always there.
    stylesheets = [sheet(shipped_fonts_css())]
    missing = missing_characters(html, font_coverage(fonts_dir()))
    if missing:
        fetcher.generated_fonts[MISSING_GLYPHS_FILE] = missing_glyphs_font(missing)
        stylesheets.append(sheet(missing_glyphs_css()))
    document = HTML(string=html, base_url=VIRTUAL_BASE, url_fetcher=fetcher)
    with older_objects_frozen():
        pdf = document.write_pdf(pdf_tags=True, font_config=font_config, stylesheets=stylesheets)
    assert isinstance(pdf, bytes)
    return pdf


@contextlib.contextmanager
def older_objects_frozen() -> Iterator[None]:
    """Let the garbage collector scan only the objects made from here on.

    WeasyPrint allocates enough to trigger many collections; each full one
    walked every object of the process (SQLAlchemy, the workspace's rows, Qt
    wrappers): the sample's PDF took 1.4× the CPU time of WeasyPrint alone in
    a process holding a workspace, 1.0× with this (measured with cProfile).
    Frozen objects are only not collected meanwhile; they are unfrozen after.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_report_file(
    context: ReportContext | Record,
    template: TemplateInfo,
    target: Path,
    *,
    output: Path,
    fmt: ReportFormat,
) -> None:
    """Write the report to ``target`` (a temporary file that becomes ``output``).

    What the render process runs. A PDF is rendered whole first; an HTML page
    gets its ``<output stem>_files/`` folder beside ``output`` (stylesheet,
    fonts, logos), replacing an older one, so it opens on its own.
    """
    if fmt == "pdf":
        data = render_pdf(
            render_html(context, template, files=""), template=template, assets=context.assets
        )
    else:
        files_name = f"{output.stem}_files"
        data = render_html(context, template, files=quote(files_name) + "/").encode("utf-8")
        _write_files_folder(output.parent / files_name, template, context.assets)
    with open(target, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _temporary_dir(parent: Path, name: str) -> Iterator[Path]:
    temp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    try:
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _skipped_template_file(name: str) -> bool:
    return name in (TEMPLATE_FILE, MANIFEST_FILE) or name.endswith(".j2")


def _write_files_folder(
    target: Path, template: TemplateInfo, assets: Iterable[AssetData | Record]
) -> None:
    """``target`` holding template/, fonts/ and assets/, replacing an older one.

    Only regular files from inside the template folder are copied: a symlink
    (even one to ``/``) is left out, never followed.
    """
    with _temporary_dir(target.parent, target.name) as temp:
        new = temp / "new"
        try:
            copy_regular_files(template.path, new / "template", skip=_skipped_template_file)
        except TemplateFileRefused as exc:
            raise ReportError(str(exc)) from None
        copy_regular_files(fonts_dir(), new / "fonts")
        (new / "assets").mkdir()
        for asset in assets:
            (new / "assets" / asset.filename).write_bytes(asset.data)
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise ReportError(f"{target} exists and is not a folder.")
        if target.exists():
            target.rename(temp / "old")
        new.rename(target)
