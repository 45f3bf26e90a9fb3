"""Parse and validate EventBridge event patterns and SNS filter policies into one IR.

The grammar and the error reasons follow event-ruler (the library behind EventBridge),
whose messages EventBridge's ``TestEventPattern``/``PutRule`` return; SNS differences are
switched on by :class:`Dialect`. The result is a disjunction of branches (``$or`` expanded),
each a conjunction of :class:`FieldMatcher` (one per flattened field path).

Compile once: nothing here runs per event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from dataguard.errors import PolicyError
from dataguard.filtering._match import FieldMatcher
from dataguard.filtering._values import (
    EB_NUMBER_DECIMALS,
    EB_NUMBER_LIMIT,
    TOO_COMPLEX,
    WILDCARD_COMPLEXITY_LIMIT,
    check_pattern_number,
    comparable,
    parse_cidr,
    parse_ip,
    parse_wildcard,
    wildcard_complexity,
    wildcard_predicate,
)

RESERVED_IN_OR = frozenset(
    {
        "exactly",
        "equals-ignore-case",
        "prefix",
        "suffix",
        "anything-but",
        "exists",
        "wildcard",
        "numeric",
        "cidr",
        "html",
        "=",
        "<",
        "<=",
        ">",
        ">=",
        "regex",
        "not-wildcard",
        "not-equals-ignore-case",
        "date-after",
        "date-on-or-after",
        "date-before",
        "date-on-or-before",
        "in-date-range",
        "ip-address-in-range",
        "ip-address-not-in-range",
    }
)


@dataclass(frozen=True)
class Dialect:
    """What differs between EventBridge patterns and SNS filter policies at compile time."""

    name: str
    number_limit: int = EB_NUMBER_LIMIT
    number_decimals: int = EB_NUMBER_DECIMALS
    wildcard: bool = True
    strict_or: bool = True  # EventBridge rejects a malformed $or; SNS treats it as a key
    exists_needs_value: bool = False  # SNS: exists:true needs a non-null value
    allow_nesting: bool = True
    check_exact_numbers: bool = False  # SNS applies its numeric limits to exact numbers too


EVENTBRIDGE = Dialect("eventbridge")


def escape_pointer(token: str) -> str:
    """RFC 6901 escaping of one reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def load_json(source: Any) -> Any:
    """Decode a pattern given as ``str``/``bytes``; anything else is returned as is."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = bytes(source)
    if isinstance(source, (str, bytes)):
        try:
            return orjson.loads(source)
        except orjson.JSONDecodeError as exc:
            raise PolicyError("", f"Filter is not valid JSON: {exc.args[0]}") from None
    return source


Branch = dict[str, FieldMatcher]


class _Parser:
    """Recursive-descent walk of the decoded pattern with JSON pointers for every error."""

    def __init__(self, dialect: Dialect) -> None:
        self.d = dialect

    # -- structure ------------------------------------------------------------------------

    def parse(self, pattern: Any) -> list[Branch]:
        if not isinstance(pattern, dict):
            raise PolicyError("", "Filter is not an object")
        branches: list[Branch] = []
        return self._object(pattern, (), "", branches, in_or=False)

    def _is_or(self, value: Any) -> bool:
        if self.d.strict_or:
            # event-ruler: "$or" followed by an object is an ordinary (nested) field name
            return not isinstance(value, dict)
        return (
            isinstance(value, list)
            and len(value) >= 2
            and all(isinstance(v, dict) for v in value)
            and not any(k in RESERVED_IN_OR for v in value for k in v)
        )

    def _object(
        self,
        obj: dict[str, Any],
        segs: tuple[str, ...],
        ptr: str,
        branches: list[Branch],
        *,
        in_or: bool,
    ) -> list[Branch]:
        if not obj:
            raise PolicyError(ptr, "Empty objects are not allowed")
        for key, value in obj.items():
            if not isinstance(key, str):
                raise PolicyError(ptr, "Field names must be strings")
            kptr = f"{ptr}/{escape_pointer(key)}"
            if key == "$or" and self._is_or(value):
                branches = self._or(value, segs, kptr, branches)
                continue
            if in_or and key in RESERVED_IN_OR:
                raise PolicyError(
                    kptr,
                    f"{key} is Ruler reserved fieldName which cannot be used inside $or.",
                )
            if isinstance(value, dict):
                if not self.d.allow_nesting:
                    raise PolicyError(
                        kptr,
                        "Filter policy scope MessageAttributes does not support nested "
                        "filter policy",
                    )
                branches = self._object(value, (*segs, key), kptr, branches, in_or=in_or)
            elif isinstance(value, list):
                path = ".".join((*segs, key))
                matcher = self._field(value, path, kptr, len(segs) + 1)
                if not branches:
                    branches = [{}]
                for branch in branches:
                    branch[path] = matcher
            else:
                raise PolicyError(kptr, f'"{key}" must be an object or an array')
        return branches

    def _or(
        self, value: Any, segs: tuple[str, ...], ptr: str, branches: list[Branch]
    ) -> list[Branch]:
        if not isinstance(value, list):
            raise PolicyError(ptr, "It must be an Array followed with $or.")
        if len(value) < 2:
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    raise PolicyError(
                        f"{ptr}/{i}", "Only JSON object is allowed in array of $or relationship."
                    )
            raise PolicyError(ptr, "There must have at least 2 Objects in $or relationship.")
        out: list[Branch] = []
        for i, item in enumerate(value):
            iptr = f"{ptr}/{i}"
            if not isinstance(item, dict):
                raise PolicyError(iptr, "Only JSON object is allowed in array of $or relationship.")
            copies = [dict(b) for b in branches] or [{}]
            out.extend(self._object(item, segs, iptr, copies, in_or=True))
        return out

    # -- one field --------------------------------------------------------------------------

    def _field(self, values: list[Any], path: str, ptr: str, depth: int) -> FieldMatcher:
        if not values:
            raise PolicyError(ptr, "Empty arrays are not allowed")
        m = FieldMatcher(path, self.d.exists_needs_value)
        m.n_values = len(values)
        m.depth = depth
        for i, v in enumerate(values):
            vptr = f"{ptr}/{i}"
            if isinstance(v, dict):
                self._expression(v, m, vptr)
            elif isinstance(v, bool) or v is None:
                m.add_literal(v)
            elif isinstance(v, str):
                ip = parse_ip(v)
                if ip is not None:
                    m.add_cidr(ip[0], ip[1], ip[1])
                else:
                    m.add_exact_string(v)
            elif isinstance(v, (int, float)):
                if self.d.check_exact_numbers:
                    self._number(v, vptr, "number")
                m.add_exact_number(v)
            else:
                raise PolicyError(vptr, "Match value must be String, number, true, false, or null")
        m.freeze()
        if m.wildcards and wildcard_complexity(m.wildcards) > WILDCARD_COMPLEXITY_LIMIT:
            raise PolicyError(ptr, TOO_COMPLEX)
        return m

    def _only_key(self, expr: dict[str, Any], ptr: str, reason: str) -> None:
        if len(expr) > 1:
            extra = list(expr)[1]
            raise PolicyError(f"{ptr}/{escape_pointer(extra)}", reason)

    def _expression(self, expr: dict[str, Any], m: FieldMatcher, ptr: str) -> None:
        if not expr:
            raise PolicyError(ptr, "Match expression name not found")
        op, arg = next(iter(expr.items()))
        optr = f"{ptr}/{escape_pointer(op)}"
        one_key = "Only one key allowed in match expression"
        if op in ("prefix", "suffix"):
            if isinstance(arg, dict):
                self._affix_ignore_case(op, arg, m, optr)
            elif isinstance(arg, str):
                (m.add_prefix if op == "prefix" else m.add_suffix)(arg)
            else:
                raise PolicyError(optr, f"{op} match pattern must be a string")
            self._only_key(expr, ptr, one_key)
        elif op == "equals-ignore-case":
            if not isinstance(arg, str):
                raise PolicyError(optr, "equals-ignore-case match pattern must be a string")
            m.add_equals_ignore_case(arg)
            self._only_key(expr, ptr, one_key)
        elif op == "wildcard" and self.d.wildcard:
            if not isinstance(arg, str):
                raise PolicyError(optr, "wildcard match pattern must be a string")
            tokens = parse_wildcard(arg)
            if isinstance(tokens, str):
                raise PolicyError(optr, tokens)
            m.add_wildcard(tokens, wildcard_predicate(tokens))
            self._only_key(expr, ptr, one_key)
        elif op == "numeric":
            if not isinstance(arg, list):
                raise PolicyError(optr, "Value of numeric must be an array.")
            self._numeric(arg, m, optr)
            self._only_key(expr, ptr, "Too many elements in numeric expression")
        elif op == "anything-but":
            self._anything_but(arg, m, optr)
            self._only_key(expr, ptr, "Too many elements in numeric expression")
        elif op == "exists":
            if arg is True:
                m.exists_true = True
            elif arg is False:
                m.exists_false = True
            else:
                raise PolicyError(optr, "exists match pattern must be either true or false.")
            self._only_key(expr, ptr, one_key)
        elif op == "cidr":
            if not isinstance(arg, str):
                raise PolicyError(optr, "prefix match pattern must be a string")
            block = parse_cidr(arg)
            if isinstance(block, str):
                raise PolicyError(optr, block)
            m.add_cidr(*block)
            self._only_key(expr, ptr, one_key)
        else:
            raise PolicyError(optr, f"Unrecognized match type {op}")

    def _affix_ignore_case(self, op: str, arg: dict[str, Any], m: FieldMatcher, ptr: str) -> None:
        kind = "Prefix" if op == "prefix" else "Suffix"
        if not arg:
            raise PolicyError(ptr, f"{kind} expression name not found")
        inner, value = next(iter(arg.items()))
        iptr = f"{ptr}/{escape_pointer(inner)}"
        if inner != "equals-ignore-case":
            raise PolicyError(iptr, f"Unsupported {op} pattern: {inner}")
        if not isinstance(value, str):
            raise PolicyError(iptr, "equals-ignore-case match pattern must be a string")
        self._only_key(arg, ptr, "Only one key allowed in match expression")
        if op == "prefix":
            m.add_prefix_ignore_case(value)
        else:
            m.add_suffix_ignore_case(value)

    def _number(self, value: Any, ptr: str, what: str) -> float | int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PolicyError(ptr, f"Value of {what} must be numeric")
        reason = check_pattern_number(value, self.d.number_limit, self.d.number_decimals)
        if reason:
            raise PolicyError(ptr, reason)
        return value

    def _numeric(self, items: list[Any], m: FieldMatcher, ptr: str) -> None:
        def at(i: int) -> str:
            return f"{ptr}/{i}"

        if not items or not isinstance(items[0], str):
            text = "]" if not items else orjson.dumps(items[0]).decode()
            raise PolicyError(at(0), f"Invalid member in numeric match: {text}")
        op = items[0]
        if op not in ("=", ">", ">=", "<", "<="):
            raise PolicyError(at(0), f"Unrecognized numeric range operator: {op}")
        if len(items) < 2:
            raise PolicyError(at(1), f"Value of {'equals' if op == '=' else op} must be numeric")
        first = self._number(items[1], at(1), "equals" if op == "=" else op)
        if op in ("=", "<", "<="):
            if len(items) > 2:
                raise PolicyError(at(2), "Too many elements in numeric expression")
            if op == "=":
                m.add_range(first, False, first, False)
            else:
                m.add_range(None, False, first, op == "<")
            return
        if len(items) == 2:
            m.add_range(first, op == ">", None, False)
            return
        op2 = items[2]
        if not isinstance(op2, str):
            raise PolicyError(at(2), f"Bad value in numeric range: {orjson.dumps(op2).decode()}")
        if op2 not in ("<", "<="):
            raise PolicyError(at(2), f"Bad numeric range operator: {op2}")
        if len(items) < 4:
            raise PolicyError(at(3), f"Value of {op2} must be numeric")
        top = self._number(items[3], at(3), op2)
        if len(items) > 4:
            raise PolicyError(at(4), "Too many terms in numeric range expression")
        if first >= top:
            raise PolicyError(ptr, "Bottom must be less than top")
        m.add_range(first, op == ">", top, op2 == "<")

    def _anything_but(self, arg: Any, m: FieldMatcher, ptr: str) -> None:
        shape = "Value of anything-but must be an array or single string/number value."
        if isinstance(arg, dict):
            if not arg:
                raise PolicyError(ptr, "Anything-But expression name not found")
            kind, inner = next(iter(arg.items()))
            iptr = f"{ptr}/{escape_pointer(kind)}"
            allowed = ("equals-ignore-case", "prefix", "suffix") + (
                ("wildcard",) if self.d.wildcard else ()
            )
            if kind not in allowed:
                raise PolicyError(iptr, f"Unsupported anything-but pattern: {kind}")
            if isinstance(inner, list):
                texts = [self._ab_text(kind, v, f"{iptr}/{i}") for i, v in enumerate(inner)]
            elif isinstance(inner, str) or (
                isinstance(inner, (int, float)) and not isinstance(inner, bool)
            ):
                texts = [self._ab_text(kind, inner, iptr)]
            else:
                raise PolicyError(iptr, shape)
            self._only_key(arg, ptr, "Too many elements in numeric expression")
            if kind == "wildcard":
                parsed: list[list[int]] = []
                for i, t in enumerate(texts):
                    tokens = parse_wildcard(t)
                    if isinstance(tokens, str):
                        raise PolicyError(
                            f"{iptr}/{i}" if isinstance(inner, list) else iptr, tokens
                        )
                    parsed.append(tokens)
                m.add_anything_but_wildcards(parsed, [wildcard_predicate(p) for p in parsed])
            elif kind == "equals-ignore-case":
                m.add_anything_but_ignore_case(texts)
            elif kind == "prefix":
                m.add_anything_but_prefixes(texts)
            else:
                m.add_anything_but_suffixes(texts)
            return
        if isinstance(arg, list):
            strings: list[str] = []
            numbers: list[float | int] = []
            for i, v in enumerate(arg):
                if isinstance(v, str):
                    strings.append(v)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    numbers.append(self._ab_number(v, f"{ptr}/{i}"))
                else:
                    raise PolicyError(
                        f"{ptr}/{i}",
                        "Inside anything but list, start|null|boolean is not supported.",
                    )
            if bool(strings) == bool(numbers):
                raise PolicyError(
                    ptr,
                    "Inside anything but list, either all values are number or string, "
                    "mixed type is not supported",
                )
            if strings:
                m.add_anything_but_strings(strings)
            else:
                m.add_anything_but_numbers(numbers)
            return
        if isinstance(arg, str):
            m.add_anything_but_strings([arg])
        elif isinstance(arg, (int, float)) and not isinstance(arg, bool):
            m.add_anything_but_numbers([self._ab_number(arg, ptr)])
        else:
            raise PolicyError(ptr, shape)

    def _ab_number(self, v: float | int, ptr: str) -> float | int:
        reason = check_pattern_number(v, self.d.number_limit, self.d.number_decimals)
        if reason:
            raise PolicyError(ptr, reason)
        return v

    def _ab_text(self, kind: str, v: Any, ptr: str) -> str:
        if not isinstance(v, str):
            if kind == "equals-ignore-case":
                reason = (
                    "Inside anything-but/equals-ignore-case list, "
                    "number|start|null|boolean is not supported."
                )
            elif kind == "wildcard":
                reason = "wildcard match pattern must be a string"
            else:
                reason = "prefix/suffix match pattern must be a string"
            raise PolicyError(ptr, reason)
        if kind in ("prefix", "suffix") and not v:
            raise PolicyError(ptr, "Null prefix/suffix not allowed")
        return v


def compile_branches(pattern: Any, dialect: Dialect = EVENTBRIDGE) -> list[list[FieldMatcher]]:
    """Validate ``pattern`` (dict, JSON text or bytes) and return its branches.

    Raises :class:`PolicyError` with the JSON pointer of the offending element.
    """
    decoded = load_json(pattern)
    branches = _Parser(dialect).parse(decoded)
    return [list(b.values()) for b in branches]


__all__ = [
    "EVENTBRIDGE",
    "RESERVED_IN_OR",
    "Dialect",
    "comparable",
    "compile_branches",
    "escape_pointer",
    "load_json",
]
