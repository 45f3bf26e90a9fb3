"""Field-name context: the JSON keys along a value's path as evidence and counter-evidence.

A payload says what its values are in its key names. ``customer.email``, ``billing.cardNumber``
or ``geburtsdatum`` make a match more likely; ``orderId``, ``sku``, ``traceId``, ``version`` or
``timestamp`` say the value is an identifier, a digest, a version, a time or a quantity, not
personal data, whatever its digits look like. Both are data here, not branches in code:

* ``COUNTER_TERMS``: counter-evidence categories and the key words (English, German, French,
  Spanish, Italian, Japanese) that put a key in each.
* ``RULES``: per identifier (or family, ``*`` as a suffix wildcard), the categories that
  suppress a hit **that has no keyword evidence** (no AWS keyword near it in the text and no
  keyword in the key names). Keyword evidence always wins: ``orderId: "card 4111..."`` stays a
  card, ``{"payment": {"card": {"orderId": ...}}}`` too.
* ``EXTRA_KEY_KEYWORDS``: key names that count as keyword evidence on top of AWS's keyword
  list (which stays the default for text): multilingual field names such as ``courriel``,
  ``geburtsdatum``, ``電話番号``. They count in key names only, never in free text, so they
  widen what a structured payload says without changing what a sentence must say.

Only the **leaf key** (the last key name on the path, the field that holds the value) is
counter-evidence: ``request.sourceIp`` is an IP even though ``request`` appears above it. A key
is in a category when its last word is one of the category's words (``orderId``,
``created_at``, ``skuCode`` is not: its last word is ``code``), when a multi-word term ends the
key (``order number``, ``numéro de commande``), when a long single-word term ends a compound
(``kundenbestellnummer``), when an unambiguous word occurs anywhere (``uuid``, ``sha256``,
``md5``), or, for scripts without word spaces (Japanese), when the term occurs in the key
(``注文番号``). See docs/keywords.md for the same tables in prose.

Everything here is pure and cached per key name; safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from dataguard.scan.keys import is_caseless_script, key_tokens, keyword_tokens

# --- counter-evidence ------------------------------------------------------------------------

# category -> key words. A word matches as the key's last word; a phrase (several words) as the
# key's last words; a single word of 8+ letters also as the end of a compound key name.
COUNTER_TERMS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ids": (
            "id",
            "ids",
            "uuid",
            "guid",
            "uid",
            "sku",
            "skus",
            "ean",
            "gtin",
            "asin",
            "isbn",
            "request",
            "correlation",
            "trace",
            "span",
            "nonce",
            "order number",
            "order no",
            "invoice number",
            "tracking number",
            "reference",
            "ref",
            "key",
            "token",
            "bestellnummer",
            "artikelnummer",
            "auftragsnummer",
            "rechnungsnummer",
            "sendungsnummer",
            "kundennummer",
            "numéro de commande",
            "numero de commande",
            "numéro de facture",
            "référence",
            "número de pedido",
            "numero ordine",
            "注文番号",
            "商品番号",
            "品番",
            "伝票番号",
            "識別子",
        ),
        "digests": (
            "hash",
            "checksum",
            "digest",
            "sha",
            "sha1",
            "sha256",
            "sha512",
            "md5",
            "crc",
            "etag",
            "signature",
            "fingerprint",
            "prüfsumme",
            "empreinte",
            "ハッシュ",
        ),
        "versions": (
            "version",
            "ver",
            "build",
            "release",
            "revision",
            "rev",
            "semver",
            "user agent",
            "fassung",
            "バージョン",
        ),
        "times": (
            "timestamp",
            "ts",
            "epoch",
            "time",
            "datetime",
            "created",
            "updated",
            "modified",
            "created at",
            "updated at",
            "expires",
            "ttl",
            "duration",
            "ms",
            "millis",
            "zeitstempel",
            "erstellt",
            "horodatage",
            "durée",
            "タイムスタンプ",
            "日時",
            "作成日",
            "更新日",
        ),
        "quantities": (
            "count",
            "qty",
            "quantity",
            "price",
            "amount",
            "total",
            "subtotal",
            "sum",
            "port",
            "offset",
            "sequence",
            "seq",
            "size",
            "length",
            "bytes",
            "index",
            "page",
            "limit",
            "score",
            "menge",
            "anzahl",
            "preis",
            "betrag",
            "summe",
            "quantité",
            "prix",
            "montant",
            "cantidad",
            "precio",
            "importe",
            "quantità",
            "prezzo",
            "importo",
            "数量",
            "価格",
            "金額",
            "合計",
            "件数",
        ),
    }
)

# Words that mark a digest or an opaque id wherever they occur in a key (`sha256Sum`,
# `uuidV4`, `skuCode`): too specific to mean anything else.
ANYWHERE: frozenset[str] = frozenset({"uuid", "guid", "sha1", "sha256", "sha512", "md5", "sku"})

_ALL = frozenset({"ids", "digests", "versions", "times", "quantities"})
_NUMERIC = _ALL  # numbers with a checksum or layout only: every category is counter-evidence

# (identifier or "Family*", categories that suppress a hit without keyword evidence).
# First match wins; identifiers matching no row have no counter-evidence.
RULES: tuple[tuple[str, frozenset[str]], ...] = (
    # Private keys and e-mail addresses are what they look like whatever the field says.
    ("AwsSecretKey", frozenset({"digests"})),
    ("OpenSshPrivateKey", frozenset()),
    ("PgpPrivateKey", frozenset()),
    ("PkcsPrivateKey", frozenset()),
    ("PuttyPrivateKey", frozenset()),
    ("EmailAddress", frozenset()),
    # Name and Address are NER-driven (scan/nlp.py) and keep their own context rules.
    ("Name", frozenset()),
    ("Address", frozenset()),
    # An IP-like value in a version/build field is a version; in a digest or time field, noise.
    # In an id field it is still an address (clientId: "10.0.0.1").
    ("IpAddress", frozenset({"versions", "digests", "times"})),
    # A phone number in a callerId field is a phone number: ids do not count.
    ("PhoneNumber*", frozenset({"digests", "versions", "times", "quantities"})),
    ("LatLong", frozenset({"ids", "digests", "versions", "times", "quantities"})),
    ("VehicleIdentificationNumber", frozenset({"ids", "digests", "versions"})),
    ("DateOfBirth", frozenset({"times", "ids", "digests", "versions"})),
    ("CreditCardExpiration", frozenset({"ids", "digests", "versions", "quantities"})),
    # Everything numeric: cards, bank accounts, national, tax, health and licence numbers.
    ("*", _NUMERIC),
)

# --- evidence --------------------------------------------------------------------------------

_DL_KEYS = (
    "driver license",
    "drivers license",
    "driver's license",
    "driver licence",
    "drivers licence",
    "driving licence",
    "driving license",
    "license number",
    "licence number",
    "dl number",
    "dl no",
    "運転免許証",
    "免許証番号",
)
_PHONE_KEYS = (
    "phone",
    "phone number",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "msisdn",
    "telefon",
    "telefonnummer",
    "handynummer",
    "mobilnummer",
    "rufnummer",
    "téléphone",
    "numéro de téléphone",
    "portable",
    "teléfono",
    "telefono",
    "cellulare",
    "celular",
    "電話",
    "電話番号",
    "携帯",
    "携帯電話",
    "手机",
)
_PASSPORT_KEYS = (
    "passport",
    "passport number",
    "reisepass",
    "passnummer",
    "passeport",
    "pasaporte",
    "passaporto",
    "旅券番号",
    "パスポート",
)
_TAX_KEYS = (
    "tax id",
    "tin",
    "taxpayer id",
    "steuer id",
    "steuernummer",
    "numéro fiscal",
    "納税者番号",
)
_BANK_KEYS = (
    "iban",
    "account number",
    "bank account",
    "kontonummer",
    "numéro de compte",
    "número de cuenta",
    "口座番号",
)

# identifier or "Family*" -> key names that are keyword evidence (in key names only).
EXTRA_KEY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "EmailAddress",
        (
            "email",
            "e mail",
            "mail",
            "courriel",
            "adresse mail",
            "correo",
            "correo electrónico",
            "posta elettronica",
            "メール",
            "メールアドレス",
            "電子メール",
            "邮箱",
        ),
    ),
    (
        "DateOfBirth",
        (
            "geburtsdatum",
            "geburtstag",
            "date de naissance",
            "naissance",
            "fecha de nacimiento",
            "data di nascita",
            "data de nascimento",
            "birth",
            "born",
            "生年月日",
            "誕生日",
            "出生日期",
        ),
    ),
    ("PhoneNumber*", _PHONE_KEYS),
    (
        "CreditCardNumber",
        (
            "card number",
            "card no",
            "cc number",
            "kartennummer",
            "kreditkarte",
            "kreditkartennummer",
            "numéro de carte",
            "carte bancaire",
            "carte de crédit",
            "número de tarjeta",
            "tarjeta de crédito",
            "numero di carta",
            "carta di credito",
            "cartão de crédito",
            "カード番号",
            "クレジットカード",
            "信用卡",
        ),
    ),
    (
        "CreditCardSecurityCode",
        ("security code", "prüfnummer", "kartenprüfnummer", "cryptogramme", "セキュリティコード"),
    ),
    (
        "CreditCardExpiration",
        (
            "expiry date",
            "exp date",
            "ablaufdatum",
            "gültig bis",
            "date d'expiration",
            "fecha de caducidad",
            "scadenza",
            "有効期限",
        ),
    ),
    ("BankAccountNumber*", _BANK_KEYS),
    (
        "IpAddress",
        (
            "ip",
            "ip address",
            "ipaddr",
            "ipv4",
            "ipv6",
            "remote addr",
            "client ip",
            "source ip",
            "adresse ip",
            "ip adresse",
            "IPアドレス",
        ),
    ),
    ("LatLong", ("lat long", "coordinates", "geo", "koordinaten", "coordonnées", "座標")),
    (
        "VehicleIdentificationNumber",
        (
            "vin",
            "vehicle identification number",
            "vehicle",
            "chassis number",
            "fahrgestellnummer",
            "fahrzeugidentnummer",
            "niv",
            "numéro d'identification du véhicule",
            "número de identificación vehicular",
            "telaio",
            "車台番号",
        ),
    ),
    ("DriversLicense*", _DL_KEYS),
    ("DriversLicense-AT", ("fuehrerschein", "fuehrerscheinnummer")),
    ("DriversLicense-LU", ("fuehrerschein", "führerschein", "fuehrerscheinnummer")),
    ("PassportNumber*", _PASSPORT_KEYS),
    ("TaxId*", _TAX_KEYS),
    ("IndividualTaxIdentificationNumber-US", _TAX_KEYS),
    # US taxpayers without an EIN use their SSN as tax id (W-9 "taxpayer identification number")
    ("Ssn-US", ("ssn", "social security number", "tax id", "taxpayer id")),
    ("InseeCode-FR", ("nir", "numéro de sécurité sociale", "numero securite sociale")),
    ("HealthInsuranceNumber-FR", ("nir", "numéro de sécurité sociale", "carte vitale")),
    ("NationalIdentificationNumber*", ("national id", "national id number", "id card number")),
    ("NationalIdentificationNumber-DE", ("ausweis", "personalausweisnummer")),
    ("NhsNumber-GB", ("nhs number", "nhs no")),
)


def _matches(pattern: str, identifier: str) -> bool:
    return identifier.startswith(pattern[:-1]) if pattern.endswith("*") else pattern == identifier


@lru_cache(maxsize=1024)
def suppressing_categories(identifier: str) -> frozenset[str]:
    """The counter-evidence categories that drop a keyword-less hit of ``identifier``."""
    for pattern, cats in RULES:
        if _matches(pattern, identifier):
            return cats
    return frozenset()


@lru_cache(maxsize=1024)
def extra_key_keywords(identifier: str) -> tuple[str, ...]:
    """Key names that count as keyword evidence for ``identifier`` beyond AWS's keywords."""
    out: list[str] = []
    for pattern, words in EXTRA_KEY_KEYWORDS:
        if _matches(pattern, identifier):
            out.extend(w for w in words if w not in out)
    return tuple(out)


