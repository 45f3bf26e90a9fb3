"""The `dataguard` command: scan and validate, exit codes, inputs, no payload in errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from dataguard.cli import main

ROOT = Path(__file__).resolve().parents[1]
BASIC = str(ROOT / "policies" / "basic-pii.json")
CANARY = "canary.value.7731@example.org"


def _lines(out: str) -> list[dict]:
    return [orjson.loads(line) for line in out.splitlines() if line.strip()]


def test_scan_directory_prints_one_verdict_per_message(capsys: pytest.CaptureFixture[str]) -> None:
    """Every message file in a directory gets one JSON verdict line."""
    code = main(["scan", "--policy", BASIC, str(ROOT / "policies/samples/basic-pii")])
    lines = _lines(capsys.readouterr().out)
    assert code == 0
    assert len(lines) == 4
    assert {tuple(x["identifiers"]) != () for x in lines} == {True, False}


def test_scan_json_lines_names_each_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON Lines input: one verdict per line, labelled file:line."""
    f = tmp_path / "m.jsonl"
    f.write_text('{"a": "x"}\n\n{"email": "' + CANARY + '"}\n')
    assert main(["scan", "--policy", BASIC, str(f)]) == 0
    lines = _lines(capsys.readouterr().out)
    assert [x["source"].rsplit(":", 1)[1] for x in lines] == ["1", "3"]
    assert lines[1]["identifiers"] == ["EmailAddress"]


def test_fail_on_findings_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--fail-on-findings turns findings into exit code 1."""
    f = tmp_path / "m.json"
    f.write_text('{"email": "' + CANARY + '"}')
    assert main(["scan", "--policy", BASIC, "--fail-on-findings", str(f)]) == 1


def test_emit_message_prints_protected_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--emit-message includes the de-identified message, never the raw value."""
    f = tmp_path / "m.json"
    f.write_text('{"email": "' + CANARY + '"}')
    main(["scan", "--policy", BASIC, "--emit-message", str(f)])
    out = capsys.readouterr().out
    assert CANARY not in out
    assert _lines(out)[0]["message"] == {"email": "#" * len(CANARY)}


def test_malformed_input_exits_2_and_never_prints_the_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A malformed message is reported blocked with its location; the payload is not echoed."""
    f = tmp_path / "bad.json"
    f.write_text('{"email": "' + CANARY + '",,}')
    assert main(["scan", "--policy", BASIC, str(f)]) == 2
    captured = capsys.readouterr()
    line = _lines(captured.out)[0]
    assert line["blocked"] is True and "line 1" in line["error"]
    assert CANARY not in captured.out + captured.err


def test_missing_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is a usage error naming it."""
    assert main(["scan", "--policy", BASIC, "/nonexistent/x.json"]) == 2
    assert "/nonexistent/x.json" in capsys.readouterr().err


def test_stdin_is_read_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    """`-` reads a message from standard input."""
    proc = subprocess.run(
        [sys.executable, "-m", "dataguard.cli", "scan", "--policy", BASIC, "-"],
        input=b'{"email": "' + CANARY.encode() + b'"}',
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0
    assert _lines(proc.stdout.decode())[0]["identifiers"] == ["EmailAddress"]
    assert b"scanned" not in proc.stderr  # no progress bar when not on a terminal


def test_validate_valid_policies_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    """Every ready policy validates."""
    paths = [str(p) for p in sorted((ROOT / "policies").glob("*.json"))]
    assert main(["validate", *paths]) == 0
    assert capsys.readouterr().out.count(": valid") == len(paths)


def test_validate_invalid_policy_exit_1_with_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid policy exits 1 and prints the JSON pointer of the problem."""
    f = tmp_path / "p.json"
    f.write_text('{"Version": "2012-10-17", "Statement": []}')
    assert main(["validate", str(f)]) == 1
    out = capsys.readouterr().out
    assert "invalid" in out and "/Version" in out


def test_validate_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A policy path that does not exist is a usage error."""
    assert main(["validate", "/nonexistent/policy.json"]) == 2


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown subcommands and missing arguments exit 2."""
    assert main(["scan"]) == 2
    assert main(["frobnicate"]) == 2


def test_audit_file_receives_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--audit-file writes SNS-format findings records without raw values."""
    f = tmp_path / "m.json"
    f.write_text('{"email": "' + CANARY + '"}')
    audit = tmp_path / "audit.jsonl"
    main(["scan", "--policy", BASIC, "--audit-file", str(audit), str(f)])
    (record,) = [orjson.loads(x) for x in audit.read_text().splitlines()]
    assert record["dataIdentifiers"][0]["name"] == "EmailAddress"
    assert CANARY not in audit.read_text()
