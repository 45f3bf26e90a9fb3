"""Straight-line Python generated per attribute-scope filter policy.

A Lambda behind one SNS subscription matches one filter policy per message, so the whole
match (not a quick rejection in front of the interpreter) is one generated function: per
field a few dict lookups and a set or prefix test, no intermediate lists, no calls.

It reads attributes in the form SNS delivers them (``{"Type", "Value"}``), the value before
the type since the value rejects most messages. An attribute with no ``Value`` (the Publish
form ``{"DataType", "StringValue"}``, the SQS form) hands the whole map to a second
generated function that reads each attribute exactly as the general matcher in
:mod:`dataguard.filtering.sns` does. Both decide a field only where the answer is certain
(``String`` values, ``Number`` values that are JSON numbers, absent attributes) and defer
the rest to the general matcher (``String.Array``, ``Binary``, plain values, odd shapes);
any exception on the way also goes to the general reading, so the answers are always the
general matcher's.

Names and values enter the code as bound globals, never as source text: no policy text is
ever executed, and policies of the same shape share one compiled code object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType
from typing import Any

import orjson

from dataguard.filtering._match import FieldMatcher

AttributeMatcher = Callable[[Mapping[str, Any] | None], bool]
IndexMatcher = Callable[..., list[int]]

_MISSING = object()
_NOT_A_NUMBER = object()


def _number(text: str) -> Any:
    """The number a ``Number`` attribute's text decodes to as the general matcher reads it
    (``orjson``), or ``_NOT_A_NUMBER`` when that reading is not a plain int/float (those
    cases are left to the general matcher, which tries more spellings)."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return _NOT_A_NUMBER
    t = value.__class__
    return value if t is int or t is float else _NOT_A_NUMBER


def _is_literal(f: FieldMatcher) -> bool:
    """A field whose alternatives are all exact strings or prefixes (tested inline)."""
    return bool(f.str_exact or f.prefixes) and not (
        f.num_exact
        or f.literals
        or f.suffixes
        or f.eic
        or f.predicates_unindexed
        or f.exists_true
        or f.exists_false
    )


def _order(fields: tuple[FieldMatcher, ...]) -> list[FieldMatcher]:
    """Fields in the order that rejects soonest: exact strings (fewest values first), then
    prefixes, then the rest, ``exists`` last. Order never changes the answer of a
    conjunction whose field tests have no side effects."""

    def rank(f: FieldMatcher) -> tuple[int, int]:
        if _is_literal(f):
            return (0, len(f.str_exact)) if not f.prefixes else (1, len(f.prefixes))
        if f.exists_true or f.exists_false:
            return (3, 0)
        return (2, 0)

    return sorted(fields, key=rank)


