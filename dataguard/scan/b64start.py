"""An RE2 pattern for the first four characters of base64 that may hold a layer.

The document view decodes every base64-looking JSON string to see whether it is a layer
(JSON, or printable text: ``layers.base64_layer``). Most base64-looking strings in events are
ids, hashes and words, and decoding each costs more than the RE2 pass that finds them. Four
base64 characters are exactly three bytes, and the bytes of any layer are valid UTF-8 in
which no ASCII control character appears but whitespace (``str.lstrip`` strips 0x09-0x0D
and 0x1C-0x1F before a JSON layer's bracket; text layers keep only tab, CR and LF; JSON
allows no raw control character). So a layer's first four characters are among those whose
three bytes pass that check, which this module spells out as a pattern (built once, at
import: a tree over the 64 characters, 1.8 KB).
"""

from __future__ import annotations

from functools import cache

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# ASCII bytes a layer may start with (whitespace stripped before a JSON layer, text)
_ASCII_OK = frozenset(range(0x09, 0x0E)) | frozenset(range(0x1C, 0x80))

# UTF-8 decoder state: None between characters, else (continuation bytes still due, the
# lowest and highest value the next one may take), as Python's strict decoder checks them
_Utf8 = tuple[int, int, int] | None
# (bits not yet forming a byte, how many, decoder state)
_State = tuple[int, int, _Utf8]


def _byte(u: _Utf8, b: int) -> _Utf8 | bool:
    """The decoder state after byte ``b``; False when ``b`` cannot come next."""
    if u is None:
        if b < 0x80:
            return None if b in _ASCII_OK else False
        if 0xC2 <= b <= 0xDF:
            return (1, 0x80, 0xBF)
        if b == 0xE0:
            return (2, 0xA0, 0xBF)  # no overlong forms
        if b == 0xED:
            return (2, 0x80, 0x9F)  # no surrogates
        if 0xE1 <= b <= 0xEF:
            return (2, 0x80, 0xBF)
        if b == 0xF0:
            return (3, 0x90, 0xBF)
        if 0xF1 <= b <= 0xF3:
            return (3, 0x80, 0xBF)
        if b == 0xF4:
            return (3, 0x80, 0x8F)  # nothing beyond U+10FFFF
        return False
    due, lo, hi = u
    if not lo <= b <= hi:
        return False
    return None if due == 1 else (due - 1, 0x80, 0xBF)


def _char(state: _State, value: int) -> _State | None:
    bits, count, u = state
    bits, count = (bits << 6) | value, count + 6
    if count >= 8:
        count -= 8
        nxt = _byte(u, bits >> count)
        if nxt is False:
            return None
        u = nxt  # type: ignore[assignment]
        bits &= (1 << count) - 1
    return (bits, count, u)


def _char_class(chars: list[str]) -> str:
    if len(chars) == len(ALPHABET):
        return "[A-Za-z0-9+/]"
    codes = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = (_escape(chr(codes[k])) for k in (i, j))
        parts.append(lo if i == j else lo + hi if j == i + 1 else f"{lo}-{hi}")
        i = j + 1
    body = "".join(parts)
    return body if len(codes) == 1 and body.isalnum() else f"[{body}]"


def _escape(c: str) -> str:
    return "\\" + c if c in "+/-" else c


@cache
def _tree(state: _State, left: int) -> str | None:
    """The characters that can follow ``state`` for ``left`` more, as a pattern (None:
    nothing can); characters leading to the same continuation share one class."""
    if left == 0:
        return ""
    by_rest: dict[str, list[str]] = {}
    for value, c in enumerate(ALPHABET):
        nxt = _char(state, value)
        if nxt is None:
            continue
        rest = _tree(nxt, left - 1)
        if rest is not None:
            by_rest.setdefault(rest, []).append(c)
    if not by_rest:
        return None
    alts = [_char_class(cs) + rest for rest, cs in by_rest.items()]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def layer_start_pattern() -> str:
    """Four base64 characters whose three bytes may begin a layer (see the module doc)."""
    pattern = _tree((0, 0, None), 4)
    assert pattern is not None
    return pattern


__all__ = ["ALPHABET", "layer_start_pattern"]
