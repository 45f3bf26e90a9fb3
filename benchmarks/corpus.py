"""Seeded generator of realistic mixed AWS event payloads with exact PII labels.

``generate(n, seed, pii_ratio=0.4)`` returns ``n`` :class:`Event` objects. Each carries the
serialized message (``payload``, bytes), its envelope ``shape`` and ``labels``: one
:class:`Label` ``(identifier, path, start, end)`` per PII occurrence, where ``path`` uses
dataguard's JSONPath notation (``$.a['odd key'][3]``, ``>`` where a string holds an encoded
document: JSON text, base64 of JSON, or base64 of text) and ``start``/``end`` are character
(code point) offsets in the decoded string value at that path. :func:`resolve` decodes a path
back to that string, so ``resolve(e.payload, l.path)[l.start:l.end]`` is the PII value.

Shapes: ``eventbridge`` (an EventBridge event), ``sns`` (an SNS HTTP/S notification whose
``Message`` is JSON text, sometimes an EventBridge event), ``sns-lambda`` (the same inside a
Lambda ``Records[].Sns``), ``sqs`` (an SQS Lambda event whose ``body`` is the JSON document),
``sqs-sns`` (an SQS event whose ``body`` is an SNS notification), ``kinesis`` (a Kinesis Lambda
event whose ``data`` is base64 of JSON or of log text) and ``text`` (a plain-text log batch).
Payloads are 300 B to 20 KB, padded with realistic content (order line items, prescriptions,
log lines), never random junk.

Labelled identifiers (AWS managed names): EmailAddress, CreditCardNumber (Luhn-valid, never a
published test number), Ssn-US, PhoneNumber-US, IpAddress (v4 and v6), BankAccountNumber-GB /
BankAccountNumber-DE (IBANs with valid mod-97), NhsNumber-GB (valid mod-11); plus Name (a full
person name in a name field or a free-text sign-off) and Address (the street line of a postal
address). An event either has at least one regex-class label or has no labels at all (and no
names or addresses): ``pii_ratio`` is the fraction of the former.

Everything else is unlabelled on purpose, including hard negatives that look like PII: UUIDs,
ISO timestamps, epoch seconds and millis, order numbers (``112-4839201-5582910``), version
strings, hex hashes, SKUs and GTINs (Luhn-invalid), AWS request ids, X-Ray trace ids, account
ids and ARNs, receipt handles, Kinesis sequence numbers, SNS signatures, prices, card last-4,
Luhn-invalid payment references and SSN-shaped part numbers. A detector that flags one of them
is wrong by these labels.

Deterministic per seed and prefix-stable: ``generate(n, s)[:k] == generate(k, s)``.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import orjson

# the corpus labels use dataguard's own paths, so a label and a finding compare as strings
from dataguard.scan.paths import LAYER, Segment, format_path

MIN_SIZE = 300
MAX_SIZE = 20_000

SHAPES: tuple[str, ...] = (
    "eventbridge",
    "sns",
    "sns-lambda",
    "sqs",
    "sqs-sns",
    "kinesis",
    "text",
)
_SHAPE_WEIGHTS = (0.28, 0.12, 0.08, 0.10, 0.22, 0.15, 0.05)

# Identifiers a regex-class policy can find; Name and Address need NER.
REGEX_IDENTIFIERS: tuple[str, ...] = (
    "EmailAddress",
    "CreditCardNumber",
    "Ssn-US",
    "PhoneNumber-US",
    "IpAddress",
    "BankAccountNumber-GB",
    "BankAccountNumber-DE",
    "NhsNumber-GB",
)
NER_IDENTIFIERS: tuple[str, ...] = ("Name", "Address")


class Label(NamedTuple):
    """One PII occurrence: ``resolve(payload, path)[start:end]`` is the value."""

    identifier: str
    path: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """One generated message. ``kind`` is the business event inside (``OrderPlaced``...)."""

    shape: str
    payload: bytes = field(repr=False)
    labels: tuple[Label, ...]
    kind: str = ""

    @property
    def has_pii(self) -> bool:
        return bool(self.labels)

    @property
    def size(self) -> int:
        return len(self.payload)


# --------------------------------------------------------------------------------------------
# paths


Segs = tuple[Segment, ...]


_TOKEN = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|(>\$)")


def parse_path(path: str) -> Segs:
    """Inverse of :func:`format_path`."""
    if not path.startswith("$"):
        raise ValueError(f"path must start with $: {path!r}")
    segs: list[Segment] = []
    pos = 1
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            raise ValueError(f"bad path {path!r} at {pos}")
        key, index, quoted, _layer = m.groups()
        if key is not None:
            segs.append(key)
        elif index is not None:
            segs.append(int(index))
        elif quoted is not None:
            segs.append(re.sub(r"\\(.)", r"\1", quoted))
        else:
            segs.append(LAYER)
        pos = m.end()
    return tuple(segs)


def _open(s: str) -> Any:
    """The document or text inside an encoded string (JSON text, base64 of JSON or text)."""
    if s.lstrip()[:1] in ("{", "["):
        return orjson.loads(s)
    text = base64.b64decode(s, validate=True).decode("utf-8")
    if text.lstrip()[:1] in ("{", "["):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return text
    return text


def decode_payload(payload: bytes) -> Any:
    """The payload as a JSON value, or as text when it is not JSON."""
    try:
        return orjson.loads(payload)
    except orjson.JSONDecodeError:
        return payload.decode("utf-8")


def resolve(payload: bytes, path: str) -> Any:
    """The value at ``path`` in ``payload``, opening encoded layers at each ``>``."""
    node = decode_payload(payload)
    for seg in parse_path(path):
        if seg is LAYER:
            if not isinstance(node, str):
                raise ValueError(f"{path}: layer marker on a non-string")
            node = _open(node)
        else:
            node = node[seg]
    return node


# --------------------------------------------------------------------------------------------
# labels while building

_Lbl = tuple[str, Segs, int, int]  # identifier, segments relative to a document, start, end


class _Text:
    """Free text assembled piece by piece, remembering where PII went."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[tuple[str, int, int]] = []

    def add(self, s: str) -> _Text:
        self.parts.append(s)
        self.n += len(s)
        return self

    def pii(self, identifier: str, value: str) -> _Text:
        self.spans.append((identifier, self.n, self.n + len(value)))
        return self.add(value)

    @property
    def value(self) -> str:
        return "".join(self.parts)

    def labels_at(self, segs: Segs) -> list[_Lbl]:
        return [(ident, segs, a, b) for ident, a, b in self.spans]


