"""Report templates: folders found in the shipped and the user's templates folder.

A template is a folder holding ``template.html.j2`` (Jinja2), ``style.css``
and ``manifest.json`` (``{"name": …, "description": …}``), plus any images or
fonts its CSS uses. Users copy a folder into
``<user data>/workshop-planner/report-templates/`` to restyle it; a user
template with the same folder name as a shipped one wins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs
from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from workshop_planner.report.errors import ReportError
from workshop_planner.report.markdown import render_inline, render_markdown, safe_url
from workshop_planner.report.template_files import (
    TemplateFileRefused,
    modified_time,
    read_regular_file,
)
from workshop_planner.resources import report_templates_dir

TEMPLATE_FILE = "template.html.j2"
STYLE_FILE = "style.css"
MANIFEST_FILE = "manifest.json"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class TemplateInfo:
    #: the folder name, what report settings store ("event-report")
    name: str
    #: the manifest's display name ("Event report")
    title: str
    description: str
    path: Path
    #: True for a template in the user's own templates folder
    user: bool


def user_templates_dir() -> Path:
    """Where users put their own templates (not created here)."""
    return platformdirs.user_data_path("workshop-planner", appauthor=False) / "report-templates"


def _read_template(folder: Path, *, user: bool) -> TemplateInfo | None:
    if not _NAME.match(folder.name) or not (folder / TEMPLATE_FILE).is_file():
        return None
    title, description = folder.name, ""
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if isinstance(manifest, dict):
        if isinstance(manifest.get("name"), str) and manifest["name"].strip():
            title = manifest["name"].strip()
        if isinstance(manifest.get("description"), str):
            description = manifest["description"].strip()
    return TemplateInfo(folder.name, title, description, folder.resolve(), user)


def _scan(root: Path, *, user: bool) -> dict[str, TemplateInfo]:
    found: dict[str, TemplateInfo] = {}
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return found
    for folder in folders:
        info = _read_template(folder, user=user)
        if info is not None:
            found[info.name] = info
    return found


def list_templates() -> list[TemplateInfo]:
    """Every usable template, the user's winning a name clash, sorted by title."""
    templates = _scan(report_templates_dir(), user=False)
    templates.update(_scan(user_templates_dir(), user=True))
    return sorted(templates.values(), key=lambda t: (t.title.casefold(), t.name))


def find_template(name: str) -> TemplateInfo:
    """The template called ``name``; raises :class:`ReportError` if there is none."""
    if not _NAME.match(name or ""):
        raise ReportError(f"“{name}” is not a report template name.")
    for root, user in ((user_templates_dir(), True), (report_templates_dir(), False)):
        info = _read_template(root / name, user=user)
        if info is not None:
            return info
    known = ", ".join(t.name for t in list_templates()) or "none"
    raise ReportError(f"There is no report template called “{name}” (available: {known}).")


def display_url(url: str | None) -> str:
    """A URL as printed: without ``https://`` and a trailing slash."""
    if not url:
        return ""
    if url.lower().startswith("mailto:"):
        return url[len("mailto:") :]
    parts = urlsplit(url)
    shown = (parts.netloc + parts.path).rstrip("/")
    if parts.query:
        shown += f"?{parts.query}"
    return shown or url


class TemplateFileError(TemplateError):
    """A template file Jinja2 was asked for is refused (the message names it)."""


class FolderLoader(BaseLoader):
    """Loads templates from one folder, never through a symlink (see :mod:`.template_files`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        try:
            data = read_regular_file(self.folder, template)
        except TemplateFileRefused as exc:
            raise TemplateFileError(str(exc)) from None
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateFileError(f"The template file “{template}” is not UTF-8 text.") from None
        mtime = modified_time(self.folder, template)
        return source, None, lambda: modified_time(self.folder, template) == mtime


#: Items all ``range()`` calls of one render may produce together: generous for a
#: layout, small enough that nested loops over ``range(100000)`` end at once.
RANGE_BUDGET = 1_000_000


class BudgetRange:
    """``range`` for one render: the sandbox's own limit per call, and a total."""

    def __init__(self, budget: int = RANGE_BUDGET) -> None:
        self.left = budget
        self.budget = budget

    def __call__(self, *args: int) -> range:
        steps = range(*args)
        self.left -= len(steps)
        if self.left < 0:
            raise SecurityError(
                f"The template's loops ask for more than {self.budget:,} steps with range()"
            )
        return steps


@cache
def _environment(folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FolderLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )
    env.filters["markdown"] = render_markdown
    env.filters["inline_markdown"] = render_inline
    env.filters["safe_url"] = safe_url
    env.filters["display_url"] = display_url
    return env


def template_environment(template: TemplateInfo) -> SandboxedEnvironment:
    """A strict, sandboxed, autoescaping Jinja2 environment that sees only
    the template's own folder (regular files, no symlinks).

    Render with ``range=BudgetRange()`` among the variables so the loops of
    one render have a total budget."""
    return _environment(template.path)
