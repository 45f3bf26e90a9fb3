"""Many patterns matched at once, at a cost that does not grow with their number.

Like event-ruler's *machine* and quamina, the patterns are merged into one index keyed by
field path and value: an event is flattened once (only the paths some pattern uses) and
each of its leaves is looked up in the index, which yields the (pattern branch, field)
pairs it satisfies. A branch becomes a candidate only when all its required fields were
hit; candidates are then confirmed by the exact matcher (array consistency,
``exists: false``, SNS rules), so the index may over-approximate but never misses.

Cost per event: the leaves on indexed paths, times a dict lookup each for exact values,
``equals-ignore-case`` and ``exists``, one lookup per distinct prefix/suffix length, plus
the confirmed candidates. Operators that cannot be indexed by value (numeric ranges, cidr,
wildcard, anything-but) are tested per pattern on their field only, so they are the one
part that grows with the number of such patterns on the same field.

Thread-safety: ``add`` is not thread-safe; build the set, then share it for matching.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from dataguard.filtering._match import (
    FieldMatcher,
    Leaf,
    Membership,
    branch_matches,
    flatten,
    fold,
    path_prefixes,
)
from dataguard.filtering.envelope import unwrap
from dataguard.filtering.eventpattern import EventPattern, decode_event
from dataguard.filtering.sns import FilterPolicy, attribute_leaves

K = TypeVar("K", bound=Hashable)

Entry = tuple[int, int]  # (branch id, required-field position)


class _PathIndex:
    __slots__ = (
        "eic",
        "exists",
        "literals",
        "numbers",
        "prefix_lengths",
        "prefixes",
        "scan",
        "strings",
        "suffix_lengths",
        "suffixes",
    )

    def __init__(self) -> None:
        self.strings: dict[str, list[Entry]] = {}
        self.numbers: dict[float | int, list[Entry]] = {}
        self.literals: dict[Any, list[Entry]] = {}
        self.prefixes: dict[str, list[Entry]] = {}
        self.prefix_lengths: tuple[int, ...] = ()
        self.suffixes: dict[str, list[Entry]] = {}
        self.suffix_lengths: tuple[int, ...] = ()
        self.eic: dict[str, list[Entry]] = {}
        self.exists: list[Entry] = []
        self.scan: list[tuple[Any, Entry]] = []

    def add(self, f: FieldMatcher, entry: Entry) -> None:
        if f.exists_true:
            self.exists.append(entry)
        for s in f.str_exact:
            self.strings.setdefault(s, []).append(entry)
        for n in f.num_exact:
            self.numbers.setdefault(n, []).append(entry)
        for lit in f.literals:
            value = {"null": None, "true": True, "false": False}[lit]
            self.literals.setdefault(value, []).append(entry)
        for p in f.prefixes:
            self.prefixes.setdefault(p, []).append(entry)
        for p in f.suffixes:
            self.suffixes.setdefault(p, []).append(entry)
        for e in f.eic:
            self.eic.setdefault(e, []).append(entry)
        if (
            f.ranges
            or f.cidrs
            or f.wildcard_tests
            or f.prefix_ic
            or f.suffix_ic
            or f.ab_strings
            or f.ab_numbers
            or f.ab_prefixes
            or f.ab_suffixes
            or f.ab_ignore_case
            or f.ab_wildcards
        ):
            self.scan.append((f.value_ok, entry))

    def seal(self) -> None:
        self.prefix_lengths = tuple(sorted({len(p) for p in self.prefixes}))
        self.suffix_lengths = tuple(sorted({len(p) for p in self.suffixes}))

    def hits(self, value: Any, out: list[Entry]) -> None:
        """Append every entry ``value`` satisfies (possibly a few extra, never fewer)."""
        t = value.__class__
        if t is str:
            found = self.strings.get(value)
            if found:
                out.extend(found)
            if self.prefix_lengths:
                n = len(value)
                for length in self.prefix_lengths:
                    if length > n:
                        break
                    found = self.prefixes.get(value[:length])
                    if found:
                        out.extend(found)
            if self.suffix_lengths:
                n = len(value)
                for length in self.suffix_lengths:
                    if length > n:
                        break
                    found = self.suffixes.get(value[n - length :])
                    if found:
                        out.extend(found)
            if self.eic:
                found = self.eic.get(fold(value))
                if found:
                    out.extend(found)
        elif t is int or t is float:
            found = self.numbers.get(value)
            if found:
                out.extend(found)
        elif value is None or t is bool:
            found = self.literals.get(value)
            if found:
                out.extend(found)
        for ok, entry in self.scan:
            if ok(value):
                out.append(entry)


class _Index:
    """One index over compiled branches that read the same kind of input."""

    def __init__(self, attributes: bool) -> None:
        self.attributes = attributes
        self.owners: list[int] = []  # branch id -> pattern number
        self.fields: list[tuple[FieldMatcher, ...]] = []
        self.need: list[int] = []
        self.always: list[int] = []  # branches with only `exists: false` fields
        self.paths: dict[str, _PathIndex] = {}
        self.wanted: frozenset[str] = frozenset()
        self.prefixes: frozenset[str] = frozenset()

    def add(self, owner: int, branches: Iterable[tuple[FieldMatcher, ...]]) -> None:
        for fields in branches:
            bid = len(self.owners)
            self.owners.append(owner)
            self.fields.append(fields)
            required = [f for f in fields if not f.exists_false]
            self.need.append(len(required))
            if not required:
                self.always.append(bid)
            for pos, f in enumerate(required):
                self.paths.setdefault(f.path, _PathIndex()).add(f, (bid, pos))
            for f in fields:
                self.paths.setdefault(f.path, _PathIndex())

    def seal(self) -> None:
        for p in self.paths.values():
            p.seal()
        self.wanted = frozenset(self.paths)
        self.prefixes = path_prefixes(self.paths)

    def match(self, leaves: Mapping[str, list[Leaf]], absent_ok: bool) -> set[int]:
        """Pattern numbers whose branches match the flattened input ``leaves``."""
        counts: dict[int, set[int]] = {}
        buffer: list[Entry] = []
        paths = self.paths
        for path, values in leaves.items():
            index = paths.get(path)
            if index is None:
                continue
            if index.exists:
                buffer.extend(index.exists)
            for value, _ in values:
                index.hits(value, buffer)
        for bid, pos in buffer:
            hit = counts.get(bid)
            if hit is None:
                counts[bid] = {pos}
            else:
                hit.add(pos)
        need = self.need
        candidates = [bid for bid, hit in counts.items() if len(hit) == need[bid]]
        candidates.extend(self.always)
        matched: set[int] = set()
        owners = self.owners

        def leaves_of(f: FieldMatcher) -> list[Leaf]:
            return leaves.get(f.path, [])  # type: ignore[return-value]

        for bid in candidates:
            owner = owners[bid]
            if owner in matched:
                continue
            if branch_matches(self.fields[bid], leaves_of, absent_ok):
                matched.add(owner)
        return matched


class PatternSet(Generic[K]):
    """A set of named :class:`EventPattern` / :class:`FilterPolicy` matched in one pass.

    ``PatternSet({"orders": EventPattern(...), "audit": FilterPolicy(...)})`` then
    ``matching(message, attributes=None)`` returns the names whose pattern matches, in the
    order they were added. EventPatterns see ``message`` as the event; body-scope policies
    see its payload through SQS/SNS layers; attribute-scope policies see ``attributes`` (or
    the attributes of the SNS envelope / SQS record ``message`` arrives in).
    """

    def __init__(
        self, patterns: Mapping[K, EventPattern | FilterPolicy] | Iterable[tuple[K, Any]] = ()
    ) -> None:
        self._keys: list[K] = []
        self._events = _Index(attributes=False)
        self._bodies = _Index(attributes=False)
        self._attrs = _Index(attributes=True)
        self._sealed = False
        items = patterns.items() if isinstance(patterns, Mapping) else patterns
        for key, pattern in items:
            self.add(key, pattern)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: K, pattern: EventPattern | FilterPolicy) -> None:
        """Add one compiled pattern under ``key`` (keys may repeat; each entry counts)."""
        owner = len(self._keys)
        self._keys.append(key)
        if isinstance(pattern, EventPattern):
            self._events.add(owner, pattern.branches)
        elif isinstance(pattern, FilterPolicy):
            target = self._attrs if pattern.scope == "MessageAttributes" else self._bodies
            target.add(owner, pattern.branches)
        else:
            raise TypeError("PatternSet holds EventPattern or FilterPolicy objects")
        self._sealed = False

    def _seal(self) -> None:
        for index in (self._events, self._bodies, self._attrs):
            index.seal()
        self._sealed = True

    def matching(self, message: Any = None, attributes: Mapping[str, Any] | None = None) -> list[K]:
        """Keys of every pattern that matches, in insertion order (duplicates kept)."""
        return [self._keys[i] for i in self.matching_indexes(message, attributes)]

    def matching_indexes(
        self, message: Any = None, attributes: Mapping[str, Any] | None = None
    ) -> list[int]:
        """Positions (in insertion order) of the patterns that match."""
        if not self._sealed:
            self._seal()
        matched: set[int] = set()
        if self._events.owners:
            event = decode_event(message)
            if isinstance(event, dict):
                leaves = flatten(event, self._events.prefixes, self._events.wanted)
                matched |= self._events.match(leaves, True)
        if self._bodies.owners or self._attrs.owners:
            payload, carried = unwrap(message) if message is not None else (None, None)
            if self._bodies.owners and isinstance(payload, dict):
                leaves = flatten(payload, self._bodies.prefixes, self._bodies.wanted)
                matched |= self._bodies.match(leaves, True)
            if self._attrs.owners:
                attrs = attributes if attributes is not None else carried
                flat = attribute_leaves(attrs or {})
                matched |= self._attrs.match(flat, bool(attrs))
        return sorted(matched)


__all__ = ["Membership", "PatternSet"]