class _Doc:
    """A JSON document under construction plus the labels inside it."""

    def __init__(self) -> None:
        self.labels: list[_Lbl] = []

    def field(self, identifier: str, segs: Segs, value: str) -> str:
        self.labels.append((identifier, segs, 0, len(value)))
        return value

    def text(self, segs: Segs, text: _Text) -> str:
        self.labels.extend(text.labels_at(segs))
        return text.value

    def nest(self, prefix: Segs, labels: list[_Lbl]) -> None:
        """Labels of a document embedded at ``prefix`` (``prefix`` ends with LAYER when the
        document is encoded in a string)."""
        self.labels.extend((i, (*prefix, *s), a, b) for i, s, a, b in labels)


# --------------------------------------------------------------------------------------------
# data

_FIRST = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofía", "José", "Zoë", "Chloé",
    "Søren", "Björn", "Siobhán", "Aarav", "Priya", "Mei", "Hiroshi", "Oluwaseun", "Fatima",
    "Lukas", "Anna", "Jürgen", "Amélie", "Ethan", "Grace", "Mohammed", "Aisha", "Wei",
    "Nikolai", "Isabella", "Lucas", "Hannah", "Daniel", "Chiara", "Mateusz", "Ewa", "Thomas",
    "Sarah", "Kwame", "Ingrid",
)  # fmt: skip
_LAST = (
    "Smith", "Johnson", "García", "Müller", "Schmidt", "O'Brien", "Nguyen", "Kowalski",
    "Rossi", "Dubois", "Patel", "Kim", "Okafor", "Andersson", "Jensen", "Martínez", "Brown",
    "Wilson", "Taylor", "Schneider", "Fischer", "Wójcik", "Novak", "Tanaka", "Silva", "Costa",
    "Murphy", "Kelly", "Hughes", "Evans", "Fernández", "López", "Yılmaz", "Cohen", "Levi",
    "Singh", "Khan", "Ali", "Chen", "Wang",
)  # fmt: skip
_MAIL_DOMAINS = (
    "gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.com", "icloud.com", "proton.me",
    "web.de", "gmx.de", "btinternet.com", "fastmail.fm", "northwind-traders.com",
    "contoso.co.uk",
)  # fmt: skip
_ASCII_FOLD = str.maketrans({"ø": "o", "ß": "ss", "ł": "l", "ı": "i", "æ": "ae", "'": ""})

# (city, region, postal code, country) per country
_CITIES = {
    "US": (
        ("Springfield", "IL", "62704"), ("Austin", "TX", "78701"), ("Portland", "OR", "97205"),
        ("Denver", "CO", "80202"), ("Boston", "MA", "02116"),
    ),
    "GB": (
        ("London", "", "SE1 9SG"), ("Manchester", "", "M1 4BT"), ("Leeds", "", "LS1 5DL"),
        ("Bristol", "", "BS1 4DJ"), ("Edinburgh", "", "EH1 1YZ"),
    ),
    "DE": (
        ("Berlin", "", "10115"), ("München", "", "80331"), ("Köln", "", "50667"),
        ("Hamburg", "", "20095"), ("Frankfurt am Main", "", "60311"),
    ),
}  # fmt: skip
_STREETS = {
    "US": ("Maple Avenue", "Elm Street", "Oak Lane", "Cedar Road", "Sunset Boulevard"),
    "GB": ("High Street", "Baker Street", "Church Road", "Victoria Road", "Mill Lane"),
    "DE": ("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee"),
}
_CURRENCY = {"US": "USD", "GB": "GBP", "DE": "EUR"}

_PRODUCTS = (
    ("apparel", "AP", "Merino Crew Sweater"), ("apparel", "AP", "Organic Cotton Tee"),
    ("apparel", "AP", "Waterproof Trail Jacket"), ("footwear", "FW", "Leather Chelsea Boot"),
    ("footwear", "FW", "Road Running Shoe"), ("electronics", "EL", "USB-C Charger 65W"),
    ("electronics", "EL", "Noise-Cancelling Headphones"), ("electronics", "EL", "4K HDMI Cable 2m"),
    ("home", "HM", "Ceramic Pour-Over Set"), ("home", "HM", "Linen Duvet Cover"),
    ("home", "HM", "Cast Iron Skillet 26cm"), ("outdoor", "OD", "Ultralight Tent 2P"),
    ("outdoor", "OD", "Insulated Bottle 750ml"), ("beauty", "BT", "Mineral Sunscreen SPF50"),
    ("toys", "TY", "Wooden Marble Run"), ("books", "BK", "Field Guide to Mushrooms"),
)  # fmt: skip
_COLORS = ("navy", "black", "sand", "olive", "white", "graphite", "rust")
_SIZES = ("XS", "S", "M", "L", "XL", "one-size")
_WAREHOUSES = ("DE-FRA-3", "GB-LTN-1", "US-SEA-4", "US-ATL-2", "PL-WRO-1")
_CARRIERS = ("UPS", "DHL", "DPD", "Royal Mail", "USPS", "Hermes")
_MEDICATIONS = (
    ("Amoxicillin", "500mg capsules"), ("Atorvastatin", "20mg tablets"),
    ("Salbutamol", "100mcg inhaler"), ("Metformin", "500mg tablets"),
    ("Sertraline", "50mg tablets"), ("Omeprazole", "20mg capsules"),
)  # fmt: skip
_US_AREA = (
    "212", "213", "206", "303", "305", "312", "404", "415", "503", "512", "617", "646", "702",
    "713", "718", "773", "818", "917", "919", "971",
)  # fmt: skip
_GB_BANKS = ("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "SRLG")
_DE_BLZ = ("37040044", "50010517", "10020030", "20050550", "70150000", "60050101")
_REGIONS = ("eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "eu-west-2")
# Published test numbers (card networks, Stripe, Adyen...) and well-known sample values.
_TEST_CARDS = frozenset(
    {
        "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222",
        "4000056655665556", "5555555555554444", "5105105105105100", "5200828282828210",
        "2223003122003222", "378282246310005", "371449635398431", "378734493671000",
        "6011111111111117", "6011000990139424", "3056930009020004", "36227206271667",
        "3566002020360505", "6200000000000005", "4000000000000002", "4000000000000077",
    }
)  # fmt: skip
_SAMPLE_SSNS = frozenset({"078-05-1120", "219-09-9999", "123-45-6789", "457-55-5462"})
_SAMPLE_IBANS = frozenset({"GB29NWBK60161331926819", "DE89370400440532013000"})


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def nhs_ok(number: str) -> bool:
    d = number.replace(" ", "").replace("-", "")
    if len(d) != 10 or not d.isdigit():
        return False
    check = 11 - sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1), strict=True)) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(d[9])


