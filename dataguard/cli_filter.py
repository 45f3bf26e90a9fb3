"""``dataguard filter``: test events against an EventBridge pattern or an SNS filter policy.

Like ``aws events test-event-pattern``, but for many events at once, offline, and for both
dialects. One JSON line per event on stdout::

    $ dataguard filter --pattern '{"source": ["aws.ec2"]}' event.json events.jsonl
    {"event": "event.json", "match": true}
    {"event": "events.jsonl:1", "match": false}

An invalid pattern prints EventBridge's / SNS's reason with the JSON pointer of the
offending element on stderr and exits 2 (nothing is matched). Exit codes: 0 done (whether
or not events matched; ``--fail-on-mismatch`` makes a non-matching event exit 1), 2 usage,
invalid pattern, or an event that cannot be read or decoded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

import orjson

from dataguard.errors import PolicyError
from dataguard.filtering import EventPattern, FilterPolicy
from dataguard.filtering.envelope import is_sns_envelope, is_sqs_record

EXIT_OK, EXIT_MISMATCH, EXIT_USAGE = 0, 1, 2
_EVENT_SUFFIXES = (".json", ".jsonl", ".ndjson")


def add_filter_parser(subparsers: Any) -> None:
    """Register the ``filter`` subcommand on an ``argparse`` subparsers object."""
    p = subparsers.add_parser(
        "filter",
        help="test events against an EventBridge pattern or SNS filter policy",
        description=(
            'Print one JSON line per event: {"event": ..., "match": true|false}. '
            "Events are JSON files, JSON Lines files (one event per line), directories of "
            "them, or - for stdin."
        ),
    )
    p.add_argument(
        "--pattern",
        "-p",
        required=True,
        help="pattern / filter policy: a JSON file, or the JSON text itself",
    )
    p.add_argument(
        "--dialect",
        choices=["eventbridge", "sns"],
        default="eventbridge",
        help="EventBridge event pattern (default) or SNS subscription filter policy",
    )
    p.add_argument(
        "--scope",
        choices=["MessageAttributes", "MessageBody"],
        default=None,
        help="SNS FilterPolicyScope (default MessageAttributes, as in SNS). With "
        "MessageAttributes each event is a MessageAttributes map, or an SNS notification / "
        "SQS record carrying one",
    )
    p.add_argument(
        "--fail-on-mismatch", action="store_true", help="exit 1 if any event does not match"
    )
    p.add_argument("events", nargs="+", help="event files, directories, or - (stdin)")
    p.set_defaults(func=run_filter)


def _load_pattern(spec: str) -> Any:
    text = spec.strip()
    if text.startswith(("{", "[")) or not text:
        return spec
    path = Path(spec)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PolicyError("", f"cannot read pattern file {spec}: {exc.strerror}") from None


def _iter_events(sources: Sequence[str], stdin: IO[bytes]) -> Iterator[tuple[str, bytes | None]]:
    """(label, raw event) per event; raw None when the source cannot be read."""
    for src in sources:
        if src == "-":
            yield from _split("-", stdin.read(), jsonl=None)
            continue
        path = Path(src)
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.suffix in _EVENT_SUFFIXES):
                if f.is_file():
                    yield from _split(str(f), f.read_bytes(), f.suffix != ".json")
        elif path.is_file():
            try:
                data = path.read_bytes()
            except OSError:
                yield (src, None)
                continue
            yield from _split(src, data, path.suffix in (".jsonl", ".ndjson"))
        else:
            yield (src, None)


def _split(label: str, data: bytes, jsonl: bool | None) -> Iterator[tuple[str, bytes]]:
    if jsonl is None:  # stdin: one JSON document, else JSON Lines
        try:
            orjson.loads(data)
            jsonl = False
        except orjson.JSONDecodeError:
            jsonl = True
    if not jsonl:
        yield (label, data)
        return
    for lineno, line in enumerate(data.splitlines(), 1):
        if line.strip():
            yield (f"{label}:{lineno}", line)


def run_filter(
    args: argparse.Namespace, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run ``dataguard filter``; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if args.dialect == "eventbridge" and args.scope is not None:
        print("dataguard filter: --scope applies to --dialect sns only", file=err)
        return EXIT_USAGE
    scope = args.scope or "MessageAttributes"
    try:
        source = _load_pattern(args.pattern)
        matcher: EventPattern | FilterPolicy
        if args.dialect == "eventbridge":
            matcher = EventPattern(source)
        else:
            matcher = FilterPolicy(source, scope=scope)
    except PolicyError as exc:
        print(f"dataguard filter: invalid pattern at {exc.pointer or '/'}: {exc.reason}", file=err)
        return EXIT_USAGE

    status = EXIT_OK
    stdin = cast(IO[bytes], getattr(sys.stdin, "buffer", sys.stdin))
    for label, raw in _iter_events(args.events, stdin):
        if raw is None:
            _emit(out, {"event": label, "match": None, "error": "cannot read event"})
            status = EXIT_USAGE
            continue
        try:
            event = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            _emit(out, {"event": label, "match": None, "error": f"invalid JSON: {exc.args[0]}"})
            status = EXIT_USAGE
            continue
        matched = _matches(matcher, event, raw)
        _emit(out, {"event": label, "match": matched})
        if not matched and args.fail_on_mismatch and status == EXIT_OK:
            status = EXIT_MISMATCH
    return status


def _matches(matcher: EventPattern | FilterPolicy, event: Any, raw: bytes) -> bool:
    if isinstance(matcher, EventPattern):
        return matcher.matches(event)
    if matcher.scope == "MessageBody":
        return matcher.matches(raw)
    if is_sns_envelope(event) or is_sqs_record(event):
        return matcher.matches(event)
    return matcher.matches(attributes=event if isinstance(event, dict) else {})


def _emit(out: IO[str], record: dict[str, Any]) -> None:
    out.write(orjson.dumps(record).decode() + "\n")
