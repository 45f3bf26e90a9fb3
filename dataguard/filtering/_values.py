"""Value-level helpers shared by both dialects: numbers, IP addresses and wildcards.

Everything here is pure and cheap to call on the hot path; the expensive parts (wildcard
compilation, complexity evaluation) run once at pattern compile time.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

# Event-ruler (EventBridge) represents numbers as fixed-point with 6 decimals in
# [-5e9, 5e9]; SNS documents [-1e9, 1e9] with 5 decimals for filter policies.
EB_NUMBER_LIMIT = 5_000_000_000
EB_NUMBER_DECIMALS = 6
SNS_NUMBER_LIMIT = 1_000_000_000
SNS_NUMBER_DECIMALS = 5


def decimals_of(value: float | int) -> int:
    """Number of significant decimals of ``value`` as written in its shortest repr."""
    if isinstance(value, int):
        return 0
    text = repr(value)
    if "e" in text or "E" in text:
        try:
            exponent = Decimal(text).normalize().as_tuple().exponent
        except InvalidOperation:  # inf / nan
            return 99
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    dot = text.find(".")
    if dot < 0:
        return 99 if text in ("inf", "-inf", "nan") else 0
    return len(text) - dot - 1 if text[-1] != "0" else len(text[dot + 1 :].rstrip("0"))


def comparable(value: float | int, limit: int, decimals: int) -> bool:
    """Whether ``value`` is inside the fixed-point range the engine compares numerically.

    Values outside it still match exact numbers by value, but never numeric ranges, numeric
    equality or numeric anything-but: that is what event-ruler does with them.
    """
    if isinstance(value, int):
        return -limit <= value <= limit
    if not -limit <= value <= limit:  # also False for nan
        return False
    # round() is correctly rounded: it returns value itself iff the shortest decimal
    # spelling of value has at most ``decimals`` digits after the point
    return round(value, decimals) == value


def check_pattern_number(value: float | int, limit: int, decimals: int) -> str | None:
    """The reason a number in a numeric pattern is unusable, or None."""
    if decimals_of(value) > decimals:
        return f"Only values upto {decimals} decimals are supported"
    if not -limit <= value <= limit:
        return f"Value must be between {_java_double(-limit)} and {_java_double(limit)}, inclusive"
    return None


def _java_double(value: int) -> str:
    """A power-of-ten multiple as Java prints a double (``5.0E9``), as event-ruler says it."""
    exponent = len(str(abs(value))) - 1
    mantissa = value / 10**exponent
    return f"{mantissa:.1f}E{exponent}"


# --- IP addresses -------------------------------------------------------------------------

_IPV4 = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_IPV6 = re.compile(r"[0-9a-fA-F:]*:[0-9a-fA-F:]*")


def looks_like_ip(text: str) -> bool:
    """Event-ruler's own test (the same two regular expressions) for an IP address literal."""
    return _IPV4.fullmatch(text) is not None or _IPV6.fullmatch(text) is not None


def parse_ip(text: str) -> tuple[int, int] | None:
    """``(bits, integer)`` for an IPv4 (32) or IPv6 (128) literal, None for anything else."""
    if _IPV4.fullmatch(text) is not None:
        parts = text.split(".")
        value = 0
        for part in parts:
            octet = int(part)
            if octet > 255:
                return None
            value = (value << 8) | octet
        return (32, value)
    if _IPV6.fullmatch(text) is not None:
        try:
            return (128, int(ipaddress.IPv6Address(text)))
        except ValueError:
            return None
    return None


def parse_cidr(text: str) -> tuple[int, int, int] | str:
    """``(bits, low, high)`` for a CIDR block, or the reason event-ruler rejects it.

    Like event-ruler, a full-length mask (/32, /128) is rejected.
    """
    parts = text.split("/")
    if len(parts) != 2:
        return "Malformed CIDR, one '/' required"
    try:
        mask = int(parts[1])
    except ValueError:
        return "Malformed CIDR, mask bits must be an integer"
    if mask < 0:
        return "Malformed CIDR, mask bits must not be negative"
    ip = parse_ip(parts[0])
    if ip is None:
        if looks_like_ip(parts[0]):
            return f"Invalid IP address: {parts[0]}"
        return f"Nonstandard IP address: {parts[0]}"
    bits, base = ip
    if bits == 32 and mask > 31:
        return "IPv4 mask bits must be < 32"
    if bits == 128 and mask > 127:
        return "IPv6 mask bits must be < 128"
    host = (1 << (bits - mask)) - 1
    return (bits, base & ~host, base | host)


