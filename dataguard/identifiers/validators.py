"""Checksum and range validators for managed identifiers.

Every function here is pure, allocation-light and total: it takes the matched span text and
returns a bool, never raises (a malformed span is simply not a match). They run only on
regex candidates, so a few microseconds each is fine; none of them imports anything heavy.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Final

_NON_DIGITS: Final = re.compile(r"\D")


def digits(text: str) -> str:
    """The decimal digits of ``text`` in order (separators and letters dropped).

    Without its spaces and dashes a span is usually all ASCII digits, and then it is its own
    answer; the regex (Unicode ``\\D``) runs only on anything else.
    """
    s = text.replace(" ", "").replace("-", "")
    if s.isdigit() and s.isascii():  # ASCII isdigit: 0-9 only
        return s
    return _NON_DIGITS.sub("", text)


# Luhn doubles every second digit from the right: 2d, less 9 when that is over 9.
_LUHN_DOUBLED: Final = str.maketrans("0123456789", "0246813579")


def _luhn_ascii(ds: str) -> bool:
    """Luhn over a non-empty string of ASCII digits, summed as bytes (no Python loop)."""
    r = ds[::-1]
    total = sum(r[0::2].encode()) + sum(r[1::2].translate(_LUHN_DOUBLED).encode())
    return (total - 48 * len(ds)) % 10 == 0


_IMAGE_EXTENSIONS: Final = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "tif", "tiff"}
)


def email_domain(text: str) -> bool:
    """Reject asset names like ``icon@2x.png`` that look like addresses.

    String methods only (it runs on every address candidate): the domain's first label holds
    no ".", so ``\\d+(?:\\.\\d+)?x`` fullmatches it exactly when it is decimal digits and an
    "x", and ``str.isdecimal`` is the Unicode ``\\d`` (category Nd) of ``re``.
    """
    domain = text.rpartition("@")[2].lower()
    tld = domain.rpartition(".")[2]
    if tld in _IMAGE_EXTENSIONS:
        return False
    label = domain.partition(".")[0]
    return not (label[-1:] == "x" and label[:-1].isdecimal())


def luhn(number: str) -> bool:
    """Luhn (mod 10) check over the digits of ``number``; False when there are none."""
    ds = digits(number)
    if not ds:
        return False
    if ds.isascii():
        return _luhn_ascii(ds)
    # other scripts' digits: the historical arithmetic on code points, kept for equal answers
    total = 0
    for i, ch in enumerate(reversed(ds)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# --- payment cards ---------------------------------------------------------------------------

# Sequences AWS says it never reports because card issuers reserve them for public testing
# (SNS "Sensitive data types: Financial", footnote to CreditCardNumber; the same list is in
# the Macie and CloudWatch Logs references).
AWS_TEST_CARD_NUMBERS: frozenset[str] = frozenset(
    {
        "122000000000003",
        "2222405343248877",
        "2222990905257051",
        "2223007648726984",
        "2223577120017656",
        "30569309025904",
        "34343434343434",
        "3528000700000000",
        "3530111333300000",
        "3566002020360505",
        "36148900647913",
        "36700102000000",
        "371449635398431",
        "378282246310005",
        "378734493671000",
        "38520000023237",
        "4012888888881881",
        "4111111111111111",
        "4222222222222",
        "4444333322221111",
        "4462030000000000",
        "4484070000000000",
        "4911830000000",
        "4917300800000000",
        "4917610000000000",
        "4917610000000000003",
        "5019717010103742",
        "5105105105105100",
        "5111010030175156",
        "5185540810000019",
        "5200828282828210",
        "5204230080000017",
        "5204740009900014",
        "5420923878724339",
        "5454545454545454",
        "5555555555554444",
        "56025000000003",
        "5610591081018250",
        "6011000990139424",
        "6011000400000000",
        "6011111111111117",
        "630490017740292441",
        "630495060000000000",
        "6331101999990016",
        "6759649826438453",
        "6799990100000000019",
        "76009244561",
    }
)

# Test numbers that payment processors publish (Stripe, Braintree, Adyen, Worldpay docs) and
# that show up in fixtures and logs far more often than real cards. Not in AWS's list; we
# drop them too because reporting a documented test PAN is noise, never a leak.
PROCESSOR_TEST_CARD_NUMBERS: frozenset[str] = frozenset(
    {
        "4242424242424242",
        "4000056655665556",
        "4012888888881881",
        "4000000000000002",
        "4000000000000077",
        "4000000000003220",
        "4000002500003155",
        "4000000000009995",
        "4000000000000101",
        "4000000000000119",
        "4005519200000004",
        "4009348888881881",
        "4012000033330026",
        "4012000077777777",
        "4217651111111119",
        "4500600000000061",
        "5200828282828210",
        "5105105105105100",
        "2223003122003222",
        "2221000000000009",
        "2223000048400011",
        "343434343434343",
        "370000000000002",
        "6011000000000004",
        "6011000000000012",
        "6011601160116611",
        "3566111111111113",
        "3566002020360505",
        "36259600000004",
        "3056930009020004",
        "6200000000000005",
        "6205500000000000004",
    }
)

TEST_CARD_NUMBERS: frozenset[str] = AWS_TEST_CARD_NUMBERS | PROCESSOR_TEST_CARD_NUMBERS


def _in_ranges(ds: str, ranges: tuple[tuple[int, int, int], ...]) -> bool:
    """True when a prefix of ``ds`` falls in one of (prefix_len, low, high)."""
    return any(len(ds) >= plen and lo <= int(ds[:plen]) <= hi for plen, lo, hi in ranges)


# (issuer, allowed lengths, prefix ranges as (prefix length, low, high)); from the issuers'
# published IIN tables. Order does not matter; a number needs one issuer that fits.
_CARD_ISSUERS: tuple[tuple[str, frozenset[int], tuple[tuple[int, int, int], ...]], ...] = (
    ("visa", frozenset({13, 16, 19}), ((1, 4, 4),)),
    ("mastercard", frozenset({16}), ((2, 51, 55), (4, 2221, 2720))),
    ("amex", frozenset({15}), ((2, 34, 34), (2, 37, 37))),
    (
        "discover",
        frozenset({16, 17, 18, 19}),
        ((4, 6011, 6011), (3, 644, 649), (2, 65, 65), (6, 622126, 622925)),
    ),
    ("jcb", frozenset({16, 17, 18, 19}), ((4, 3528, 3589),)),
    (
        "diners",
        frozenset({14, 15, 16, 17, 18, 19}),
        ((3, 300, 305), (4, 3095, 3095), (2, 36, 36), (2, 38, 39)),
    ),
    ("unionpay", frozenset({16, 17, 18, 19}), ((2, 62, 62), (2, 81, 81))),
    (
        "maestro",
        frozenset({13, 14, 15, 16, 17, 18, 19}),
        (
            (4, 5018, 5018),
            (4, 5020, 5020),
            (4, 5038, 5038),
            (4, 5893, 5893),
            (4, 6304, 6304),
            (4, 6759, 6759),
            (4, 6761, 6763),
            (2, 50, 50),
            (2, 56, 58),
            (2, 60, 69),
        ),
    ),
    ("dankort", frozenset({16}), ((4, 5019, 5019), (4, 4571, 4571))),
    ("mir", frozenset({16, 17, 18, 19}), ((4, 2200, 2204),)),
)


def _prefix_tables() -> tuple[
    dict[int, tuple[tuple[str, tuple[tuple[int, frozenset[str]], ...]], ...]],
    dict[int, tuple[tuple[int, frozenset[str]], ...]],
]:
    """``_CARD_ISSUERS`` as prefix sets per card length: per issuer (in order) and merged.

    For ASCII digits ``ds`` longer than ``plen``, ``lo <= int(ds[:plen]) <= hi`` holds exactly
    when ``ds[:plen]`` is one of the zero-padded ``plen``-digit forms of ``lo..hi``, so a set
    lookup answers what the ``int`` comparison did.
    """
    by_issuer: dict[int, list[tuple[str, tuple[tuple[int, frozenset[str]], ...]]]] = {}
    merged: dict[int, dict[int, set[str]]] = {}
    for name, lengths, ranges in _CARD_ISSUERS:
        for n in lengths:
            sets: dict[int, set[str]] = {}
            for plen, lo, hi in ranges:
                if plen <= n:  # a longer prefix never fits (the len(ds) >= plen test)
                    sets.setdefault(plen, set()).update(
                        f"{x:0{plen}d}" for x in range(lo, hi + 1) if x < 10**plen
                    )
            by_issuer.setdefault(n, []).append(
                (name, tuple((plen, frozenset(p)) for plen, p in sorted(sets.items())))
            )
            for plen, p in sets.items():
                merged.setdefault(n, {}).setdefault(plen, set()).update(p)
    return (
        {n: tuple(v) for n, v in by_issuer.items()},
        {n: tuple((pl, frozenset(p)) for pl, p in sorted(d.items())) for n, d in merged.items()},
    )


_ISSUER_PREFIXES, _ANY_ISSUER_PREFIXES = _prefix_tables()


def card_issuer(number: str) -> str | None:
    """The issuer whose prefix and length rules ``number`` meets, or None."""
    ds = digits(number)
    if ds.isascii():
        for name, prefixes in _ISSUER_PREFIXES.get(len(ds), ()):
            for plen, allowed in prefixes:
                if ds[:plen] in allowed:
                    return name
        return None
    for name, lengths, ranges in _CARD_ISSUERS:
        if len(ds) in lengths and _in_ranges(ds, ranges):
            return name
    return None


def credit_card_number(text: str) -> bool:
    """13-19 digits, a known issuer prefix, Luhn-valid, and not a published test number.

    AWS: "Detection requires the data to be a 13-19 digit sequence that adheres to the Luhn
    check formula, and uses a standard card number prefix".
    """
    ds = digits(text)
    if not 13 <= len(ds) <= 19 or ds in TEST_CARD_NUMBERS:
        return False
    if len(set(ds)) <= 2:  # 4444 4444 4444 4444, 5000...0 style fillers
        return False
    if ds.isascii():  # the common case: set lookups and byte sums
        for plen, allowed in _ANY_ISSUER_PREFIXES.get(len(ds), ()):
            if ds[:plen] in allowed:
                return _luhn_ascii(ds)
        return False
    return card_issuer(ds) is not None and luhn(ds)


_TRACK1: Final = re.compile(r"%?B(\d{13,19})\^")
_TRACK2: Final = re.compile(r";?(\d{13,19})=")


def magnetic_stripe(text: str) -> bool:
    """Track 1 or 2 data whose primary account number passes the card checks (tests kept)."""
    m = _TRACK1.match(text) or _TRACK2.match(text)
    if not m:
        return False
    pan = m.group(1)
    return card_issuer(pan) is not None and luhn(pan)


def card_expiration(text: str) -> bool:
    """MM/YY, MM/YYYY or YYYY-MM with a real month (the regex already bounds the year)."""
    parts = [p for p in re.split(r"\s*[/\-]\s*", text.strip()) if p]
    if len(parts) != 2:
        return False
    a, b = parts
    month = b if len(a) == 4 else a
    return month.isdigit() and 1 <= int(month) <= 12


# --- bank accounts ---------------------------------------------------------------------------

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27,
}  # fmt: skip


# ASCII letters as the numbers ISO 7064 reads them (A=10 ... Z=35); digits stay as they are
_IBAN_LETTER_VALUES: Final = {ord(c): str(int(c, 36)) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def iban_mod97(text: str, country: str | None = None) -> bool:
    """ISO 13616 IBAN: right length for its country and ISO 7064 mod-97 remainder of 1.

    ``country`` restricts the accepted country code (``BankAccountNumber-DE`` only takes DE).
    """
    s = text.replace(" ", "").replace("-", "")
    if not (s.isascii() and s.isalnum()):
        # other whitespace, or non-ASCII text (Unicode upper-casing and digits): the general path
        return _iban_mod97_general(text, country)
    # s holds no whitespace or dash, so it is what re.sub(r"[\s\-]", "", text) gives
    s = s.upper()
    cc = s[:2]
    if (country is not None and cc != country) or IBAN_LENGTHS.get(cc) != len(s):
        return False
    if not cc.isalpha() or not s[2:4].isdigit():
        return False
    # ASCII [A-Z0-9]: each letter becomes its two digits, as str(int(ch, 36)) did
    return int((s[4:] + s[:4]).translate(_IBAN_LETTER_VALUES)) % 97 == 1


def _iban_mod97_general(text: str, country: str | None) -> bool:
    """``iban_mod97`` for any text: Unicode whitespace, upper-casing and digits."""
    s = re.sub(r"[\s\-]", "", text).upper()
    if len(s) < 5 or not s[:2].isalpha() or not s[2:4].isdigit() or not s.isalnum():
        return False
    cc = s[:2]
    if country is not None and cc != country:
        return False
    if IBAN_LENGTHS.get(cc) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    try:
        n = int("".join(str(int(ch, 36)) for ch in rearranged))
    except ValueError:
        return False
    return n % 97 == 1


def iban_for(country: str) -> Callable[[str], bool]:
    """A validator accepting only IBANs of ``country``."""

    def _check(text: str) -> bool:
        return iban_mod97(text, country)

    _check.__name__ = f"iban_{country.lower()}"
    return _check


def gb_sort_code_account(text: str) -> bool:
    """UK sort code + 8-digit account: not all zeros in either part."""
    ds = digits(text)
    return len(ds) == 14 and int(ds[:6]) != 0 and int(ds[6:]) != 0


def us_bank_account(text: str) -> bool:
    """8-17 digits that are not one digit repeated (0000000000 placeholders)."""
    ds = digits(text)
    return 8 <= len(ds) <= 17 and len(set(ds)) > 1


# --- US identifiers --------------------------------------------------------------------------

# Numbers the SSA voided after they were printed on sample cards and in advertising.
# 123-45-6789 is not excluded: the SNS guide masks it in its own Deidentify example.
_SSN_VOID: Final = frozenset({"078051120", "219099999"})


def ssn_rules(text: str) -> bool:
    """US SSN: area 001-899 except 666, group not 00, serial not 0000 (SSA rules)."""
    ds = digits(text)
    if len(ds) != 9 or ds in _SSN_VOID:
        return False
    if ds.isascii():  # fixed-width ASCII digits compare as strings as their values do
        area = ds[:3]
        return "000" < area < "900" and area != "666" and ds[3:5] != "00" and ds[5:] != "0000"
    area_n, group, serial = int(ds[:3]), int(ds[3:5]), int(ds[5:])
    return 0 < area_n < 900 and area_n != 666 and group != 0 and serial != 0


def itin_rules(text: str) -> bool:
    """US ITIN: 9XX-GG-SSSS with group 50-65, 70-88, 90-92 or 94-99 (IRS ranges)."""
    ds = digits(text)
    if len(ds) != 9 or ds[0] != "9":
        return False
    g = int(ds[3:5])
    return (50 <= g <= 65 or 70 <= g <= 88 or 90 <= g <= 92 or 94 <= g <= 99) and ds[5:] != "0000"


def us_zip(text: str) -> bool:
    """ZIP or ZIP+4 that is not 00000 (never assigned)."""
    ds = digits(text)
    return len(ds) in (5, 9) and ds[:5] != "00000"


def us_passport(text: str) -> bool:
    """9 digits, or a letter and 8 digits (next-generation books); not one digit repeated."""
    ds = digits(text)
    return len(set(ds)) > 1


def us_drivers_license(text: str) -> bool:
    """Reject runs of one repeated digit and values with no digits; formats vary by state."""
    ds = digits(text)
    return len(ds) >= 4 and len(set(ds)) > 1


# --- vehicles --------------------------------------------------------------------------------

_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_YEAR_CODES = frozenset("ABCDEFGHJKLMNPRSTVWXY123456789")


def vin_check_digit(text: str) -> bool:
    """ISO 3779 / 49 CFR 565 check digit (position 9) of a 17-character VIN."""
    s = text.upper()
    if len(s) != 17:
        return False
    try:
        total = sum(_VIN_VALUES[ch] * w for ch, w in zip(s, _VIN_WEIGHTS, strict=True))
    except KeyError:
        return False
    r = total % 11
    return s[8] == ("X" if r == 10 else str(r))


def vin(text: str) -> bool:
    """A VIN: check digit mandatory for North American WMIs (1-5), structure elsewhere.

    The check digit is required only in North America; European and Asian makers often
    leave position 9 as filler. For those we ask for the structure ISO 3779 gives most
    series production (model-year code at position 10, serial digits at 15-17) and at least
    one letter in the WMI, so hex ids and mixed-case tokens do not pass.
    """
    s = text.upper()
    if len(s) != 17 or not re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", s):
        return False
    if not any(c.isalpha() for c in s) or not any(c.isdigit() for c in s):
        return False
    if vin_check_digit(s):
        return True
    if s[0] in "12345":
        return False
    if re.fullmatch(r"[0-9A-F]{17}", s):
        return False
    return any(c.isalpha() for c in s[:3]) and s[9] in _VIN_YEAR_CODES and s[14:].isdigit()


# --- UK --------------------------------------------------------------------------------------


def nhs_mod11(text: str) -> bool:
    """NHS number: 10 digits, weights 10..2, check = 11 - sum mod 11 (11 -> 0, 10 invalid)."""
    ds = digits(text)
    if len(ds) != 10 or len(set(ds)) == 1:
        return False
    if ds.isascii():  # byte values less 48 per digit; the weights sum to 54
        b = ds.encode()
        total = (
            10 * b[0] + 9 * b[1] + 8 * b[2] + 7 * b[3] + 6 * b[4]
            + 5 * b[5] + 4 * b[6] + 3 * b[7] + 2 * b[8] - 54 * 48
        )  # fmt: skip
    else:
        total = sum(int(d) * w for d, w in zip(ds[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(ds[9])


_NINO_BAD_PREFIX = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_gb(text: str) -> bool:
    """UK National Insurance number: HMRC prefix rules (no D F I Q U V, O not second, and
    none of BG GB KN NK NT TN ZZ), six digits, optional suffix A-D."""
    s = re.sub(r"[\s\-]", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{6}[A-D]?", s):
        return False
    a, b = s[0], s[1]
    if a in "DFIQUV" or b in "DFIQUVO":
        return False
    return s[:2] not in _NINO_BAD_PREFIX


# --- Brazil ----------------------------------------------------------------------------------


def cpf_br(text: str) -> bool:
    """CPF: 11 digits, two mod-11 check digits, not one digit repeated."""
    ds = digits(text)
    if len(ds) != 11 or len(set(ds)) == 1:
        return False
    for n in (9, 10):
        total = sum(int(d) * w for d, w in zip(ds[:n], range(n + 1, 1, -1), strict=True))
        check = total * 10 % 11 % 10
        if check != int(ds[n]):
            return False
    return True


def cnpj_br(text: str) -> bool:
    """CNPJ: 14 digits, two mod-11 check digits, not one digit repeated."""
    ds = digits(text)
    if len(ds) != 14 or len(set(ds)) == 1:
        return False
    w1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    w2 = (6, *w1)
    for n, weights in ((12, w1), (13, w2)):
        r = sum(int(d) * w for d, w in zip(ds[:n], weights, strict=True)) % 11
        check = 0 if r < 2 else 11 - r
        if check != int(ds[n]):
            return False
    return True


def cep_br(text: str) -> bool:
    """CEP: 8 digits, not 00000-000."""
    ds = digits(text)
    return len(ds) == 8 and int(ds) != 0


# --- Spain -----------------------------------------------------------------------------------

_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_es(text: str) -> bool:
    """DNI: 8 digits and the control letter (number mod 23 in TRWAGMYFPDXBNJZSQVHLCKE)."""
    s = re.sub(r"[\s\-]", "", text).upper()
    if not re.fullmatch(r"\d{8}[A-Z]", s):
        return False
    return _DNI_LETTERS[int(s[:8]) % 23] == s[8]


def nie_es(text: str) -> bool:
    """NIE: X/Y/Z (read as 0/1/2), 7 digits and the DNI control letter."""
    s = re.sub(r"[\s\-]", "", text).upper()
    if not re.fullmatch(r"[XYZ]\d{7}[A-Z]", s):
        return False
    n = int(str("XYZ".index(s[0])) + s[1:8])
    return _DNI_LETTERS[n % 23] == s[8]


def cif_es(text: str) -> bool:
    """CIF (company NIF): org letter, 7 digits, control digit or letter."""
    s = re.sub(r"[\s\-]", "", text).upper()
    if not re.fullmatch(r"[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]", s):
        return False
    body = s[1:8]
    even = sum(int(body[i]) for i in (1, 3, 5))
    odd = 0
    for i in (0, 2, 4, 6):
        d = int(body[i]) * 2
        odd += d // 10 + d % 10
    c = (10 - (even + odd) % 10) % 10
    return s[8] in (str(c), "JABCDEFGHI"[c])


def nif_es(text: str) -> bool:
    """Spanish NIF: a DNI, an NIE or a CIF."""
    return dni_es(text) or nie_es(text) or cif_es(text)


# --- Italy -----------------------------------------------------------------------------------

_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11,
         3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
        strict=True,
    )
)  # fmt: skip


def codice_fiscale_it(text: str) -> bool:
    """Italian codice fiscale: 16 characters in the official layout with its check letter."""
    s = text.upper()
    if not re.fullmatch(
        r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]",
        s,
    ):
        return False
    total = 0
    for i, ch in enumerate(s[:15]):
        if i % 2 == 0:
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == s[15]


# --- Canada ----------------------------------------------------------------------------------


def sin_ca(text: str) -> bool:
    """Canadian SIN: 9 digits, Luhn-valid, first digit not 0 or 8 (never issued)."""
    ds = digits(text)
    return len(ds) == 9 and ds[0] not in "08" and len(set(ds)) > 1 and luhn(ds)


# --- European national numbers ----------------------------------------------------------------
# Personal numbers printed on driving licences (EU card field 4d) and tax/insurance numbers.
# Algorithms as the issuing administrations publish them (python-stdnum implements the same).


def _date_ok(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def iso7064_mod11_10(ds: str) -> bool:
    """ISO 7064 MOD 11,10 over all digits (last one is the check digit): HR OIB, DE Steuer-ID."""
    if not ds.isdigit() or len(ds) < 2:
        return False
    product = 10
    for ch in ds[:-1]:
        s = (int(ch) + product) % 10 or 10
        product = s * 2 % 11
    return (11 - product) % 10 == int(ds[-1])


def de_tax_id(text: str) -> bool:
    """Steueridentifikationsnummer: 11 digits, no leading 0, in the first ten one digit twice
    (or three times, never three in a row) and the rest once, ISO 7064 MOD 11,10 check."""
    ds = digits(text)
    if len(ds) != 11 or ds[0] == "0":
        return False
    counts = sorted((ds[:10].count(c) for c in set(ds[:10])), reverse=True)
    if counts[0] not in (2, 3) or counts[1:] != [1] * (len(counts) - 1):
        return False
    if counts[0] == 3 and any(ds[i] == ds[i + 1] == ds[i + 2] for i in range(8)):
        return False
    return iso7064_mod11_10(ds)


def hr_oib(text: str) -> bool:
    """Croatian OIB: 11 digits, ISO 7064 MOD 11,10."""
    ds = digits(text)
    return len(ds) == 11 and len(set(ds)) > 1 and iso7064_mod11_10(ds)


def fr_nir(text: str) -> bool:
    """INSEE/NIR (numéro de sécurité sociale, carte Vitale): sex digit, year, month, department
    (Corsica 2A/2B read as 19/18), commune, order and the key 97 - (number mod 97)."""
    s = re.sub(r"[\s.\-]", "", text).upper()
    if not re.fullmatch(r"[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}", s):
        return False
    month = int(s[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 99):
        return False
    body = s[:5] + {"2A": "19", "2B": "18"}.get(s[5:7], s[5:7]) + s[7:13]
    return 97 - int(body) % 97 == int(s[13:])


def fr_tax_id(text: str) -> bool:
    """French numéro fiscal (SPI): 13 digits, first 0-3, last three = first ten mod 511."""
    ds = digits(text)
    return len(ds) == 13 and ds[0] in "0123" and int(ds[:10]) % 511 == int(ds[10:])


_UTR_WEIGHTS = (6, 7, 8, 9, 10, 5, 4, 3, 2)


def gb_utr(text: str) -> bool:
    """UK Unique Taxpayer Reference: 10 digits; the first is '21987654321'[weighted sum of
    the other nine mod 11] (HMRC's mod-11 scheme); an optional K is ignored."""
    ds = digits(text)
    if len(ds) != 10 or len(set(ds)) == 1:
        return False
    total = sum(w * int(d) for w, d in zip(_UTR_WEIGHTS, ds[1:], strict=True))
    return "21987654321"[total % 11] == ds[0]


def nl_bsn(text: str) -> bool:
    """Dutch BSN: 9 digits, 11-test with weights 9..2 and -1."""
    ds = digits(text)
    if len(ds) != 9 or int(ds) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(ds, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def se_personnummer(text: str) -> bool:
    """Swedish personnummer/samordningsnummer: (YY)YYMMDD, 3 digits, Luhn check digit over the
    10-digit form; the day may carry +60 (coordination numbers)."""
    ds = digits(text)
    if len(ds) == 12:
        ds = ds[2:]
    if len(ds) != 10:
        return False
    month, day = int(ds[2:4]), int(ds[4:6])
    day = day - 60 if day > 60 else day
    return _date_ok(2000, month, day) and luhn(ds)


_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU_CENTURY = {"+": 1800, "-": 1900, "A": 2000}
_HETU_CENTURY.update(dict.fromkeys("UVWXY", 1900))
_HETU_CENTURY.update(dict.fromkeys("BCDEF", 2000))


def fi_hetu(text: str) -> bool:
    """Finnish henkilötunnus: DDMMYY, century sign, 3 digits, check character (mod 31)."""
    s = text.strip().upper()
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{2})([+\-A-FU-Y])(\d{3})([0-9A-Y])", s)
    if not m:
        return False
    dd, mm, yy, sign, ind, check = m.groups()
    if not _date_ok(_HETU_CENTURY[sign] + int(yy), int(mm), int(dd)):
        return False
    return _HETU_CHECK[int(dd + mm + yy + ind) % 31] == check


def dk_cpr(text: str) -> bool:
    """Danish CPR: DDMMYY-SSSS with a real date (the mod-11 rule was dropped in 2007)."""
    ds = digits(text)
    return len(ds) == 10 and _date_ok(2000, int(ds[2:4]), int(ds[:2])) and len(set(ds)) > 2


_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def pl_pesel(text: str) -> bool:
    """Polish PESEL: YYMMDD (century in the month: +80, +0, +20, +40, +60), 4 digits, check
    digit (10 - weighted sum mod 10) mod 10."""
    ds = digits(text)
    if len(ds) != 11:
        return False
    mm = int(ds[2:4])
    century = {0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800}[mm // 20]
    if not _date_ok(century + int(ds[:2]), mm % 20, int(ds[4:6])):
        return False
    total = sum(int(d) * w for d, w in zip(ds, _PESEL_WEIGHTS, strict=False))
    return (10 - total % 10) % 10 == int(ds[10])


_NIF_PT_PREFIXES = frozenset({"45", "70", "71", "72", "74", "75", "77", "79"})


def pt_nif(text: str) -> bool:
    """Portuguese NIF: 9 digits, known leading digit, mod-11 check digit."""
    ds = digits(text)
    if len(ds) != 9 or (ds[0] not in "1235689" and ds[:2] not in _NIF_PT_PREFIXES):
        return False
    r = 11 - sum(int(d) * w for d, w in zip(ds, range(9, 1, -1), strict=False)) % 11
    return (0 if r >= 10 else r) == int(ds[8])


_CNP_WEIGHTS = (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)


def ro_cnp(text: str) -> bool:
    """Romanian CNP: sex/century digit 1-9, YYMMDD, county, serial, check (mod 11, 10 -> 1)."""
    ds = digits(text)
    if len(ds) != 13 or ds[0] == "0":
        return False
    century = {"1": 1900, "2": 1900, "3": 1800, "4": 1800, "5": 2000, "6": 2000}.get(ds[0], 1900)
    if not _date_ok(century + int(ds[1:3]), int(ds[3:5]), int(ds[5:7])):
        return False
    r = sum(int(d) * w for d, w in zip(ds, _CNP_WEIGHTS, strict=False)) % 11
    return (1 if r == 10 else r) == int(ds[12])


_EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)


def bg_egn(text: str) -> bool:
    """Bulgarian EGN: YYMMDD (month +20 for 1800s, +40 for 2000s), 3 digits, mod-11 check."""
    ds = digits(text)
    if len(ds) != 10:
        return False
    mm = int(ds[2:4])
    if 41 <= mm <= 52:
        year, mm = 2000 + int(ds[:2]), mm - 40
    elif 21 <= mm <= 32:
        year, mm = 1800 + int(ds[:2]), mm - 20
    else:
        year = 1900 + int(ds[:2])
    if not _date_ok(year, mm, int(ds[4:6])):
        return False
    r = sum(int(d) * w for d, w in zip(ds, _EGN_WEIGHTS, strict=False)) % 11
    return (0 if r == 10 else r) == int(ds[9])


def ie_pps(text: str) -> bool:
    """Irish PPS number: 7 digits and a check letter (weights 8..2, second letter x9, mod 23)."""
    s = re.sub(r"[\s\-]", "", text).upper()
    m = re.fullmatch(r"(\d{7})([A-W])([A-IW]?)", s)
    if not m:
        return False
    body, check, extra = m.groups()
    total = sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True))
    if extra:
        total += 9 * (0 if extra == "W" else ord(extra) - 64)
    return "WABCDEFGHIJKLMNOPQRSTUV"[total % 23] == check


