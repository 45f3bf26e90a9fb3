"""Evaluation corpus: ``benchmarks.corpus`` plus locale-keyed events, nested layers, free text
in several languages, names and addresses of the AWS countries, and hard negatives.

``generate(n, seed)`` returns ``n`` :class:`benchmarks.corpus.Event` objects with exact labels
``(identifier, path, start, end)`` in dataguard's path notation. Half come from
:func:`benchmarks.corpus.generate` (its AWS envelope shapes), half from this module:

* locales US, GB, DE, FR, ES, IT, JP, AU, CA, each with its own key names (``kunde.anschrift``,
  ``client.adresse``, ``cliente.indirizzo``, ``顧客.住所``...), names, street formats, phone
  numbers (valid international format, ``phonenumbers``) and IBANs (valid mod-97);
* shapes: plain JSON, EventBridge, SQS body (JSON text), SNS inside SQS (two layers), Kinesis
  (base64 JSON), and a JSON string nested in a field (``payload``) of a nested document;
* free text in the locale's language with an address in the sentence and a sign-off name;
* hard negatives everywhere, labelled as nothing: UUIDs, timestamps, order ids, version
  strings, SKUs, part numbers, hashes, prices, ARNs, product and company names under ``name``,
  cities and postcodes alone, "Street Fighter 6", "Room 101", "Gate 12".

Deterministic per seed.
"""

from __future__ import annotations

import base64
import hashlib
import random
from typing import Any

import orjson
import phonenumbers

from benchmarks import corpus
from benchmarks.corpus import LAYER, Event, Label, format_path

Segs = tuple[Any, ...]
Lbl = tuple[str, Segs, int, int]

IDENTIFIERS: tuple[str, ...] = (
    *corpus.REGEX_IDENTIFIERS,
    "BankAccountNumber-FR",
    "BankAccountNumber-ES",
    "BankAccountNumber-IT",
    "PhoneNumber-GB",
    "PhoneNumber-DE",
    "PhoneNumber-FR",
    "PhoneNumber-ES",
    "PhoneNumber-IT",
    "Name",
    "Address",
)
CHECKSUM_IDENTIFIERS: tuple[str, ...] = (
    "CreditCardNumber",
    "BankAccountNumber-GB",
    "BankAccountNumber-DE",
    "BankAccountNumber-FR",
    "BankAccountNumber-ES",
    "BankAccountNumber-IT",
    "NhsNumber-GB",
)

LOCALES = ("US", "GB", "DE", "FR", "ES", "IT", "JP", "AU", "CA")

