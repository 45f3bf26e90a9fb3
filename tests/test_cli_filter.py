"""`dataguard filter`: one JSON line per event, AWS reasons for invalid patterns, exit codes."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from dataguard.cli_filter import add_filter_parser, run_filter


def _run(argv: list[str]) -> tuple[int, list[dict], str]:
    parser = argparse.ArgumentParser()
    add_filter_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["filter", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run_filter(args, stdout=out, stderr=err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.fixture
def events(tmp_path: Path) -> Path:
    tmp_path = tmp_path / "events"
    tmp_path.mkdir()
    (tmp_path / "ec2.json").write_text(
        json.dumps({"source": "aws.ec2", "detail": {"state": "running"}})
    )
    (tmp_path / "more.jsonl").write_text(
        json.dumps({"source": "aws.s3"})
        + "\n"
        + json.dumps({"source": "aws.ec2", "detail": {"state": "stopped"}})
        + "\n"
    )
    return tmp_path


def test_one_line_per_event_like_test_event_pattern(events: Path) -> None:
    """Each event (JSON file or JSON Lines line) gets {"event", "match"}; exit 0."""
    pattern = '{"source": ["aws.ec2"], "detail": {"state": [{"anything-but": "stopped"}]}}'
    code, lines, _ = _run(
        ["--pattern", pattern, str(events / "ec2.json"), str(events / "more.jsonl")]
    )
    assert code == 0
    assert [(Path(r["event"]).name, r["match"]) for r in lines] == [
        ("ec2.json", True),
        ("more.jsonl:1", False),
        ("more.jsonl:2", False),
    ]


def test_pattern_from_file_and_directory_of_events(events: Path, tmp_path: Path) -> None:
    """--pattern accepts a file; a directory argument expands to its event files."""
    pattern_file = tmp_path / "pattern.json"
    pattern_file.write_text('{"source": ["aws.s3"]}')
    code, lines, _ = _run(["--pattern", str(pattern_file), str(events)])
    assert code == 0
    assert sum(r["match"] for r in lines) == 1


def test_invalid_pattern_exits_2_with_pointer_and_reason(events: Path) -> None:
    """An invalid pattern prints the JSON pointer and EventBridge's reason on stderr."""
    code, lines, err = _run(
        ["--pattern", '{"a": [{"numeric": [">", 5, "<", 1]}]}', str(events / "ec2.json")]
    )
    assert code == 2
    assert lines == []
    assert "/a/0/numeric" in err and "Bottom must be less than top" in err


def test_sns_attribute_scope_reads_attribute_maps(tmp_path: Path) -> None:
    """With --dialect sns, events are MessageAttributes maps (or envelopes carrying them)."""
    attrs = tmp_path / "attrs.json"
    attrs.write_text(json.dumps({"store": {"Type": "String", "Value": "example_corp"}}))
    code, lines, _ = _run(
        ["--dialect", "sns", "--pattern", '{"store": ["example_corp"]}', str(attrs)]
    )
    assert code == 0 and lines[0]["match"] is True


def test_sns_body_scope(tmp_path: Path) -> None:
    """--scope MessageBody matches the event as the message payload."""
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"order": {"total": 120}}))
    pattern = '{"order": {"total": [{"numeric": [">", 100]}]}}'
    code, lines, _ = _run(
        ["--dialect", "sns", "--scope", "MessageBody", "--pattern", pattern, str(body)]
    )
    assert code == 0 and lines[0]["match"] is True


def test_fail_on_mismatch_and_unreadable_events(events: Path) -> None:
    """--fail-on-mismatch exits 1 on a non-matching event; a missing file exits 2."""
    code, _, _ = _run(
        ["--fail-on-mismatch", "--pattern", '{"source": ["aws.ec2"]}', str(events / "more.jsonl")]
    )
    assert code == 1
    code, lines, _ = _run(["--pattern", '{"source": ["aws.ec2"]}', str(events / "missing.json")])
    assert code == 2 and lines[0]["match"] is None


def test_scope_requires_sns_dialect(events: Path) -> None:
    """--scope with the EventBridge dialect is a usage error."""
    code, _, err = _run(
        ["--scope", "MessageBody", "--pattern", '{"a": ["b"]}', str(events / "ec2.json")]
    )
    assert code == 2 and "--scope" in err
