"""Tests for dataguard.report: streaming sources, aggregation, Markdown/JSON rendering, CLI."""

from __future__ import annotations

import gzip
import io
import resource
import time
import warnings
from pathlib import Path
from typing import Any

import boto3
import orjson
import pytest

from dataguard.audit import JsonLinesRecorder
from dataguard.audit.records import build_findings_record
from dataguard.engine import Guard
from dataguard.findings import Finding
from dataguard.report import Aggregator, Progress, build_report, render_json, render_markdown
from dataguard.report.aggregate import TopK, normalise_path
from dataguard.report.cli import main
from dataguard.report.synthetic import generate

CANARIES = ("CANARY-161803", "canary.report@example.com")
POLICY = {
    "Name": "report-test",
    "Version": "2021-06-01",
    "Statement": [
        {
            "Sid": "audit-all",
            "DataDirection": "Inbound",
            "Principal": ["*"],
            "DataIdentifier": [
                "CanaryId",
                "arn:aws:dataprotection::aws:data-identifier/EmailAddress",
            ],
            "Operation": {
                "Audit": {
                    "SampleRate": "99",
                    "FindingsDestination": {"S3": {"Bucket": "findings-bucket"}},
                    "NoFindingsDestination": {"S3": {"Bucket": "findings-bucket"}},
                }
            },
        }
    ],
    "Configuration": {"CustomDataIdentifier": [{"Name": "CanaryId", "Regex": "CANARY-[0-9]{6}"}]},
}


def write_jsonl(path: Path, records: Any, *, gz: bool = False) -> Path:
    data = b"".join(orjson.dumps(r) + b"\n" for r in records)
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100,000 generated records (one per message) in one JSON Lines file."""
    path = tmp_path_factory.mktemp("report") / "findings.jsonl"
    with path.open("wb") as fh:
        for r in generate(100_000, seed=1):
            fh.write(orjson.dumps(r) + b"\n")
    return path


def test_report_of_100k_messages_has_exact_totals(big_file: Path) -> None:
    """Totals, identifiers, actions and time buckets add up for 100,000 generated messages."""
    expected = {"with": 0, "detections": 0, "blocked": 0, "ids": {}}
    for r in generate(100_000, seed=1):
        expected["with"] += bool(r["dataIdentifiers"])
        expected["blocked"] += r["dataguard"]["blocked"]
        for d in r["dataIdentifiers"]:
            expected["detections"] += d["count"]
            expected["ids"][d["name"]] = expected["ids"].get(d["name"], 0) + d["count"]
    report = build_report([str(big_file)])
    t = report["totals"]
    assert t["messages"] == 100_000 and t["records"] == 100_000
    assert t["withFindings"] == expected["with"]
    assert t["withoutFindings"] == 100_000 - expected["with"]
    assert t["detections"] == expected["detections"]
    assert t["blocked"] == expected["blocked"]
    assert t["duplicatesDropped"] == 0 and t["invalidLines"] == 0
    assert {r["name"]: r["detections"] for r in report["byIdentifier"]} == expected["ids"]
    assert sum(b["messages"] for b in report["overTime"]["buckets"]) == 100_000
    assert report["overTime"]["granularity"] == "hour"
    assert sum(r["messages"] for r in report["byPrincipal"]) == 100_000
    assert {r["action"] for r in report["byAction"]} >= {"Audit", "Deidentify", "Deny"}
    assert report["topPaths"][0]["path"].startswith("$.")
    assert all("[*]" in p["path"] or "[" not in p["path"] for p in report["topPaths"])
    assert report["policies"] == [{"policyName": "basic-pii", "messages": 100_000}]


def test_memory_stays_flat_while_streaming(big_file: Path) -> None:
    """Peak memory growth over a 100k-record report is small (records are never held)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    build_report([str(big_file), str(big_file)], dedupe_window=0)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 40 * 1024  # the file is ~50 MB; holding it would grow far more


def test_duplicates_are_dropped_by_record_id(tmp_path: Path) -> None:
    """The same record delivered twice (a retried batch) is counted once."""
    records = list(generate(50, seed=2))
    a = write_jsonl(tmp_path / "a.jsonl", records)
    b = write_jsonl(tmp_path / "b.jsonl", records[:20])
    report = build_report([str(a), str(b)])
    assert report["totals"]["messages"] == 50
    assert report["totals"]["duplicatesDropped"] == 20


