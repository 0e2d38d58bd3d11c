"""The compiled schema check answers as the reference validator does.

Import checks the schema with a compiled validator and asks the reference
(``jsonschema``) only for the wording of a refused bundle; so whatever the
compiled one accepts, the reference must accept too. Hypothesis puts any JSON
value anywhere in a real bundle and holds the two to the same answer.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_planner.services.bundle_validation import (
    _compiled,
    _describe,
    _SemanticCheck,
    _validator,
    validate_bundle,
)

BUNDLE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "other-tool-bundle.json").read_text(encoding="utf-8")
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in ``value`` that a value can be put at (object keys, list items)."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _places(inner, (*path, index))
    return found


PLACES = [p for p in _places(BUNDLE) if p]

# strings shaped like the schema's patterns, and near misses of them
shaped = st.sampled_from(
    [
        "2023-06-15",
        "2023-06-15T09:30",
        "2023-06-15T08:12:00Z",
        "2023-06-15T08:12:00+02:00",
        "2023-06-15\n",
        "2023-6-15",
        "DE",
        "de",
        "DEU",
        "0b5c2a7e-3a1f-4d8e-9c41-1f2a3b4c5d01",
        "0b5c2a7e3a1f4d8e9c411f2a3b4c5d01",
        "",
        "quote",
        "named",
        "workshop",
        "theme",
        "speaker",
        "workshop-planner/event-bundle",
    ]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    shaped,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def reference_problems(data: dict[str, Any]) -> list[Any]:
    """What the validator said before it was compiled: jsonschema, then the semantics."""
    problems = sorted({_describe(error) for error in _validator().iter_errors(data)})
    return problems or _SemanticCheck(data).run()


def _put(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PLACES), json_values), min_size=1, max_size=3))
def test_any_value_anywhere_gets_the_reference_answer(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    data = copy.deepcopy(BUNDLE)
    for path, value in changes:
        try:
            _put(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced what this path went through
    if data.get("format") != BUNDLE["format"] or data.get("version") != 1:
        return  # refused before any schema check
    assert validate_bundle(data) == reference_problems(data)


def test_the_shipped_sample_and_the_test_bundle_are_valid() -> None:
    from workshop_planner.resources import sample_bundle_path

    sample = json.loads(sample_bundle_path().read_text(encoding="utf-8"))
    for data in (BUNDLE, sample):
        assert _compiled().is_valid(data)
        assert reference_problems(data) == []


def test_a_value_json_cannot_hold_is_left_to_the_reference() -> None:
    data = copy.deepcopy(BUNDLE)
    data["event"]["title"] = ("a", "tuple")  # not from JSON text: jsonschema sees no string
    problems = validate_bundle(data)
    assert [str(p) for p in problems] == ["$.event.title: expected a string, found an object"]
