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