def baltic_personal_code(text: str) -> bool:
    """Estonian isikukood / Lithuanian asmens kodas: sex-century digit 1-6, YYMMDD, serial, and
    the two-pass mod-11 check digit."""
    ds = digits(text)
    if len(ds) != 11 or ds[0] not in "123456":
        return False
    century = 1800 + 100 * ((int(ds[0]) - 1) // 2)
    if not _date_ok(century + int(ds[1:3]), int(ds[3:5]), int(ds[5:7])):
        return False
    for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)):
        r = sum(int(d) * w for d, w in zip(ds, weights, strict=False)) % 11
        if r != 10:
            return r == int(ds[10])
    return int(ds[10]) == 0


_ICAO_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def de_id_card(text: str) -> bool:
    """German Personalausweis serial (since Nov 2010): 9 characters from the restricted
    alphabet with at least one digit; with a 10th character, the ICAO 9303 7-3-1 check digit."""
    s = text.upper()
    if len(s) not in (9, 10) or not any(c.isdigit() for c in s[:9]) or len(set(s)) < 3:
        return False
    if len(s) == 9:
        return True
    total = sum(_ICAO_VALUES[c] * (7, 3, 1)[i % 3] for i, c in enumerate(s[:9]))
    return str(total % 10) == s[9]


