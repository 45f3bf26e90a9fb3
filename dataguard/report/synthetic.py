"""Synthetic findings records for tests, benchmarks and the sample report.

Records are built with ``build_findings_record`` from made-up Findings (offsets and paths
only), so they have the exact shape the sinks write and contain no payload text at all.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from ..audit.records import build_findings_record
from ..findings import Finding

IDENTIFIERS = (
    ("EmailAddress", ("$.customer.email", "$.contacts[{i}].email", "$.Records[{i}].body>$.email")),
    ("CreditCardNumber", ("$.payment.card.number", "$.detail>$.card")),
    ("PhoneNumber-US", ("$.customer.phone", "$.contacts[{i}].phone")),
    ("IpAddress", ("$.request.sourceIp",)),
    ("AwsSecretKey", ("$.config.credentials.secret",)),
    ("Ssn-US", ("$.applicant.ssn",)),
)
PRINCIPALS = tuple(
    f"arn:aws:iam::123456789012:role/{name}"
    for name in ("orders-api", "billing-worker", "crm-sync", "support-portal", "etl-nightly")
)
RESOURCES = tuple(
    f"arn:aws:sns:eu-west-1:123456789012:{name}"
    for name in ("orders", "payments", "customers", "audit-events")
)


def generate(
    n: int, *, seed: int = 0, start: datetime | None = None, span_hours: int = 72
) -> Iterator[dict[str, Any]]:
    """``n`` records spread over ``span_hours``; ~35% with findings, a few blocked."""
    rng = random.Random(seed)
    start = start or datetime(2024, 5, 1, tzinfo=UTC)
    step = span_hours * 3600 / max(n, 1)
    for i in range(n):
        findings: list[Finding] = []
        if rng.random() < 0.35:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                name, paths = IDENTIFIERS[min(int(rng.expovariate(0.9)), len(IDENTIFIERS) - 1)]
                path = rng.choice(paths).format(i=rng.randrange(5))
                s = rng.randrange(0, 40)
                findings.append(Finding(name, path, s, s + rng.randrange(8, 30)))
        blocked = any(f.identifier in ("AwsSecretKey", "Ssn-US") for f in findings)
        actions = ["Deny"] if blocked else (["Deidentify"] if findings else [])
        yield build_findings_record(
            message_id=f"{seed:04x}-{i:012d}",
            findings=findings,
            caller_principal=PRINCIPALS[min(int(rng.expovariate(0.7)), len(PRINCIPALS) - 1)],
            resource_arn=rng.choice(RESOURCES),
            direction="Outbound" if rng.random() < 0.2 else "Inbound",
            policy_name="basic-pii",
            statement_sid="audit-basic-pii",
            actions=[*actions, "Audit"],
            blocked=blocked,
            timestamp=start + timedelta(seconds=i * step),
        )