class _Faker:
    """Realistic values from one seeded ``random.Random``."""

    def __init__(self, rng: random.Random, base_time: datetime) -> None:
        self.r = rng
        self.t0 = base_time + timedelta(
            seconds=rng.randrange(0, 30 * 86400), milliseconds=rng.randrange(0, 1000)
        )
        self.region = rng.choice(_REGIONS)
        self.account = str(rng.randrange(10**11, 10**12))

    # -- plain values -----------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def digits(self, n: int) -> str:
        return f"{self.r.randrange(10**n):0{n}d}" if n else ""

    def hexs(self, n: int) -> str:
        return f"{self.r.getrandbits(4 * n):0{n}x}" if n else ""

    def uuid(self) -> str:
        h = f"{self.r.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"

    def b64(self, nbytes: int) -> str:
        return base64.b64encode(self.r.randbytes(nbytes)).decode("ascii")

    def time(self, offset_s: float = 0.0) -> datetime:
        return self.t0 + timedelta(seconds=offset_s)

    def iso(self, offset_s: float = 0.0, millis: bool = True) -> str:
        t = self.time(offset_s)
        if millis:
            return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")

    def epoch_ms(self, offset_s: float = 0.0) -> int:
        return int(self.time(offset_s).timestamp() * 1000)

    def order_number(self) -> str:
        return f"{self.r.randrange(100, 999)}-{self.digits(7)}-{self.digits(7)}"

    def order_id(self) -> str:
        return f"ORD-{self.time().year}-{self.r.randrange(10**6, 10**7)}"

    def version(self) -> str:
        return f"{self.r.randrange(1, 12)}.{self.r.randrange(0, 30)}.{self.r.randrange(0, 20)}"

    def build_version(self) -> str:  # 4 parts; the last never <= 255, so never an IPv4
        return f"{self.version()}.{self.r.randrange(256, 9999)}"

    def trace_id(self) -> str:
        return f"Root=1-{int(self.time().timestamp()):08x}-{self.hexs(24)}"

    def request_id(self) -> str:
        return self.uuid()

    def price(self) -> str:
        return f"{self.r.randrange(2, 400)}.{self.r.choice(('00', '49', '90', '95', '99'))}"

    def gtin(self) -> str:
        """EAN-13 with a correct EAN check digit that is never Luhn-valid."""
        while True:
            body = self.r.choice(("40", "50", "87", "00", "76")) + self.digits(10)
            s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
            code = body + str((10 - s % 10) % 10)
            if not luhn_ok(code):
                return code

    def payment_reference(self) -> str:
        """16 digits in groups of four that fail Luhn: a card lookalike."""
        while True:
            d = self.r.choice("3456") + self.digits(15)
            if not luhn_ok(d):
                return " ".join(d[i : i + 4] for i in range(0, 16, 4))

    def part_number(self) -> str:
        """SSN-shaped part number (a hard negative only context can reject)."""
        return f"{self.r.randrange(100, 899)}-{self.r.randrange(10, 99)}-{self.digits(4)}"

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"

    def country(self) -> str:
        return self.r.choice(("US", "GB", "DE"))

    # -- PII --------------------------------------------------------------------------------
    def name(self) -> str:
        return f"{self.r.choice(_FIRST)} {self.r.choice(_LAST)}"

    def email(self, name: str | None = None) -> str:
        first, last = (name or self.name()).split(" ", 1)

        def fold(s: str) -> str:
            s = unicodedata.normalize("NFKD", s.lower().translate(_ASCII_FOLD))
            return re.sub(r"[^a-z0-9]", "", s.encode("ascii", "ignore").decode())

        f, la = fold(first), fold(last)
        local = self.r.choice(
            (
                f"{f}.{la}",
                f"{f}{la}{self.r.randrange(1, 99)}",
                f"{f[0]}.{la}",
                f"{la}_{f}",
                f"{f}.{la}+orders",
                f"{f}{self.r.randrange(1970, 2005)}",
            )
        )
        return f"{local}@{self.r.choice(_MAIL_DOMAINS)}"

    def card_digits(self) -> str:
        while True:
            brand = self.r.random()
            if brand < 0.45:
                prefix, length = "4" + self.digits(5), 16
            elif brand < 0.75:
                prefix = (
                    str(self.r.randrange(51, 56))
                    if self.chance(0.8)
                    else "2" + str(self.r.randrange(221, 721))
                )
                prefix, length = prefix + self.digits(6 - len(prefix)), 16
            elif brand < 0.9:
                prefix, length = self.r.choice(("34", "37")) + self.digits(4), 15
            else:
                prefix, length = "6011" + self.digits(2), 16
            body = prefix + self.digits(length - len(prefix) - 1)
            number = next(body + c for c in "0123456789" if luhn_ok(body + c))
            if number not in _TEST_CARDS and len(set(number[6:-1])) > 2:
                return number

    def card(self, style: str | None = None) -> str:
        d = self.card_digits()
        style = style or self.r.choice(("plain", "plain", "space", "dash"))
        if style == "plain":
            return d
        sep = " " if style == "space" else "-"
        if len(d) == 15:
            return sep.join((d[:4], d[4:10], d[10:]))
        return sep.join(d[i : i + 4] for i in range(0, 16, 4))

    def ssn(self) -> str:
        while True:
            area = self.r.randrange(1, 900)
            if area == 666:
                continue
            v = f"{area:03d}-{self.r.randrange(1, 100):02d}-{self.r.randrange(1, 10000):04d}"
            if v not in _SAMPLE_SSNS:
                return v

    def us_phone(self, style: str | None = None) -> str:
        import phonenumbers

        while True:
            area = self.r.choice(_US_AREA)
            exch = self.r.randrange(200, 1000)
            if exch % 100 == 11 or exch == 555:
                continue
            line = self.digits(4)
            num = phonenumbers.parse(f"+1{area}{exch}{line}")
            if phonenumbers.is_valid_number(num):
                break
        style = style or self.r.choice(("e164", "intl", "paren", "intl-paren"))
        if style == "e164":
            return f"+1{area}{exch}{line}"
        if style == "intl":
            return f"+1 {area}-{exch}-{line}"
        if style == "paren":
            return f"({area}) {exch}-{line}"
        return f"+1 ({area}) {exch}-{line}"

    def ipv4(self) -> str:
        while True:
            a = self.r.randrange(3, 224)
            b = self.r.randrange(0, 256)
            if a in (10, 100, 127, 169, 172, 192, 198):
                continue
            return f"{a}.{b}.{self.r.randrange(0, 256)}.{self.r.randrange(1, 255)}"

    def ipv6(self) -> str:
        prefix = self.r.choice((0x2600, 0x2A02, 0x2607, 0x2A01, 0x2406, 0x2001))
        groups = [prefix, self.r.randrange(0x100, 0x10000)]
        groups += [self.r.randrange(0, 0x10000) for _ in range(2)]
        if self.chance(0.5):
            groups += [0, 0, 0, self.r.randrange(1, 0x10000)]  # compressible
        else:
            groups += [self.r.randrange(0, 0x10000) for _ in range(4)]
        packed = b"".join(g.to_bytes(2, "big") for g in groups)
        return ipaddress.IPv6Address(packed).compressed

    def ip(self) -> str:
        return self.ipv6() if self.chance(0.25) else self.ipv4()

    def iban(self, country: str, spaced: bool | None = None) -> str:
        while True:
            if country == "GB":
                bban = self.r.choice(_GB_BANKS) + self.digits(6) + self.digits(8)
            else:
                bban = self.r.choice(_DE_BLZ) + self.digits(10)
            rearranged = bban + country + "00"
            mod = int("".join(str(int(c, 36)) for c in rearranged)) % 97
            iban = f"{country}{98 - mod:02d}{bban}"
            if iban not in _SAMPLE_IBANS:
                break
        if spaced if spaced is not None else self.chance(0.4):
            return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return iban

    def nhs(self, spaced: bool | None = None) -> str:
        while True:
            body = self.r.choice("4679") + self.digits(8)
            check = 11 - sum(int(c) * w for c, w in zip(body, range(10, 1, -1), strict=True)) % 11
            if check == 10:
                continue
            number = body + str(0 if check == 11 else check)
            break
        if spaced if spaced is not None else self.chance(0.6):
            return f"{number[:3]} {number[3:6]} {number[6:]}"
        return number

    def street(self, country: str) -> str:
        street = self.r.choice(_STREETS[country])
        n = self.r.randrange(1, 240)
        return f"{street} {n}" if country == "DE" else f"{n} {street}"


