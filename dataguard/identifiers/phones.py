"""Phone number detection with Google's libphonenumber port (``phonenumbers``).

Two tiers, both cheap enough for every string that passes the 7-digit prefilter:

* **International form** (``+44 20 7946 0958``): found by ``PhoneNumberMatcher`` with
  leniency VALID, no keyword needed; the country code makes the match unambiguous.
* **National form** (``020 7946 0958``): a regex candidate validated for the region with
  ``phonenumbers``; it counts only with a phone keyword nearby or in the JSON path
  (``keyword_patterns`` of the spec), because bare national digit runs look like order
  numbers, timestamps and ids.

All functions are pure and thread-safe; ``phonenumbers`` keeps its metadata in module globals
that are read-only after import.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers
from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    Leniency,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberMatcher,
)

from .memo import per_message

# Regions AWS lists for PhoneNumber: Brazil, France, Germany, Italy, Spain, UK, US.
PHONE_REGIONS: tuple[str, ...] = ("BR", "DE", "ES", "FR", "GB", "IT", "US")

# Necessary condition for any phone number: seven digits with at most three other
# characters between consecutive digits. Linear: \d and \D are disjoint.
PHONE_PREFILTER = r"(?:\d\D{0,3}){6}\d"
# The international finder only reports numbers written with a "+" country code.
INTERNATIONAL_PREFILTER = r"\+[\s(]{0,2}\d(?:[\s().\-/]{0,2}\d){6}"

INTERNATIONAL_SCORE = 0.9
# An E.164 number has at most 15 digits; with separators and an extension it stays well
# inside this many characters from its "+".
_INTERNATIONAL_REACH = 40
_PLUS = re.compile(r"\+(?=[\s(]{0,2}\d)")
NATIONAL_SCORE = 0.75

# National-format candidates per region. Each starts where no word character or "+" is just
# before it (an international number is the finder's), and ends before a digit or word
# character; separators are a single space, dot, dash or slash, so there is no nesting.
_SEP = r"[ .\-/]?"
# not the national part of a number already written with a "+" country code ("+39 312 ...")
_NOT_AFTER_CC = r"(?<!\+\d[ .\-])(?<!\+\d\d[ .\-])(?<!\+\d\d\d[ .\-])"
NATIONAL_PATTERNS: dict[str, str] = {
    "US": (
        r"(?<![\w+])"
        + _NOT_AFTER_CC
        + r"(?<!\+1[ .\-])(?:1"
        + _SEP
        + r")?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}"
        + _SEP
        + r")"
        r"[2-9]\d{2}" + _SEP + r"\d{4}(?![\w\-])"
    ),
    "GB": r"(?<![\w+])"
    + _NOT_AFTER_CC
    + r"(?:\(0\d{2,4}\) ?|0\d{2,4}"
    + _SEP
    + r")\d{3,4}"
    + _SEP
    + r"\d{3,4}(?![\w\-])",
    "DE": r"(?<![\w+])"
    + _NOT_AFTER_CC
    + r"(?:\(0\d{2,5}\) ?|0\d{2,5}"
    + _SEP
    + r")\d{3,8}(?:"
    + _SEP
    + r"\d{1,5})?(?![\w\-])",
    "FR": r"(?<![\w+])" + _NOT_AFTER_CC + r"0[1-9](?:" + _SEP + r"\d{2}){4}(?![\w\-])",
    "ES": r"(?<![\w+])"
    + _NOT_AFTER_CC
    + r"[6-9]\d{2}"
    + _SEP
    + r"\d{2,3}"
    + _SEP
    + r"\d{2,3}(?:"
    + _SEP
    + r"\d{2})?(?![\w\-])",
    "IT": r"(?<![\w+])"
    + _NOT_AFTER_CC
    + r"(?:0\d{1,4}|3\d{2})"
    + _SEP
    + r"\d{3,4}"
    + _SEP
    + r"\d{2,4}(?![\w\-])",
    "BR": (
        r"(?<![\w+])"
        + _NOT_AFTER_CC
        + r"(?:\(?0?[1-9]\d\)?"
        + _SEP
        + r")(?:9"
        + _SEP
        + r")?\d{4}"
        + _SEP
        + r"\d{4}(?![\w\-])"
    ),
}


def _is_valid_for(text: str, region: str) -> bool:
    num = parse_national(text, region)
    if num is None:
        return False
    own = own_valid_region(num)
    if own is None:
        return False
    return own == region or phonenumbers.is_valid_number_for_region(num, region)


# Per region's metadata: (general description, the number types' descriptions), each as
# (possible lengths, full-match pattern); built on first use, read-only after.
_Desc = tuple[frozenset[int], re.Pattern[str]] | None
_DESCS: dict[int, tuple[_Desc, tuple[_Desc, ...]]] = {}
_TYPE_FIELDS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


def _desc(desc: object) -> _Desc:
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return None  # no pattern: libphonenumber never matches it
    lengths = frozenset(getattr(desc, "possible_length", None) or ())
    return lengths, re.compile(pattern)


def _descs(metadata: object) -> tuple[_Desc, tuple[_Desc, ...]]:
    key = id(metadata)
    found = _DESCS.get(key)
    if found is None:
        general = _desc(getattr(metadata, "general_desc", None))
        types = tuple(_desc(getattr(metadata, f, None)) for f in _TYPE_FIELDS)
        found = _DESCS[key] = (general, types)
    return found


def _matches(nsn: str, desc: _Desc) -> bool:
    if desc is None:
        return False
    lengths, pattern = desc
    if lengths and len(nsn) not in lengths:
        return False
    return pattern.fullmatch(nsn) is not None


def _valid_in(nsn: str, metadata: object) -> bool:
    """libphonenumber's validity for a region: its number type is not UNKNOWN, which holds
    when the general description and any one type's match. (Its own check tells the types
    apart, eight of them before fixed line and mobile: the costly part of ``is_valid_number``.)
    """
    general, types = _descs(metadata)
    return _matches(nsn, general) and any(_matches(nsn, d) for d in types)


_LEADING: dict[int, re.Pattern[str] | None] = {}


def _leading_digits(metadata: PhoneMetadata) -> re.Pattern[str] | None:
    """The region's leading-digits pattern (which claims a shared calling code), compiled once."""
    key = id(metadata)
    if key not in _LEADING:
        leading = metadata.leading_digits
        _LEADING[key] = re.compile(leading) if leading is not None else None
    return _LEADING[key]


