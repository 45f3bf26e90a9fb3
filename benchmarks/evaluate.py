"""Detection quality: dataguard and Presidio scored on the same labelled corpus.

    python -m benchmarks.evaluate [--events N] [--seed S] [--model M] [--out PATH]

The corpus is :func:`benchmarks.eval_corpus.generate`. A finding matches a label when path,
identifier and span overlap (paths in dataguard's notation, ``>`` entering an encoded layer).

Per identifier: precision (findings that match a label), recall (labels matched by a finding
of that identifier), F2 (recall weighted: a leak costs more than an over-redaction). Overall:
micro precision/recall/F2, leak rate (labels not overlapped by ANY finding at their path, so
not masked by a Deidentify statement naming every identifier) and false-alarm rate (share of
PII-free events with at least one finding).

dataguard runs one Guard over a policy naming every identifier in the corpus; Name/Address
use the spaCy model given by ``--model`` (a package or a directory) when installed, else the
rules alone. Presidio runs ``AnalyzerEngine`` with its pattern recognizers only, offline (the
blank-tokenizer set-up of ``benchmarks.presidio_baseline``), on every string leaf after the
same layer decoding dataguard does (JSON text, base64), with the leaf's key as context, so both
are compared path for path. Presidio has no pattern recognizer for names or addresses (they
need its spaCy NER), so its Name/Address rows are empty and its overall figures are given with
and without them.

Writes Markdown to ``benchmarks/results/evaluation.md`` (or ``--out``) and prints it.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from benchmarks.corpus import LAYER, Event, format_path
from benchmarks.eval_corpus import CHECKSUM_IDENTIFIERS, IDENTIFIERS, generate

Found = tuple[str, str, int, int]  # identifier, path, start, end
ARN = "arn:aws:dataprotection::aws:data-identifier/"
RESULTS = Path(__file__).resolve().parent / "results" / "evaluation.md"
NER_ONLY = ("Name", "Address")

# --- scoring -----------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts for one detector over a corpus."""

    tp_labels: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    tp_findings: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    leaked: int = 0
    total_labels: int = 0
    clean_events: int = 0
    false_alarm_events: int = 0
    seconds: float = 0.0

    def add(self, event: Event, found: Iterable[Found]) -> None:
        found = list(found)
        if not event.labels:
            self.clean_events += 1
            if found:
                self.false_alarm_events += 1
        for ident, path, s, e in found:
            self.findings[ident] += 1
            if any(
                lb.identifier == ident and lb.path == path and s < lb.end and lb.start < e
                for lb in event.labels
            ):
                self.tp_findings[ident] += 1
        for lb in event.labels:
            self.labels[lb.identifier] += 1
            self.total_labels += 1
            at_path = [
                (i, s, e) for i, p, s, e in found if p == lb.path and s < lb.end and lb.start < e
            ]
            if any(i == lb.identifier for i, _, _ in at_path):
                self.tp_labels[lb.identifier] += 1
            if not at_path:
                self.leaked += 1

    def prf(self, idents: Iterable[str] | None = None) -> tuple[float, float, float]:
        names = set(self.labels) | set(self.findings) if idents is None else set(idents)
        tp_f = sum(self.tp_findings[i] for i in names)
        n_f = sum(self.findings[i] for i in names)
        tp_l = sum(self.tp_labels[i] for i in names)
        n_l = sum(self.labels[i] for i in names)
        p = tp_f / n_f if n_f else (1.0 if not n_l else 0.0)
        r = tp_l / n_l if n_l else 1.0
        return p, r, f_beta(p, r)

    @property
    def leak_rate(self) -> float:
        return self.leaked / self.total_labels if self.total_labels else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarm_events / self.clean_events if self.clean_events else 0.0


def f_beta(p: float, r: float, beta: float = 2.0) -> float:
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0


# --- dataguard ---------------------------------------------------------------------------------


def dataguard_policy(model: str | None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "Name": "evaluation",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "audit-all",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [ARN + i for i in IDENTIFIERS],
                "Operation": {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "#"}}},
            }
        ],
    }
    if model:
        doc["Configuration"] = {"dataguard": {"ner": {"model": model}}}
    return doc


def run_dataguard(events: list[Event], model: str | None) -> Score:
    from dataguard import Guard

    guard = Guard(dataguard_policy(model))
    score = Score()
    for ev in events:
        t0 = time.perf_counter()
        findings = guard.scan(ev.payload)
        score.seconds += time.perf_counter() - t0
        score.add(ev, ((f.identifier, f.path, f.start, f.end) for f in findings))
    return score


# --- Presidio ----------------------------------------------------------------------------------

_PRESIDIO_ENTITIES = [
    "EMAIL_ADDRESS", "CREDIT_CARD", "US_SSN", "PHONE_NUMBER", "IP_ADDRESS", "IBAN_CODE",
    "UK_NHS",
]  # fmt: skip
_SIMPLE = {
    "EMAIL_ADDRESS": "EmailAddress",
    "CREDIT_CARD": "CreditCardNumber",
    "US_SSN": "Ssn-US",
    "IP_ADDRESS": "IpAddress",
    "UK_NHS": "NhsNumber-GB",
    "PERSON": "Name",
    "LOCATION": "Address",
}
_PHONE_REGIONS = ("US", "GB", "DE", "FR", "ES", "IT")


def build_presidio() -> Any:
    """AnalyzerEngine with pattern recognizers only and a model-free tokenizer, offline."""
    from benchmarks.presidio_baseline import build_analyzer

    return build_analyzer(phone_regions=_PHONE_REGIONS)


