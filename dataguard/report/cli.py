"""``dataguard report SOURCE... [--format html|md|json] -o OUT``.

The lead wires ``add_report_parser`` into ``dataguard.cli``; the handler returns the exit code
(0 ok, 2 usage or input error) and never prints record contents in errors.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

from ..errors import DataguardError

FORMATS = ("html", "md", "json")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


def add_report_parser(subparsers: Any) -> None:
    """Register the ``report`` subcommand on an ``argparse`` subparsers object."""
    p = subparsers.add_parser(
        "report",
        help="summarise findings records as HTML, Markdown or JSON",
        description=(
            "Read findings records (JSON Lines files or directories, s3://bucket/prefix, "
            "cloudwatch:LOG_GROUP) as a stream and write a report."
        ),
    )
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="JSON Lines file (.gz ok), directory, s3://bucket/prefix or cloudwatch:LOG_GROUP",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        help="output format (default: from the -o suffix, else md)",
    )
    p.add_argument("-o", "--output", default="-", metavar="OUT", help="output file, - for stdout")
    p.add_argument("--policy", metavar="POLICY", help="policy file to show as the policy in force")
    p.add_argument("--title", help="report title")
    p.add_argument("--top", type=int, default=20, metavar="N", help="rows per ranking (20)")
    p.add_argument("--since", metavar="ISO", help="only records at or after this time (UTC)")
    p.add_argument("--until", metavar="ISO", help="only records before this time (UTC)")
    p.add_argument(
        "--dedupe-window",
        type=int,
        default=200_000,
        metavar="N",
        help="recent record ids remembered to drop duplicates (0 disables)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only on a terminal)",
    )
    p.set_defaults(func=run_report)


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return _BY_SUFFIX.get(Path(args.output).suffix.lower(), "md") if args.output != "-" else "md"


def run_report(args: argparse.Namespace) -> int:
    """Build and write the report; returns the exit code."""
    from . import Progress, build_report, render_html, render_json, render_markdown

    fmt = output_format(args)
    if args.top < 1:
        return _fail("--top must be at least 1")
    for name in ("since", "until"):
        value = getattr(args, name)
        if value and not _valid_time(value):
            return _fail(f"--{name} must be an ISO 8601 date or time")
    policy = None
    if args.policy:
        from ..policy import load_policy

        try:
            with warnings.catch_warnings():  # shown for context only: `validate` reports these
                warnings.simplefilter("ignore")
                policy = load_policy(args.policy)
        except DataguardError as exc:
            return _fail(str(exc))
    try:
        report = build_report(
            args.sources,
            policy=policy,
            title=args.title,
            top=args.top,
            since=_norm(args.since),
            until=_norm(args.until),
            dedupe_window=args.dedupe_window,
            progress=Progress(enabled=args.progress),
        )
        if fmt == "json":
            data = render_json(report)
        elif fmt == "md":
            data = render_markdown(report).encode()
        else:
            data = render_html(report).encode()
    except DataguardError as exc:
        return _fail(str(exc))
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            out = Path(args.output)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        except OSError as exc:
            return _fail(f"{args.output}: {exc.strerror or type(exc).__name__}")
    return 0


def _valid_time(value: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(value.rstrip("Z"))
    except ValueError:
        return False
    return True


def _norm(value: str | None) -> str | None:
    """ISO input -> the ``YYYY-MM-DDTHH:MM:SSZ`` form ``auditTimestamp`` uses, for comparing."""
    if not value:
        return None
    from datetime import UTC, datetime

    dt = datetime.fromisoformat(value.rstrip("Z"))
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _fail(problem: str) -> int:
    print(f"dataguard report: {problem}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (``python -m dataguard.report.cli``) until the CLI wires it in."""
    parser = argparse.ArgumentParser(prog="dataguard")
    sub = parser.add_subparsers(dest="command", required=True)
    add_report_parser(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
