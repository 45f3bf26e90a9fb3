"""Name and Address without a model: field names, value shapes and free-text cues."""

from __future__ import annotations

import pytest
from conftest import finishes

from dataguard.identifiers import addresses, names
from dataguard.identifiers.catalogue import get
from dataguard.scan.detector import Detector
from dataguard.scan.paths import LAYER


def _names(text: str, *keys: object) -> list[str]:
    return [text[s:e] for s, e, _ in names.make_finder()(text, keys)]


def _addresses(text: str, *keys: object) -> list[str]:
    return [text[s:e] for s, e, _ in addresses.make_finder()(text, keys)]


# --- Name fields -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "value"),
    [
        (("customer", "name"), "Olivia Smith"),
        (("fullName",), "Jean-Luc Picard"),
        (("customer_name",), "Siobhán O'Brien"),
        (("billing", "cardholderName"), "OLIVIA SMITH"),
        (("payout", "accountHolder"), "Ludwig van der Berg"),
        (("client", "nom"), "Amélie Dubois"),
        (("profile", "名前"), "山田 太郎"),
        (("detail", "name"), "Mateo García"),
        (("shipping", "address", "name"), "Zoë Müller"),
        (("requester", "Name"), "Smith, Olivia"),
        (("person", "firstName"), "Olivia"),
        (("Records", 0, "body", LAYER, "patient", "name"), "Kwame Okafor"),
    ],
)
def test_name_field_is_found_whole(keys: tuple[object, ...], value: str) -> None:
    """A person's name under a key that says name is a Name, the whole value."""
    assert _names(value, *keys) == [value]


@pytest.mark.parametrize(
    ("keys", "value"),
    [
        (("items", 0, "name"), "Merino Crew Sweater"),
        (("clinic", "name"), "Riverside Surgery"),
        (("company", "name"), "Northwind Traders"),
        (("detail", "name"), "Summer Sale"),
        (("productName",), "Linen Duvet Cover"),
        (("fileName",), "Report Final"),
        (("customer", "name"), "olivia smith 2"),
        (("customer", "name"), "ORD-2024-000123"),
        (("customer", "segment"), "Returning Customer"),
        (("orderId",), "Olivia Smith"),
        (("status",), "Pending Review"),
        (("username",), "Olivia"),
    ],
)
def test_non_person_values_and_fields_are_not_names(keys: tuple[object, ...], value: str) -> None:
    """Products, organisations, ids and enums are not names, nor are names under id keys."""
    assert _names(value, *keys) == []


# --- Name in free text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi,\nthe parcel never came.\n\nThanks,\nOlivia Smith\n", "Olivia Smith"),
        ("Order late. Best regards, Jürgen Schmidt", "Jürgen Schmidt"),
        ("Viele Grüße,\nAnna Fischer", "Anna Fischer"),
        ("Please ask Dr. Priya Patel to call back", "Priya Patel"),
        ("Hello, my name is Lucas Rossi and I need help", "Lucas Rossi"),
        ('login ok customer_name="Mei Chen" plan=pro', "Mei Chen"),
        ("配送をお願いします。\n\nよろしくお願いします\n山田 太郎", "山田 太郎"),
        ("山田太郎様、ご注文ありがとうございます。", "山田太郎"),
    ],
)
def test_free_text_cues_find_names(text: str, name: str) -> None:
    """Sign-offs, honorifics, introductions and inline name fields point at a name."""
    assert _names(text, "comment") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, Best Regards",
        "The Merino Crew Sweater was the wrong size",
        "RequestId: 8f507cfc-6f1c-4c5e-9f3e-2b1a0c9d8e7f Duration: 12.34 ms",
        "I am Still Waiting for my refund",
        "Release 2.31.0 of Amazon Linux is out",
    ],
)
def test_free_text_without_cues_has_no_names(text: str) -> None:
    """Capitalised words alone are not names when no cue (or model) says so."""
    assert _names(text, "comment") == []


# --- Address fields ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "value"),
    [
        (("shipping", "address", "line1"), "12 Maple Avenue"),
        (("address",), "221B Baker Street, London NW1 6XE"),
        (("billTo", "street"), "Hauptstraße 12"),
        (("shipTo", "addressLine1"), "4 Privet Drive"),
        (("client", "adresse"), "12 rue de la Paix, 75002 Paris"),
        (("cliente", "indirizzo"), "Via Roma 10"),
        (("cliente", "dirección"), "Calle Mayor 5, 3º B"),
        (("customer", "住所"), "東京都千代田区千代田1-1"),
        (("homeAddress",), "1600 Amphitheatre Parkway\nMountain View, CA 94043"),
    ],
)
def test_address_field_is_found_whole(keys: tuple[object, ...], value: str) -> None:
    """A street address under an address key is an Address, the whole value."""
    assert _addresses(value, *keys) == [value]


