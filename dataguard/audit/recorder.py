"""Where findings records go. The engine only calls ``record``; sinks decide delivery.

AWS destinations (CloudWatch Logs, Firehose, S3) live in their own modules and follow the same
protocol; these two are the pure-Python ones used in tests, the CLI and local runs.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import orjson

from ..errors import AuditDeliveryError
from ..policy.model import FindingsDestination
from .records import record_key


@runtime_checkable
class Recorder(Protocol):
    def record(
        self, record: dict[str, Any], *, has_findings: bool, destination: FindingsDestination | None
    ) -> None:
        """Accept one findings record (``has_findings`` False for NoFindingsDestination)."""

    def flush(self) -> None:
        """Deliver everything buffered; raise if a destination stays down."""


class MemoryRecorder:
    """Keeps records in a list; thread-safe."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def record(
        self, record: dict[str, Any], *, has_findings: bool, destination: FindingsDestination | None
    ) -> None:
        with self._lock:
            self.records.append(record)

    def flush(self) -> None:
        return None

    def __repr__(self) -> str:
        return f"MemoryRecorder({len(self.records)} records)"


class JsonLinesRecorder:
    """Appends one JSON object per line to a local file (flushed on ``flush``).

    Every record is written whatever its destination (a local mirror of the audit trail).
    Records are keyed by their idempotency key until flushed, so re-auditing a message before
    the flush writes it once. A failed write keeps the buffer and raises AuditDeliveryError.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._buffer: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def record(
        self, record: dict[str, Any], *, has_findings: bool, destination: FindingsDestination | None
    ) -> None:
        line = orjson.dumps(record) + b"\n"
        with self._lock:
            self._buffer[record_key(record)] = line

    def flush(self) -> None:
        with self._lock:
            if not self._buffer:
                return
            data = b"".join(self._buffer.values())
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("ab") as fh:
                    fh.write(data)
                    fh.flush()
            except OSError as exc:
                raise AuditDeliveryError(
                    [f"file:{self.path}"], len(self._buffer), type(exc).__name__
                ) from None
            self._buffer.clear()

    def __repr__(self) -> str:
        return f"JsonLinesRecorder({str(self.path)!r})"
