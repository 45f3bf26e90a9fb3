"""Canary values never escape: not in logs, errors, reprs, verdict summaries or records."""

from __future__ import annotations

import logging

import orjson
import pytest

from dataguard import Guard
from dataguard.audit.recorder import MemoryRecorder

ARN = "arn:aws:dataprotection::aws:data-identifier/"
CANARY_EMAIL = "canary.9f1c@example.org"
CANARY_SSN = "531-44-8093"
CANARY_CARD = "4556737586899855"


def _policy(op: dict) -> dict:
    return {
        "Name": "canary",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "s",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [ARN + "EmailAddress", ARN + "Ssn-US", ARN + "CreditCardNumber"],
                "Operation": op,
            },
            {
                "Sid": "a",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [ARN + "EmailAddress", ARN + "Ssn-US", ARN + "CreditCardNumber"],
                "Operation": {
                    "Audit": {
                        "SampleRate": 99,
                        "FindingsDestination": {"S3": {"Bucket": "audit-b"}},
                    }
                },
            },
        ],
    }


MESSAGES = [
    {"email": CANARY_EMAIL, "ssn": CANARY_SSN, "card": CANARY_CARD},
    b'{"email": "' + CANARY_EMAIL.encode() + b'", broken',
    b'{"ssn": "' + CANARY_SSN.encode() + b'", "x": "\xff"}',
    "ssn " + CANARY_SSN,
]


@pytest.mark.parametrize("op", [{"Deny": {}}, {"Deidentify": {"RedactConfig": {}}}])
@pytest.mark.parametrize("message", MESSAGES)
def test_canaries_do_not_escape(
    op: dict, message: object, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing dataguard emits about a message contains the message's PII."""
    caplog.set_level(logging.DEBUG)
    rec = MemoryRecorder()
    v = Guard(_policy(op), recorder=rec).protect(message, message_id="m")
    emitted = " ".join(
        [
            repr(v),
            str(v.reason),
            str(v.error),
            repr(v.error),
            orjson.dumps(v.to_dict()).decode(),
            orjson.dumps(rec.records).decode(),
            caplog.text,
        ]
    )
    for canary in (CANARY_EMAIL, CANARY_SSN, CANARY_CARD):
        assert canary not in emitted
    if not v.blocked:
        out = v.message if isinstance(v.message, str) else orjson.dumps(v.message).decode()
        assert CANARY_EMAIL not in out and CANARY_SSN not in out