@pytest.mark.parametrize(
    ("keys", "value"),
    [
        (("ipAddress",), "10 Downing"),
        (("emailAddress",), "jane@example.org"),
        (("macAddress",), "00:1B:44:11:3A:B7"),
        (("address",), "0x52908400098527886E0F7030069857D2E4169EE7"),
        (("address", "country"), "DE"),
        (("address", "postalCode"), "10115"),
        (("address",), "Berlin"),
        (("address",), "123e4567-e89b-12d3-a456-426614174000"),
    ],
)
def test_non_postal_address_fields_are_not_addresses(keys: tuple[object, ...], value: str) -> None:
    """IP/email/MAC/wallet "addresses", bare cities and postal codes are not Addresses."""
    assert _addresses(value, *keys) == []


# --- Address in free text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("parcel to 221B Baker Street, London NW1 6XE today", "221B Baker Street, London NW1 6XE"),
        (
            "HQ: 1600 Amphitheatre Parkway, Mountain View, CA 94043.",
            "1600 Amphitheatre Parkway, Mountain View, CA 94043",
        ),
        ("office at 100 George Street, Sydney NSW 2000 now", "100 George Street, Sydney NSW 2000"),
        (
            "Ship to 123 Queen Street West, Toronto, ON M5H 2M9 asap",
            "123 Queen Street West, Toronto, ON M5H 2M9",
        ),
        ("Livraison au 12 rue de la Paix, 75002 Paris svp", "12 rue de la Paix, 75002 Paris"),
        ("Bitte an Berliner Straße 5, 10115 Berlin", "Berliner Straße 5, 10115 Berlin"),
        ("Lieferung: Hauptstraße 12a", "Hauptstraße 12a"),
        ("Spedire a Via Roma 10, 00184 Roma", "Via Roma 10, 00184 Roma"),
        ("Envío a Calle Mayor 5, 28013 Madrid", "Calle Mayor 5, 28013 Madrid"),
        ("配送先は東京都千代田区千代田1-1です。", "東京都千代田区千代田1-1"),
    ],
)
def test_free_text_addresses_in_aws_countries(text: str, address: str) -> None:
    """Street addresses of the AWS-documented countries are found in prose."""
    assert _addresses(text, "comment") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "order ORD-2024-000123 shipped",
        "version 2.31.0",
        "We have 3 Street Fighter games",
        "invoice 2024/000123, total 1.234,56 EUR",
        "retry after 86400 seconds",
        "Build 20240315.3 took 415.5 s",
    ],
)
def test_free_text_without_addresses(text: str) -> None:
    """Ids, versions, amounts and numbers next to words are not addresses."""
    assert _addresses(text, "detail") == []


# --- through the compiled detector -------------------------------------------------------------


def test_detector_runs_name_only_on_candidate_strings() -> None:
    """The RE2 prefilter keeps ids, numbers and enums away from the Name finder."""
    det = Detector([get("Name"), get("Address")])
    assert det.candidates("123e4567-e89b-12d3-a456-426614174000") == []
    assert det.candidates("pending") == []
    assert det.candidates("1710498153000") == []
    hits = det.detect("Olivia Smith", ("customer", "name"))
    assert [(h.identifier, h.start, h.end) for h in hits] == [("Name", 0, 12)]


def test_catalogue_name_and_address_are_detectable() -> None:
    """Name and Address have detectors now (a policy naming them loads without warning)."""
    assert get("Name").detectable
    assert get("Address").detectable


_ADVERSARIAL = (
    "A" * 20000,
    "Aa " * 7000,
    "1 A" * 7000,
    "Thanks,\n" * 3000,
    "Mr " * 7000,
    "name=" * 4000,
    "12 rue " * 3000,
    "Via " * 5000 + "1",
    "Calle " * 4000,
    "Hauptstraße " * 2000,
    "1" * 20000,
)


@pytest.mark.parametrize("keys", [("comment",), ("customer", "name"), ("address",)])
def test_adversarial_inputs_scan_in_linear_time(keys: tuple[str, ...]) -> None:
    """20 kB of repetitive input cannot make either finder hang."""
    find_n, find_a = names.make_finder(), addresses.make_finder()
    assert finishes(lambda: [(find_n(t, keys), find_a(t, keys)) for t in _ADVERSARIAL])
