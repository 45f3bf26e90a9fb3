"""JSONPath strings for findings: `$.a['odd key'][3]>$.inner` (`>` enters an encoded layer)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final


class _Layer:
    """Path segment marking an opened layer (JSON text or base64 inside a string)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LAYER"


LAYER = _Layer()
Segment = str | int | _Layer

_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def format_path(segments: Iterable[Segment]) -> str:
    parts = ["$"]
    for seg in segments:
        if seg is LAYER:
            parts.append(">$")
        elif type(seg) is int:
            parts.append(f"[{seg}]")
        else:
            parts.append(_key_part(seg))  # type: ignore[arg-type]
    return "".join(parts)


# Payloads reuse few key names: each is formatted once (bounded, like the other caches).
_KEY_PARTS: Final[dict[str, str]] = {}
_KEY_PARTS_MAX: Final = 4096
_KEY_CACHED_LENGTH: Final = 256


def _key_part(key: str) -> str:
    part = _KEY_PARTS.get(key)
    if part is None:
        if _PLAIN_KEY.match(key):
            part = "." + key
        else:
            escaped = key.replace("\\", "\\\\").replace("'", "\\'")
            part = f"['{escaped}']"
        if len(key) <= _KEY_CACHED_LENGTH:
            if len(_KEY_PARTS) >= _KEY_PARTS_MAX:
                _KEY_PARTS.clear()
            _KEY_PARTS[key] = part
    return part


def json_pointer(segments: Iterable[str | int]) -> str:
    """RFC 6901 pointer, for errors that point into policies and patterns."""
    out = []
    for seg in segments:
        out.append("/" + str(seg).replace("~", "~0").replace("/", "~1"))
    return "".join(out)
