"""SNS relay, end to end: an inbound topic's SNS event -> moto SNS/SQS destinations."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import boto3
import pytest

from dataguard.audit.recorder import MemoryRecorder
from dataguard.integrations import relay

EVENTS = Path(__file__).parent / "events"
EMAIL = "jane.doe@example.com"
MASKED = "#" * len(EMAIL)
SECRET = "SECRET-123456"
ANALYTICS = "arn:aws:iam::123456789012:role/analytics"


def policy() -> dict[str, Any]:
    """The shared policy plus an Outbound Deny of order references for the analytics role."""
    doc = json.loads((EVENTS / "policy-integrations.json").read_text())
    doc["Statement"].append(
        {
            "Sid": "no-orders-for-analytics",
            "DataDirection": "Outbound",
            "Principal": [ANALYTICS],
            "DataIdentifier": ["OrderRef"],
            "Operation": {"Deny": {}},
        }
    )
    doc["Configuration"]["CustomDataIdentifier"].append(
        {"Name": "OrderRef", "Regex": "o-1[0-9]{3}"}
    )
    return doc


def queue(name: str) -> tuple[str, str]:
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return url, arn


def receive(url: str) -> list[dict[str, Any]]:
    resp = boto3.client("sqs").receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    )
    return resp.get("Messages", [])


@pytest.fixture()
def world(aws: Any) -> dict[str, Any]:
    relay.reset()
    orders_url, orders_arn = queue("orders")
    envelope_url, envelope_arn = queue("audit-envelope")
    refunds_url, refunds_arn = queue("refunds")
    topic_sink_url, topic_sink_arn = queue("topic-sink")
    sns = boto3.client("sns")
    topic = sns.create_topic(Name="outbound")["TopicArn"]
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=topic_sink_arn,
        Attributes={"RawMessageDelivery": "true"},
    )
    analytics_url, analytics_arn = queue("analytics")
    destinations = [
        {
            "arn": orders_arn,
            "principal": "arn:aws:iam::123456789012:role/orders",
            "filterPolicy": {"event": ["order_placed"]},
            "rawMessageDelivery": True,
        },
        {"arn": envelope_arn},
        {"arn": refunds_arn, "filterPolicy": {"event": ["refund"]}},
        {
            "arn": topic,
            "filterPolicy": {"customer": {"tier": ["gold"]}},
            "filterPolicyScope": "MessageBody",
        },
        {"arn": analytics_arn, "principal": ANALYTICS},
    ]
    yield {
        "destinations": destinations,
        "orders": orders_url,
        "envelope": envelope_url,
        "refunds": refunds_url,
        "topic_sink": topic_sink_url,
        "analytics": analytics_url,
    }
    relay.reset()


def event() -> dict[str, Any]:
    return json.loads((EVENTS / "sns-notification.json").read_text())


def test_relay_protects_routes_and_publishes(world: dict[str, Any]) -> None:
    """Inbound masking, filter policies, outbound deny per principal, raw/envelope/topic sends."""
    rec = MemoryRecorder()
    r = relay.make_relay(policy(), world["destinations"], recorder=rec)
    summary = r(event(), None)
    assert summary == {
        "records": 1,
        "denied": 0,
        "delivered": 3,
        "outboundDenied": 1,
        "filtered": 1,
    }
    (raw,) = receive(world["orders"])
    assert json.loads(raw["Body"])["customer"]["email"] == MASKED
    assert raw["MessageAttributes"]["contact"]["StringValue"] == MASKED
    (env,) = receive(world["envelope"])
    envelope = json.loads(env["Body"])
    assert envelope["Type"] == "Notification" and envelope["Subject"] == "Order placed"
    assert envelope["MessageAttributes"]["contact"]["Value"] == MASKED
    assert json.loads(envelope["Message"])["customer"]["email"] == MASKED
    (via_topic,) = receive(world["topic_sink"])
    assert json.loads(via_topic["Body"])["customer"]["email"] == MASKED
    assert receive(world["refunds"]) == []
    assert receive(world["analytics"]) == []
    assert EMAIL not in json.dumps([raw, env, via_topic])


def test_inbound_deny_drops_the_message(world: dict[str, Any]) -> None:
    """A message an Inbound Deny matches reaches no destination; its audit record reaches the
    policy's CloudWatch Logs destination (through the AWS recorder), without the value."""
    logs = boto3.client("logs")
    logs.create_log_group(logGroupName="/aws/vendedlogs/dataguard")
    ev = event()
    ev["Records"][0]["Sns"]["Message"] = f"code {SECRET}"
    r = relay.make_relay(policy(), world["destinations"])
    assert r(ev, None)["denied"] == 1
    for name in ("orders", "envelope", "topic_sink", "analytics"):
        assert receive(world[name]) == []
    found = logs.filter_log_events(logGroupName="/aws/vendedlogs/dataguard")["events"]
    records = [json.loads(e["message"]) for e in found]
    assert records and records[0]["dataguard"]["blocked"] is True
    assert SECRET not in json.dumps(records)


def test_env_configured_handler(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``handler`` reads DATAGUARD_POLICY and DATAGUARD_RELAY_DESTINATIONS once per process."""
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy()))
    monkeypatch.setenv("DATAGUARD_POLICY", str(path))
    monkeypatch.setenv("DATAGUARD_RELAY_DESTINATIONS", json.dumps(world["destinations"][:1]))
    relay.reset()
    monkeypatch.setenv("DATAGUARD_AUDIT_FILE", str(tmp_path / "audit.jsonl"))
    boto3.client("logs").create_log_group(logGroupName="/aws/vendedlogs/dataguard")
    assert relay.handler(event(), None)["delivered"] == 1
    first = relay.default_relay()
    relay.handler(copy.deepcopy(event()), None)
    assert relay.default_relay() is first
    assert len(receive(world["orders"])) == 2
    audit = (tmp_path / "audit.jsonl").read_text()
    assert '"EmailAddress"' in audit and EMAIL not in audit


def test_bad_destination_is_rejected() -> None:
    """A destination that is not an SNS topic or SQS queue ARN fails at configuration."""
    from dataguard.errors import PolicyError

    with pytest.raises(PolicyError):
        relay.load_destinations([{"arn": "arn:aws:lambda:us-east-1:1:function:f"}])


def test_canary_relay_logs_no_values(
    world: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    """Relay logs carry counts, ARNs and reasons, never message values."""
    r = relay.make_relay(policy(), world["destinations"], recorder=MemoryRecorder())
    with caplog.at_level(logging.DEBUG, logger="dataguard"):
        r(event(), None)
    text = caplog.text + json.dumps([getattr(x, "dataguard", None) for x in caplog.records])
    assert "denied a destination" in text
    assert EMAIL not in text and "o-1001" not in text
