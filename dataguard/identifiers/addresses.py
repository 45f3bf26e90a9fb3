"""Address (a postal address: street + city or postal code), field-aware and in free text.

Through :func:`make_finder` (the ``Address`` spec's ``context_finder``):

1. **Fields.** A value under an address key (``address``, ``street``, ``addressLine1``,
   ``shipTo.address.line1``, ``adresse``, ``indirizzo``, ``dirección``, ``住所``...) that is
   shaped like a street address (a house number next to words, a street word, or a postal
   code with a place) is an Address, whole. ``ipAddress``, ``emailAddress``, ``macAddress``
   and the like are not address keys.
2. **Free text**, for the countries AWS documents (AU, CA, FR, DE, IT, ES, UK, US): a house
   number and street type (``221B Baker Street``, ``1600 Amphitheatre Parkway``,
   ``Hauptstraße 5``, ``12 rue de la Paix``, ``Via Roma 10``, ``Calle Mayor 5``), extended over
   a following unit, city, state/province and postal code
   (``..., Mountain View, CA 94043``, ``..., London NW1 6XE``, ``..., 75002 Paris``).
3. **NER** (when a model is loaded): a LOCATION entity right after a street match extends it
   (``..., Springfield``), and an entity that itself holds a house number and a street word is
   taken. A city or country alone is not an Address.

Patterns are compiled at import (a few, bounded, no nested unbounded quantifiers); pure and
thread-safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from dataguard.scan.keys import key_tokens

Span = tuple[int, int, float]

# Prefilter (RE2 and Python ``re`` alike): a number next to a word (either order), or a
# Japanese address character.
_LET = "A-Za-zÀ-ÖØ-öø-ɏЀ-ӿ"
PREFILTER = (
    f"\\d[{_LET}]?,?[\\s\u00a0]+[{_LET}]|[{_LET}]\\.?,?[\\s\u00a0]+\\d|[都道府県市区町村丁番]"
)

# --- keys ------------------------------------------------------------------------------------

_ADDRESS_WORDS = frozenset(
    {
        "address", "addresses", "addr", "street", "streets", "straße", "strasse", "adresse",
        "anschrift", "indirizzo", "direccion", "dirección", "domicilio", "morada", "endereco",
        "endereço", "住所", "所在地", "residence", "domicile", "postal", "mailing", "shipto",
        "billto", "shiptoaddress", "billtoaddress", "rue", "calle", "via",
    }
)  # fmt: skip
# Keys whose "address" is not a postal one.
_NOT_POSTAL = frozenset(
    {
        "ip", "ipv4", "ipv6", "email", "mail", "e", "mac", "hw", "hardware", "wallet", "url",
        "uri", "web", "website", "host", "server", "remote", "local", "network", "net",
        "bluetooth", "contract", "memory", "bind", "listen", "public", "private", "source",
        "destination", "src", "dst", "peer", "client", "gateway", "proxy", "broadcast",
        "multicast", "sender", "reply", "from", "to", "cc", "bcc", "smtp", "eth", "btc",
        "bitcoin", "ethereum", "crypto", "token", "node", "endpoint", "socket", "port",
        "ipaddress", "emailaddress", "macaddress", "id", "ids", "type", "kind", "verified",
        "status", "count", "validated", "format", "lat", "lng", "latitude", "longitude",
    }
)  # fmt: skip
# Address sub-fields whose value is part of a postal address on its own (line1 under address).
_LINE_KEYS = frozenset(
    {
        "line", "line1", "line2", "line3", "addressline", "addressline1", "addressline2",
        "address1", "address2", "street1", "street2", "streetaddress", "streetname",
        "streetline", "houseaddress", "premise", "thoroughfare",
    }
)  # fmt: skip


@lru_cache(maxsize=4096)
def _is_address_key(key: str) -> bool:
    toks = key_tokens(key)
    if not toks:
        return False
    joined = "".join(toks)
    if joined in _ADDRESS_WORDS or (joined in _LINE_KEYS and joined.startswith(("add", "str"))):
        return True
    words = set(toks)
    if not words & _ADDRESS_WORDS and not any(t.startswith(("address", "addr")) for t in toks):
        return False
    return not words & _NOT_POSTAL


@lru_cache(maxsize=4096)
def _is_line_key(key: str) -> bool:
    toks = key_tokens(key)
    return "".join(toks) in _LINE_KEYS or (bool(toks) and toks[0] == "line")


def address_field(keys: Sequence[object]) -> bool:
    """Whether the value's own key (or, for ``line1``-like keys, its parent) says address."""
    own: str | None = None
    for k in reversed(keys):
        if type(k) is not str:
            continue
        if own is None:
            own = k
            if _is_address_key(k):
                return True
            if not _is_line_key(k):
                return False
        else:
            return _is_address_key(k)
    return False


