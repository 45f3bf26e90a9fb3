"""S3 destination: JSON Lines objects under ``PREFIX/dt=YYYY-MM-DD/``, ready for Athena.

The object key is a hash of the idempotency keys it holds, so a retried flush (or a retried
Pipes batch auditing the same messages) overwrites the same object instead of adding a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from ..errors import AuditDeliveryError
from .batch import Pending, batches
from .retry import RetryPolicy, call_with_retry, error_code

DEFAULT_PREFIX = "dataguard/findings/"
MAX_OBJECT_RECORDS = 50_000
MAX_OBJECT_BYTES = 64 * 1024 * 1024


def object_key(prefix: str, date: str, items: Sequence[Pending]) -> str:
    digest = hashlib.sha256("\n".join(sorted(p.key for p in items)).encode()).hexdigest()[:40]
    return f"{prefix}dt={date}/{digest}.jsonl"


class S3Sink:
    """Delivers records to one bucket, one object per (day, chunk)."""

    def __init__(
        self,
        bucket: str,
        client: Any,
        *,
        prefix: str = DEFAULT_PREFIX,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.bucket = bucket
        self.client = client
        self.prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
        self.retry = retry or RetryPolicy()
        self.name = f"s3:{bucket}"

    def deliver(self, items: Sequence[Pending]) -> None:
        """Write every item or raise AuditDeliveryError."""
        ordered = sorted(items, key=lambda p: (p.date, p.key))
        for date, group in groupby(ordered, key=lambda p: p.date):
            for chunk in batches(
                group, max_count=MAX_OBJECT_RECORDS, max_bytes=MAX_OBJECT_BYTES, overhead=1
            ):
                self._put(date, chunk)

    def _put(self, date: str, chunk: list[Pending]) -> None:
        key = object_key(self.prefix, date, chunk)
        body = b"".join(p.data + b"\n" for p in chunk)
        try:
            call_with_retry(
                lambda: self.client.put_object(
                    Bucket=self.bucket,
                    Key=key,
                    Body=body,
                    ContentType="application/x-ndjson",
                ),
                self.retry,
            )
        except Exception as exc:
            raise AuditDeliveryError([self.name], len(chunk), error_code(exc)) from None

    def __repr__(self) -> str:
        return f"S3Sink({self.bucket!r}, prefix={self.prefix!r})"
