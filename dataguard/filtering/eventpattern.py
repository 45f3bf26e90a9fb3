"""EventBridge event patterns, matched the way EventBridge (event-ruler) matches them."""

from __future__ import annotations

from typing import Any

import orjson

from dataguard.filtering._codegen import compile_fast
from dataguard.filtering._compile import EVENTBRIDGE, compile_branches, load_json
from dataguard.filtering._match import FieldMatcher, Leaf, branch_matches


def decode_event(event: Any) -> Any:
    """``dict`` events pass through; ``str``/``bytes`` are decoded as JSON (None if invalid)."""
    if isinstance(event, (bytes, bytearray, memoryview, str)):
        try:
            return orjson.loads(bytes(event) if not isinstance(event, str) else event)
        except orjson.JSONDecodeError:
            return None
    return event


class EventPattern:
    """A compiled EventBridge event pattern.

    ``EventPattern(pattern)`` accepts a dict or its JSON text/bytes and validates it the way
    EventBridge does, raising :class:`~dataguard.errors.PolicyError` (JSON pointer + the
    reason EventBridge gives) for anything EventBridge rejects, including the quamina-only
    operators ``shellstyle`` and ``regexp``.

    Supported: exact strings/numbers/booleans/null, ``prefix``, ``suffix``,
    ``equals-ignore-case`` (also inside ``prefix``/``suffix``), ``wildcard``,
    ``anything-but`` (values, ``prefix``, ``suffix``, ``wildcard``, ``equals-ignore-case``),
    ``numeric``, ``exists``, ``cidr`` (IPv4/IPv6), ``$or``, arrays, nested and dotted keys.

    Thread-safe and immutable; :meth:`matches` never raises for pattern reasons. Cost per
    event: proportional to the pattern's fields and the event values at their paths; the
    rest of the event is not visited.
    """

    def __init__(self, pattern: Any) -> None:
        self._source = load_json(pattern)
        self._branches: tuple[tuple[FieldMatcher, ...], ...] = tuple(
            tuple(b) for b in compile_branches(self._source, EVENTBRIDGE)
        )
        self._fields = {f.path: f for b in self._branches for f in b}
        # The per-instance matcher shadows the documented method below (no bound-method
        # indirection on the hot path); both behave identically.
        self.matches = make_matcher(self._branches)  # type: ignore[method-assign]

    @property
    def pattern(self) -> Any:
        """The pattern as decoded JSON (treat as read-only)."""
        return self._source

    @property
    def branches(self) -> tuple[tuple[FieldMatcher, ...], ...]:
        """The ``$or``-expanded conjunctions (used by :class:`PatternSet` to index)."""
        return self._branches

    def matches(self, event: Any) -> bool:  # replaced per instance by make_matcher()
        """Whether ``event`` (dict, JSON ``str`` or ``bytes``) matches; invalid JSON never does."""
        decoded = decode_event(event)
        if not isinstance(decoded, dict):
            return False
        return matches_decoded(self._branches, decoded)

    def __repr__(self) -> str:
        return f"EventPattern(<{len(self._fields)} field(s), {len(self._branches)} branch(es)>)"


def make_matcher(branches: tuple[tuple[FieldMatcher, ...], ...]) -> Any:
    """``matches(event)``: generated fast path for plain shapes, generic matcher otherwise."""
    fast = compile_fast(branches)

    def matches(event: Any) -> bool:
        if event.__class__ is not dict:
            event = decode_event(event)
            if not isinstance(event, dict):
                return False
        result = fast(event)
        if result is None:
            return matches_decoded(branches, event)
        return result

    return matches


def matches_decoded(
    branches: tuple[tuple[FieldMatcher, ...], ...], event: Any, absent_ok: bool = True
) -> bool:
    """Evaluate compiled branches against a decoded event, sharing leaf lookups between them."""
    if len(branches) == 1:
        return branch_matches(branches[0], lambda f: f.leaves(event), absent_ok)
    cache: dict[str, list[Leaf]] = {}

    def leaves_of(f: FieldMatcher) -> list[Leaf]:
        found = cache.get(f.path)
        if found is None:
            found = cache[f.path] = f.leaves(event)
        return found

    return any(branch_matches(b, leaves_of, absent_ok) for b in branches)