class _Source:
    """The generated source and the constants it refers to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.env: dict[str, Any] = {"M": _MISSING, "NAN": _NOT_A_NUMBER, "NUM": _number}

    def const(self, name: str, value: Any) -> str:
        self.env[name] = value
        return name

    def emit(self, indent: int, *lines: str) -> None:
        self.lines.extend("    " * indent + line for line in lines)


def _literal_test(src: _Source, f: FieldMatcher, key: str, var: str) -> str:
    """Expression true when ``var`` (known or not known to be a str) satisfies a field of
    exact strings and prefixes; it needs ``var`` hashable when there are exact strings."""
    parts = []
    if f.str_exact:
        values = frozenset(f.str_exact)
        if len(values) == 1:
            parts.append(f"{var} == {src.const('C' + key, next(iter(values)))}")
        else:
            parts.append(f"{var} in {src.const('S' + key, values)}")
    if f.prefixes:
        prefixes = tuple(f.prefixes)
        arg = prefixes[0] if len(prefixes) == 1 else prefixes
        parts.append(f"({var}.__class__ is str and {var}.startswith({src.const('P' + key, arg)}))")
    return " or ".join(parts)


def _value_test(src: _Source, f: FieldMatcher, key: str, var: str) -> str | None:
    """Expression true when a present, non-null value satisfies the field; None when every
    such value does (``exists: true``)."""
    if f.exists_true:
        return None
    if _is_literal(f):
        # plain set/prefix tests, no call (a number never equals or starts with a str)
        return _literal_test(src, f, key, var)
    return f"{src.const('OK' + key, f.value_ok)}({var})"


@dataclass(frozen=True)
class _Mode:
    """What the generated function takes and returns: a bool for one policy, or the
    ``matching_indexes`` result of a set holding only that policy."""

    header: tuple[str, ...]
    true: str
    false: str
    call: str  # how a whole-map helper's bool answer is returned, ``{}`` = its name

    def returns(self, helper: str) -> str:
        return "return " + self.call.format(helper)


_BOOL = _Mode(
    header=("def match(attributes):", "    if not attributes:", "        return EMPTY"),
    true="True",
    false="False",
    call="{}(attributes)",
)
_INDEXES = _Mode(
    header=(
        "def match(message=None, attributes=None):",
        "    if not attributes:",  # none given: the policy's own reading of the message
        "        return [0] if WHOLE(message, attributes) else []",
    ),
    true="[0]",
    false="[]",
    call="[0] if {}(attributes) else []",
)


def _emit_notification_literal(
    src: _Source, f: FieldMatcher, key: str, ind: int, reject: str, unknown: str, other: str
) -> None:
    """A field of exact strings/prefixes on a notification-form attribute: the value is
    tested first (it rejects most messages), the type only when the value decides. Only a
    ``String`` holding an allowed str satisfies such a field; a ``Number`` never does (its
    values are numbers whatever the text), other types are left to the general matcher."""
    name = src.const("N" + key, f.path)
    ok = _literal_test(src, f, key, "v")
    src.emit(
        ind,
        f"a = attributes.get({name})",
        "if a is None:",  # absent (or null): a String field cannot be satisfied
        f"    {reject}",
        "v = a.get('Value')",
        "if v is None:",  # not the notification form: the general reading of the whole map
        f"    {other}",
        f"if {ok}:",
        "    t = a['Type']",
        "    if t == 'Number':",
        f"        {reject}",
        "    if t != 'String' or v.__class__ is not str or a.__class__ is not dict:",
        f"        {unknown}",
        "elif (t := a['Type']) == 'String' or t == 'Number':",
        f"    {reject}",
        "else:",
        f"    {unknown}",
    )


def _emit_field(
    src: _Source,
    f: FieldMatcher,
    key: str,
    ind: int,
    reject: str,
    unknown: str,
    other: str | None,
) -> None:
    """Any field, read as the general matcher reads the attribute; with ``other`` (the
    notification form), a map in another form goes to the general reading as a whole."""
    name = src.const("N" + key, f.path)
    absent = ["pass"] if f.exists_false else [reject]  # the map itself is never empty here

    def decide(var: str) -> list[str]:
        test = _value_test(src, f, key, var)
        return ["pass"] if test is None else [f"if not ({test}):", f"    {reject}"]

    src.emit(ind, f"a = attributes.get({name}, M)", "if a is M:")
    src.emit(ind + 1, *absent)
    src.emit(ind, "elif a.__class__ is dict:")
    if other is not None:
        src.emit(ind + 1, "v = a.get('Value')", "if v is None:", f"    {other}", "t = a['Type']")
    else:
        src.emit(
            ind + 1,
            "t = a.get('Type') or a.get('DataType')",
            "v = a.get('Value', M)",
            "if v is M:",
            "    v = a.get('StringValue')",
        )
    src.emit(ind + 1, "if t == 'String':", "    if v.__class__ is str:")
    src.emit(ind + 3, *decide("v"))
    src.emit(ind + 2, "else:")  # a String holding no string: no value at all
    src.emit(ind + 3, *absent)
    if _is_literal(f):  # a Number's values are numbers, never the strings such a field lists
        src.emit(ind + 1, "elif t == 'Number':", f"    {reject}")
    else:
        src.emit(ind + 1, "elif t == 'Number' and v.__class__ is str:", "    n = NUM(v)")
        src.emit(ind + 2, "if n is NAN:", f"    {unknown}", "else:")
        src.emit(ind + 3, *decide("n"))
    src.emit(ind + 1, "else:", f"    {unknown}")
    src.emit(ind, "else:", f"    {unknown}")


def _generate(
    branches: tuple[tuple[FieldMatcher, ...], ...],
    notification: bool,
    mode: _Mode,
    consts: dict[str, Any],
) -> Any:
    """The match function: an answer where every branch is decided, else ``DEFER`` (the
    general matcher) decides; any exception on the way (an unexpected shape) or, in the
    notification form, a map in another form goes to ``ON_ERROR``."""
    src = _Source()
    src.env.update(consts)
    other = mode.returns("ON_ERROR") if notification else None
    single = len(branches) == 1
    src.emit(0, *mode.header)
    src.emit(1, "u = False", "try:")
    for b, fields in enumerate(branches):
        if single:
            ind, reject = 2, f"return {mode.false}"
        else:
            src.emit(2, f"while True:  # branch {b}")
            ind, reject = 3, "break"
        src.emit(ind, "w = False")
        for i, f in enumerate(_order(fields)):
            key = f"{b}_{i}"
            if other is not None and _is_literal(f):
                _emit_notification_literal(src, f, key, ind, reject, "w = True", other)
            else:
                _emit_field(src, f, key, ind, reject, "w = True", other)
        src.emit(ind, "if not w:", f"    return {mode.true}", "u = True")
        if not single:
            src.emit(ind, "break")
    src.emit(1, "except Exception:", "    " + mode.returns("ON_ERROR"))
    src.emit(1, "if u:", "    " + mode.returns("DEFER"), f"return {mode.false}")
    namespace: dict[str, Any] = dict(src.env)
    form = "notification" if notification else "general"
    exec(_code("\n".join(src.lines), f"<dataguard.filtering {form} attributes>"), namespace)
    return namespace["match"]


@lru_cache(maxsize=512)
def _code(source: str, filename: str) -> CodeType:
    """Compiled source, shared by policies of the same shape: names and values are bound
    globals, so the text depends only on the kinds of fields (compiling dominates building
    thousands of subscriptions)."""
    code: CodeType = compile(source, filename, "exec")
    return code


def _general(branches: tuple[tuple[FieldMatcher, ...], ...], full: AttributeMatcher) -> Any:
    return _generate(
        branches, False, _BOOL, {"EMPTY": bool(full({})), "DEFER": full, "ON_ERROR": full}
    )


def compile_attribute_matcher(
    branches: tuple[tuple[FieldMatcher, ...], ...], full: AttributeMatcher
) -> AttributeMatcher:
    """``match(attributes) -> bool`` for a policy whose general matcher is ``full`` (used for
    what the generated code leaves open). Accepts any MessageAttributes map, empty or None."""
    consts = {"EMPTY": bool(full({})), "DEFER": full, "ON_ERROR": _general(branches, full)}
    match: AttributeMatcher = _generate(branches, True, _BOOL, consts)
    return match


def compile_index_matcher(
    branches: tuple[tuple[FieldMatcher, ...], ...],
    full: AttributeMatcher,
    whole: Callable[[Any, Any], bool],
) -> IndexMatcher:
    """``match(message=None, attributes=None) -> [0] | []``: the same match as
    :func:`compile_attribute_matcher` in the shape of ``PatternSet.matching_indexes`` for a
    set holding only this policy; ``whole(message, attributes)`` answers when no attributes
    are given (the policy's own ``matches``)."""
    consts = {"DEFER": full, "ON_ERROR": _general(branches, full), "WHOLE": whole}
    match: IndexMatcher = _generate(branches, True, _INDEXES, consts)
    return match


__all__ = [
    "AttributeMatcher",
    "IndexMatcher",
    "compile_attribute_matcher",
    "compile_index_matcher",
]
