"""Properties of Deidentify on generated documents (hypothesis)."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataguard import Guard

ARN = "arn:aws:dataprotection::aws:data-identifier/"
IDS = ["EmailAddress", "Ssn-US", "CreditCardNumber", "IpAddress"]
PII = [
    "ann.lee@example.com",
    "ssn 523-41-8876",
    "card 4556737586899855",
    "from 198.51.100.23",
    "bo@mail.example.net",
]


def _policy(op: dict[str, Any]) -> dict[str, Any]:
    return {
        "Name": "prop",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "d",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [ARN + i for i in IDS],
                "Operation": op,
            }
        ],
    }


MASK = Guard(_policy({"Deidentify": {"MaskConfig": {"MaskWithCharacter": "*"}}}))
REDACT = Guard(_policy({"Deidentify": {"RedactConfig": {}}}))

text = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
    st.sampled_from(PII),
    st.builds(
        lambda a, p, b: f"{a} {p} {b}",
        st.text(max_size=8),
        st.sampled_from(PII),
        st.text(max_size=8),
    ),
)
leaves = st.one_of(
    text,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
documents = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=6), children, max_size=4),
        children.map(lambda c: orjson.dumps({"Message": c}).decode()),  # an encoded layer
    ),
    max_leaves=12,
)


def _shape(doc: Any) -> Any:
    if isinstance(doc, dict):
        return {k: _shape(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_shape(v) for v in doc]
    return (
        type(doc).__name__ if not isinstance(doc, (int, str)) or isinstance(doc, bool) else "scalar"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_no_detected_value_survives_masking(doc: Any) -> None:
    """After masking, a scan of the output finds nothing and no detected PII value is left."""
    wrapped = {"doc": doc}
    found = {f.identifier for f in MASK.scan(wrapped)}
    v = MASK.protect(wrapped)
    assert not v.blocked
    assert MASK.scan(v.message) == ()
    assert {f.identifier for f in v.findings} == found
    out = orjson.dumps(v.message).decode()
    if found:
        assert "*" in out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_output_is_json_of_the_same_shape(doc: Any) -> None:
    """Masking and redaction keep the document valid JSON with the same keys and lengths."""
    wrapped = {"doc": doc}
    for guard in (MASK, REDACT):
        v = guard.protect(orjson.dumps(wrapped))
        assert not v.blocked
        again = orjson.loads(v.message)
        assert _shape(again) == _shape(wrapped)
