"""The compiled matcher: per-field value tests, event navigation and array consistency.

An event is seen as event-ruler sees it: leaves addressed by their key path joined with
``.`` (so ``{"a": {"b": 1}}`` and ``{"a.b": 1}`` both have a leaf ``a.b``), arrays are
transparent, and every leaf remembers which element of which array it came from
(``membership``) so that one pattern cannot combine fields of different elements of the
same array.

Thread-safety: compiled objects are immutable after :meth:`FieldMatcher.freeze`; matching
keeps its state on the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from dataguard.filtering._values import (
    EB_NUMBER_DECIMALS,
    EB_NUMBER_LIMIT,
    comparable,
    parse_ip,
)

Membership = tuple[tuple[int, int], ...]
Leaf = tuple[Any, Membership]
_NO_MEMBERSHIP: Membership = ()
_MISSING = object()
FREE: list[Membership] = [()]  # a field satisfied without any array constraint


def _is_number(v: Any) -> bool:
    t = type(v)
    return t is int or t is float


class FieldMatcher:
    """All the alternatives a pattern lists for one field path (an OR of value tests).

    Built by the compiler with the ``add_*`` methods, then :meth:`freeze` turns them into
    set lookups and a short list of predicates. Besides matching, the structured parts
    (``str_exact``, ``prefixes``...) feed :class:`~dataguard.filtering.PatternSet`'s index.
    """

    __slots__ = (
        "ab_ignore_case",
        "ab_numbers",
        "ab_prefixes",
        "ab_strings",
        "ab_suffixes",
        "ab_wildcards",
        "cidrs",
        "depth",
        "eic",
        "exists_false",
        "exists_needs_value",
        "exists_true",
        "literals",
        "n_values",
        "num_exact",
        "path",
        "predicates",
        "prefix_ic",
        "prefixes",
        "ranges",
        "steps",
        "str_exact",
        "suffix_ic",
        "suffixes",
        "value_ok",
        "wildcard_tests",
        "wildcards",
    )

    def __init__(self, path: str, exists_needs_value: bool = False) -> None:
        self.path = path
        self.depth = 1  # nesting level in the pattern (SNS counts it in its complexity)
        self.n_values = 0  # alternatives listed for the field (SNS counts them too)
        segs = path.split(".")
        n = len(segs)
        # steps[i]: the keys that can be looked up from segment i, and where each leads;
        # "a.b.c" may be stored as a -> b -> c, as "a.b" -> c, as a -> "b.c" or as "a.b.c".
        self.steps: tuple[tuple[tuple[str, int], ...], ...] = tuple(
            tuple((".".join(segs[i:j]), j) for j in range(i + 1, n + 1)) for i in range(n)
        )
        self.exists_true = False
        self.exists_false = False
        self.exists_needs_value = exists_needs_value
        self.str_exact: set[str] = set()
        self.num_exact: set[float | int] = set()
        self.literals: set[str] = set()
        self.prefixes: list[str] = []
        self.suffixes: list[str] = []
        self.eic: set[str] = set()
        self.prefix_ic: list[str] = []
        self.suffix_ic: list[str] = []
        self.wildcards: list[list[int]] = []
        self.wildcard_tests: list[Callable[[str], bool]] = []
        self.cidrs: list[tuple[int, int, int]] = []
        self.ranges: list[tuple[float | int | None, bool, float | int | None, bool]] = []
        self.ab_strings: list[frozenset[str]] = []
        self.ab_numbers: list[frozenset[float | int]] = []
        self.ab_prefixes: list[tuple[str, ...]] = []
        self.ab_suffixes: list[tuple[str, ...]] = []
        self.ab_ignore_case: list[frozenset[str]] = []
        self.ab_wildcards: list[tuple[Callable[[str], bool], ...]] = []
        self.predicates: tuple[Callable[[Any], bool], ...] = ()
        self.value_ok: Callable[[Any], bool] = _never

    # -- building ---------------------------------------------------------------------------

    def add_literal(self, v: bool | None) -> None:
        self.literals.add("null" if v is None else ("true" if v else "false"))

    def add_exact_string(self, v: str) -> None:
        self.str_exact.add(v)

    def add_exact_number(self, v: float | int) -> None:
        self.num_exact.add(v)

    def add_prefix(self, v: str) -> None:
        self.prefixes.append(v)

    def add_suffix(self, v: str) -> None:
        self.suffixes.append(v)

    def add_equals_ignore_case(self, v: str) -> None:
        self.eic.add(fold(v))

    def add_prefix_ignore_case(self, v: str) -> None:
        self.prefix_ic.append(fold(v))

    def add_suffix_ignore_case(self, v: str) -> None:
        self.suffix_ic.append(fold(v))

    def add_wildcard(self, tokens: list[int], test: Callable[[str], bool]) -> None:
        self.wildcards.append(tokens)
        self.wildcard_tests.append(test)

    def add_cidr(self, bits: int, low: int, high: int) -> None:
        self.cidrs.append((bits, low, high))

    def add_range(
        self, low: float | int | None, low_open: bool, high: float | int | None, high_open: bool
    ) -> None:
        self.ranges.append((low, low_open, high, high_open))

    def add_anything_but_strings(self, values: Iterable[str]) -> None:
        self.ab_strings.append(frozenset(values))

    def add_anything_but_numbers(self, values: Iterable[float | int]) -> None:
        self.ab_numbers.append(frozenset(values))

    def add_anything_but_prefixes(self, values: Iterable[str]) -> None:
        self.ab_prefixes.append(tuple(values))

    def add_anything_but_suffixes(self, values: Iterable[str]) -> None:
        self.ab_suffixes.append(tuple(values))

    def add_anything_but_ignore_case(self, values: Iterable[str]) -> None:
        self.ab_ignore_case.append(frozenset(fold(v) for v in values))

    def add_anything_but_wildcards(
        self, tokens: list[list[int]], tests: Sequence[Callable[[str], bool]]
    ) -> None:
        self.wildcards.extend(tokens)
        self.ab_wildcards.append(tuple(tests))

    @property
    def predicates_unindexed(self) -> bool:
        """Alternatives that no value lookup can find (ranges, cidr, wildcard, anything-but)."""
        return bool(
            self.ranges
            or self.cidrs
            or self.wildcard_tests
            or self.prefix_ic
            or self.suffix_ic
            or self.ab_strings
            or self.ab_numbers
            or self.ab_prefixes
            or self.ab_suffixes
            or self.ab_ignore_case
            or self.ab_wildcards
        )

    @property
    def has_value_tests(self) -> bool:
        return bool(self.str_exact or self.num_exact or self.literals or self.predicates)

    def freeze(self) -> None:
        """Build :attr:`value_ok`, the one predicate matching a leaf value against the list."""
        preds: list[Callable[[Any], bool]] = []
        if self.prefixes:
            pfx = tuple(self.prefixes)
            preds.append(lambda v: type(v) is str and v.startswith(pfx))
        if self.suffixes:
            sfx = tuple(self.suffixes)
            preds.append(lambda v: type(v) is str and v.endswith(sfx))
        if self.eic:
            eic = frozenset(self.eic)
            preds.append(lambda v: type(v) is str and fold(v) in eic)
        if self.prefix_ic:
            pic = tuple(self.prefix_ic)
            preds.append(lambda v: type(v) is str and fold(v).startswith(pic))
        if self.suffix_ic:
            sic = tuple(self.suffix_ic)
            preds.append(lambda v: type(v) is str and fold(v).endswith(sic))
        for test in self.wildcard_tests:
            preds.append(_on_strings(test))
        if self.cidrs:
            preds.append(_cidr_test(tuple(self.cidrs)))
        for r in self.ranges:
            preds.append(_range_test(*r))
        for s in self.ab_strings:
            preds.append(_ab_strings(s))
        for nums in self.ab_numbers:
            preds.append(_ab_numbers(nums))
        for p in self.ab_prefixes:
            preds.append(_ab_affix(p, prefix=True))
        for p in self.ab_suffixes:
            preds.append(_ab_affix(p, prefix=False))
        for ic in self.ab_ignore_case:
            preds.append(_ab_ignore_case(ic))
        for tests in self.ab_wildcards:
            preds.append(_ab_wildcards(tests))
        self.predicates = tuple(preds)
        self.value_ok = _value_ok(
            frozenset(self.str_exact),
            frozenset(self.num_exact),
            frozenset(self.literals),
            self.predicates,
        )

    # -- matching ---------------------------------------------------------------------------

    def leaves(self, event: Any) -> list[Leaf]:
        """Every leaf value at this field's path in ``event`` (navigated, not flattened)."""
        out: list[Leaf] = []
        _collect(event, self.steps, 0, len(self.steps), _NO_MEMBERSHIP, out)
        return out

    def satisfied_by(
        self, leaves: Sequence[Leaf], absent_ok: bool = True
    ) -> list[Membership] | None:
        """Memberships of the leaves that satisfy the field; ``FREE`` when absence satisfies it.

        None means the field rejects the event.
        """
        if not leaves:
            return FREE if (self.exists_false and absent_ok) else None
        ok = self.value_ok
        if self.exists_true:
            if self.exists_needs_value:
                found = [m for v, m in leaves if v is not None or ok(v)]
            else:
                found = [m for _, m in leaves]
        else:
            found = [m for v, m in leaves if ok(v)]
        return found or None


