"""What a scan reports: where an identifier is, never what it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected identifier.

    ``path`` is JSONPath into the message (``>`` enters an encoded layer, see design.md);
    ``start``/``end`` are character offsets in the decoded string value at that path. The raw
    value is never stored, so a Finding is always safe to log.
    """

    identifier: str
    path: str
    start: int
    end: int
    score: float = 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "identifier": self.identifier,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
        }
