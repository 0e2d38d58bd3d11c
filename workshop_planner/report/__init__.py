"""The event report pipeline, shared by the CLI, the GUI and the tests.

workspace → :func:`build_context` (plain dataclasses) → :func:`render_html`
(Jinja2, strict, autoescaped) → :func:`render_pdf` (WeasyPrint with a
locked-down URL fetcher) → :func:`export_report` writes the file atomically.
"""

from workshop_planner.report.context import ReportContext, build_context
from workshop_planner.report.errors import ReportError
from workshop_planner.report.render import export_report, render_html, render_pdf
from workshop_planner.report.templates import TemplateInfo, list_templates, user_templates_dir

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
