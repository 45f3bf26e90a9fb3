"""Property tests: the compiled matchers against a plain reference interpreter.

The reference below is written from the documented semantics, as directly as possible (no
indexes, no generated code, no shortcuts). Hypothesis generates patterns and events over a
small vocabulary so that matches and near-misses are both frequent, and checks that
EventPattern, FilterPolicy (body scope) and PatternSet agree with it.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dataguard.errors import PolicyError
from dataguard.filtering import EventPattern, FilterPolicy, PatternSet

KEYS = ["a", "b", "c"]
WORDS = ["x", "y", "xy", "X", "yx", ""]
SCALARS = st.one_of(
    st.sampled_from(WORDS),
    st.integers(-2, 2),
    st.sampled_from([0.5, 1.0, -1.5]),
    st.sampled_from([True, False, None]),
)
LEAF = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))
EVENTS = st.recursive(
    st.dictionaries(st.sampled_from(KEYS), LEAF, max_size=3),
    lambda inner: st.dictionaries(st.sampled_from(KEYS), st.one_of(LEAF, inner), max_size=3),
    max_leaves=6,
)
NONEMPTY = [w for w in WORDS if w]


@st.composite
def numeric(draw: Any) -> dict[str, Any]:
    low = draw(st.integers(-3, 2))
    high = draw(st.integers(low + 1, 3))
    lo_op = draw(st.sampled_from([">", ">="]))
    hi_op = draw(st.sampled_from(["<", "<="]))
    return {"numeric": [lo_op, low, hi_op, high]}


ALTERNATIVE = st.one_of(
    SCALARS,
    st.builds(lambda w: {"prefix": w}, st.sampled_from(WORDS)),
    st.builds(lambda w: {"suffix": w}, st.sampled_from(WORDS)),
    st.builds(lambda w: {"equals-ignore-case": w}, st.sampled_from(WORDS)),
    st.builds(lambda ws: {"anything-but": ws}, st.lists(st.sampled_from(WORDS), min_size=1)),
    st.builds(lambda w: {"anything-but": {"prefix": w}}, st.sampled_from(NONEMPTY)),
    numeric(),
    st.builds(lambda b: {"exists": b}, st.booleans()),
)
PATTERNS = st.recursive(
    st.dictionaries(
        st.sampled_from(KEYS), st.lists(ALTERNATIVE, min_size=1, max_size=3), min_size=1, max_size=3
    ),
    lambda inner: st.dictionaries(
        st.sampled_from(KEYS),
        st.one_of(st.lists(ALTERNATIVE, min_size=1, max_size=3), inner),
        min_size=1,
        max_size=3,
    ),
    max_leaves=5,
)


# -- the reference interpreter ------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _values_at(event: Any, path: list[str]) -> list[Any]:
    node = event
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return []
        node = node[key]
    if isinstance(node, dict):
        return []
    if isinstance(node, list):
        return [v for v in node if not isinstance(v, (dict, list))]
    return [node]


def _alternative(alt: Any, v: Any, sns: bool) -> bool:
    if isinstance(alt, dict):
        ((op, arg),) = alt.items()
        if op == "exists":
            return arg is True and (v is not None or not sns)
        if op == "prefix":
            return isinstance(v, str) and v.startswith(arg)
        if op == "suffix":
            return isinstance(v, str) and v.endswith(arg)
        if op == "equals-ignore-case":
            return isinstance(v, str) and v.casefold() == arg.casefold()
        if op == "anything-but":
            if isinstance(arg, dict):
                return not (isinstance(v, str) and v.startswith(arg["prefix"]))
            return not (isinstance(v, str) and v in arg)
        if op == "numeric":
            lo_op, low, hi_op, high = arg
            if not _is_number(v):
                return False
            above = v > low if lo_op == ">" else v >= low
            below = v < high if hi_op == "<" else v <= high
            return above and below
        raise AssertionError(op)
    if isinstance(alt, str):
        return isinstance(v, str) and v == alt
    if _is_number(alt):
        return _is_number(v) and v == alt
    return v is alt


def reference(pattern: dict[str, Any], event: dict[str, Any], sns: bool = False) -> bool:
    """Does ``event`` match ``pattern``: every field holds (AND), any alternative (OR)."""

    def fields(obj: dict[str, Any], prefix: list[str]) -> list[tuple[list[str], list[Any]]]:
        out = []
        for key, value in obj.items():
            if isinstance(value, dict):
                out += fields(value, [*prefix, key])
            else:
                out.append(([*prefix, key], value))
        return out

    for path, alternatives in fields(pattern, []):
        values = _values_at(event, path)
        if not values:
            if not any(a == {"exists": False} for a in alternatives):
                return False
            continue
        if not any(_alternative(a, v, sns) for a in alternatives for v in values):
            return False
    return True


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(PATTERNS, EVENTS)
def test_event_pattern_agrees_with_reference(
    pattern: dict[str, Any], event: dict[str, Any]
) -> None:
    """EventPattern.matches equals the reference on generated patterns and events."""
    compiled = EventPattern(pattern)
    expected = reference(pattern, event)
    assert compiled.matches(event) is expected
    assert compiled.matches(json.dumps(event)) is expected


@SETTINGS
@given(PATTERNS, EVENTS)
def test_sns_body_policy_agrees_with_reference(
    pattern: dict[str, Any], event: dict[str, Any]
) -> None:
    """FilterPolicy (body scope) equals the reference with SNS's exists semantics."""
    try:
        compiled = FilterPolicy(pattern, scope="MessageBody")
    except PolicyError as exc:  # SNS's size limits (keys, combinations) reject some
        assert exc.reason in (
            "Filter policy is too complex",
            "Filter policy can not have more than 5 keys",
        )
        assume(False)
        return
    assert compiled.matches(json.dumps(event)) is reference(pattern, event, sns=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PATTERNS, min_size=1, max_size=12), st.lists(EVENTS, min_size=1, max_size=5))
def test_pattern_set_agrees_with_reference(
    patterns: list[dict[str, Any]], events: list[dict[str, Any]]
) -> None:
    """PatternSet returns exactly the patterns the reference matches, for many at once."""
    pset: PatternSet[int] = PatternSet((i, EventPattern(p)) for i, p in enumerate(patterns))
    for event in events:
        expected = [i for i, p in enumerate(patterns) if reference(p, event)]
        assert pset.matching(event) == expected
