"""The evaluation harness: overlap scoring, F2, leak and false-alarm rates, a small run."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import Event, Label
from benchmarks.evaluate import Score, f_beta, main


def _event(*labels: Label) -> Event:
    return Event(shape="plain", payload=b"{}", labels=labels)


def test_finding_matches_label_by_path_identifier_and_overlap() -> None:
    """Same path + identifier + overlapping span is a hit; another path or identifier is not."""
    score = Score()
    ev = _event(Label("Name", "$.a", 0, 12), Label("EmailAddress", "$.b", 3, 20))
    score.add(
        ev,
        [("Name", "$.a", 5, 12), ("Name", "$.b", 3, 20), ("Address", "$.c", 0, 4)],
    )
    assert score.tp_labels == {"Name": 1}
    assert score.tp_findings == {"Name": 1}
    assert score.findings == {"Name": 2, "Address": 1}
    # the email label is covered by a (wrong-identifier) finding: counted a miss, not a leak
    assert score.leaked == 0
    p, r, _ = score.prf(["Name"])
    assert (p, r) == (0.5, 1.0)


def test_leak_and_false_alarm_rates() -> None:
    """Uncovered labels leak; a finding in a PII-free event is a false alarm."""
    score = Score()
    score.add(_event(Label("Name", "$.a", 0, 5)), [])
    score.add(_event(), [("Name", "$.x", 0, 3)])
    score.add(_event(), [])
    assert score.leak_rate == 1.0
    assert score.false_alarm_rate == 0.5


def test_f2_weights_recall() -> None:
    """F2 rewards recall more than precision."""
    assert f_beta(0.5, 1.0) > f_beta(1.0, 0.5)
    assert f_beta(1.0, 1.0) == pytest.approx(1.0)


def test_small_run_writes_the_table(tmp_path: Path) -> None:
    """A 40-event run without Presidio writes the Markdown table."""
    out = tmp_path / "evaluation.md"
    assert main(["--events", "40", "--seed", "3", "--out", str(out), "--no-presidio"]) == 0
    text = out.read_text()
    assert "| Name |" in text and "leak rate" in text
