"""Tests for audit sampling: SampleRate percent of messages, decided per message id."""

from __future__ import annotations

import math
import random
import uuid
import warnings
from typing import Any

import pytest

from dataguard.audit import MemoryRecorder
from dataguard.engine import Guard, sampled


def policy(rate: int) -> dict[str, Any]:
    return {
        "Name": "sampling",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "audit",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": ["CanaryId"],
                "Operation": {
                    "Audit": {
                        "SampleRate": str(rate),
                        "FindingsDestination": {"S3": {"Bucket": "findings-bucket"}},
                        "NoFindingsDestination": {"S3": {"Bucket": "clean-bucket"}},
                    }
                },
            }
        ],
        "Configuration": {
            "CustomDataIdentifier": [{"Name": "CanaryId", "Regex": "CANARY-[0-9]{6}"}]
        },
    }


def ids(n: int, seed: int) -> list[str]:
    """Message ids that look like SNS/SQS ones, seeded so the test is deterministic."""
    rng = random.Random(seed)
    return [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n)]


def within(observed: int, n: int, rate: int, sigmas: float = 4.5) -> bool:
    p = rate / 100
    return abs(observed / n - p) <= sigmas * math.sqrt(p * (1 - p) / n) + 1e-9


@pytest.mark.parametrize("rate", [1, 10, 50, 99])
def test_sampled_fraction_is_within_statistical_bounds(rate: int) -> None:
    """Over 20,000 random message ids the sampled share is SampleRate% within 4.5 sigma."""
    n = 20_000
    hits = sum(sampled(i, rate) for i in ids(n, seed=rate))
    assert within(hits, n, rate)


def test_sample_rate_zero_audits_nothing() -> None:
    """SampleRate 0 records no message."""
    assert not any(sampled(i, 0) for i in ids(2_000, seed=0))


def test_sampling_decision_is_the_same_on_retry() -> None:
    """The same message id is always sampled the same way, so retries agree."""
    some = ids(500, seed=7)
    assert [sampled(i, 37) for i in some] == [sampled(i, 37) for i in some]


@pytest.mark.parametrize("with_findings", [True, False])
def test_guard_records_sample_rate_percent_of_messages(with_findings: bool) -> None:
    """The engine records about SampleRate% of messages, with and without findings."""
    rec = MemoryRecorder()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = Guard(policy(25), recorder=rec)
    n = 4_000
    body = {"note": "CANARY-123456"} if with_findings else {"note": "clean"}
    for mid in ids(n, seed=int(with_findings)):
        g.protect(body, message_id=mid)
    assert within(len(rec.records), n, 25)
    assert all(bool(r["dataIdentifiers"]) is with_findings for r in rec.records)
