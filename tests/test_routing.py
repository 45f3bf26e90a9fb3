"""Routing: filter policies pick recipients; each gets the message its Outbound statements
leave (denied recipients are reported, not dropped)."""

from __future__ import annotations

import json

import pytest

from dataguard.engine import Guard
from dataguard.errors import PolicyError
from dataguard.filtering import EventPattern
from dataguard.policy import load_policy
from dataguard.routing import Router, Subscription

PARTNER = "arn:aws:iam::111122223333:role/partner"
ORDERS = "arn:aws:iam::111122223333:role/orders"

POLICY = {
    "Name": "outbound-routing",
    "Version": "2021-06-01",
    "Statement": [
        {
            "Sid": "deny-email-to-partner",
            "DataDirection": "Outbound",
            "Principal": [PARTNER],
            "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
            "Operation": {"Deny": {}},
        }
    ],
}

MESSAGE = json.dumps(
    {"event": "order_placed", "tier": "gold", "customer": {"email": "jane.doe@example.com"}}
)
ATTRS = {"event": {"DataType": "String", "StringValue": "order_placed"}}


def _subscriptions() -> list[Subscription]:
    return [
        Subscription(
            "arn:aws:sqs:eu-west-1:111122223333:orders", ORDERS, {"event": ["order_placed"]}
        ),
        Subscription(
            "arn:aws:sqs:eu-west-1:111122223333:partner",
            PARTNER,
            {"tier": ["gold"]},
            scope="MessageBody",
        ),
        Subscription(
            "arn:aws:sqs:eu-west-1:111122223333:refunds", ORDERS, {"event": ["order_refunded"]}
        ),
        Subscription("arn:aws:sqs:eu-west-1:111122223333:all", ORDERS),
    ]


def test_filters_pick_recipients_and_report_skipped() -> None:
    """Matching subscriptions are delivered in order; the filtered-out ones are in skipped."""
    result = Router(_subscriptions()).route(MESSAGE, attributes=ATTRS)
    assert [d.subscription.arn.rsplit(":", 1)[1] for d in result] == ["orders", "partner", "all"]
    assert [s.arn.rsplit(":", 1)[1] for s in result.skipped] == ["refunds"]
    assert all(d.message == MESSAGE and not d.blocked for d in result)


def test_outbound_deny_blocks_only_that_principal() -> None:
    """A Deny for one principal blocks its delivery (reported) while others receive it."""
    router = Router(_subscriptions(), guard=Guard(load_policy(POLICY)))
    result = router.route(MESSAGE, attributes=ATTRS)
    by_queue = {d.subscription.arn.rsplit(":", 1)[1]: d for d in result}
    assert by_queue["partner"].blocked
    assert by_queue["partner"].message is None
    assert by_queue["partner"].reason
    assert [f.identifier for f in by_queue["partner"].findings] == ["EmailAddress"]
    assert [d.subscription.arn.rsplit(":", 1)[1] for d in result.denied] == ["partner"]
    assert by_queue["orders"].message == MESSAGE
    assert not by_queue["all"].blocked


def test_guard_runs_once_per_principal() -> None:
    """The outbound step is evaluated once per distinct principal, not per subscription."""
    calls: list[str] = []

    class CountingGuard:
        def protect(self, message: object, direction: str = "Outbound", principal: str = "*"):
            calls.append(principal)
            return Guard(load_policy(POLICY)).protect(
                message, direction=direction, principal=principal
            )

    Router(_subscriptions(), guard=CountingGuard()).route(MESSAGE, attributes=ATTRS)
    assert sorted(calls) == sorted({ORDERS, PARTNER})


def test_attributes_from_envelope_when_not_given() -> None:
    """Attribute-scope filters read the SNS envelope's MessageAttributes."""
    envelope = {
        "Type": "Notification",
        "TopicArn": "arn:aws:sns:eu-west-1:111122223333:t",
        "Message": MESSAGE,
        "MessageAttributes": {"event": {"Type": "String", "Value": "order_placed"}},
    }
    names = [s.arn.rsplit(":", 1)[1] for s in Router(_subscriptions()).matching(envelope)]
    assert names == ["orders", "partner", "all"]


def test_event_pattern_subscriptions() -> None:
    """A compiled EventPattern can serve as a subscription's filter."""
    sub = Subscription(
        "arn:aws:lambda:eu-west-1:111122223333:function:f",
        filter_policy=EventPattern({"tier": ["gold"]}),
    )
    assert Router([sub]).matching(json.loads(MESSAGE)) == [sub]


def test_invalid_filter_policy_fails_at_construction() -> None:
    """A policy SNS would refuse raises PolicyError when the router is built."""
    with pytest.raises(PolicyError):
        Router([Subscription("arn:aws:sqs:eu-west-1:1:q", filter_policy={"a": "not-a-list"})])


def test_many_subscriptions_route_through_one_index() -> None:
    """Thousands of subscriptions route correctly (each tenant gets only its messages)."""
    subs = [
        Subscription(
            f"arn:aws:sqs:eu-west-1:1:q{i}",
            filter_policy={"tenant": [f"t{i}"]},
            scope="MessageBody",
        )
        for i in range(2000)
    ]
    router = Router(subs)
    result = router.route(json.dumps({"tenant": "t1234"}))
    assert [d.subscription.arn for d in result] == ["arn:aws:sqs:eu-west-1:1:q1234"]
    assert len(result.skipped) == 1999
