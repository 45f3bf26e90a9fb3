"""The generated attribute-scope matcher against the general one it stands in for.

:func:`~dataguard.filtering._attrgen.compile_attribute_matcher` and the one-policy
``PatternSet.matching_indexes`` answer from generated code; ``FilterPolicy.match_attributes``
is the general matcher. They must agree on every policy and every MessageAttributes map,
in every form (notification, Publish, SQS, mixed, plain values, odd shapes), and the
generated code must really decide the common forms itself (else agreeing proves nothing).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dataguard.errors import PolicyError
from dataguard.filtering import FilterPolicy, PatternSet
from dataguard.filtering._attrgen import _general, compile_attribute_matcher

CONFORMANCE_DIR = Path(
    os.environ.get("DATAGUARD_CONFORMANCE_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "conformance" / "filter"
)

KEYS = ["a", "b", "c"]
WORDS = ["x", "y", "xy", "X", "yx", "", "5", "1.5"]
NONEMPTY = [w for w in WORDS if w]


@st.composite
def numeric(draw: Any) -> dict[str, Any]:
    low = draw(st.integers(-3, 2))
    high = draw(st.integers(low + 1, 3))
    return {"numeric": [draw(st.sampled_from([">", ">="])), low, "<=", high]}


ALTERNATIVE = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),  # exact strings twice as often: the inlined literal path
    st.integers(-2, 2),
    st.sampled_from([0.5, 1.5]),
    st.builds(lambda w: {"prefix": w}, st.sampled_from(NONEMPTY)),
    st.builds(lambda w: {"suffix": w}, st.sampled_from(NONEMPTY)),
    st.builds(lambda w: {"equals-ignore-case": w}, st.sampled_from(NONEMPTY)),
    st.builds(lambda ws: {"anything-but": ws}, st.lists(st.sampled_from(NONEMPTY), min_size=1)),
    st.builds(lambda w: {"anything-but": {"prefix": w}}, st.sampled_from(NONEMPTY)),
    numeric(),
    st.builds(lambda b: {"exists": b}, st.booleans()),
)
FIELDS = st.dictionaries(
    st.sampled_from(KEYS), st.lists(ALTERNATIVE, min_size=1, max_size=3), min_size=1, max_size=3
)
POLICIES = st.one_of(
    FIELDS,
    st.builds(
        lambda alts, rest: {"$or": alts, **rest}, st.lists(FIELDS, min_size=2, max_size=3), FIELDS
    ),
)

TEXT = st.one_of(
    st.sampled_from([*WORDS, "2", "-1", "0.5", " 1", "1e2", "abc"]), st.text(max_size=3)
)
TYPES = st.sampled_from(
    ["String", "Number", "String.Array", "Binary", "String.custom", "Number.float", "", None]
)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(['["x", "y"]', "[1, 2]", '["5"]', "[[", "null", '"x"']),
    st.sampled_from([None, 5, 1.5, True, ["x"], {"x": 1}]),
)


@st.composite
def attribute(draw: Any) -> Any:
    """One attribute in any shape a caller could hand over."""
    kind = draw(st.integers(0, 9))
    t, v = draw(TYPES), draw(VALUES)
    if kind <= 4:  # the notification form, the common case
        return {
            "Type": draw(st.sampled_from(["String", "String", "Number"])) if kind < 4 else t,
            "Value": draw(TEXT) if kind < 4 else v,
        }
    if kind <= 6:  # Publish form
        return (
            {"DataType": t, "StringValue": v} if kind == 5 else {"DataType": t, "BinaryValue": b"x"}
        )
    if kind == 7:  # SQS form
        return {"dataType": t, "stringValue": v}
    if kind == 8:  # mixed or partial keys
        keys = draw(
            st.lists(st.sampled_from(["Type", "Value", "DataType", "StringValue"]), unique=True)
        )
        return {k: (t if "Type" in k else v) for k in keys}
    return draw(st.one_of(VALUES, st.just(None)))  # a plain value


ATTRIBUTES = st.dictionaries(st.sampled_from([*KEYS, "d"]), attribute(), max_size=4)
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _policy(policy: Any) -> FilterPolicy:
    try:
        return FilterPolicy(policy)
    except PolicyError:
        assume(False)
        raise


def _check(fp: FilterPolicy, attributes: Any) -> None:
    """Every compiled entry point answers as the general matcher."""
    expected = fp.match_attributes(attributes or {})
    assert fp.attribute_matcher(attributes) is expected
    assert fp.matches(attributes=attributes) is expected
    general = _general(fp.branches, fp.match_attributes)
    assert general(attributes) is expected
    one: PatternSet[str] = PatternSet([("p", fp)])
    assert one.matching_indexes(attributes=attributes) == ([0] if expected else [])
    assert PatternSet.matching_indexes(one, attributes=attributes) == ([0] if expected else [])


@SETTINGS
@given(POLICIES, ATTRIBUTES)
def test_generated_matcher_agrees_with_general_matcher(policy: Any, attributes: Any) -> None:
    """Any policy, any attribute map in any form: the same answer on every path."""
    _check(_policy(policy), attributes)


@SETTINGS
@given(POLICIES, ATTRIBUTES)
def test_publish_form_agrees_with_notification_form(policy: Any, attributes: Any) -> None:
    """The same String/Number attributes in the Publish form give the same answer."""
    fp = _policy(policy)
    plain = {
        k: v for k, v in attributes.items() if isinstance(v, dict) and set(v) == {"Type", "Value"}
    }
    publish = {k: {"DataType": v["Type"], "StringValue": v["Value"]} for k, v in plain.items()}
    assert fp.attribute_matcher(publish) is fp.attribute_matcher(plain)
    _check(fp, publish)


class _Spy:
    """The general matcher, counting the maps handed to it."""

    def __init__(self, fp: FilterPolicy) -> None:
        self.fp = fp
        self.calls = 0

    def __call__(self, attributes: Any) -> bool:
        self.calls += 1
        return self.fp.match_attributes(attributes)


@SETTINGS
@given(POLICIES, st.data())
def test_common_forms_are_decided_without_the_general_matcher(policy: Any, data: Any) -> None:
    """String values and Number values that are JSON numbers, in the notification or the
    Publish form, present or absent, never reach the general matcher."""
    fp = _policy(policy)
    spy = _Spy(fp)
    match = compile_attribute_matcher(fp.branches, spy)
    general = _general(fp.branches, spy)
    spy.calls = 0  # compiling asks for the empty map's answer
    scalar = st.one_of(
        st.builds(lambda v: ("String", v), st.sampled_from(WORDS)),
        st.builds(lambda v: ("Number", json.dumps(v)), st.integers(-3, 3)),
        st.builds(lambda v: ("Number", json.dumps(v)), st.sampled_from([0.5, 1.5, -2.5])),
    )
    chosen = data.draw(st.dictionaries(st.sampled_from([*KEYS, "d"]), scalar, min_size=1))
    notification = {k: {"Type": t, "Value": v} for k, (t, v) in chosen.items()}
    publish = {k: {"DataType": t, "StringValue": v} for k, (t, v) in chosen.items()}
    expected = fp.match_attributes(notification)
    assert match(notification) is expected
    assert general(publish) is expected
    assert match(publish) is expected  # handed whole to the general reading, still generated
    assert spy.calls == 0


def test_fast_path_cases_by_hand() -> None:
    """A few shapes the generated code treats specially, against known answers."""
    fp = FilterPolicy({"store": ["web"], "kind": [{"prefix": "order_"}], "n": [{"exists": False}]})
    ok = {
        "store": {"Type": "String", "Value": "web"},
        "kind": {"Type": "String", "Value": "order_1"},
    }
    cases = [
        (ok, True),
        ({**ok, "n": {"Type": "Number", "Value": "1"}}, False),  # exists: false, present
        ({**ok, "store": {"Type": "String", "Value": ["web"]}}, False),  # unhashable value
        ({**ok, "store": {"Type": "String.Array", "Value": '["a", "web"]'}}, True),
        ({**ok, "store": {"Type": "Number", "Value": "1"}}, False),
        ({**ok, "store": {"DataType": "String", "StringValue": "web"}}, True),  # mixed forms
        ({**ok, "store": {"Value": "web", "DataType": "String"}}, True),  # no Type key
        ({**ok, "store": "web"}, True),  # a plain value stands for itself
        ({**ok, "store": None}, False),
        ({"kind": ok["kind"]}, False),
        ({}, False),
        (None, False),
    ]
    for attributes, want in cases:
        assert fp.match_attributes(attributes or {}) is want, attributes
        _check(fp, attributes)


def test_only_exists_false_matches_an_empty_map_only_with_attributes() -> None:
    """SNS: ``exists: false`` never matches a message with no attributes at all."""
    fp = FilterPolicy({"a": [{"exists": False}]})
    for attributes, want in [
        ({}, False),
        (None, False),
        ({"b": {"Type": "String", "Value": "x"}}, True),
    ]:
        _check(fp, attributes)
        assert fp.matches(attributes=attributes) is want


def test_pattern_set_of_one_follows_later_additions() -> None:
    """The one-policy shortcut is dropped as soon as a second pattern joins the set."""
    a = FilterPolicy({"k": ["x"]})
    b = FilterPolicy({"k": ["y"]})
    pset: PatternSet[str] = PatternSet([("a", a)])
    attrs = {"k": {"Type": "String", "Value": "y"}}
    assert pset.matching(attributes=attrs) == []
    pset.add("b", b)
    assert pset.matching(attributes=attrs) == ["b"]
    envelope = {
        "Type": "Notification",
        "TopicArn": "arn:aws:sns:eu-west-1:111122223333:t",
        "Message": "{}",
        "MessageAttributes": {"k": {"Type": "String", "Value": "x"}},
    }
    assert PatternSet([("a", a)]).matching(envelope) == ["a"]  # attributes from the envelope


def _vectors() -> list[Any]:
    """Every conformance vector whose pattern is a valid attribute-scope policy and whose
    event is flat, with the event as MessageAttributes in the notification and Publish forms
    (String for strings, Number for numbers, String.Array for arrays)."""
    out = []
    for path in sorted(CONFORMANCE_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            vector = json.loads(line)
            event, pattern = vector.get("event"), vector.get("pattern")
            if not isinstance(event, dict) or not isinstance(pattern, dict):
                continue
            if vector.get("semantics") == "sns-MessageAttributes":
                maps = [event]
            else:
                attrs = {}
                for k, v in event.items():
                    if isinstance(v, str):
                        attrs[k] = ("String", v)
                    elif isinstance(v, (int, float)) and not isinstance(v, bool):
                        attrs[k] = ("Number", json.dumps(v))
                    elif isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
                        attrs[k] = ("String.Array", json.dumps(v))
                    else:
                        break
                else:
                    maps = [
                        {k: {"Type": t, "Value": v} for k, (t, v) in attrs.items()},
                        {k: {"DataType": t, "StringValue": v} for k, (t, v) in attrs.items()},
                    ]
                    out.append(pytest.param(pattern, maps, id=f"{path.stem}:{vector['id']}"))
                continue
            out.append(pytest.param(pattern, maps, id=f"{path.stem}:{vector['id']}"))
    return out


VECTORS = _vectors()


def test_conformance_vectors_found() -> None:
    """The vectors are there (the conformance module fails loudly when they are not)."""
    assert len(VECTORS) > 100


@pytest.mark.parametrize(("pattern", "maps"), VECTORS)
def test_conformance_vectors_through_both_paths(pattern: Any, maps: list[Any]) -> None:
    """Every operator the vectors exercise, read as attributes: generated = general."""
    try:
        fp = FilterPolicy(pattern)
    except PolicyError:
        return
    for attributes in maps:
        _check(fp, attributes)
