"""Guard end to end: decode, scan, decide, act, as SNS message data protection does."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

from dataguard import Guard, PolicyError, load_policy
from dataguard.audit.recorder import MemoryRecorder

ARN = "arn:aws:dataprotection::aws:data-identifier/"
EMAIL = "jane.doe@example.org"
SSN = "123-45-6789"


def policy(*statements: dict[str, Any], custom: list[dict[str, str]] | None = None) -> dict:
    doc: dict[str, Any] = {
        "Name": "test",
        "Version": "2021-06-01",
        "Statement": list(statements),
    }
    if custom:
        doc["Configuration"] = {"CustomDataIdentifier": custom}
    return doc


def st(
    op: dict[str, Any],
    *ids: str,
    direction: str = "Inbound",
    principal: list[str] | None = None,
    sid: str = "s",
) -> dict:
    return {
        "Sid": sid,
        "DataDirection": direction,
        "Principal": principal or ["*"],
        "DataIdentifier": [ARN + i for i in ids],
        "Operation": op,
    }


MASK = {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "#"}}}
REDACT = {"Deidentify": {"RedactConfig": {}}}
DENY = {"Deny": {}}
AUDIT = {"Audit": {"SampleRate": 99, "FindingsDestination": {"S3": {"Bucket": "audit-bucket"}}}}


def test_sns_mask_example() -> None:
    """SNS docs: `ssn: 123-45-6789` masked with # becomes `ssn: ###########`."""
    guard = Guard(policy(st(MASK, "Ssn-US")))
    v = guard.protect("ssn: 123-45-6789")
    assert v.message == "ssn: ###########"
    assert not v.blocked
    assert [f.identifier for f in v.findings] == ["Ssn-US"]


def test_sns_redact_example() -> None:
    """SNS docs: `ssn: 123-45-6789` redacted becomes `ssn: `."""
    guard = Guard(policy(st(REDACT, "Ssn-US")))
    assert guard.protect("ssn: 123-45-6789").message == "ssn: "


def test_deny_blocks_and_names_sid_not_value() -> None:
    """A Deny statement blocks; the reason names the Sid and identifier, never the value."""
    guard = Guard(policy(st(DENY, "EmailAddress", sid="no-email")))
    v = guard.protect({"customer": {"email": EMAIL}})
    assert v.blocked and v.sid == "no-email"
    assert "EmailAddress" in (v.reason or "")
    assert EMAIL not in (v.reason or "") and EMAIL not in repr(v)


def test_deny_wins_over_deidentify() -> None:
    """When Deny and Deidentify both match, the message is blocked and left unchanged."""
    guard = Guard(policy(st(MASK, "EmailAddress", sid="m"), st(DENY, "EmailAddress", sid="d")))
    msg = {"email": EMAIL}
    v = guard.protect(msg)
    assert v.blocked and v.message is msg and "Deidentify" not in v.actions


def test_result_keeps_the_input_type() -> None:
    """dict in, dict out; str in, str out; bytes in, bytes out."""
    guard = Guard(policy(st(MASK, "EmailAddress")))
    doc = {"a": f"mail {EMAIL}"}
    assert guard.protect(doc).message == {"a": "mail " + "#" * len(EMAIL)}
    assert isinstance(guard.protect(orjson.dumps(doc).decode()).message, str)
    out = guard.protect(orjson.dumps(doc)).message
    assert isinstance(out, bytes) and EMAIL.encode() not in out


def test_input_dict_is_not_mutated() -> None:
    """Protecting a dict returns a new document; the caller's object is untouched."""
    guard = Guard(policy(st(MASK, "EmailAddress")))
    doc = {"a": {"b": EMAIL}}
    guard.protect(doc)
    assert doc == {"a": {"b": EMAIL}}


def test_clean_message_is_returned_unchanged() -> None:
    """Nothing found: the very same object comes back."""
    guard = Guard(policy(st(MASK, "EmailAddress")))
    raw = b'{"order": "ORD-1", "total": 12.5}'
    v = guard.protect(raw)
    assert v.message is raw and v.findings == () and v.actions == ()


