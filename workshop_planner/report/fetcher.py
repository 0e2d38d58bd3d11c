"""The locked-down URL fetcher WeasyPrint renders reports with.

A report's HTML names its files relative to one folder laid out as

    template/…   the template's own folder (style.css, images, fonts)
    fonts/…      the fonts shipped in resources/fonts
    assets/…     the workspace's assets this report uses (partner logos)

For a PDF that folder is the virtual base :data:`VIRTUAL_BASE` (the reserved
``.invalid`` domain, never resolvable); for an HTML export it is a real
``<name>_files/`` folder beside the page. The fetcher serves exactly those
three places and refuses everything else: other hosts, ``http``, ``file:``,
``data:``, paths that climb out of a folder.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from workshop_planner.report.template_files import TemplateFileRefused, read_regular_file

if TYPE_CHECKING:
    from workshop_planner.report.context import AssetData
    from workshop_planner.report.payload import Record

VIRTUAL_BASE = "https://report.workshop-planner.invalid/"

_FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}


#: The family an SVG logo's text is drawn in: the shipped one, not the machine's.
SVG_FONT_FAMILY = "Source Sans Pro"

_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)


def lock_svg_fonts(data: bytes, family: str) -> bytes:
    """An SVG whose text uses ``family`` (a shipped font) whatever it asked for.

    A logo's ``font-family="sans-serif"`` would otherwise pick a font of the
    machine; a style rule beats the presentation attribute.
    """
    match = _SVG_ROOT.search(data)
    if match is None or not family:
        return data
    quoted = family.replace("\\", "").replace('"', "")
    style = f'<style>text, tspan, textPath {{ font-family: "{quoted}" !important; }}</style>'
    return data[: match.end()] + style.encode("utf-8") + data[match.end() :]


class RefusedURL(ValueError):
    """The report asked for something outside its template, fonts and assets."""


class ReportURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint is untyped
    """Serves the template folder, the shipped fonts and the report's assets only."""

    def __init__(
        self,
        template_dir: Path,
        fonts_dir: Path,
        assets: Iterable[AssetData | Record],
        *,
        svg_font_family: str = SVG_FONT_FAMILY,
    ) -> None:
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.template_dir = template_dir.resolve()
        self.fonts_dir = fonts_dir.resolve()
        self.assets = {a.filename: a for a in assets}
        self.svg_font_family = svg_font_family
        #: fonts made for this report (file name → TrueType data), served under fonts/
        self.generated_fonts: dict[str, bytes] = {}
        #: every URL that was asked for and refused, in order
        self.refused: list[str] = []
        #: every URL that was served
        self.served: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            response = self._serve(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        self.served.append(url)
        return response

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)

    def _serve(self, url: str) -> URLFetcherResponse:
        if not url.startswith(VIRTUAL_BASE):
            raise RefusedURL(f"Reports load nothing from {url[:80]}.")
        path = unquote(urlsplit(url).path).lstrip("/")
        folder, _, rest = path.partition("/")
        if folder == "assets":
            asset = self.assets.get(rest)
            if asset is None:
                raise RefusedURL(f"The report has no asset {rest}.")
            # imported here, where a logo is served: Pillow loads only when one is
            from workshop_planner.domain.image_limits import image_problem

            # a logo stored before the limits were checked must not hang or flood the renderer
            problem = image_problem(asset.media_type, asset.data)
            if problem:
                raise RefusedURL(f"The logo {rest} {problem}.")
            data = asset.data
            if asset.media_type == "image/svg+xml":
                data = lock_svg_fonts(data, self.svg_font_family)
            return URLFetcherResponse(url, data, {"Content-Type": asset.media_type})
        if folder == "template":
            return self._file(url, self.template_dir, rest)
        if folder == "fonts":
            if rest in self.generated_fonts:
                data = self.generated_fonts[rest]
                return URLFetcherResponse(url, data, {"Content-Type": "font/ttf"})
            return self._file(url, self.fonts_dir, rest)
        raise RefusedURL(f"Reports load nothing from {url[:80]}.")

    def _file(self, url: str, root: Path, relative: str) -> URLFetcherResponse:
        """A regular file inside ``root``, reached without following a symlink."""
        try:
            data = read_regular_file(root, relative)
        except (OSError, TemplateFileRefused):
            raise RefusedURL(f"There is no file {relative} for the report.") from None
        target = Path(relative)
        suffix = target.suffix.lower()
        media_type = _FONT_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0]
        headers = {"Content-Type": media_type or "application/octet-stream"}
        if suffix == ".css":
            headers["Content-Type"] = "text/css; charset=utf-8"
        return URLFetcherResponse(url, data, headers)
