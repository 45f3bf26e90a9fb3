"""Core benchmark: orjson floor vs ``Guard.protect`` (mask) vs Presidio per string leaf.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_core [--events N] [--seed S]

Prints a Markdown report and writes it to ``benchmarks/results/core.md``. Every engine sees
the same payload bytes from :mod:`benchmarks.corpus`; each event is timed on its own with
``time.perf_counter_ns`` after a warm-up, for ``--repeats`` passes (the floor's and
``protect``'s taken in turns, so that both see the same machine). events/s and MB/s are the
median over passes (MB = 10^6 bytes of payload); p50/p99 pool the per-event latencies of all
passes. Presidio runs on the first ``--presidio-events`` events only (it is slow); the speed-up
against it compares per-event medians on that same subset.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from .corpus import REGEX_IDENTIFIERS, SHAPES, Event, generate

ROOT = Path(__file__).resolve().parent.parent
POLICY = Path(__file__).resolve().parent / "policies" / "mask-regex.json"
RESULTS = Path(__file__).resolve().parent / "results" / "core.md"

FLOOR_TARGET = 10.0  # protect may cost at most this many times the orjson floor
PRESIDIO_TARGET = 200.0  # protect must be at least this many times faster than Presidio


@dataclass
class Run:
    """Per-event latencies (ns) of one engine: ``lat[pass][event]``."""

    name: str
    lat: list[list[int]]
    nbytes: int

    @property
    def n(self) -> int:
        return len(self.lat[0])

    def events_per_s(self) -> float:
        return statistics.median(self.n / (sum(p) / 1e9) for p in self.lat)

    def mb_per_s(self) -> float:
        return statistics.median(self.nbytes / 1e6 / (sum(p) / 1e9) for p in self.lat)

    def pooled(self) -> list[int]:
        return sorted(x for p in self.lat for x in p)

    def percentile_us(self, q: float) -> float:
        xs = self.pooled()
        return xs[min(len(xs) - 1, round(q / 100 * (len(xs) - 1)))] / 1e3

    def per_event_median(self) -> list[float]:
        return [statistics.median(col) for col in zip(*self.lat, strict=True)]


def measure(
    name: str, fn: Callable[[bytes], Any], payloads: Sequence[bytes], repeats: int, warmup: int
) -> Run:
    return measure_side_by_side([(name, fn)], payloads, repeats, warmup)[0]


def measure_side_by_side(
    engines: Sequence[tuple[str, Callable[[bytes], Any]]],
    payloads: Sequence[bytes],
    repeats: int,
    warmup: int,
) -> list[Run]:
    """Each engine's passes over ``payloads``, taken in turns (pass 1 of each, then pass 2
    of each, ...): on a shared machine speed drifts over seconds, and engines measured one
    after the other would see different machines. Their ratio compares like with like."""
    for _, fn in engines:
        for p in payloads[:warmup]:
            fn(p)
    clock = time.perf_counter_ns
    lat: list[list[list[int]]] = [[] for _ in engines]
    for _ in range(repeats):
        for i, (_, fn) in enumerate(engines):
            gc.collect()
            row = []
            for p in payloads:
                t0 = clock()
                fn(p)
                row.append(clock() - t0)
            lat[i].append(row)
    nbytes = sum(len(p) for p in payloads)
    return [Run(name, lat[i], nbytes) for i, (name, _) in enumerate(engines)]


def orjson_floor(payload: bytes) -> bytes:
    """Parse and serialize the outer document: the least any JSON rewriter must do."""
    try:
        return orjson.dumps(orjson.loads(payload))
    except orjson.JSONDecodeError:  # plain-text payloads
        return payload.decode("utf-8").encode("utf-8")


# --------------------------------------------------------------------------------------------
# the same protect on the plain Python modules (what an install without a C compiler runs)

_PLAIN = """
import json
from benchmarks.bench_core import measure
from benchmarks.corpus import generate
from dataguard import Guard, load_policy
events, seed, repeats, warmup = map(int, sys.argv[2:6])
guard = Guard(load_policy(sys.argv[1]))
payloads = [e.payload for e in generate(events, seed=seed)]
run = measure("plain", lambda p: guard.protect(p, direction="Inbound", principal="*"),
              payloads, repeats, warmup)
