"""Tests for dataguard.audit under faults: throttling, 5xx, Firehose partial failures and a
destination that stays down, injected by an HTTP proxy in front of the moto server (and by
stopping the moto server mid-run)."""

from __future__ import annotations

import base64
import http.client
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import orjson
import pytest

from dataguard.audit import AwsRecorder, MemoryRecorder, MultiRecorder
from dataguard.audit.retry import RetryPolicy
from dataguard.engine import Guard
from dataguard.errors import AuditDeliveryError, DataguardError

GROUP = "/aws/vendedlogs/dataguard-faults"
STREAM = "dataguard-faults"
BUCKET = "dataguard-faults"
FH_BUCKET = "dataguard-faults-firehose"
CANARY = "CANARY-271828"
FAST = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05, deadline=5)

POLICY = {
    "Name": "faults",
    "Version": "2021-06-01",
    "Statement": [
        {
            "Sid": "audit",
            "DataDirection": "Inbound",
            "Principal": ["*"],
            "DataIdentifier": ["CanaryId"],
            "Operation": {
                "Audit": {
                    "SampleRate": "99",
                    "FindingsDestination": {
                        "CloudWatchLogs": {"LogGroup": GROUP},
                        "Firehose": {"DeliveryStream": STREAM},
                        "S3": {"Bucket": BUCKET},
                    },
                }
            },
        }
    ],
    "Configuration": {"CustomDataIdentifier": [{"Name": "CanaryId", "Regex": "CANARY-[0-9]{6}"}]},
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def target(self) -> str:
        return self.headers.get("x-amz-target", "")


Response = tuple[int, dict[str, str], bytes]


@dataclass
class Rule:
    """Applies ``action`` to the next ``times`` requests that ``match``."""

    match: Callable[[Request], bool]
    action: Callable[[Request, Callable[[Request], Response]], Response]
    times: int = 1_000_000
    hits: int = 0


@dataclass
class FaultProxy:
    """A forwarding proxy to moto that can answer with errors or alter requests."""

    upstream_port: int
    rules: list[Rule] = field(default_factory=list)
    seen: list[Request] = field(default_factory=list)

    def start(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # answers botocore's "Expect: 100-continue" at once

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                req = Request(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                proxy.seen.append(req)
                status, headers, data = proxy.handle(req)
                self.send_response(status)
                for k, v in headers.items():
                    if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, req: Request) -> Response:
        for rule in self.rules:
            if rule.hits < rule.times and rule.match(req):
                rule.hits += 1
                return rule.action(req, self.forward)
        return self.forward(req)

    def forward(self, req: Request) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
        headers = {k: v for k, v in req.headers.items() if k not in _HOP}
        headers["Content-Length"] = str(len(req.body))
        conn.request(req.method, req.path, body=req.body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        out = dict(resp.getheaders())
        conn.close()
        return resp.status, out, data

    def count(self, pred: Callable[[Request], bool]) -> int:
        return sum(1 for r in self.seen if pred(r))


_HOP = ("content-length", "host", "expect", "connection", "transfer-encoding")


def json_error(status: int, code: str) -> Callable[[Request, Any], Response]:
    body = orjson.dumps({"__type": code, "message": "injected by test"})
    return lambda req, fwd: (status, {"Content-Type": "application/x-amz-json-1.1"}, body)


def s3_error(status: int, code: str) -> Callable[[Request, Any], Response]:
    body = f"<Error><Code>{code}</Code><Message>injected</Message></Error>".encode()
    return lambda req, fwd: (status, {"Content-Type": "application/xml"}, body)


def is_put_log_events(r: Request) -> bool:
    return r.target.endswith(".PutLogEvents")


def is_put_record_batch(r: Request) -> bool:
    return r.target.endswith(".PutRecordBatch")


def is_s3_put(r: Request) -> bool:
    return r.method == "PUT" and r.path.startswith(f"/{BUCKET}/")


def setup_resources() -> None:
    boto3.client("logs").create_log_group(logGroupName=GROUP)
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.create_bucket(Bucket=FH_BUCKET)
    boto3.client("firehose").create_delivery_stream(
        DeliveryStreamName=STREAM,
        ExtendedS3DestinationConfiguration={
            "RoleARN": "arn:aws:iam::123456789012:role/firehose",
            "BucketARN": f"arn:aws:s3:::{FH_BUCKET}",
        },
    )


@pytest.fixture()
def proxy(aws: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultProxy]:
    """Resources in moto, and AWS_ENDPOINT_URL pointing at a fault proxy in front of it."""
    setup_resources()
    p = FaultProxy(aws.port)
    p.start()
    monkeypatch.setenv("AWS_ENDPOINT_URL", p.url)
    yield p
    p.stop()


def make_guard(recorder: Any) -> Guard:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Guard(POLICY, recorder=recorder)


def audit(n: int, **kw: Any) -> tuple[AwsRecorder, MemoryRecorder, Guard]:
    rec = AwsRecorder(retry=kw.pop("retry", FAST), **kw)
    mem = MemoryRecorder()
    g = make_guard(MultiRecorder(rec, mem))
    for i in range(n):
        g.protect({"note": f"see {CANARY}", "i": i}, message_id=f"m{i}")
    return rec, mem, g


def log_ids() -> list[str]:
    out = []
    for page in (
        boto3.client("logs").get_paginator("filter_log_events").paginate(logGroupName=GROUP)
    ):
        out.extend(orjson.loads(e["message"])["messageId"] for e in page["events"])
    return out


def s3_ids(bucket: str) -> list[str]:
    s3 = boto3.client("s3")
    out = []
    for obj in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
        out.extend(orjson.loads(line)["messageId"] for line in body.splitlines())
    return out


def test_throttled_put_log_events_is_retried_and_delivered_once(proxy: FaultProxy) -> None:
    """ThrottlingException three times, then success: every record arrives exactly once."""
    proxy.rules.append(Rule(is_put_log_events, json_error(400, "ThrottlingException"), times=3))
    rec, mem, _ = audit(30)
    rec.flush()
    assert proxy.count(is_put_log_events) == 4
    assert sorted(log_ids()) == sorted(r["messageId"] for r in mem.records)


def test_s3_5xx_is_retried_and_written_once(proxy: FaultProxy) -> None:
    """S3 answering 503 SlowDown and 500 InternalError is retried; one object results."""
    proxy.rules.append(Rule(is_s3_put, s3_error(503, "SlowDown"), times=1))
    proxy.rules.append(Rule(is_s3_put, s3_error(500, "InternalError"), times=1))
    rec, mem, _ = audit(10)
    rec.flush()
    assert proxy.count(is_s3_put) == 3
    assert sorted(s3_ids(BUCKET)) == sorted(r["messageId"] for r in mem.records)


def drop_every_other_record(req: Request, forward: Callable[[Request], Response]) -> Response:
    """Forward only the even entries; answer the odd ones with ServiceUnavailableException."""
    doc = orjson.loads(req.body)
    records = doc["Records"]
    doc["Records"] = records[::2]
    status, headers, data = forward(Request(req.method, req.path, req.headers, orjson.dumps(doc)))
    accepted = iter(orjson.loads(data)["RequestResponses"])
    responses = [
        next(accepted)
        if i % 2 == 0
        else {"ErrorCode": "ServiceUnavailableException", "ErrorMessage": "injected"}
        for i in range(len(records))
    ]
    body = {"FailedPutCount": len(records) // 2, "Encrypted": False, "RequestResponses": responses}
    return status, headers, orjson.dumps(body)


def test_firehose_partial_failure_retries_only_failed_entries(proxy: FaultProxy) -> None:
    """After FailedPutCount > 0 only the failed entries are sent again; no record twice."""
    proxy.rules.append(Rule(is_put_record_batch, drop_every_other_record, times=1))
    rec, mem, _ = audit(41)
    n = len(mem.records)
    rec.flush()
    batches = [orjson.loads(r.body)["Records"] for r in proxy.seen if is_put_record_batch(r)]
    assert [len(b) for b in batches] == [n, n // 2]
    first, second = batches
    assert [x["Data"] for x in second] == [x["Data"] for x in first[1::2]]
    delivered = s3_ids(FH_BUCKET)
    assert sorted(delivered) == sorted(r["messageId"] for r in mem.records)
    assert len(set(delivered)) == len(delivered)
    decoded = [orjson.loads(base64.b64decode(x["Data"])) for x in first]
    assert all(CANARY not in orjson.dumps(d).decode() for d in decoded)


def test_destination_that_stays_down_raises_and_keeps_its_records(proxy: FaultProxy) -> None:
    """Firehose down: flush raises AuditDeliveryError naming it, the others are delivered,
    and once it is back the kept records are delivered with no duplicates elsewhere."""
    rule = Rule(is_put_record_batch, json_error(503, "ServiceUnavailableException"))
    proxy.rules.append(rule)
    rec, mem, g = audit(12)
    n = len(mem.records)
    with pytest.raises(AuditDeliveryError) as info:
        rec.flush()
    err = info.value
    assert isinstance(err, DataguardError)
    assert err.destinations == (f"firehose:{STREAM}",)
    assert err.pending == n and err.reason == "ServiceUnavailableException"
    assert CANARY not in str(err) and CANARY not in repr(err)
    assert len(log_ids()) == n and len(s3_ids(BUCKET)) == n and s3_ids(FH_BUCKET) == []
    # The batch is retried (same messages audited again) after the destination recovers.
    rule.times = 0
    for i in range(12):
        g.protect({"note": f"see {CANARY}", "i": i}, message_id=f"m{i}")
    rec.flush()
    assert rec.pending == 0
    assert len(log_ids()) == n and len(s3_ids(BUCKET)) == n
    assert sorted(s3_ids(FH_BUCKET)) == sorted(r["messageId"] for r in mem.records[:n])


def test_non_retryable_error_fails_without_retrying(proxy: FaultProxy) -> None:
    """A missing log group is reported at once (ResourceNotFoundException), not retried."""
    boto3.client("logs").delete_log_group(logGroupName=GROUP)
    rec, _, _ = audit(3, retry=RetryPolicy(max_attempts=5, base_delay=1, deadline=30))
    start = time.monotonic()
    with pytest.raises(AuditDeliveryError) as info:
        rec.flush()
    assert time.monotonic() - start < 2
    assert info.value.reason == "ResourceNotFoundException"
    assert info.value.destinations == (f"cloudwatch:{GROUP}",)


def test_moto_server_stopped_mid_run_surfaces_an_error_then_recovers(aws: Any) -> None:
    """Endpoint unreachable: flush raises after its retries; after restart all arrive once."""
    setup_resources()
    rec, mem, g = audit(5)
    rec.flush()
    for i in range(5, 10):
        g.protect({"note": f"see {CANARY}", "i": i}, message_id=f"m{i}")
    aws.stop()
    try:
        start = time.monotonic()
        with pytest.raises(AuditDeliveryError) as info:
            rec.flush()
        assert time.monotonic() - start < 10
        assert set(info.value.destinations) == {
            f"cloudwatch:{GROUP}",
            f"firehose:{STREAM}",
            f"s3:{BUCKET}",
        }
        assert info.value.pending == 3 * (len(mem.records) - 5)
    finally:
        aws.start()
    setup_resources()  # moto keeps state in memory: the restarted server is empty
    rec.flush()
    assert sorted(log_ids()) == sorted(r["messageId"] for r in mem.records[5:])
    assert sorted(s3_ids(BUCKET)) == sorted(r["messageId"] for r in mem.records[5:])


def sqs_batch(n: int) -> list[dict[str, Any]]:
    return [
        {
            "messageId": f"sqs-{i:04d}",
            "receiptHandle": "AQEB",
            "body": orjson.dumps({"note": f"code {CANARY}", "i": i}).decode(),
            "attributes": {"ApproximateReceiveCount": "1"},
            "messageAttributes": {},
            "md5OfBody": "",
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:orders",
            "awsRegion": "us-east-1",
        }
        for i in range(n)
    ]


def test_pipes_batch_fails_while_a_destination_is_down_and_retry_adds_no_duplicate(
    proxy: FaultProxy,
) -> None:
    """The Pipes enrichment raises AuditDeliveryError (the batch is retried); the retried batch
    delivers the missing records once, keyed by the SQS messageId."""
    from dataguard.integrations.pipes import make_handler

    rule = Rule(is_put_record_batch, json_error(500, "InternalFailure"))
    proxy.rules.append(rule)
    rec = AwsRecorder(retry=FAST)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        handler = make_handler(POLICY, recorder=rec)
    batch = sqs_batch(8)
    with pytest.raises(AuditDeliveryError):
        handler(batch)
    rule.times = 0
    out = handler(batch)  # Pipes retries the same batch
    assert len(out) == 8  # an Audit-only policy passes messages through
    logged = log_ids()
    assert len(logged) >= 6  # SampleRate 99
    assert len(logged) == len(set(logged)) and set(logged) <= {r["messageId"] for r in batch}
    assert sorted(s3_ids(FH_BUCKET)) == sorted(logged) == sorted(s3_ids(BUCKET))


def test_early_delivery_at_the_buffer_cap_never_fails_a_message(proxy: FaultProxy) -> None:
    """At each multiple of the cap an early delivery is tried; a destination that is down does
    not make ``record`` raise (the message would be failed closed), ``flush`` reports it."""
    proxy.rules.append(Rule(is_put_record_batch, json_error(503, "ServiceUnavailableException")))
    rec = AwsRecorder(retry=FAST, max_buffered=5)
    mem = MemoryRecorder()
    g = make_guard(MultiRecorder(rec, mem))
    verdicts = [g.protect({"note": f"see {CANARY}"}, message_id=f"m{i}") for i in range(23)]
    assert not any(v.blocked for v in verdicts)
    n = len(mem.records)
    assert len(log_ids()) == n - n % 5  # delivered early, before any flush
    with pytest.raises(AuditDeliveryError) as info:
        rec.flush()
    assert info.value.destinations == (f"firehose:{STREAM}",)
    assert rec.pending == n and len(log_ids()) == n


def test_unconfigured_aws_is_an_audit_delivery_error_naming_the_destination(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """No region for an audit destination: flush raises AuditDeliveryError (not a raw botocore
    error) naming the destination and what to configure; the record stays buffered."""
    from dataguard.policy.model import FindingsDestination

    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="y")
    assert session.region_name is None
    rec = AwsRecorder(session=session, retry=FAST)
    dest = FindingsDestination(cloudwatch_log_group="/aws/vendedlogs/local")
    record = {"messageId": "m", "dataguard": {"recordId": "r1"}}
    rec.record(record, has_findings=True, destination=dest)
    with pytest.raises(AuditDeliveryError) as err:
        rec.flush()
    assert err.value.destinations == ("cloudwatch:/aws/vendedlogs/local",)
    assert "AWS_REGION" in str(err.value) and err.value.pending == 1
