"""EventBridge Pipes enrichment handler: every source shape, order, encoding, drops, config."""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import json
import logging
from pathlib import Path
from typing import Any

import boto3
import pytest

from dataguard import Guard
from dataguard.audit.recorder import MemoryRecorder
from dataguard.errors import DataguardError, PayloadError
from dataguard.integrations import pipes
from dataguard.integrations.powertools import Telemetry
from dataguard.integrations.sources import sqs_md5_of_attributes

EVENTS = Path(__file__).parent / "events"
EMAIL = "jane.doe@example.com"
SECRET = "SECRET-123456"


@pytest.fixture(autouse=True)
def _audit_every_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """SampleRate 99 skips 1 message in 100 at random ids; these tests count records, so
    every message with a non-zero rate is audited (sampling is tested in test_audit_sampling)."""
    monkeypatch.setattr("dataguard.engine.sampled", lambda message_id, rate: rate > 0)


def policy(audit: bool = True) -> dict[str, Any]:
    """Deny a custom SecretCode, mask EmailAddress with '#', audit both (shared fixture)."""
    doc = json.loads((EVENTS / "policy-integrations.json").read_text())
    if not audit:
        doc["Statement"] = [s for s in doc["Statement"] if "Audit" not in s["Operation"]]
    return doc


def load(name: str) -> Any:
    return json.loads((EVENTS / name).read_text())


def enricher(**kw: Any) -> tuple[pipes.PipesEnricher, MemoryRecorder, io.StringIO]:
    rec = MemoryRecorder()
    emf = io.StringIO()
    h = pipes.make_handler(
        Guard(policy(), recorder=rec), telemetry=Telemetry("pipes", stream=emf), **kw
    )
    return h, rec, emf


def b64d(s: str) -> str:
    return base64.b64decode(s).decode()


SOURCES = {
    "pipes-sqs.json": ("messageId", lambda r: r["body"]),
    "pipes-kinesis.json": ("eventID", lambda r: b64d(r["data"])),
    "pipes-dynamodb.json": ("eventID", lambda r: json.dumps(r["dynamodb"])),
    "pipes-activemq.json": ("messageID", lambda r: b64d(r["data"])),
    "pipes-rabbitmq.json": ("basicProperties", lambda r: b64d(r["data"])),
    "pipes-msk.json": ("offset", lambda r: b64d(r["value"])),
    "pipes-kafka.json": ("offset", lambda r: b64d(r["value"])),
}


@pytest.mark.parametrize("fixture", sorted(SOURCES))
def test_source_shape_order_encoding_and_drop(fixture: str) -> None:
    """Each source: denied record dropped, others kept in order, same keys, payload masked and
    re-encoded as it came, the clean record unchanged byte for byte."""
    key, payload = SOURCES[fixture]
    batch = load(fixture)
    h, rec, _ = enricher()
    out = h(copy.deepcopy(batch), None)
    ident = (lambda r: r[key]["messageId"]) if key == "basicProperties" else (lambda r: r[key])
    assert [ident(r) for r in out] == [ident(batch[0]), ident(batch[2])]
    assert out[1] == batch[2]
    assert set(out[0]) == set(batch[0])
    text = payload(out[0])
    assert EMAIL not in text and "#" * len(EMAIL) in text
    assert EMAIL not in json.dumps(out)
    assert SECRET not in json.dumps(out)
    assert any(r["dataguard"]["blocked"] for r in rec.records)


def test_transformed_items_are_protected_whole() -> None:
    """Items reshaped by an input transformer (any JSON, even a bare string) are protected as-is."""
    batch = load("pipes-transformed.json")
    h, _, _ = enricher()
    out = h(batch, None)
    assert out == [
        {"orderId": "o-1001", "email": "#" * len(EMAIL), "source": "input-transformer"},
        "Order o-1003 shipped",
    ]


def test_sqs_checksums_follow_the_new_body_and_attributes() -> None:
    """md5OfBody and md5OfMessageAttributes are recomputed for a changed SQS record."""
    h, _, _ = enricher()
    out = h(load("pipes-sqs.json"), None)[0]
    assert out["md5OfBody"] == hashlib.md5(out["body"].encode()).hexdigest()
    assert out["messageAttributes"]["contact"]["stringValue"] == "#" * len(EMAIL)
    assert out["messageAttributes"]["priority"]["stringValue"] == "1"
    assert out["md5OfMessageAttributes"] == sqs_md5_of_attributes(out["messageAttributes"])