# --------------------------------------------------------------------------------------------
# business documents: build(f, pii, n_pad) -> (doc, labels)


def _item(f: _Faker, i: int, currency: str) -> dict[str, Any]:
    cat, code, name = f.r.choice(_PRODUCTS)
    qty = f.r.choice((1, 1, 1, 2, 2, 3, 4))
    price = f.price()
    item: dict[str, Any] = {
        "lineId": i + 1,
        "sku": f"{code}-{name[:3].upper()}-{f.r.randrange(1, 9999):04d}-"
        f"{f.r.choice(_COLORS)[:3].upper()}",
        "gtin": f.gtin(),
        "name": name,
        "category": cat,
        "quantity": qty,
        "unitPrice": {"amount": price, "currency": currency},
        "lineTotal": f"{float(price) * qty:.2f}",
        "taxRate": f.r.choice((0.0, 0.07, 0.19, 0.2)),
        "attributes": {"color": f.r.choice(_COLORS), "size": f.r.choice(_SIZES)},
        "fulfillment": {
            "warehouse": f.r.choice(_WAREHOUSES),
            "eta": f.time(86400 * f.r.randrange(1, 8)).strftime("%Y-%m-%d"),
        },
    }
    if f.chance(0.1):
        item["partNumber"] = f.part_number()
    if f.chance(0.15):
        item["promotion"] = {"code": f"SPRING{f.r.randrange(10, 40)}", "discount": "5.00"}
    return item


def _items(f: _Faker, n: int, currency: str) -> list[dict[str, Any]]:
    return [_item(f, i, currency) for i in range(n)]


def _totals(items: list[dict[str, Any]], currency: str) -> dict[str, Any]:
    sub = sum(float(i["lineTotal"]) for i in items)
    return {
        "subtotal": f"{sub:.2f}",
        "shipping": "4.95",
        "tax": f"{sub * 0.19:.2f}",
        "total": f"{sub * 1.19 + 4.95:.2f}",
        "currency": currency,
    }


def _address(
    f: _Faker, doc: _Doc, segs: Segs, country: str, pii: bool, name: str | None
) -> dict[str, Any]:
    city, region, postcode = f.r.choice(_CITIES[country])
    out: dict[str, Any] = {}
    if pii and name:
        out["name"] = doc.field("Name", (*segs, "name"), name)
    if pii:
        out["line1"] = doc.field("Address", (*segs, "line1"), f.street(country))
    out["city"] = city
    if region:
        out["region"] = region
    out["postalCode"] = postcode
    out["country"] = country
    return out


def _order(f: _Faker, pii: bool, n_pad: int) -> tuple[str, dict[str, Any], list[_Lbl]]:
    doc = _Doc()
    country = f.country()
    cur = _CURRENCY[country]
    items = _items(f, 1 + n_pad, cur)
    d: dict[str, Any] = {
        "orderId": f.order_id(),
        "orderNumber": f.order_number(),
        "createdAt": f.iso(),
        "channel": f.r.choice(("web", "ios", "android", "pos")),
        "appVersion": f.version(),
    }
    if pii:
        name = f.name()
        cust: dict[str, Any] = {"customerId": f.uuid()}
        cust["name"] = doc.field("Name", ("customer", "name"), name)
        email_key = f.r.choice(("email", "emailAddress"))
        cust[email_key] = doc.field("EmailAddress", ("customer", email_key), f.email(name))
        if country == "US" or f.chance(0.3):
            key = f.r.choice(("phone", "phoneNumber", "mobile"))
            cust[key] = doc.field("PhoneNumber-US", ("customer", key), f.us_phone())
        d["customer"] = cust
        if f.chance(0.6):
            key = f.r.choice(("cardNumber", "pan"))
            d["billing"] = {
                "cardholderName": doc.field("Name", ("billing", "cardholderName"), name),
                key: doc.field("CreditCardNumber", ("billing", key), f.card()),
                "cardExpiry": f"{f.r.randrange(1, 13):02d}/{f.r.randrange(26, 31)}",
                "address": _address(f, doc, ("billing", "address"), country, True, None),
            }
        else:
            d["payment"] = {"method": "paypal", "payerId": f.hexs(13).upper()}
        if f.chance(0.5):
            d["clientIp"] = doc.field("IpAddress", ("clientIp",), f.ip())
        d["shipping"] = {
            "method": f.r.choice(("standard", "express", "pickup")),
            "address": _address(f, doc, ("shipping", "address"), country, True, name),
        }
    else:
        d["customer"] = {"customerId": f.uuid(), "segment": f.r.choice(("new", "returning"))}
        d["payment"] = {
            "method": "card",
            "token": "tok_" + f.b64(18).replace("+", "x").replace("/", "y").rstrip("="),
            "brand": f.r.choice(("visa", "mastercard", "amex")),
            "last4": f.digits(4),
            "reference": f.payment_reference(),
        }
        d["shipping"] = {
            "method": f.r.choice(("standard", "express")),
            "address": _address(f, doc, ("shipping", "address"), country, False, None),
        }
    d["items"] = items
    d["totals"] = _totals(items, cur)
    return "OrderPlaced", d, doc.labels


