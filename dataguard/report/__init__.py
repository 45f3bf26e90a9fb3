"""Findings reports: read records from files, S3 or CloudWatch Logs as a stream, aggregate
them with flat memory, render HTML (inline charts), Markdown or JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .aggregate import SCHEMA, Aggregator, policy_summary
from .render import render_html, render_json, render_markdown
from .sources import Progress, SourceError, iter_lines, iter_records

__all__ = [
    "SCHEMA",
    "Aggregator",
    "Progress",
    "SourceError",
    "build_report",
    "render_html",
    "render_json",
    "render_markdown",
]


def build_report(
    sources: Iterable[str],
    *,
    policy: Any = None,
    title: str | None = None,
    top: int = 20,
    since: str | None = None,
    until: str | None = None,
    dedupe_window: int = 200_000,
    progress: Progress | None = None,
    session: Any = None,
) -> dict[str, Any]:
    """Read every source once and return the report data (see ``Aggregator.result``).

    ``policy`` (a loaded Policy) adds the policy document to "policy in force". ``since`` and
    ``until`` are ISO 8601 prefixes compared with ``auditTimestamp`` (``until`` exclusive).
    Raises SourceError when a source cannot be read.
    """
    sources = list(sources)
    agg = Aggregator(top=max(top, 1000), dedupe_window=dedupe_window, since=since, until=until)
    lines = iter_lines(
        sources,
        progress=progress,
        start_ms=_ms(since),
        end_ms=_ms(until),
        session=session,
    )
    try:
        agg.add_all(iter_records(lines, agg.invalid_line, progress))
    finally:
        if progress is not None:
            progress.close()
    return agg.result(
        top=top,
        sources=sources,
        policy=policy_summary(policy) if policy is not None else None,
        title=title,
    )


def _ms(iso: str | None) -> int | None:
    if not iso:
        return None
    from datetime import UTC, datetime

    text = iso.rstrip("Z")
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1000)
