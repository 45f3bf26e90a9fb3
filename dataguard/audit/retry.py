"""Backoff for AWS calls made by the audit sinks.

botocore's own retries are switched off for these clients (one attempt per call) so that every
retry decision, delay and limit lives here, where tests can shrink it and where partial failures
(Firehose ``FailedPutCount``) are retried entry by entry instead of request by request.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

T = TypeVar("T")

#: Error codes AWS uses for throttling and transient server faults.
RETRYABLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "SlowDown",
        "PriorRequestNotComplete",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalFailure",
        "InternalError",
        "InternalServerError",
        "InternalServiceError",
        "InternalServiceErrorException",
        "RequestTimeout",
        "RequestTimeoutException",
        "OperationAbortedException",
    }
)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded by attempts and by a total deadline.

    Defaults keep a Lambda invocation within ~15 s of retrying per destination before the
    batch is failed (and retried by Pipes) rather than dropped.
    """

    max_attempts: int = 6
    base_delay: float = 0.1
    max_delay: float = 4.0
    deadline: float = 15.0

    def delays(self) -> list[float]:
        """Sleep before attempt 2..n (full jitter: uniform in [0, min(cap, base*2^i)])."""
        return [
            random.uniform(0, min(self.max_delay, self.base_delay * (2**i)))
            for i in range(self.max_attempts - 1)
        ]


def error_code(exc: BaseException) -> str:
    """The AWS error code, or the exception class name; never message text."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or type(exc).__name__)
    return type(exc).__name__


def is_retryable(exc: BaseException) -> bool:
    """Throttling, 5xx and connection problems are worth another try; the rest are not."""
    if isinstance(exc, ClientError):
        if error_code(exc) in RETRYABLE_CODES:
            return True
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return isinstance(status, int) and (status >= 500 or status == 429)
    return isinstance(exc, BotoConnectionError | HTTPClientError) or (
        isinstance(exc, BotoCoreError) and "Timeout" in type(exc).__name__
    )


def call_with_retry(fn: Callable[[], T], policy: RetryPolicy) -> T:
    """Run ``fn`` until it succeeds, a non-retryable error occurs, or the policy runs out
    (the last exception is then raised)."""
    start = time.monotonic()
    delays = policy.delays()
    for attempt in range(policy.max_attempts):
        try:
            return fn()
        except Exception as exc:
            last = attempt == policy.max_attempts - 1
            if last or not is_retryable(exc):
                raise
            delay = delays[attempt]
            if time.monotonic() + delay - start > policy.deadline:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def client_config(user: Config | None = None) -> Config:
    """Client settings for audit sinks: one attempt per call (we retry), short timeouts;
    anything the caller passes wins. Endpoint, region, credentials and proxies come from the
    usual boto3 configuration (``AWS_ENDPOINT_URL``, profiles, env)."""
    ours = Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=3,
        read_timeout=20,
        user_agent_extra="dataguard-audit",
    )
    return ours.merge(user) if user is not None else ours


def make_client(service: str, session: Any = None, config: Config | None = None) -> Any:
    """A boto3 client honouring the standard configuration chain."""
    import boto3

    sess = session or boto3.session.Session()
    return sess.client(service, config=client_config(config))