_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "US": (("James", "Emily", "Michael", "Ashley", "Daniel"), ("Johnson", "Miller", "Davis")),
    "GB": (("Oliver", "Amelia", "Harry", "Isla", "George"), ("Hughes", "Evans", "Walsh")),
    "DE": (("Lukas", "Lena", "Jürgen", "Sabine", "Felix"), ("Müller", "Schneider", "Krüger")),
    "FR": (("Amélie", "Louis", "Camille", "Hugo", "Léa"), ("Dubois", "Lefebvre", "Moreau")),
    "ES": (("Lucía", "Mateo", "Álvaro", "Carmen", "Pablo"), ("García", "Fernández", "Muñoz")),
    "IT": (("Giulia", "Matteo", "Chiara", "Lorenzo", "Sofia"), ("Rossi", "Esposito", "Ricci")),
    "JP": (("太郎", "花子", "健二", "由美"), ("山田", "佐藤", "鈴木", "高橋")),
    "AU": (("Jack", "Charlotte", "William", "Mia", "Noah"), ("Smith", "Nguyen", "Kelly")),
    "CA": (("Liam", "Emma", "Noah", "Olivia", "Félix"), ("Tremblay", "Roy", "Martin")),
}
_KEYS: dict[str, dict[str, str]] = {
    "US": dict(cust="customer", name="fullName", addr="address", street="street1", city="city",
               zip="zipCode", phone="phone", email="email", iban="iban", note="note"),
    "GB": dict(cust="customer", name="name", addr="address", street="line1", city="town",
               zip="postcode", phone="phoneNumber", email="emailAddress", iban="iban",
               note="comments"),
    "DE": dict(cust="kunde", name="name", addr="anschrift", street="strasse", city="ort",
               zip="plz", phone="telefon", email="email", iban="iban", note="bemerkung"),
    "FR": dict(cust="client", name="nom", addr="adresse", street="rue", city="ville",
               zip="code_postal", phone="telephone", email="courriel", iban="iban",
               note="commentaire"),
    "ES": dict(cust="cliente", name="nombre", addr="direccion", street="calle", city="ciudad",
               zip="codigo_postal", phone="telefono", email="correo", iban="iban",
               note="comentario"),
    "IT": dict(cust="cliente", name="nome", addr="indirizzo", street="via", city="citta",
               zip="cap", phone="telefono", email="email", iban="iban", note="note"),
    "JP": dict(cust="顧客", name="名前", addr="住所", street="住所", city="市区町村",
               zip="郵便番号", phone="電話番号", email="メール", iban="iban", note="備考"),
    "AU": dict(cust="customer", name="customerName", addr="address", street="streetAddress",
               city="suburb", zip="postcode", phone="mobile", email="email", iban="iban",
               note="note"),
    "CA": dict(cust="customer", name="fullName", addr="address", street="addressLine1",
               city="city", zip="postalCode", phone="phone", email="email", iban="iban",
               note="note"),
}  # fmt: skip
_CITIES = {
    "US": (("Springfield", "IL 62704"), ("Austin", "TX 78701"), ("Denver", "CO 80202")),
    "GB": (("London", "SE1 9SG"), ("Leeds", "LS1 5DL"), ("Bristol", "BS1 4DJ")),
    "DE": (("Berlin", "10115"), ("München", "80331"), ("Köln", "50667")),
    "FR": (("Paris", "75002"), ("Lyon", "69002"), ("Marseille", "13001")),
    "ES": (("Madrid", "28013"), ("Barcelona", "08002"), ("Sevilla", "41001")),
    "IT": (("Roma", "00184"), ("Milano", "20121"), ("Torino", "10121")),
    "JP": (("千代田区", "100-0001"), ("新宿区", "160-0022")),
    "AU": (("Sydney", "NSW 2000"), ("Melbourne", "VIC 3000"), ("Brisbane", "QLD 4000")),
    "CA": (("Toronto", "ON M5H 2M9"), ("Vancouver", "BC V6B 1A1"), ("Montréal", "QC H2Y 1C6")),
}
_STREETS = {
    "US": ("Maple Avenue", "Elm Street", "Sunset Boulevard", "Oak Lane", "Lakeview Drive"),
    "GB": ("Baker Street", "High Street", "Church Road", "Mill Lane", "Victoria Road"),
    "DE": ("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Berliner Straße"),
    "FR": ("rue de la Paix", "avenue Victor Hugo", "boulevard Saint-Germain", "rue du Bac"),
    "ES": ("Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Paseo del Prado"),
    "IT": ("Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele", "Piazza Navona"),
    "JP": ("千代田", "西新宿"),
    "AU": ("George Street", "Collins Street", "Queen Street", "Pitt Street"),
    "CA": ("Queen Street West", "Yonge Street", "Robson Street", "rue Sherbrooke"),
}
_IBAN = {  # country: (BBAN length, all digits?)
    "GB": 18, "DE": 18, "FR": 23, "ES": 20, "IT": 23,
}  # fmt: skip
_PHONE_REGION = {"US": "US", "GB": "GB", "DE": "DE", "FR": "FR", "ES": "ES", "IT": "IT"}
_TEXT = {
    "US": ("Please deliver to {addr} instead.", "Thanks,\n{name}"),
    "GB": ("Could you send it to {addr} please?", "Kind regards,\n{name}"),
    "DE": ("Bitte liefern Sie an {addr}.", "Viele Grüße,\n{name}"),
    "FR": ("Merci de livrer au {addr}.", "Cordialement,\n{name}"),
    "ES": ("Por favor, envíen el paquete a {addr}.", "Saludos,\n{name}"),
    "IT": ("Vi prego di spedire a {addr}.", "Cordiali saluti,\n{name}"),
    "JP": ("配送先は{addr}です。", "よろしくお願いします\n{name}"),
    "AU": ("Can you ship it to {addr} instead?", "Cheers,\n{name}"),
    "CA": ("Please ship to {addr} this time.", "Best regards,\n{name}"),
}
_NEUTRAL_TEXT = (
    "Order {order} was placed at {ts} and is still pending.",
    "The app (version {ver}) crashed, error ref {uuid}.",
    "We still play Street Fighter 6 in Room 101 on Fridays.",
    "Gate 12 at Terminal 5 closes 30 minutes before departure.",
    "Part {part} ships from warehouse DE-FRA-3, price {price} EUR.",
    "Build {ver} of release 2024.06 passed 1532 tests in 415.5 s.",
)
_PRODUCTS = ("Merino Crew Sweater", "Linen Duvet Cover", "Road Running Shoe", "Cast Iron Skillet")
_COMPANIES = ("Northwind Traders", "Contoso Pharmacy", "Riverside Surgery", "Acme Logistics GmbH")


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def hexs(self, n: int) -> str:
        return f"{self.r.getrandbits(4 * n):0{n}x}"

    def digits(self, n: int) -> str:
        return f"{self.r.randrange(10**n):0{n}d}"

    def uuid(self) -> str:
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def ts(self) -> str:
        r = self.r.randrange
        return f"2024-0{r(1, 10)}-1{r(10)}T0{r(10)}:1{r(10)}:2{r(10)}Z"

    def name(self, loc: str) -> str:
        first, last = _NAMES[loc]
        if loc == "JP":
            return f"{self.r.choice(last)} {self.r.choice(first)}"
        return f"{self.r.choice(first)} {self.r.choice(last)}"

    def street(self, loc: str) -> str:
        s = self.r.choice(_STREETS[loc])
        n = self.r.randrange(1, 250)
        if loc == "JP":
            return f"東京都{self.r.choice(_CITIES['JP'])[0]}{s}{n}-{self.r.randrange(1, 9)}"
        if loc in ("DE", "IT"):
            return f"{s} {n}"
        if loc == "ES":
            return f"{s}, {n}" if self.r.random() < 0.3 else f"{s} {n}"
        if loc == "GB" and self.r.random() < 0.3:
            return f"{n}{self.r.choice('AB')} {s}"
        return f"{n} {s}"

    def full_address(self, loc: str) -> str:
        street = self.street(loc)
        city, pc = self.r.choice(_CITIES[loc])
        if loc == "JP":
            return street
        if loc in ("DE", "FR", "ES", "IT"):
            return f"{street}, {pc} {city}"
        if loc == "GB":
            return f"{street}, {city} {pc}"
        return f"{street}, {city}, {pc}" if loc != "AU" else f"{street}, {city} {pc}"

    def phone(self, loc: str) -> str | None:
        region = _PHONE_REGION.get(loc)
        if region is None:
            return None
        ex = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        nsn = str(ex.national_number)
        for _ in range(50):
            digits = nsn[:3] + "".join(str(self.r.randrange(10)) for _ in nsn[3:])
            num = phonenumbers.parse("+" + str(ex.country_code) + digits)
            if phonenumbers.is_valid_number(num) and "555" not in digits[:6]:
                return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return None

    def iban(self, cc: str) -> str:
        n = _IBAN[cc]
        if cc == "GB":
            bban = self.r.choice(("NWBK", "BARC", "LOYD")) + "".join(
                str(self.r.randrange(10)) for _ in range(14)
            )
        else:
            bban = "".join(str(self.r.randrange(10)) for _ in range(n))
        num = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
        iban = f"{cc}{98 - num % 97:02d}{bban}"
        if self.r.random() < 0.5:
            iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return iban

    def email(self, name: str) -> str:
        local = "".join(c for c in name.lower() if c.isascii() and c.isalpha()) or "kunde"
        return f"{local}{self.r.randrange(10, 99)}@example-mail.com"


