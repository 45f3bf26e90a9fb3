"""The document view's C loops (``dataguard/scan/_native.c``) do what their Python twins in
``view.py`` do, on any input: the twins run where the install had no C compiler."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataguard.compiled import NATIVE_MODULES, is_compiled, native_loaded
from dataguard.scan import view

native = pytest.importorskip("dataguard.scan._native")


def test_a_compiled_install_builds_the_c_loops_too() -> None:
    """setup.py builds them with the mypyc modules: a compiled install without them would
    measure and ship the slower twins unnoticed."""
    if not is_compiled():
        pytest.skip("this install runs the plain Python modules")
    assert native_loaded() == list(NATIVE_MODULES)
    assert view._b64_candidates is native.b64_candidates
    assert view._decode_escapes is native.unescape
    assert view._optional_escapes is native.optional_escapes
    assert view._has_escaped_backslash is native.has_escaped_backslash


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


@settings(max_examples=1500, deadline=None)
@given(pieces=st.lists(_ESCAPE_PIECES, max_size=16), tail=st.binary(max_size=3))
def test_escapes_decode_as_the_python_twins(pieces: list[str], tail: bytes) -> None:
    data = "".join(pieces).encode("utf-8", "surrogatepass") + tail
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
    data = "".join(pieces).encode("utf-8", "surrogatepass") + tail
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
    data = "".join(pieces).encode("utf-8", "surrogatepass") + tail
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
