"""Tests for deploy/athena: the table definition matches the records the S3 sink writes."""

from __future__ import annotations

import re
from pathlib import Path

from dataguard.audit.records import build_findings_record, split_record
from dataguard.audit.s3 import DEFAULT_PREFIX
from dataguard.findings import Finding

ATHENA = Path(__file__).resolve().parents[1] / "deploy" / "athena"


def ddl() -> str:
    return (ATHENA / "findings_table.sql").read_text()


def struct_fields(text: str) -> set[str]:
    return {m.strip("`").lower() for m in re.findall(r"(`?\w+`?)\s*:", text)}


def test_table_columns_are_the_record_fields() -> None:
    """Every top-level record key is a column (the JSON SerDe matches names case-insensitively)."""
    body = ddl().split("CREATE EXTERNAL TABLE", 1)[1].split("PARTITIONED BY", 1)[0]
    columns = set(re.findall(r"^\s{2}(\w+)\s", body, flags=re.M))
    record = build_findings_record(message_id="m", findings=(Finding("X", "$.a", 0, 1),))
    assert columns == {k.lower() for k in record}


def test_dataguard_struct_covers_every_dataguard_key() -> None:
    """The dataguard struct declares each key dataguard writes, split parts included."""
    many = tuple(Finding("X", f"$.a[{i}]", 0, 1) for i in range(200))
    part = split_record(build_findings_record(message_id="m", findings=many), 4_000)[0]
    fields = struct_fields(ddl().split("dataguard        struct<", 1)[1].split("PARTITIONED", 1)[0])
    keys = {k.lower() for k in part["dataguard"]}
    keys |= {k.lower() for k in part["dataguard"]["detections"][0]}
    keys |= {k.lower() for k in part["dataguard"]["part"]}
    assert keys <= fields


def test_location_and_partition_template_match_the_s3_sink_layout() -> None:
    """LOCATION and the projection template use the sink's prefix and its dt= folders."""
    text = ddl()
    assert f"LOCATION 's3://BUCKET/{DEFAULT_PREFIX}'" in text
    assert f"'s3://BUCKET/{DEFAULT_PREFIX}dt=${{dt}}/'" in text
    assert "'projection.dt.format'        = 'yyyy-MM-dd'" in text


def test_example_queries_filter_on_the_partition() -> None:
    """Every example query restricts dt, so Athena reads only the days asked for."""
    queries = [q for q in (ATHENA / "queries.sql").read_text().split(";") if "SELECT" in q]
    assert len(queries) >= 6
    assert all("dt" in q.split("WHERE", 1)[1] for q in queries)
