"""Name patterns matched by a small interpreter instead of compiled regular expressions.

The ways a person's name may be written ("jan kowalski", "kowalski, jan",
"j. kowalski" …, see :mod:`workshop_planner.report.mentions`) are sequences of
a few kinds of step: literal folded text, a run of separators, an optional
part, one of a list of endings, a boundary. ``re`` spends about a millisecond
compiling each person's alternation, which for a 20,000-person directory made
the first report of a process take seconds; these steps cost nothing to build.

The interpreter keeps ``re``'s semantics exactly: steps are tried depth first,
greedy runs longest first, alternatives in order, a lookbehind sees the text
before the search's start, and a lookahead stops at its end (``endpos``). A
search only tries the positions where a pattern's leading literal stands
(found with :meth:`str.find`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

#: what the patterns' ASCII boundaries (``(?<![0-9a-z])``, ``(?![0-9a-z])``) look at
_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
#: between two parts of a name (the folded spaces, hyphens, dots and apostrophes)
SEPARATORS = frozenset(" .'-")
LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


class Branching(Protocol):
    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        """Where the step may end when it starts at ``pos``, in the order ``re`` tries."""
        ...


#: a step: literal text (a plain string: a person's patterns hold many, and plain
#: strings are objects the garbage collector need not track) or one of the classes below
Step = str | Branching


class Run:
    """A greedy run of ``chars``, at least ``least`` long (``[ .'-]+``, `` *``)."""

    __slots__ = ("chars", "least")

    def __init__(self, chars: frozenset[str], least: int) -> None:
        self.chars = chars
        self.least = least

    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        stop = pos
        chars = self.chars
        while stop < end and text[stop] in chars:
            stop += 1
        yield from range(stop, pos + self.least - 1, -1)


class OneOf:
    """One character of ``chars`` (``[a-z]``)."""

    __slots__ = ("chars",)

    def __init__(self, chars: frozenset[str]) -> None:
        self.chars = chars

    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        if pos < end and text[pos] in self.chars:
            yield pos + 1


class Choice:
    """One of ``options`` in order, or nothing after them when ``optional``
    (``(?:ego|a|s)?``)."""

    __slots__ = ("groups", "optional", "options")

    def __init__(self, options: Sequence[str], optional: bool) -> None:
        self.options = tuple(options)
        self.optional = optional
        # neighbouring options of one length, as a set: two of them never both match at
        # one place, so the order among them does not matter (a slice and a lookup
        # each instead of a comparison with every ending)
        groups: list[tuple[int, set[str]]] = []
        for option in self.options:
            if groups and groups[-1][0] == len(option):
                groups[-1][1].add(option)
            else:
                groups.append((len(option), {option}))
        self.groups = tuple((length, frozenset(group)) for length, group in groups)

    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        for length, group in self.groups:
            if pos + length <= end and text[pos : pos + length] in group:
                yield pos + length
        if self.optional:
            yield pos


class Optional:
    """``steps`` or nothing, greedy (``(?:…)?``)."""

    __slots__ = ("steps",)

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = tuple(steps)

    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        yield from _ends(self.steps, 0, text, pos, end)
        yield pos


class NotAfterAlnum:
    """``(?<![0-9a-z])``: the text before ``pos`` (even before the search's start)."""

    __slots__ = ()

    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        if pos == 0 or text[pos - 1] not in _ALNUM:
            yield pos


class NotBeforeAlnum:
    """``(?![0-9a-z])``: the text from ``pos`` up to the search's end."""

    __slots__ = ()

    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        if pos >= end or text[pos] not in _ALNUM:
            yield pos


class FollowedBy:
    """``(?= *(?:w1|w2…))``: spaces, then one of ``words``."""

    __slots__ = ("words",)

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)

    def ends(self, text: str, pos: int, end: int) -> Iterator[int]:
        after = pos
        while after < end and text[after] == " ":
            after += 1
        if any(text.startswith(w, after, end) for w in self.words):
            yield pos


BEFORE = NotAfterAlnum()
AFTER = NotBeforeAlnum()


def _ends(steps: tuple[Step, ...], k: int, text: str, pos: int, end: int) -> Iterator[int]:
    count = len(steps)
    # literals and boundaries match one way only: walked without a generator each (most
    # tries fail on the step after the leading literal)
    while k < count:
        step = steps[k]
        if isinstance(step, str):
            if not text.startswith(step, pos, end):
                return
            pos += len(step)
        elif isinstance(step, NotAfterAlnum):
            if pos and text[pos - 1] in _ALNUM:
                return
        elif isinstance(step, NotBeforeAlnum):
            if pos < end and text[pos] in _ALNUM:
                return
        else:
            break
        k += 1
    if k == count:
        yield pos
        return
    branching = steps[k]
    assert not isinstance(branching, str)  # walked above
    for after in branching.ends(text, pos, end):
        yield from _ends(steps, k + 1, text, after, end)


class Pattern:
    """A sequence of steps; its leading literal says where a match may start."""

    __slots__ = ("lead", "steps")

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = tuple(steps)
        # a match starts with its first literal (after a lookbehind); "" tries everywhere
        first = next((s for s in self.steps if not isinstance(s, NotAfterAlnum)), None)
        self.lead = first if isinstance(first, str) else ""

    def match(self, text: str, pos: int, end: int | None = None) -> int | None:
        """Where the first way of matching at ``pos`` ends, or None."""
        return next(_ends(self.steps, 0, text, pos, len(text) if end is None else end), None)

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """Non-overlapping matches, left to right (as ``re.finditer``; never empty here)."""
        pos = text.find(self.lead)
        while pos >= 0:
            after = self.match(text, pos)
            if after is not None and after > pos:
                yield pos, after
                pos = text.find(self.lead, after)
            else:
                pos = text.find(self.lead, pos + 1)


def search(patterns: Sequence[Pattern], text: str, pos: int, end: int) -> tuple[int, int] | None:
    """The leftmost match of the alternation ``patterns`` within ``text[pos:end]`` and, at
    that start, the first alternative that matches (as ``re.search(a|b|…, pos, end)``)."""
    nexts = [text.find(p.lead, pos, end) for p in patterns]
    while True:
        start = min((n for n in nexts if n >= 0), default=-1)
        if start < 0:
            return None
        for index, pattern in enumerate(patterns):
            if nexts[index] == start:
                after = pattern.match(text, start, end)
                if after is not None:
                    return start, after
        for index, pattern in enumerate(patterns):
            if nexts[index] == start:
                nexts[index] = text.find(pattern.lead, start + 1, end)


def first_match(patterns: Sequence[Pattern], text: str, pos: int) -> tuple[int, int] | None:
    """The first alternative of ``patterns`` that matches at ``pos`` (as ``re.match``)."""
    for pattern in patterns:
        after = pattern.match(text, pos)
        if after is not None:
            return pos, after
    return None