def own_valid_region(number: PhoneNumber) -> str | None:
    """The number's own region when the number is valid there, else None: exactly
    ``region_code_for_number`` followed by ``is_valid_number_for_region`` for it, which is
    what ``is_valid_number`` decides."""
    code = number.country_code
    if code is None:
        return None
    regions = COUNTRY_CODE_TO_REGION_CODE.get(code)
    if not regions:
        return None
    nsn = phonenumbers.national_significant_number(number)
    if len(regions) == 1:
        region = regions[0]
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        return region if metadata is not None and _valid_in(nsn, metadata) else None
    for region in regions:  # shared calling codes (+1, +7, +44): the first that claims it
        metadata = PhoneMetadata.metadata_for_region(region, None)
        if metadata is None:
            continue
        leading = _leading_digits(metadata)
        if leading is not None:
            if leading.match(nsn):
                return region if _valid_in(nsn, metadata) else None
        elif _valid_in(nsn, metadata):
            return region
    return None


def national_validator(region: str) -> Callable[[str], bool]:
    """Validator: the span is a valid phone number of ``region`` (dialled nationally)."""

    def _check(text: str) -> bool:
        return _is_valid_for(text, region)

    return _check


def any_region_validator(text: str) -> bool:
    """Validator: the span is a valid national-format number of one of the AWS regions."""
    return any(_is_valid_for(text, r) for r in PHONE_REGIONS)


