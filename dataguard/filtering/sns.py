"""SNS subscription filter policies, with SNS's semantics and limits where they differ
from EventBridge.

Differences handled here (each from the SNS developer guide):

- ``exists: true`` needs a non-null value; ``exists: false`` never matches a message that
  has no message attributes at all (attribute scope).
- Attribute scope: no nesting; attributes come in the Publish form
  ``{"DataType", "StringValue"}``, the notification form ``{"Type", "Value"}`` or the SQS
  form ``{"dataType", "stringValue"}``; ``String.Array`` values are JSON arrays whose
  elements match individually; ``Number`` values compare as numbers; ``Binary`` is ignored.
- Limits: at most 5 keys, at most 150 value combinations, numbers within +/-1e9 with at
  most 5 decimals, 256 KB of policy JSON. ``wildcard`` is not an SNS operator.
- ``$or`` is an operator only when followed by at least two objects without reserved
  keyword names; otherwise it is an ordinary property name.
- Body scope applies to the decoded payload, also through SQS-record and SNS-envelope
  layers (see :mod:`dataguard.filtering.envelope`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, Literal

import orjson

from dataguard.errors import PolicyError
from dataguard.filtering._attrgen import (
    AttributeMatcher,
    IndexMatcher,
    compile_attribute_matcher,
    compile_index_matcher,
)
from dataguard.filtering._codegen import compile_fast
from dataguard.filtering._compile import RESERVED_IN_OR, Dialect, compile_branches, load_json
from dataguard.filtering._gate import as_text, literal_gate, passes
from dataguard.filtering._match import FieldMatcher, Leaf
from dataguard.filtering._values import SNS_NUMBER_DECIMALS, SNS_NUMBER_LIMIT
from dataguard.filtering.envelope import unwrap
from dataguard.filtering.eventpattern import matches_decoded

Scope = Literal["MessageAttributes", "MessageBody"]
SCOPES: tuple[str, ...] = ("MessageAttributes", "MessageBody")
MAX_KEYS = 5
MAX_COMBINATIONS = 150
MAX_POLICY_BYTES = 256 * 1024


def _dialect(scope: str) -> Dialect:
    return Dialect(
        name=f"sns-{scope}",
        number_limit=SNS_NUMBER_LIMIT,
        number_decimals=SNS_NUMBER_DECIMALS,
        wildcard=False,
        strict_or=False,
        exists_needs_value=True,
        allow_nesting=scope == "MessageBody",
        check_exact_numbers=True,
    )


_DIALECTS = {scope: _dialect(scope) for scope in SCOPES}


class FilterPolicy:
    """A compiled SNS subscription filter policy for one ``FilterPolicyScope``.

    ``FilterPolicy(policy, scope="MessageAttributes")`` takes the policy as a dict or JSON
    text and raises :class:`~dataguard.errors.PolicyError` (pointer + SNS's reason) for any
    policy SNS would refuse in ``Subscribe``/``SetSubscriptionAttributes``.

    Thread-safe and immutable. :meth:`matches` never raises.
    """

    __slots__ = (
        "_attr_match",
        "_branches",
        "_fast",
        "_gate",
        "_source",
        "_text_gate",
        "scope",
        "unwrap",
    )

    def __init__(self, policy: Any, scope: str = "MessageAttributes", *, unwrap: bool = True):
        if scope not in SCOPES:
            raise PolicyError("", f"FilterPolicyScope must be one of {', '.join(SCOPES)}")
        if isinstance(policy, (str, bytes, bytearray)):
            size = len(policy.encode("utf-8") if isinstance(policy, str) else policy)
        else:
            try:
                size = len(orjson.dumps(policy))
            except TypeError:
                size = 0
        if size > MAX_POLICY_BYTES:
            raise PolicyError("", "Filter policy is too large: the maximum size is 256 KB")
        self._source = load_json(policy)
        self.scope: str = scope
        self.unwrap = unwrap
        branches = compile_branches(self._source, _DIALECTS[scope])
        _check_limits(self._source, branches)
        self._branches: tuple[tuple[FieldMatcher, ...], ...] = tuple(tuple(b) for b in branches)
        self._fast = compile_fast(self._branches)
        self._gate = literal_gate(self._branches) if scope == "MessageBody" else None
        self._text_gate = as_text(self._gate) if self._gate is not None else None
        # attribute scope: the whole match is one generated function (see _attrgen); the
        # general matcher it defers to is a partial, so the policy holds no cycle
        self._attr_match: AttributeMatcher | None = (
            compile_attribute_matcher(self._branches, partial(_match_branches, self._branches))
            if scope == "MessageAttributes"
            else None
        )

    @property
    def policy(self) -> Any:
        """The policy as decoded JSON (treat as read-only)."""
        return self._source

    @property
    def branches(self) -> tuple[tuple[FieldMatcher, ...], ...]:
        return self._branches

    def matches(self, message: Any = None, attributes: Mapping[str, Any] | None = None) -> bool:
        """Whether SNS would deliver ``message`` (with ``attributes``) to this subscription.

        Attribute scope: ``attributes`` is the MessageAttributes map; when omitted they are
        taken from the SNS envelope / SQS record ``message`` arrives in. Body scope:
        ``message`` is the payload (``str``/``bytes``/dict), possibly inside those layers; a
        payload that is not a JSON object never matches.
        """
        match = self._attr_match
        if match is not None:  # attribute scope
            if attributes is None and message is not None:
                attributes = unwrap(message)[1]
            return match(attributes)
        cls = message.__class__
        if cls is str:
            gate: Any = self._text_gate
            if gate is not None and "\\" not in message and not passes(gate, message):
                return False
        elif cls is bytes:
            gate = self._gate
            if gate is not None and b"\\" not in message and not passes(gate, message):
                return False
        payload = unwrap(message)[0] if self.unwrap else _decode_body(message)
        return self.match_payload(payload)

    @property
    def attribute_matcher(self) -> AttributeMatcher:
        """``f(attributes) -> bool`` for any MessageAttributes map (empty too): the compiled
        match that :meth:`matches` runs, with no call layers in front of it."""
        match = self._attr_match
        return match if match is not None else self.match_attributes

    def index_matcher(self) -> IndexMatcher:
        """Attribute scope: ``f(message=None, attributes=None) -> [0] | []``, this policy as
        the ``matching_indexes`` of a :class:`PatternSet` holding only it, compiled into one
        function so that a call goes straight into the match (a new function per call)."""
        if self._attr_match is None:
            raise ValueError("index_matcher is for MessageAttributes-scope policies")
        full = partial(_match_branches, self._branches)
        return compile_index_matcher(self._branches, full, self.matches)

    def match_given_attributes(self, attributes: Mapping[str, Any]) -> bool:
        """Attribute scope on an already extracted MessageAttributes map (compiled path)."""
        return self.attribute_matcher(attributes)

    def match_attributes(self, attributes: Mapping[str, Any] | None) -> bool:
        """Attribute scope through the general matcher (what the compiled path defers to);
        no map at all is an empty one, as for the compiled path."""
        return _match_branches(self._branches, attributes or {})

    def match_payload(self, payload: Any) -> bool:
        """Body scope on an already decoded and unwrapped payload."""
        if payload.__class__ is not dict:
            if not isinstance(payload, dict):
                return False
            return matches_decoded(self._branches, payload)
        result = self._fast(payload)
        if result is None:
            return matches_decoded(self._branches, payload)
        return result

    def __repr__(self) -> str:
        return f"FilterPolicy(<scope={self.scope}, {len(self._branches)} branch(es)>)"


def _decode_body(message: Any) -> Any:
    if isinstance(message, (str, bytes, bytearray)):
        try:
            return orjson.loads(message)
        except orjson.JSONDecodeError:
            return None
    return message


# -- message attributes ---------------------------------------------------------------------

_TYPE_KEYS = ("Type", "DataType", "dataType")
_VALUE_KEYS = ("Value", "StringValue", "stringValue")


def attribute_leaves(attributes: Mapping[str, Any]) -> dict[str, list[Leaf]]:
    """MessageAttributes (any of the three AWS shapes) as the leaves a policy matches on."""
    out: dict[str, list[Leaf]] = {}
    for name, attr in attributes.items():
        values = _attribute_values(attr)
        if values:
            out[name] = [(v, ()) for v in values]
    return out


_MISSING = object()


def _match_branches(
    branches: tuple[tuple[FieldMatcher, ...], ...], attributes: Mapping[str, Any]
) -> bool:
    """The general attribute matcher: any branch whose every field holds."""
    return any(_attributes_branch(b, attributes) for b in branches)


def _attributes_branch(fields: tuple[FieldMatcher, ...], attributes: Mapping[str, Any]) -> bool:
    """One conjunction against MessageAttributes (no arrays to keep consistent here)."""
    for f in fields:
        attr = attributes.get(f.path, _MISSING)
        values = () if attr is _MISSING else _attribute_values(attr)
        if not values:
            if f.exists_false and attributes:
                continue
            return False
        if f.exists_true and any(v is not None for v in values):
            continue
        ok = f.value_ok
        for v in values:
            if ok(v):
                break
        else:
            return False
    return True


def _attribute_values(attr: Any) -> list[Any]:
    if attr.__class__ is dict:
        data_type = attr.get("Type") or attr.get("DataType")
        value = attr.get("Value", _MISSING)
        if value is _MISSING:
            value = attr.get("StringValue")
        if data_type == "String":
            return [value] if value.__class__ is str else []
        if data_type == "Number":
            if value.__class__ is str:
                try:
                    number = orjson.loads(value)
                except orjson.JSONDecodeError:
                    number = None
                t = number.__class__
                if t is int or t is float:
                    return [number]
        elif data_type == "String.Array" and value.__class__ is str:
            try:
                decoded = orjson.loads(value)
            except orjson.JSONDecodeError:
                return [value]
            if decoded.__class__ is list:
                for item in decoded:
                    if item.__class__ is list or item.__class__ is dict:
                        return _flatten_list(decoded)
                return decoded
            return [decoded]
    if not isinstance(attr, Mapping):
        return [attr] if isinstance(attr, (str, int, float, bool)) or attr is None else []
    data_type = "String"
    for k in _TYPE_KEYS:
        if k in attr:
            data_type = attr[k]
            break
    value = None
    for k in _VALUE_KEYS:
        if k in attr:
            value = attr[k]
            break
    if not isinstance(data_type, str) or data_type.startswith("Binary"):
        return []
    if data_type.startswith("String.Array") or data_type.startswith("Number.Array"):
        if isinstance(value, list):
            return _flatten_list(value)
        if isinstance(value, str):
            try:
                decoded = orjson.loads(value)
            except orjson.JSONDecodeError:
                return [value]
            return _flatten_list(decoded) if isinstance(decoded, list) else [decoded]
        return []
    if data_type.startswith("Number"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [value]
        if isinstance(value, str):
            try:
                number = orjson.loads(value.strip())
            except orjson.JSONDecodeError:
                try:
                    number = float(value)
                except ValueError:
                    return []
            if isinstance(number, (int, float)) and not isinstance(number, bool):
                return [number]
        return []
    return [value] if isinstance(value, str) else []


def _flatten_list(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, list):
            out.extend(_flatten_list(item))
        elif not isinstance(item, dict):
            out.append(item)
    return out


# -- limits -----------------------------------------------------------------------------------


def _check_limits(policy: dict[str, Any], branches: list[list[FieldMatcher]]) -> None:
    """SNS's documented key-count and combination limits."""
    keys = _max_top_level_keys(policy)
    if keys > MAX_KEYS:
        raise PolicyError("", "Filter policy can not have more than 5 keys")
    combinations = 0
    for branch in branches:
        product = 1
        for f in branch:
            product *= f.n_values * f.depth
        combinations += product
    if combinations > MAX_COMBINATIONS:
        raise PolicyError("", "Filter policy is too complex")


def _max_top_level_keys(obj: dict[str, Any]) -> int:
    """Most top-level property names one ``$or`` alternative can combine.

    In attribute scope every key is top-level; in body scope SNS counts only top-level keys
    (nested ones do not count). Keys inside ``$or`` alternatives count with the branch.
    """
    base = 0
    extra = 0
    for key, value in obj.items():
        if key == "$or" and _is_sns_or(value):
            extra += max(_max_top_level_keys(v) for v in value)
        else:
            base += 1
    return base + extra


def _is_sns_or(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(v, dict) for v in value)
        and not any(k in RESERVED_IN_OR for v in value for k in v)
    )
