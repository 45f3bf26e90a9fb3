"""The C loops (``dataguard/scan/_native.c``) do what their Python twins in ``view.py`` and
``card_windows.py`` do, on any input: the twins run where the install had no C compiler
(``tests/test_compiled.py`` checks which run)."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataguard.scan import view

native = pytest.importorskip("dataguard.scan._native")


# Pieces that make base64 candidates and near misses: quotes, base64 of layers and of
# bytes, padding in and out of place, colons and RE2's spaces after a string, keys.
_B64_PIECES = st.one_of(
    st.sampled_from(['"', '":', '" :', '"\t\n', "=", "==", "A", "+/", "-", "\\", ",", " ", "é"]),
    st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode()),
    st.dictionaries(st.text(max_size=6), st.text(max_size=12), max_size=3).map(
        lambda d: base64.b64encode(json.dumps(d).encode()).decode()
    ),
    st.text(
        alphabet='ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="', max_size=48
    ),
    st.text(max_size=8),
)


@settings(max_examples=1500, deadline=None)
@given(pieces=st.lists(_B64_PIECES, max_size=12), tail=st.binary(max_size=4))
def test_base64_candidates_are_the_python_twins(pieces: list[str], tail: bytes) -> None:
    data = "".join(pieces).encode() + tail
    assert native.b64_candidates(data) == view._b64_candidates_py(data)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200))
def test_base64_candidates_on_any_bytes(data: bytes) -> None:
    assert native.b64_candidates(data) == view._b64_candidates_py(data)


def test_base64_candidates_of_a_kinesis_record() -> None:
    inner = json.dumps({"note": "ann@example.org " * 40}).encode()
    doc = json.dumps({"kinesis": {"data": base64.b64encode(inner).decode()}}).encode()
    spans = native.b64_candidates(doc)
    assert len(spans) == 1
    start, close = spans[0]
    assert base64.b64decode(doc[start + 1 : close]) == inner
    assert spans == view._b64_candidates_py(doc)


# Escapes and near misses: every simple escape, \u with and without four hex digits,
# surrogate halves alone and in pairs, a backslash at the very end, UTF-8 around them.
_ESCAPE_PIECES = st.one_of(
    st.sampled_from(
        [
            "\\",
            '\\"',
            "\\\\",
            "\\/",
            "\\b",
            "\\f",
            "\\n",
            "\\r",
            "\\t",
            "\\x",
            "\\u",
            "\\u12",
            "\\u0041",
            "\\u00e9",
            "\\u20AC",
            "\\ud83d",
            "\\uDE00",
            "\\ud83d\\ude00",
            "\\uD83D\\uDE00",
            "\\udbff\\udfff",
            "\\ud800\\u0041",
            "\\uDC00\\uD800",
            "\\u005c",
            "u",
            "0",
            "é",
            "\U0001f600",
            '"',
            "a",
        ]
    ),
    st.text(max_size=6),
)


def _escape_bytes(pieces: list[str], tail: bytes) -> bytes:
    return "".join(pieces).encode("utf-8", "surrogatepass") + tail


@settings(max_examples=1500, deadline=None)
@given(pieces=st.lists(_ESCAPE_PIECES, max_size=16), tail=st.binary(max_size=3))
def test_escapes_decode_as_the_python_twins(pieces: list[str], tail: bytes) -> None:
    data = _escape_bytes(pieces, tail)
    expected = view.unescape_once_general(data)
    assert native.unescape(data) == expected
    assert view._unescape_py(data) == expected


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=120))
def test_escapes_decode_as_the_general_path_on_any_bytes(data: bytes) -> None:
    assert native.unescape(data) == view.unescape_once_general(data)


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(_ESCAPE_PIECES, max_size=16), tail=st.binary(max_size=3))
def test_optional_escapes_are_seen_as_the_python_twin_sees_them(
    pieces: list[str], tail: bytes
) -> None:
    data = _escape_bytes(pieces, tail)
    expected = {
        view._unescape(m).decode("utf-8", "surrogatepass")
        for m in view._OPTIONAL_ESCAPE.finditer(data)
    }
    assert native.optional_escapes(data) == expected
    assert view._optional_escapes_py(data) == expected


@settings(max_examples=1000, deadline=None)
@given(pieces=st.lists(_ESCAPE_PIECES, max_size=16), tail=st.binary(max_size=3))
def test_escaped_backslashes_are_seen_as_the_python_twin_sees_them(
    pieces: list[str], tail: bytes
) -> None:
    data = _escape_bytes(pieces, tail)
    assert native.has_escaped_backslash(data) == view._ESCAPED_BACKSLASH(data)


@settings(max_examples=1000, deadline=None)
@given(
    value=st.recursive(
        st.text(alphabet='\\"/aé\n\x00😀') | st.integers(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=8,
    ),
    ensure_ascii=st.booleans(),
)
def test_json_escapes_a_backslash_exactly_where_its_decoded_text_holds_one(
    value: object, ensure_ascii: bool
) -> None:
    """What the view relies on: a level decoded once holds a backslash only where the level
    escaped one (the test that replaced searching a level's first 512 bytes for one)."""
    for text in (json.dumps(value, ensure_ascii=ensure_ascii), json.dumps(json.dumps(value))):
        data = text.encode("utf-8", "surrogatepass")
        holds = b"\\" in view.unescape_once_general(data)
        assert native.has_escaped_backslash(data) == holds
        assert view._ESCAPED_BACKSLASH(data) == holds


def test_text_without_escapes_comes_back_as_it_is() -> None:
    data = b'{"a": "no escapes here"}'
    assert native.unescape(data) is data


def test_the_loops_take_bytes_only() -> None:
    for fn in (
        native.b64_candidates,
        native.unescape,
        native.optional_escapes,
        native.has_escaped_backslash,
    ):
        with pytest.raises(TypeError):
            fn("text")  # type: ignore[arg-type]


# Card-number windows: the C loop, its twin, and the superset the confirmation relies on.
_CARD_PIECES = st.one_of(
    st.sampled_from(
        [
            "4111111111111111",
            "5500000000000004",
            "378282246310005",
            "4012888888881881",
            "6011000990139424",
            "4006381333931",
            "12345678901234567890",
            "2223000048400011",
        ]
    ),
    st.integers(min_value=10**12, max_value=10**19 - 1).map(str),
    st.integers(min_value=0, max_value=99999).map(str),
    st.sampled_from([" ", "-", "  ", ".", "_", "a", '"', ":", "/", "é", "\n", ""]),
)


def _luhn_completed(body: str) -> str:
    """``body`` with the check digit that makes it pass Luhn."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str(-total % 10)


@st.composite
def _card_texts(draw: st.DrawFn) -> str:
    """Text around card numbers written every way the card patterns take them."""
    body = draw(st.sampled_from("234568")) + draw(st.text("0123456789", min_size=11, max_size=17))
    number = _luhn_completed(body)
    sep = draw(st.sampled_from(["", " ", "-"]))
    cut = draw(st.sampled_from([(4, 8, 12), (4, 10)]))
    groups = [number[i:j] for i, j in zip((0, *cut), (*cut, None), strict=False)]
    written = sep.join(g for g in groups if g) if sep else number
    before = draw(st.lists(_CARD_PIECES, max_size=3))
    after = draw(st.lists(_CARD_PIECES, max_size=3))
    return "".join(before) + written + "".join(after)


@settings(max_examples=1500, deadline=None)
@given(text=_card_texts() | st.lists(_CARD_PIECES, max_size=10).map("".join))
def test_every_card_number_hit_is_a_card_window(text: str) -> None:
    """Whatever the card patterns and validator accept (a keyword assumed) is one of the
    windows, so a document without a window holds no card number."""
    from dataguard.identifiers import catalogue
    from dataguard.scan.card_windows import card_windows_py
    from dataguard.scan.detector import ASSUME_KEYWORD, _Compiled

    data = text.encode()
    windows = native.card_windows(data)
    assert windows == card_windows_py(data)
    entry = _Compiled(catalogue.get("CreditCardNumber"))
    for hit in entry.find(text, ASSUME_KEYWORD):
        span = (len(text[: hit.start].encode()), len(text[: hit.end].encode()))
        assert span in windows, (text, span, windows)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=120))
def test_card_windows_on_any_bytes(data: bytes) -> None:
    from dataguard.scan.card_windows import card_windows_py

    assert native.card_windows(data) == card_windows_py(data)


def test_card_windows_skip_numbers_that_fail_luhn() -> None:
    doc = b'{"gtin": "4006381333931", "card": "4111 1111 1111 1111", "id": "4111111111111112"}'
    assert [doc[s:e] for s, e in native.card_windows(doc)] == [b"4111 1111 1111 1111"]