print(json.dumps(run.lat))
"""


def plain_python_run(args: argparse.Namespace, payloads: Sequence[bytes]) -> Run:
    """``protect`` measured in a child interpreter on a copy of the ``.py`` sources alone."""
    from dataguard.compiled import run_plain

    out = run_plain(
        _PLAIN,
        tuple(str(x) for x in (args.policy, args.events, args.seed, args.repeats, args.warmup)),
        root=ROOT,
    )
    return Run("plain", json.loads(out.strip().splitlines()[-1]), sum(map(len, payloads)))


# --------------------------------------------------------------------------------------------
# cold start

_COLD = r"""
import sys, time, json
t0 = time.perf_counter()
import dataguard
from dataguard import Guard, load_policy
t1 = time.perf_counter()
g = Guard(load_policy(sys.argv[1]))
t2 = time.perf_counter()
after_compile = {m: m in sys.modules for m in ("spacy", "presidio_analyzer")}
payload = open(sys.argv[2], "rb").read()
g.protect(payload, direction="Inbound", principal="*")
t3 = time.perf_counter()
after_protect = {m: m in sys.modules for m in ("spacy", "presidio_analyzer")}
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "compile_ms": (t2 - t1) * 1e3,
                  "first_protect_ms": (t3 - t2) * 1e3, "after_compile": after_compile,
                  "after_protect": after_protect, "modules": len(sys.modules)}))
