"""The ready policies in policies/ do what their sample events' expected outcomes say."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from dataguard import Guard, load_policy

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "policies" / "samples"
CASES = [
    (policy_dir.name, name, expected)
    for policy_dir in sorted(SAMPLES.iterdir())
    for name, expected in orjson.loads((policy_dir / "expected.json").read_bytes()).items()
]


def test_every_ready_policy_has_samples() -> None:
    """Each policy file has a samples folder with an expected outcome, and vice versa."""
    policies = {p.stem for p in (ROOT / "policies").glob("*.json")}
    assert policies == {p.name for p in SAMPLES.iterdir()}
    assert len(CASES) >= 10


@pytest.mark.parametrize(("policy_name", "event", "expected"), CASES)
def test_sample_event_outcome(policy_name: str, event: str, expected: dict) -> None:
    """The sample event is blocked or de-identified with exactly the expected identifiers."""
    guard = Guard(load_policy(ROOT / "policies" / f"{policy_name}.json"))
    raw = (SAMPLES / policy_name / event).read_bytes()
    v = guard.protect(raw)
    assert v.blocked is expected["blocked"]
    assert sorted(v.identifiers) == expected["identifiers"]
    if expected.get("unchanged"):
        assert v.message is raw
    out = v.message.decode()
    for value in expected.get("absent", []):
        assert value not in out, value
    for value in expected.get("present", []):
        assert value in out, value
    if not v.blocked:
        orjson.loads(v.message)  # still valid JSON