def _negatives(g: _Gen) -> dict[str, Any]:
    """Fields that look like PII and are not."""
    return {
        "eventId": g.uuid(),
        "createdAt": g.ts(),
        "orderId": f"ORD-2024-{g.r.randrange(10**6):06d}",
        "orderNumber": f"{g.r.randrange(100, 999)}-{g.digits(7)}-{g.digits(7)}",
        "version": f"{g.r.randrange(1, 9)}.{g.r.randrange(40)}.{g.r.randrange(20)}",
        "sku": f"SKU-{g.r.randrange(10**5):05d}-XL",
        "partNumber": f"PN-{g.r.randrange(1000, 9999)}-{g.r.randrange(100, 999)}",
        "sha256": hashlib.sha256(g.hexs(8).encode()).hexdigest(),
        "price": f"{g.r.randrange(1, 999)}.{g.r.randrange(100):02d}",
        "resource": f"arn:aws:sns:eu-west-1:{g.r.randrange(10**11, 10**12)}:orders-topic",
        "product": {"name": g.r.choice(_PRODUCTS), "gtin": f"40{g.r.randrange(10**10):010d}"},
        "seller": {"company": {"name": g.r.choice(_COMPANIES)}},
        "warehouse": {"city": "Leeds", "postcode": "LS1 5DL", "code": "GB-LTN-1"},
    }


