"""``AwsRecorder``: routes findings records to the policy's destinations through boto3.

Each record goes to every destination of the FindingsDestination (or NoFindingsDestination)
the engine passes with it: CloudWatch Logs, Firehose, S3. Records are buffered per destination
and keyed by their idempotency key (``record_key``), so the same message audited twice by the
same policy is one record. ``flush()`` delivers everything, retrying throttling and 5xx with
backoff; a destination still down afterwards keeps its records buffered and ``flush`` raises
``AuditDeliveryError`` so the integration fails the invocation (Pipes retries the batch).
Keys already delivered by this instance are remembered (bounded), so a retried batch does not
send them twice.

Thread-safe: ``record`` may be called from many threads; flushes are serialised.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import orjson
from botocore.config import Config
from botocore.exceptions import BotoCoreError

from ..errors import AuditDeliveryError
from ..policy.model import FindingsDestination
from .batch import Pending
from .cloudwatch import MAX_EVENT_BYTES, CloudWatchLogsSink
from .recorder import JsonLinesRecorder, Recorder
from .records import record_date, record_key, split_record
from .retry import RetryPolicy, make_client
from .s3 import DEFAULT_PREFIX, S3Sink

#: Every record is split to fit the smallest destination limit (one CloudWatch Logs event), so
#: all destinations hold the same records.
MAX_RECORD_BYTES = MAX_EVENT_BYTES


_DESTINATION_KINDS = {"logs": "cloudwatch", "firehose": "firehose", "s3": "s3"}


class Sink(Protocol):
    name: str

    def deliver(self, items: Sequence[Pending]) -> None: ...


class AwsRecorder:
    """Buffers records per destination and delivers them on ``flush``.

    ``session`` (a boto3 Session) and ``client_config`` (a botocore Config, merged over ours)
    control how clients are made; ``clients`` maps ``"logs"``/``"firehose"``/``"s3"`` to ready
    clients (tests, custom endpoints). Each time a destination's buffer reaches a multiple of
    ``max_buffered`` records an early delivery is tried. ``record`` never raises (the engine
    would fail the message closed); a destination that stays down is reported by ``flush``,
    which every integration calls per invocation, so the buffer is bounded by one batch.
    """

    def __init__(
        self,
        *,
        session: Any = None,
        client_config: Config | None = None,
        clients: dict[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        s3_prefix: str = DEFAULT_PREFIX,
        log_stream_name: str | None = None,
        max_buffered: int = 50_000,
        remember_delivered: int = 100_000,
    ) -> None:
        self._session = session
        self._client_config = client_config
        self._clients: dict[str, Any] = dict(clients or {})
        self.retry = retry or RetryPolicy()
        self.s3_prefix = s3_prefix
        self.log_stream_name = log_stream_name
        self.max_buffered = max_buffered
        self._remember = remember_delivered
        self._sinks: dict[tuple[str, str], Sink] = {}
        self._buffers: dict[tuple[str, str], OrderedDict[str, Pending]] = {}
        self._delivered: OrderedDict[tuple[str, str, str], None] = OrderedDict()
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()

    # -- Recorder protocol -------------------------------------------------------------------
    def record(
        self, record: dict[str, Any], *, has_findings: bool, destination: FindingsDestination | None
    ) -> None:
        """Buffer ``record`` for each destination configured; no I/O unless the buffer is full."""
        targets = _targets(destination)
        if not targets:
            return
        items = encode(record)
        full: list[tuple[str, str]] = []
        with self._lock:
            for target in targets:
                buf = self._buffers.setdefault(target, OrderedDict())
                for item in items:
                    if (*target, item.key) in self._delivered:
                        continue
                    buf[item.key] = item
                # Try an early delivery at each multiple of the cap, not on every record.
                if len(buf) >= self.max_buffered and len(buf) % self.max_buffered == 0:
                    full.append(target)
        for target in full:
            self._flush_targets([target], early=True)

    def flush(self) -> None:
        """Deliver everything buffered; raise AuditDeliveryError naming what stayed down."""
        with self._lock:
            targets = [t for t, b in self._buffers.items() if b]
        self._flush_targets(targets, early=False)

    # -- internals ---------------------------------------------------------------------------
    def _flush_targets(self, targets: list[tuple[str, str]], *, early: bool) -> None:
        failures: list[AuditDeliveryError] = []
        with self._flush_lock:
            for target in targets:
                with self._lock:
                    items = list(self._buffers.get(target, {}).values())
                if not items:
                    continue
                try:
                    self._sink(target).deliver(items)
                except AuditDeliveryError as exc:
                    failures.append(exc)
                    continue
                except BotoCoreError as exc:  # no region, no credentials, bad endpoint...
                    kind, name = target
                    failures.append(
                        AuditDeliveryError(
                            [f"{_DESTINATION_KINDS.get(kind, kind)}:{name}"],
                            len(items),
                            f"{type(exc).__name__} (AWS is not configured for this audit "
                            "destination: set AWS_REGION or AWS_DEFAULT_REGION, credentials, "
                            "and AWS_ENDPOINT_URL for a local endpoint)",
                        )
                    )
                    continue
                with self._lock:
                    buf = self._buffers[target]
                    for item in items:
                        buf.pop(item.key, None)
                        self._delivered[(*target, item.key)] = None
                    while len(self._delivered) > self._remember:
                        self._delivered.popitem(last=False)
        if failures and not early:
            raise AuditDeliveryError(
                [d for f in failures for d in f.destinations],
                self.pending,
                "; ".join(dict.fromkeys(f.reason for f in failures)),
            )

    @property
    def pending(self) -> int:
        """Records (per destination) not yet delivered."""
        with self._lock:
            return sum(len(b) for b in self._buffers.values())

    def _client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = make_client(service, self._session, self._client_config)
        return self._clients[service]

    def _sink(self, target: tuple[str, str]) -> Sink:
        sink = self._sinks.get(target)
        if sink is None:
            kind, name = target
            if kind == "logs":
                sink = CloudWatchLogsSink(
                    name, self._client("logs"), stream_name=self.log_stream_name, retry=self.retry
                )
            elif kind == "firehose":
                from .firehose import FirehoseSink

                sink = FirehoseSink(name, self._client("firehose"), retry=self.retry)
            else:
                sink = S3Sink(name, self._client("s3"), prefix=self.s3_prefix, retry=self.retry)
            self._sinks[target] = sink
        return sink

    def __repr__(self) -> str:
        return f"AwsRecorder({len(self._buffers)} destination(s), {self.pending} pending)"


class MultiRecorder:
    """Sends each record to several recorders (e.g. AWS plus a local JSON Lines file);
    ``flush`` flushes all of them and raises one AuditDeliveryError for all failures."""

    def __init__(self, *recorders: Recorder) -> None:
        self.recorders = tuple(recorders)

    def record(
        self, record: dict[str, Any], *, has_findings: bool, destination: FindingsDestination | None
    ) -> None:
        for r in self.recorders:
            r.record(record, has_findings=has_findings, destination=destination)

    def flush(self) -> None:
        failures: list[AuditDeliveryError] = []
        for r in self.recorders:
            try:
                r.flush()
            except AuditDeliveryError as exc:
                failures.append(exc)
        if failures:
            raise AuditDeliveryError(
                [d for f in failures for d in f.destinations],
                sum(f.pending for f in failures),
                "; ".join(f.reason for f in failures),
            )

    def __repr__(self) -> str:
        return f"MultiRecorder({', '.join(map(repr, self.recorders))})"


def build_recorder(
    audit_file: str | os.PathLike[str] | None = None, **aws_options: Any
) -> Recorder:
    """The recorder integrations use: AWS destinations from the policy, plus a local JSON Lines
    copy when ``audit_file`` is given (the integration passes ``DATAGUARD_AUDIT_FILE``)."""
    aws = AwsRecorder(**aws_options)
    if audit_file:
        return MultiRecorder(aws, JsonLinesRecorder(audit_file))
    return aws


def encode(record: dict[str, Any], *, now: Callable[[], float] = time.time) -> list[Pending]:
    """Encode a record into deliverable parts (split when over the destination limit)."""
    ts = now()
    ts_ms = int(ts * 1000)
    fallback_day = datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")
    out = []
    for part in split_record(record, MAX_RECORD_BYTES):
        out.append(
            Pending(record_key(part), orjson.dumps(part), ts_ms, record_date(part) or fallback_day)
        )
    return out


def _targets(destination: FindingsDestination | None) -> list[tuple[str, str]]:
    if destination is None:
        return []
    out = []
    if destination.cloudwatch_log_group:
        out.append(("logs", destination.cloudwatch_log_group))
    if destination.firehose_delivery_stream:
        out.append(("firehose", destination.firehose_delivery_stream))
    if destination.s3_bucket:
        out.append(("s3", destination.s3_bucket))
    return out
