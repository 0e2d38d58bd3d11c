"""Building a page of the main window, importing its module only then.

A page's module pulls in its models, services and widgets (the Report page
QtPdf, the People page its directory model): the window imports none of them
at start and builds each page the first time it is shown or used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workshop_planner.ui.operations import Operations, Page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def build_page(page: Page, operations: Operations, parent: QWidget) -> QWidget:
    """A new ``page`` widget editing through ``operations``."""
    if page is Page.OVERVIEW:
        from workshop_planner.ui.overview import OverviewView

        return OverviewView(operations, parent)
    if page is Page.AGENDA:
        from workshop_planner.ui.agenda.view import AgendaView

        return AgendaView(operations, parent)
    if page is Page.PARTICIPANTS:
        from workshop_planner.ui.participants.view import ParticipantsView

        return ParticipantsView(operations, parent)
    if page is Page.CAPTURE:
        from workshop_planner.ui.capture.view import CaptureView

        return CaptureView(operations, parent)
    if page is Page.REPORT:
        from workshop_planner.ui.report.page import ReportView

        return ReportView(operations, parent)
    if page is Page.THEMES:
        from workshop_planner.ui.studio.view import StudioView

        return StudioView(operations, parent)
    from workshop_planner.ui.people.view import PeopleView

    return PeopleView(operations, parent)
