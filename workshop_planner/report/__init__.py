"""The event report pipeline, shared by the CLI, the GUI and the tests.

workspace → :func:`build_context` (plain dataclasses) → :func:`render_html`
(Jinja2, strict, autoescaped) → :func:`render_pdf` (WeasyPrint with a
locked-down URL fetcher) → :func:`export_report` writes the file atomically,
rendering in a process of its own (:mod:`.process`).

The names load on first use: the render process imports
``workshop_planner.report.worker`` and must not pay for SQLAlchemy (the
context builder), nor the app's start-up for WeasyPrint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workshop_planner.report.context import ReportContext, build_context
    from workshop_planner.report.errors import ReportError
    from workshop_planner.report.export import export_report
    from workshop_planner.report.render import render_html, render_pdf
    from workshop_planner.report.templates import (
        TemplateInfo,
        list_templates,
        user_templates_dir,
    )

_WHERE = {
    "ReportContext": "context",
    "build_context": "context",
    "ReportError": "errors",
    "export_report": "export",
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
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
