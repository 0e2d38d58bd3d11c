"""Colours, labels and formats the agenda widgets share."""

from __future__ import annotations

from datetime import date, datetime, time

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from workshop_planner.domain.enums import SessionKind, SessionRole

#: One clear colour per kind of session (Material palette, readable on white).
KIND_COLOURS: dict[str, str] = {
    SessionKind.KEYNOTE: "#7b1fa2",
    SessionKind.PANEL: "#1565c0",
    SessionKind.WORKSHOP: "#00897b",
    SessionKind.PLENARY: "#3949ab",
    SessionKind.BREAKOUT: "#2e7d32",
    SessionKind.FIELD_VISIT: "#e65100",
    SessionKind.BREAK: "#78909c",
    SessionKind.RECEPTION: "#c2185b",
    SessionKind.OTHER: "#6d4c41",
}
CONFLICT_COLOUR = "#d32f2f"


def tr(text: str) -> str:
    return QCoreApplication.translate("Agenda", text)


def kind_colour(kind: str) -> QColor:
    return QColor(KIND_COLOURS.get(kind, KIND_COLOURS[SessionKind.OTHER]))


def kind_fill(kind: str, *, selected: bool = False) -> QColor:
    """The pale fill of a session block: its colour mixed with white."""
    base = kind_colour(kind)
    share = 0.30 if selected else 0.16
    return QColor(
        round(255 + (base.red() - 255) * share),
        round(255 + (base.green() - 255) * share),
        round(255 + (base.blue() - 255) * share),
    )


def kind_labels() -> dict[str, str]:
    return {
        SessionKind.KEYNOTE: tr("Keynote"),
        SessionKind.PANEL: tr("Panel"),
        SessionKind.WORKSHOP: tr("Workshop"),
        SessionKind.PLENARY: tr("Plenary"),
        SessionKind.BREAKOUT: tr("Breakout"),
        SessionKind.FIELD_VISIT: tr("Field visit"),
        SessionKind.BREAK: tr("Break"),
        SessionKind.RECEPTION: tr("Reception"),
        SessionKind.OTHER: tr("Other"),
    }


def kind_label(kind: str) -> str:
    return kind_labels().get(kind, kind)


def role_labels() -> dict[str, str]:
    return {
        SessionRole.SPEAKER: tr("Speaker"),
        SessionRole.KEYNOTE: tr("Keynote"),
        SessionRole.MODERATOR: tr("Moderator"),
        SessionRole.PANELIST: tr("Panelist"),
        SessionRole.HOST: tr("Host"),
    }


def role_label(role: str) -> str:
    return role_labels().get(role, role)


class EventFormats:
    """Dates and times written the way the event's people write them (Babel)."""

    def __init__(self, language: str = "en", country: str | None = None) -> None:
        self.locale = _locale(language, country)
        self._times: dict[time, str] = {}

    def day_header(self, day: date) -> str:
        return format_date(day, "EEE d MMMM", locale=self.locale)

    def day_short(self, day: date) -> str:
        return format_date(day, "EEE d MMM", locale=self.locale)

    def time(self, moment: time | datetime) -> str:
        value = moment.time() if isinstance(moment, datetime) else moment
        text = self._times.get(value)
        if text is None:
            text = self._times[value] = format_time(value, "short", locale=self.locale)
        return text

    def span(self, start: datetime, end: datetime) -> str:
        return f"{self.time(start)}–{self.time(end)}"


def _locale(language: str, country: str | None) -> Locale:
    candidates = []
    if country:
        candidates.append(f"{language}_{country.upper()}")
    candidates += [language, "en"]
    for name in candidates:
        try:
            return Locale.parse(name.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
    return Locale("en")
