"""Per-policy keyword overrides (Configuration.dataguard.keywords): pure function and Guard."""

from __future__ import annotations

from typing import Any

import pytest

from dataguard import Guard, PolicyError
from dataguard.identifiers import MANAGED
from dataguard.identifiers.overrides import POINTER, apply_keyword_overrides

ARN = "arn:aws:dataprotection::aws:data-identifier/"
CARD = "4539148803436467"
_CVC_KEYWORDS = MANAGED["CreditCardSecurityCode"].keywords


def _policy(keywords: Any, *ids: str) -> dict[str, Any]:
    return {
        "Name": "kw",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "mask",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [ARN + i for i in ids],
                "Operation": {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "#"}}},
            }
        ],
        "Configuration": {"dataguard": {"keywords": keywords}},
    }


def test_add_remove_and_required_are_applied() -> None:
    """Added keywords append (deduplicated), removed ones go, required is set."""
    out = apply_keyword_overrides(
        MANAGED,
        {"Ssn-US": {"add": ["Sozialversicherung", "SSN"], "remove": ["ss#"], "required": False}},
    )
    spec = out["Ssn-US"]
    assert "sozialversicherung" in [k.lower() for k in spec.keywords]
    assert "ss#" not in spec.keywords
    assert sum(k.lower() == "ssn" for k in spec.keywords) == 1
    assert spec.keyword_required is False


def test_identifiers_not_named_are_untouched() -> None:
    """The function returns a new mapping; other specs are the same objects."""
    out = apply_keyword_overrides(MANAGED, {"Ssn-US": {"required": True}})
    assert out is not MANAGED
    assert out["EmailAddress"] is MANAGED["EmailAddress"]


def test_remove_matches_aws_separator_rules() -> None:
    """`Card_Number` removes the keyword "card number": case and separators do not matter."""
    out = apply_keyword_overrides(MANAGED, {"CreditCardNumber": {"remove": ["Card_Number"]}})
    assert "card number" not in out["CreditCardNumber"].keywords


@pytest.mark.parametrize(
    "overrides,pointer",
    [
        ([], POINTER),
        ({"Ssn-XX": {}}, f"{POINTER}/Ssn-XX"),
        ({"a/b~c": {}}, f"{POINTER}/a~1b~0c"),
        ({"Ssn-US": []}, f"{POINTER}/Ssn-US"),
        ({"Ssn-US": {"extra": 1}}, f"{POINTER}/Ssn-US/extra"),
        ({"Ssn-US": {"add": "ssn"}}, f"{POINTER}/Ssn-US/add"),
        ({"Ssn-US": {"add": ["ok", 3]}}, f"{POINTER}/Ssn-US/add/1"),
        ({"Ssn-US": {"add": ["--"]}}, f"{POINTER}/Ssn-US/add/0"),
        ({"Ssn-US": {"remove": ["nope"]}}, f"{POINTER}/Ssn-US/remove/0"),
        ({"Ssn-US": {"required": "yes"}}, f"{POINTER}/Ssn-US/required"),
        (
            {"CreditCardSecurityCode": {"remove": list(_CVC_KEYWORDS)}},
            f"{POINTER}/CreditCardSecurityCode",
        ),
    ],
)
def test_invalid_overrides_raise_policy_error_with_pointer(overrides: Any, pointer: str) -> None:
    """Every invalid element is named by its JSON pointer."""
    with pytest.raises(PolicyError) as err:
        apply_keyword_overrides(MANAGED, overrides)
    assert err.value.pointer == pointer


def test_guard_uses_added_keyword() -> None:
    """A German keyword added by the policy finds a card AWS's list would miss."""
    text = f"Kartennr. {CARD}"
    plain = Guard(_policy({}, "CreditCardNumber"))
    assert plain.scan(text) == ()
    guard = Guard(_policy({"CreditCardNumber": {"add": ["kartennr"]}}, "CreditCardNumber"))
    assert [f.identifier for f in guard.scan(text)] == ["CreditCardNumber"]


def test_guard_required_false_still_respects_counter_evidence() -> None:
    """Keyword made optional: a bare card number is found, except under an order id."""
    guard = Guard(_policy({"CreditCardNumber": {"required": False}}, "CreditCardNumber"))
    assert [f.path for f in guard.scan({"payment": {"pan": CARD}})] == ["$.payment.pan"]
    assert [f.path for f in guard.scan({"payment": {"value": CARD}})] == ["$.payment.value"]
    assert guard.scan({"order": {"orderId": CARD}}) == ()


def test_guard_removed_keyword_no_longer_counts() -> None:
    """Removing "ssn" leaves `ssn: 123-45-6789` unmatched when no other keyword is near."""
    guard = Guard(_policy({"Ssn-US": {"remove": ["ssn"]}}, "Ssn-US"))
    assert guard.scan("ssn 536-90-4399") == ()
    assert [f.identifier for f in guard.scan("social security 536-90-4399")] == ["Ssn-US"]


def test_guard_rejects_invalid_block_at_construction() -> None:
    """An invalid override fails when the Guard is built, not when a message is scanned."""
    with pytest.raises(PolicyError) as err:
        Guard(_policy({"Ssn-US": {"required": 1}}, "Ssn-US"))
    assert err.value.pointer == f"{POINTER}/Ssn-US/required"
