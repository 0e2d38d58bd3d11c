"""The event report pipeline, shared by the CLI, the GUI and the tests.

workspace → :func:`build_context` (plain dataclasses) → :func:`render_html`
(Jinja2, strict, autoescaped) → :func:`render_pdf` (WeasyPrint with a
locked-down URL fetcher) → :func:`export_report` writes the file atomically.

The names below load on first use: importing ``workshop_planner.report.errors``
(the CLI catches :class:`ReportError`) or ``report.drafting`` must not pull in
WeasyPrint and Pango, which take a second to load.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workshop_planner.report.context import ReportContext, build_context
    from workshop_planner.report.errors import ReportError
    from workshop_planner.report.render import export_report, render_html, render_pdf
    from workshop_planner.report.templates import (
        TemplateInfo,
        list_templates,
        user_templates_dir,
    )

#: public name → the module that defines it
_HOMES = {
    "ReportContext": "context",
    "build_context": "context",
    "ReportError": "errors",
    "export_report": "render",
    "render_html": "render",
    "render_pdf": "render",
    "TemplateInfo": "templates",
    "list_templates": "templates",
    "user_templates_dir": "templates",
}

__all__ = [
    "ReportContext",
    "ReportError",
    "TemplateInfo",
    "build_context",
    "export_report",
    "list_templates",
    "render_html",
    "render_pdf",
    "user_templates_dir",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value