def _neutral_sentence(g: _Gen) -> str:
    return g.r.choice(_NEUTRAL_TEXT).format(
        order=f"ORD-2024-{g.r.randrange(10**6):06d}",
        ts=g.ts(),
        ver=f"{g.r.randrange(1, 9)}.{g.r.randrange(40)}.{g.r.randrange(20)}",
        uuid=g.uuid(),
        part=f"PN-{g.r.randrange(1000, 9999)}",
        price=f"{g.r.randrange(1, 999)}.{g.r.randrange(100):02d}",
    )


def _document(g: _Gen, loc: str, pii: bool) -> tuple[dict[str, Any], list[Lbl]]:
    """One business document with locale keys; labels relative to its root."""
    k = _KEYS[loc]
    labels: list[Lbl] = []
    doc: dict[str, Any] = {"type": g.r.choice(("CustomerUpdated", "OrderPlaced", "TicketOpened"))}
    doc.update(_negatives(g))
    if not pii:
        doc[k["note"]] = " ".join(_neutral_sentence(g) for _ in range(g.r.randrange(1, 3)))
        return doc, labels

    def put(ident: str, segs: Segs, value: str) -> str:
        labels.append((ident, segs, 0, len(value)))
        return value

    name = g.name(loc)
    cust: dict[str, Any] = {"id": g.uuid()}
    cust[k["name"]] = put("Name", (k["cust"], k["name"]), name)
    email = g.email(name)
    cust[k["email"]] = put("EmailAddress", (k["cust"], k["email"]), email)
    phone = g.phone(loc)
    if phone and g.r.random() < 0.7:
        cust[k["phone"]] = put(f"PhoneNumber-{_PHONE_REGION[loc]}", (k["cust"], k["phone"]), phone)
    city, pc = g.r.choice(_CITIES[loc])
    if g.r.random() < 0.5:  # split fields: street line labelled, city/postcode alone are not
        street = g.street(loc)
        cust[k["addr"]] = {
            k["street"]: put("Address", (k["cust"], k["addr"], k["street"]), street),
            k["city"]: city,
            k["zip"]: pc,
            "country": loc,
        }
    else:  # one field holding the whole address
        full = g.full_address(loc)
        cust[k["addr"]] = put("Address", (k["cust"], k["addr"]), full)
    if loc in _IBAN and g.r.random() < 0.5:
        cust[k["iban"]] = put(f"BankAccountNumber-{loc}", (k["cust"], k["iban"]), g.iban(loc))
    doc[k["cust"]] = cust
    if g.r.random() < 0.3:  # order lines: product names under "name" are not names
        doc["items"] = [{"name": g.r.choice(_PRODUCTS), "qty": 1} for _ in range(2)]
    # free text: a neutral sentence, an address sentence and a sign-off name
    parts: list[str] = [_neutral_sentence(g), " "]
    text_labels: list[tuple[str, int, int]] = []
    tmpl, sign = _TEXT[loc]
    addr = g.full_address(loc)
    pre, post = tmpl.split("{addr}")
    offset = sum(len(p) for p in parts) + len(pre)
    text_labels.append(("Address", offset, offset + len(addr)))
    parts += [pre, addr, post, "\n\n"]
    signer = g.name(loc)
    spre = sign.split("{name}")[0]
    offset = sum(len(p) for p in parts) + len(spre)
    text_labels.append(("Name", offset, offset + len(signer)))
    parts += [spre, signer]
    doc[k["note"]] = "".join(parts)
    labels.extend((i, (k["note"],), s, e) for i, s, e in text_labels)
    return doc, labels