# --- health ----------------------------------------------------------------------------------

# EU/EEA/CH ISO 3166 numeric codes: EHIC card numbers are ISO/IEC 7812 numbers whose issuer
# identifier is 80 (health) followed by the issuing country's numeric code.
_EHIC_COUNTRIES = frozenset({
    "040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276", "300", "348",
    "352", "372", "380", "428", "438", "440", "442", "470", "528", "578", "616", "620", "642",
    "703", "705", "724", "752", "756",
})  # fmt: skip


def ehic_card_number(text: str) -> bool:
    """EHIC card identification number: 20 digits starting 80 + an EU/EEA/CH country code."""
    ds = digits(text)
    return len(ds) == 20 and ds[:2] == "80" and ds[2:5] in _EHIC_COUNTRIES and len(set(ds[5:])) > 1


# HICN Beneficiary Identification Codes (CMS): the letter, optionally one digit or letter.
_BIC_LETTERS = frozenset("ABCDEFGHJKMTW")


def hicn(text: str) -> bool:
    """Medicare HICN: an SSN (SSA area/group/serial rules) and a Beneficiary Identification
    Code, or a Railroad Retirement Board number (1-3 letter prefix, 6 or 9 digits)."""
    s = re.sub(r"[\s\-]", "", text).upper()
    if re.fullmatch(r"\d{9}[A-Z][A-Z0-9]?", s):
        return s[9] in _BIC_LETTERS and ssn_rules(s[:9])
    m = re.fullmatch(r"([A-Z]{1,3})(\d{6}|\d{9})", s)
    return m is not None and m.group(1) in _RRB_PREFIXES and len(set(m.group(2))) > 1