# --- shapes ----------------------------------------------------------------------------------

_L = r"[^\W\d_]"  # a letter
_CAPW = rf"(?:{_L}['’]?)?[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.\-]*"  # a capitalised word (unicode)
_NUM = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
_EN_TYPES = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Parkway|Pkwy|"
    r"Place|Pl|Terrace|Terr?|Circle|Cir|Highway|Hwy|Close|Crescent|Cres|Gardens|Gdns|Grove|"
    r"Square|Sq|Row|Mews|Walk|Hill|Parade|Pde|Esplanade|Trail|Trl|Plaza|Alley|Green|Rise|"
    r"View|Loop|Pike|Expressway|Freeway|Broadway|Wharf|Quay|Embankment|Promenade|Yard"
)
_US_STATES = (
    r"A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|"
    r"S[CD]|T[NX]|UT|V[AT]|W[AIVY]|PR"
)
_AU_STATES = r"NSW|VIC|QLD|WA|SA|TAS|ACT|NT"
_CA_PROVS = r"ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|YT|NT|NU"
_UK_PC = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
_CA_PC = r"[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d"
_CITY = rf"{_CAPW}(?:[ \-](?:{_CAPW}|am|an|de|la|le|sur|upon|on|in|der|del)){{0,3}}"
_TAIL = (
    r"(?:,?[ \t]+(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Rm|Room|#)\.?[ \t]*#?"
    r"[\w\-]{1,6}))?"
    rf"(?:,?[ \t]*\n?[ \t]*{_CITY}"
    rf"(?:,?[ \t]+(?:(?:{_US_STATES})[ \t]+\d{{5}}(?:-\d{{4}})?|(?:{_AU_STATES})[ \t]+\d{{4}}"
    rf"|(?:{_CA_PROVS})[ \t]+{_CA_PC}|{_UK_PC}))"
    rf"|,?[ \t]*\n?[ \t]*{_UK_PC}(?![\w]))?"
)

