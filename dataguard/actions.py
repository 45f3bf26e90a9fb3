"""Applying Deidentify to one decoded string: mask (same length) or redact (span removed).

SNS's own examples: with MaskWithCharacter "#", ``ssn: 123-45-6789`` becomes
``ssn: ###########``; with RedactConfig it becomes ``ssn: ``. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


# not frozen: mypyc compiles a plain dataclass's constructor, a frozen one's it leaves to
# Python (half a microsecond a hit); treated as immutable all the same
@dataclass(slots=True)
class Edit:
    """Replace ``text[start:end]``: mask each character with ``char``, or remove (redact)."""

    start: int
    end: int
    mode: Literal["mask", "redact"]
    char: str = "*"


def merge_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Overlapping or touching spans become one; redact wins over mask (it hides more)."""
    ordered = sorted(edits, key=lambda e: (e.start, -e.end))
    merged: list[Edit] = []
    for e in ordered:
        if merged and e.start < merged[-1].end:
            last = merged[-1]
            mode: Literal["mask", "redact"] = (
                "redact" if "redact" in (last.mode, e.mode) else "mask"
            )
            merged[-1] = Edit(last.start, max(last.end, e.end), mode, last.char)
        else:
            merged.append(e)
    return merged


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for e in merge_edits(edits):
        start, end = max(e.start, pos), min(e.end, len(text))
        if end <= start:
            continue
        out.append(text[pos:start])
        if e.mode == "mask":
            out.append(e.char * (end - start))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def covers_all(text: str, edits: Iterable[Edit]) -> bool:
    """Whether the spans leave nothing but whitespace: SNS then refuses the whole message."""
    pos = 0
    rest: list[str] = []
    for e in merge_edits(edits):
        rest.append(text[pos : e.start])
        pos = max(pos, e.end)
    rest.append(text[pos:])
    return not "".join(rest).strip()
