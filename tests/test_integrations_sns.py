"""SNS pre-publish hook, end to end: protected client -> moto SNS topic -> SQS subscriptions."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from dataguard import Blocked, Guard
from dataguard.audit.recorder import MemoryRecorder
from dataguard.integrations.sns import protect_client

EVENTS = Path(__file__).parent / "events"
EMAIL = "jane.doe@example.com"
MASKED = "#" * len(EMAIL)
SECRET = "SECRET-123456"


@pytest.fixture(autouse=True)
def _audit_every_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """SampleRate 99 skips 1 message in 100 at random ids; these tests count records, so
    every message with a non-zero rate is audited (sampling is tested in test_audit_sampling)."""
    monkeypatch.setattr("dataguard.engine.sampled", lambda message_id, rate: rate > 0)


def guard(recorder: MemoryRecorder | None = None) -> Guard:
    return Guard(EVENTS / "policy-integrations.json", recorder=recorder)


def make_topic(raw: bool = False, filter_policy: dict[str, Any] | None = None) -> dict[str, Any]:
    sns, sqs = boto3.client("sns"), boto3.client("sqs")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    out: dict[str, Any] = {"topic": topic, "queues": {}}
    for name, is_raw, fp in (("envelope", False, None), ("raw", True, filter_policy)):
        if name == "raw" and not raw:
            continue
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        attrs = {"RawMessageDelivery": "true"} if is_raw else {}
        if fp is not None:
            attrs["FilterPolicy"] = json.dumps(fp)
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes=attrs)
        out["queues"][name] = url
    return out


def receive(url: str) -> list[dict[str, Any]]:
    resp = boto3.client("sqs").receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    )
    return resp.get("Messages", [])


def test_publish_masks_before_it_leaves(aws: Any) -> None:
    """Publish through a protected client: the SQS subscriber (envelope and raw) gets it masked."""
    t = make_topic(raw=True)
    sns = protect_client(boto3.client("sns"), guard())
    body = {"orderId": "o-1", "customer": {"email": EMAIL}}
    sns.publish(
        TopicArn=t["topic"],
        Message=json.dumps(body),
        Subject=f"order for {EMAIL}",
        MessageAttributes={
            "contact": {"DataType": "String", "StringValue": EMAIL},
            "count": {"DataType": "Number", "StringValue": "3"},
        },
    )
    (env,) = receive(t["queues"]["envelope"])
    envelope = json.loads(env["Body"])
    assert json.loads(envelope["Message"])["customer"]["email"] == MASKED
    assert envelope["Subject"] == f"order for {MASKED}"
    assert envelope["MessageAttributes"]["contact"]["Value"] == MASKED
    assert envelope["MessageAttributes"]["count"]["Value"] == "3"
    (raw,) = receive(t["queues"]["raw"])
    assert json.loads(raw["Body"])["customer"]["email"] == MASKED
    assert raw["MessageAttributes"]["contact"]["StringValue"] == MASKED
    assert EMAIL not in json.dumps([env, raw])


def test_denied_publish_raises_and_never_arrives(aws: Any) -> None:
    """A Deny raises Blocked (a ClientError, AuthorizationError) and nothing is published."""
    t = make_topic()
    rec = MemoryRecorder()
    sns = protect_client(boto3.client("sns"), guard(rec))
    with pytest.raises(ClientError) as info:
        sns.publish(TopicArn=t["topic"], Message=f"access code {SECRET}")
    assert isinstance(info.value, Blocked)
    assert info.value.response["Error"]["Code"] == "AuthorizationError"
    assert info.value.sid == "deny-secret" and info.value.identifiers == ("SecretCode",)
    assert SECRET not in str(info.value)
    assert receive(t["queues"]["envelope"]) == []
    assert rec.records and rec.records[0]["dataguard"]["blocked"]


def test_message_structure_json_protects_every_protocol(aws: Any) -> None:
    """With MessageStructure=json each per-protocol message is protected."""
    t = make_topic(raw=True)
    sns = protect_client(boto3.client("sns"), guard())
    message = {"default": f"mail {EMAIL}", "sqs": json.dumps({"email": EMAIL}), "email": EMAIL}
    sns.publish(TopicArn=t["topic"], Message=json.dumps(message), MessageStructure="json")
    (raw,) = receive(t["queues"]["raw"])
    assert json.loads(raw["Body"]) == {"email": MASKED}
    with pytest.raises(Blocked):
        sns.publish(
            TopicArn=t["topic"],
            Message=json.dumps({"default": "fine", "email": SECRET}),
            MessageStructure="json",
        )


def test_filter_policy_subscription_sees_masked_message(aws: Any) -> None:
    """A subscription filter policy still routes; the filtered-in message is masked."""
    t = make_topic(raw=True, filter_policy={"kind": ["order"]})
    sns = protect_client(boto3.client("sns"), guard())
    for kind in ("order", "refund"):
        sns.publish(
            TopicArn=t["topic"],
            Message=f"{kind} for {EMAIL}",
            MessageAttributes={"kind": {"DataType": "String", "StringValue": kind}},
        )
    raw = receive(t["queues"]["raw"])
    assert [m["Body"] for m in raw] == [f"order for {MASKED}"]
    assert len(receive(t["queues"]["envelope"])) == 2


def test_publish_batch_reports_denied_entries_as_failed(aws: Any) -> None:
    """PublishBatch: denied entries are removed and reported in Failed; the others publish."""
    t = make_topic()
    entries = [
        {"Id": "a", "Message": f"mail {EMAIL}"},
        {"Id": "b", "Message": f"code {SECRET}"},
        {"Id": "c", "Message": "nothing here"},
    ]
    sns = protect_client(boto3.client("sns"), guard())
    resp = sns.publish_batch(TopicArn=t["topic"], PublishBatchRequestEntries=entries)
    assert sorted(s["Id"] for s in resp["Successful"]) == ["a", "c"]
    (failed,) = resp["Failed"]
    assert failed["Id"] == "b" and failed["Code"] == "AuthorizationError"
    assert failed["SenderFault"] is True and SECRET not in failed["Message"]
    bodies = sorted(json.loads(m["Body"])["Message"] for m in receive(t["queues"]["envelope"]))
    assert bodies == [f"mail {MASKED}", "nothing here"]
    assert entries[0]["Message"] == f"mail {EMAIL}"  # the caller's dicts are not modified


def test_publish_batch_all_denied_sends_nothing(aws: Any) -> None:
    """When every entry is denied no request is made and all are reported as Failed."""
    t = make_topic()
    sns = protect_client(boto3.client("sns"), guard())
    resp = sns.publish_batch(
        TopicArn=t["topic"],
        PublishBatchRequestEntries=[{"Id": "x", "Message": SECRET}, {"Id": "y", "Message": SECRET}],
    )
    assert resp["Successful"] == [] and [f["Id"] for f in resp["Failed"]] == ["x", "y"]
    assert receive(t["queues"]["envelope"]) == []


def test_registering_twice_is_harmless(aws: Any) -> None:
    """A second protect_client replaces the first: one pass per message, still masked."""
    t = make_topic()
    rec = MemoryRecorder()
    sns = boto3.client("sns")
    protect_client(sns, guard(MemoryRecorder()))
    protect_client(sns, guard(rec))
    sns.publish(TopicArn=t["topic"], Message=f"mail {EMAIL}")
    assert len(rec.records) == 1
    (env,) = receive(t["queues"]["envelope"])
    assert json.loads(env["Body"])["Message"] == f"mail {MASKED}"


def test_session_protects_every_client_made_from_it(aws: Any) -> None:
    """protect_client on a boto3 Session covers the clients it creates."""
    t = make_topic()
    session = boto3.Session()
    protect_client(session, guard())
    session.client("sns").publish(TopicArn=t["topic"], Message=f"mail {EMAIL}")
    with pytest.raises(Blocked):
        session.client("sns").publish(TopicArn=t["topic"], Message=SECRET)
    (env,) = receive(t["queues"]["envelope"])
    assert json.loads(env["Body"])["Message"] == f"mail {MASKED}"


def test_canary_no_raw_value_in_logs_or_errors(aws: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Denials are logged with Sid and identifier names; no raw value in logs or errors."""
    t = make_topic()
    sns = protect_client(boto3.client("sns"), guard())
    errors = []
    with caplog.at_level(logging.DEBUG, logger="dataguard"):
        try:
            sns.publish(TopicArn=t["topic"], Message=f"{EMAIL} {SECRET}")
        except Blocked as exc:
            errors.append(f"{exc} {exc!r} {exc.response}")
        sns.publish_batch(
            TopicArn=t["topic"], PublishBatchRequestEntries=[{"Id": "1", "Message": SECRET}]
        )
    text = caplog.text + json.dumps([getattr(r, "dataguard", None) for r in caplog.records])
    assert errors and "deny-secret" in errors[0]
    for raw in (EMAIL, SECRET):
        assert raw not in text and raw not in errors[0]
