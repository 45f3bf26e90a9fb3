"""Where report input comes from, read as a stream of records.

A SOURCE is a JSON Lines file (``.gz`` too), a directory (every ``*.jsonl``, ``*.json``,
``*.ndjson`` and their ``.gz`` below it), ``s3://bucket/prefix`` (objects written by the S3
sink or by Firehose) or ``cloudwatch:LOG_GROUP`` (also ``logs:``). Nothing is loaded whole:
lines are parsed one at a time. Lines that hold several JSON objects back to back (as Firehose
writes records sent without a newline) are split. Unparseable lines are counted, never quoted.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ..errors import DataguardError

SUFFIXES = (".jsonl", ".json", ".ndjson", ".log", ".txt")
CLOUDWATCH_PREFIXES = ("cloudwatch:", "logs:")


class SourceError(DataguardError):
    """A report source cannot be read (missing file, bucket, log group, access denied)."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class Progress:
    """A one-line progress display on stderr, only when it is a terminal (quiet in pipes)."""

    def __init__(self, enabled: bool | None = None, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.records = 0
        self.bytes = 0
        self.total_bytes: int | None = None
        self._start = time.monotonic()
        self._next = 0.0

    def tick(self, nbytes: int) -> None:
        self.records += 1
        self.bytes += nbytes
        if self.enabled and (self.records & 1023) == 0:
            now = time.monotonic()
            if now >= self._next:
                self._next = now + 0.2
                self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.records / max(now - self._start, 1e-6)
        text = f"\rreport: {self.records:,} records, {self.bytes / 1e6:,.1f} MB, {rate:,.0f}/s"
        if self.total_bytes:
            pct = min(100.0, 100.0 * self.bytes / self.total_bytes)
            filled = int(pct / 5)
            text = f"\r[{'#' * filled}{'.' * (20 - filled)}] {pct:5.1f}% " + text[1:]
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def is_cloudwatch(source: str) -> bool:
    return source.startswith(CLOUDWATCH_PREFIXES)


def local_files(source: str) -> list[Path]:
    """The files a local SOURCE stands for, sorted; raises SourceError when there are none."""
    p = Path(source)
    if p.is_file():
        return [p]
    if p.is_dir():
        files = sorted(
            f for f in p.rglob("*") if f.is_file() and f.name.removesuffix(".gz").endswith(SUFFIXES)
        )
        return files
    raise SourceError(source, "no such file or directory")


def iter_lines(
    sources: Iterable[str],
    *,
    progress: Progress | None = None,
    start_ms: int | None = None,
    end_ms: int | None = None,
    session: Any = None,
) -> Iterator[bytes]:
    """Every non-empty line of every source, in order."""
    sources = list(sources)
    locals_ = {s: local_files(s) for s in sources if not _remote(s)}  # fail early on typos
    files = [f for fs in locals_.values() for f in fs]
    # A percentage needs the total up front: only for local, uncompressed input.
    plain = files and not any(f.name.endswith(".gz") for f in files)
    if progress is not None and len(locals_) == len(sources) and plain:
        progress.total_bytes = sum(f.stat().st_size for f in files) or None
    for source in sources:
        if source.startswith("s3://"):
            yield from _s3_lines(source, session)
        elif is_cloudwatch(source):
            yield from _cloudwatch_lines(source, session, start_ms, end_ms)
        else:
            for f in locals_[source]:
                yield from _file_lines(f)


def iter_records(
    lines: Iterable[bytes],
    on_invalid: Callable[[], None],
    progress: Progress | None = None,
) -> Iterator[Any]:
    """Parse lines into JSON values; bad lines call ``on_invalid`` and are skipped."""
    loads = orjson.loads
    for line in lines:
        if progress is not None:
            progress.tick(len(line) + 1)
        try:
            yield loads(line)
        except orjson.JSONDecodeError:
            several = _split_concatenated(line)
            if several is None:
                on_invalid()
            else:
                yield from several


def _split_concatenated(line: bytes) -> list[Any] | None:
    """``{...}{...}`` on one line (Firehose without newlines) -> the objects, else None."""
    if b"}{" not in line:
        return None
    decoder = json.JSONDecoder()
    try:
        text = line.decode()
        out, pos = [], 0
        while pos < len(text):
            obj, pos = decoder.raw_decode(text, pos)
            out.append(obj)
            while pos < len(text) and text[pos].isspace():
                pos += 1
        return out
    except (ValueError, UnicodeDecodeError):
        return None


def _remote(source: str) -> bool:
    return source.startswith("s3://") or is_cloudwatch(source)


def _file_lines(path: Path) -> Iterator[bytes]:
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SourceError(str(path), exc.strerror or type(exc).__name__) from None
    with raw:
        fh: Iterable[bytes] = gzip.GzipFile(fileobj=raw) if _is_gzip(raw) else raw
        try:
            for line in fh:
                line = line.strip()
                if line:
                    yield line
        except (OSError, EOFError) as exc:
            raise SourceError(str(path), f"unreadable ({type(exc).__name__})") from None


def _is_gzip(fh: IO[bytes]) -> bool:
    head = fh.read(2)
    fh.seek(0)
    return head == b"\x1f\x8b"


def _client(service: str, session: Any) -> Any:
    import boto3

    return (session or boto3.session.Session()).client(service)


def _s3_lines(source: str, session: Any) -> Iterator[bytes]:
    from botocore.exceptions import BotoCoreError, ClientError

    rest = source[len("s3://") :]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise SourceError(source, "expected s3://bucket/prefix")
    s3 = _client("s3", session)
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"]
                stream: Any = gzip.GzipFile(fileobj=body) if obj["Key"].endswith(".gz") else body
                yield from _iter_stream_lines(stream)
    except ClientError as exc:
        raise SourceError(source, str(exc.response.get("Error", {}).get("Code"))) from None
    except BotoCoreError as exc:
        raise SourceError(source, type(exc).__name__) from None


def _iter_stream_lines(stream: Any, chunk: int = 1 << 20) -> Iterator[bytes]:
    pending = b""
    while True:
        data = stream.read(chunk)
        if not data:
            break
        pending += data
        lines = pending.split(b"\n")
        pending = lines.pop()
        for line in lines:
            line = line.strip()
            if line:
                yield line
    pending = pending.strip()
    if pending:
        yield pending


def _cloudwatch_lines(
    source: str, session: Any, start_ms: int | None, end_ms: int | None
) -> Iterator[bytes]:
    from botocore.exceptions import BotoCoreError, ClientError

    group = source.split(":", 1)[1]
    if not group:
        raise SourceError(source, "expected cloudwatch:LOG_GROUP")
    logs = _client("logs", session)
    args: dict[str, Any] = {"logGroupName": group}
    if start_ms is not None:
        args["startTime"] = start_ms
    if end_ms is not None:
        args["endTime"] = end_ms
    try:
        for page in logs.get_paginator("filter_log_events").paginate(**args):
            for event in page.get("events", []):
                message = event.get("message", "")
                yield message.encode() if isinstance(message, str) else bytes(message)
    except ClientError as exc:
        raise SourceError(source, str(exc.response.get("Error", {}).get("Code"))) from None
    except BotoCoreError as exc:
        raise SourceError(source, type(exc).__name__) from None
