"""One message through the scanner: decoded, scanned, and encoded again with edits.

The policy's decisions (what to deny, mask or audit) are ``engine.Guard``'s; this module only
turns any accepted message type into a document, finds the hits in it and writes edits back
in the message's own type. It runs on every message, so it is compiled with the scanning core
(``dataguard/compiled.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any, Final, Literal

import orjson

from ..actions import Edit
from ..errors import PayloadError
from ..findings import Finding, new_finding
from .detector import SetSearchFailed
from .paths import format_path
from .view import TooDeep, document_view
from .walk import RawHit, Segments, Walker


class Decoded:
    """A message decoded for scanning: a JSON document, or text at the root."""

    __slots__ = ("base", "doc", "in_type", "kind", "opened", "raw")

    def __init__(
        self, kind: str, doc: Any, base: Segments, raw: bytes | None, in_type: type
    ) -> None:
        self.kind = kind  # "json" | "text"
        self.doc = doc
        self.base = base
        self.raw = raw  # serialized JSON for the one-pass check; empty when unavailable
        self.in_type = in_type
        # layers the scan opened (string -> decoded), so rebuilding does not decode them again
        self.opened: dict[str, Any] = {}


def decode(message: Any, max_payload_bytes: int) -> Decoded:
    """``message`` (bytes, text, or a decoded document) ready to scan; PayloadError names what
    is wrong with it, never its content."""
    t = type(message)
    if t is bytes or t is bytearray or t is memoryview:
        data = bytes(message)
        if len(data) > max_payload_bytes:
            raise PayloadError(
                f"payload of {len(data)} bytes exceeds the limit of {max_payload_bytes}",
                location="$",
            )
        if data[:1] in (b"{", b"["):  # most messages: orjson checks the UTF-8 itself
            try:
                return Decoded("json", orjson.loads(data), (), data, bytes)
            except orjson.JSONDecodeError:
                pass  # the general path below names the problem
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PayloadError(f"invalid UTF-8 at byte offset {exc.start}", location="$") from None
        return _decode_text(text, data, bytes)
    if t is str:
        if len(message) * 4 > max_payload_bytes:
            size = len(message.encode("utf-8", "surrogatepass"))
            if size > max_payload_bytes:
                raise PayloadError(
                    f"payload of {size} bytes exceeds the limit of {max_payload_bytes}",
                    location="$",
                )
        return _decode_text(message, None, str)
    if t is dict or t is list or isinstance(message, (dict, list)):
        try:
            raw = orjson.dumps(message)
        except TypeError:
            # orjson refuses some valid documents (integers beyond 64 bits): measure with
            # the standard library and walk without the one-pass check.
            try:
                size = len(json.dumps(message, ensure_ascii=False).encode())
            except (TypeError, ValueError) as exc:
                raise PayloadError(
                    f"not JSON-serializable: {_type_reason(exc)}", location="$"
                ) from None
            if size > max_payload_bytes:
                raise PayloadError(
                    f"payload of {size} bytes exceeds the limit of {max_payload_bytes}",
                    location="$",
                ) from None
            return Decoded("json", message, (), b"", t)
        if len(raw) > max_payload_bytes:
            raise PayloadError(
                f"payload of {len(raw)} bytes exceeds the limit of {max_payload_bytes}",
                location="$",
            )
        return Decoded("json", message, (), raw, t)
    raise PayloadError(f"unsupported message type {t.__name__}", location="$")


def _decode_text(text: str, raw: bytes | None, in_type: type) -> Decoded:
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            doc = orjson.loads(raw if raw is not None else text)
        except orjson.JSONDecodeError as exc:
            raise PayloadError(
                f"malformed JSON: {_json_reason(exc)}",
                location=f"line {exc.lineno} column {exc.colno}",
            ) from None
        return Decoded("json", doc, (), raw if raw is not None else text.encode(), in_type)
    return Decoded("text", text, (), None, in_type)


def scan(walker: Walker, decoded: Decoded) -> list[RawHit]:
    """Every hit of the walker's identifiers in the message, with its path."""
    detector = walker.detector
    detector.new_message()
    if decoded.kind == "json":
        raw = decoded.raw
        allowed = targets = None
        prune: tuple[bytes, ...] | None = None
        guide_entries: dict[str, frozenset[int]] | None = None
        if raw and detector.raw_safe:
            try:
                view, layers, hidden = document_view(raw, opened=decoded.opened, doc=decoded.doc)
            except TooDeep:
                return walker.scan_document(decoded.doc, decoded.base, opened=decoded.opened)
            # one DFA pass over the document says which identifiers can occur
            try:
                allowed = detector.possible_in_document(view)
            except SetSearchFailed:  # no answer: the plain walk over every string
                return walker.scan_document(decoded.doc, decoded.base, opened=decoded.opened)
            values: dict[str, frozenset[int]] = {}
            if allowed:
                # the full patterns and validators on the strings around candidates
                allowed, targets, values = detector.confirm_in_document(view, allowed)
            if not allowed:
                return []
            if targets is not None:
                # the walk enters only containers whose serialized form holds a hit's
                # text or a base64 layer (whose content it cannot see from outside)
                guide_entries = values
                if layers:
                    # the walk must open these layers, for any identifier
                    layer_entries = dict.fromkeys(layers, allowed)
                    targets = {**targets, **layer_entries}
                    guide_entries = {**values, **layer_entries}
                # (the layers are base64 text, verbatim in any JSON: only hit texts are checked)
                verbatim = True
                for v in values:
                    if not _verbatim_in_json(v) or (hidden and _holds_any(v, hidden)):
                        verbatim = False
                        break
                if verbatim:
                    # a string holding a hit text is scanned for those identifiers
                    prune = tuple(g.encode() for g in guide_entries)
                else:
                    guide_entries = None
        return walker.scan_document(
            decoded.doc,
            decoded.base,
            allowed,
            targets,
            prune,
            opened=decoded.opened,
            guide_entries=guide_entries,
        )
    return walker.scan_text(decoded.doc, decoded.base, opened=decoded.opened)