def _compile_terms() -> tuple[
    dict[str, frozenset[str]], dict[tuple[str, ...], frozenset[str]], dict[str, frozenset[str]]
]:
    """Index COUNTER_TERMS: last word -> categories, phrase -> categories, caseless -> cats."""
    words: dict[str, set[str]] = {}
    phrases: dict[tuple[str, ...], set[str]] = {}
    caseless: dict[str, set[str]] = {}
    for cat, terms in COUNTER_TERMS.items():
        for term in terms:
            toks = keyword_tokens(term)
            if is_caseless_script(term):
                caseless.setdefault("".join(toks), set()).add(cat)
            elif len(toks) == 1:
                words.setdefault(toks[0], set()).add(cat)
            else:
                phrases.setdefault(toks, set()).add(cat)
    return (
        {k: frozenset(v) for k, v in words.items()},
        {k: frozenset(v) for k, v in phrases.items()},
        {k: frozenset(v) for k, v in caseless.items()},
    )


_WORDS, _PHRASES, _CASELESS = _compile_terms()
_COMPOUND_MIN = 8  # a single word this long also counts as the end of a compound key


@lru_cache(maxsize=8192)
def key_categories(key: str) -> frozenset[str]:
    """Counter-evidence categories of one key name (empty for ordinary field names)."""
    toks = key_tokens(key)
    if not toks:
        return frozenset()
    cats: set[str] = set(_WORDS.get(toks[-1], ()))
    joined = "".join(toks)
    for phrase, pc in _PHRASES.items():
        n = len(phrase)
        if tuple(toks[-n:]) == phrase or joined.endswith("".join(phrase)):
            cats |= pc
    for word, wc in _WORDS.items():
        if len(word) >= _COMPOUND_MIN and joined.endswith(word):
            cats |= wc
    for word in ANYWHERE:  # with a digit, inside a token too (sha256Sum splits as sha 256 sum)
        if word in toks or (not word.isalpha() and word in joined):
            cats |= _WORDS.get(word, frozenset())
    for term, tc in _CASELESS.items():
        if term in joined:
            cats |= tc
    return frozenset(cats)