_GREETINGS = ("Hi,", "Hello team,", "Hallo,", "Bonjour,", "Hi there 👋", "Dear support,")
_SIGNOFFS = ("Thanks,", "Best regards,", "Viele Grüße,", "Merci,", "Cheers,")


def _pii_sentence(f: _Faker, t: _Text, country: str) -> None:
    """Append one sentence with one PII value embedded in it."""
    kind = f.r.randrange(8)
    if kind == 0:
        t.add("You can reach me at ").pii("EmailAddress", f.email()).add(" any time.")
    elif kind == 1:
        t.add("Please call me back on ").pii("PhoneNumber-US", f.us_phone()).add(" after 5pm.")
    elif kind == 2:
        t.add("I was charged twice on my card ").pii("CreditCardNumber", f.card())
        t.add(", can you check?")
    elif kind == 3:
        c = "GB" if country == "GB" or f.chance(0.5) else "DE"
        t.add("Please refund to my account ").pii(f"BankAccountNumber-{c}", f.iban(c))
        t.add(" instead of the card.")
    elif kind == 4:
        t.add("For the tax form my SSN is ").pii("Ssn-US", f.ssn()).add(".")
    elif kind == 5:
        t.add("My NHS number is ").pii("NhsNumber-GB", f.nhs()).add(" if you need it.")
    elif kind == 6:
        t.add("The login attempts came from ").pii("IpAddress", f.ip())
        t.add(" which is not me.")
    else:
        t.add("My old address ").pii("EmailAddress", f.email()).add(" no longer works, use ")
        t.add("this one: ").pii("EmailAddress", f.email()).add(".")


def _neutral_sentence(f: _Faker, t: _Text) -> None:
    kind = f.r.randrange(7)
    if kind == 0:
        t.add(f"My order {f.order_number()} placed on {f.iso(millis=False)} has not arrived.")
    elif kind == 1:
        tracking = f"1Z{f.hexs(6).upper()}{f.digits(10)}"
        t.add(f"Tracking says {tracking} is stuck in {f.r.choice(_WAREHOUSES)}.")
    elif kind == 2:
        t.add(f"The app (version {f.version()}) crashes at checkout, error ref {f.uuid()}.")
    elif kind == 3:
        t.add(f"The {f.r.choice(_PRODUCTS)[2]} was the wrong size, it cost {f.price()} € — ")
        t.add("could I exchange it?")
    elif kind == 4:
        t.add(f"Payment reference {f.payment_reference()} shows as pending since {f.epoch_ms()}.")
    elif kind == 5:
        t.add(f"Request id {f.request_id()} failed with code 502 at {f.iso()}.")
    else:
        t.add(f"I returned item {f.gtin()} two weeks ago but see no credit yet.")


def _comment(f: _Faker, pii: bool, country: str) -> _Text:
    t = _Text()
    t.add(f.r.choice(_GREETINGS) + " ")
    sentences: list[Callable[[], None]] = [
        lambda: _neutral_sentence(f, t) for _ in range(f.r.randrange(1, 4))
    ]
    if pii:
        sentences += [lambda: _pii_sentence(f, t, country) for _ in range(f.r.randrange(1, 3))]
    order = list(range(len(sentences)))
    f.r.shuffle(order)
    for k, i in enumerate(order):
        if k:
            t.add(" ")
        sentences[i]()
    t.add("\n\n" + f.r.choice(_SIGNOFFS) + "\n")
    if pii:
        t.pii("Name", f.name())
    else:
        t.add(f"Ticket {f.r.randrange(100000, 999999)}")
    return t


def _ticket(f: _Faker, pii: bool, n_pad: int) -> tuple[str, dict[str, Any], list[_Lbl]]:
    doc = _Doc()
    country = f.country()
    d: dict[str, Any] = {
        "ticketId": f"TCK-{f.r.randrange(100000, 999999)}",
        "createdAt": f.iso(),
        "channel": f.r.choice(("email", "chat", "web-form")),
        "priority": f.r.choice(("low", "normal", "high")),
        "subject": f.r.choice(
            ("Order not received", "Double charge", "Refund status", "Account locked")
        ),
    }
    if pii:
        name = f.name()
        d["requester"] = {
            "customerId": f.uuid(),
            "name": doc.field("Name", ("requester", "name"), name),
            "email": doc.field("EmailAddress", ("requester", "email"), f.email(name)),
        }
    else:
        d["requester"] = {"customerId": f.uuid(), "locale": f.r.choice(("en-GB", "de-DE"))}
    d["comment"] = doc.text(("comment",), _comment(f, pii, country))
    d["tags"] = f.r.sample(("billing", "delivery", "refund", "app", "vip", "escalated"), 2)
    cur = _CURRENCY[country]
    items = _items(f, 1 + n_pad, cur)
    d["relatedOrder"] = {
        "orderId": f.order_id(),
        "placedAt": f.iso(-86400 * 3),
        "items": items,
        "totals": _totals(items, cur),
    }
    return "SupportTicketCreated", d, doc.labels


def _refund(f: _Faker, pii: bool, n_pad: int) -> tuple[str, dict[str, Any], list[_Lbl]]:
    doc = _Doc()
    country = f.r.choice(("GB", "DE"))
    cur = _CURRENCY[country]
    items = _items(f, 1 + n_pad, cur)
    d: dict[str, Any] = {
        "refundId": f"RF-{f.uuid()[:8].upper()}",
        "orderId": f.order_id(),
        "requestedAt": f.iso(),
        "amount": _totals(items, cur)["total"],
        "currency": cur,
        "reason": f.r.choice(("damaged", "late_delivery", "wrong_item", "changed_mind")),
    }
    if pii:
        name = f.name()
        key = f.r.choice(("iban", "IBAN", "accountNumber"))
        d["payout"] = {
            "method": "bank_transfer",
            "accountHolder": doc.field("Name", ("payout", "accountHolder"), name),
            key: doc.field(f"BankAccountNumber-{country}", ("payout", key), f.iban(country)),
            "bic": f.r.choice(("NWBKGB2L", "COBADEFFXXX", "BARCGB22", "DEUTDEFF")),
        }
        if f.chance(0.3):
            d["contactEmail"] = doc.field("EmailAddress", ("contactEmail",), f.email(name))
    else:
        d["payout"] = {"method": "original_payment", "paymentId": f"pi_{f.hexs(24)}"}
    d["sellerVatId"] = f"{country}{f.digits(9)}"
    d["items"] = items
    return "RefundRequested", d, doc.labels


