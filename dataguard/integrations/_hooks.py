"""What the boto3 hooks share: finding the event emitter, idempotent registration, verdict
bookkeeping and the synthetic response used when a whole batch is denied.

botocore emits, for each API call: ``provide-client-params`` and ``before-parameter-build``
(params may be edited in place), validation and serialization, ``before-call`` (a handler may
return ``(http_response, parsed)`` to skip the HTTP request) and ``after-call`` (``parsed`` may
be edited). The same ``context`` dict travels through all of them, which is how a handler
passes the denied entries of one request to the ``after-call`` handler of the same request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse

from ..engine import Guard, Verdict
from ..errors import Blocked
from .powertools import Telemetry, log_event, verdict_fields
from .settings import build_guard, in_lambda

CONTEXT_KEY = "dataguard"


def emitter_of(target: Any) -> Any:
    """The event emitter of a client, a boto3 Session or a botocore Session."""
    meta = getattr(target, "meta", None)
    if meta is not None and hasattr(meta, "events"):
        return meta.events  # a client
    if hasattr(target, "events"):
        return target.events  # boto3.Session: every client made from it afterwards
    if hasattr(target, "get_component"):
        return target.get_component("event_emitter")  # botocore Session
    raise TypeError(f"expected a boto3 client or Session, got {type(target).__name__}")


def register(emitter: Any, event: str, handler: Callable[..., Any], uid: str) -> None:
    """Register once: a second registration replaces the first (the newest guard wins)."""
    emitter.unregister(event, unique_id=uid)
    emitter.register(event, handler, unique_id=uid)


def synthetic_response(parsed: dict[str, Any]) -> tuple[AWSResponse, dict[str, Any]]:
    """A 200 answer for a request that must not be sent (every entry was denied)."""
    parsed.setdefault("ResponseMetadata", {"HTTPStatusCode": 200, "RetryAttempts": 0})
    return AWSResponse("https://dataguard.invalid/", 200, {}, None), parsed


def blocked_error(verdict: Verdict, operation: str) -> Blocked:
    """Blocked from a verdict: Sid and identifier names, or dataguard's own reason."""
    if verdict.sid is None and not verdict.identifiers:
        return Blocked(None, (), operation_name=operation, reason=verdict.reason)
    return Blocked(verdict.sid, verdict.identifiers, operation_name=operation)


def failure_message(verdict: Verdict) -> str:
    """The text reported for a denied batch entry: never a value."""
    return str(blocked_error(verdict, "").response["Error"]["Message"])


class HookBase:
    """A guard plus where its verdicts are counted and logged."""

    integration = "hook"

    def __init__(
        self,
        guard: Any,
        *,
        direction: str = "Inbound",
        principal: str = "*",
        telemetry: Telemetry | None = None,
    ) -> None:
        self.guard: Guard = build_guard(guard)
        self.direction = direction
        self.principal = principal
        self.telemetry = telemetry if telemetry is not None else _default_telemetry(self)

    def check(self, view: Any, what: str) -> Verdict:
        verdict = self.guard.protect(view, self.direction, self.principal)
        if self.telemetry is not None:
            self.telemetry.observe(verdict)
        if verdict.blocked:
            log_event(
                logging.WARNING,
                f"dataguard denied {what}",
                integration=self.integration,
                **verdict_fields(verdict),
            )
        return verdict

    def done(self) -> None:
        """After a request: deliver audit records (errors raise) and write metrics."""
        if self.guard.recorder is not None:
            self.guard.recorder.flush()
        if self.telemetry is not None:
            self.telemetry.flush()


def _default_telemetry(hook: HookBase) -> Telemetry | None:
    # EMF on stdout only means something where CloudWatch collects it (Lambda).
    return Telemetry(hook.integration) if in_lambda() else None