_EN = re.compile(
    rf"(?<![\w\-/.])(?P<v>{_NUM},?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:{_CAPW}[ \t]+){{1,3}}"
    rf"(?:{_EN_TYPES})\.?(?![\w\-])"
    r"(?:[ \t]+(?:North|South|East|West|NE|NW|SE|SW|N|S|E|W)\.?(?![\w\-]))?"
    rf"{_TAIL})",
    re.UNICODE,
)
_FR_TYPES = (
    r"rue|avenue|av\.|boulevard|bd|place|chemin|allée|allee|impasse|quai|route|cours|square|"
    r"passage|voie|rond-point|faubourg|chaussée|promenade|sentier|cité|villa|hameau|lieu-dit"
)
_FR = re.compile(
    rf"(?<![\w\-/.])(?P<v>{_NUM}(?:[ \t]?(?:bis|ter|[A-D]))?,?[ \t]+(?i:{_FR_TYPES})[ \t]+"
    r"(?:(?:de la|de l['’]|du|des|de|d['’]|la|le|les)[ \t]*)?"
    rf"[\w'’\-]+(?:[ \t]+[\w'’\-]+){{0,4}}?"
    rf"(?=[ \t]*(?:,|\n|\.|\Z|[ \t]\d{{5}}|[ \t](?:{_CA_PROVS})\b))"
    rf"(?:,?[ \t]*\n?[ \t]*(?:\d{{5}}|{_CA_PC})[ \t]+{_CITY}"
    rf"|,[ \t]*{_CITY}(?:,?[ \t]+(?:{_CA_PROVS})[ \t]+{_CA_PC}))?)",
    re.UNICODE,
)
_DE_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|"
    r"zeile|stieg|graben|kamp|hof|berg|tor|wall)"
)
_DE_WORDS = r"(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee|Markt)"
_DE = re.compile(
    rf"(?<![\w\-])(?P<v>(?:[A-ZÄÖÜ][\wäöüß\-]*{_DE_SUFFIX}"
    rf"|(?:[A-ZÄÖÜ][\wäöüß\-]*[ \t]){{1,2}}{_DE_WORDS}"
    rf"|(?:Am|An der|Auf dem|Im|In der|Zum|Zur)[ \t][A-ZÄÖÜ][\wäöüß\-]*)"
    rf"[ \t]+\d{{1,4}}[ \t]?[a-zA-Z]?(?:[ \t]?[-/][ \t]?\d{{1,4}}[a-z]?)?(?![\w])"
    rf"(?:,?[ \t]*\n?[ \t]*(?:D-)?\d{{5}}[ \t]+{_CITY})?)",
    re.UNICODE,
)
_IT = re.compile(
    r"(?<![\w\-])(?P<v>(?:Via|Viale|V\.le|Piazza|P\.za|Piazzale|Corso|C\.so|Largo|Vicolo|"
    r"Strada|Contrada|Lungomare|Lungotevere|Borgo|Galleria|Salita)"
    r"[ \t]+[\w'’.\-]+(?:[ \t]+[\w'’.\-]+){0,4}?,?[ \t]+\d{1,4}[A-Za-z]?(?:/[A-Za-z0-9]{1,3})?"
    rf"(?![\w])(?:,?[ \t]*\n?[ \t]*\d{{5}}[ \t]+{_CITY}(?:[ \t]+\([A-Z]{{2}}\))?)?)",
    re.UNICODE,
)
_ES = re.compile(
    r"(?<![\w\-])(?P<v>(?:Calle|C/|Avenida|Avda\.?|Av\.|Plaza|Pza\.|Paseo|P[ºo]\.?|Camino|"
    r"Carrer|Carretera|Ctra\.|Ronda|Travesía|Glorieta|Rambla|Passeig|Plaça|Avinguda)"
    r"[ \t]*[\w'’.\-]+(?:[ \t]+[\w'’.\-]+){0,4}?,?[ \t]+(?:n[º°o]\.?[ \t]*)?\d{1,4}"
    r"(?:[ \t]*,?[ \t]*\d{1,2}[º°ª]?[ \t]?[A-Za-z]?)?(?![\w])"
    rf"(?:,?[ \t]*\n?[ \t]*\d{{5}}[ \t]+{_CITY})?)",
    re.UNICODE,
)
_JP_ADDR = re.compile(
    r"(?P<v>(?:東京都|北海道|京都府|大阪府|[一-鿿]{2,3}県)[一-鿿ぁ-んァ-ヶー々]{1,20}?"
    r"[0-9０-９]{1,4}(?:(?:-|－|‐|丁目|番地?|号)[0-9０-９]{1,4}){0,3}(?:号)?)"
)
_FREE_TEXT = (_EN, _FR, _DE, _IT, _ES, _JP_ADDR)

