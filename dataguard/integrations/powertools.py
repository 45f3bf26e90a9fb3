"""Logs, metrics and traces for the integrations, through Powertools for AWS Lambda when it is
installed, and a plain fallback when it is not.

Nothing here ever receives a payload value: only verdict summaries (identifier names, counts,
Sids, message ids, reasons written by dataguard). Counters accumulate per invocation and are
written as one EMF document at ``flush`` so a 100-record batch costs one log line, not 100.

Also holds :func:`protect_handler`, the Powertools middleware (``lambda_handler_decorator``)
variant of :func:`dataguard.protect` for Lambda handlers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import orjson

ENV_SERVICE = "POWERTOOLS_SERVICE_NAME"
ENV_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"
ENV_METRICS_DISABLED = "POWERTOOLS_METRICS_DISABLED"
ENV_TRACE_DISABLED = "POWERTOOLS_TRACE_DISABLED"
DEFAULT_NAMESPACE = "dataguard"
DEFAULT_SERVICE = "dataguard"

# Metric names: the first two are the ones SNS message data protection publishes.
WITH_FINDINGS = "MessagesWithFindings"
WITH_NO_FINDINGS = "MessagesWithNoFindings"
BLOCKED = "MessagesBlocked"
DEIDENTIFIED = "MessagesDeidentified"
FILTERED_OUT = "MessagesFilteredOut"
FINDINGS = "Findings"  # per identifier, dimension DataIdentifier

try:  # optional dependency (extra "powertools")
    from aws_lambda_powertools.middleware_factory import lambda_handler_decorator as _ltd

    HAVE_POWERTOOLS = True
except ImportError:  # pragma: no cover - exercised only without the extra
    _ltd = None  # type: ignore[assignment]
    HAVE_POWERTOOLS = False

_logger_lock = threading.Lock()
_logger: Any = None
# The library convention: no output unless the application configures logging.
logging.getLogger("dataguard.integrations").addHandler(logging.NullHandler())


def service_name() -> str:
    return os.environ.get(ENV_SERVICE) or DEFAULT_SERVICE


def namespace() -> str:
    return os.environ.get(ENV_NAMESPACE) or DEFAULT_NAMESPACE


def use_logger(logger: Any) -> None:
    """Send dataguard's integration logs to ``logger`` (a Powertools Logger or a stdlib one)."""
    global _logger
    with _logger_lock:
        _logger = logger


def get_logger() -> Any:
    """Powertools Logger inside Lambda (or when POWERTOOLS_SERVICE_NAME is set), else the stdlib
    ``dataguard.integrations`` logger. Created on first use: importing configures nothing."""
    global _logger
    if _logger is not None:
        return _logger
    with _logger_lock:
        if _logger is None:
            in_lambda = bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))
            if HAVE_POWERTOOLS and (in_lambda or os.environ.get(ENV_SERVICE)):
                from aws_lambda_powertools import Logger

                _logger = Logger(service=service_name())
            else:
                _logger = logging.getLogger("dataguard.integrations")
    return _logger


def log_event(level: int, message: str, **fields: Any) -> None:
    """One structured log line; ``fields`` must already be value-free (names, counts, ids)."""
    logger = get_logger()
    clean = {k: v for k, v in fields.items() if v is not None}
    logger.log(level, message, extra={"dataguard": clean})


def verdict_fields(verdict: Any) -> dict[str, Any]:
    """The loggable part of a Verdict: never the message, never a value."""
    return {
        "blocked": verdict.blocked,
        "sid": verdict.sid,
        "reason": verdict.reason,
        "actions": list(verdict.actions),
        "identifiers": list(verdict.identifiers),
        "findings": len(verdict.findings),
        "messageId": verdict.message_id,
    }


