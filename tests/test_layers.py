"""Encoded layers inside strings: JSON text and base64 are opened and re-encoded."""

from __future__ import annotations

import base64

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataguard.scan.layers import encode_layer, open_layer
from dataguard.scan.paths import LAYER, format_path


def test_json_text_is_opened() -> None:
    """A string holding a JSON object is a layer."""
    assert open_layer('{"a": 1}') == ("json", {"a": 1})


def test_base64_of_json_is_opened() -> None:
    """Kinesis-style base64 of JSON is a layer."""
    s = base64.b64encode(b'{"email": "x"}').decode()
    assert open_layer(s) == ("b64json", {"email": "x"})


def test_base64_of_text_is_opened() -> None:
    """Base64 of printable text is a text layer."""
    s = base64.b64encode(b"hello there, this is text").decode()
    assert open_layer(s) == ("b64text", "hello there, this is text")


@pytest.mark.parametrize(
    "value",
    [
        "plain words here",
        "1234567812345678",  # digits only: a number, not base64
        "d41d8cd98f00b204e9800998ecf8427e",  # hex hash decodes to binary
        "{not json",
        '"quoted"',
        "[1, 2",
    ],
)
def test_non_layers_stay_text(value: str) -> None:
    """Plain text, digit runs, hashes and broken JSON are not layers."""
    assert open_layer(value) is None


def test_encode_round_trips() -> None:
    """Re-encoding gives back a string that opens to the same document."""
    for kind, value in [("json", {"a": [1]}), ("b64json", {"b": "c"}), ("b64text", "hi there")]:
        assert open_layer(encode_layer(kind, value)) == (kind, value)  # type: ignore[arg-type]
    assert orjson.loads(encode_layer("json", {"a": 1})) == {"a": 1}


def test_paths_format_keys_indexes_and_layers() -> None:
    """Paths use dots, brackets for odd keys and indexes, and `>` for layers."""
    segs = ("Records", 0, "body", LAYER, "Message", LAYER, "odd key", "it's")
    assert format_path(segs) == "$.Records[0].body>$.Message>$['odd key']['it\\'s']"


@settings(max_examples=500, deadline=None)
@given(text=st.text() | st.text(alphabet="ab \t\n\r\x00\x0b\x0c\x1f\x7f\x85\xa0\u2028é"))
def test_looks_like_text_is_printable_with_line_breaks_and_tabs(text: str) -> None:
    """The ASCII fast path decides as ``isprintable`` with line breaks and tabs allowed."""
    from dataguard.scan.layers import looks_like_text

    expected = bool(text) and "".join(c for c in text if c not in "\n\r\t").isprintable()
    assert looks_like_text(text) == expected
