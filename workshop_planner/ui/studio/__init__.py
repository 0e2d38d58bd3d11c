"""The report studio: themes, curation of every note of an event, what prints."""

from workshop_planner.ui.studio.view import StudioView

__all__ = ["StudioView"]
