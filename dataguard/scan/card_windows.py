"""Where a card number can be in a document: digit runs that pass Luhn, found in one loop.

CreditCardNumber's candidates (13-19 digits, maybe grouped) are common in events that hold
no card at all: GTINs, order and tracking numbers. The regex candidates cost an RE2 pass and
a validator call each, and a keyword pass runs wherever a card keyword occurs. Every hit of
the catalogue's card patterns (``catalogue._CARD_PATTERNS``: digits, or groups joined by one
space or dash, not inside a longer digit run) is a run of whole digit groups joined by one
space or dash, and the validator (``validators.credit_card_number``) wants 13-19 digits, an
issuer's first digit (2, 3, 4, 5, 6 or 8) and Luhn. So the runs of whole groups that pass
those checks are a superset of the hits' spans: a document without one holds no card, and
in one with some only those spans need the full patterns and the validator.

Without the C loop (no compiler at install) the confirmation keeps the regex candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from .native import NATIVE

_CHAIN: Final = re.compile(rb"[0-9]+(?:[ \-][0-9]+)*")
_GROUP: Final = re.compile(rb"[0-9]+")
_ISSUER_FIRST_DIGITS: Final = b"234568"
_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def card_windows_py(view: bytes) -> list[tuple[int, int]]:
    """(start, end) of every run of whole digit groups joined by one space or dash that holds
    13-19 digits, starts with an issuer's first digit and passes Luhn; in order. The C
    loop's reference: ``tests/test_native.py`` compares the two."""
    out: list[tuple[int, int]] = []
    for chain in _CHAIN.finditer(view):
        groups = [(m.start(), m.end(), m.group()) for m in _GROUP.finditer(view, *chain.span())]
        for a, (start, _, _) in enumerate(groups):
            digits = b""
            for _, end, group in groups[a:]:
                digits += group
                if len(digits) > 19:
                    break
                if len(digits) >= 13 and digits[0] in _ISSUER_FIRST_DIGITS and _luhn(digits):
                    out.append((start, end))
    out.sort()
    return out


def _luhn(digits: bytes) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        total += _DOUBLED[c - 48] if i % 2 else c - 48
    return total % 10 == 0


# The C loop, or None where the install had no C compiler: the twin above, a Python loop
# over every digit run, costs more than the regex candidates it would save, so the
# confirmation keeps those instead (the same verdicts: both are supersets of the hits).
card_windows: Final[Callable[[bytes], list[tuple[int, int]]] | None] = (
    NATIVE.card_windows if NATIVE is not None else None
)

__all__ = ["card_windows", "card_windows_py"]
