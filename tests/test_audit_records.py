"""Tests for dataguard.audit.records: the SNS findings format, idempotency keys, splitting."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from dataguard.audit.records import (
    build_findings_record,
    record_date,
    record_id,
    record_key,
    split_record,
)
from dataguard.findings import Finding

FINDINGS = (
    Finding("EmailAddress", "$.customer.email", 0, 17),
    Finding("CreditCardNumber", "$.Records[0].body>$.card", 4, 23),
    Finding("EmailAddress", "$.cc[1]", 2, 19),
)


def make(**kw: object) -> dict[str, object]:
    args: dict[str, object] = {
        "message_id": "5f1c-1",
        "findings": FINDINGS,
        "caller_principal": "arn:aws:iam::123456789012:role/app",
        "resource_arn": "arn:aws:sns:us-east-1:123456789012:orders",
        "direction": "Inbound",
        "policy_name": "pii",
        "statement_sid": "audit-all",
        "actions": ["Deidentify"],
        "timestamp": datetime(2024, 5, 1, 12, 30, 5, tzinfo=UTC),
    }
    args.update(kw)
    return build_findings_record(**args)  # type: ignore[arg-type]


def test_record_has_the_sns_fields_in_order_and_dataguard_apart() -> None:
    """The SNS audit fields come first, unchanged; dataguard's additions sit under one key."""
    r = make()
    assert list(r) == [
        "messageId",
        "auditTimestamp",
        "callerPrincipal",
        "resourceArn",
        "dataIdentifiers",
        "dataguard",
    ]
    assert r["auditTimestamp"] == "2024-05-01T12:30:05Z"
    assert r["dataIdentifiers"] == [
        {
            "name": "EmailAddress",
            "count": 2,
            "detections": [{"start": 0, "end": 17}, {"start": 2, "end": 19}],
        },
        {"name": "CreditCardNumber", "count": 1, "detections": [{"start": 4, "end": 23}]},
    ]
    dg = r["dataguard"]
    assert dg["policyName"] == "pii" and dg["statementSid"] == "audit-all"
    assert dg["direction"] == "Inbound" and dg["actions"] == ["Deidentify"]
    assert [d["path"] for d in dg["detections"]] == [f.path for f in FINDINGS]


def test_record_id_is_stable_per_message_policy_and_direction() -> None:
    """Re-auditing the same message gives the same key; another policy or direction does not."""
    a = make(timestamp=datetime(2024, 5, 1, tzinfo=UTC))
    b = make(timestamp=datetime(2024, 5, 2, tzinfo=UTC))
    assert record_key(a) == record_key(b) == record_id("5f1c-1", "pii", "Inbound")
    assert record_key(make(policy_name="other")) != record_key(a)
    assert record_key(make(direction="Outbound")) != record_key(a)


def test_record_key_of_an_sns_written_record_is_derived_from_its_fields() -> None:
    """Records SNS wrote itself (no dataguard block) still get a stable key."""
    r = make()
    del r["dataguard"]
    assert record_key(r) == record_key(dict(r)) and len(record_key(r)) == 32


def test_record_date_is_the_utc_day_of_the_audit_timestamp() -> None:
    """The S3 partition comes from auditTimestamp; nonsense gives None."""
    assert record_date(make()) == "2024-05-01"
    assert record_date({"auditTimestamp": "yesterday"}) is None
    assert record_date({}) is None


def test_split_record_keeps_every_detection_and_fits_the_limit() -> None:
    """A record over the limit becomes parts that each fit and together hold every detection."""
    many = tuple(Finding("EmailAddress", f"$.items[{i}].email", 0, 20) for i in range(3_000))
    r = make(findings=many)
    limit = 20_000
    parts = split_record(r, limit)
    assert len(parts) > 1
    assert all(len(orjson.dumps(p)) <= limit for p in parts)
    assert sum(p["dataIdentifiers"][0]["count"] for p in parts) == 3_000
    paths = [d["path"] for p in parts for d in p["dataguard"]["detections"]]
    assert paths == [f.path for f in many]
    assert [p["dataguard"]["part"] for p in parts] == [
        {"index": i, "of": len(parts)} for i in range(len(parts))
    ]
    assert len({record_key(p) for p in parts}) == len(parts)
    assert all(p["messageId"] == r["messageId"] for p in parts)


def test_split_record_leaves_small_records_alone() -> None:
    """A record within the limit is returned as is, with no part marker."""
    r = make()
    assert split_record(r, 10_000) == [r]


def test_split_record_refuses_what_cannot_be_split() -> None:
    """A record too big with a single detection is an error, never silently truncated."""
    r = make(findings=(Finding("X", "$." + "k" * 500, 0, 1),))
    with pytest.raises(ValueError):
        split_record(r, 200)