def international_finder(
    regions: tuple[str, ...] | None,
) -> Callable[[str], list[tuple[int, int, float]]]:
    """Finder for numbers written with a ``+`` country code, limited to ``regions`` (None:
    any country). Leniency VALID: the number must be valid for its region, and the matcher
    itself refuses digit runs glued to letters or other digits."""

    wanted = frozenset(regions) if regions is not None else None
    # ``region_code_for_number`` answers None or one of the regions its calling code maps to,
    # so a number whose calling code maps to no wanted region is never wanted: no lookup.
    wanted_codes = (
        frozenset(cc for cc, rs in COUNTRY_CODE_TO_REGION_CODE.items() if wanted.intersection(rs))
        if wanted is not None
        else None
    )

    # A slice's answer is a pure function of its text, and the scanner searches a window of
    # a string and then the whole string, so the same slices come back within one message.
    def _slice_spans(piece: str) -> tuple[tuple[int, int], ...]:
        """Spans, within ``piece``, of the wanted "+" numbers the matcher finds there."""
        number = plain_international(piece)
        if number is not None:  # what the matcher would find, without it
            start, region, country_code = number
            if (
                wanted is not None
                and wanted_codes is not None
                and (country_code not in wanted_codes or region not in wanted)
            ):
                return ()
            return ((start, len(piece)),)
        out: list[tuple[int, int]] = []
        for m in PhoneNumberMatcher(piece, None, leniency=Leniency.VALID):
            # the matcher keeps opening brackets before the "+" ("(+1 404 ...)"): the
            # number starts at the "+"
            raw = m.raw_string
            lead = len(raw) - len(raw.lstrip("([{"))
            if not raw.startswith("+", lead):
                continue
            if (
                wanted is not None
                and wanted_codes is not None
                and (
                    m.number.country_code not in wanted_codes
                    or phonenumbers.region_code_for_number(m.number) not in wanted
                )
            ):
                continue
            out.append((m.start + lead, m.end))
        return tuple(out)

    # (wrapped here rather than decorated: mypyc, which compiles this module, does not bind a
    # decorated nested function for the closures that call it)
    in_slice = per_message(_slice_spans)

    def _find(text: str) -> list[tuple[int, int, float]]:
        if "+" not in text:
            return []
        spans: list[tuple[int, int, float]] = []
        seen: set[tuple[int, int]] = set()
        # The matcher costs grow with every digit run in the text; an international number
        # starts at a "+", so only a short stretch from each one (plus a character of
        # context either side, which the matcher's glued-digit checks look at) is searched.
        for plus in _PLUS.finditer(text):
            lo = max(0, plus.start() - 1)
            for start, end in in_slice(text[lo : plus.start() + _INTERNATIONAL_REACH]):
                span = (lo + start, lo + end)
                if span not in seen:
                    seen.add(span)
                    spans.append((*span, INTERNATIONAL_SCORE))
        return spans

    return _find


# A "+" number written plainly at the end of a text ("+1 (646) 571-3697" as a whole field):
# digit groups with single separators, one bracketed group at most, after at most one
# character that the matcher neither takes into the number nor refuses before it.
_PLAIN_INTERNATIONAL = re.compile(
    r"[ \"':,;=]?(\+\d{1,3}(?:[ .\-]?\(\d{1,5}\))?(?:[ .\-]?\d{1,6}){1,6})", re.ASCII
)


def plain_international(piece: str) -> tuple[int, str, int] | None:
    """(start, region, calling code) of a valid "+" number that ends ``piece`` in a plain
    form, or None (then only ``PhoneNumberMatcher`` can tell).

    The matcher (leniency VALID) costs tens of µs: a large regex, and then the same parse
    and validity checks as here. On this form it takes the whole number as its candidate,
    and the checks it makes besides (dates, time stamps, page references, brackets, the
    characters around) pass; where one might not, this answers None. An invalid number also
    gets None: the matcher may still find a shorter one inside it.
    ``tests/identifiers/test_phone_fast_path.py`` compares the two on generated numbers.
    """
    m = _PLAIN_INTERNATIONAL.fullmatch(piece)
    if m is None:
        return None
    candidate = m.group(1)
    if _MATCHER_REFUSES.search(candidate):
        return None
    number = parse_plain(candidate)
    if number is None:
        return None
    # ``is_valid_number``: the number's own region, then validity for it
    region = own_valid_region(number)
    if region is None:
        return None
    if number.country_code is None:  # (parse always sets it)
        return None
    return m.start(1), region, number.country_code


_NOT_DIGIT = re.compile(r"\D")
# ``parse`` without the steps that cannot apply to a "+", ASCII digits and ``[ .-()]``: finding
# the number in the text, extensions, letters, the default region (libphonenumber's own
# steps, in its order, for the rest; ``parse`` itself where they are not all there)
_U = getattr(phonenumbers, "phonenumberutil", None)
_PARSE_STEPS = tuple(
    getattr(_U, name, None)
    for name in (
        "_extract_country_code",
        "_maybe_strip_national_prefix_carrier_code",
        "_test_number_length",
        "_set_italian_leading_zeros_for_phone_number",
    )
)
_EXTRACT_CODE = getattr(_U, "_maybe_extract_country_code", None)
# every private step above is there (else ``parse`` itself decides, as a fallback)
_HAS_STEPS = None not in _PARSE_STEPS and _EXTRACT_CODE is not None
_NOT_POSSIBLE = frozenset(
    getattr(phonenumbers.ValidationResult, name)
    for name in ("TOO_SHORT", "IS_POSSIBLE_LOCAL_ONLY", "INVALID_LENGTH")
)
_MIN_NSN, _MAX_NSN = 2, 17  # libphonenumber's bounds on a national significant number