# --- wildcards ----------------------------------------------------------------------------

STAR = -1  # token for '*' in a parsed wildcard


def parse_wildcard(text: str) -> list[int] | str:
    """Bytes of a wildcard value (``STAR`` for ``*``), or event-ruler's reason it is invalid.

    Only ``\\*`` and ``\\\\`` are escapes; positions in messages are UTF-8 byte offsets.
    """
    data = text.encode("utf-8")
    out: list[int] = []
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b == 0x2A:
            if i + 1 < n and data[i + 1] == 0x2A:
                return f"Consecutive wildcard characters at pos {i}"
            out.append(STAR)
        elif b == 0x5C:
            if i + 1 < n and data[i + 1] in (0x2A, 0x5C):
                out.append(data[i + 1])
                i += 2
                continue
            return f"Invalid escape character at pos {i}"
        else:
            out.append(b)
        i += 1
    return out


def wildcard_predicate(tokens: list[int]) -> Callable[[str], bool]:
    """A fast ``str -> bool`` for a parsed wildcard: plain string methods where possible."""
    pieces: list[bytes] = [b""]
    for t in tokens:
        if t == STAR:
            pieces.append(b"")
        else:
            pieces[-1] += bytes((t,))
    parts = [p.decode("utf-8", "surrogatepass") for p in pieces]
    if len(parts) == 1:
        exact = parts[0]
        return exact.__eq__
    if len(parts) == 2:
        head, tail = parts
        if not tail:
            return lambda v: v.startswith(head)
        if not head:
            return lambda v: v.endswith(tail)
        minimum = len(head) + len(tail)
        return lambda v: len(v) >= minimum and v.startswith(head) and v.endswith(tail)
    if len(parts) == 3 and not parts[0] and not parts[2]:
        middle = parts[1]
        return lambda v: middle in v
    regex = re.compile(".*".join(re.escape(p) for p in parts), re.DOTALL)
    fullmatch = regex.fullmatch
    return lambda v: fullmatch(v) is not None


WILDCARD_COMPLEXITY_LIMIT = 10
TOO_COMPLEX = (
    "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
    "sequences after a wildcard character"
)


def wildcard_complexity(patterns: list[list[int]], cap: int = WILDCARD_COMPLEXITY_LIMIT) -> int:
    """Most wildcard-pattern prefixes one input can be in at once (event-ruler's measure).

    Simulates the non-deterministic byte machine of all wildcard values of one field
    (including the enclosing quotes event-ruler matches on) over every reachable set of
    states, and returns the largest set seen, stopping early once ``cap`` is exceeded.
    """
    machines = [[0x22, *p, 0x22] for p in patterns if STAR in p]
    if not machines:
        return 0
    alphabet = {t for m in machines for t in m if t != STAR}
    symbols = [*alphabet, 256]  # 256 stands for every byte no pattern names

    def closure(states: set[tuple[int, int]]) -> frozenset[tuple[int, int]]:
        stack = list(states)
        seen = set(states)
        while stack:
            mi, pos = stack.pop()
            m = machines[mi]
            if pos < len(m) and m[pos] == STAR and (mi, pos + 1) not in seen:
                seen.add((mi, pos + 1))
                stack.append((mi, pos + 1))
        return frozenset(seen)

    start = closure({(i, 0) for i in range(len(machines))})
    pending = [start]
    visited = {start}
    worst = 0
    while pending:
        current = pending.pop()
        for sym in symbols:
            nxt: set[tuple[int, int]] = set()
            for mi, pos in current:
                m = machines[mi]
                if pos >= len(m):
                    continue
                tok = m[pos]
                if tok == STAR:
                    nxt.add((mi, pos))
                elif tok == sym:
                    nxt.add((mi, pos + 1))
            if not nxt:
                continue
            state = closure(nxt)
            size = sum(1 for mi, pos in state if pos < len(machines[mi]))
            worst = max(worst, size)
            if worst > cap:
                return worst
            if state not in visited:
                visited.add(state)
                if len(visited) > 20_000:
                    return worst
                pending.append(state)
    return worst
