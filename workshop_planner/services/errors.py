"""Errors services raise; each message is one sentence a user can act on."""

from __future__ import annotations


class ServiceError(Exception):
    """A user action cannot be carried out; nothing was changed."""


class NotFoundError(ServiceError):
    pass


class StaleEditError(ServiceError):
    """An edit was based on a version of a row that another edit has replaced since.

    Nothing was saved. ``changes`` names what the other edit changed (when the
    service could tell), ``version`` is the row's current version: an editor
    that re-applies its own changes on top of the current row passes it.
    """

    def __init__(self, noun: str, changes: tuple[str, ...] = (), *, version: int | None) -> None:
        detail = f" ({', '.join(changes)})" if changes else ""
        super().__init__(f"This {noun} was changed elsewhere since you opened it{detail}.")
        self.noun = noun
        self.changes = changes
        self.version = version