# Whole-value checks for address fields.
_STREET_WORD = re.compile(
    rf"(?i:(?<![\w])(?:{_EN_TYPES}|{_FR_TYPES}|via|viale|piazza|corso|largo|calle|avenida|"
    r"plaza|paseo|carrer|camino|straße|strasse|str\.|weg|allee|platz|gasse|po box|p\.o\. box|"
    r"postfach|apartado|casella postale)(?![\w])|"
    rf"(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm)(?![\w]))",
    re.UNICODE,
)
_NUMBER_WORD = re.compile(
    r"(?<![\w.\-])\d{1,5}[A-Za-z]?(?![\d.\-:])[ \t,]+[^\W\d_]{2}"
    r"|[^\W\d_]{2,}\.?,?[ \t]+\d{1,5}[A-Za-z]?(?![\w.:\-])",
    re.UNICODE,
)
_POSTAL = re.compile(
    rf"(?<![\w\-])(?:\d{{5}}(?:-\d{{4}})?|{_UK_PC}|{_CA_PC}|\d{{4}})(?![\w\-])", re.UNICODE
)
_JP = re.compile(r"[都道府県][^都道府県]*[市区町村郡]|[市区町村]\D*\d|(?<!\d)\d+(?:丁目|番)")
_ID_LIKE = re.compile(r"\A(?:[0-9a-fA-F\-]{16,}|[A-Z0-9_\-]+|[\d\s.,:/\-+]+|\S+)\Z")


def field_address_span(value: str, keys: Sequence[object]) -> Span | None:
    """The whole value as an Address when its field says address and its shape agrees."""
    if not address_field(keys):
        return None
    v = value.strip()
    odd = len(v) < 5 or len(v) > 300 or "@" in v or "://" in v or _ID_LIKE.match(v)
    if odd and not _JP.search(v):
        return None
    if not (
        _JP.search(v) or _NUMBER_WORD.search(v) or (_STREET_WORD.search(v) and _POSTAL.search(v))
    ):
        return None
    start = len(value) - len(value.lstrip())
    return (start, len(value.rstrip()), 0.85)


def text_address_spans(text: str) -> list[Span]:
    """Street addresses in free text (AU/CA/FR/DE/IT/ES/UK/US shapes), longest first."""
    out: list[Span] = []
    for rx in _FREE_TEXT:
        for m in rx.finditer(text):
            s, e = m.span("v")
            e = s + len(text[s:e].rstrip(" \t,.\n")) if text[e - 1 : e] in " \t,\n" else e
            if any(s < oe and os_ < e for os_, oe, _ in out):
                continue
            out.append((s, e, 0.8))
    return out


# --- the finder ------------------------------------------------------------------------------

NerFn = Callable[[str], list[tuple[int, int, str]]]
_JOIN = re.compile(r"\A,?[ \t]*\n?[ \t]*\Z")
_HAS_NUMBER = re.compile(r"\d")


def make_finder(
    ner: Callable[[], NerFn | None] | None = None,
    free_text: Callable[[str], bool] | None = None,
) -> Callable[[str, Sequence[object]], list[Span]]:
    """The Address ``context_finder``; ``ner`` returns the loaded NER function lazily."""

    def find_addresses(text: str, keys: Sequence[object]) -> list[Span]:
        span = field_address_span(text, keys)
        if span is not None:
            return [span]
        out = text_address_spans(text)
        if ner is None or (free_text is not None and not free_text(text)):
            return out
        fn = ner()
        if fn is None:
            return out
        ents = [(s, e) for s, e, label in fn(text) if label == "LOCATION"]
        if not ents:
            return out
        merged: list[Span] = []
        for s, e, score in out:
            for es, ee in ents:  # extend over a place name right after the street
                if es >= e and _JOIN.match(text[e:es]) and ee - es < 40:
                    e = ee
            merged.append((s, e, score))
        for es, ee in ents:
            if any(es < me and ms < ee for ms, me, _ in merged):
                continue
            chunk = text[es:ee]
            if _HAS_NUMBER.search(chunk) and _STREET_WORD.search(chunk):
                merged.append((es, ee, 0.75))
        return merged

    return find_addresses


__all__ = [
    "PREFILTER",
    "address_field",
    "field_address_span",
    "make_finder",
    "text_address_spans",
]
