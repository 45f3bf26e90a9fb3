"""Streaming aggregation of findings records into report figures.

Memory stays flat whatever the number of records: counters keyed by something with unbounded
cardinality (principals, resources, JSON paths, statements) keep only their heaviest entries
(pruned top-k, flagged ``approximate`` once pruning happened), time is bucketed by hour, and
duplicate detection remembers a bounded window of idempotency keys. Only fields dataguard and
SNS write are read; anything else in a record is ignored, so a report never shows raw values.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..audit.records import record_key

SCHEMA = "dataguard.report/v1"
_INDEX = re.compile(r"\[\d+\]")
_HOUR = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}")


class TopK:
    """Counts per key, keeping at most ``2 * k`` keys; when over, prunes to the ``k`` heaviest.

    Exact while fewer than ``2 * k`` distinct keys are seen; afterwards counts of surviving
    heavy keys are lower bounds and ``approximate`` is True.
    """

    __slots__ = ("approximate", "counts", "k")

    def __init__(self, k: int = 1000) -> None:
        self.k = k
        self.counts: dict[Any, list[int]] = {}
        self.approximate = False

    def add(self, key: Any, *values: int) -> None:
        row = self.counts.get(key)
        if row is None:
            if len(self.counts) >= 2 * self.k:
                self._prune()
            self.counts[key] = list(values)
        else:
            for i, v in enumerate(values):
                row[i] += v

    def _prune(self) -> None:
        keep = sorted(self.counts.items(), key=lambda kv: kv[1][0], reverse=True)[: self.k]
        self.counts = dict(keep)
        self.approximate = True

    def top(self, n: int | None = None) -> list[tuple[Any, list[int]]]:
        items = sorted(self.counts.items(), key=lambda kv: (-kv[1][0], str(kv[0])))
        return items if n is None else items[:n]


class Dedupe:
    """Remembers the last ``window`` idempotency keys (as 64-bit hashes)."""

    def __init__(self, window: int = 200_000) -> None:
        self.window = window
        self._seen: set[int] = set()
        self._order: deque[int] = deque()

    def seen(self, key: str) -> bool:
        h = hash(key)
        if h in self._seen:
            return True
        if self.window <= 0:
            return False
        self._seen.add(h)
        self._order.append(h)
        if len(self._order) > self.window:
            self._seen.discard(self._order.popleft())
        return False


class Aggregator:
    """Feed records with ``add``; ``result()`` gives the report as plain JSON-able data.

    ``since``/``until`` (``YYYY-MM-DD...`` strings compared with ``auditTimestamp``) skip
    records outside the period. Not thread-safe; one per report.
    """

    def __init__(
        self,
        *,
        top: int = 1000,
        dedupe_window: int = 200_000,
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        self.since = since
        self.until = until
        self.records = 0
        self.messages = 0
        self.with_findings = 0
        self.without_findings = 0
        self.detections = 0
        self.blocked = 0
        self.duplicates = 0
        self.invalid = 0
        self.out_of_period = 0
        self.parts = 0
        self.first: str | None = None
        self.last: str | None = None
        self.identifiers: dict[str, list[int]] = {}  # name -> [messages, detections]
        self.actions: dict[str, int] = {}
        self.directions: dict[str, int] = {}
        self.policies: dict[str, int] = {}
        self.hours: dict[str, list[int]] = {}  # hour -> [messages, with findings, detections]
        self.statements = TopK(top)  # (policy, sid) -> [messages, with findings, detections]
        self.principals = TopK(top)  # -> [messages, with findings, detections]
        self.resources = TopK(top)
        self.paths = TopK(top)  # (normalised path, identifier) -> [detections]
        self._dedupe = Dedupe(dedupe_window)

    def invalid_line(self) -> None:
        self.invalid += 1

    def add_all(self, records: Iterable[Any]) -> None:
        for r in records:
            self.add(r)

    def add(self, record: Any) -> None:
        """Count one record; anything that is not an SNS findings record counts as invalid."""
        if not isinstance(record, dict) or not isinstance(record.get("dataIdentifiers"), list):
            self.invalid += 1
            return
        ts = record.get("auditTimestamp")
        ts = ts if isinstance(ts, str) else ""
        if (self.since and ts < self.since) or (self.until and ts >= self.until):
            self.out_of_period += 1
            return
        if self._dedupe.seen(record_key(record)):
            self.duplicates += 1
            return
        self.records += 1
        dg = record.get("dataguard")
        dg = dg if isinstance(dg, dict) else {}
        part = dg.get("part")
        first_part = not (isinstance(part, dict) and part.get("index", 0) != 0)
        if not first_part:
            self.parts += 1

        n_det = 0
        names: list[str] = []
        for item in record["dataIdentifiers"]:
            if not isinstance(item, dict):
                continue
            name = str(item.get("name"))
            count = item.get("count")
            if not isinstance(count, int):
                dets = item.get("detections")
                count = len(dets) if isinstance(dets, list) else 0
            n_det += count
            names.append(name)
            row = self.identifiers.setdefault(name, [0, 0])
            row[0] += 1 if first_part else 0
            row[1] += count
        has = 1 if names else 0
        msg = 1 if first_part else 0
        self.detections += n_det
        if first_part:
            self.messages += 1
            if has:
                self.with_findings += 1
            else:
                self.without_findings += 1
            if dg.get("blocked") is True:
                self.blocked += 1
            actions = dg.get("actions")
            if isinstance(actions, list):
                for a in dict.fromkeys(str(a) for a in actions):
                    self.actions[a] = self.actions.get(a, 0) + 1
            direction = str(dg.get("direction") or "unknown")
            self.directions[direction] = self.directions.get(direction, 0) + 1
            policy = str(dg.get("policyName") or "(unnamed)")
            self.policies[policy] = self.policies.get(policy, 0) + 1
        if ts:
            if self.first is None or ts < self.first:
                self.first = ts
            if self.last is None or ts > self.last:
                self.last = ts
            if _HOUR.match(ts):
                hour = self.hours.setdefault(ts[:13], [0, 0, 0])
                hour[0] += msg
                hour[1] += has * msg
                hour[2] += n_det
        self.statements.add(
            (str(dg.get("policyName") or "(unnamed)"), str(dg.get("statementSid") or "(no Sid)")),
            msg,
            has * msg,
            n_det,
        )
        self.principals.add(str(record.get("callerPrincipal") or "(none)"), msg, has * msg, n_det)
        self.resources.add(str(record.get("resourceArn") or "(none)"), msg, has * msg, n_det)
        dets = dg.get("detections")
        if isinstance(dets, list):
            for d in dets:
                if isinstance(d, dict) and isinstance(d.get("path"), str):
                    self.paths.add((normalise_path(d["path"]), str(d.get("name"))), 1)

    def result(
        self,
        *,
        top: int = 20,
        sources: Iterable[str] = (),
        policy: dict[str, Any] | None = None,
        title: str | None = None,
    ) -> dict[str, Any]:
        """The report as JSON-able data (the ``--format json`` output, input to renderers)."""
        return {
            "schema": SCHEMA,
            "title": title or "dataguard findings report",
            "generatedAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sources": list(sources),
            "period": {"first": self.first, "last": self.last},
            "totals": {
                "messages": self.messages,
                "withFindings": self.with_findings,
                "withoutFindings": self.without_findings,
                "detections": self.detections,
                "blocked": self.blocked,
                "records": self.records,
                "splitParts": self.parts,
                "duplicatesDropped": self.duplicates,
                "invalidLines": self.invalid,
                "outsidePeriod": self.out_of_period,
            },
            "byIdentifier": [
                {"name": k, "messages": v[0], "detections": v[1]}
                for k, v in sorted(self.identifiers.items(), key=lambda kv: (-kv[1][1], kv[0]))
            ],
            "byAction": _counter(self.actions, "action"),
            "byDirection": _counter(self.directions, "direction"),
            "byStatement": [
                {
                    "policyName": k[0],
                    "statementSid": k[1],
                    "messages": v[0],
                    "withFindings": v[1],
                    "detections": v[2],
                }
                for k, v in self.statements.top(top)
            ],
            "byPrincipal": _rows(self.principals, "principal", top),
            "byResource": _rows(self.resources, "resource", top),
            "topPaths": [
                {"path": k[0], "identifier": k[1], "detections": v[0]}
                for k, v in self.paths.top(top)
            ],
            "overTime": self._over_time(),
            "policies": _counter(self.policies, "policyName"),
            "policy": policy,
            "approximate": {
                "byStatement": self.statements.approximate,
                "byPrincipal": self.principals.approximate,
                "byResource": self.resources.approximate,
                "topPaths": self.paths.approximate,
                "dedupeWindow": self._dedupe.window,
            },
        }

    def _over_time(self) -> dict[str, Any]:
        hours = sorted(self.hours.items())
        if len(hours) > 72:
            days: dict[str, list[int]] = {}
            for h, v in hours:
                row = days.setdefault(h[:10], [0, 0, 0])
                for i in range(3):
                    row[i] += v[i]
            granularity, buckets = "day", sorted(days.items())
        else:
            granularity, buckets = "hour", [(h + ":00Z", v) for h, v in hours]
        return {
            "granularity": granularity,
            "buckets": [
                {"start": k, "messages": v[0], "withFindings": v[1], "detections": v[2]}
                for k, v in buckets
            ],
        }


def normalise_path(path: str) -> str:
    """``$.items[3].email`` -> ``$.items[*].email``: array positions would make every path
    unique and hide the field that actually carries the data."""
    return _INDEX.sub("[*]", path)


def _counter(d: dict[str, int], key: str) -> list[dict[str, Any]]:
    return [{key: k, "messages": v} for k, v in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))]


def _rows(top: TopK, key: str, n: int) -> list[dict[str, Any]]:
    return [
        {key: k, "messages": v[0], "withFindings": v[1], "detections": v[2]} for k, v in top.top(n)
    ]


def policy_summary(policy: Any) -> dict[str, Any]:
    """The policy in force, as the report shows it (no regex bodies, nothing from payloads)."""
    statements = []
    for st in policy.statements:
        row: dict[str, Any] = {
            "sid": st.sid,
            "direction": st.direction,
            "principals": list(st.principals),
            "identifiers": list(st.identifiers),
            "operation": st.operation,
        }
        if st.audit is not None:
            row["sampleRate"] = st.audit.sample_rate
            row["findingsDestination"] = _dest(st.audit.findings_destination)
            row["noFindingsDestination"] = _dest(st.audit.no_findings_destination)
        if st.deidentify is not None:
            row["deidentify"] = st.deidentify.mode
        statements.append(row)
    return {
        "name": policy.name,
        "description": policy.description,
        "version": policy.version,
        "source": policy.source,
        "statements": statements,
        "customIdentifiers": [c.name for c in policy.custom_identifiers],
    }


def _dest(d: Any) -> dict[str, str] | None:
    if d is None:
        return None
    out = {
        "CloudWatchLogs": d.cloudwatch_log_group,
        "Firehose": d.firehose_delivery_stream,
        "S3": d.s3_bucket,
    }
    return {k: v for k, v in out.items() if v}
