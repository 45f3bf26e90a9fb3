"""A byte-level necessary condition for a pattern, checked before any JSON is parsed.

When every alternative of a field is an exact string or a prefix, a matching event must
contain one of them verbatim as a JSON string (``"value"`` or ``"prefix``), provided the
serialized event holds no escapes. Most events on a busy topic match few subscriptions, so
most are turned away by a few substring tests instead of a parse (quamina and event-ruler
also work on the raw bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dataguard.filtering._match import FieldMatcher

Gate = tuple[tuple[tuple[bytes, ...], ...], ...]


def _field_literals(f: FieldMatcher) -> tuple[bytes, ...] | None:
    """The literals one of which must appear, or None when the field is not that simple."""
    if not (f.str_exact or f.prefixes):
        return None
    if (
        f.num_exact
        or f.literals
        or f.suffixes
        or f.eic
        or f.prefix_ic
        or f.suffix_ic
        or f.wildcards
        or f.cidrs
        or f.ranges
        or f.ab_strings
        or f.ab_numbers
        or f.ab_prefixes
        or f.ab_suffixes
        or f.ab_ignore_case
        or f.ab_wildcards
        or f.exists_true
        or f.exists_false
    ):
        return None
    out: list[bytes] = []
    for value, closing in [(v, '"') for v in f.str_exact] + [(p, "") for p in f.prefixes]:
        if any(c in '"\\' or ord(c) < 0x20 for c in value):
            return None  # would be escaped in JSON: no verbatim form
        out.append(('"' + value + closing).encode("utf-8"))
    return tuple(out)


def literal_gate(branches: Sequence[Sequence[FieldMatcher]]) -> Gate | None:
    """Per branch, the literal sets of its simple fields; None when some branch has none
    (then anything may match it and no gate applies)."""
    gate = []
    for branch in branches:
        fields = tuple(lits for f in branch if (lits := _field_literals(f)) is not None)
        if not fields:
            return None
        gate.append(fields)
    return tuple(gate)


TextGate = tuple[tuple[tuple[str, ...], ...], ...]


def as_text(gate: Gate) -> TextGate:
    """The same gate for ``str`` messages (no encoding per message)."""
    return tuple(
        tuple(tuple(lit.decode("utf-8") for lit in lits) for lits in fields) for fields in gate
    )


def passes(gate: Gate | TextGate, raw: Any) -> bool:
    """False only when no branch can match ``raw`` (an escape-free serialized event, as
    bytes with a bytes gate or as str with a text gate)."""
    for fields in gate:
        for literals in fields:
            for lit in literals:
                if lit in raw:
                    break
            else:
                break  # this field cannot match: next branch
        else:
            return True
    return False
