"""What sinks deliver: encoded records with their idempotency key, and size-bounded batching."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pending:
    """One encoded record (part) waiting for delivery.

    ``key`` is the idempotency key (``record_key``), ``data`` the compact JSON without newline,
    ``ts_ms`` when it was recorded, ``date`` the ``dt=`` partition (UTC ``YYYY-MM-DD``).
    """

    key: str
    data: bytes
    ts_ms: int
    date: str

    def __repr__(self) -> str:  # never show record text
        return f"Pending({self.key!r}, {len(self.data)} bytes)"


def batches(
    items: Iterable[Pending],
    *,
    max_count: int,
    max_bytes: int,
    overhead: int = 0,
    max_span_ms: int | None = None,
) -> Iterator[list[Pending]]:
    """Greedy batches under a count, a byte budget (``len(data) + overhead`` each) and,
    optionally, a time span between the first and last item (items must be time-ordered)."""
    batch: list[Pending] = []
    size = 0
    for item in items:
        cost = len(item.data) + overhead
        if batch and (
            len(batch) >= max_count
            or size + cost > max_bytes
            or (max_span_ms is not None and item.ts_ms - batch[0].ts_ms > max_span_ms)
        ):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += cost
    if batch:
        yield batch


def describe(items: Sequence[Pending]) -> str:
    return f"{len(items)} record(s)"