_RRB_PREFIXES = frozenset({
    "A", "CA", "H", "JA", "MA", "MH", "PA", "PD", "PH", "WA", "WCA", "WCD", "WCH", "WD", "WF",
    "WH", "WJ", "WJD", "WW",
})  # fmt: skip


def ndc(text: str) -> bool:
    """National Drug Code: 10 digits as 4-4-2, 5-3-2 or 5-4-1, or the 11-digit 5-4-2 billing
    form; labeler, product and package segments not all zeros."""
    parts = re.split(r"[\s\-]", text.strip())
    ds = "".join(parts)
    if not ds.isdigit() or len(ds) not in (10, 11) or len(set(ds)) == 1:
        return False
    if len(parts) == 3:
        shape = tuple(len(p) for p in parts)
        if shape not in ((4, 4, 2), (5, 3, 2), (5, 4, 1), (5, 4, 2)):
            return False
        return all(int(p) != 0 for p in parts)
    return len(parts) == 1 and int(ds[:5]) != 0


# --- network and geo -------------------------------------------------------------------------


# What ipaddress accepts as an octet: ASCII decimal 0-255 with no leading zero, i.e. exactly
# these strings.
_IPV4_OCTETS: Final = frozenset(str(i) for i in range(256))
_DROP_HEX_DIGITS: Final = dict.fromkeys(map(ord, "0123456789abcdefABCDEF"))


