"""EventBridge PutEvents hook, end to end: protected client -> moto rule -> SQS target."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3

from dataguard import Guard
from dataguard.integrations.eventbridge import protect_client

EVENTS = Path(__file__).parent / "events"
EMAIL = "jane.doe@example.com"
MASKED = "#" * len(EMAIL)
SECRET = "SECRET-123456"


def rule_to_queue() -> str:
    events, sqs = boto3.client("events"), boto3.client("sqs")
    url = sqs.create_queue(QueueName="events-target")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    events.put_rule(Name="shop", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="shop", Targets=[{"Id": "q", "Arn": arn}])
    return url


def received(url: str) -> list[dict[str, Any]]:
    msgs = boto3.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in msgs.get("Messages", [])]


def entry(detail: dict[str, Any]) -> dict[str, Any]:
    return {"Source": "shop", "DetailType": "OrderPlaced", "Detail": json.dumps(detail)}


def test_put_events_detail_is_masked_at_the_target(aws: Any) -> None:
    """The Detail reaching the rule's SQS target is masked."""
    url = rule_to_queue()
    client = protect_client(boto3.client("events"), Guard(EVENTS / "policy-integrations.json"))
    resp = client.put_events(Entries=[entry({"customer": {"email": EMAIL}})])
    assert resp["FailedEntryCount"] == 0 and "EventId" in resp["Entries"][0]
    (event,) = received(url)
    assert event["detail"] == {"customer": {"email": MASKED}}


def test_denied_entries_reported_in_place(aws: Any) -> None:
    """Denied entries fail at their own index with AuthorizationError; the others arrive."""
    url = rule_to_queue()
    client = protect_client(boto3.client("events"), Guard(EVENTS / "policy-integrations.json"))
    resp = client.put_events(
        Entries=[entry({"n": 1}), entry({"code": SECRET}), entry({"email": EMAIL})]
    )
    assert resp["FailedEntryCount"] == 1
    first, denied, third = resp["Entries"]
    assert "EventId" in first and "EventId" in third
    assert denied["ErrorCode"] == "AuthorizationError" and SECRET not in denied["ErrorMessage"]
    details = sorted(json.dumps(e["detail"]) for e in received(url))
    assert details == sorted([json.dumps({"n": 1}), json.dumps({"email": MASKED})])


def test_all_denied_sends_nothing(aws: Any) -> None:
    """Every entry denied: no request, every entry reported failed."""
    url = rule_to_queue()
    client = protect_client(boto3.client("events"), Guard(EVENTS / "policy-integrations.json"))
    resp = client.put_events(Entries=[entry({"code": SECRET})] * 2)
    assert resp["FailedEntryCount"] == 2
    assert [e["ErrorCode"] for e in resp["Entries"]] == ["AuthorizationError"] * 2
    assert received(url) == []


def test_sample_event_detail_round_trips(aws: Any) -> None:
    """The canonical sample event's detail goes through unchanged when clean."""
    sample = json.loads((EVENTS / "eventbridge.json").read_text())
    url = rule_to_queue()
    client = protect_client(boto3.client("events"), Guard(EVENTS / "policy-integrations.json"))
    protect_client(client, Guard(EVENTS / "policy-integrations.json"))  # twice: harmless
    client.put_events(
        Entries=[
            {
                "Source": "shop",
                "DetailType": sample["detail-type"],
                "Detail": json.dumps(sample["detail"]),
            }
        ]
    )
    (event,) = received(url)
    assert event["detail"]["customer"]["email"] == MASKED
    assert event["detail"]["orderId"] == sample["detail"]["orderId"]
