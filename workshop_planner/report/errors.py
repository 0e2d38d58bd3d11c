"""The one error the report pipeline raises for bad input."""

from __future__ import annotations


class ReportError(Exception):
    """A report could not be made; the message is one sentence for the user."""
