"""The plain "+" number fast path gives exactly what PhoneNumberMatcher gives, or defers."""

from __future__ import annotations

import contextlib
import random

import phonenumbers
import pytest
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from dataguard.identifiers.phones import (
    _PLAIN_INTERNATIONAL,
    PHONE_REGIONS,
    own_valid_region,
    parse_national,
    parse_plain,
    plain_international,
)

# regions with their own quirks: national prefixes kept after the country code, shared
# calling codes (+1, +7, +44), short and long numbers
_REGIONS = (*PHONE_REGIONS, "CA", "JM", "PR", "IM", "JE", "GG", "RU", "KZ", "AU", "IN", "JP")
_TYPES = (
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
)
_LEADS = ("",) * 4 + tuple(" \":,='\t;([a7-./x")
_TAILS = ("",) * 12 + (" ", "x", "1", " ext 12", "/", ")", " (5", "-", ".")


def _numbers(rng: random.Random) -> list[str]:
    """International renderings of valid numbers, then regrouped, mangled, or cut."""
    out: list[str] = []
    for region in _REGIONS:
        for kind in _TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            for fmt in (PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164):
                out.append(phonenumbers.format_number(example, fmt))
    variants: list[str] = []
    for text in out:
        digits = [c for c in text if c.isdigit()]
        own_cc = len(str(phonenumbers.parse(text).country_code))
        for _ in range(40):
            cc_len = own_cc if rng.random() < 0.8 else rng.choice((1, 2, 3))
            body = digits[cc_len:]
            if rng.random() < 0.2:  # another number of the same shape
                body = [rng.choice("0123456789") if rng.random() < 0.3 else d for d in body]
            groups: list[str] = []
            i = 0
            while i < len(body):
                n = rng.randint(1, 6)
                groups.append("".join(body[i : i + n]))
                i += n
            sep = rng.choice((" ", "-", ".", "", "  ", " - ", "/"))
            parts = ["+" + "".join(digits[:cc_len])]
            for j, g in enumerate(groups):
                if j == 0 and rng.random() < 0.3:
                    parts.append(rng.choice((" ", "")) + "(" + g + ")")
                else:
                    parts.append((sep if rng.random() < 0.8 else rng.choice(" -.")) + g)
            variants.append("".join(parts))
    return out + variants


def test_fast_path_agrees_with_the_matcher() -> None:
    rng = random.Random(20261124)
    answered = deferred = 0
    for number in _numbers(rng):
        piece = rng.choice(_LEADS) + number + rng.choice(_TAILS)
        fast = plain_international(piece)
        if fast is None:
            deferred += 1
            continue
        answered += 1
        found = list(PhoneNumberMatcher(piece, None, leniency=Leniency.VALID))
        assert len(found) == 1, piece
        (m,) = found
        start, region, country_code = fast
        assert (m.start, m.end) == (start, len(piece)), piece
        assert m.number.country_code == country_code, piece
        assert phonenumbers.region_code_for_number(m.number) == region, piece
    # the comparison means something only if both answers are common
    assert answered > 500 and deferred > 500, (answered, deferred)


def test_fast_path_defers_what_it_cannot_tell() -> None:
    assert plain_international("+1 (646) 571-3697") == (0, "US", 1)
    assert plain_international('"+44 20 7946 0958') == (1, "GB", 44)
    for piece in (
        "+1 555-555-0199",  # not a valid number: the matcher may find another inside
        "x+1 646 571 3697",  # a letter before it
        "+1 646 571 3697 ext. 12",  # more text after it
        "(+1 646 571 3697",  # a bracket the matcher takes into the number
        "+1 2012-01-02 08",  # a time stamp
    ):
        assert plain_international(piece) is None, piece


def test_finder_uses_the_fast_path_and_keeps_its_region_filter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plain number at the end of a string never reaches the matcher; the regions a finder
    wants still decide, as they do for the matcher's numbers."""
    from dataguard.identifiers import phones
    from dataguard.scan.detector import Detector

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the matcher was called")

    monkeypatch.setattr(phones, "PhoneNumberMatcher", refuse)
    Detector.new_message()
    assert phones.international_finder(("GB",))("+44 20 7946 0958") == [(0, 16, 0.9)]
    assert phones.international_finder(("US",))("+44 20 7946 0958") == []
    assert phones.international_finder(None)("tel: +1 (646) 571-3697") == [(5, 22, 0.9)]


def _public_own_valid_region(number: phonenumbers.PhoneNumber) -> str | None:
    region = phonenumbers.region_code_for_number(number)
    if region is None or not phonenumbers.is_valid_number_for_region(number, region):
        return None
    return region


