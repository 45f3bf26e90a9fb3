"""The benchmark corpus generator: deterministic, realistic, and labelled exactly."""

from __future__ import annotations

import base64
import ipaddress
import itertools
import re
from collections import Counter

import orjson
import phonenumbers
import pytest

from benchmarks.corpus import (
    LAYER,
    MAX_SIZE,
    MIN_SIZE,
    REGEX_IDENTIFIERS,
    SHAPES,
    Event,
    format_path,
    generate,
    iban_ok,
    luhn_ok,
    nhs_ok,
    parse_path,
    resolve,
)

N = 600


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return generate(N, seed=7)


_EMAIL = re.compile(r"[a-z0-9._+]+@[a-z0-9-]+(\.[a-z0-9-]+)+\Z")
_SSN = re.compile(r"(\d{3})-(\d{2})-(\d{4})\Z")
_TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"}


def _valid(identifier: str, value: str) -> bool:
    """Whether ``value`` is a well-formed instance of ``identifier``."""
    if identifier == "EmailAddress":
        return bool(_EMAIL.match(value))
    if identifier == "CreditCardNumber":
        d = re.sub(r"[ -]", "", value)
        return d.isdigit() and 15 <= len(d) <= 16 and luhn_ok(d) and d not in _TEST_CARDS
    if identifier == "Ssn-US":
        m = _SSN.match(value)
        return bool(m) and m[1] not in ("000", "666") and m[1] < "900" and m[2] != "00"
    if identifier == "PhoneNumber-US":
        n = phonenumbers.parse(value, "US")
        return n.country_code == 1 and phonenumbers.is_valid_number(n)
    if identifier == "IpAddress":
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return False
        return True
    if identifier.startswith("BankAccountNumber-"):
        return value.replace(" ", "")[:2] == identifier[-2:] and iban_ok(value)
    if identifier == "NhsNumber-GB":
        return nhs_ok(value)
    if identifier == "Name":
        return len(value.split(" ")) == 2 and value == value.strip()
    if identifier == "Address":
        return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
    return False


def test_deterministic_per_seed() -> None:
    """The same seed gives byte-identical payloads and labels; another seed does not."""
    a, b, c = generate(40, seed=3), generate(40, seed=3), generate(40, seed=4)
    assert [(e.shape, e.payload, e.labels) for e in a] == [
        (e.shape, e.payload, e.labels) for e in b
    ]
    assert [e.payload for e in a] != [e.payload for e in c]


def test_prefix_stable() -> None:
    """A shorter corpus is a prefix of a longer one with the same seed."""
    assert generate(15, seed=11) == generate(30, seed=11)[:15]


def test_sizes_in_range(events: list[Event]) -> None:
    """Every payload is between 300 B and 20 KB, with a spread of sizes."""
    sizes = [e.size for e in events]
    assert min(sizes) >= MIN_SIZE
    assert max(sizes) <= MAX_SIZE
    assert sum(s < 1500 for s in sizes) > N // 10
    assert sum(s > 10_000 for s in sizes) > N // 10


def test_pii_ratio_near_requested(events: list[Event]) -> None:
    """About 40 % of events carry PII by default, and the ratio follows the argument."""
    assert abs(sum(e.has_pii for e in events) / N - 0.4) < 0.05
    other = generate(300, seed=7, pii_ratio=0.1)
    assert abs(sum(e.has_pii for e in other) / 300 - 0.1) < 0.05


def test_every_shape_and_identifier_appears(events: list[Event]) -> None:
    """All envelope shapes and all regex-class identifiers occur in a modest corpus."""
    assert set(Counter(e.shape for e in events)) == set(SHAPES)
    found = {lb.identifier for e in events for lb in e.labels}
    assert set(REGEX_IDENTIFIERS) <= found


def test_pii_events_have_a_regex_class_label(events: list[Event]) -> None:
    """An event with labels has at least one a regex-only policy can find."""
    for e in events:
        if e.labels:
            assert any(lb.identifier in REGEX_IDENTIFIERS for lb in e.labels)


def test_labels_point_at_the_pii_value(events: list[Event]) -> None:
    """Decoding each label's path gives a string whose span is a valid value of its kind."""
    checked = 0
    for e in events:
        for lb in e.labels:
            value = resolve(e.payload, lb.path)
            assert isinstance(value, str), lb
            assert 0 <= lb.start < lb.end <= len(value), lb
            span = value[lb.start : lb.end]
            assert _valid(lb.identifier, span), (lb, span)
            checked += 1
    assert checked > N // 2