def fold(text: str) -> str:
    """Case folding for equals-ignore-case (full Unicode folding: ``straße`` = ``STRASSE``)."""
    return text.casefold()


def _never(_: Any) -> bool:
    return False


def _value_ok(
    strings: frozenset[str],
    numbers: frozenset[float | int],
    literals: frozenset[str],
    preds: tuple[Callable[[Any], bool], ...],
) -> Callable[[Any], bool]:
    if not preds and not numbers and not literals:
        if not strings:
            return _never
        return lambda v: type(v) is str and v in strings
    if len(preds) == 1 and not strings and not numbers and not literals:
        return preds[0]

    def ok(v: Any) -> bool:
        t = type(v)
        if t is str:
            if v in strings:
                return True
        elif t is int or t is float:
            if v in numbers:
                return True
        elif v is None:
            if "null" in literals:
                return True
        elif v is True:
            if "true" in literals:
                return True
        elif v is False and "false" in literals:
            return True
        for p in preds:  # noqa: SIM110 - a plain loop avoids a generator per value
            if p(v):
                return True
        return False

    return ok


def _on_strings(test: Callable[[str], bool]) -> Callable[[Any], bool]:
    return lambda v: type(v) is str and test(v)


def _cidr_test(blocks: tuple[tuple[int, int, int], ...]) -> Callable[[Any], bool]:
    def test(v: Any) -> bool:
        if type(v) is not str or not v:
            return False
        ip = parse_ip(v)
        if ip is None:
            return False
        bits, value = ip
        return any(b == bits and lo <= value <= hi for b, lo, hi in blocks)

    return test


