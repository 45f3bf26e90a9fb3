"""The base64 layer-start pattern against Python's own UTF-8 decoder."""

from __future__ import annotations

import base64
import codecs
import functools
import itertools
import re

import pytest

from dataguard.scan.b64start import layer_start_pattern

_START = re.compile(layer_start_pattern())
# every byte class the decoder tells apart: ASCII controls, whitespace, printable, DEL,
# continuation ranges, each lead byte's limits
_THIRD = [0x00, 0x08, 0x09, 0x0D, 0x0E, 0x1B, 0x1C, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0x8F, 0x90]
_THIRD += [0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
_CONTROL = set(range(0x00, 0x09)) | set(range(0x0E, 0x1C))


def _may_start_a_layer(prefix: bytes) -> bool:
    """Valid UTF-8 so far (Python's strict decoder: a character cut off at the end must be
    completable), no ASCII control but whitespace."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(prefix, final=False)
    except UnicodeDecodeError:
        return False
    pending = decoder.getstate()[0]
    return not any(ord(c) in _CONTROL for c in text) and (not pending or _completable(pending))


@functools.cache
def _completable(start: bytes) -> bool:
    """Whether some continuation bytes make ``start`` a whole character."""
    for n in range(1, 4):
        for tail in itertools.product((0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF), repeat=n):
            try:
                (start + bytes(tail)).decode("utf-8")
            except UnicodeDecodeError:
                continue
            return True
    return False


@pytest.mark.parametrize("b0", range(256))
def test_pattern_accepts_exactly_the_prefixes_the_decoder_does(b0: int) -> None:
    """Every first byte, every second byte, and a third from each class: the pattern takes
    a layer's start (never losing a layer) and nothing the decoder refuses."""
    for b1, b2 in itertools.product(range(256), _THIRD):
        prefix = bytes((b0, b1, b2))
        chars = base64.b64encode(prefix).decode()
        assert bool(_START.fullmatch(chars)) == _may_start_a_layer(prefix), prefix.hex()


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        "[1]",
        ' \n\t{"k": "v"}',
        "\x0b\x1c{}",
        "plain words",
        "\u00e9t\u00e9",
        "\u65e5\u672c\u8a9e",
        "\U0001f600 hi",
        "tab\there",
        "\x7fdel",
    ],
)
def test_layers_of_every_kind_start_as_the_pattern_says(text: str) -> None:
    assert _START.match(base64.b64encode(text.encode()).decode())


@pytest.mark.parametrize("value", ["SPRING32", "delivery", "Notification", "ORD12345", "customer"])
def test_ids_and_words_are_ruled_out_by_their_first_characters(value: str) -> None:
    assert not _START.match(value)