def test_sqs_attribute_md5_matches_sqs() -> None:
    """The attribute checksum is the one SQS itself computes (known AWS value)."""
    attrs = {"Attr": {"dataType": "String", "stringValue": "value"}}
    raw = (
        b"".join(len(x).to_bytes(4, "big") + x for x in (b"Attr", b"String"))
        + b"\x01"
        + (5).to_bytes(4, "big")
        + b"value"
    )
    assert sqs_md5_of_attributes(attrs) == hashlib.md5(raw).hexdigest()


def test_dynamodb_types_survive() -> None:
    """DynamoDB-typed images keep their types; only the sensitive strings change."""
    h, _, _ = enricher()
    out = h(load("pipes-dynamodb.json"), None)[0]["dynamodb"]["NewImage"]
    assert out["Email"] == {"S": "#" * len(EMAIL)}
    assert out["Id"] == {"N": "101"}
    assert out["Tags"] == {"SS": ["vip", "new"]}
    profile = out["Profile"]["M"]
    assert profile["contacts"] == {"L": [{"S": "backup " + "#" * len(EMAIL)}]}
    assert profile["active"] == {"BOOL": True} and profile["nickname"] == {"NULL": True}


def test_headers_and_keys_are_protected() -> None:
    """Kafka keys and byte-array headers, RabbitMQ headers: masked and re-encoded as bytes."""
    h, _, _ = enricher()
    kafka = h(load("pipes-msk.json"), None)[0]
    assert b64d(kafka["key"]) == "#" * len(EMAIL)
    assert bytes(kafka["headers"][1]["replyTo"]).decode() == "#" * len(EMAIL)
    assert bytes(kafka["headers"][0]["headerKey"]).decode() == "headerValue"
    rmq = h(load("pipes-rabbitmq.json"), None)[0]["basicProperties"]["headers"]
    assert bytes(rmq["replyEmail"]["bytes"]).decode() == "#" * len(EMAIL)
    assert rmq["numberInHeader"] == 10


def test_undecodable_payload_is_dropped_not_passed() -> None:
    """Bad base64 or non-UTF-8 data fails closed: the record is dropped, the rest go on."""
    batch = load("pipes-kinesis.json")
    batch[0]["data"] = "!!not base64!!"
    batch[2]["data"] = base64.b64encode(b"\xff\xfe\x00binary").decode()
    h, _, _ = enricher()
    assert h(batch, None) == []


def test_failure_mode_raise_propagates() -> None:
    """With failure_mode=raise an undecodable record raises, so Pipes retries the batch."""
    batch = load("pipes-kinesis.json")
    batch[0]["data"] = "!!not base64!!"
    h = pipes.make_handler(Guard(policy(), failure_mode="raise"))
    with pytest.raises(PayloadError):
        h(batch, None)


def test_body_filter_drops_non_matching() -> None:
    """A MessageBody filter policy keeps only the records it matches (after protection)."""
    h, _, emf = enricher(filter_policy={"orderId": ["o-1001"]}, filter_scope="MessageBody")
    out = h(load("pipes-kinesis.json"), None)
    assert len(out) == 1 and json.loads(b64d(out[0]["data"]))["orderId"] == "o-1001"
    assert '"MessagesFilteredOut":1' in emf.getvalue()


def test_attribute_filter_on_sqs_message_attributes() -> None:
    """A MessageAttributes filter policy matches SQS message attributes."""
    h, _, _ = enricher(filter_policy={"priority": [{"numeric": [">", 0]}]})
    out = h(load("pipes-sqs.json"), None)
    assert [r["messageId"] for r in out] == ["059f36b4-87a3-44ab-83d2-661975830a7d"]


class FailingRecorder(MemoryRecorder):
    def flush(self) -> None:
        raise DataguardError("audit destination down")


def test_audit_delivery_failure_raises() -> None:
    """An audit destination that stays down fails the batch (Pipes retries it)."""
    h = pipes.make_handler(Guard(policy(), recorder=FailingRecorder()))
    with pytest.raises(DataguardError):
        h(load("pipes-sqs.json"), None)


