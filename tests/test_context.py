"""Field-name context: counter-evidence keys suppress keyword-less hits, extra key keywords
count as evidence, both as data in dataguard/identifiers/context.py."""

from __future__ import annotations

import dataclasses

import pytest

from dataguard.identifiers import MANAGED, get
from dataguard.identifiers import context as ctx
from dataguard.identifiers.reference import find_values
from dataguard.scan.detector import Detector

CARD = "4539148803436467"


def _both(spec, text: str, keys: tuple[object, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    """Values found by the reference matcher, asserted equal to the compiled detector's."""
    ref = find_values(spec, text, tuple(k for k in keys if isinstance(k, str)))
    hits = Detector([spec]).detect(text, keys)
    got = [text[s:e] for s, e in sorted({(h.start, h.end) for h in hits})]
    assert got == ref
    return ref


@pytest.mark.parametrize(
    "key,category",
    [
        ("orderId", "ids"),
        ("order_ids", "ids"),
        ("traceId", "ids"),
        ("x-correlation-id", "ids"),
        ("skuCode", "ids"),
        ("uuidV4", "ids"),
        ("bestellnummer", "ids"),
        ("kundenbestellnummer", "ids"),
        ("numéroDeCommande", "ids"),
        ("注文番号", "ids"),
        ("お客様の注文番号", "ids"),
        ("sha256Sum", "digests"),
        ("contentHash", "digests"),
        ("etag", "digests"),
        ("version", "versions"),
        ("buildVersion", "versions"),
        ("created_at", "times"),
        ("timestamp", "times"),
        ("epochMillis", "times"),
        ("タイムスタンプ", "times"),
        ("qty", "quantities"),
        ("totalAmount", "quantities"),
        ("preis", "quantities"),
        ("quantité", "quantities"),
        ("数量", "quantities"),
        ("価格", "quantities"),
    ],
)
def test_key_categories_recognise_counter_evidence(key: str, category: str) -> None:
    """Ids, digests, versions, times and quantities are recognised in several languages."""
    assert category in ctx.key_categories(key)


@pytest.mark.parametrize(
    "key", ["email", "customerEmail", "cardNumber", "dob", "phone", "sourceIp", "conversion"]
)
def test_ordinary_field_names_are_not_counter_evidence(key: str) -> None:
    """Field names that describe personal data are in no counter-evidence category."""
    assert ctx.key_categories(key) == frozenset()


def test_only_the_leaf_key_is_counter_evidence() -> None:
    """`request.sourceIp` is an IP: a counter word higher up the path does not count."""
    assert ctx.counter_evidence(("request", "trace", "sourceIp")) == frozenset()
    assert ctx.counter_evidence(("detail", "orderIds", 3)) == frozenset({"ids"})


def test_suppressed_needs_no_keyword_evidence() -> None:
    """Keyword evidence always wins over counter-evidence."""
    assert ctx.suppressed("CreditCardNumber", ("detail", "orderId"), False)
    assert not ctx.suppressed("CreditCardNumber", ("detail", "orderId"), True)


@pytest.mark.parametrize(
    "identifier,key,suppress",
    [
        ("IpAddress", "version", True),
        ("IpAddress", "clientId", False),
        ("PhoneNumber-US", "callerId", False),
        ("PhoneNumber-US", "timestamp", True),
        ("EmailAddress", "userId", False),
        ("OpenSshPrivateKey", "hash", False),
        ("VehicleIdentificationNumber", "sku", True),
        ("Ssn-US", "requestId", True),
        ("DriversLicense-DE", "quantity", True),
    ],
)
def test_rules_table_per_identifier(identifier: str, key: str, suppress: bool) -> None:
    """The rules table decides per identifier which categories suppress a keyword-less hit."""
    assert ctx.suppressed(identifier, ("detail", key), False) is suppress


def test_every_managed_identifier_has_a_rule_row() -> None:
    """The wildcard row gives every identifier a rule (an empty set is a rule too)."""
    for name in MANAGED:
        assert isinstance(ctx.suppressing_categories(name), frozenset)


@pytest.mark.parametrize(
    "identifier,word",
    [
        ("EmailAddress", "courriel"),
        ("EmailAddress", "メール"),
        ("DateOfBirth", "geburtsdatum"),
        ("DateOfBirth", "date de naissance"),
        ("DateOfBirth", "生年月日"),
        ("PhoneNumber-DE", "telefonnummer"),
        ("PhoneNumber-FR", "téléphone"),
        ("PhoneNumber-GB", "電話番号"),
        ("CreditCardNumber", "kartennummer"),
        ("CreditCardNumber", "numéro de carte"),
        ("DriversLicense-AT", "driver license"),
    ],
)
def test_extra_key_keywords(identifier: str, word: str) -> None:
    """Multilingual field names are extra key keywords of their identifier."""
    assert word in ctx.extra_key_keywords(identifier)


def test_extra_key_keywords_are_evidence_in_key_names() -> None:
    """`geburtsdatum` and `生年月日` as field names satisfy DateOfBirth's keyword rule."""
    spec = get("DateOfBirth")
    assert _both(spec, "1984-07-21", ("kunde", "geburtsdatum")) == ["1984-07-21"]
    assert _both(spec, "1984-07-21", ("会員", "生年月日")) == ["1984-07-21"]
    assert _both(spec, "1984-07-21", ("kunde", "lieferdatum")) == []


def test_extra_key_keywords_do_not_count_in_free_text() -> None:
    """Extra key keywords are field names only: in a sentence AWS's keywords still decide."""
    spec = get("DateOfBirth")
    assert _both(spec, "geburtsdatum 1984-07-21", ("note",)) == []


def test_japanese_key_names_are_evidence_for_phones() -> None:
    """A national-format number under `電話番号` counts as a phone (no word split needed)."""
    spec = get("PhoneNumber-GB")
    assert _both(spec, "020 7946 0958", ("顧客", "電話番号")) == ["020 7946 0958"]
    assert _both(spec, "020 7946 0958", ("顧客", "備考")) == []


def test_card_without_required_keyword_is_suppressed_under_order_id() -> None:
    """With keywords made optional, a Luhn-valid number under orderId is still not a card."""
    spec = dataclasses.replace(get("CreditCardNumber"), keyword_required=False)
    assert _both(spec, CARD, ("detail", "orderId")) == []
    assert _both(spec, CARD, ("detail", "payment")) == [CARD]
    assert _both(spec, f"card {CARD}", ("detail", "orderId")) == [CARD]
    assert _both(spec, CARD, ("billing", "kartennummer")) == [CARD]


def test_ip_like_version_is_not_an_ip() -> None:
    """`version: 10.1.2.3` is a version; the same value under `sourceIp` is an address."""
    spec = get("IpAddress")
    assert _both(spec, "10.1.2.3", ("app", "version")) == []
    assert _both(spec, "10.1.2.3", ("request", "sourceIp")) == ["10.1.2.3"]


def test_vin_under_sku_is_suppressed_but_vehicle_field_is_evidence() -> None:
    """A VIN-shaped SKU is not a VIN; under `vehicleId` the vehicle word is evidence."""
    spec = get("VehicleIdentificationNumber")
    vin = "1HGCM82633A004352"
    assert _both(spec, vin, ("item", "sku")) == []
    assert _both(spec, vin, ("fleet", "vehicleId")) == [vin]


def test_email_is_never_suppressed() -> None:
    """An e-mail address under an id field is still an e-mail address."""
    assert _both(get("EmailAddress"), "jane@example.com", ("userId",)) == ["jane@example.com"]
