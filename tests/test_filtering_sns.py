"""FilterPolicy: SNS semantics, attribute forms, envelopes and SNS's limits."""

from __future__ import annotations

import json

import pytest

from dataguard.errors import PolicyError
from dataguard.filtering import FilterPolicy

POLICY = {"store": ["example_corp"], "price_usd": [{"numeric": [">=", 100]}]}


@pytest.mark.parametrize(
    "attrs",
    [
        {
            "store": {"Type": "String", "Value": "example_corp"},
            "price_usd": {"Type": "Number", "Value": "210.75"},
        },
        {
            "store": {"DataType": "String", "StringValue": "example_corp"},
            "price_usd": {"DataType": "Number", "StringValue": "2.1075e2"},
        },
        {
            "store": {"dataType": "String", "stringValue": "example_corp"},
            "price_usd": {"dataType": "Number", "stringValue": "210.75"},
        },
    ],
)
def test_attribute_forms(attrs: dict) -> None:
    """Publish, notification and SQS attribute forms all match."""
    assert FilterPolicy(POLICY).matches(attributes=attrs)


def test_string_array_elements_match_individually() -> None:
    """String.Array attributes match when any element matches."""
    p = FilterPolicy({"interests": ["rugby"]})
    attrs = {"interests": {"Type": "String.Array", "Value": '["soccer", "rugby"]'}}
    assert p.matches(attributes=attrs)


def test_number_attribute_is_not_a_string() -> None:
    """A String attribute holding digits does not satisfy a numeric condition."""
    p = FilterPolicy({"n": [{"numeric": [">", 1]}]})
    assert not p.matches(attributes={"n": {"Type": "String", "Value": "5"}})
    assert p.matches(attributes={"n": {"Type": "Number", "Value": "5"}})


def test_binary_attributes_are_ignored() -> None:
    """Binary attributes never match a policy key."""
    p = FilterPolicy({"b": [{"exists": True}]})
    assert not p.matches(attributes={"b": {"Type": "Binary", "Value": "AAEC"}})


def test_exists_false_needs_some_attribute() -> None:
    """SNS: exists:false does not match a message without any attributes."""
    p = FilterPolicy({"store": [{"exists": False}]})
    assert not p.matches(attributes={})
    assert p.matches(attributes={"other": {"Type": "String", "Value": "x"}})


def test_exists_true_needs_non_null_value_in_body() -> None:
    """SNS: exists:true needs a non-null value (EventBridge accepts null)."""
    p = FilterPolicy({"store": [{"exists": True}]}, scope="MessageBody")
    assert not p.matches(json.dumps({"store": None}))
    assert p.matches(json.dumps({"store": "x"}))


def test_body_scope_sees_through_sqs_and_sns_layers() -> None:
    """A body policy applies to the payload inside an SNS envelope inside an SQS record."""
    p = FilterPolicy({"order": {"status": ["paid"]}}, scope="MessageBody")
    payload = json.dumps({"order": {"status": "paid"}})
    envelope = {"Type": "Notification", "TopicArn": "arn:aws:sns:eu-west-1:1:t", "Message": payload}
    record = {"messageId": "1", "receiptHandle": "r", "body": json.dumps(envelope)}
    assert p.matches(payload)
    assert p.matches(envelope)
    assert p.matches(json.dumps(record).encode())


def test_attribute_scope_reads_envelope_attributes() -> None:
    """Without explicit attributes, the envelope's MessageAttributes are used."""
    p = FilterPolicy({"event": ["paid"]})
    envelope = {
        "Type": "Notification",
        "TopicArn": "arn:aws:sns:eu-west-1:1:t",
        "Message": "{}",
        "MessageAttributes": {"event": {"Type": "String", "Value": "paid"}},
    }
    assert p.matches(envelope)


def test_non_json_body_never_matches() -> None:
    """A body-scope policy does not match a payload that is not a JSON object."""
    assert not FilterPolicy({"a": [{"exists": False}]}, scope="MessageBody").matches("plain text")


def test_malformed_or_is_an_ordinary_key_in_sns() -> None:
    """SNS treats "$or" as a property name unless followed by two or more objects."""
    p = FilterPolicy({"$or": ["x"]}, scope="MessageBody")
    assert p.matches(json.dumps({"$or": "x"}))