def test_response_over_six_megabytes_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """A response over the Pipes payload limit raises instead of being truncated."""
    monkeypatch.setattr(pipes, "MAX_RESPONSE_BYTES", 100)
    h, _, _ = enricher()
    with pytest.raises(PayloadError):
        h(load("pipes-sqs.json"), None)


def test_env_handler_builds_guard_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``handler`` reads DATAGUARD_* once and reuses the compiled guard across calls."""
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy(audit=False)))
    monkeypatch.setenv("DATAGUARD_POLICY", str(path))
    monkeypatch.setenv("DATAGUARD_FILTER_POLICY", '{"orderId": ["o-1001", "o-1003"]}')
    monkeypatch.setenv("DATAGUARD_FILTER_SCOPE", "MessageBody")
    pipes.reset()
    try:
        out = pipes.handler(load("pipes-sqs.json"), None)
        assert len(out) == 1
        first = pipes.default_enricher().guard
        pipes.handler(load("pipes-kinesis.json"), None)
        assert pipes.default_enricher().guard is first
    finally:
        pipes.reset()


def test_ssm_policy_is_cached_and_followed(aws: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ``ssm:`` policy is fetched through Powertools Parameters and recompiled on change."""
    ssm = boto3.client("ssm")
    ssm.put_parameter(Name="/dataguard/policy", Value=json.dumps(policy(False)), Type="String")
    monkeypatch.setenv("DATAGUARD_POLICY", "ssm:/dataguard/policy")
    monkeypatch.setenv("DATAGUARD_POLICY_MAX_AGE", "0")
    pipes.reset()
    try:
        pipes.handler(load("pipes-sqs.json"), None)
        first = pipes.default_enricher().guard
        assert pipes.default_enricher().guard is first  # same text: no recompile
        changed = policy(False)
        changed["Statement"] = changed["Statement"][:1]
        ssm.put_parameter(
            Name="/dataguard/policy", Value=json.dumps(changed), Type="String", Overwrite=True
        )
        out = pipes.handler(load("pipes-sqs.json"), None)
        assert EMAIL in out[0]["body"]  # masking statement removed upstream
    finally:
        pipes.reset()


def test_appconfig_policy_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """``appconfig:app/env/profile`` goes through Powertools get_app_config with caching."""
    from aws_lambda_powertools.utilities import parameters

    calls: list[dict[str, Any]] = []

    def fake(**kw: Any) -> bytes:
        calls.append(kw)
        return json.dumps(policy(False)).encode()

    monkeypatch.setattr(parameters, "get_app_config", fake)
    h = pipes.make_handler("appconfig:shop/prod/dataguard")
    assert h(load("pipes-transformed.json"), None)[0]["email"] == "#" * len(EMAIL)
    assert calls[0]["application"] == "shop" and calls[0]["environment"] == "prod"
    assert calls[0]["name"] == "dataguard" and calls[0]["max_age"] == 300


def test_canary_no_raw_value_in_logs_or_metrics(caplog: pytest.LogCaptureFixture) -> None:
    """Logs and EMF metrics carry identifier names and counts, never a raw value."""
    h, _, emf = enricher()
    with caplog.at_level(logging.DEBUG):
        for fixture in SOURCES:
            h(load(fixture), None)
    logged = caplog.text + json.dumps([getattr(r, "dataguard", None) for r in caplog.records])
    assert "dropped a denied record" in caplog.text
    assert "SecretCode" in logged
    metrics = emf.getvalue()
    assert '"MessagesBlocked"' in metrics and '"DataIdentifier":"EmailAddress"' in metrics
    for raw in (EMAIL, SECRET, "jane.doe"):
        assert raw not in logged
        assert raw not in metrics


def test_sns_envelope_inside_sqs_body_is_opened() -> None:
    """SNS -> SQS -> Pipe: the message inside the SNS envelope inside the body is masked and
    the envelope is re-encoded around it."""
    h, _, _ = enricher(filter_policy={"event": ["order_placed"]})
    (out,) = h(load("sqs-with-sns.json"), None)
    envelope = json.loads(out["body"])
    assert json.loads(envelope["Message"])["customer"]["email"] == "#" * len(EMAIL)
    assert envelope["TopicArn"].endswith(":orders")