def _range_test(
    low: float | int | None, low_open: bool, high: float | int | None, high_open: bool
) -> Callable[[Any], bool]:
    lo = -EB_NUMBER_LIMIT if low is None else low
    hi = EB_NUMBER_LIMIT if high is None else high
    lo_open = low_open and low is not None
    hi_open = high_open and high is not None

    def test(v: Any) -> bool:
        t = v.__class__
        if t is int:
            pass
        elif t is float:
            if not comparable(v, EB_NUMBER_LIMIT, EB_NUMBER_DECIMALS):
                return False
        else:
            return False
        if v < lo or (lo_open and v == lo):
            return False
        return not (v > hi or (hi_open and v == hi))

    return test


def _ab_strings(excluded: frozenset[str]) -> Callable[[Any], bool]:
    return lambda v: not (type(v) is str and v in excluded)


def _ab_numbers(excluded: frozenset[float | int]) -> Callable[[Any], bool]:
    def test(v: Any) -> bool:
        t = type(v)
        if t is int or t is float:
            return not (comparable(v, EB_NUMBER_LIMIT, EB_NUMBER_DECIMALS) and v in excluded)
        return True

    return test


def _ab_affix(values: tuple[str, ...], *, prefix: bool) -> Callable[[Any], bool]:
    if prefix:
        return lambda v: not (type(v) is str and v.startswith(values))
    return lambda v: not (type(v) is str and v.endswith(values))


def _ab_ignore_case(excluded: frozenset[str]) -> Callable[[Any], bool]:
    return lambda v: not (type(v) is str and fold(v) in excluded)


def _ab_wildcards(tests: tuple[Callable[[str], bool], ...]) -> Callable[[Any], bool]:
    return lambda v: not (type(v) is str and any(t(v) for t in tests))


# -- navigation ---------------------------------------------------------------------------


def _collect(
    node: Any,
    steps: tuple[tuple[tuple[str, int], ...], ...],
    i: int,
    n: int,
    memb: Membership,
    out: list[Leaf],
) -> None:
    if i == n:
        _emit(node, memb, out)
        return
    if isinstance(node, dict):
        for key, j in steps[i]:
            child = node.get(key, _MISSING)
            if child is not _MISSING:
                _collect(child, steps, j, n, memb, out)
    elif isinstance(node, list):
        aid = id(node)
        for idx, el in enumerate(node):
            _collect(el, steps, i, n, (*memb, (aid, idx)), out)


def _emit(node: Any, memb: Membership, out: list[Leaf]) -> None:
    if isinstance(node, list):
        aid = id(node)
        for idx, el in enumerate(node):
            _emit(el, (*memb, (aid, idx)), out)
    elif not isinstance(node, dict):
        out.append((node, memb))


