"""CloudWatch Logs destination: one log stream per function instance, PutLogEvents batches.

PutLogEvents limits (AWS API reference): at most 10,000 events and 1,048,576 bytes per call,
counted as each message's UTF-8 size plus 26 bytes; events in chronological order; one call may
not span more than 24 hours; one event at most 256 KiB (records are split to fit, see
``records.split_record``). Sequence tokens are no longer needed.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError

from ..errors import AuditDeliveryError
from .batch import Pending, batches
from .retry import RetryPolicy, call_with_retry, error_code

MAX_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD = 26
MAX_EVENT_BYTES = 256 * 1024 - EVENT_OVERHEAD
MAX_SPAN_MS = 24 * 3600 * 1000 - 1
_STALE_MS = 13 * 24 * 3600 * 1000  # older than this would be rejected (14 days)


def default_stream_name() -> str:
    """Lambda's own stream name when running in Lambda (one per instance), else a unique one."""
    name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
    if name:
        return name
    day = datetime.now(UTC).strftime("%Y/%m/%d")
    host = "".join(c for c in socket.gethostname() if c.isalnum() or c in "-_.")[:64]
    return f"{day}/dataguard/{host or 'host'}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


class CloudWatchLogsSink:
    """Delivers records to one log group; thread-compatible (the recorder serialises flushes)."""

    def __init__(
        self,
        log_group: str,
        client: Any,
        *,
        stream_name: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.log_group = log_group
        self.client = client
        self.stream_name = stream_name or default_stream_name()
        self.retry = retry or RetryPolicy()
        self._stream_ready = False
        self.name = f"cloudwatch:{log_group}"

    def deliver(self, items: Sequence[Pending]) -> None:
        """Send every item or raise AuditDeliveryError (nothing is skipped)."""
        now = int(time.time() * 1000)
        ordered = sorted(items, key=lambda p: p.ts_ms)
        # Events older than ~14 days are rejected; restamp them (the record keeps its own time).
        ordered = [p if now - p.ts_ms < _STALE_MS else _restamp(p, now) for p in ordered]
        ordered.sort(key=lambda p: p.ts_ms)
        for batch in batches(
            ordered,
            max_count=MAX_EVENTS,
            max_bytes=MAX_BATCH_BYTES,
            overhead=EVENT_OVERHEAD,
            max_span_ms=MAX_SPAN_MS,
        ):
            self._put(batch)

    def _put(self, batch: list[Pending]) -> None:
        try:
            self._ensure_stream()
            resp = call_with_retry(lambda: self._call(batch), self.retry)
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException" and self._stream_ready:
                self._stream_ready = False  # stream deleted under us: recreate once
                try:
                    self._ensure_stream()
                    resp = call_with_retry(lambda: self._call(batch), self.retry)
                except Exception as again:
                    raise self._error(len(batch), again) from None
            else:
                raise self._error(len(batch), exc) from None
        except Exception as exc:
            raise self._error(len(batch), exc) from None
        rejected = resp.get("rejectedLogEventsInfo") or {}
        if rejected:
            self._resend_rejected(batch, rejected)

    def _resend_rejected(self, batch: list[Pending], info: dict[str, Any]) -> None:
        """Events rejected for their timestamp are restamped with now and sent once more."""
        bad: set[int] = set()
        if "tooNewLogEventStartIndex" in info:
            bad.update(range(int(info["tooNewLogEventStartIndex"]), len(batch)))
        for k in ("tooOldLogEventEndIndex", "expiredLogEventEndIndex"):
            if k in info:
                bad.update(range(int(info[k]) + 1))
        if not bad:
            return
        now = int(time.time() * 1000)
        again = [_restamp(batch[i], now) for i in sorted(bad)]
        try:
            resp = call_with_retry(lambda: self._call(again), self.retry)
        except Exception as exc:
            raise self._error(len(again), exc) from None
        if resp.get("rejectedLogEventsInfo"):
            raise AuditDeliveryError([self.name], len(again), "events rejected by CloudWatch Logs")

    def _call(self, batch: list[Pending]) -> dict[str, Any]:
        result: dict[str, Any] = self.client.put_log_events(
            logGroupName=self.log_group,
            logStreamName=self.stream_name,
            logEvents=[{"timestamp": p.ts_ms, "message": p.data.decode()} for p in batch],
        )
        return result

    def _ensure_stream(self) -> None:
        if self._stream_ready:
            return

        def create() -> None:
            try:
                self.client.create_log_stream(
                    logGroupName=self.log_group, logStreamName=self.stream_name
                )
            except ClientError as exc:
                if error_code(exc) != "ResourceAlreadyExistsException":
                    raise

        call_with_retry(create, self.retry)
        self._stream_ready = True

    def _error(self, count: int, exc: BaseException) -> AuditDeliveryError:
        return AuditDeliveryError([self.name], count, error_code(exc))

    def __repr__(self) -> str:
        return f"CloudWatchLogsSink({self.log_group!r}, stream={self.stream_name!r})"


def _restamp(p: Pending, ts_ms: int) -> Pending:
    return Pending(p.key, p.data, ts_ms, p.date)
