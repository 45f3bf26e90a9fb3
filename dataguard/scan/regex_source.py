"""Rewriting regex source into supersets RE2 can run: the candidate patterns of the detector.

Each transform returns a pattern that matches wherever the input matches (and maybe more):
lookarounds and anchors dropped, backreferences replaced by their group's body, long counted
repetitions opened up. Pure string work, done once per policy.
"""

from __future__ import annotations

import re

_LOOKAROUND_OPEN = re.compile(r"\(\?(?:<[=!]|[=!])")
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
_BACKREF = re.compile(r"\(\?P=(\w+)\)")
_COUNTED = re.compile(r"\{(\d+),(\d+)\}")


def _class_end(pattern: str, i: int) -> int:
    """Index of the "]" closing the character class opened at ``i``."""
    n = len(pattern)
    j = i + 1
    if j < n and pattern[j] == "^":
        j += 1
    if j < n and pattern[j] == "]":
        j += 1
    while j < n and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j


def _group_end(pattern: str, i: int) -> int:
    """Index of the ")" closing the group opened at ``i`` (escapes and classes aware)."""
    depth, j, n = 0, i, len(pattern)
    while j < n:
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(pattern, j)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return n


def _split_alternatives(body: str) -> list[str]:
    """Top-level ``|`` alternatives of a group body (classes, escapes and groups aware)."""
    parts: list[str] = []
    depth, i, start, n = 0, 0, 0, len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(body, i) + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def _negated_set(atom: str) -> str | None:
    """The characters one atom does NOT match, as the inside of a class, when that set
    surely holds the quote (so a value next to a quote still qualifies); else None."""
    if len(atom) == 2 and atom[0] == "\\":
        if atom[1] in "dws":
            return atom  # as the inside of a negated class: [^\d]
        if atom[1].isalnum():
            return None
        return atom
    if atom.startswith("[") and _class_end(atom, 0) == len(atom) - 1:
        inner = atom[1:-1]
        if not inner or inner.startswith("^") or '"' in inner or "\\\\" in inner:
            return None
        return inner
    if len(atom) == 1 and atom not in '()[]{}|?*+.^$\\"':
        return re.escape(atom)
    return None


def _lookaround_as_char(pattern: str, i: int, end: int, document: bool) -> str:
    """A lookaround as consuming context that keeps a superset; "" when it cannot.

    ``(?<![\\w.])x`` becomes ``(?:^|[^\\w.])x`` (a string) or ``[^\\w.]x`` (a serialized
    document, where a value is always preceded and followed by a quote). A negative
    lookaround with alternatives keeps the one-character ones (not matching any of several
    things implies not matching those). Only sets that hold no quote or backslash are
    negated, so a value at a string's edge, shown next to a quote, still matches. A positive
    lookaround over one class or escape becomes that atom.
    """
    opener = _LOOKAROUND_OPEN.match(pattern, i)
    assert opener is not None
    body = pattern[opener.end() : end]
    negative = "!" in opener.group(0)
    behind = "<" in opener.group(0)
    if not negative:
        is_atom = (len(body) == 2 and body[0] == "\\") or (
            body.startswith("[") and _class_end(body, 0) == len(body) - 1
        )
        return body if is_atom else ""
    sets = [_negated_set(alt) for alt in _split_alternatives(body)]
    kept = [x for x in sets if x is not None]
    if not kept:
        return ""
    neg = "[^" + "".join(kept) + "]"
    if document:
        return neg
    return "(?:^|" + neg + ")" if behind else "(?:$|" + neg + ")"


def strip_lookarounds(pattern: str, *, drop_anchors: bool = False) -> str:
    """Lookaround groups become one consuming character where that keeps a superset (see
    ``_lookaround_as_char``), else are dropped; anchors are dropped if asked (which also
    means: a serialized document, values between quotes)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if not (drop_anchors and pattern[i + 1 : i + 2] in ("A", "Z", "z")):
                out.append(pattern[i : i + 2])
            i += 2
        elif drop_anchors and c in "^$":
            i += 1
        elif c == "[":
            j = _class_end(pattern, i)
            out.append(pattern[i : j + 1])
            i = j + 1
        elif _LOOKAROUND_OPEN.match(pattern, i):
            end = _group_end(pattern, i)
            out.append(_lookaround_as_char(pattern, i, end, document=drop_anchors))
            i = end + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def replace_backreferences(pattern: str) -> str:
    """``(?P=name)`` becomes a copy of the named group's body."""
    if "(?P=" not in pattern:
        return pattern
    bodies = {
        m.group(1): pattern[m.end() : _group_end(pattern, m.start())]
        for m in NAMED_GROUP.finditer(pattern)
    }
    return _BACKREF.sub(lambda m: "(?:" + bodies.get(m.group(1), ".*?") + ")", pattern)


def loosen_counts(pattern: str, limit: int = 8) -> str:
    """``{m,n}`` with a large ``n`` becomes ``{m,}``, so RE2's DFA stays small (long counted
    repetitions of overlapping classes make it explode and fall back to slower engines)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        m = _COUNTED.match(pattern, i) if c == "{" else None
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            j = _class_end(pattern, i)
            out.append(pattern[i : j + 1])
            i = j + 1
        elif m and int(m.group(2)) > limit:
            low = int(m.group(1))
            out.append("*" if low == 0 else "+" if low == 1 else f"{{{low},}}")
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


# Python's str classes are Unicode-aware, RE2's are ASCII: spell them out for RE2.
# escape -> (outside a class, inside a class or None when it cannot be written there)
_UNICODE_CLASSES = {
    "d": (r"\p{Nd}", r"\p{Nd}"),
    "D": (r"\P{Nd}", r"\P{Nd}"),
    "w": (r"[\p{L}\p{N}_]", r"\p{L}\p{N}_"),
    "W": (r"[^\p{L}\p{N}_]", None),
    "s": (r"[\s\p{Z}]", r"\s\p{Z}"),
    "S": (r"[^\s\p{Z}]", None),
    "b": ("", None),
    "B": ("", None),
}


class NoSuperset(ValueError):
    """The pattern has no RE2 superset this module can write."""


def unicode_classes(pattern: str) -> str:
    """``\\d``, ``\\w``, ``\\s`` (and negations) as Unicode properties; ``\\b`` dropped."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            spelled = _UNICODE_CLASSES.get(pattern[i + 1])
            if spelled is None:
                out.append(pattern[i : i + 2])
            elif in_class:
                if spelled[1] is None:
                    raise NoSuperset(pattern)
                out.append(spelled[1])
            else:
                out.append(spelled[0])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":
                out.append("\\]")
                i += 1
            continue
        if c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def superset(pattern: str, *, drop_anchors: bool = False, unicode: bool = False) -> str:
    """All the transforms, and named groups made plain (RE2 refuses duplicate names).
    ``unicode``: the pattern runs with Python's Unicode classes (raises NoSuperset when a
    negated class inside brackets cannot be written for RE2)."""
    out = strip_lookarounds(pattern, drop_anchors=drop_anchors)
    out = NAMED_GROUP.sub("(?:", loosen_counts(replace_backreferences(out)))
    return unicode_classes(out) if unicode else out
