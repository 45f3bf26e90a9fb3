"""A validated data protection policy as frozen dataclasses (the SNS DataProtectionPolicy).

Produced only by ``dataguard.policy.load_policy``; everything here is immutable and safe to
share between threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Direction = Literal["Inbound", "Outbound"]
OperationKind = Literal["Audit", "Deidentify", "Deny"]


@dataclass(frozen=True)
class FindingsDestination:
    """Where Audit sends findings records; each part is None when not configured."""

    cloudwatch_log_group: str | None = None
    firehose_delivery_stream: str | None = None
    s3_bucket: str | None = None


@dataclass(frozen=True)
class AuditOperation:
    sample_rate: int  # percent of messages audited, 0-99 as SNS allows
    findings_destination: FindingsDestination | None = None
    no_findings_destination: FindingsDestination | None = None


@dataclass(frozen=True)
class DeidentifyOperation:
    """Exactly one of mask or redact. ``mask_character`` is None for redact."""

    mode: Literal["mask", "redact"]
    mask_character: str | None = None


@dataclass(frozen=True)
class Statement:
    sid: str | None
    direction: Direction
    principals: tuple[str, ...]  # "*" means everyone
    identifiers: tuple[str, ...]  # managed names (ARN suffix) and custom names
    operation: OperationKind
    audit: AuditOperation | None = None
    deidentify: DeidentifyOperation | None = None
    index: int = 0  # position in the policy's Statement list
    pointer: str = ""  # JSON pointer of the statement, for errors and records

    def applies_to(self, direction: str, principal: str) -> bool:
        if self.direction != direction:
            return False
        return "*" in self.principals or principal in self.principals


@dataclass(frozen=True)
class CustomIdentifier:
    name: str
    regex: str


@dataclass(frozen=True)
class Policy:
    name: str | None
    description: str | None
    version: str
    statements: tuple[Statement, ...]
    custom_identifiers: tuple[CustomIdentifier, ...] = ()
    # the `Configuration.dataguard` extension block, validated, as a plain mapping
    extensions: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # identifiers named by the policy that the catalogue cannot detect yet
    undetectable: tuple[str, ...] = ()
    source: str | None = None  # file path when loaded from one
    document: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Every identifier any statement names, in first-seen order."""
        seen: dict[str, None] = {}
        for st in self.statements:
            for name in st.identifiers:
                seen.setdefault(name, None)
        return tuple(seen)

    def statements_for(self, direction: str, principal: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.applies_to(direction, principal))
