"""JSONPath strings for findings: `$.a['odd key'][3]>$.inner` (`>` enters an encoded layer)."""

from __future__ import annotations

import re
from collections.abc import Iterable


class _Layer:
    """Path segment marking an opened layer (JSON text or base64 inside a string)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "LAYER"


LAYER = _Layer()
Segment = str | int | _Layer

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def format_path(segments: Iterable[Segment]) -> str:
    parts = ["$"]
    for seg in segments:
        if seg is LAYER:
            parts.append(">$")
        elif type(seg) is int:
            parts.append(f"[{seg}]")
        elif _PLAIN_KEY.match(seg):  # type: ignore[arg-type]
            parts.append("." + seg)  # type: ignore[operator]
        else:
            escaped = seg.replace("\\", "\\\\").replace("'", "\\'")  # type: ignore[union-attr]
            parts.append(f"['{escaped}']")
    return "".join(parts)


def json_pointer(segments: Iterable[str | int]) -> str:
    """RFC 6901 pointer, for errors that point into policies and patterns."""
    out = []
    for seg in segments:
        out.append("/" + str(seg).replace("~", "~0").replace("/", "~1"))
    return "".join(out)
