"""``@protect``: protect the message a function returns, for sync and async publishers.

    @protect("policies/basic-pii.json")
    def build_event(order) -> dict: ...

    @protect(guard, direction="Outbound", principal=consumer_arn)
    async def render(order) -> str: ...

The returned message keeps its type (dict, list, str, bytes) and is de-identified where a
Deidentify statement applies; a Deny raises :class:`dataguard.Blocked` (the function's result
is discarded). ``policy`` is a path, an ``ssm:``/``appconfig:`` reference, a policy document,
a loaded Policy or a Guard, compiled once when the decorator is applied; with no policy,
``DATAGUARD_POLICY`` is read on first call. See :func:`dataguard.integrations.powertools.
protect_handler` for the Powertools middleware variant.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar, overload

from ..engine import Guard
from ._hooks import blocked_error
from .powertools import Telemetry, log_event, verdict_fields
from .settings import GuardCache, build_guard, in_lambda

F = TypeVar("F", bound=Callable[..., Any])

_env_guard = GuardCache()
_cache: dict[Any, Guard] = {}
_cache_lock = threading.Lock()


def guard_for(policy: Any) -> Guard:
    """The guard for ``policy``, compiled once per process (None: ``DATAGUARD_POLICY``)."""
    if policy is None:
        return _env_guard.get()
    if isinstance(policy, Guard):
        return policy
    key: Any = policy if isinstance(policy, (str, bytes)) else id(policy)
    with _cache_lock:
        guard = _cache.get(key)
        if guard is None:
            guard = _cache[key] = build_guard(policy)
    return guard


def apply_guard(
    guard: Guard,
    message: Any,
    direction: str,
    principal: str,
    integration: str,
    telemetry: Telemetry | None = None,
) -> Any:
    """Protect ``message``; raise Blocked on Deny; deliver audit records; count."""
    verdict = guard.protect(message, direction, principal)
    if guard.recorder is not None:
        guard.recorder.flush()
    if telemetry is not None:
        telemetry.observe(verdict)
        telemetry.flush()
    if verdict.blocked:
        log_event(
            logging.WARNING,
            "dataguard denied a message",
            integration=integration,
            **verdict_fields(verdict),
        )
        raise blocked_error(verdict, "Publish")
    return verdict.message


@overload
def protect(policy: F) -> F: ...


@overload
def protect(
    policy: Any = None,
    *,
    direction: str = "Inbound",
    principal: str = "*",
    telemetry: Telemetry | None = None,
) -> Callable[[F], F]: ...


def protect(
    policy: Any = None,
    *,
    direction: str = "Inbound",
    principal: str = "*",
    telemetry: Telemetry | None = None,
) -> Any:
    """Decorate a function that returns a message so the message is protected first."""
    if callable(policy) and not isinstance(policy, Guard):  # bare @protect: policy from env
        return protect()(policy)
    guard: Guard | None = None if policy is None else guard_for(policy)
    tele = telemetry if telemetry is not None else (Telemetry("decorator") if in_lambda() else None)

    def current() -> Guard:
        return guard if guard is not None else guard_for(None)

    def decorate(fn: F) -> F:
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                result = await fn(*args, **kwargs)
                return apply_guard(current(), result, direction, principal, "decorator", tele)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = fn(*args, **kwargs)
            return apply_guard(current(), result, direction, principal, "decorator", tele)

        return wrapper  # type: ignore[return-value]

    return decorate


__all__ = ["apply_guard", "guard_for", "protect"]