def _appointment(f: _Faker, pii: bool, n_pad: int) -> tuple[str, dict[str, Any], list[_Lbl]]:
    doc = _Doc()
    d: dict[str, Any] = {
        "appointmentId": f.uuid(),
        "bookedAt": f.iso(),
        "clinic": {"odsCode": f"F{f.r.randrange(80000, 89999)}", "name": "Riverside Surgery"},
        "slot": {"start": f.iso(86400 * 5, millis=False), "durationMinutes": 10},
        "type": f.r.choice(("gp", "nurse", "pharmacist", "phlebotomy")),
    }
    if pii:
        name = f.name()
        key = f.r.choice(("nhsNumber", "nhs_number"))
        d["patient"] = {
            key: doc.field("NhsNumber-GB", ("patient", key), f.nhs()),
            "name": doc.field("Name", ("patient", "name"), name),
            "ageBand": f.r.choice(("18-29", "30-39", "40-49", "50-59", "60+")),
        }
        if f.chance(0.4):
            t = _Text().add("Patient asked to be contacted by email at ")
            t.pii("EmailAddress", f.email(name)).add(" rather than by phone.")
            d["notes"] = doc.text(("notes",), t)
    else:
        d["patient"] = {"patientRef": f.uuid(), "ageBand": "40-49"}
        d["notes"] = f"Follow-up for ref {f.hexs(12)}; results expected {f.iso(86400)}."
    d["prescriptions"] = [
        {
            "medication": m,
            "form": form,
            "quantity": f.r.choice((28, 56, 84, 1)),
            "repeat": f.chance(0.5),
            "issuedAt": f.iso(-86400 * f.r.randrange(1, 300), millis=False),
            "dmdCode": "8" + f.digits(f.r.choice((7, 14))),
        }
        for m, form in (f.r.choice(_MEDICATIONS) for _ in range(n_pad))
    ]
    return "AppointmentBooked", d, doc.labels


def _signup(f: _Faker, pii: bool, n_pad: int) -> tuple[str, dict[str, Any], list[_Lbl]]:
    doc = _Doc()
    d: dict[str, Any] = {
        "userId": f.uuid(),
        "occurredAt": f.iso(),
        "plan": f.r.choice(("free", "plus", "business")),
        "client": {
            "userAgent": f"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{f.r.randrange(0, 6)}) "
            f"AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{f.version()} Safari/605.1.15",
            "appBuild": f.build_version(),
        },
    }
    if pii:
        name = f.name()
        d["profile"] = {
            "fullName": doc.field("Name", ("profile", "fullName"), name),
            "email": doc.field("EmailAddress", ("profile", "email"), f.email(name)),
            "phoneNumber": doc.field("PhoneNumber-US", ("profile", "phoneNumber"), f.us_phone()),
        }
        if f.chance(0.6):
            key = f.r.choice(("ssn", "socialSecurityNumber", "taxId"))
            d["kyc"] = {
                "status": "pending",
                key: doc.field("Ssn-US", ("kyc", key), f.ssn()),
                "checkedAt": f.epoch_ms(),
            }
        d["client"]["ipAddress"] = doc.field("IpAddress", ("client", "ipAddress"), f.ip())
    else:
        d["profile"] = {"locale": "en-US", "marketingOptIn": f.chance(0.5)}
    d["consents"] = [
        {
            "purpose": p,
            "granted": f.chance(0.7),
            "at": f.epoch_ms(),
            "policyVersion": f.version(),
            "evidenceHash": hashlib.sha256(f.r.randbytes(16)).hexdigest(),
        }
        for p in ("terms", "privacy", "marketing", "analytics", "profiling")[: 1 + n_pad % 5]
    ]
    d["referral"] = {
        "campaign": f"cmp_{f.hexs(8)}",
        "viewedProducts": _items(f, n_pad, "USD"),
    }
    return "UserSignedUp", d, doc.labels


def _shipment(f: _Faker, pii: bool, n_pad: int) -> tuple[str, dict[str, Any], list[_Lbl]]:
    # Never PII: a carrier event.
    del pii
    country = f.country()
    d: dict[str, Any] = {
        "shipmentId": f"SHP-{f.hexs(10).upper()}",
        "orderId": f.order_id(),
        "carrier": f.r.choice(_CARRIERS),
        "trackingNumber": f"1Z{f.hexs(6).upper()}{f.digits(10)}",
        "status": f.r.choice(("label_created", "in_transit", "out_for_delivery", "delivered")),
        "updatedAt": f.iso(),
        "updatedAtEpoch": f.epoch_ms() // 1000,
        "origin": f.r.choice(_WAREHOUSES),
        "destination": {"country": country, "postalCode": f.r.choice(_CITIES[country])[2]},
        "parcels": [
            {
                "parcelId": f.uuid(),
                "weightGrams": f.r.randrange(100, 9000),
                "sscc": "0" + f.digits(17),
            }
        ],
        "items": _items(f, 1 + n_pad, _CURRENCY[country]),
    }
    return "ShipmentUpdated", d, []


def _log_line(f: _Faker, pii: bool, i: int) -> _Text:
    """One application log line; with ``pii`` it carries a client IP or an email."""
    t = _Text()
    t.add(f"{f.iso(i * 0.137)} {f.request_id()} ")
    if pii:
        kind = f.r.randrange(3)
        status = f.r.choice((200, 201, 401, 403))
        if kind == 0:
            t.add(f"INFO  POST /v1/checkout {status} {f.r.randrange(3, 900)}ms ip=")
            t.pii("IpAddress", f.ip()).add(f' ua="okhttp/{f.version()}"')
        elif kind == 1:
            t.add("WARN  login failed for user=").pii("EmailAddress", f.email())
            t.add(" from ").pii("IpAddress", f.ip()).add(f" attempt={f.r.randrange(1, 6)}")
        else:
            t.add("INFO  password reset sent to ").pii("EmailAddress", f.email())
            t.add(f" template={f.version()}")
    else:
        kind = f.r.randrange(4)
        if kind == 0:
            t.add(
                f"INFO  GET /v1/orders/{f.order_id()} 200 {f.r.randrange(3, 400)}ms "
                f"cache={f.r.choice(('hit', 'miss'))}"
            )
        elif kind == 1:
            t.add(
                f"DEBUG worker={f.r.randrange(1, 16)} batch={f.uuid()} "
                f"processed={f.r.randrange(1, 500)} lag_ms={f.r.randrange(0, 90000)}"
            )
        elif kind == 2:
            t.add(f"INFO  deployed build {f.build_version()} commit={f.hexs(40)} at {f.epoch_ms()}")
        else:
            t.add(
                f"ERROR upstream timeout trace={f.trace_id()} "
                f"resource={f.arn('lambda', 'function:price-sync')}"
            )
    return t