class Telemetry:
    """Per-invocation counters written as CloudWatch EMF.

    Thread-safe. ``integration`` becomes the ``Integration`` dimension (pipes, sns, eventbridge,
    relay, decorator); the Powertools ``service`` dimension and namespace are reused.
    """

    def __init__(
        self,
        integration: str,
        *,
        namespace_name: str | None = None,
        service: str | None = None,
        stream: Any = None,
    ) -> None:
        self.integration = integration
        self.namespace = namespace_name or namespace()
        self.service = service or service_name()
        self._stream = stream
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.identifiers: Counter[str] = Counter()

    def observe(self, verdict: Any) -> None:
        """Count one verdict."""
        with self._lock:
            self.counts[WITH_FINDINGS if verdict.findings else WITH_NO_FINDINGS] += 1
            if verdict.blocked:
                self.counts[BLOCKED] += 1
            elif "Deidentify" in verdict.actions:
                self.counts[DEIDENTIFIED] += 1
            for f in verdict.findings:
                self.identifiers[f.identifier] += 1

    def filtered_out(self, n: int = 1) -> None:
        with self._lock:
            self.counts[FILTERED_OUT] += n

    def flush(self) -> None:
        """Write the counters as EMF (one document, plus one per identifier) and reset."""
        with self._lock:
            counts, idents = dict(self.counts), dict(self.identifiers)
            self.counts.clear()
            self.identifiers.clear()
        if not counts or _metrics_disabled():
            return
        if HAVE_POWERTOOLS and self._stream is None:
            self._flush_powertools(counts, idents)
        else:
            self._flush_emf(counts, idents)

    # -- writers ------------------------------------------------------------------------------
    def _flush_powertools(self, counts: dict[str, int], idents: dict[str, int]) -> None:
        from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

        m = EphemeralMetrics(namespace=self.namespace, service=self.service)
        m.add_dimension("Integration", self.integration)
        for name, value in counts.items():
            m.add_metric(name=name, unit=MetricUnit.Count, value=value)
        m.flush_metrics()
        for ident, value in idents.items():
            per = EphemeralMetrics(namespace=self.namespace, service=self.service)
            per.add_dimension("Integration", self.integration)
            per.add_dimension("DataIdentifier", ident)
            per.add_metric(name=FINDINGS, unit=MetricUnit.Count, value=value)
            per.flush_metrics()

    def _flush_emf(self, counts: dict[str, int], idents: dict[str, int]) -> None:
        stream = self._stream or sys.stdout
        base = {"service": self.service, "Integration": self.integration}
        stream.write(_emf(self.namespace, base, counts) + "\n")
        for ident, value in idents.items():
            dims = {**base, "DataIdentifier": ident}
            stream.write(_emf(self.namespace, dims, {FINDINGS: value}) + "\n")


def _emf(ns: str, dims: dict[str, str], values: dict[str, int]) -> str:
    doc: dict[str, Any] = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": ns,
                    "Dimensions": [list(dims)],
                    "Metrics": [{"Name": n, "Unit": "Count"} for n in values],
                }
            ],
        },
        **dims,
        **values,
    }
    return orjson.dumps(doc).decode()


def _metrics_disabled() -> bool:
    return os.environ.get(ENV_METRICS_DISABLED, "").lower() in ("1", "true")


@contextlib.contextmanager
def subsegment(name: str) -> Iterator[None]:
    """An X-Ray subsegment through Powertools Tracer when tracing is on in Lambda; else nothing.

    Annotations are counts only, added by callers through the yielded nothing: keep values out.
    """
    enabled = (
        HAVE_POWERTOOLS
        and os.environ.get("_X_AMZN_TRACE_ID")
        and os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        and os.environ.get(ENV_TRACE_DISABLED, "").lower() not in ("1", "true")
    )
    if not enabled:
        yield
        return
    try:
        from aws_lambda_powertools import Tracer

        tracer = Tracer(service=service_name())
        cm = tracer.provider.in_subsegment(name)
    except Exception:  # tracing is best effort; never fail a message over it
        yield
        return
    with cm:
        yield


# -- Powertools middleware ----------------------------------------------------------------------
def _protect_handler(
    handler: Callable[..., Any],
    event: Any,
    context: Any,
    policy: Any = None,
    direction: str = "Inbound",
    principal: str = "*",
    protect_event: bool = False,
) -> Any:
    from .decorator import apply_guard, guard_for

    guard = guard_for(policy)
    if protect_event:
        event = apply_guard(guard, event, direction, principal, "decorator")
    result = handler(event, context)
    return apply_guard(guard, result, direction, principal, "decorator")


if _ltd is not None:
    protect_handler = _ltd(_protect_handler)
else:  # pragma: no cover - same contract without Powertools

    def protect_handler(  # type: ignore[no-redef]
        handler: Callable[..., Any] | None = None, **kwargs: Any
    ) -> Any:
        def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
            def inner(event: Any, context: Any) -> Any:
                return _protect_handler(fn, event, context, **kwargs)

            return inner

        return wrap(handler) if handler is not None else wrap


protect_handler.__doc__ = """Powertools middleware: protect what a Lambda handler returns (and,
with ``protect_event=True``, the event it receives). A Deny raises :class:`dataguard.Blocked`.

    @protect_handler(policy="policies/basic-pii.json")
    def handler(event, context): ...
"""

__all__ = [
    "BLOCKED",
    "DEIDENTIFIED",
    "FILTERED_OUT",
    "FINDINGS",
    "WITH_FINDINGS",
    "WITH_NO_FINDINGS",
    "Telemetry",
    "get_logger",
    "log_event",
    "protect_handler",
    "subsegment",
    "use_logger",
    "verdict_fields",
]
