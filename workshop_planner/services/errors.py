"""Errors services raise; each message is one sentence a user can act on."""

from __future__ import annotations


class ServiceError(Exception):
    """A user action cannot be carried out; nothing was changed."""


class NotFoundError(ServiceError):
    pass