@pytest.mark.parametrize(
    ("policy", "scope", "reason"),
    [
        (
            {f"k{i}": ["v"] for i in range(6)},
            "MessageAttributes",
            "Filter policy can not have more than 5 keys",
        ),
        (
            {"a": [str(i) for i in range(13)], "b": [str(i) for i in range(12)]},
            "MessageAttributes",
            "Filter policy is too complex",
        ),
        (
            {"a": {"b": ["x"]}},
            "MessageAttributes",
            "Filter policy scope MessageAttributes does not support nested filter policy",
        ),
        (
            {"a": [{"numeric": [">", 1000000001]}]},
            "MessageBody",
            "Value must be between -1.0E9 and 1.0E9, inclusive",
        ),
        (
            {"a": [{"numeric": [">", 0.000001]}]},
            "MessageBody",
            "Only values upto 5 decimals are supported",
        ),
        ({"a": [{"wildcard": "x*"}]}, "MessageBody", "Unrecognized match type wildcard"),
    ],
)
def test_sns_limits(policy: dict, scope: str, reason: str) -> None:
    """Policies SNS refuses raise PolicyError with SNS's reason."""
    with pytest.raises(PolicyError) as info:
        FilterPolicy(policy, scope=scope)
    assert info.value.reason == reason


def test_nested_keys_allowed_in_body_scope() -> None:
    """Body scope accepts nesting; nested keys do not count toward the 5-key limit."""
    policy = {"a": {f"k{i}": ["v"] for i in range(6)}}
    assert FilterPolicy(policy, scope="MessageBody").matches(
        json.dumps({"a": {f"k{i}": "v" for i in range(6)}})
    )


def test_unknown_scope_is_rejected() -> None:
    """Only the two SNS FilterPolicyScope values are accepted."""
    with pytest.raises(PolicyError):
        FilterPolicy({"a": ["b"]}, scope="Body")


def test_byte_gate_never_changes_the_answer() -> None:
    """The substring gate before parsing agrees with the full match, with and without it."""
    from dataguard.filtering import PatternSet

    policy = {"store": ["web", {"prefix": "pos-"}], "kind": ["order"]}
    fp = FilterPolicy(policy, scope="MessageBody")
    ps = PatternSet([("a", fp)])
    cases = [
        ('{"store": "web", "kind": "order"}', True),
        ('{"store": "pos-12", "kind": ["x", "order"]}', True),
        ('{"store": "webshop", "kind": "order"}', False),
        ('{"kind": "order", "note": "store web"}', False),
        ('{"store": "w\\u0065b", "kind": "order"}', True),  # escaped: no gate, real parse
        ('{"store": "web"}', False),
    ]
    for body, expected in cases:
        assert fp.matches(body) is expected, body
        assert fp.matches(body.encode()) is expected, body
        assert (ps.matching(body) == ["a"]) is expected, body


def test_attribute_gate_never_changes_the_answer() -> None:
    """The compiled attribute matcher agrees with the general matcher on every shape."""
    policy = {"store": ["web", "app"], "kind": ["order"]}
    gated = FilterPolicy(policy)
    shapes = [
        {"store": {"Type": "String", "Value": "web"}, "kind": {"Type": "String", "Value": "order"}},
        {
            "store": {"DataType": "String", "StringValue": "app"},
            "kind": {"DataType": "String", "StringValue": "order"},
        },
        {
            "store": {"Type": "String", "Value": "shop"},
            "kind": {"Type": "String", "Value": "order"},
        },
        {
            "store": {"Type": "String.Array", "Value": '["x", "web"]'},
            "kind": {"Type": "String", "Value": "order"},
        },
        {"store": {"Type": "Number", "Value": "5"}, "kind": {"Type": "String", "Value": "order"}},
        {"kind": {"Type": "String", "Value": "order"}},
        {"store": {"Type": "String", "Value": "web"}},
        {},
    ]
    expected = [True, True, False, True, False, False, False, False]
    for attrs, want in zip(shapes, expected, strict=True):
        assert gated.match_attributes(attrs) is want, attrs
        assert gated.matches(attributes=attrs) is want, attrs


def test_attribute_gate_with_prefixes_agrees_with_full_matcher() -> None:
    """Prefix conditions in the compiled attribute matcher answer as the general one does."""
    policy = {"kind": [{"prefix": "order_"}, "refund"], "store": ["web"]}
    gated = FilterPolicy(policy)
    for kind, want in [("order_paid", True), ("refund", True), ("ord", False), ("x_order_", False)]:
        attrs = {
            "kind": {"Type": "String", "Value": kind},
            "store": {"Type": "String", "Value": "web"},
        }
        assert gated.match_attributes(attrs) is want, kind
        assert gated.matches(attributes=attrs) is want, kind


def test_odd_attribute_values_never_raise() -> None:
    """Unhashable or non-string attribute values are answered, never raised on."""
    fp = FilterPolicy({"store": ["web"], "kind": [{"prefix": "order_"}]})
    for value in (["web"], {"x": 1}, 5, None):
        attrs = {
            "store": {"Type": "String", "Value": value},
            "kind": {"Type": "String", "Value": "order_x"},
        }
        assert fp.matches(attributes=attrs) is False