def leaf_key(keys: Sequence[object]) -> str | None:
    """The field that holds the value: the last key name on the path (indexes skipped)."""
    for key in reversed(keys):
        if type(key) is str:
            return key
    return None


def counter_evidence(keys: Sequence[object]) -> frozenset[str]:
    """Counter-evidence categories the value's path shows (from its leaf key)."""
    leaf = leaf_key(keys)
    return key_categories(leaf) if leaf is not None else frozenset()


def suppressed(identifier: str, keys: Sequence[object], has_keyword_evidence: bool) -> bool:
    """True when a hit of ``identifier`` at ``keys`` must be dropped: no keyword evidence, and
    the leaf key is in a category ``RULES`` lists for the identifier."""
    if has_keyword_evidence:
        return False
    cats = suppressing_categories(identifier)
    return bool(cats) and not cats.isdisjoint(counter_evidence(keys))


def suppressor(identifier: str) -> Callable[[Sequence[object]], bool] | None:
    """For compiled detectors: a function of the path telling whether a keyword-less hit is
    suppressed, or None when the identifier has no counter-evidence rule (nothing to check)."""
    cats = suppressing_categories(identifier)
    if not cats:
        return None

    def _check(keys: Sequence[object]) -> bool:
        return not cats.isdisjoint(counter_evidence(keys))

    return _check


__all__ = [
    "ANYWHERE",
    "COUNTER_TERMS",
    "EXTRA_KEY_KEYWORDS",
    "RULES",
    "counter_evidence",
    "extra_key_keywords",
    "key_categories",
    "leaf_key",
    "suppressed",
    "suppressing_categories",
    "suppressor",
]
