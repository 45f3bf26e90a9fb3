"""Amazon Data Firehose destination: PutRecordBatch, retrying only the entries that failed.

PutRecordBatch limits (AWS API reference): at most 500 records and 4 MiB per call, each record
at most 1,000 KiB before base64. A call can succeed with ``FailedPutCount > 0``; only those
entries are sent again, so records that were accepted are never duplicated by our retries.
Each record ends with a newline so the objects Firehose writes to S3 are JSON Lines.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from ..errors import AuditDeliveryError
from .batch import Pending, batches
from .retry import RetryPolicy, error_code, is_retryable

MAX_RECORDS = 500
MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024  # margin under the 4 MiB request limit
MAX_RECORD_BYTES = 1_000 * 1024 - 1  # newline added


class FirehoseSink:
    """Delivers records to one delivery stream."""

    def __init__(self, stream: str, client: Any, *, retry: RetryPolicy | None = None) -> None:
        self.stream = stream
        self.client = client
        self.retry = retry or RetryPolicy()
        self.name = f"firehose:{stream}"

    def deliver(self, items: Sequence[Pending]) -> None:
        """Send every item or raise AuditDeliveryError naming how many are still pending."""
        for batch in batches(items, max_count=MAX_RECORDS, max_bytes=MAX_BATCH_BYTES, overhead=1):
            self._put(batch)

    def _put(self, batch: list[Pending]) -> None:
        pending = list(batch)
        delays = self.retry.delays()
        start = time.monotonic()
        reason = "unknown"
        for attempt in range(self.retry.max_attempts):
            try:
                resp = self.client.put_record_batch(
                    DeliveryStreamName=self.stream,
                    Records=[{"Data": p.data + b"\n"} for p in pending],
                )
            except Exception as exc:
                reason = error_code(exc)
                if not is_retryable(exc):
                    raise AuditDeliveryError([self.name], len(pending), reason) from None
            else:
                if not resp.get("FailedPutCount"):
                    return
                results = resp.get("RequestResponses") or []
                failed = [p for p, r in zip(pending, results, strict=False) if r.get("ErrorCode")]
                codes = [r["ErrorCode"] for r in results if r.get("ErrorCode")]
                reason = codes[0] if codes else "FailedPutCount"
                # A response shorter than the request is malformed: resend what it did not cover.
                failed.extend(pending[len(results) :])
                pending = failed
            if attempt == self.retry.max_attempts - 1:
                break
            delay = delays[attempt]
            if time.monotonic() + delay - start > self.retry.deadline:
                break
            time.sleep(delay)
        raise AuditDeliveryError([self.name], len(pending), reason)

    def __repr__(self) -> str:
        return f"FirehoseSink({self.stream!r})"
