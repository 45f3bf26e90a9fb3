"""Catalogue and detection behaviour of the managed identifiers (data-driven from
tests/identifiers/cases.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import re2
from conftest import finishes

from dataguard.identifiers import (
    ARN_PREFIX,
    CATEGORIES,
    MANAGED,
    detectable_names,
    get,
    is_managed,
    managed_names,
)
from dataguard.identifiers.reference import find, find_values
from dataguard.identifiers.spec import IdentifierSpec
from dataguard.scan.detector import Detector

_DATA = json.loads((Path(__file__).parent / "identifiers" / "cases.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = _DATA["cases"]
HARD_NEGATIVES: list[str] = _DATA["hard_negatives"]
DETECTABLE = detectable_names()
NEUTRAL_KEYS = ("detail", "requestId", "timestamp", "version", "sku", "hash", "orderId")

REQUIRED_DETECTABLE = (
    "EmailAddress",
    "IpAddress",
    "CreditCardNumber",
    "CreditCardExpiration",
    "CreditCardSecurityCode",
    "Ssn-US",
    "PhoneNumber",
    "PhoneNumber-US",
    "PhoneNumber-GB",
    "PhoneNumber-DE",
    "PhoneNumber-FR",
    "AwsSecretKey",
    "OpenSshPrivateKey",
    "PgpPrivateKey",
    "PkcsPrivateKey",
    "PuttyPrivateKey",
    "BankAccountNumber-DE",
    "BankAccountNumber-ES",
    "BankAccountNumber-FR",
    "BankAccountNumber-GB",
    "BankAccountNumber-IT",
    "BankAccountNumber-US",
    "IndividualTaxIdentificationNumber-US",
    "ZipCode-US",
    "LatLong",
    "VehicleIdentificationNumber",
    "NhsNumber-GB",
    "NationalInsuranceNumber-GB",
    "PassportNumber-US",
    "DriversLicense-US",
)

# A sample of names the SNS/CloudWatch tables list, across every category and country suffix.
DOCUMENTED_NAMES = (
    "Address",
    "AwsSecretKey",
    "BankAccountNumber-US",
    "CepCode-BR",
    "Cnpj-BR",
    "CpfCode-BR",
    "CreditCardMagneticStripe",
    "DateOfBirth",
    "DriversLicense-AT",
    "DriversLicense-SK",
    "DrugEnforcementAgencyNumber-US",
    "ElectoralRollNumber-GB",
    "HealthInsuranceCardNumber-EU",
    "HealthInsuranceClaimNumber-US",
    "HealthInsuranceNumber-FR",
    "HealthcareProcedureCode-US",
    "InseeCode-FR",
    "MedicareBeneficiaryNumber-US",
    "Name",
    "NationalDrugCode-US",
    "NationalIdentificationNumber-DE",
    "NieNumber-ES",
    "NifNumber-ES",
    "PassportNumber-CA",
    "PermanentResidenceNumber-CA",
    "PersonalHealthNumber-CA",
    "PhoneNumber-BR",
    "PostalCode-CA",
    "RgNumber-BR",
    "Ssn-ES",
    "TaxId-DE",
    "TaxId-GB",
)


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['identifier']}:{case['id']}"


# --- catalogue ---------------------------------------------------------------------------------


def test_catalogue_has_every_documented_identifier() -> None:
    """All identifiers of the SNS tables are present: 31 DriversLicense countries and the rest."""
    names = set(managed_names())
    assert set(DOCUMENTED_NAMES) <= names
    assert sum(n.startswith("DriversLicense-") for n in names) == 31
    assert len(names) >= 100


@pytest.mark.parametrize("name", sorted(MANAGED))
def test_spec_is_well_formed(name: str) -> None:
    """Each spec is keyed by its name, has a known category, and a country suffix matches it."""
    spec = MANAGED[name]
    assert spec.name == name
    assert spec.category in CATEGORIES
    if "-" in name:
        assert name.rsplit("-", 1)[1] in spec.countries or name == "PhoneNumber"


@pytest.mark.parametrize("name", REQUIRED_DETECTABLE)
def test_required_identifiers_are_detectable(name: str) -> None:
    """The identifiers the project promised have a detector."""
    assert get(name).detectable


def test_identifiers_without_detector_are_not_detectable() -> None:
    """A known-but-undetected identifier says so instead of silently finding nothing."""
    assert not IdentifierSpec(name="Foo-XX", category="Personal", keywords=("foo",)).detectable


def test_get_accepts_arn_in_any_partition() -> None:
    """Policies name identifiers by ARN; aws-cn ARNs resolve to the same spec."""
    assert get(ARN_PREFIX + "EmailAddress") is MANAGED["EmailAddress"]
    assert get("arn:aws-cn:dataprotection::aws:data-identifier/Ssn-US") is MANAGED["Ssn-US"]


def test_get_unknown_name_raises_key_error() -> None:
    """An unknown name is a KeyError naming it (the policy loader turns it into PolicyError)."""
    with pytest.raises(KeyError, match="Ssn-XX"):
        get("Ssn-XX")


@pytest.mark.parametrize("name,managed", [("Ssn-US", True), ("ssn-us", False), ("Foo", False)])
def test_is_managed_is_case_sensitive(name: str, managed: bool) -> None:
    """SNS identifier names are case-sensitive."""
    assert is_managed(name) is managed


@pytest.mark.parametrize("name", DETECTABLE)
def test_patterns_compile_and_have_re2_candidates(name: str) -> None:
    """Patterns compile in Python; the detector can build an RE2 candidate (no always-run)."""
    from dataguard.scan.detector import candidate_regex

    spec = get(name)
    flags = 0 if spec.unicode else re.ASCII
    for p in spec.patterns + spec.keyword_patterns:
        re.compile(p, flags)
    cand = candidate_regex(spec)
    assert cand is not None
    re2.compile(cand)


_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*]")


@pytest.mark.parametrize("name", DETECTABLE)
def test_patterns_have_no_unbounded_nested_quantifiers(name: str) -> None:
    """No ``(...+)+``-style group, the shape that backtracks catastrophically."""
    spec = get(name)
    for p in spec.patterns + spec.keyword_patterns:
        assert not _NESTED.search(p), p


_ADVERSARIAL = (
    "1" * 20000,
    "1-" * 10000,
    "a" * 5000 + "@" + "b" * 5000,
    "a." * 10000,
    ":" * 5000 + "a:" * 5000,
    "A" * 20000,
    "-----BEGIN OPENSSH PRIVATE KEY-----" + "A" * 20000,
    "PuTTY-User-Key-File-3: " + "x\n" * 5000,
    "card " + "4111 " * 4000,
    "phone " + "12 34 " * 3000,
)


@pytest.mark.parametrize("name", DETECTABLE)
def test_adversarial_inputs_scan_in_linear_time(name: str) -> None:
    """20 kB of repetitive input cannot make an identifier hang (catastrophic backtracking)."""
    spec = get(name)
    assert finishes(lambda: [find(spec, t, ("card", "phone", "ssn")) for t in _ADVERSARIAL])


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_case(case: dict[str, Any]) -> None:
    """Each vector finds exactly the expected substrings (reference semantics)."""
    spec = get(case["identifier"])
    assert find_values(spec, case["text"], tuple(case["keys"])) == case["expect"]


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_case_with_compiled_detector(case: dict[str, Any]) -> None:
    """The compiled detector finds the same substrings as the reference semantics."""
    spec = get(case["identifier"])
    hits = Detector([spec]).detect(case["text"], tuple(case["keys"]))
    got = sorted({(h.start, h.end) for h in hits})
    assert [case["text"][s:e] for s, e in got] == case["expect"]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
@pytest.mark.parametrize("keys", [(), NEUTRAL_KEYS], ids=["no-keys", "neutral-keys"])
def test_hard_negative_is_found_by_no_identifier(text: str, keys: tuple[str, ...]) -> None:
    """Ids, timestamps, versions, hashes and request ids are not sensitive data."""
    found = {n: find_values(get(n), text, keys) for n in DETECTABLE}
    assert {n: v for n, v in found.items() if v} == {}


@pytest.mark.parametrize("name", [n for n in DETECTABLE if get(n).keyword_required])
def test_keyword_required_identifiers_have_keywords(name: str) -> None:
    """An identifier that needs a keyword has at least one to find."""
    assert get(name).keywords


def test_keyword_matches_separator_variants() -> None:
    """AWS matches "secret key" as secret_key, secret-key and secretkey too."""
    spec = get("AwsSecretKey")
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    for kw in ("secret_key", "secret-key", "SecretKey", "SECRET KEY"):
        assert find_values(spec, f"{kw}={secret}") == [secret]


def test_keyword_inside_longer_word_does_not_count() -> None:
    """ "pan" inside "company" is not the card keyword "pan"."""
    assert find_values(get("CreditCardNumber"), "company 5425233430109903") == []


def test_keyword_beyond_window_does_not_count() -> None:
    """A keyword more than keyword_window characters away is not evidence."""
    spec = get("Ssn-US")
    text = "ssn" + " " * (spec.keyword_window + 5) + "536-90-4399"
    assert find_values(spec, text) == []


def test_phone_national_and_international_give_one_span_each() -> None:
    """An international number is reported once, not again as a national candidate."""
    spec = get("PhoneNumber-US")
    assert find_values(spec, "phone +1 415-555-2671") == ["+1 415-555-2671"]


@pytest.mark.parametrize("name", ["PhoneNumber-US", "PhoneNumber"])
@pytest.mark.parametrize("text", ["call (+1 415-555-2671) now", "[+1 415 555 2671]"])
def test_phone_in_brackets_starts_at_the_plus(name: str, text: str) -> None:
    """The matcher starts a bracketed "+" number at the bracket; the hit starts at the "+"
    (the compiled detector: the reference also reports the local number inside it)."""
    from dataguard.scan.detector import _Compiled

    number = "+1 415" + text.split("+1 415")[1][:9]
    assert [text[h.start : h.end] for h in _Compiled(get(name)).find(text, ())] == [number]


def test_bracketed_phone_is_masked_end_to_end() -> None:
    from dataguard import Guard

    policy = {
        "Name": "p",
        "Version": "2021-06-01",
        "Statement": [
            {
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/PhoneNumber-US"],
                "Operation": {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "#"}}},
            }
        ],
    }
    out = Guard(policy).protect({"note": "call me (+1 415-555-2671) today"}).message
    assert out == {"note": "call me (###############) today"}


def test_detectable_count_is_reported() -> None:
    """A guard against silently losing detectors in a refactor."""
    assert len(DETECTABLE) >= 50


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negative_with_compiled_detector(text: str) -> None:
    """The compiled detector over every detectable identifier finds nothing in a hard negative."""
    detector_mod = pytest.importorskip("dataguard.scan.detector")
    detector = detector_mod.Detector([get(n) for n in DETECTABLE])
    assert [
        (h.identifier, text[h.start : h.end]) for h in detector.detect(text, NEUTRAL_KEYS)
    ] == []
