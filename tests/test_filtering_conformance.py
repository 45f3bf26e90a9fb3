"""Every shared conformance vector (event-ruler, quamina, AWS-validated, AWS docs) as a test.

The vectors live outside this repository (``../shared/conformance/filter``, override with
``DATAGUARD_CONFORMANCE_DIR``). A missing directory fails the module: silently skipping
the conformance suite would hide exactly the regressions it exists to catch.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from dataguard.errors import PolicyError
from dataguard.filtering import EventPattern, FilterPolicy

CONFORMANCE_DIR = Path(
    os.environ.get("DATAGUARD_CONFORMANCE_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "conformance" / "filter"
)
QUAMINA_ONLY = {"shellstyle", "regexp"}
EXPECTED_FILES = {
    "aws-docs-sample.jsonl",
    "event-ruler.jsonl",
    "localstack-aws-validated.jsonl",
    "quamina.jsonl",
}

if not CONFORMANCE_DIR.is_dir():  # pragma: no cover - environment problem, reported loudly
    pytest.fail(
        f"filter conformance vectors not found at {CONFORMANCE_DIR}; set "
        "DATAGUARD_CONFORMANCE_DIR to the directory holding the *.jsonl vectors",
        pytrace=False,
    )


def _load() -> list[Any]:
    params = []
    for path in sorted(CONFORMANCE_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    vector = json.loads(line)
                    params.append(pytest.param(vector, id=f"{path.stem}:{vector['id']}"))
    return params


VECTORS = _load()


def test_all_vector_files_present() -> None:
    """The four vector files the suite is built on are all there and non-empty."""
    present = {p.name for p in CONFORMANCE_DIR.glob("*.jsonl") if p.stat().st_size}
    assert present >= EXPECTED_FILES


def _expect_invalid(vector: dict[str, Any]) -> bool:
    return vector["match"] is None or bool(QUAMINA_ONLY & set(vector.get("operators", ())))


def _compile(vector: dict[str, Any]) -> Any:
    semantics = vector.get("semantics", "eventbridge")
    if semantics == "eventbridge":
        return EventPattern(vector["pattern"])
    scope = semantics.removeprefix("sns-")
    return FilterPolicy(vector["pattern"], scope=scope)


def _match(compiled: Any, vector: dict[str, Any]) -> bool:
    semantics = vector.get("semantics", "eventbridge")
    if semantics == "eventbridge":
        return compiled.matches(vector["event"])
    if semantics == "sns-MessageAttributes":
        return compiled.matches(attributes=vector["event"])
    return compiled.matches(json.dumps(vector["event"]))


@pytest.mark.parametrize("vector", VECTORS)
def test_vector(vector: dict[str, Any]) -> None:
    """The pattern compiles (or is rejected) and matches exactly as the vector records."""
    if _expect_invalid(vector):
        with pytest.raises(PolicyError):
            _compile(vector)
        return
    compiled = _compile(vector)
    assert _match(compiled, vector) is vector["match"], vector.get("notes", "")


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_from_json_text(vector: dict[str, Any]) -> None:
    """Patterns and events given as JSON text/bytes behave exactly like decoded dicts."""
    if _expect_invalid(vector) or vector.get("semantics", "eventbridge") != "eventbridge":
        return
    compiled = EventPattern(json.dumps(vector["pattern"]))
    assert compiled.matches(json.dumps(vector["event"]).encode()) is vector["match"]
