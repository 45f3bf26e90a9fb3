"""Build findings records exactly as SNS wrote them, plus dataguard's own keys.

The SNS part (messageId, auditTimestamp, callerPrincipal, resourceArn,
dataIdentifiers[{name, count, detections[{start, end}]}]) is unchanged so existing queries keep
working; dataguard's additions live under the ``dataguard`` key. No raw value ever goes in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from ..findings import Finding


def audit_timestamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_findings_record(
    *,
    message_id: str,
    findings: Sequence[Finding],
    caller_principal: str = "*",
    resource_arn: str | None = None,
    direction: str = "Inbound",
    policy_name: str | None = None,
    statement_sid: str | None = None,
    actions: Sequence[str] = (),
    blocked: bool = False,
    timestamp: datetime | None = None,
) -> dict[str, Any]:
    """One record per audited message; clean messages get an empty ``dataIdentifiers``."""
    by_name: dict[str, list[Finding]] = {}
    for f in findings:
        by_name.setdefault(f.identifier, []).append(f)
    data_identifiers = [
        {
            "name": name,
            "count": len(items),
            "detections": [{"start": f.start, "end": f.end} for f in items],
        }
        for name, items in by_name.items()
    ]
    return {
        "messageId": message_id,
        "auditTimestamp": audit_timestamp(timestamp),
        "callerPrincipal": caller_principal,
        "resourceArn": resource_arn or "",
        "dataIdentifiers": data_identifiers,
        "dataguard": {
            "policyName": policy_name,
            "statementSid": statement_sid,
            "direction": direction,
            "actions": list(actions),
            "blocked": blocked,
            "recordId": record_id(message_id, policy_name, direction),
            "detections": [
                {"name": f.identifier, "path": f.path, "start": f.start, "end": f.end}
                for f in findings
            ],
        },
    }


def record_id(message_id: str, policy_name: str | None, direction: str) -> str:
    """Idempotency key: the same message audited by the same policy twice is one record."""
    raw = f"{message_id}\x1f{policy_name or ''}\x1f{direction}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def record_key(record: dict[str, Any]) -> str:
    """The idempotency key of a record (part): ``recordId`` plus ``#i`` for split parts.

    Records written by SNS itself carry no ``dataguard`` block; their key is derived from the
    fields SNS guarantees, so reports can still drop duplicates.
    """
    dg = record.get("dataguard")
    if isinstance(dg, dict) and isinstance(dg.get("recordId"), str):
        part = dg.get("part")
        if isinstance(part, dict) and isinstance(part.get("index"), int):
            return f"{dg['recordId']}#{part['index']}"
        return dg["recordId"]
    fields = (record.get("messageId"), record.get("resourceArn"), record.get("auditTimestamp"))
    return hashlib.sha256("\x1f".join(map(str, fields)).encode()).hexdigest()[:32]


def record_date(record: dict[str, Any]) -> str | None:
    """``YYYY-MM-DD`` of ``auditTimestamp`` (the S3 ``dt=`` partition), None when unreadable."""
    ts = record.get("auditTimestamp")
    if isinstance(ts, str) and len(ts) >= 10 and ts[4] == "-" and ts[7] == "-":
        day = ts[:10]
        if day[:4].isdigit() and day[5:7].isdigit() and day[8:10].isdigit():
            return day
    return None


def split_record(record: dict[str, Any], max_bytes: int) -> list[dict[str, Any]]:
    """Split a record whose JSON exceeds ``max_bytes`` into parts that each fit.

    Destinations cap one event (CloudWatch Logs 256 KiB, Firehose 1,000 KiB); a message with
    thousands of detections must still be audited, never dropped. Each part keeps the SNS shape
    with a subset of the detections (``count`` is the part's own), and carries
    ``dataguard.part = {"index": i, "of": n}``; summing parts gives the message's totals.
    Raises ValueError when even one detection per part does not fit (a dataguard bug).
    """
    if len(orjson.dumps(record)) <= max_bytes:
        return [record]
    dg = record.get("dataguard")
    detections = dg.get("detections") if isinstance(dg, dict) else None
    if not isinstance(detections, list) or len(detections) < 2:
        raise ValueError("findings record too large to deliver and cannot be split")
    size = max(1, len(detections) // 2)
    while True:
        chunks = [detections[i : i + size] for i in range(0, len(detections), size)]
        parts = [_part(record, chunk, i, len(chunks)) for i, chunk in enumerate(chunks)]
        if all(len(orjson.dumps(p)) <= max_bytes for p in parts):
            return parts
        if size == 1:
            raise ValueError("findings record too large to deliver even one detection per part")
        size = max(1, size // 2)


def _part(
    record: dict[str, Any], chunk: list[dict[str, Any]], index: int, of: int
) -> dict[str, Any]:
    by_name: dict[str, list[dict[str, Any]]] = {}
    for d in chunk:
        by_name.setdefault(str(d.get("name")), []).append(d)
    part = dict(record)
    part["dataIdentifiers"] = [
        {
            "name": name,
            "count": len(items),
            "detections": [{"start": d.get("start"), "end": d.get("end")} for d in items],
        }
        for name, items in by_name.items()
    ]
    dg = dict(record["dataguard"])
    dg["detections"] = chunk
    dg["part"] = {"index": index, "of": of}
    part["dataguard"] = dg
    return part
