"""One error root with structured attributes, so callers never parse messages.

No error message ever contains payload text: only JSON pointers, paths, Sids, identifier
names and reasons written by dataguard itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from botocore.exceptions import ClientError


class DataguardError(Exception):
    """Root of every error dataguard raises through its public API."""


class PolicyError(DataguardError):
    """A policy, filter policy or event pattern is invalid.

    ``pointer`` is the JSON pointer (RFC 6901) of the offending element, ``reason`` says why in
    the words AWS uses where AWS documents them.
    """

    def __init__(self, pointer: str, reason: str, *, source: str | None = None) -> None:
        self.pointer = pointer or ""
        self.reason = reason
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{self.pointer or '/'}: {reason}")


class PolicyErrors(PolicyError):
    """Several problems found in one policy; ``errors`` lists each with its pointer."""

    def __init__(self, errors: Sequence[PolicyError], *, source: str | None = None) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        super().__init__(first.pointer, first.reason, source=source)
        lines = [f"{e.pointer or '/'}: {e.reason}" for e in self.errors]
        where = f"{source}: " if source else ""
        self.args = (f"{where}{len(lines)} problem(s)\n  " + "\n  ".join(lines),)


class PayloadError(DataguardError):
    """A message cannot be decoded or is outside the limits (size, depth, encoding).

    ``location`` names where (JSONPath, byte offset, line); the payload itself is never quoted.
    """

    def __init__(self, reason: str, *, location: str | None = None) -> None:
        self.reason = reason
        self.location = location
        super().__init__(f"{location}: {reason}" if location else reason)


class ScanError(DataguardError):
    """Scanning failed; the message was blocked (fail closed), never passed on unscanned."""

    def __init__(self, reason: str, *, location: str | None = None) -> None:
        self.reason = reason
        self.location = location
        text = f"{location}: {reason}" if location else reason
        super().__init__(f"{text} (message blocked: dataguard fails closed)")


class Blocked(DataguardError, ClientError):
    """A Deny statement matched. Shaped like the ``AuthorizationError`` SNS answers a denied
    Publish with, so existing botocore error handling keeps working.

    Carries the statement Sid and the identifier names found, never the values.
    """

    def __init__(
        self,
        sid: str | None,
        identifiers: Sequence[str],
        *,
        operation_name: str = "Publish",
        reason: str | None = None,
    ) -> None:
        self.sid = sid
        self.identifiers = tuple(identifiers)
        text = reason or (
            "Message blocked by data protection policy"
            + (f" statement {sid!r}" if sid else "")
            + (f": found {', '.join(self.identifiers)}" if self.identifiers else "")
        )
        ClientError.__init__(
            self,
            {
                "Error": {"Code": "AuthorizationError", "Message": text, "Type": "Sender"},
                "ResponseMetadata": {"HTTPStatusCode": 403},
            },
            operation_name,
        )

    def __reduce__(self) -> tuple[object, ...]:  # ClientError's own __reduce__ has other args
        return (_rebuild_blocked, (self.sid, self.identifiers, self.operation_name))


def _rebuild_blocked(sid: str | None, identifiers: Sequence[str], operation_name: str) -> Blocked:
    return Blocked(sid, identifiers, operation_name=operation_name)


class DataguardWarning(UserWarning):
    """Something works but not as well as asked: e.g. a policy names an identifier dataguard
    cannot detect yet. Never carries payload text."""


class AuditDeliveryError(DataguardError):
    """Findings records could not be delivered to a destination after retries.

    ``destinations`` names each failed destination (``cloudwatch:GROUP``, ``firehose:STREAM``,
    ``s3:BUCKET``, ``file:PATH``), ``pending`` counts the records still buffered (kept for the
    next flush, never dropped) and ``reason`` is the last AWS error code or exception name.
    Raised from ``Recorder.flush`` so the integration fails the invocation and the batch is
    retried; never carries record or payload text.
    """

    def __init__(self, destinations: Sequence[str], pending: int, reason: str) -> None:
        self.destinations = tuple(destinations)
        self.pending = pending
        self.reason = reason
        super().__init__(
            f"audit records not delivered to {', '.join(self.destinations)} "
            f"({pending} pending): {reason}"
        )
