"""The document view: a serialized message as the document-level checks see it.

Every string of every layer appears verbatim between quotes: the JSON escapes of each level
decoded once, exactly (an SNS ``Message`` inside an SQS ``body`` is escaped twice), and the
decoded content of base64 layers (Kinesis, Kafka) appended. Not JSON any more, and never
edited: the one-pass checks run on it, and strings that hold quotes are left to the
structural walk. This runs on every message, so it is built from C-speed operations only:
its own loops are in ``_native.c`` (the base64 search, the escape decoding and tests), with
a Python twin of each here for installs without a C compiler.

A level is decoded once and no more: a backslash in a string's text (``C:\\new``) is the
same bytes as an escape one level deeper (a newline in a nested document's string), and
decoding it again would change the text the checks see (``\\nhs number`` into a line break
and ``hs number``: the keyword lost, the NHS number next to it passed on). A string that
holds a document with escapes of its own is taken out of its level and viewed as a document.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Callable
from typing import Any, Final

import orjson

from .b64start import layer_start_pattern
from .detector import gate_for_regex, native_search
from .layers import JSON_LAYER_STARTS, MIN_B64_LEN, SHORT_B64, base64_layer, open_layer
from .native import NATIVE as _NATIVE

# \uXXXX escapes: a surrogate pair (two groups) or one code unit
_U_ESCAPES: Final = (
    rb"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})"
)
_UNICODE_ESCAPE: Final = re.compile(_U_ESCAPES + rb"|\\(.)", re.DOTALL)
_SIMPLE_ESCAPES: Final = {
    ord('"'): b'"',
    ord("\\"): b"\\",
    ord("/"): b"/",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
}


def _gate(pattern: str, *, latin1: bool = False) -> Callable[[bytes], bool]:
    gate = gate_for_regex(pattern, latin1=latin1)
    if gate is None:  # a fixed pattern: only a broken RE2 install gets here
        raise RuntimeError(f"RE2 cannot compile {pattern!r}")
    return gate


# Escapes the C decoders would read differently from JSON (or warn about): anything but
# these after a backslash, read as bytes (Latin-1: one character each), as the decoders read
# them (a backslash before a byte that is no UTF-8 character on its own counts too)
_NOT_BYTES_ESCAPE: Final = _gate(r'\\[^"\\bfnrt]', latin1=True)  # one RE2 pass: faster than re
_NOT_UNICODE_ESCAPE: Final = _gate(r'\\[^"\\bfnrtu]', latin1=True)
# a backslash before "u" or "/": where ``_OPTIONAL_ESCAPE`` may match
_MAY_ESCAPE_OPTIONALLY: Final = _gate(r"\\[u/]", latin1=True)


def unescape_once(data: bytes) -> bytes:
    """``data`` (JSON text) with the escapes in its strings decoded once."""
    return _decode_escapes(data)


def _unescape_py(data: bytes) -> bytes:
    """``unescape_once_general``, faster: Python's C escape decoders agree with JSON on the
    escapes checked for first; anything else (``\\/``, surrogate pairs, non-ASCII text with
    ``\\u`` escapes) takes the general path."""
    try:
        if not _NOT_BYTES_ESCAPE(data):
            return codecs.escape_decode(data)[0]  # type: ignore[no-any-return]
        # \uXXXX escapes (json.dumps' ensure_ascii): the decoder reads bytes as Latin-1,
        # which only ASCII means the same in
        if data.isascii() and not _NOT_UNICODE_ESCAPE(data):
            text = data.decode("unicode_escape")
            if text.isascii():
                return text.encode("ascii")
            try:  # no surrogates (most text): one pass
                return text.encode("utf-8")
            except UnicodeEncodeError:
                pass
            # escaped surrogate pairs (emoji) become their character; a lone surrogate
            # stays as it came, as the general path keeps it
            merged = text.encode("utf-16-le", "surrogatepass")
            return merged.decode("utf-16-le", "surrogatepass").encode("utf-8", "surrogatepass")
    except (UnicodeError, ValueError):
        pass
    return unescape_once_general(data)


_decode_escapes: Final[Callable[[bytes], bytes]] = (
    _NATIVE.unescape if _NATIVE is not None else _unescape_py
)


# The escapes a JSON writer may use where none is needed (and, conservatively, a ``\u``
# after an escaped backslash, and those of control characters): ``_UNICODE_ESCAPE``'s groups
_OPTIONAL_ESCAPE: Final = re.compile(_U_ESCAPES + rb"|\\(/)")


def _optional_escapes_py(data: bytes) -> set[str]:
    """The characters ``data`` escapes where JSON needs no escape."""
    if not _MAY_ESCAPE_OPTIONALLY(data):
        return set()  # (most messages have none)
    return {_unescape(m).decode("utf-8", "surrogatepass") for m in _OPTIONAL_ESCAPE.finditer(data)}


# a backslash escaped (as ``\\\\`` or ``\\u005c``) in JSON text (any match is one: the byte
# after an escape's backslash is a backslash only in an escaped one)
_ESCAPED_BACKSLASH: Final = _gate(r"\\(?:\\|u005[cC])", latin1=True)
_has_escaped_backslash: Final[Callable[[bytes], bool]] = (
    _NATIVE.has_escaped_backslash if _NATIVE is not None else _ESCAPED_BACKSLASH
)
_optional_escapes: Final[Callable[[bytes], set[str]]] = (
    _NATIVE.optional_escapes if _NATIVE is not None else _optional_escapes_py
)


def unescape_once_general(data: bytes) -> bytes:
    """Any escapes, decoded once: what ``unescape_once`` gives on every input."""
    return _UNICODE_ESCAPE.sub(_unescape, data)


def _unescape(m: re.Match[bytes]) -> bytes:
    hi, lo, code, char = m.groups()
    if hi is not None:
        cp = 0x10000 + ((int(hi, 16) - 0xD800) << 10) + (int(lo, 16) - 0xDC00)
        return chr(cp).encode("utf-8")
    if code is not None:
        return chr(int(code, 16)).encode("utf-8", "surrogatepass")
    return _SIMPLE_ESCAPES.get(char[0], m.group())


_MAX_JSON_LAYERS: Final = 8
_MAX_NESTING: Final = 64


def _documents_taken_out(node: Any, found: list[tuple[str, Any]], nesting: int = 0) -> Any:
    """``node`` with every string that holds a JSON document with escapes of its own (the
    walk's layers: ``open_layer``) replaced by an empty string, each listed in ``found``
    with its parsed value; ``node`` itself where nothing changed. Other strings are exact
    after one decoding of their level: documents whose strings hold no escapes, text, and
    text with backslashes of its own."""
    if nesting > _MAX_NESTING:
        raise TooDeep  # (the walk reports it)
    t = type(node)
    if t is not dict and t is not list:
        return node
    items: Any = node.items() if t is dict else enumerate(node)
    out: Any = None
    new: Any
    for k, v in items:
        c = v.__class__
        if c is str:
            if v[:1] not in JSON_LAYER_STARTS or "\\" not in v:
                continue
            new = _document_taken_out(v, found)
        elif c is dict or c is list:
            new = _documents_taken_out(v, found, nesting + 1)
        else:
            continue
        if new is not v:
            if out is None:
                out = dict(node) if t is dict else list(node)
            out[k] = new
    return node if out is None else out


def _document_taken_out(s: str, found: list[tuple[str, Any]]) -> str:
    layer = open_layer(s)  # the walk's own test: JSON that parses to a container
    if layer is None or layer[0] != "json":
        return s
    found.append((s, layer[1]))
    return ""


def _cut(data: bytes, spans: list[tuple[int, int]]) -> bytes:
    kept, pos = [], 0
    for lo, hi in spans:
        kept.append(data[pos:lo])
        pos = hi
    kept.append(data[pos:])
    return b"".join(kept)


# A whole JSON string value (not a key: no colon follows) that might be base64 of at least
# MIN_B64_LEN (8) characters: its content is invisible to the document-level checks, so each
# one is decoded to see whether it is a layer. Lengths that cannot be base64 never match, nor
# do strings whose first three bytes no layer starts with (``b64start``): most ids, hashes
# and words.
_PAD = r"(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)"


def _b64_rest(groups: str) -> str:
    """Base64 after a string's first four characters (``groups``: how many more groups of
    four may come before the last, as an RE2 repetition), then the closing quote of a value."""
    return (
        r"(?:[A-Za-z0-9+/]{4})"
        + groups
        + r"(?:[A-Za-z0-9+/]{4}"
        + _PAD
        + "?|"
        + _PAD
        + r')"(?:\s*[^\s:]|\s*$)'
    )


# A long base64 string (a Kinesis record: kilobytes) is found by its first 32 characters; a
# shorter one is matched whole. Where the long one ends is its closing quote (base64 holds
# none), and its body is checked with C string methods (``_is_b64_body``): RE2 matching the
# whole pattern forwards from the start walks every byte of it at DFA speed, four times slower.
_B64_HEAD: Final = native_search(
    r'"' + layer_start_pattern() + r"(?:[A-Za-z0-9+/]{28}|" + _b64_rest("{0,6}") + ")"
)
_B64_ALPHABET: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_RE2_SPACE: Final = b" \t\n\r\f"  # RE2's \s (Python's isspace adds \v)


def _b64_candidates_py(view: bytes) -> list[tuple[int, int]]:
    """(opening quote, closing quote) of each string in ``view`` that the whole pattern
    (``'"' + layer_start_pattern() + _b64_rest("*")``) matches, in the order and without the
    overlaps of its unanchored matches (``tests/test_detector.py`` compares the two)."""
    out: list[tuple[int, int]] = []
    n = len(view)
    pos = 0
    while pos <= n:
        start = _B64_HEAD(view, pos)
        if start < 0:
            break
        close = view.find(b'"', start + 1)
        if close >= 0 and _is_b64_body(view, start + 1, close):
            # a value, not a key: what follows the quote (after RE2's spaces) is no colon
            after = close + 1
            while after < n and view[after] in _RE2_SPACE:
                after += 1
            if after == n:
                out.append((start, close))
                break
            if view[after] != 0x3A:  # ":"
                out.append((start, close))
                pos = after + 1  # (the match took that character: the next starts after it)
                continue
        pos = start + 1
    return out


def _is_b64_body(view: bytes, lo: int, hi: int) -> bool:
    """Whether ``view[lo:hi]`` is whole base64: groups of four alphabet characters, the last
    one padded with at most two "=" (its first four characters the head pattern checked)."""
    if (hi - lo) % 4 or hi - lo < MIN_B64_LEN:
        return False
    rest = view[lo:hi].translate(None, _B64_ALPHABET)
    return not rest or (rest in (b"=", b"==") and view.endswith(rest, lo, hi))


assert MIN_B64_LEN == 8, "the candidate pattern above spells out the minimum length"
_b64_candidates: Final[Callable[[bytes], list[tuple[int, int]]]] = (
    _NATIVE.b64_candidates if _NATIVE is not None else _b64_candidates_py
)
_MAX_VIEW_LAYERS: Final = 4


class TooDeep(Exception):
    """A message the view does not follow: walk everything instead. Layers (JSON documents
    in strings and base64 together) nested more than ``_MAX_JSON_LAYERS`` deep, base64 more
    than ``_MAX_VIEW_LAYERS`` layers deep, containers nested past ``_MAX_NESTING``, or a
    value orjson cannot write back."""


class _Seen:
    """What viewing a message finds besides its text, at any depth."""

    __slots__ = ("hidden", "layers")

    def __init__(self) -> None:
        self.layers: list[str] = []  # base64 layers: a targeted walk must enter these
        # characters that JSON documents in strings escape without JSON requiring it
        # (``\/``, ``\u00e9``): a hit text holding one may not appear verbatim in the
        # strings that hold it, so the walk cannot be guided by it
        self.hidden: set[str] = set()


def _level_without_documents(
    raw: bytes,
    doc: Any,
    depth: int,
    opened: dict[str, Any] | None,
    documents: list[bytes],
    seen: _Seen,
) -> bytes:
    """This level's text with the JSON documents in its strings taken out (their views go
    to ``documents``)."""
    if doc is _UNPARSED:
        try:
            doc = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return raw  # not JSON: its text, decoded once
    found: list[tuple[str, Any]] = []
    emptied = _documents_taken_out(doc, found)
    if not found:
        return raw
    if depth >= _MAX_JSON_LAYERS:
        raise TooDeep
    try:
        level = orjson.dumps(emptied)
    except TypeError:  # (a value orjson cannot write back: the walk takes the message)
        raise TooDeep from None
    for text, value in found:
        if opened is not None:
            opened[text] = ("json", value)  # the walk and the rebuild take it from here
        data = text.encode("utf-8", "surrogatepass")
        documents.append(_view(data, depth + 1, opened, value, seen, in_string=True))
    return level


_UNPARSED: Final = object()


def document_view(
    raw: bytes, opened: dict[str, Any] | None = None, doc: Any = _UNPARSED
) -> tuple[bytes, list[str], set[str]]:
    """The view of a serialized document (``doc``: its parsed value, when at hand), the
    base64 strings opened in it (a targeted walk must enter those), and the characters
    that JSON documents in its strings escape without JSON requiring it (a hit text holding
    one may hide in them, and cannot guide a walk). Whatever ``layers.open_layer`` opens,
    the view opens too.

    Long base64 that the walk takes only as a layer (never scanning its own text) is left
    out of the view, which then holds just what it decodes to; those layers go to
    ``opened``, for the walk and the rebuild, as do the JSON documents parsed in strings."""
    seen = _Seen()
    view = _view(raw, 0, opened, doc, seen)
    return view, seen.layers, seen.hidden


def _view(
    raw: bytes,
    depth: int,
    opened: dict[str, Any] | None,
    doc: Any,
    seen: _Seen,
    in_string: bool = False,
) -> bytes:
    """The view of one document (``in_string``: the text of a JSON string, whose own
    escapes may hide hit texts from the strings that hold it)."""
    documents: list[bytes] = []
    view = raw
    if raw.find(b"\\") >= 0:  # (``find``: see ``walk._holds_guide``)
        # An escaped backslash (``\\`` or ``\u005c``) means a string may hold a document
        # with escapes of its own, to be taken out and decoded on its own.
        if in_string:  # (the escapes JSON does not need: a hit text holding one hides)
            seen.hidden.update(_optional_escapes(raw))
        if _has_escaped_backslash(raw):
            view = _level_without_documents(raw, doc, depth, opened, documents, seen)
        view = unescape_once(view) if view.find(b"\\") >= 0 else view
    parts = [view]
    left_out: list[tuple[int, int]] = []  # (start, end) of base64 text the walk never scans
    for start, close in _b64_candidates(view):
        chunk = view[start + 1 : close]
        if chunk.isdigit():
            continue
        try:
            decoded = binascii.a2b_base64(chunk, strict_mode=True)
            text = decoded.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue
        # the walk's own decision (``open_layer``, whose other checks the candidate pattern
        # has made): JSON that parses is a document, other printable text is text (its
        # backslashes its own, and not JSON's strings: a string in the view)
        layer = base64_layer(text)
        if layer is None:
            continue
        if depth >= _MAX_VIEW_LAYERS:
            raise TooDeep
        name = chunk.decode("ascii")
        seen.layers.append(name)
        if len(chunk) > SHORT_B64:  # a layer whose base64 text the walk does not scan
            left_out.append((start + 1, close))
            if opened is not None:
                opened[name] = layer
        if layer[0] == "b64json":
            parts.append(_view(decoded, depth + 1, opened, layer[1], seen))
        else:
            parts.append(b'"' + decoded + b'"')
    if left_out:
        parts[0] = _cut(view, left_out)
    parts.extend(documents)
    return b"\n".join(parts) if len(parts) > 1 else parts[0]


__all__ = ["TooDeep", "document_view", "unescape_once", "unescape_once_general"]