def parse_plain(candidate: str) -> PhoneNumber | None:
    """``phonenumbers.parse(candidate, None)`` for a "+" number of ASCII digits and the
    separators ``[ .-()]`` (what ``_PLAIN_INTERNATIONAL`` takes), or None where it raises.

    ``parse`` first finds the number in its text, normalises every script's digits one
    character at a time and looks for extensions: half its time, none of which applies
    here. ``tests/identifiers/test_phone_fast_path.py`` compares the two."""
    extract = _PARSE_STEPS[0]
    if extract is None or not _HAS_STEPS:
        return _parse(candidate, None)
    digits = _NOT_DIGIT.sub("", candidate)
    if len(digits) < 3:  # too short to be a number after its "+" (or not viable at all)
        return None
    code, national = extract(digits)
    if code == 0:
        return None  # no calling code: parse gives up after the "+"
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(
        code, phonenumbers.region_code_for_country_code(code)
    )
    if metadata is None:  # (cannot happen for a known calling code) the general path decides
        return _parse(candidate, None)
    return _national_number(code, national, metadata)


_NATIONAL_FORM = re.compile(r"[0-9 ().\-/]+")


def parse_national(text: str, region: str) -> PhoneNumber | None:
    """``phonenumbers.parse(text, region)`` for a number of ASCII digits and the separators
    ``[ .-/()]`` (what the national candidates take), or None where it raises: an
    international or trunk prefix, or the region's calling code, is recognised as there."""
    extract_code = _EXTRACT_CODE
    metadata = PhoneMetadata.metadata_for_region(region, None)
    if extract_code is None or not _HAS_STEPS or metadata is None:
        return _parse(text, region)
    if _NATIONAL_FORM.fullmatch(text) is None:
        return _parse(text, region)
    digits = _NOT_DIGIT.sub("", text)
    if len(digits) < 3:
        return _parse(text, region)
    try:
        code, national = extract_code(digits, metadata, False, PhoneNumber())
    except phonenumbers.NumberParseException:
        return None
    if code == 0:  # dialled nationally: the region's own code
        national, code = digits, metadata.country_code
    else:
        own = phonenumbers.region_code_for_country_code(code)
        if own != region:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, own)
            if metadata is None:
                return _parse(text, region)
    return _national_number(code, national, metadata)


def _parse(text: str, region: str | None) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _national_number(code: int, national: str, metadata: PhoneMetadata) -> PhoneNumber | None:
    """``parse``'s last steps: the trunk prefix stripped where what is left is a possible
    length, the length bounds, leading zeros."""
    _, strip_prefix, test_length, set_zeros = _PARSE_STEPS
    assert strip_prefix is not None and test_length is not None and set_zeros is not None
    if len(national) < _MIN_NSN:
        return None
    _, stripped, _ = strip_prefix(national, metadata)
    if test_length(stripped, metadata) not in _NOT_POSSIBLE:
        national = stripped
    if not _MIN_NSN <= len(national) <= _MAX_NSN:
        return None
    number = PhoneNumber(country_code=code)
    set_zeros(national, number)
    number.national_number = int(national)
    return number


# Page references ("12-34 (5") and time stamps ("2012-01-02 08"), which the matcher skips
# on its own terms: left to it.
_MATCHER_REFUSES = re.compile(r"\d-+\d{1,5}\s{0,4}\(|[12]\d{3}[-/]?[01]\d[-/]?[0-3]\d +[0-2]\d$")


# One broad national candidate for the region-independent ``PhoneNumber`` (a single pattern,
# so one number gives one span); ``any_region_validator`` decides.
NATIONAL_ANY_PATTERN = r"(?<![\w+])" + _NOT_AFTER_CC + r"\(?\d[\d ().\-/]{5,16}\d(?![\w\-])"

__all__ = [
    "INTERNATIONAL_PREFILTER",
    "INTERNATIONAL_SCORE",
    "NATIONAL_ANY_PATTERN",
    "NATIONAL_PATTERNS",
    "NATIONAL_SCORE",
    "PHONE_PREFILTER",
    "PHONE_REGIONS",
    "any_region_validator",
    "international_finder",
    "national_validator",
    "plain_international",
]