def _log_text(f: _Faker, pii: bool, n_pad: int) -> _Text:
    """Log lines separated by newlines; with ``pii`` at least one line has PII."""
    t = _Text()
    lines = 2 + n_pad
    pii_lines = {f.r.randrange(lines)} if pii else set()
    if pii:
        pii_lines |= {i for i in range(lines) if f.chance(0.15)}
    for i in range(lines):
        line = _log_line(f, i in pii_lines, i)
        base = t.n
        t.add(line.value + "\n")
        t.spans.extend((ident, base + a, base + b) for ident, a, b in line.spans)
    return t


def _app_log(f: _Faker, pii: bool, n_pad: int) -> tuple[str, dict[str, Any], list[_Lbl]]:
    doc = _Doc()
    d: dict[str, Any] = {
        "service": f.r.choice(("checkout-api", "auth-service", "notifier")),
        "env": "prod",
        "host": f"ip-10-0-{f.r.randrange(0, 255)}-{f.r.randrange(1, 255)}.ec2.internal",
        "logGroup": "/aws/lambda/checkout-api",
        "emittedAt": f.epoch_ms(),
    }
    d["message"] = doc.text(("message",), _log_text(f, pii, n_pad))
    return "AppLog", d, doc.labels


_Builder = Callable[[_Faker, bool, int], tuple[str, dict[str, Any], list[_Lbl]]]
_BUILDERS: tuple[tuple[_Builder, float, float], ...] = (
    # builder, weight among PII events, weight among clean events
    (_order, 0.30, 0.22),
    (_ticket, 0.20, 0.12),
    (_refund, 0.12, 0.08),
    (_appointment, 0.10, 0.06),
    (_signup, 0.13, 0.08),
    (_app_log, 0.15, 0.14),
    (_shipment, 0.0, 0.30),
)  # fmt: skip

_DETAIL_TYPES = {
    "OrderPlaced": ("Order Placed", "com.acme.orders"),
    "SupportTicketCreated": ("Ticket Created", "com.acme.support"),
    "RefundRequested": ("Refund Requested", "com.acme.payments"),
    "AppointmentBooked": ("Appointment Booked", "uk.nhs.booking.partner"),
    "UserSignedUp": ("User Signed Up", "com.acme.identity"),
    "AppLog": ("Application Log", "com.acme.observability"),
    "ShipmentUpdated": ("Shipment Updated", "com.acme.logistics"),
}


# --------------------------------------------------------------------------------------------
# envelopes


def _dumps(f: _Faker, value: Any) -> str:
    """JSON text the way publishers write it: compact (orjson, Node, Java) or Python's
    ``json.dumps`` defaults (spaces, ``\\uXXXX`` escapes for non-ASCII)."""
    if f.chance(0.5):
        return json.dumps(value)
    return orjson.dumps(value).decode()


def _eventbridge(f: _Faker, kind: str, detail: dict[str, Any]) -> dict[str, Any]:
    dtype, source = _DETAIL_TYPES[kind]
    return {
        "version": "0",
        "id": f.uuid(),
        "detail-type": dtype,
        "source": source,
        "account": f.account,
        "time": f.iso(millis=False),
        "region": f.region,
        "resources": [f.arn("events", f"event-bus/{source.split('.')[-1]}-bus")],
        "detail": detail,
    }


def _sns_notification(f: _Faker, kind: str, message: str) -> dict[str, Any]:
    topic = f.arn("sns", f"{kind.lower()}-events")
    d: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": f.uuid(),
        "TopicArn": topic,
    }
    if f.chance(0.3):
        d["Subject"] = _DETAIL_TYPES[kind][0]
    d["Message"] = message
    d["Timestamp"] = f.iso()
    d["SignatureVersion"] = f.r.choice(("1", "2"))
    d["Signature"] = f.b64(256)
    d["SigningCertURL"] = (
        f"https://sns.{f.region}.amazonaws.com/SimpleNotificationService-{f.hexs(32)}.pem"
    )
    d["UnsubscribeURL"] = (
        f"https://sns.{f.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
        f"{topic}:{f.uuid()}"
    )
    attrs: dict[str, Any] = {
        "eventType": {"Type": "String", "Value": kind},
        "schemaVersion": {"Type": "String", "Value": f.version()},
        "priority": {"Type": "Number", "Value": str(f.r.randrange(1, 5))},
    }
    d["MessageAttributes"] = attrs
    return d


def _sns_message(
    f: _Faker, kind: str, inner: dict[str, Any], labels: list[_Lbl], doc: _Doc, at: Segs
) -> str:
    """``inner`` as SNS Message JSON text (sometimes inside an EventBridge event) at ``at``."""
    if f.chance(0.4):
        inner = _eventbridge(f, kind, inner)
        labels = [(i, ("detail", *s), a, b) for i, s, a, b in labels]
    doc.nest((*at, LAYER), labels)
    return _dumps(f, inner)


def _receipt_handle(f: _Faker) -> str:
    return "AQEB" + f.b64(f.r.choice((150, 152, 160))).rstrip("=")


def _sqs_record(f: _Faker, body: str, queue: str) -> dict[str, Any]:
    sent = f.epoch_ms()
    return {
        "messageId": f.uuid(),
        "receiptHandle": _receipt_handle(f),
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": str(f.r.choice((1, 1, 1, 2, 3))),
            "SentTimestamp": str(sent),
            "SenderId": "AIDA"
            + "".join(f.r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(17)),
            "ApproximateFirstReceiveTimestamp": str(sent + f.r.randrange(1, 900)),
        },
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": f.arn("sqs", queue),
        "awsRegion": f.region,
    }


def _kinesis_record(f: _Faker, data: str, stream: str, key: str) -> dict[str, Any]:
    seq = "4959" + f.digits(52)
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": key,
            "sequenceNumber": seq,
            "data": data,
            "approximateArrivalTimestamp": round(f.epoch_ms() / 1000, 3),
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"shardId-{f.r.randrange(0, 8):012d}:{seq}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": f"arn:aws:iam::{f.account}:role/lambda-kinesis-role",
        "awsRegion": f.region,
        "eventSourceARN": f.arn("kinesis", f"stream/{stream}"),
    }


def _pick_builder(f: _Faker, pii: bool) -> _Builder:
    choices = [(b, wp if pii else wc) for b, wp, wc in _BUILDERS if (wp if pii else wc) > 0]
    return f.r.choices([b for b, _ in choices], weights=[w for _, w in choices])[0]


