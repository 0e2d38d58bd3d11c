"""The report context as plain data, for the render process.

The render process imports Jinja2 and WeasyPrint only: importing
:mod:`.context` there would pull in SQLAlchemy, the store and Babel (≈0.5 s
of every render's start, measured). So the GUI or CLI process turns the
:class:`~workshop_planner.report.context.ReportContext` into :class:`Record`
objects: each dataclass's fields, and its properties evaluated here, as
attributes; a method a template calls with an argument (``has_section``)
becomes a lookup table over the arguments it can sensibly take. Templates
cannot tell the difference; a test renders both and compares the PDFs' text.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable
from typing import Any

#: Methods templates call with one argument, and where the arguments come from:
#: any other argument answers False (``has_section`` of a section not chosen).
CALLS: dict[str, Callable[[Any], Iterable[object]]] = {
    "has_section": lambda obj: obj.sections,
}


class Lookup:
    """A method frozen into a table: ``lookup(arg)`` is what the method said for ``arg``."""

    __slots__ = ("answers", "default")

    def __init__(self, answers: dict[object, object], default: object = False) -> None:
        self.answers = answers
        self.default = default

    def __call__(self, argument: object) -> object:
        return self.answers.get(argument, self.default)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Lookup, (self.answers, self.default))


class Record:
    """One dataclass of the context as plain attributes (read only)."""

    __slots__ = ("_kind", "_values")

    def __init__(self, kind: str, values: dict[str, object]) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"{self._kind} has no attribute {name!r}") from None

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self._kind} is read only")

    def __dir__(self) -> list[str]:
        return sorted(self._values)

    def __repr__(self) -> str:
        return f"{self._kind}({', '.join(sorted(self._values))})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Record, (self._kind, self._values))


def _computed(cls: type) -> list[str]:
    """The public properties of ``cls`` (and its bases)."""
    names = []
    for klass in cls.__mro__:
        for name, member in vars(klass).items():
            if not name.startswith("_") and isinstance(member, property) and name not in names:
                names.append(name)
    return names


def plain(value: object) -> object:
    """``value`` with every dataclass turned into a :class:`Record`, enums into their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        values: dict[str, object] = {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
        for name in _computed(type(value)):
            values[name] = plain(getattr(value, name))
        for name, arguments in CALLS.items():
            method = getattr(value, name, None)
            if callable(method):
                answers = {arg: plain(method(arg)) for arg in arguments(value)}
                values[name] = Lookup(answers, plain(method(_NOTHING)) if answers else False)
        return Record(type(value).__name__, values)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value


#: An argument no method knows: what a method answers for anything outside its table.
_NOTHING = "\x00not-an-argument"