def test_sqs_body_with_sns_envelope_is_opened_and_reencoded() -> None:
    """An SNS envelope inside an SQS body is scanned and stays a JSON string."""
    inner = {"customer": {"email": EMAIL}}
    envelope = {"Type": "Notification", "Message": orjson.dumps(inner).decode()}
    event = {"Records": [{"messageId": "m1", "body": orjson.dumps(envelope).decode()}]}
    guard = Guard(policy(st(MASK, "EmailAddress")))
    v = guard.protect(event)
    assert [f.path for f in v.findings] == ["$.Records[0].body>$.Message>$.customer.email"]
    body = v.message["Records"][0]["body"]
    assert isinstance(body, str)
    assert orjson.loads(orjson.loads(body)["Message"]) == {"customer": {"email": "#" * len(EMAIL)}}


def test_kinesis_base64_is_opened_and_stays_base64() -> None:
    """Base64 of JSON is scanned and re-encoded as base64."""
    data = base64.b64encode(orjson.dumps({"email": EMAIL})).decode()
    event = {"Records": [{"kinesis": {"data": data}}]}
    guard = Guard(policy(st(REDACT, "EmailAddress")))
    v = guard.protect(event)
    assert v.findings[0].path == "$.Records[0].kinesis.data>$.email"
    out = v.message["Records"][0]["kinesis"]["data"]
    assert orjson.loads(base64.b64decode(out)) == {"email": ""}


def test_findings_carry_offsets_in_the_decoded_value() -> None:
    """start/end index the decoded string at the finding's path."""
    guard = Guard(policy(st(AUDIT, "EmailAddress")))
    text = f"contact {EMAIL} today"
    (f,) = guard.scan({"note": text})
    assert (f.path, text[f.start : f.end]) == ("$.note", EMAIL)


def test_statements_apply_by_direction_and_principal() -> None:
    """Statements apply only to their direction and listed principals."""
    alice = "arn:aws:iam::111122223333:role/alice"
    guard = Guard(
        policy(
            st(DENY, "EmailAddress", direction="Outbound", principal=[alice], sid="out"),
        )
    )
    msg = {"email": EMAIL}
    assert not guard.protect(msg, "Inbound").blocked
    assert not guard.protect(msg, "Outbound", "arn:aws:iam::111122223333:role/bob").blocked
    assert guard.protect(msg, "Outbound", alice).blocked


def test_audit_builds_sns_format_record() -> None:
    """Audit records carry SNS's fields plus dataguard's paths, never the value."""
    rec = MemoryRecorder()
    guard = Guard(policy(st(AUDIT, "EmailAddress", sid="aud")), recorder=rec, resource_arn="arn:t")
    v = guard.protect({"a": EMAIL, "b": [EMAIL]}, message_id="msg-1", principal="arn:p")
    (record,) = rec.records
    assert record is v.audit_record
    assert set(record) >= {"messageId", "auditTimestamp", "callerPrincipal", "resourceArn"}
    assert record["messageId"] == "msg-1" and record["callerPrincipal"] == "arn:p"
    assert record["dataIdentifiers"] == [
        {"name": "EmailAddress", "count": 2, "detections": [{"start": 0, "end": 20}] * 2}
    ]
    assert [d["path"] for d in record["dataguard"]["detections"]] == ["$.a", "$.b[0]"]
    assert EMAIL not in orjson.dumps(record).decode()


def test_sample_rate_zero_audits_nothing() -> None:
    """SampleRate 0 records no message."""
    rec = MemoryRecorder()
    op = {"Audit": {"SampleRate": 0, "FindingsDestination": {"S3": {"Bucket": "audit-bucket"}}}}
    guard = Guard(policy(st(op, "EmailAddress")), recorder=rec)
    for i in range(50):
        guard.protect({"a": EMAIL}, message_id=str(i))
    assert rec.records == []