def test_labels_do_not_overlap(events: list[Event]) -> None:
    """Spans at the same path never overlap, and no label is repeated."""
    for e in events:
        by_path: dict[str, list[tuple[int, int]]] = {}
        for lb in e.labels:
            by_path.setdefault(lb.path, []).append((lb.start, lb.end))
        for spans in by_path.values():
            spans.sort()
            for (_, end), (start, _) in itertools.pairwise(spans):
                assert end <= start


def test_free_text_labels_use_character_offsets() -> None:
    """Offsets count characters, not UTF-8 bytes, in text holding non-ASCII characters."""
    seen = 0
    for e in generate(400, seed=5):
        for lb in e.labels:
            value = resolve(e.payload, lb.path)
            if lb.start > 0 and not value.isascii():
                assert _valid(lb.identifier, value[lb.start : lb.end])
                seen += 1
    assert seen > 0


def test_paths_open_every_layer_kind(events: list[Event]) -> None:
    """Labels go through JSON-text layers (SQS body, SNS Message) and base64 (Kinesis)."""
    paths = [lb.path for e in events for lb in e.labels]
    assert any(p.startswith("$.Records[0].body>$.Message>$.") for p in paths)
    assert any(p.startswith("$.Records[0].kinesis.data>$.") for p in paths)
    assert any(p == "$.Records[0].kinesis.data>$" for p in paths)
    assert any(p.startswith("$.Message>$.detail.") for p in paths)
    assert any(p.startswith("$.Records[0].Sns.Message>$.") for p in paths)
    assert "$" in paths  # plain-text payloads
    assert any(p.startswith("$.detail.") for p in paths)


def test_kinesis_data_is_base64(events: list[Event]) -> None:
    """Kinesis records carry base64 that decodes to JSON or to text."""
    for e in events:
        if e.shape != "kinesis":
            continue
        for rec in orjson.loads(e.payload)["Records"]:
            base64.b64decode(rec["kinesis"]["data"], validate=True).decode("utf-8")


def test_envelopes_have_the_aws_fields(events: list[Event]) -> None:
    """Envelope keys match what AWS delivers for each shape."""
    for e in events:
        if e.shape == "text":
            continue
        doc = orjson.loads(e.payload)
        if e.shape == "eventbridge":
            assert {"version", "id", "detail-type", "source", "account", "time", "region"} <= set(
                doc
            )
            assert {"resources", "detail"} <= set(doc)
        elif e.shape == "sns":
            assert {"Type", "MessageId", "TopicArn", "Message", "Timestamp"} <= set(doc)
            assert {"SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL"} <= set(doc)
            assert len(base64.b64decode(doc["Signature"])) == 256
        elif e.shape == "sqs-sns":
            body = orjson.loads(doc["Records"][0]["body"])
            assert body["Type"] == "Notification"
            assert doc["Records"][0]["eventSource"] == "aws:sqs"


def test_hard_negatives_present(events: list[Event]) -> None:
    """The clean events still contain PII lookalikes: UUIDs, timestamps, hashes, ARNs."""
    clean = b"".join(e.payload for e in events if not e.labels)
    for pattern in (
        rb"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",
        rb"\b1[67]\d{11}\b",  # epoch millis
        rb"\b\d{3}-\d{7}-\d{7}\b",  # order numbers
        rb"arn:aws:[a-z]+:[a-z0-9-]*:\d{12}:",
        rb"\b[0-9a-f]{32}\b",  # md5OfBody
        rb"\b\d{4} \d{4} \d{4} \d{4}\b",  # Luhn-invalid payment references
    ):
        assert re.search(pattern, clean), pattern


def test_path_format_round_trips() -> None:
    """Paths use dataguard's notation and parse back to the same segments."""
    segs = ("Records", 0, "body", LAYER, "Message", LAYER, "detail-type", "it's")
    path = format_path(segs)
    assert path == "$.Records[0].body>$.Message>$['detail-type']['it\\'s']"
    assert parse_path(path) == segs


def test_path_format_matches_dataguard() -> None:
    """The corpus formats paths exactly as dataguard's findings do."""
    paths = pytest.importorskip("dataguard.scan.paths")
    segs = ("Records", 3, "body", LAYER, "detail-type", "a b", "x_1")
    theirs = tuple(paths.LAYER if s is LAYER else s for s in segs)
    assert paths.format_path(theirs) == format_path(segs)