def test_split_parts_count_one_message(tmp_path: Path) -> None:
    """A record split into parts counts as one message with all its detections."""
    from dataguard.audit.records import split_record

    many = tuple(Finding("EmailAddress", f"$.items[{i}].email", 0, 9) for i in range(500))
    rec = build_findings_record(message_id="m1", findings=many, policy_name="p")
    parts = split_record(rec, 8_000)
    assert len(parts) > 1
    report = build_report([str(write_jsonl(tmp_path / "p.jsonl", parts))])
    assert report["totals"]["messages"] == 1 and report["totals"]["withFindings"] == 1
    assert report["totals"]["detections"] == 500
    assert report["topPaths"] == [
        {"path": "$.items[*].email", "identifier": "EmailAddress", "detections": 500}
    ]


def test_directory_gzip_and_sns_written_records_are_read(tmp_path: Path) -> None:
    """A directory is read recursively, .gz included; SNS records without dataguard count."""
    (tmp_path / "dt=2024-05-01").mkdir()
    write_jsonl(tmp_path / "dt=2024-05-01" / "a.jsonl", generate(10, seed=3))
    write_jsonl(tmp_path / "dt=2024-05-01" / "b.jsonl.gz", generate(5, seed=4), gz=True)
    sns = {
        "messageId": "34d9b400-c6dd-5444-820d-fbeb0f1f54cf",
        "auditTimestamp": "2022-05-12T2:10:44Z",
        "callerPrincipal": "arn:aws:sts::123456789012:assumed-role/ExampleRole/ExampleSession",
        "resourceArn": "arn:aws:sns:us-east-1:123456789012:ExampleArn",
        "dataIdentifiers": [{"name": "Name", "count": 1, "detections": [{"start": 1, "end": 2}]}],
    }
    write_jsonl(tmp_path / "sns.json", [sns])
    (tmp_path / "notes.csv").write_text("ignored\n")
    report = build_report([str(tmp_path)])
    assert report["totals"]["messages"] == 16
    assert any(r["name"] == "Name" for r in report["byIdentifier"])


def test_invalid_lines_are_counted_never_quoted(tmp_path: Path) -> None:
    """Broken lines are skipped and counted; their text appears nowhere in the report."""
    path = tmp_path / "mixed.jsonl"
    good = orjson.dumps(next(generate(1, seed=5)))
    path.write_bytes(
        good + b"\n" + f"{{broken {CANARIES[0]}\n".encode() + b'{"not": "a record"}\n' + b"[]\n"
    )
    report = build_report([str(path)])
    assert report["totals"]["messages"] == 1 and report["totals"]["invalidLines"] == 3
    assert CANARIES[0] not in render_markdown(report)
    assert CANARIES[0].encode() not in render_json(report)


def test_concatenated_firehose_records_on_one_line_are_split(tmp_path: Path) -> None:
    """Records Firehose wrote back to back without newlines are still read one by one."""
    recs = list(generate(3, seed=6))
    path = tmp_path / "fh"
    path.write_bytes(b"".join(orjson.dumps(r) for r in recs))
    assert build_report([str(path)])["totals"]["messages"] == 3


def test_since_and_until_select_a_period(tmp_path: Path) -> None:
    """Records outside [since, until) are left out and counted as such."""
    path = write_jsonl(tmp_path / "a.jsonl", generate(72, seed=7, span_hours=72))
    report = build_report([str(path)], since="2024-05-02T00:00:00Z", until="2024-05-03T00:00:00Z")
    assert report["totals"]["messages"] == 24
    assert report["totals"]["outsidePeriod"] == 48


def test_topk_stays_bounded_and_flags_approximation() -> None:
    """High-cardinality keys keep memory bounded and mark the ranking approximate."""
    top = TopK(k=10)
    for i in range(10_000):
        top.add(f"p{i}", 1)
        top.add("heavy", 1)
    assert len(top.counts) <= 20 and top.approximate
    assert top.top(1)[0][0] == "heavy" and top.top(1)[0][1][0] == 10_000


def test_normalise_path_hides_array_positions() -> None:
    """Array indexes become [*] so one field is one row, across nested layers too."""
    assert normalise_path("$.Records[12].body>$.items[3]['e-mail']") == (
        "$.Records[*].body>$.items[*]['e-mail']"
    )


def test_markdown_has_every_section(big_file: Path) -> None:
    """The Markdown report has totals, rankings, time and the policy in force."""
    md = render_markdown(build_report([str(big_file)], top=5))
    for heading in (
        "## Totals",
        "## Findings by identifier",
        "## By statement",
        "## By action",
        "## Top principals",
        "## Top resources",
        "## Top JSON paths",
        "## Over time (per day)",  # 72 hourly buckets roll up to days
        "## Policy in force",
    ):
        assert heading in md
    assert "| Messages audited | 100,000 |" in md