def test_sample_rate_samples_about_that_share() -> None:
    """SampleRate 50 audits about half of the messages (deterministic by message id)."""
    rec = MemoryRecorder()
    op = {"Audit": {"SampleRate": 50, "FindingsDestination": {"S3": {"Bucket": "audit-bucket"}}}}
    guard = Guard(policy(st(op, "EmailAddress")), recorder=rec)
    for i in range(2000):
        guard.protect({"a": EMAIL}, message_id=f"m-{i}")
    assert 850 <= len(rec.records) <= 1150


def test_malformed_json_fails_closed_with_location() -> None:
    """Undecodable input is blocked with a reason naming where, not what."""
    guard = Guard(policy(st(MASK, "EmailAddress")))
    v = guard.protect(b'{"a": "' + EMAIL.encode() + b'",,}')
    assert v.blocked and v.error is not None
    assert "line 1" in (v.reason or "") and "fails closed" in (v.reason or "")
    assert EMAIL not in (v.reason or "")


def test_invalid_utf8_fails_closed_with_offset() -> None:
    """Invalid UTF-8 is blocked and the byte offset named."""
    guard = Guard(policy(st(MASK, "EmailAddress")))
    v = guard.protect(b'{"a": "\xff"}')
    assert v.blocked and "byte offset 7" in (v.reason or "")


def test_oversized_payload_fails_closed() -> None:
    """A payload over the limit is blocked, never passed unscanned."""
    guard = Guard(policy(st(MASK, "EmailAddress")), max_payload_bytes=100)
    v = guard.protect(b'{"a": "' + b"x" * 200 + b'"}')
    assert v.blocked and "exceeds the limit" in (v.reason or "")


def test_deep_nesting_fails_closed_with_path() -> None:
    """Nesting beyond max_depth is blocked with the path where it happened."""
    guard = Guard(policy(st(MASK, "EmailAddress")), max_depth=5)
    doc: Any = EMAIL
    for _ in range(10):
        doc = {"k": doc}
    v = guard.protect(doc)
    assert v.blocked and "$.k.k.k.k.k" in (v.reason or "")


def test_failure_mode_raise_raises() -> None:
    """With failure_mode='raise' a payload error raises instead of blocking."""
    from dataguard import PayloadError

    guard = Guard(policy(st(MASK, "EmailAddress")), failure_mode="raise")
    with pytest.raises(PayloadError):
        guard.protect(b"\xff")