def flatten(event: Any, prefixes: frozenset[str], wanted: frozenset[str]) -> dict[str, list[Leaf]]:
    """All leaves of ``event`` under the paths in ``wanted``, walking only into ``prefixes``.

    ``prefixes`` holds every dot-joined prefix of a wanted path, so subtrees no pattern looks
    at are never visited: the cost follows the part of the event the patterns use.
    """
    out: dict[str, list[Leaf]] = {}
    if isinstance(event, dict):
        _walk(event, "", _NO_MEMBERSHIP, prefixes, wanted, out)
    return out


def _walk(
    node: Any,
    path: str,
    memb: Membership,
    prefixes: frozenset[str],
    wanted: frozenset[str],
    out: dict[str, list[Leaf]],
) -> None:
    if isinstance(node, dict):
        for key, child in node.items():
            p = f"{path}.{key}" if path else key
            if p in prefixes:
                _walk(child, p, memb, prefixes, wanted, out)
    elif isinstance(node, list):
        aid = id(node)
        for idx, el in enumerate(node):
            _walk(el, path, (*memb, (aid, idx)), prefixes, wanted, out)
    elif path in wanted:
        bucket = out.get(path)
        if bucket is None:
            out[path] = [(node, memb)]
        else:
            bucket.append((node, memb))


def path_prefixes(paths: Iterable[str]) -> frozenset[str]:
    """Every ``.``-boundary prefix of each path (``a.b.c`` gives ``a``, ``a.b``, ``a.b.c``)."""
    out: set[str] = set()
    for p in paths:
        segs = p.split(".")
        for k in range(1, len(segs) + 1):
            out.add(".".join(segs[:k]))
    return frozenset(out)


# -- array consistency ------------------------------------------------------------------------

Negative = tuple[list[Membership], list[Membership]]


def _compatible(memb: Membership, chosen: dict[int, int]) -> bool:
    for aid, idx in memb:
        have = chosen.get(aid)
        if have is not None and have != idx:
            return False
    return True


def _negatives_hold(negatives: list[Negative], chosen: dict[int, int]) -> bool:
    """``exists: false`` fields hold when, in the chosen array elements, the field is absent
    (no leaf of it is compatible) or one of its other alternatives matches there."""
    for ok_ms, all_ms in negatives:
        if any(_compatible(m, chosen) for m in ok_ms):
            continue
        if any(_compatible(m, chosen) for m in all_ms):
            return False
    return True


def consistent(per_field: list[list[Membership]], negatives: list[Negative] | None = None) -> bool:
    """Whether one satisfying leaf can be picked per field from compatible array elements.

    Two leaves are compatible when, for every array both are inside, they come from the same
    element. Fields with a leaf outside any array (or satisfied by absence) never constrain.
    ``negatives`` are ``exists: false`` fields present somewhere in the event: they must be
    absent from the elements the other fields were matched in (event-ruler's semantics).
    """
    if not negatives:
        constrained = [ms for ms in per_field if () not in ms]
        if len(constrained) <= 1:
            return True
    else:
        constrained = [ms for ms in per_field if () not in ms]
    constrained.sort(key=len)
    return _search(constrained, 0, {}, negatives or [])


def _search(
    fields: list[list[Membership]], k: int, chosen: dict[int, int], negatives: list[Negative]
) -> bool:
    if k == len(fields):
        return not negatives or _negatives_hold(negatives, chosen)
    for memb in fields[k]:
        added: list[int] = []
        ok = True
        for aid, idx in memb:
            have = chosen.get(aid)
            if have is None:
                chosen[aid] = idx
                added.append(aid)
            elif have != idx:
                ok = False
                break
        if ok and _search(fields, k + 1, chosen, negatives):
            return True
        for aid in added:
            del chosen[aid]
    return False


def branch_matches(
    fields: Sequence[FieldMatcher],
    leaves_of: Callable[[FieldMatcher], Sequence[Leaf]],
    absent_ok: bool = True,
) -> bool:
    """One conjunction of fields against an event whose leaves ``leaves_of`` returns.

    ``absent_ok=False`` makes absence never satisfy ``exists: false`` (SNS with no message
    attributes at all).
    """
    per_field: list[list[Membership]] = []
    negatives: list[Negative] | None = None
    for f in fields:
        leaves = leaves_of(f)
        if f.exists_false and leaves:
            ok = f.value_ok
            all_ms = [m for _, m in leaves]
            ok_ms = all_ms if f.exists_true else [m for v, m in leaves if ok(v)]
            if negatives is None:
                negatives = []
            negatives.append((ok_ms, all_ms))
            continue
        found = f.satisfied_by(leaves, absent_ok)
        if found is None:
            return False
        per_field.append(found)
    return consistent(per_field, negatives)
