"""Many patterns matched at once, at a cost that does not grow with their number.

Like event-ruler's *machine* and quamina, the patterns are merged into one index keyed by
field path and value, so an event is not compared with every pattern. Each pattern branch
is filed under one *anchor* field: of its fields that can be looked up by value (exact
strings, numbers, booleans/null, ``prefix``, ``suffix``, ``equals-ignore-case``), the one
whose values the fewest other branches share. An event is flattened once, only along the
anchor paths; each of those leaves is looked up in the index, and the patterns found are
confirmed by their own compiled matcher (array consistency, ``exists``, SNS rules). The
index may propose a candidate that then fails, but never misses one.

Cost per event: a dict lookup per leaf on an anchor path (one per distinct prefix/suffix
length), plus confirming the candidates, which are the patterns that share a value with
the event on their most selective field. Branches with no value-indexable field at all
(only numeric ranges, cidr, wildcard, anything-but or exists) are confirmed on every event:
they are the one part that grows with the number of such patterns.

Thread-safety: ``add`` is not thread-safe; build the set, then share it for matching.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from dataguard.filtering._gate import Gate, literal_gate, passes
from dataguard.filtering._match import FieldMatcher, Leaf, flatten, fold, path_prefixes
from dataguard.filtering.envelope import unwrap
from dataguard.filtering.eventpattern import EventPattern, decode_event
from dataguard.filtering.sns import FilterPolicy, attribute_leaves

K = TypeVar("K", bound=Hashable)
SCOPE_ATTRS = "MessageAttributes"
SMALL_SET = 3  # up to this many patterns, each one's generated matcher is the fastest path


def _indexable(f: FieldMatcher) -> bool:
    """A field whose every alternative can be found by value lookup."""
    return (
        not f.exists_true
        and not f.exists_false
        and not f.predicates_unindexed
        and bool(f.str_exact or f.num_exact or f.literals or f.prefixes or f.suffixes or f.eic)
    )


def _keys(f: FieldMatcher) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [(f.path, "s", v) for v in f.str_exact]
    out += [(f.path, "n", v) for v in f.num_exact]
    out += [(f.path, "l", v) for v in f.literals]
    out += [(f.path, "p", v) for v in f.prefixes]
    out += [(f.path, "x", v) for v in f.suffixes]
    out += [(f.path, "i", v) for v in f.eic]
    return out


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
        self.strings: dict[str, list[int]] = {}
        self.numbers: dict[float | int, list[int]] = {}
        self.literals: dict[Any, list[int]] = {}
        self.prefixes: dict[str, list[int]] = {}
        self.prefix_lengths: tuple[int, ...] = ()
        self.suffixes: dict[str, list[int]] = {}
        self.suffix_lengths: tuple[int, ...] = ()
        self.eic: dict[str, list[int]] = {}

    def add_key(self, kind: str, value: Any, entry: int) -> None:
        tables: dict[str, dict[Any, list[int]]] = {
            "s": self.strings,
            "n": self.numbers,
            "l": self.literals,
            "p": self.prefixes,
            "x": self.suffixes,
            "i": self.eic,
        }
        table = tables[kind]
        if kind == "l":
            value = {"null": None, "true": True, "false": False}[value]
        table.setdefault(value, []).append(entry)

    def add(self, f: FieldMatcher, entry: int) -> None:
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

    def seal(self) -> None:
        self.prefix_lengths = tuple(sorted({len(p) for p in self.prefixes}))
        self.suffix_lengths = tuple(sorted({len(p) for p in self.suffixes}))

    def hits(self, value: Any, out: list[int]) -> None:
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


class _Node:
    """A state of the machine: the value constraints matched on the way here."""

    __slots__ = ("branches", "trans")

    def __init__(self) -> None:
        self.branches: list[int] = []  # owners whose indexed fields all matched here
        self.trans: dict[str, _PathIndex] = {}


class _Index:
    """A machine (event-ruler's idea) over patterns that read the same kind of input.

    Every branch's value-indexable fields are placed in one global order, most selective
    path first, and the branch is inserted as a path of ``(field, value)`` transitions from
    the root; branches with the same leading constraints share states. Matching walks only
    the transitions the event's values take, so the work follows the patterns that share
    values with the event, not the number of patterns. Fields that cannot be looked up by
    value are left to each pattern's own matcher, run on the candidates reached.
    """

    def __init__(self) -> None:
        self.verify: list[Callable[[Any], bool]] = []  # owner -> exact matcher
        self.owners: list[int] = []  # local owner -> PatternSet position
        self.branches: list[tuple[int, tuple[FieldMatcher, ...]]] = []
        self.nodes: list[_Node] = []
        self.wanted: frozenset[str] = frozenset()
        self.prefixes: frozenset[str] = frozenset()

    def add(
        self,
        position: int,
        verify: Callable[[Any], bool],
        branches: Iterable[tuple[FieldMatcher, ...]],
    ) -> None:
        local = len(self.owners)
        self.owners.append(position)
        self.verify.append(verify)
        for fields in branches:
            self.branches.append((local, fields))

    def seal(self) -> None:
        usage: Counter[tuple[Any, ...]] = Counter()
        per_path: dict[str, list[int]] = {}
        for _, fields in self.branches:
            for f in fields:
                if _indexable(f):
                    keys = _keys(f)
                    usage.update(keys)
                    per_path.setdefault(f.path, [])
        for (path, *_), count in usage.items():
            per_path[path].append(count)
        # most selective first: the fewest branches per value on average
        rank = {p: (sum(c) / len(c), p) for p, c in per_path.items()}
        self.nodes = [_Node()]
        children: dict[tuple[int, str, str, Any], int] = {}
        for local, fields in self.branches:
            indexed = sorted((f for f in fields if _indexable(f)), key=lambda f: rank[f.path])
            current = {0}
            for f in indexed:
                following: set[int] = set()
                for node_id in current:
                    for _, kind, value in _keys(f):
                        key = (node_id, f.path, kind, value)
                        child = children.get(key)
                        if child is None:
                            child = children[key] = len(self.nodes)
                            self.nodes.append(_Node())
                            trans = self.nodes[node_id].trans
                            trans.setdefault(f.path, _PathIndex()).add_key(kind, value, child)
                        following.add(child)
                current = following
            for node_id in current:
                self.nodes[node_id].branches.append(local)
        for node in self.nodes:
            for index in node.trans.values():
                index.seal()
        self.wanted = frozenset(per_path)
        self.prefixes = path_prefixes(per_path)

    def candidates(self, leaves: Mapping[str, list[Leaf]]) -> set[int]:
        nodes = self.nodes
        out: set[int] = set(nodes[0].branches)
        frontier = [0]
        seen = {0}
        while frontier:
            node = nodes[frontier.pop()]
            for path, index in node.trans.items():
                values = leaves.get(path)
                if not values:
                    continue
                found: list[int] = []
                for value, _ in values:
                    index.hits(value, found)
                for child in found:
                    if child not in seen:
                        seen.add(child)
                        frontier.append(child)
                        out.update(nodes[child].branches)
        return out

    @property
    def small(self) -> bool:
        """Few enough patterns that trying each beats flattening and walking the machine."""
        return len(self.owners) <= SMALL_SET

    def match_each(self, subject: Any) -> list[int]:
        verify = self.verify
        owners = self.owners
        return [owners[i] for i in range(len(owners)) if verify[i](subject)]

    def match(self, leaves: Mapping[str, list[Leaf]], subject: Any) -> list[int]:
        """PatternSet positions of the patterns that match ``subject``."""
        verify = self.verify
        owners = self.owners
        return [owners[i] for i in self.candidates(leaves) if verify[i](subject)]


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
        self._patterns: list[EventPattern | FilterPolicy] = []
        self._events = _Index()
        self._bodies = _Index()
        self._attrs = _Index()
        # byte-level gates of the body-scope policies (None: some policy has none)
        self._body_gates: list[Gate] | None = []
        self._sealed = False
        self._shortcut = False  # matching_indexes shadowed by one policy's generated match
        items = patterns.items() if isinstance(patterns, Mapping) else patterns
        for key, pattern in items:
            self.add(key, pattern)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: K, pattern: EventPattern | FilterPolicy) -> None:
        """Add one compiled pattern under ``key`` (keys may repeat; each entry counts)."""
        owner = len(self._keys)
        self._keys.append(key)
        self._patterns.append(pattern)
        if isinstance(pattern, EventPattern):
            self._events.add(owner, pattern.matches, pattern.branches)
        elif isinstance(pattern, FilterPolicy):
            if pattern.scope == "MessageAttributes":
                self._attrs.add(owner, pattern.attribute_matcher, pattern.branches)
            else:
                self._bodies.add(owner, pattern.match_payload, pattern.branches)
                gate = literal_gate(pattern.branches)
                if gate is None or self._body_gates is None:
                    self._body_gates = None
                else:
                    self._body_gates.append(gate)
        else:
            raise TypeError("PatternSet holds EventPattern or FilterPolicy objects")
        self._sealed = False
        if owner == 0 and isinstance(pattern, FilterPolicy) and pattern.scope == SCOPE_ATTRS:
            # one attribute-scope subscription (the common Lambda case): an instance attribute
            # shadows the method, so a call goes straight into the policy's generated match
            self.matching_indexes = pattern.index_matcher()  # type: ignore[method-assign]
            self._shortcut = True
        elif self._shortcut:  # (other sets never touch the instance dict: attribute access
            del self.matching_indexes  # stays on CPython's inline-values fast path)
            self._shortcut = False

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
        if len(self._patterns) == 1:  # one subscription: its own matcher is the fastest path
            only = self._patterns[0]
            if only.__class__ is EventPattern:
                return [0] if only.matches(message) else []  # type: ignore[call-arg]
            if attributes and only.scope == SCOPE_ATTRS:  # type: ignore[union-attr]
                return [0] if only.attribute_matcher(attributes) else []  # type: ignore[union-attr]
            return [0] if only.matches(message, attributes) else []  # type: ignore[call-arg]
        if not self._sealed:
            self._seal()
        matched: list[int] = []
        if self._events.owners:
            event = decode_event(message)
            if isinstance(event, dict):
                if self._events.small:
                    matched += self._events.match_each(event)
                else:
                    leaves = flatten(event, self._events.prefixes, self._events.wanted)
                    matched += self._events.match(leaves, event)
        bodies = self._bodies.owners
        if (
            bodies
            and not self._attrs.owners
            and self._body_gates is not None
            and message.__class__ in (str, bytes)
        ):
            # few body policies: a substring test can rule them all out before any parse
            raw = message.encode() if message.__class__ is str else message
            if (
                self._bodies.small
                and b"\\" not in raw
                and not any(passes(g, raw) for g in self._body_gates)
            ):
                bodies = []
        if bodies or self._attrs.owners:
            payload, carried = unwrap(message) if message is not None else (None, None)
            if bodies and isinstance(payload, dict):
                if self._bodies.small:
                    matched += self._bodies.match_each(payload)
                else:
                    leaves = flatten(payload, self._bodies.prefixes, self._bodies.wanted)
                    matched += self._bodies.match(leaves, payload)
            if self._attrs.owners:
                attrs = attributes if attributes is not None else carried
                attrs = attrs or {}
                if self._attrs.small:
                    matched += self._attrs.match_each(attrs)
                else:
                    wanted = self._attrs.wanted
                    flat = attribute_leaves({k: v for k, v in attrs.items() if k in wanted})
                    matched += self._attrs.match(flat, attrs)
        return sorted(matched)


__all__ = ["PatternSet"]
