"""Tests for the HTML report: one self-contained file whose charts render offline, checked by
taking a screenshot in headless Chromium (Debian's ``chromium`` package)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import orjson
import pytest

from dataguard.audit import MemoryRecorder
from dataguard.audit.records import build_findings_record
from dataguard.engine import Guard
from dataguard.findings import Finding
from dataguard.report import Aggregator, build_report, render_html
from dataguard.report.charts import PALETTE
from dataguard.report.synthetic import generate

WIDTH, HEIGHT = 1200, 2000


def chromium() -> str:
    """Chromium's path; a missing browser fails the test (it is a CI requirement)."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    )
    if found is None:
        pytest.fail(
            "headless Chromium is required for the HTML report test: "
            "install it with `apt-get install -y chromium` (Debian) and make sure `chromium` "
            "is on PATH"
        )
    return found


def screenshot(html_path: Path, png: Path, tmp: Path) -> None:
    cmd = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp / 'chromium-profile'}",
        f"--screenshot={png}",
        f"--window-size={WIDTH},{HEIGHT}",
        html_path.resolve().as_uri(),
    ]
    result = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert png.exists(), f"chromium wrote no screenshot (exit {result.returncode})"


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An HTML report of 100,000 generated messages."""
    tmp = tmp_path_factory.mktemp("html")
    src = tmp / "findings.jsonl"
    with src.open("wb") as fh:
        for r in generate(100_000, seed=11):
            fh.write(orjson.dumps(r) + b"\n")
    out = tmp / "report.html"
    out.write_text(render_html(build_report([str(src)], title="Sample report")))
    return out


def test_html_is_self_contained(report_html: Path) -> None:
    """No script, stylesheet link, remote URL or font download: it opens offline."""
    text = report_html.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower() and "<link" not in text.lower()
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", text))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "@import" not in text and not re.search(r"url\((?!#)", text)  # url(#id) is local
    assert text.count("<svg") >= 8  # every chart is inline SVG


def test_html_renders_charts_in_headless_chromium(report_html: Path, tmp_path: Path) -> None:
    """The screenshot has the window's size, is far from blank and shows the chart colours."""
    import numpy as np
    from PIL import Image

    png = tmp_path / "shot.png"
    screenshot(report_html, png, tmp_path)
    with Image.open(png) as img:
        assert img.size == (WIDTH, HEIGHT)
        pixels = np.asarray(img.convert("RGB"), dtype=np.int16).reshape(-1, 3)
    page, white = np.array([248, 250, 252]), np.array([255, 255, 255])
    busy = ~((pixels == page).all(axis=1) | (pixels == white).all(axis=1))
    assert busy.mean() > 0.10, "screenshot is nearly blank"
    assert len(np.unique(pixels[::7], axis=0)) > 50
    for hex_colour in (PALETTE[0], PALETTE[1]):  # "without" / "with findings" bars
        target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
        near = (np.abs(pixels - target).sum(axis=1) < 30).sum()
        assert near > 2_000, f"chart colour {hex_colour} not visible"


def test_html_escapes_record_text() -> None:
    """Markup and mathtext in principals, paths or Sids are shown as text, never run."""
    agg = Aggregator()
    agg.add(
        build_findings_record(
            message_id="m1",
            findings=(Finding("EmailAddress", "$.a['$x$']>$.b", 0, 3),),
            caller_principal="<script>alert(1)</script>",
            statement_sid="s<b>",
            policy_name="p&q",
        )
    )
    html = render_html(agg.result())
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "p&amp;q" in html


def test_html_of_an_empty_report_still_renders() -> None:
    """No records gives a valid page with empty charts rather than an error."""
    html = render_html(Aggregator().result())
    assert "no data" not in html or "<svg" in html
    assert html.rstrip().endswith("</html>")


def test_canaries_never_reach_the_html_report(tmp_path: Path) -> None:
    """Records of messages full of canaries render to HTML without any canary value."""
    canaries = ("CANARY-577215", "canary.html@example.com")
    policy = {
        "Name": "html-canary",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "audit",
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
                    }
                },
            }
        ],
        "Configuration": {
            "CustomDataIdentifier": [{"Name": "CanaryId", "Regex": "CANARY-[0-9]{6}"}]
        },
    }
    mem = MemoryRecorder()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = Guard(policy, recorder=mem)
    for i in range(50):
        g.protect({"user": {"email": canaries[1]}, "memo": canaries[0]}, message_id=f"m{i}")
    assert mem.records
    agg = Aggregator()
    agg.add_all(mem.records)
    html = render_html(agg.result())
    for c in canaries:
        assert c not in html
