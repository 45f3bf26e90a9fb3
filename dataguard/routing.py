"""Routing: which subscriptions receive a message, and what each of them receives.

SNS fans one published message out to every subscription whose filter policy matches, and
a data protection policy's *Outbound* statements then apply per subscriber (principal): one
subscriber may get the message as published, another a de-identified copy, a third nothing
(Deny). :class:`Router` reproduces that in one call::

    router = Router(
        [
            Subscription("arn:aws:sqs:eu-west-1:111122223333:orders",
                         principal="arn:aws:iam::111122223333:role/orders",
                         filter_policy={"event": ["order_placed"]}),
            Subscription("arn:aws:sqs:eu-west-1:111122223333:analytics",
                         principal="arn:aws:iam::111122223333:role/analytics",
                         filter_policy={"customer": {"tier": ["gold"]}},
                         scope="MessageBody"),
        ],
        guard=Guard(load_policy("policies/basic-pii.json")),
    )
    result = router.route(message, attributes={"event": {"DataType": "String",
                                                         "StringValue": "order_placed"}})
    for d in result:            # every matching subscription, denied ones included
        if not d.blocked:
            send(d.subscription.arn, d.message)
    result.skipped              # subscriptions whose filter policy did not match

Filter policies are evaluated on the message as published (that is what SNS filters), all
at once through a :class:`~dataguard.filtering.PatternSet`; the outbound step runs once per
distinct principal among the matching subscriptions, not once per subscription.

Thread-safety: a built ``Router`` is immutable and can be shared; ``route`` keeps no state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, overload

from dataguard.filtering import EventPattern, FilterPolicy, PatternSet

__all__ = ["Delivery", "OutboundGuard", "RouteResult", "Router", "Subscription"]


class VerdictLike(Protocol):
    """What routing reads from :class:`dataguard.engine.Verdict`."""

    @property
    def blocked(self) -> bool: ...

    @property
    def message(self) -> Any: ...

    @property
    def findings(self) -> tuple[Any, ...]: ...

    @property
    def reason(self) -> str | None: ...


class OutboundGuard(Protocol):
    """The part of :class:`dataguard.engine.Guard` routing uses (kept structural so that
    importing routing never imports the engine)."""

    def protect(self, message: Any, direction: str = ..., principal: str = ...) -> VerdictLike: ...


@dataclass(frozen=True)
class Subscription:
    """One subscriber: where it receives (``arn``), who it is (``principal``, the principal
    the policy's Outbound statements name) and what it wants (``filter_policy``).

    ``filter_policy`` is an SNS filter policy (dict or JSON text) applied with ``scope``
    (``MessageAttributes``, SNS's default, or ``MessageBody``), or an already compiled
    :class:`FilterPolicy`/:class:`EventPattern`; None accepts every message. ``raw`` records
    raw message delivery for the relay that sends the message; routing itself never wraps
    messages in envelopes.
    """

    arn: str
    principal: str = "*"
    filter_policy: Mapping[str, Any] | str | FilterPolicy | EventPattern | None = None
    scope: str = "MessageAttributes"
    raw: bool = False

    def compiled(self) -> FilterPolicy | EventPattern | None:
        """The compiled filter (raises PolicyError for an invalid policy)."""
        fp = self.filter_policy
        if fp is None or isinstance(fp, (FilterPolicy, EventPattern)):
            return fp
        return FilterPolicy(fp, scope=self.scope)


@dataclass(frozen=True)
class Delivery:
    """What one matching subscription receives.

    ``message`` is the message as the Outbound statements for the subscription's principal
    leave it (same type as the input; de-identified where a Deidentify statement applied),
    or None when ``blocked`` (a Deny statement matched; ``reason`` says which). Findings
    never hold payload text.
    """

    subscription: Subscription
    message: Any = field(repr=False)
    blocked: bool = False
    reason: str | None = None
    findings: tuple[Any, ...] = ()


@dataclass(frozen=True)
class RouteResult(Sequence[Delivery]):
    """The deliveries for one message (a sequence, in subscription order) plus
    :attr:`skipped`, the subscriptions its filter policy kept the message from."""

    deliveries: tuple[Delivery, ...]
    skipped: tuple[Subscription, ...] = ()

    @overload
    def __getitem__(self, index: int) -> Delivery: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Delivery]: ...

    def __getitem__(self, index: int | slice) -> Delivery | Sequence[Delivery]:
        return self.deliveries[index]

    def __len__(self) -> int:
        return len(self.deliveries)

    def __iter__(self) -> Iterator[Delivery]:
        return iter(self.deliveries)

    @property
    def delivered(self) -> tuple[Delivery, ...]:
        """Deliveries that go out (not denied)."""
        return tuple(d for d in self.deliveries if not d.blocked)

    @property
    def denied(self) -> tuple[Delivery, ...]:
        """Matching subscriptions an Outbound Deny statement kept the message from."""
        return tuple(d for d in self.deliveries if d.blocked)


class Router:
    """Subscriptions compiled once; :meth:`route` evaluates all filters in one pass.

    ``guard`` is a :class:`dataguard.engine.Guard` (or anything with its ``protect``); with
    no guard every matching subscription receives the message unchanged. Invalid filter
    policies raise :class:`~dataguard.errors.PolicyError` here, at construction.
    """

    def __init__(self, subscriptions: Iterable[Subscription], guard: OutboundGuard | None = None):
        self.subscriptions: tuple[Subscription, ...] = tuple(subscriptions)
        self.guard = guard
        self._unfiltered: list[int] = []
        self._patterns: PatternSet[int] = PatternSet()
        for i, sub in enumerate(self.subscriptions):
            compiled = sub.compiled()
            if compiled is None:
                self._unfiltered.append(i)
            else:
                self._patterns.add(i, compiled)

    def matching(
        self, message: Any, attributes: Mapping[str, Any] | None = None
    ) -> list[Subscription]:
        """Subscriptions whose filter policy accepts the message (no outbound step)."""
        return [self.subscriptions[i] for i in self._matching(message, attributes)]

    def _matching(self, message: Any, attributes: Mapping[str, Any] | None) -> list[int]:
        hits = set(self._patterns.matching(message, attributes)) if len(self._patterns) else set()
        hits.update(self._unfiltered)
        return sorted(hits)

    def route(self, message: Any, attributes: Mapping[str, Any] | None = None) -> RouteResult:
        """Deliveries for ``message`` published with ``attributes`` (SNS MessageAttributes
        in Publish or notification form)."""
        indexes = self._matching(message, attributes)
        chosen = set(indexes)
        skipped = tuple(s for i, s in enumerate(self.subscriptions) if i not in chosen)
        verdicts: dict[str, VerdictLike] = {}
        deliveries: list[Delivery] = []
        for i in indexes:
            sub = self.subscriptions[i]
            if self.guard is None:
                deliveries.append(Delivery(sub, message))
                continue
            verdict = verdicts.get(sub.principal)
            if verdict is None:
                verdict = self.guard.protect(message, direction="Outbound", principal=sub.principal)
                verdicts[sub.principal] = verdict
            deliveries.append(
                Delivery(
                    sub,
                    None if verdict.blocked else verdict.message,
                    blocked=verdict.blocked,
                    reason=verdict.reason,
                    findings=tuple(verdict.findings),
                )
            )
        return RouteResult(tuple(deliveries), skipped)
