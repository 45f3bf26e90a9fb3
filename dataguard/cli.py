"""The `dataguard` command: scan, validate, filter, report.

Exit codes: 0 ok, 1 findings/blocked where asked (``--fail-on-findings``) or invalid
policies (validate), 2 usage or input error. Errors name the file, line and JSON pointer,
never payload text.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from .errors import DataguardError, PolicyError, PolicyErrors

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
_MESSAGE_SUFFIXES = (".json", ".jsonl", ".ndjson", ".txt")


class _Progress:
    """A one-line counter on stderr, only when stderr is a terminal."""

    def __init__(self, total: int | None, stream: IO[str]) -> None:
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty()
        self.count = 0

    def step(self) -> None:
        self.count += 1
        if self.enabled and (self.count % 50 == 0 or self.count == self.total):
            total = f"/{self.total}" if self.total else ""
            self.stream.write(f"\rscanned {self.count}{total} messages")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.count:
            self.stream.write("\n")


def _warning_text(w: warnings.WarningMessage) -> str:
    """Policy warnings name identifiers, never payload text."""
    return str(w.message)


def _iter_messages(
    sources: Sequence[str], stdin: IO[bytes]
) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(source label, message bytes, error) for every message in files, dirs and stdin."""
    for src in sources:
        if src == "-":
            data = stdin.read()
            yield from _split_document("<stdin>", data, jsonl=None)
            continue
        path = Path(src)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix in _MESSAGE_SUFFIXES
            )
            for f in files:
                if f.name.startswith("expected"):
                    continue
                yield from _split_document(
                    str(f), f.read_bytes(), jsonl=f.suffix in (".jsonl", ".ndjson")
                )
        elif path.is_file():
            yield from _split_document(
                str(path), path.read_bytes(), jsonl=path.suffix in (".jsonl", ".ndjson")
            )
        else:
            yield (src, None, "no such file or directory")


def _split_document(
    label: str, data: bytes, *, jsonl: bool | None
) -> Iterator[tuple[str, bytes | None, str | None]]:
    if jsonl is None:  # stdin: one JSON document, else JSON Lines
        try:
            orjson.loads(data)
            jsonl = False
        except orjson.JSONDecodeError:
            jsonl = b"\n" in data.strip()
    if not jsonl:
        yield (label, data, None)
        return
    for lineno, line in enumerate(data.splitlines(), 1):
        if line.strip():
            yield (f"{label}:{lineno}", line, None)


def cmd_scan(args: argparse.Namespace) -> int:
    from .audit.recorder import JsonLinesRecorder
    from .engine import Guard
    from .policy import load_policy

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            policy = load_policy(args.policy)
        for w in caught:
            print(f"dataguard: warning: {_warning_text(w)}", file=sys.stderr)
        recorder = JsonLinesRecorder(args.audit_file) if args.audit_file else None
        guard = Guard(policy, recorder=recorder)
    except PolicyError as exc:
        print(f"dataguard: invalid policy {args.policy}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    out = sys.stdout.buffer
    progress = _Progress(None, sys.stderr)
    status = EXIT_OK
    flagged = False
    for label, data, error in _iter_messages(args.inputs or ["-"], sys.stdin.buffer):
        if error is not None:
            print(f"dataguard: {label}: {error}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        assert data is not None
        verdict = guard.protect(
            data, direction=args.direction, principal=args.principal, message_id=label
        )
        line: dict[str, Any] = {"source": label, **verdict.to_dict()}
        if verdict.error is not None:
            line["error"] = str(verdict.error)
            status = EXIT_USAGE
        if args.emit_message and not verdict.blocked:
            msg = verdict.message
            try:
                line["message"] = orjson.loads(msg)
            except orjson.JSONDecodeError:
                line["message"] = msg.decode("utf-8", "replace")
        out.write(orjson.dumps(line) + b"\n")
        flagged = flagged or verdict.blocked or bool(verdict.findings)
        progress.step()
    progress.close()
    if recorder is not None:
        recorder.flush()
    out.flush()
    if status == EXIT_OK and args.fail_on_findings and flagged:
        return EXIT_FINDINGS
    return status


def cmd_validate(args: argparse.Namespace) -> int:
    from .policy import load_policy

    status = EXIT_OK
    for src in args.policies:
        if not Path(src).is_file():
            print(f"{src}: no such file", file=sys.stderr)
            return EXIT_USAGE
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                policy = load_policy(src)
        except PolicyErrors as exc:
            status = max(status, EXIT_FINDINGS)
            print(f"{src}: invalid ({len(exc.errors)} problems)")
            for e in exc.errors:
                print(f"  {e.pointer or '/'}: {e.reason}")
            continue
        except PolicyError as exc:
            status = max(status, EXIT_FINDINGS)
            print(f"{src}: invalid")
            print(f"  {exc.pointer or '/'}: {exc.reason}")
            continue
        counts = f"{len(policy.statements)} statements, {len(policy.identifiers)} identifiers"
        print(f"{src}: valid ({counts})")
        for w in caught:
            print(f"  warning: {_warning_text(w)}")
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dataguard", description="Data protection and routing for event messages."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    scan = sub.add_parser("scan", help="apply a policy to messages; one JSON verdict per message")
    scan.add_argument("--policy", "-p", required=True, help="SNS data protection policy file")
    scan.add_argument("--direction", default="Inbound", choices=["Inbound", "Outbound"])
    scan.add_argument("--principal", default="*", help="caller or subscriber principal ARN")
    scan.add_argument("--emit-message", action="store_true", help="include the protected message")
    scan.add_argument("--audit-file", help="append audit findings records (JSON Lines) here")
    scan.add_argument(
        "--fail-on-findings", action="store_true", help="exit 1 on findings or blocks"
    )
    scan.add_argument(
        "inputs", nargs="*", help="JSON / JSON Lines files, directories, or - (stdin)"
    )
    scan.set_defaults(func=cmd_scan)

    validate = sub.add_parser(
        "validate", help="check policies; exit 1 with JSON pointers if invalid"
    )
    validate.add_argument("policies", nargs="+")
    validate.set_defaults(func=cmd_validate)

    try:
        from .cli_filter import add_filter_parser
    except ImportError:
        pass
    else:
        add_filter_parser(sub)
    try:
        from .report.cli import add_report_parser
    except ImportError:
        pass
    else:
        add_report_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except DataguardError as exc:
        print(f"dataguard: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
