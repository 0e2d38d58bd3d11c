"""Where :class:`ReportView` has always been imported from; the page lives in :mod:`.report`.

Kept as a re-export so ``main_window.py``, the tests and the screenshot scripts
need not change.
"""

from workshop_planner.ui.report.page import ReportView

__all__ = ["ReportView"]
