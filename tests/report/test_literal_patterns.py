"""The pattern interpreter matches as ``re`` does, window limits and backtracking included."""

from __future__ import annotations

import random
import re

import pytest

from workshop_planner.report.literal_patterns import (
    AFTER,
    BEFORE,
    Choice,
    FollowedBy,
    OneOf,
    Optional,
    Pattern,
    Run,
    Step,
    first_match,
    search,
)

_ALPHABET = "ab .'-,жx"


def _regex(step: Step) -> str:
    """The regular expression ``step`` stands for."""
    if isinstance(step, str):
        return re.escape(step)
    if isinstance(step, Run):
        chars = "".join(re.escape(c) for c in sorted(step.chars))
        return f"[{chars}]{'+' if step.least else '*'}"
    if isinstance(step, OneOf):
        return "[" + "".join(re.escape(c) for c in sorted(step.chars)) + "]"
    if isinstance(step, Choice):
        options = "|".join(re.escape(o) for o in step.options)
        return f"(?:{options}){'?' if step.optional else ''}"
    if isinstance(step, Optional):
        return "(?:" + "".join(_regex(s) for s in step.steps) + ")?"
    if isinstance(step, FollowedBy):
        return "(?= *(?:" + "|".join(re.escape(w) for w in step.words) + "))"
    if step is BEFORE:
        return "(?<![0-9a-z])"
    assert step is AFTER
    return "(?![0-9a-z])"


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abx") for _ in range(rng.randint(1, 3)))


def _step(rng: random.Random, depth: int = 0) -> Step:
    kind = rng.randrange(7 if depth == 0 else 5)
    if kind == 0:
        return _word(rng)
    if kind == 1:
        return Run(frozenset(rng.choice([" .'-", " ", "ab"])), rng.randint(0, 1))
    if kind == 2:
        return OneOf(frozenset(rng.choice(["ab", "x", " ."])))
    if kind == 3:
        options = [_word(rng) for _ in range(rng.randint(1, 3))]
        return Choice(sorted(options, key=len, reverse=True), rng.random() < 0.7)
    if kind == 4:
        return rng.choice([BEFORE, AFTER, FollowedBy([_word(rng), "ж"])])
    return Optional([_step(rng, depth + 1) for _ in range(rng.randint(1, 3))])


def _pattern(rng: random.Random) -> Pattern:
    steps = [BEFORE] if rng.random() < 0.7 else []
    steps += [_word(rng), *(_step(rng) for _ in range(rng.randint(0, 5)))]
    return Pattern(steps)


@pytest.mark.parametrize("seed", range(20))
def test_search_and_match_agree_with_re(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        patterns = [_pattern(rng) for _ in range(rng.randint(1, 4))]
        regex = re.compile("|".join("".join(_regex(s) for s in p.steps) for p in patterns))
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        found = regex.search(text, pos, end)
        assert search(patterns, text, pos, end) == (found.span() if found else None), (
            regex.pattern,
            text,
            pos,
            end,
        )
        matched = regex.match(text, pos)
        assert first_match(patterns, text, pos) == (matched.span() if matched else None)
        if len(patterns) == 1:  # a match is never empty: it starts with a literal
            assert list(patterns[0].finditer(text)) == [m.span() for m in regex.finditer(text)]