def _wrap(g: _Gen, doc: dict[str, Any], labels: list[Lbl]) -> tuple[bytes, list[Lbl], str]:
    """The document inside one of several envelopes; labels re-rooted."""
    shape = g.r.choice(("plain", "eventbridge", "sqs", "sqs-sns", "kinesis", "nested"))
    if shape == "plain":
        return orjson.dumps(doc), labels, shape
    if shape == "eventbridge":
        ev = {
            "version": "0",
            "id": g.uuid(),
            "detail-type": doc["type"],
            "source": "com.example.shop",
            "account": str(g.r.randrange(10**11, 10**12)),
            "time": g.ts(),
            "region": "eu-west-1",
            "resources": [],
            "detail": doc,
        }
        return orjson.dumps(ev), [(i, ("detail", *s), a, b) for i, s, a, b in labels], shape
    if shape == "sqs":
        rec = {"messageId": g.uuid(), "body": orjson.dumps(doc).decode(), "eventSource": "aws:sqs"}
        out = [(i, ("Records", 0, "body", LAYER, *s), a, b) for i, s, a, b in labels]
        return orjson.dumps({"Records": [rec]}), out, shape
    if shape == "sqs-sns":
        note = {
            "Type": "Notification",
            "MessageId": g.uuid(),
            "TopicArn": "arn:aws:sns:eu-west-1:123456789012:shop",
            "Message": orjson.dumps(doc).decode(),
            "Timestamp": g.ts(),
        }
        rec = {"messageId": g.uuid(), "body": orjson.dumps(note).decode()}
        out = [
            (i, ("Records", 0, "body", LAYER, "Message", LAYER, *s), a, b) for i, s, a, b in labels
        ]
        return orjson.dumps({"Records": [rec]}), out, shape
    if shape == "kinesis":
        data = base64.b64encode(orjson.dumps(doc)).decode("ascii")
        rec = {"kinesis": {"partitionKey": g.uuid(), "data": data}, "eventID": g.uuid()}
        out = [(i, ("Records", 0, "kinesis", "data", LAYER, *s), a, b) for i, s, a, b in labels]
        return orjson.dumps({"Records": [rec]}), out, shape
    outer = {
        "meta": {"traceId": g.uuid(), "source": "crm"},
        "envelope": {"payload": orjson.dumps(doc).decode(), "encoding": "json"},
    }
    out = [(i, ("envelope", "payload", LAYER, *s), a, b) for i, s, a, b in labels]
    return orjson.dumps(outer), out, "nested"


def _locale_event(seed: int, pii: bool) -> Event:
    g = _Gen(random.Random(seed))
    loc = g.r.choice(LOCALES)
    doc, labels = _document(g, loc, pii)
    payload, labels, shape = _wrap(g, doc, labels)
    return Event(
        shape=f"{shape}/{loc}",
        payload=payload,
        labels=tuple(Label(i, format_path(s), a, b) for i, s, a, b in labels),
        kind=str(doc["type"]),
    )


def generate(n: int, seed: int = 0, pii_ratio: float = 0.5) -> list[Event]:
    """``n`` events: about half from ``benchmarks.corpus``, half locale events."""
    n_base = n // 2
    out = list(corpus.generate(n_base, seed, pii_ratio=pii_ratio))
    master = random.Random(seed ^ 0x5EED)
    for _ in range(n - n_base):
        pii = master.random() < pii_ratio
        out.append(_locale_event(master.getrandbits(64), pii))
    random.Random(seed).shuffle(out)
    return out


__all__ = ["CHECKSUM_IDENTIFIERS", "IDENTIFIERS", "LOCALES", "generate"]