"""


def cold_start(policy: Path, sample: bytes, runs: int = 3) -> dict[str, Any]:
    """Import, compile and first-protect times in fresh interpreters (median of ``runs``)."""
    sample_path = RESULTS.parent / ".cold-sample.bin"
    sample_path.parent.mkdir(parents=True, exist_ok=True)
    sample_path.write_bytes(sample)
    out: list[dict[str, Any]] = []
    try:
        for _ in range(runs):
            proc = subprocess.run(
                [sys.executable, "-c", _COLD, str(policy), str(sample_path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    finally:
        sample_path.unlink(missing_ok=True)
    merged: dict[str, Any] = {
        k: statistics.median(r[k] for r in out)
        for k in ("import_ms", "compile_ms", "first_protect_ms")
    }
    for k in ("after_compile", "after_protect"):
        merged[k] = {m: any(r[k][m] for r in out) for m in ("spacy", "presidio_analyzer")}
    merged["modules"] = out[0]["modules"]
    return merged


# --------------------------------------------------------------------------------------------
# report


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "n/a"


def _git() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "n/a"
    return rev or "n/a"


def _loadavg() -> str:
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "n/a"


def _fmt_rate(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def _fmt_us(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def _core() -> str:
    from dataguard.compiled import HOT_MODULES, NATIVE_MODULES, compiled_modules, native_loaded

    n = len(compiled_modules())
    c = len(native_loaded())
    loops = f"its C loops built ({c} of {len(NATIVE_MODULES)})" if c else "no C loops"
    if n == 0:
        return f"runs as plain Python (not compiled), {loops}"
    return f"compiled with mypyc ({n} of {len(HOT_MODULES)} modules), {loops}"


def _pass(ok: bool) -> str:
    return "PASS" if ok else "**FAIL**"


def report(
    *,
    corpus: list[Event],
    args: argparse.Namespace,
    floor: Run,
    guard: Run | None,
    plain: Run | None,
    presidio: Run | None,
    cold: dict[str, Any] | None,
    quality: dict[str, Any],
    elapsed_s: float,
) -> str:
    n = len(corpus)
    total = sum(e.size for e in corpus)
    sizes = sorted(e.size for e in corpus)
    shapes = {s: sum(e.shape == s for e in corpus) for s in SHAPES}
    pii = sum(e.has_pii for e in corpus) / n
    cmd = f".venv/bin/python -m benchmarks.bench_core --events {args.events} --seed {args.seed}"
    if args.presidio_events != 200:
        cmd += f" --presidio-events {args.presidio_events}"
    lines = [
        "# Core benchmark",
        "",
        f"Command: `{cmd}` (git {_git()}, {time.strftime('%Y-%m-%d')}, {elapsed_s:.0f} s)",
        "",
        f"Corpus: {n} events (seed {args.seed}), {total / 1e6:.2f} MB, "
        f"{pii:.1%} with PII; sizes p50 {sizes[n // 2] / 1e3:.1f} KB, "
        f"min {sizes[0]} B, max {sizes[-1] / 1e3:.1f} KB; "
        + ", ".join(f"{k} {v}" for k, v in shapes.items())
        + ".",
        "",
        f"Machine: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; orjson "
        f"{_version('orjson')}, presidio-analyzer {_version('presidio_analyzer')}, "
        f"spaCy {_version('spacy')}; dataguard's scanning core {_core()}. "
        f"{args.repeats} passes after {args.warmup} warm-up events (the floor's and protect's "
        "in turns). "
        f"Load average at start / end: {args.load_start} / {_loadavg()} (on a shared "
        "machine absolute rates vary from run to run).",
        "",
        "| Engine | Events | events/s (median) | MB/s | p50 µs/event | p99 µs/event "
        "| Time vs floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    floor_eps = floor.events_per_s()
    runs: list[tuple[str, Run | None]] = [
        ("orjson `loads`+`dumps` (the floor)", floor),
        (
            f"dataguard `Guard.protect`, mask policy ({len(REGEX_IDENTIFIERS) + 1} identifiers)",
            guard,
        ),
        ("the same `protect` on the plain Python modules (no C compiler at install)", plain),
        (
            "Presidio `AnalyzerEngine.analyze` per string leaf, pattern recognizers only "
            f"(first {presidio.n if presidio else 0} events)",
            presidio,
        ),
    ]
    for label, run in runs:
        if run is None:
            continue
        lines.append(
            f"| {label} | {run.n} | {_fmt_rate(run.events_per_s())} | "
            f"{_fmt_rate(run.mb_per_s())} | {_fmt_us(run.percentile_us(50))} | "
            f"{_fmt_us(run.percentile_us(99))} | {floor_eps / run.events_per_s():,.1f}× |"
        )
    lines += ["", "| Target | Measured | Result |", "|---|---:|:---:|"]
    if guard is not None:
        ratio = floor_eps / guard.events_per_s()
        lines.append(
            f"| `protect` ≤ {FLOOR_TARGET:.0f}× the orjson floor | {ratio:.1f}× | "
            f"{_pass(ratio <= FLOOR_TARGET)} |"
        )
    if guard is not None and presidio is not None:
        k = presidio.n
        speedup = sum(presidio.per_event_median()) / sum(guard.per_event_median()[:k])
        lines.append(
            f"| `protect` ≥ {PRESIDIO_TARGET:.0f}× faster than Presidio per leaf "
            f"(same {k} events, per-event medians) | {speedup:,.0f}× | "
            f"{_pass(speedup >= PRESIDIO_TARGET)} |"
        )
    if cold is not None:
        leaked = [m for m, v in cold["after_compile"].items() if v]
        lines.append(
            "| importing dataguard + compiling a regex-only policy imports no spaCy/Presidio "
            f"| {', '.join(leaked) or 'neither imported'} | {_pass(not leaked)} |"
        )
        lines += [
            "",
            f"Cold start (fresh interpreter, median of 3): import dataguard "
            f"{cold['import_ms']:.0f} ms, compile the mask policy {cold['compile_ms']:.0f} ms, "
            f"first `protect` {cold['first_protect_ms']:.0f} ms; "
            f"`spacy` in sys.modules: {cold['after_protect']['spacy']}, `presidio_analyzer`: "
            f"{cold['after_protect']['presidio_analyzer']} (after the first protect too); "
            f"{cold['modules']} modules loaded.",
        ]
    if guard is not None:
        lines += [
            "",
            "Per shape (p50 µs/event):",
            "",
            "| Shape | Events | Mean size | floor p50 | protect p50 | protect p99 | ratio (p50) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        f_med, g_med = floor.per_event_median(), guard.per_event_median()
        for s in SHAPES:
            idx = [i for i, e in enumerate(corpus) if e.shape == s]
            if not idx:
                continue
            fs = sorted(f_med[i] for i in idx)
            gs = sorted(g_med[i] for i in idx)
            fp50, gp50 = fs[len(fs) // 2] / 1e3, gs[len(gs) // 2] / 1e3
            gp99 = gs[min(len(gs) - 1, round(0.99 * (len(gs) - 1)))] / 1e3
            mean = sum(corpus[i].size for i in idx) / len(idx)
            lines.append(
                f"| {s} | {len(idx)} | {mean / 1e3:.1f} KB | {_fmt_us(fp50)} | "
                f"{_fmt_us(gp50)} | {_fmt_us(gp99)} | {gp50 / fp50:.1f}× |"
            )
    if quality:
        lines += [
            "",
            "Sanity check, not a quality score (regex-class labels only, exact spans): "
            + "; ".join(f"{k} {v}" for k, v in quality.items())
            + ".",
        ]
    return "\n".join(lines) + "\n"


def _quality(
    corpus: list[Event], verdicts: list[Any], presidio_findings: int | None
) -> dict[str, Any]:
    labels = {
        (i, lb.identifier, lb.path, lb.start, lb.end)
        for i, e in enumerate(corpus)
        for lb in e.labels
        if lb.identifier in REGEX_IDENTIFIERS
    }
    found = {
        (i, f.identifier, f.path, f.start, f.end)
        for i, v in enumerate(verdicts)
        for f in v.findings
    }
    out: dict[str, Any] = {
        "labelled spans": len(labels),
        "Guard findings": len(found),
        "exact matches": len(labels & found),
        "events labelled": sum(1 for e in corpus if e.labels),
        "events Guard changed": sum(
            1 for e, v in zip(corpus, verdicts, strict=True) if v.message != e.payload
        ),
    }
    if presidio_findings is not None:
        out["Presidio results on its subset"] = presidio_findings
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--presidio-events", type=int, default=200, help="0 skips Presidio")
    ap.add_argument("--policy", type=Path, default=POLICY)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--no-guard", action="store_true", help="floor and Presidio only")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-start subprocesses")
    ap.add_argument(
        "--no-plain", action="store_true", help="skip protect on the plain Python modules"
    )
    args = ap.parse_args(argv)

    args.load_start = _loadavg()
    started = time.perf_counter()
    corpus = generate(args.events, seed=args.seed)
    payloads = [e.payload for e in corpus]
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    log(f"corpus: {len(corpus)} events, {sum(map(len, payloads)) / 1e6:.2f} MB")

    guard_run: Run | None = None
    plain_run: Run | None = None
    cold: dict[str, Any] | None = None
    verdicts: list[Any] = []
    if args.no_guard:
        floor = measure("floor", orjson_floor, payloads, args.repeats, args.warmup)
        log(f"floor: {floor.events_per_s():,.0f} events/s")
    else:
        from dataguard import Guard, load_policy

        guard = Guard(load_policy(str(args.policy)))

        def protect(p: bytes) -> Any:
            return guard.protect(p, direction="Inbound", principal="*")

        # the floor and protect in turns, pass by pass: their ratio is the target
        floor, guard_run = measure_side_by_side(
            [("floor", orjson_floor), ("guard", protect)], payloads, args.repeats, args.warmup
        )
        log(f"floor: {floor.events_per_s():,.0f} events/s")
        log(f"protect: {guard_run.events_per_s():,.0f} events/s")
        verdicts = [protect(p) for p in payloads]
        from dataguard.compiled import compiled_modules

        if not args.no_plain and compiled_modules():
            plain_run = plain_python_run(args, payloads)
            log(f"protect, plain Python: {plain_run.events_per_s():,.0f} events/s")
        if not args.no_cold:
            sample = next((e.payload for e in corpus if e.shape == "sqs-sns"), payloads[0])
            cold = cold_start(args.policy, sample)
            log(f"cold start: {cold}")

    presidio_run: Run | None = None
    presidio_findings: int | None = None
    if args.presidio_events > 0:
        from .presidio_baseline import PresidioMasker, no_network

        masker = PresidioMasker()
        subset = payloads[: args.presidio_events]
        with no_network():
            presidio_run = measure(
                "presidio", masker.protect, subset, args.repeats, min(args.warmup, 20)
            )
            masker.findings = 0
            for p in subset:
                masker.protect(p)
        presidio_findings = masker.findings
        log(f"presidio: {presidio_run.events_per_s():,.1f} events/s")

    quality = _quality(corpus, verdicts, presidio_findings) if verdicts else {}
    text = report(
        corpus=corpus,
        args=args,
        floor=floor,
        guard=guard_run,
        plain=plain_run,
        presidio=presidio_run,
        cold=cold,
        quality=quality,
        elapsed_s=time.perf_counter() - started,
    )
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
