"""Recognising encoded documents inside strings: JSON text, base64 of JSON or of text.

An SQS body holding an SNS envelope whose ``Message`` holds the event is three layers; Kinesis
and Kafka records carry base64. Each is opened so nothing hides from the scanner, and each is
re-encoded the way it came when something inside changes.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Final, Literal

import orjson

LayerKind = Literal["json", "b64json", "b64text"]

_B64: Final = re.compile(r"(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z")
MIN_B64_LEN: Final = 8
# Base64 text up to this long may be a word or an id that holds an identifier itself (the
# walk scans it as text too); longer base64 is only a layer (Kinesis, Kafka).
SHORT_B64: Final = 128
# What a JSON document in a string may start with, leading whitespace included: a string
# starting otherwise is no JSON layer (``open_layer``)
JSON_LAYER_STARTS: Final = ("{", "[", " ", "\t", "\r", "\n")


def open_layer(s: str) -> tuple[LayerKind, Any] | None:
    """The decoded document inside ``s``, or None when ``s`` is plain text."""
    if not s:
        return None
    first = s[0]
    if first in "{[" or (first in " \t\r\n" and s.lstrip()[:1] in ("{", "[")):
        try:
            value = orjson.loads(s)
        except orjson.JSONDecodeError:
            return None
        if isinstance(value, (dict, list)):
            return ("json", value)
        return None
    if len(s) < MIN_B64_LEN or len(s) % 4 or not _B64.match(s) or s.isdigit():
        return None
    try:
        raw = base64.b64decode(s, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return base64_layer(text)


def base64_layer(text: str) -> tuple[LayerKind, Any] | None:
    """What decoded base64 (UTF-8 ``text``) is: a JSON document, printable text, or neither
    (then the base64 is no layer)."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, (dict, list)):
            return ("b64json", value)
    return ("b64text", text) if looks_like_text(text) else None


def looks_like_text(text: str) -> bool:
    """Printable, line breaks and tabs allowed."""
    if not text:
        return False
    # C-speed checks: this runs on every base64-looking string of every message
    if text.isascii():  # (deleting the printable bytes: half the time of isprintable)
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable() or text.translate(_LINE_BREAKS).isprintable()


_LINE_BREAKS: Final = {ord("\n"): None, ord("\r"): None, ord("\t"): None}
_PRINTABLE_ASCII: Final = bytes(range(0x20, 0x7F)) + b"\n\r\t"


def encode_layer(kind: LayerKind, value: Any) -> str:
    if kind == "json":
        return orjson.dumps(value).decode()
    if kind == "b64json":
        return base64.b64encode(orjson.dumps(value)).decode("ascii")
    return base64.b64encode(value.encode("utf-8")).decode("ascii")