def encode(decoded: Decoded, walker: Walker, edits: dict[Segments, list[Edit]]) -> Any:
    """The message with ``edits`` applied, in the type it came in."""
    if decoded.kind == "json":
        doc = walker.rebuild(decoded.doc, edits, decoded.base, opened=decoded.opened)
        if decoded.in_type is bytes:
            return orjson.dumps(doc)
        if decoded.in_type is str:
            return orjson.dumps(doc).decode()
        return doc
    text = walker.rebuild_text(decoded.doc, edits, decoded.base, opened=decoded.opened)
    return text.encode() if decoded.in_type is bytes else text


def findings_of(raw_hits: list[RawHit]) -> tuple[Finding, ...]:
    """The hits as findings: paths formatted, never the values."""
    paths: dict[Segments, str] = {}  # hits in one string share its path
    found: list[Finding] = []
    for segs, h in raw_hits:
        path = paths.get(segs)
        if path is None:
            path = paths[segs] = format_path(segs)
        found.append(new_finding(h.identifier, path, h.start, h.end, h.score))
    return tuple(found)


def add_edits(
    edits: dict[Segments, list[Edit]],
    raw_hits: list[RawHit],
    names: Collection[str],
    mode: Literal["mask", "redact"],
    char: str,
) -> None:
    """One Deidentify statement: an edit for each hit of the identifiers it names."""
    for segs, h in raw_hits:
        if h.identifier in names:
            edits.setdefault(segs, []).append(Edit(h.start, h.end, mode, char))


_JSON_ESCAPED: Final = re.compile(r'["\\\x00-\x1f]')


def _verbatim_in_json(text: str) -> bool:
    """Whether ``text`` appears unchanged in serialized JSON (nothing in it is escaped)."""
    if not text:
        return False
    if text.isascii() and text.isprintable():  # no control character: C string checks
        return '"' not in text and "\\" not in text
    return _JSON_ESCAPED.search(text) is None


def _holds_any(text: str, chars: set[str]) -> bool:
    return any(c in text for c in chars)


def _json_reason(exc: orjson.JSONDecodeError) -> str:
    return str(exc.msg)  # orjson's message names the problem, never the content


def _type_reason(exc: Exception) -> str:
    """Why a document cannot be serialized, without quoting any of its content."""
    if isinstance(exc, UnicodeError):
        return "a string holds a lone surrogate (not valid Unicode text)"
    if isinstance(exc, ValueError):
        return "a value JSON cannot represent"
    text = str(exc)  # TypeError: "Object of type set is not JSON serializable"
    return text.split(":")[0] if ":" in text else text


__all__ = ["Decoded", "add_edits", "decode", "encode", "findings_of", "scan"]
