"""EventPattern: EventBridge semantics, validation errors with pointers, input forms."""

from __future__ import annotations

import json
from collections import OrderedDict

import pytest

from dataguard.errors import PolicyError
from dataguard.filtering import EventPattern


def test_exact_nested_and_dotted_keys_are_the_same_field() -> None:
    """A dotted key in the pattern matches the nested event field, and vice versa."""
    assert EventPattern({"detail.state": ["running"]}).matches({"detail": {"state": "running"}})
    assert EventPattern({"detail": {"state": ["running"]}}).matches({"detail.state": "running"})


def test_numbers_compare_as_numbers_but_not_as_strings() -> None:
    """[300] matches 300.0 but not the string "300"."""
    p = EventPattern({"n": [300]})
    assert p.matches({"n": 300.0})
    assert not p.matches({"n": "300"})


def test_anything_but_missing_field_does_not_match_but_null_does() -> None:
    """anything-but needs the field; null is a value that is not excluded."""
    p = EventPattern({"state": [{"anything-but": "stopped"}]})
    assert not p.matches({})
    assert p.matches({"state": None})
    assert not p.matches({"state": "stopped"})


def test_exists_true_matches_null_but_not_empty_array() -> None:
    """EventBridge exists:true is satisfied by null and not by []."""
    p = EventPattern({"a": [{"exists": True}]})
    assert p.matches({"a": None})
    assert not p.matches({"a": []})


def test_array_elements_cannot_combine() -> None:
    """Fields of different elements of one array cannot satisfy one pattern together."""
    event = {"e": [{"first": "Anna", "last": "Smith"}, {"first": "Peter", "last": "Jones"}]}
    assert not EventPattern({"e": {"first": ["Anna"], "last": ["Jones"]}}).matches(event)
    assert EventPattern({"e": {"first": ["Anna"], "last": ["Smith"]}}).matches(event)


def test_exists_false_is_judged_in_the_matched_array_element() -> None:
    """exists:false holds when the element that matched the other fields lacks the field."""
    event = {"e": [{"first": "John", "ids": [1]}, {"first": "Anna"}]}
    assert EventPattern({"e": {"first": ["Anna"], "ids": [{"exists": False}]}}).matches(event)
    assert not EventPattern({"e": {"first": ["John"], "ids": [{"exists": False}]}}).matches(event)


def test_or_branches() -> None:
    """$or matches when any alternative matches alongside the other fields."""
    p = EventPattern({"source": ["s"], "$or": [{"a": ["1"]}, {"b": [{"numeric": [">", 5]}]}]})
    assert p.matches({"source": "s", "b": 6})
    assert not p.matches({"source": "s", "b": 5})
    assert not p.matches({"source": "t", "a": "1"})


def test_wildcard_and_case_insensitive_operators() -> None:
    """wildcard, equals-ignore-case and the prefix/suffix ignore-case forms."""
    assert EventPattern({"f": [{"wildcard": "*/lib/*.jar"}]}).matches({"f": "/usr/lib/x.jar"})
    assert EventPattern({"s": [{"prefix": {"equals-ignore-case": "EventB"}}]}).matches(
        {"s": "eventbridge"}
    )
    assert EventPattern({"s": [{"suffix": {"equals-ignore-case": ".PNG"}}]}).matches({"s": "a.png"})
    assert EventPattern({"s": [{"equals-ignore-case": "straße"}]}).matches({"s": "STRASSE"})


def test_cidr_ipv4_and_ipv6() -> None:
    """cidr matches addresses inside the block for both address families."""
    assert EventPattern({"ip": [{"cidr": "10.0.0.0/24"}]}).matches({"ip": "10.0.0.255"})
    assert not EventPattern({"ip": [{"cidr": "10.0.0.0/24"}]}).matches({"ip": "10.0.1.0"})
    assert EventPattern({"ip": [{"cidr": "2001:db8::/32"}]}).matches({"ip": "2001:db8:1::5"})


def test_str_bytes_and_mapping_subclass_events() -> None:
    """Events as JSON text, bytes and dict subclasses match like plain dicts."""
    p = EventPattern('{"a": {"b": ["x"]}}')
    event = {"a": {"b": "x"}}
    assert p.matches(json.dumps(event))
    assert p.matches(json.dumps(event).encode())
    assert p.matches(OrderedDict(a=OrderedDict(b="x")))
    assert not p.matches(b"not json")


@pytest.mark.parametrize(
    ("pattern", "pointer", "reason"),
    [
        ({"a": "x"}, "/a", '"a" must be an object or an array'),
        ({"a": []}, "/a", "Empty arrays are not allowed"),
        ({"a": [{"NUMERIC": [">", 1]}]}, "/a/0/NUMERIC", "Unrecognized match type NUMERIC"),
        ({"a": [{"shellstyle": "x*"}]}, "/a/0/shellstyle", "Unrecognized match type shellstyle"),
        ({"a": [{"numeric": [">", 5, "<", 1]}]}, "/a/0/numeric", "Bottom must be less than top"),
        ({"a": [{"wildcard": "a**"}]}, "/a/0/wildcard", "Consecutive wildcard characters at pos 1"),
        (
            {"a": [{"wildcard": "*:*:*:*:*:event-bus/*"}]},
            "/a",
            "Rule is too complex - try using fewer wildcard characters or fewer repeating "
            "character sequences after a wildcard character",
        ),
        ({"a": [{"cidr": "10.0.0.0/32"}]}, "/a/0/cidr", "IPv4 mask bits must be < 32"),
        (
            {"$or": [{"a": ["1"]}]},
            "/$or",
            "There must have at least 2 Objects in $or relationship.",
        ),
    ],
)
def test_invalid_patterns_give_pointer_and_reason(
    pattern: object, pointer: str, reason: str
) -> None:
    """Invalid patterns raise PolicyError with EventBridge's reason at the right pointer."""
    with pytest.raises(PolicyError) as info:
        EventPattern(pattern)
    assert info.value.pointer == pointer
    assert info.value.reason == reason


def test_invalid_json_text_is_a_policy_error() -> None:
    """A pattern that is not JSON raises PolicyError, not a decoder exception."""
    with pytest.raises(PolicyError):
        EventPattern("{not json")


def test_repr_shows_no_pattern_values() -> None:
    """repr() describes the shape only, never pattern or event values."""
    assert "secret" not in repr(EventPattern({"a": ["secret"]}))
