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


_new_object = object.__new__
_set_identifier, _set_path, _set_start, _set_end, _set_score = (
    Finding.__dict__[name].__set__ for name in ("identifier", "path", "start", "end", "score")
)


def new_finding(identifier: str, path: str, start: int, end: int, score: float) -> Finding:
    """``Finding(identifier, path, start, end, score)`` for the scanner's hot path: a frozen
    dataclass's ``__init__`` goes through ``object.__setattr__`` for each field, the slots'
    own setters take half the time (a scan makes one Finding per hit)."""
    finding = _new_object(Finding)
    _set_identifier(finding, identifier)
    _set_path(finding, path)
    _set_start(finding, start)
    _set_end(finding, end)
    _set_score(finding, score)
    return finding