def ipv4(text: str) -> bool:
    """A dotted-quad IPv4 address, exactly as ``ipaddress.IPv4Address`` accepts it.

    Four set lookups instead of building the address object (a fifth of the cost); the tests
    hold it, and ``_ipv6_syntax``, equal to ``ipaddress`` of the running Python.
    """
    parts = text.split(".")
    return len(parts) == 4 and all(p in _IPV4_OCTETS for p in parts)


# parts joined by ":" (they hold none): each one 1-4 ASCII hex digits
_HEXTETS: Final = re.compile(r"[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*")


def _hextets_ok(parts: list[str]) -> bool:
    """Each part is 1-4 ASCII hex digits (``IPv6Address._parse_hextet`` rejects the rest)."""
    return not parts or _HEXTETS.fullmatch(":".join(parts)) is not None


def _ipv6_syntax(text: str) -> bool:
    """True when ``ipaddress.IPv6Address(text)`` would not raise: its checks, in its order,
    without building the address or formatting error messages."""
    if "/" in text:
        return False
    addr, sep, scope = text.partition("%")
    if sep and (not scope or "%" in scope):
        return False
    if not addr:
        return False
    parts = addr.split(":")
    if len(parts) < 3:
        return False
    if "." in parts[-1]:  # an IPv4 suffix is two hextets (any valid ones stand in for them)
        if not ipv4(parts[-1]):
            return False
        parts[-1:] = ["0", "0"]
    if len(parts) > 9:
        return False
    skip = None
    for i in range(1, len(parts) - 1):
        if not parts[i]:
            if skip is not None:  # at most one "::"
                return False
            skip = i
    if skip is None:
        return len(parts) == 8 and _hextets_ok(parts)
    hi = skip
    lo = len(parts) - skip - 1
    if not parts[0]:
        hi -= 1
        if hi:  # a leading ":" only as part of "::"
            return False
    if not parts[-1]:
        lo -= 1
        if lo:  # a trailing ":" only as part of "::"
            return False
    if 8 - (hi + lo) < 1:
        return False
    return _hextets_ok(parts[:hi]) and _hextets_ok(parts[len(parts) - lo :])