def _build(
    shape: str, seed: int, pii: bool, n_pad: int, base_time: datetime
) -> tuple[bytes, list[_Lbl], str]:
    """One payload: ``n_pad`` is how much padding (line items, log lines...) goes in."""
    f = _Faker(random.Random(seed), base_time)
    doc = _Doc()
    if shape == "text":
        t = _log_text(f, pii, n_pad)
        return t.value.encode(), t.labels_at(()), "AppLog"

    n_records = 1
    if shape in ("sqs", "sqs-sns", "kinesis", "sns-lambda"):
        n_records = f.r.choice((1, 1, 1, 1, 2, 3)) if shape != "sns-lambda" else 1
    # record 0 carries the event's PII decision; later records are clean, or PII half the time
    rec_pii = [pii] + [pii and f.chance(0.5) for _ in range(n_records - 1)]
    pads = [n_pad // n_records + (1 if i < n_pad % n_records else 0) for i in range(n_records)]
    builders = [_pick_builder(f, p) for p in rec_pii]

    if shape == "eventbridge":
        kind, inner, labels = builders[0](f, pii, n_pad)
        ev = _eventbridge(f, kind, inner)
        doc.nest(("detail",), labels)
        return orjson.dumps(ev), doc.labels, kind

    if shape == "sns":
        kind, inner, labels = builders[0](f, pii, n_pad)
        msg = _sns_message(f, kind, inner, labels, doc, ("Message",))
        return orjson.dumps(_sns_notification(f, kind, msg)), doc.labels, kind

    if shape == "sns-lambda":
        kind, inner, labels = builders[0](f, pii, n_pad)
        at: Segs = ("Records", 0, "Sns", "Message")
        msg = _sns_message(f, kind, inner, labels, doc, at)
        note = _sns_notification(f, kind, msg)
        note.pop("SigningCertURL")
        note["SigningCertUrl"] = (
            f"https://sns.{f.region}.amazonaws.com/SimpleNotificationService-{f.hexs(32)}.pem"
        )
        note["UnsubscribeUrl"] = note.pop("UnsubscribeURL")
        rec = {
            "EventSource": "aws:sns",
            "EventVersion": "1.0",
            "EventSubscriptionArn": f"{note['TopicArn']}:{f.uuid()}",
            "Sns": note,
        }
        return orjson.dumps({"Records": [rec]}), doc.labels, kind

    records: list[dict[str, Any]] = []
    kinds: list[str] = []
    for i in range(n_records):
        if shape == "kinesis" and f.chance(0.3):
            t = _log_text(f, rec_pii[i], pads[i])
            kinds.append("AppLog")
            doc.nest(("Records", i, "kinesis", "data", LAYER), t.labels_at(()))
            data = base64.b64encode(t.value.encode()).decode("ascii")
            records.append(_kinesis_record(f, data, "app-logs", f.uuid()))
            continue
        kind, inner, labels = builders[i](f, rec_pii[i], pads[i])
        kinds.append(kind)
        if shape == "kinesis":
            if f.chance(0.5):
                inner = _eventbridge(f, kind, inner)
                labels = [(lb[0], ("detail", *lb[1]), lb[2], lb[3]) for lb in labels]
            doc.nest(("Records", i, "kinesis", "data", LAYER), labels)
            data = base64.b64encode(orjson.dumps(inner)).decode("ascii")
            records.append(_kinesis_record(f, data, "clickstream", f.uuid()))
        elif shape == "sqs":
            doc.nest(("Records", i, "body", LAYER), labels)
            records.append(_sqs_record(f, _dumps(f, inner), f"{kind.lower()}-queue"))
        else:  # sqs-sns
            sub = _Doc()
            msg = _sns_message(f, kind, inner, labels, sub, ("Message",))
            note = _sns_notification(f, kind, msg)
            doc.nest(("Records", i, "body", LAYER), sub.labels)
            records.append(_sqs_record(f, _dumps(f, note), f"{kind.lower()}-sub-queue"))
    return orjson.dumps({"Records": records}), doc.labels, kinds[0]


def _fit(
    shape: str, seed: int, pii: bool, target: int, base_time: datetime
) -> tuple[bytes, list[_Lbl], str]:
    """The event built with as much padding as brings it nearest ``target`` bytes, within
    [MIN_SIZE, MAX_SIZE]."""
    payload, labels, kind = _build(shape, seed, pii, 0, base_time)
    if len(payload) >= target:
        return payload, labels, kind
    probe, _, _ = _build(shape, seed, pii, 4, base_time)
    per = max(1.0, (len(probe) - len(payload)) / 4)
    n = max(0, math.ceil((target - len(payload)) / per))
    best = (payload, labels, kind)
    for _ in range(12):
        cand = _build(shape, seed, pii, n, base_time)
        size = len(cand[0])
        if size > MAX_SIZE:
            n = max(0, n - max(1, math.ceil((size - MAX_SIZE) / per)))
            continue
        best = cand
        if size >= target or size >= MAX_SIZE - per:
            break
        n += max(1, math.ceil((target - size) / per))
    return best


def generate(
    n: int, seed: int = 0, pii_ratio: float = 0.4, base_time: datetime | None = None
) -> list[Event]:
    """``n`` events from ``seed``; about ``pii_ratio`` of them carry PII (see module doc)."""
    return list(iter_events(n, seed, pii_ratio, base_time))


def iter_events(
    n: int, seed: int = 0, pii_ratio: float = 0.4, base_time: datetime | None = None
) -> Iterator[Event]:
    master = random.Random(seed)
    t0 = base_time or datetime(2024, 6, 1, tzinfo=UTC)
    for _ in range(n):
        shape = master.choices(SHAPES, weights=_SHAPE_WEIGHTS)[0]
        pii = master.random() < pii_ratio
        target = int(math.exp(master.uniform(math.log(400), math.log(MAX_SIZE * 0.95))))
        sub_seed = master.getrandbits(64)
        payload, labels, kind = _fit(shape, sub_seed, pii, target, t0)
        if len(payload) < MIN_SIZE:  # tiny texts: pad to the floor
            payload, labels, kind = _fit(shape, sub_seed, pii, MIN_SIZE, t0)
        yield Event(
            shape=shape,
            payload=payload,
            labels=tuple(Label(i, format_path(s), a, b) for i, s, a, b in labels),
            kind=kind,
        )


__all__ = [
    "LAYER",
    "MAX_SIZE",
    "MIN_SIZE",
    "NER_IDENTIFIERS",
    "REGEX_IDENTIFIERS",
    "SHAPES",
    "Event",
    "Label",
    "decode_payload",
    "format_path",
    "generate",
    "iban_ok",
    "iter_events",
    "luhn_ok",
    "nhs_ok",
    "parse_path",
    "resolve",
]