def _presidio_identifier(entity: str, value: str) -> str | None:
    if entity in _SIMPLE:
        return _SIMPLE[entity]
    if entity == "IBAN_CODE":
        return "BankAccountNumber-" + value[:2].upper()
    if entity == "PHONE_NUMBER":
        import phonenumbers

        try:
            num = phonenumbers.parse(value, "US")
        except phonenumbers.NumberParseException:
            return "PhoneNumber-US"
        region = phonenumbers.region_code_for_number(num) or "US"
        return f"PhoneNumber-{region}" if region in _PHONE_REGIONS else "PhoneNumber-US"
    return None


def _leaves(
    node: Any, segs: tuple[Any, ...], key: str | None
) -> Iterator[tuple[str, tuple[Any, ...], str | None]]:
    """String leaves after decoding layers the way dataguard does (JSON text, base64)."""
    from dataguard.scan.layers import open_layer

    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*segs, k), k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, (*segs, i), key)
    elif isinstance(node, str):
        layer = open_layer(node) if len(node) > 1 else None
        if layer is None:
            yield node, segs, key
        elif layer[0] == "b64text":
            yield layer[1], (*segs, LAYER), key
        else:
            yield from _leaves(layer[1], (*segs, LAYER), key)


def presidio_scan(analyzer: Any, payload: bytes) -> list[Found]:
    try:
        doc: Any = orjson.loads(payload)
    except orjson.JSONDecodeError:
        doc = payload.decode("utf-8")
    out: list[Found] = []
    for text, segs, key in _leaves(doc, (), None):
        results = analyzer.analyze(
            text=text, language="en", entities=_PRESIDIO_ENTITIES, context=[key] if key else None
        )
        path = format_path(segs)
        for r in results:
            ident = _presidio_identifier(r.entity_type, text[r.start : r.end])
            if ident is not None:
                out.append((ident, path, r.start, r.end))
    return out


def run_presidio(events: list[Event]) -> Score:
    analyzer = build_presidio()
    score = Score()
    for ev in events:
        t0 = time.perf_counter()
        found = presidio_scan(analyzer, ev.payload)
        score.seconds += time.perf_counter() - t0
        score.add(ev, found)
    return score


# --- report ------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def _f(x: float) -> str:
    return f"{x:.3f}"


def render(events: list[Event], dg: Score, pr: Score, args: argparse.Namespace, ner: str) -> str:
    idents = [i for i in IDENTIFIERS if dg.labels[i] or dg.findings[i] or pr.findings[i]]
    lines = [
        "# Detection quality: dataguard vs Presidio (pattern recognizers)",
        "",
        f"`python -m benchmarks.evaluate --events {args.events} --seed {args.seed}"
        + (f" --model {args.model}" if args.model else "")
        + "`",
        "",
        f"{len(events)} events ({sum(e.has_pii for e in events)} with PII, "
        f"{sum(not e.has_pii for e in events)} PII-free), {dg.total_labels} labels. "
        f"dataguard Name/Address NER: {ner}.",
        "",
        "| Identifier | Labels | dataguard P | R | F2 | Presidio P | R | F2 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for i in idents:
        p, r, f2 = dg.prf([i])
        if i in NER_ONLY:
            pp = "n/a"
            row_p = f"| {pp} | {pp} | {pp} |"
        else:
            qp, qr, qf = pr.prf([i])
            row_p = f"| {_f(qp)} | {_f(qr)} | {_f(qf)} |"
        mark = " ✓" if i in CHECKSUM_IDENTIFIERS else ""
        lines.append(f"| {i}{mark} | {dg.labels[i]} | {_f(p)} | {_f(r)} | {_f(f2)} " + row_p)
    regex_ids = [i for i in idents if i not in NER_ONLY]
    dp, dr, df = dg.prf(idents)
    qp, qr, qf = pr.prf(idents)
    dp2, dr2, df2 = dg.prf(regex_ids)
    qp2, qr2, qf2 = pr.prf(regex_ids)
    n = len(events)
    lines += [
        "",
        "✓ checksum-validated identifiers. F2 = 5PR / (4P + R).",
        "",
        "| Overall | dataguard | Presidio |",
        "|---|---:|---:|",
        f"| micro precision / recall / F2 (all identifiers) | {_f(dp)} / {_f(dr)} / {_f(df)} "
        f"| {_f(qp)} / {_f(qr)} / {_f(qf)} |",
        f"| micro precision / recall / F2 (without Name, Address) | {_f(dp2)} / {_f(dr2)} / "
        f"{_f(df2)} | {_f(qp2)} / {_f(qr2)} / {_f(qf2)} |",
        f"| leak rate (labels no finding covers) | {_pct(dg.leak_rate)} | {_pct(pr.leak_rate)} |",
        f"| false alarms on PII-free events | {_pct(dg.false_alarm_rate)} "
        f"| {_pct(pr.false_alarm_rate)} |",
        f"| scan time per event | {1000 * dg.seconds / n:.2f} ms "
        f"| {1000 * pr.seconds / n:.2f} ms |",
        "",
        "Presidio: AnalyzerEngine, pattern recognizers (email, credit card, US SSN, phone for "
        "US/GB/DE/FR/ES/IT, IP, IBAN, NHS), no NER model, default score threshold, every string "
        "leaf after the same layer decoding, leaf key as context. Its Name/Address recall is 0 "
        "by construction (no pattern recognizer), so its leak rate includes them.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default=None, help="spaCy model name or directory for NER")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-presidio", action="store_true")
    args = parser.parse_args(argv)

    events = generate(args.events, args.seed)
    from dataguard.scan import nlp

    model = args.model or nlp.default_model()
    dg = run_dataguard(events, args.model)
    ner = f"`{model}`" if nlp._loaded.get(model) else f"none (`{model}` not installed: rules only)"
    pr = Score() if args.no_presidio else run_presidio(events)
    text = render(events, dg, pr, args, ner)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
