"""Straight-line Python generated per pattern for the common shape of events.

Most events reach a pattern's fields through plain objects and end in scalars (or arrays
of scalars). For those, one generated function per pattern does a few dict lookups and set
membership tests with no intermediate lists, closures or recursion, which is what makes a
single ``matches`` an order of magnitude cheaper than a generic interpreter.

The generated code answers ``True``/``False`` only when it is certain; whenever the event
leaves the easy shape (arrays on the way to a field, nested arrays, keys that contain dots
and could spell the same path) it answers ``None`` and the caller runs the generic matcher
in ``_match``. The source is generated from compiled :class:`FieldMatcher` data only (names,
not values, enter the code: constants are passed in as bound globals), so no pattern text
is ever executed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dataguard.filtering._match import FieldMatcher

_MISSING = object()

# result codes of _scalars: some leaf ok / leaves but none ok / no leaves / not simple
_OK, _BAD, _NONE, _COMPLEX = 1, 0, -1, None


def _list_check(
    ok: Callable[[Any], bool], exists_true: bool, needs_value: bool
) -> Callable[[list[Any]], int | None]:
    """Classify an array of scalars at a field's path (its elements are the leaves)."""

    def check(values: list[Any]) -> int | None:
        seen = False
        for v in values:
            t = v.__class__
            if t is dict:
                continue
            if not (t is str or t is int or t is float or t is bool or v is None):
                return _COMPLEX  # nested arrays, mapping subclasses: the generic path decides
            seen = True
            if exists_true and (not needs_value or v is not None):
                return _OK
            if ok(v):
                return _OK
        return _BAD if seen else _NONE

    return check


def compile_fast(
    branches: tuple[tuple[FieldMatcher, ...], ...],
) -> Callable[[dict[str, Any]], bool | None]:
    """Generate ``fast(event) -> True | False | None`` for decoded dict events."""
    env: dict[str, Any] = {"M": _MISSING}
    lines: list[str] = []
    for bi, fields in enumerate(branches):
        lines.append(f"def b{bi}(ev):")
        for fi, f in enumerate(fields):
            lines.extend(_field_code(f, f"{bi}_{fi}", env))
        lines.append("    return True")
    if len(branches) == 1:
        lines.append("fast = b0")
    else:
        lines.append("def fast(ev):")
        lines.append("    unknown = False")
        for bi in range(len(branches)):
            lines.append(f"    r = b{bi}(ev)")
            lines.append("    if r:")
            lines.append("        return True")
            lines.append("    if r is None:")
            lines.append("        unknown = True")
        lines.append("    return None if unknown else False")
    source = "\n".join(lines)
    namespace: dict[str, Any] = dict(env)
    exec(compile(source, "<dataguard.filtering pattern>", "exec"), namespace)
    fast: Callable[[dict[str, Any]], bool | None] = namespace["fast"]
    return fast


def _field_code(f: FieldMatcher, key: str, env: dict[str, Any]) -> list[str]:
    segs = f.path.split(".")
    n = len(segs)
    ind = "    "
    out: list[str] = []
    env[f"OK{key}"] = f.value_ok
    env[f"LC{key}"] = _list_check(f.value_ok, f.exists_true, f.exists_needs_value)
    for i, seg in enumerate(segs):
        env[f"K{key}_{i}"] = seg
    # alternatives: dotted keys that could spell the same path ("a.b" next to a -> b)
    alts: list[tuple[int, str]] = []
    for i in range(n):
        for j in range(i + 2, n + 1):
            alts.append((i, ".".join(segs[i:j])))
    for idx, (_, text) in enumerate(alts):
        env[f"A{key}_{idx}"] = text

    # navigate: d0 is the event; d{i} the dict reached at depth i (None if not reached)
    out.append(f"{ind}d0 = ev")
    out.append(f"{ind}x = ev.get(K{key}_0, M)")
    for i in range(1, n):
        out.append(f"{ind}d{i} = None")
    for i in range(1, n):
        out.append(f"{ind}if x.__class__ is dict:")
        out.append(f"{ind}    d{i} = x")
        out.append(f"{ind}    x = x.get(K{key}_{i}, M)")
        out.append(f"{ind}elif x is not M:")
        out.append(f"{ind}    if isinstance(x, (list, dict)):")
        out.append(f"{ind}        return None")
        out.append(f"{ind}    x = M")
    # leaf classification into st: 1 ok / 0 present-not-ok / -1 absent
    out.append(f"{ind}t = x.__class__")
    out.append(f"{ind}if t is str or t is int or t is float or t is bool or x is None:")
    if f.exists_true:
        cond = "x is not None" if f.exists_needs_value else "True"
        test = f"{cond} or OK{key}(x)"
    elif f.str_exact and not (f.num_exact or f.literals or f.predicates):
        if len(f.str_exact) == 1:
            env[f"C{key}"] = next(iter(f.str_exact))
            test = f"t is str and x == C{key}"
        else:
            env[f"S{key}"] = frozenset(f.str_exact)
            test = f"t is str and x in S{key}"
    else:
        test = f"OK{key}(x)"
    out.append(f"{ind}    st = 1 if {test} else 0")
    out.append(f"{ind}elif x is M or t is dict:")
    out.append(f"{ind}    st = -1")
    out.append(f"{ind}elif t is list:")
    out.append(f"{ind}    st = LC{key}(x)")
    out.append(f"{ind}    if st is None:")
    out.append(f"{ind}        return None")
    out.append(f"{ind}else:")
    out.append(f"{ind}    return None")
    # decide; any doubt (another spelling of the path exists) defers to the generic matcher
    if alts:
        checks = []
        for idx, (level, _) in enumerate(alts):
            holder = f"d{level}"
            if level == 0:
                checks.append(f"A{key}_{idx} in d0")
            else:
                checks.append(f"({holder} is not None and A{key}_{idx} in {holder})")
        alt_expr = " or ".join(checks)
        doubt = [f"{ind}    if {alt_expr}:", f"{ind}        return None"]
    else:
        doubt = []
    if f.exists_false:
        # absent satisfies; present satisfies only through another alternative
        out.append(f"{ind}if st == 0:")
        out.extend(doubt)
        out.append(f"{ind}    return False")
        if doubt:
            out.append(f"{ind}if st == -1:")
            out.extend(doubt)
    else:
        out.append(f"{ind}if st != 1:")
        out.extend(doubt)
        out.append(f"{ind}    return False")
    return out