def test_unexpected_scanner_failure_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error blocks the message and says it failed closed."""
    guard = Guard(policy(st(MASK, "EmailAddress")))

    def boom(*_: Any, **__: Any) -> Any:
        raise RuntimeError(EMAIL)

    monkeypatch.setattr(guard, "_scan", boom)
    v = guard.protect({"a": EMAIL})
    assert v.blocked and "fails closed" in (v.reason or "") and EMAIL not in (v.reason or "")


def test_custom_identifier_masks() -> None:
    """A custom identifier from Configuration is detected and masked."""
    doc = policy(
        {**st(MASK, "EmailAddress"), "DataIdentifier": ["EmployeeId"]},
        custom=[{"Name": "EmployeeId", "Regex": "EID-[0-9]{6}"}],
    )
    v = Guard(doc).protect({"note": "by EID-123456 ok"})
    assert v.message == {"note": "by ########## ok"}


def test_entire_message_sensitive_is_refused() -> None:
    """SNS refuses a message that is nothing but sensitive data."""
    v = Guard(policy(st(REDACT, "EmailAddress"))).protect(EMAIL)
    assert v.blocked and "entire message" in (v.reason or "")


def test_numbers_holding_identifiers_are_masked_as_strings() -> None:
    """A card number stored as a JSON number is found and masked (it becomes a string)."""
    v = Guard(policy(st(MASK, "CreditCardNumber"))).protect({"card": 4556737586899855})
    assert v.message == {"card": "#" * 16}


def test_guard_accepts_loaded_policy_path_and_dict() -> None:
    """Guard takes a Policy, a dict or a path."""
    loaded = load_policy(policy(st(MASK, "EmailAddress")))
    assert Guard(loaded).policy is loaded
    assert Guard("policies/basic-pii.json").policy.name == "basic-pii"


def test_unknown_direction_is_an_error() -> None:
    """Direction must be Inbound or Outbound."""
    with pytest.raises(PolicyError):
        Guard(policy(st(MASK, "EmailAddress"))).protect({}, direction="Sideways")


def test_repr_never_shows_payload() -> None:
    """Verdict and Finding reprs hold no payload text."""
    v = Guard(policy(st(MASK, "EmailAddress"))).protect({"a": EMAIL})
    assert EMAIL not in repr(v) and EMAIL not in repr(v.findings)


def test_outbound_deidentify_per_subscriber_with_extension() -> None:
    """With the outbound_deidentify extension, one subscriber gets a masked copy."""
    alice = "arn:aws:iam::111122223333:role/alice"
    doc = policy(st(MASK, "EmailAddress", direction="Outbound", principal=[alice]))
    doc["Configuration"] = {"dataguard": {"outbound_deidentify": True}}
    guard = Guard(doc)
    msg = {"email": EMAIL}
    assert guard.protect(msg, "Outbound", alice).message == {"email": "#" * len(EMAIL)}
    assert guard.protect(msg, "Outbound", "arn:aws:iam::111122223333:role/bob").message is msg


def test_outbound_deidentify_without_extension_is_rejected_as_sns_does() -> None:
    """SNS allows De-identify on inbound messages only; so does a plain policy here."""
    with pytest.raises(PolicyError, match="inbound messages only"):
        load_policy(policy(st(MASK, "EmailAddress", direction="Outbound")))


def test_unserializable_documents_fail_closed_without_quoting_content() -> None:
    """A lone surrogate or a set in a dict blocks the message; the reason quotes nothing."""
    guard = Guard(policy(st(MASK, "EmailAddress")))
    v = guard.protect({"a": "\ud800x9"})
    assert v.blocked and "lone surrogate" in (v.reason or "") and "x9" not in (v.reason or "")
    v = guard.protect({"a": {1, 2}})
    assert v.blocked and "not JSON-serializable" in (v.reason or "")


def test_verdicts_and_findings_built_on_the_fast_path_are_complete_dataclasses() -> None:
    """``_protect`` and ``findings_of`` skip the frozen dataclasses' ``__init__``: every field
    must still be set, and the objects compare, hash and print like constructed ones."""
    import dataclasses

    from dataguard import Verdict
    from dataguard.findings import Finding, new_finding

    guard = Guard(policy(st(MASK, "Ssn-US")))
    verdict = guard.protect(b'{"ssn": "123-45-6789"}', message_id="m-1")
    names = {f.name for f in dataclasses.fields(Verdict)}
    assert set(vars(verdict)) == names
    rebuilt = Verdict(**{n: getattr(verdict, n) for n in names})
    assert verdict == rebuilt and repr(verdict) == repr(rebuilt)
    assert verdict.findings and all(type(f) is Finding for f in verdict.findings)
    clean = guard.protect(b'{"ssn": "none given"}', message_id="m-2")  # the no-findings path
    assert set(vars(clean)) == names
    assert clean == Verdict(False, b'{"ssn": "none given"}', message_id="m-2")
    assert repr(clean) == repr(Verdict(False, b"", message_id="m-2"))

    made = new_finding("Ssn-US", "$.ssn", 0, 11, 0.9)
    assert made == Finding("Ssn-US", "$.ssn", 0, 11, 0.9)
    assert hash(made) == hash(Finding("Ssn-US", "$.ssn", 0, 11, 0.9))
    assert [getattr(made, f.name) for f in dataclasses.fields(Finding)] == [
        "Ssn-US",
        "$.ssn",
        0,
        11,
        0.9,
    ]
