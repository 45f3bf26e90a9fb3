"""EventBridge Pipes enrichment: protect every record of a batch, drop what must not pass.

Set the Lambda handler to ``dataguard.integrations.pipes.handler`` and configure it with
``DATAGUARD_POLICY`` (file path, ``ssm:<name>`` or ``appconfig:<app>/<env>/<profile>``),
``DATAGUARD_DIRECTION`` (Inbound), ``DATAGUARD_PRINCIPAL`` (``*``) and optionally
``DATAGUARD_FILTER_POLICY`` / ``DATAGUARD_FILTER_SCOPE`` (an SNS subscription filter policy).
Or build one explicitly with :func:`make_handler`.

Contract:

- Input is the Pipes batch, a bare JSON array of records in any source shape (see
  :mod:`dataguard.integrations.sources`). Output is the kept records, in order and in the same
  shape, each payload protected and re-encoded as it came.
- Denied records and records the filter rejects are dropped (logged, counted, and audited by
  the policy's Audit statement), never raised: an enrichment cannot report partial batch
  failures, and raising would retry the whole batch.
- Infrastructure faults (policy fetch, audit delivery) raise, so Pipes retries the batch:
  nothing passes unscanned.
- The response must stay under Pipes' 6 MB payload limit; a larger one raises.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import orjson

from ..engine import Guard, Verdict
from ..errors import DataguardError, PayloadError
from . import sources
from .powertools import Telemetry, log_event, subsegment, verdict_fields
from .settings import GuardCache, Settings, build_guard, in_lambda

MAX_RESPONSE_BYTES = 6 * 1024 * 1024

Handler = Callable[[Any, Any], list[Any]]


class PipesEnricher:
    """Protects Pipes batches with one guard. Thread-safe; build once per process.

    ``guard`` is a Guard, or a callable returning the current one (the env-configured handler
    passes its cache so ``ssm:``/``appconfig:`` policy updates are picked up).
    """

    def __init__(
        self,
        guard: Guard | Callable[[], Guard],
        *,
        direction: str = "Inbound",
        principal: str = "*",
        filter_policy: Any = None,
        filter_scope: str = "MessageAttributes",
        telemetry: Telemetry | None = None,
    ) -> None:
        self._guard = guard
        self.direction = direction
        self.principal = principal
        self.filter = _compile_filter(filter_policy, filter_scope)
        self.telemetry = telemetry or Telemetry("pipes")

    @property
    def guard(self) -> Guard:
        g = self._guard
        return g if isinstance(g, Guard) else g()

    def __call__(self, event: Any, context: Any = None) -> list[Any]:
        return self.process(event, context)

    def process(self, event: Any, context: Any = None) -> list[Any]:
        guard = self.guard
        batch = event if isinstance(event, list) else [event]
        out: list[Any] = []
        with subsegment("dataguard.pipes"):
            for index, item in enumerate(batch):
                kept = self._one(guard, index, item)
                if kept is not _DROP:
                    out.append(kept)
        dropped = len(batch) - len(out)
        if guard.recorder is not None:
            guard.recorder.flush()  # AuditDeliveryError propagates: Pipes retries the batch
        self.telemetry.flush()
        size = len(orjson.dumps(out))
        if size > MAX_RESPONSE_BYTES:
            raise PayloadError(
                f"enrichment response of {size} bytes exceeds the Pipes limit of "
                f"{MAX_RESPONSE_BYTES}; lower the pipe's batch size",
                location="$",
            )
        log_event(
            logging.INFO,
            "dataguard pipes batch",
            records=len(batch),
            kept=len(out),
            dropped=dropped,
        )
        return out

    def _one(self, guard: Guard, index: int, item: Any) -> Any:
        src = sources.detect(item)
        message_id = _safe(src.message_id, item)
        try:
            view = src.view(item)
        except PayloadError as exc:  # undecodable payload: fail closed, like the engine
            verdict = _fail_closed(guard, exc, message_id)
        else:
            verdict = guard.protect(view, self.direction, self.principal, message_id=message_id)
        self.telemetry.observe(verdict)
        if verdict.blocked:
            log_event(
                logging.WARNING,
                "dataguard dropped a denied record",
                source=src.name,
                index=index,
                **verdict_fields(verdict),
            )
            return _DROP
        protected = verdict.message
        new_item = item if protected is view else src.apply(item, view, protected)
        if self.filter is not None and not self._matches(src, new_item, protected):
            self.telemetry.filtered_out()
            log_event(
                logging.INFO,
                "dataguard dropped a record the filter policy rejects",
                source=src.name,
                index=index,
                messageId=verdict.message_id,
            )
            return _DROP
        return new_item

    def _matches(self, src: sources.Source, item: Any, view: Any) -> bool:
        f = self.filter
        assert f is not None
        if f.scope == "MessageBody":
            return bool(f.matches(src.body(view)))
        attributes = src.attributes(item, view)
        if not attributes and src.name == "sqs":  # SNS -> SQS: the envelope carries them
            return bool(f.matches(item))
        return bool(f.matches(None, attributes=attributes))


_DROP = object()


def _safe(fn: Callable[[Any], Any], item: Any) -> Any:
    try:
        return fn(item)
    except (AttributeError, TypeError):
        return None


def _fail_closed(guard: Guard, exc: DataguardError, message_id: str | None) -> Verdict:
    if guard.failure_mode == "raise":
        raise exc
    return Verdict(
        True,
        None,
        reason=f"{exc} (message blocked: dataguard fails closed)",
        actions=("Deny",),
        error=exc,
        message_id=message_id,
    )


def _compile_filter(policy: Any, scope: str) -> Any:
    if policy is None or policy == "":
        return None
    from ..filtering import FilterPolicy

    return FilterPolicy(policy, scope=scope)


def make_handler(
    policy: Any = None,
    *,
    direction: str | None = None,
    principal: str | None = None,
    filter_policy: Any = None,
    filter_scope: str | None = None,
    recorder: Any = None,
    telemetry: Telemetry | None = None,
) -> PipesEnricher:
    """A Pipes enrichment handler with explicit configuration; arguments win over the env.

    ``policy`` is a path, ``ssm:``/``appconfig:`` reference, policy document, Policy or Guard;
    when None, ``DATAGUARD_POLICY`` is used (and followed for updates). Call it once at module
    scope: ``handler = make_handler("policy.json")``.
    """
    settings = Settings.from_env(
        direction=direction,
        principal=principal,
        filter_policy=filter_policy,
        filter_scope=filter_scope,
    )
    guard: Guard | Callable[[], Guard] = (
        GuardCache(lambda: settings).get if policy is None else build_guard(policy, recorder)
    )
    return PipesEnricher(
        guard,
        direction=settings.direction,
        principal=settings.principal,
        filter_policy=settings.filter_policy,
        filter_scope=settings.filter_scope,
        telemetry=telemetry,
    )


_default: PipesEnricher | None = None
_default_lock = threading.Lock()


def default_enricher() -> PipesEnricher:
    """The env-configured enricher, built once per process."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = make_handler()
    return _default


def reset() -> None:
    """Forget the env-configured enricher (tests; a changed environment)."""
    global _default
    with _default_lock:
        _default = None


def handler(event: Any, context: Any) -> list[Any]:
    """Lambda entry point for a Pipes enrichment configured from ``DATAGUARD_*``."""
    return default_enricher().process(event, context)


if in_lambda():  # Lambda init phase: compile the policy now, not on the first batch
    from .. import config as _config

    if _config.env_str(_config.ENV_POLICY):
        default_enricher().guard  # noqa: B018 - warms the guard (and fails init on a bad policy)


__all__ = ["MAX_RESPONSE_BYTES", "PipesEnricher", "default_enricher", "handler", "make_handler"]