def ipv6(text: str) -> bool:
    """An IPv6 address with at least 3 hex digits, so ``A::B`` or ``::`` tokens do not count."""
    # hex digits anywhere in the text (the zone id too): what deleting them shortens it by
    return _ipv6_syntax(text) and len(text) - len(text.translate(_DROP_HEX_DIGITS)) >= 3


def ip_address(text: str) -> bool:
    """IPv4 or IPv6."""
    return ipv6(text) if ":" in text else ipv4(text)


_NUM: Final = re.compile(r"[-+]?\d{1,3}(?:\.\d+)?")


def lat_long(text: str) -> bool:
    """A latitude, longitude pair within [-90, 90] x [-180, 180], not both zero."""
    nums = _NUM.findall(text)
    if len(nums) != 2:
        return False
    lat, lon = float(nums[0]), float(nums[1])
    return -90 <= lat <= 90 and -180 <= lon <= 180 and not (lat == 0 and lon == 0)


# --- credentials -----------------------------------------------------------------------------


def aws_secret_key(text: str) -> bool:
    """40 base64 characters with upper, lower and a digit: random keys have all three,
    while hex digests (lowercase only) and words do not."""
    return (
        len(text) == 40
        and any(c.isupper() for c in text)
        and any(c.islower() for c in text)
        and any(c.isdigit() for c in text)
    )


def not_repeated_digit(text: str) -> bool:
    """Rejects 000000 / 111111 style placeholders."""
    ds = digits(text)
    return len(set(ds)) > 1


__all__ = [
    "AWS_TEST_CARD_NUMBERS",
    "IBAN_LENGTHS",
    "PROCESSOR_TEST_CARD_NUMBERS",
    "TEST_CARD_NUMBERS",
    "aws_secret_key",
    "card_expiration",
    "card_issuer",
    "cep_br",
    "cif_es",
    "cnpj_br",
    "codice_fiscale_it",
    "cpf_br",
    "credit_card_number",
    "digits",
    "dni_es",
    "email_domain",
    "gb_sort_code_account",
    "iban_for",
    "iban_mod97",
    "ip_address",
    "ipv4",
    "ipv6",
    "itin_rules",
    "lat_long",
    "luhn",
    "magnetic_stripe",
    "nhs_mod11",
    "nie_es",
    "nif_es",
    "nino_gb",
    "not_repeated_digit",
    "sin_ca",
    "ssn_rules",
    "us_bank_account",
    "us_drivers_license",
    "us_passport",
    "us_zip",
    "vin",
    "vin_check_digit",
]