def test_markdown_escapes_table_breaking_text() -> None:
    """Pipes and backticks in principals cannot break the Markdown table."""
    agg = Aggregator()
    agg.add(
        build_findings_record(
            message_id="m", findings=(), caller_principal="arn:x|y`z", policy_name="p"
        )
    )
    md = render_markdown(agg.result())
    row = next(line for line in md.splitlines() if "arn:x" in line)
    assert row.count(" | ") == 3 and "`arn:x\\|y'z`" in row


def test_json_report_is_versioned_and_parseable(big_file: Path, tmp_path: Path) -> None:
    """--format json writes the schema-tagged report data."""
    out = tmp_path / "r.json"
    assert main(["report", str(big_file), "-o", str(out)]) == 0
    data = orjson.loads(out.read_bytes())
    assert data["schema"] == "dataguard.report/v1"
    assert data["totals"]["messages"] == 100_000


def test_cli_reads_policy_and_infers_format(tmp_path: Path) -> None:
    """-o report.md gives Markdown; --policy shows the statements in force."""
    src = write_jsonl(tmp_path / "a.jsonl", generate(20, seed=8))
    pol = tmp_path / "policy.json"
    pol.write_bytes(orjson.dumps(POLICY))
    out = tmp_path / "out" / "report.md"
    assert main(["report", str(src), "-o", str(out), "--policy", str(pol)]) == 0
    text = out.read_text()
    assert text.startswith("# dataguard findings report")
    assert "Audit (99%)" in text and "`audit-all`" in text


def test_cli_missing_source_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source that does not exist exits 2 with the path named."""
    assert main(["report", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "r.md")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_progress_bar_only_when_asked_or_on_a_tty(big_file: Path) -> None:
    """The progress display writes to its stream when enabled and stays silent otherwise."""
    shown, quiet = io.StringIO(), io.StringIO()
    build_report([str(big_file)], progress=Progress(enabled=True, stream=shown))
    build_report([str(big_file)], progress=Progress(stream=quiet))  # StringIO is not a TTY
    assert "100.0%" in shown.getvalue() and "records" in shown.getvalue()
    assert quiet.getvalue() == ""


def test_report_from_s3_and_cloudwatch_sources(aws: Any) -> None:
    """s3://bucket/prefix and cloudwatch:GROUP are read as streams through boto3."""
    records = list(generate(30, seed=9))
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="report-src")
    body = b"".join(orjson.dumps(r) + b"\n" for r in records)
    s3.put_object(Bucket="report-src", Key="dataguard/findings/dt=2024-05-01/a.jsonl", Body=body)
    s3.put_object(Bucket="report-src", Key="other/x.jsonl", Body=body)
    assert build_report(["s3://report-src/dataguard/findings/"])["totals"]["messages"] == 30
    logs = boto3.client("logs")
    logs.create_log_group(logGroupName="/aws/vendedlogs/report")
    logs.create_log_stream(logGroupName="/aws/vendedlogs/report", logStreamName="s")
    now = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName="/aws/vendedlogs/report",
        logStreamName="s",
        logEvents=[{"timestamp": now, "message": orjson.dumps(r).decode()} for r in records],
    )
    report = build_report(["cloudwatch:/aws/vendedlogs/report"])
    assert report["totals"]["messages"] == 30
    assert main(["report", "s3://no-such-bucket/x", "-o", "-"]) == 2


def test_canary_values_never_reach_records_or_reports(tmp_path: Path) -> None:
    """Messages full of canaries, audited to a file and reported in every format: no canary."""
    path = tmp_path / "audit.jsonl"
    rec = JsonLinesRecorder(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = Guard(POLICY, recorder=rec)
    for i in range(200):
        msg = {
            "customer": {"email": CANARIES[1]},
            "note": f"{CANARIES[0]} and {CANARIES[1]}",
            CANARIES[1][:6]: [CANARIES[0]] * (i % 3),
        }
        g.protect(orjson.dumps(msg) if i % 2 else msg, message_id=f"m{i}")
    rec.flush()
    raw = path.read_bytes()
    assert raw.count(b"\n") >= 190
    report = build_report([str(path)])
    outputs = [raw, render_json(report), render_markdown(report).encode()]
    for data in outputs:
        for c in CANARIES:
            assert c.encode() not in data
