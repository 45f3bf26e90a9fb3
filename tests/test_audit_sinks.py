"""Tests for dataguard.audit sinks: records reach CloudWatch Logs, Firehose (to S3) and S3
through boto3 against moto in server mode, in the exact SNS format plus dataguard's keys."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import boto3
import orjson
import pytest

from dataguard.audit import AwsRecorder, JsonLinesRecorder, MemoryRecorder, MultiRecorder
from dataguard.audit.cloudwatch import EVENT_OVERHEAD, MAX_BATCH_BYTES, MAX_EVENTS
from dataguard.audit.retry import RetryPolicy
from dataguard.audit.sinks import MAX_RECORD_BYTES
from dataguard.engine import Guard

GROUP = "/aws/vendedlogs/dataguard-test"
STREAM = "dataguard-findings"
BUCKET = "dataguard-findings"
FH_BUCKET = "dataguard-firehose"
CLEAN_GROUP = "/aws/vendedlogs/dataguard-clean"
SNS_KEYS = ["messageId", "auditTimestamp", "callerPrincipal", "resourceArn", "dataIdentifiers"]
CANARIES = ("CANARY-314159", "canary.person@example.com")
FAST = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05, deadline=5)


def policy(sample_rate: int = 99, *, no_findings: bool = True) -> dict[str, Any]:
    audit: dict[str, Any] = {
        "SampleRate": str(sample_rate),
        "FindingsDestination": {
            "CloudWatchLogs": {"LogGroup": GROUP},
            "Firehose": {"DeliveryStream": STREAM},
            "S3": {"Bucket": BUCKET},
        },
    }
    if no_findings:
        audit["NoFindingsDestination"] = {"CloudWatchLogs": {"LogGroup": CLEAN_GROUP}}
    return {
        "Name": "audit-test",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "audit-everything",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [
                    "CanaryId",
                    "arn:aws:dataprotection::aws:data-identifier/EmailAddress",
                ],
                "Operation": {"Audit": audit},
            }
        ],
        "Configuration": {
            "CustomDataIdentifier": [{"Name": "CanaryId", "Regex": "CANARY-[0-9]{6}"}]
        },
    }


def message(i: int) -> dict[str, Any]:
    return {
        "orderId": i,
        "customer": {"email": CANARIES[1], "note": f"ref {CANARIES[0]} ok"},
        "items": [{"sku": "A1", "memo": CANARIES[0]}],
    }


@pytest.fixture()
def resources(aws: Any) -> Iterator[None]:
    """Log groups, the S3 bucket and a Firehose stream delivering to its own bucket."""
    logs = boto3.client("logs")
    logs.create_log_group(logGroupName=GROUP)
    logs.create_log_group(logGroupName=CLEAN_GROUP)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.create_bucket(Bucket=FH_BUCKET)
    boto3.client("firehose").create_delivery_stream(
        DeliveryStreamName=STREAM,
        DeliveryStreamType="DirectPut",
        ExtendedS3DestinationConfiguration={
            "RoleARN": "arn:aws:iam::123456789012:role/firehose",
            "BucketARN": f"arn:aws:s3:::{FH_BUCKET}",
            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60},
        },
    )
    yield


def guard(recorder: Any, **kw: Any) -> Guard:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Guard(policy(**kw), recorder=recorder, resource_arn="arn:aws:sns:us-east-1:1:t")


def log_records(group: str) -> list[dict[str, Any]]:
    logs = boto3.client("logs")
    out = []
    for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group):
        out.extend(orjson.loads(e["message"]) for e in page["events"])
    return out


def s3_lines(bucket: str, prefix: str = "") -> tuple[list[str], list[dict[str, Any]]]:
    s3 = boto3.client("s3")
    keys, records = [], []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            keys.append(obj["Key"])
            body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
            assert body.endswith(b"\n")
            records.extend(orjson.loads(line) for line in body.splitlines() if line)
    return keys, records


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["dataguard"]["recordId"]: r for r in records}


def assert_no_canary(data: bytes | str) -> None:
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    for c in CANARIES:
        assert c not in text


def test_records_reach_all_three_destinations_in_the_exact_format(resources: None) -> None:
    """Every record reaches CloudWatch Logs, Firehose->S3 and S3 byte-for-byte as built."""
    mem = MemoryRecorder()
    rec = AwsRecorder(retry=FAST)
    g = guard(MultiRecorder(rec, mem))
    for i in range(20):
        g.protect(message(i), message_id=f"msg-{i}")
    rec.flush()
    expected = by_id(mem.records)
    assert len(expected) == 20
    first = mem.records[0]
    assert list(first)[:5] == SNS_KEYS and list(first) == [*SNS_KEYS, "dataguard"]
    assert first["dataIdentifiers"][0].keys() == {"name", "count", "detections"}
    assert first["dataIdentifiers"][0]["detections"][0].keys() == {"start", "end"}
    assert {d["path"] for d in first["dataguard"]["detections"]} == {
        "$.customer.email",
        "$.customer.note",
        "$.items[0].memo",
    }
    assert by_id(log_records(GROUP)) == expected
    keys, s3_records = s3_lines(BUCKET)
    assert by_id(s3_records) == expected and len(s3_records) == 20
    assert all(k.startswith("dataguard/findings/dt=") and k.endswith(".jsonl") for k in keys)
    day = first["auditTimestamp"][:10]
    assert any(f"/dt={day}/" in k for k in keys)
    _, fh_records = s3_lines(FH_BUCKET)
    assert by_id(fh_records) == expected and len(fh_records) == 20
    assert rec.pending == 0


def test_clean_messages_go_only_to_the_no_findings_destination(resources: None) -> None:
    """A message without findings is recorded once, in NoFindingsDestination only."""
    rec = AwsRecorder(retry=FAST)
    g = guard(rec)
    g.protect({"orderId": 1, "note": "nothing here"}, message_id="clean-1")
    g.protect(message(2), message_id="dirty-2")
    rec.flush()
    clean = log_records(CLEAN_GROUP)
    assert [r["messageId"] for r in clean] == ["clean-1"]
    assert clean[0]["dataIdentifiers"] == []
    assert [r["messageId"] for r in log_records(GROUP)] == ["dirty-2"]


def test_clean_messages_are_not_recorded_without_a_no_findings_destination(
    resources: None,
) -> None:
    """Without NoFindingsDestination, clean messages produce no record at all."""
    rec = AwsRecorder(retry=FAST)
    g = guard(rec, no_findings=False)
    g.protect({"note": "nothing"}, message_id="clean-1")
    rec.flush()
    assert log_records(GROUP) == [] and log_records(CLEAN_GROUP) == []


def test_log_stream_is_the_lambda_instance_stream(
    resources: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In Lambda, records go to a stream named after the function instance's own stream."""
    monkeypatch.setenv("AWS_LAMBDA_LOG_STREAM_NAME", "2024/05/01/[$LATEST]abc123")
    rec = AwsRecorder(retry=FAST)
    guard(rec).protect(message(1), message_id="m1")
    rec.flush()
    streams = boto3.client("logs").describe_log_streams(logGroupName=GROUP)["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["2024/05/01/[$LATEST]abc123"]


class Spy:
    """Wraps a boto3 client and keeps the arguments of every call."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        fn = getattr(self.client, name)

        def call(**kw: Any) -> Any:
            self.calls.append((name, kw))
            return fn(**kw)

        return call


def test_put_log_events_batches_stay_within_limits(resources: None) -> None:
    """More than 10,000 events or 1 MiB are split into several PutLogEvents calls."""
    spy = Spy(boto3.client("logs"))
    rec = AwsRecorder(retry=FAST, clients={"logs": spy}, log_stream_name="s1")
    mem = MemoryRecorder()
    g = guard(MultiRecorder(rec, mem))
    for i in range(12_500):
        g.protect({"e": CANARIES[1]}, message_id=f"m{i}")
    rec.flush()
    n = len(mem.records)  # SampleRate 99: about 1% are not audited
    assert n > 12_000
    puts = [kw for name, kw in spy.calls if name == "put_log_events"]
    assert len(puts) >= 2
    for kw in puts:
        events = kw["logEvents"]
        assert len(events) <= MAX_EVENTS
        assert sum(len(e["message"].encode()) + EVENT_OVERHEAD for e in events) <= MAX_BATCH_BYTES
        stamps = [e["timestamp"] for e in events]
        assert stamps == sorted(stamps)
    assert sum(len(kw["logEvents"]) for kw in puts) == n
    assert len(log_records(GROUP)) == n


def test_put_record_batch_sends_at_most_500_records(resources: None) -> None:
    """Firehose batches hold at most 500 records each and every record arrives once."""
    spy = Spy(boto3.client("firehose"))
    rec = AwsRecorder(retry=FAST, clients={"firehose": spy})
    mem = MemoryRecorder()
    g = guard(MultiRecorder(rec, mem))
    for i in range(1_250):
        g.protect({"e": CANARIES[1]}, message_id=f"m{i}")
    rec.flush()
    n = len(mem.records)
    sizes = [len(kw["Records"]) for name, kw in spy.calls if name == "put_record_batch"]
    assert sizes == [500, 500, n - 1000]
    _, fh = s3_lines(FH_BUCKET)
    assert len(by_id(fh)) == len(fh) == n


def test_retried_batch_does_not_duplicate_records(resources: None) -> None:
    """Auditing the same messages again (a retried batch) adds no record anywhere."""
    rec = AwsRecorder(retry=FAST)
    g = guard(rec)
    for _ in range(2):  # twice before the flush
        for i in range(10):
            g.protect(message(i), message_id=f"m{i}")
    rec.flush()
    for i in range(10):  # and again after it, as a Pipes retry would
        g.protect(message(i), message_id=f"m{i}")
    rec.flush()
    assert len(log_records(GROUP)) == 10
    keys, s3_records = s3_lines(BUCKET)
    assert len(s3_records) == 10 and len(keys) == 1
    assert len(s3_lines(FH_BUCKET)[1]) == 10


def test_s3_object_key_is_stable_for_the_same_records(resources: None) -> None:
    """A new instance re-delivering the same records overwrites the same S3 object."""
    for _ in range(2):
        rec = AwsRecorder(retry=FAST)
        g = guard(rec)
        for i in range(5):
            g.protect(message(i), message_id=f"m{i}")
        rec.flush()
    keys, records = s3_lines(BUCKET)
    assert len(keys) == 1 and len(records) == 5


def test_huge_record_is_split_to_fit_one_log_event(resources: None) -> None:
    """A message with thousands of detections is delivered in parts, none dropped."""
    rec = AwsRecorder(retry=FAST)
    g = guard(rec)
    big = {"items": [{"memo": CANARIES[0]} for _ in range(4_000)]}
    g.protect(big, message_id="big")
    rec.flush()
    parts = log_records(GROUP)
    assert len(parts) > 1
    assert all(len(orjson.dumps(p)) <= MAX_RECORD_BYTES for p in parts)
    assert {p["dataguard"]["part"]["of"] for p in parts} == {len(parts)}
    assert sum(d["count"] for p in parts for d in p["dataIdentifiers"]) == 4_000
    assert sum(len(p["dataguard"]["detections"]) for p in parts) == 4_000
    _, s3_records = s3_lines(BUCKET)
    assert len(s3_records) == len(parts)


def test_no_raw_value_reaches_any_destination(resources: None, tmp_path: Any) -> None:
    """Canary values in messages never appear in any delivered byte."""
    path = tmp_path / "audit.jsonl"
    rec = AwsRecorder(retry=FAST)
    g = guard(MultiRecorder(rec, JsonLinesRecorder(path)))
    for i in range(5):
        g.protect(orjson.dumps(message(i)), message_id=f"m{i}")
    rec.flush()
    g.recorder.flush()
    logs = boto3.client("logs")
    for page in logs.get_paginator("filter_log_events").paginate(logGroupName=GROUP):
        for e in page["events"]:
            assert_no_canary(e["message"])
    s3 = boto3.client("s3")
    for bucket in (BUCKET, FH_BUCKET):
        for obj in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            assert_no_canary(s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read())
    assert_no_canary(path.read_bytes())
    assert len(path.read_bytes().splitlines()) == 5


def test_json_lines_file_writes_each_record_once(tmp_path: Any) -> None:
    """The local JSON Lines recorder appends one line per record, deduplicated until flushed."""
    path = tmp_path / "sub" / "audit.jsonl"
    rec = JsonLinesRecorder(path)
    g = guard(rec)
    for _ in range(2):
        g.protect(message(1), message_id="m1")
    g.protect({"clean": True}, message_id="m2")
    rec.flush()
    lines = [orjson.loads(x) for x in path.read_bytes().splitlines()]
    assert [r["messageId"] for r in lines] == ["m1", "m2"]