def test_own_valid_region_is_libphonenumbers_answer() -> None:
    """Every region's example numbers, random numbers under every calling code, and examples
    with one digit changed: the validity shortcut answers what the public calls answer."""
    rng = random.Random(7)
    numbers: list[phonenumbers.PhoneNumber] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in range(11):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                numbers.append(example)
    examples = list(numbers)
    for code in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        for _ in range(30):
            body = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 13)))
            with contextlib.suppress(phonenumbers.NumberParseException):
                numbers.append(phonenumbers.parse(f"+{code}{body}", None))
    for example in examples:
        digits = list(str(example.national_number))
        digits[rng.randrange(len(digits))] = rng.choice("0123456789")
        with contextlib.suppress(phonenumbers.NumberParseException):
            numbers.append(phonenumbers.parse(f"+{example.country_code}{''.join(digits)}", None))
    valid = 0
    for number in numbers:
        expected = _public_own_valid_region(number)
        assert own_valid_region(number) == expected, number
        valid += expected is not None
    assert valid > 1000 and len(numbers) - valid > 1000, (valid, len(numbers))


def _parsed(number: phonenumbers.PhoneNumber | None) -> tuple[object, ...] | None:
    if number is None:
        return None
    return (
        number.country_code,
        number.national_number,
        number.italian_leading_zero,
        number.number_of_leading_zeros,
    )


def test_parse_plain_is_libphonenumbers_parse() -> None:
    """On every plain "+" form (the generated numbers, and random digits under real and
    unknown calling codes, grouped and bracketed): the same number, or None where parse
    raises."""
    rng = random.Random(11)
    candidates = [
        m.group(1) for n in _numbers(rng) if (m := _PLAIN_INTERNATIONAL.fullmatch(n)) is not None
    ]
    codes = ("1", "44", "49", "33", "39", "34", "55", "7", "380", "0", "999", "86", "8", "2")
    for _ in range(5000):
        body = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 16)))
        sep = rng.choice(("", " ", "-", "."))
        groups = [body[i : i + rng.randint(1, 4)] for i in range(0, len(body), 3)]
        text = "+" + rng.choice(codes) + (sep if groups else "") + sep.join(groups)
        if rng.random() < 0.2 and len(body) > 3:
            text = f"+{rng.choice(codes)} ({body[:2]}) {body[2:]}"
        if (m := _PLAIN_INTERNATIONAL.fullmatch(text)) is not None:
            candidates.append(m.group(1))
    parsed = failed = 0
    for candidate in candidates:
        try:
            expected = _parsed(phonenumbers.parse(candidate, None))
        except phonenumbers.NumberParseException:
            expected = None
        assert _parsed(parse_plain(candidate)) == expected, candidate
        parsed += expected is not None
        failed += expected is None
    assert parsed > 1000 and failed > 1000, (parsed, failed)


def test_parse_national_is_libphonenumbers_parse() -> None:
    """Numbers written nationally, internationally without their "+", with trunk and
    international prefixes added, digits changed or cut, regrouped and bracketed, parsed for
    the AWS regions: the same number, or None where parse raises."""
    rng = random.Random(13)
    regions = (*PHONE_REGIONS, "CA", "AU", "IN", "JP", "RU")
    texts: list[tuple[str, str]] = []
    for region in regions:
        for kind in range(11):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            for fmt in (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL):
                text = phonenumbers.format_number(example, fmt).replace("+", "")
                texts.append((text, region))
                for _ in range(10):
                    digits = [c for c in text if c.isdigit()]
                    digits = [rng.choice("0123456789") if rng.random() < 0.2 else c for c in digits]
                    if rng.random() < 0.3:
                        digits = digits[: rng.randint(1, len(digits))]
                    digits = [*rng.choice(("", "00", "011", "1", "0")), *digits]
                    sep = rng.choice(("", " ", "-", ".", "/"))
                    groups = ["".join(digits[i : i + 3]) for i in range(0, len(digits), 3)]
                    grouped = sep.join(groups)
                    if rng.random() < 0.2 and len(groups) > 1:
                        grouped = f"({groups[0]}) " + sep.join(groups[1:])
                    texts.append((grouped, rng.choice(PHONE_REGIONS)))
    parsed = failed = 0
    for text, region in texts:
        try:
            expected = _parsed(phonenumbers.parse(text, region))
        except phonenumbers.NumberParseException:
            expected = None
        assert _parsed(parse_national(text, region)) == expected, (text, region)
        parsed += expected is not None
        failed += expected is None
    assert parsed > 1000 and failed > 50, (parsed, failed)
