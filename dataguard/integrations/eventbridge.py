"""Protect the ``Detail`` of every ``PutEvents`` entry, through botocore's event system.

    events = protect_client(boto3.client("events"), guard)
    events.put_events(Entries=[...])   # each Detail protected; denied entries never sent

A denied entry is removed from the request and reported the way PutEvents reports a failed
entry: at its position in the response's ``Entries``, with ``ErrorCode="AuthorizationError"``
and ``ErrorMessage`` naming the statement and identifiers, and counted in
``FailedEntryCount``. When every entry is denied, no request is sent. Registering twice is
harmless; a boto3 Session works too (every client made from it).
"""

from __future__ import annotations

from typing import Any

from ._hooks import (
    CONTEXT_KEY,
    HookBase,
    emitter_of,
    failure_message,
    register,
    synthetic_response,
)
from .powertools import Telemetry, subsegment

_UID = "dataguard.eventbridge"
# Sent nowhere: PutEvents needs at least one entry to pass validation before ``before-call``
# can answer for a request whose entries were all denied.
_PLACEHOLDER = {"Source": "dataguard.placeholder", "DetailType": "denied", "Detail": "{}"}


class EventBridgeHook(HookBase):
    integration = "eventbridge"

    def before_put_events(
        self, params: dict[str, Any], context: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        entries = params.get("Entries") or []
        kept: list[dict[str, Any]] = []
        failed: dict[int, dict[str, str]] = {}
        with subsegment("dataguard.eventbridge.PutEvents"):
            for i, original in enumerate(entries):
                detail = original.get("Detail")
                if detail is None:
                    kept.append(original)
                    continue
                verdict = self.check(detail, "a PutEvents entry")
                if verdict.blocked:
                    failed[i] = {
                        "ErrorCode": "AuthorizationError",
                        "ErrorMessage": failure_message(verdict),
                    }
                elif verdict.message is detail:
                    kept.append(original)
                else:
                    kept.append({**original, "Detail": verdict.message})
        self.done()
        if not failed:
            params["Entries"] = kept
            return
        if context is None:  # nowhere to report the failures: refuse the call
            from ..errors import Blocked

            raise Blocked(
                None, (), operation_name="PutEvents", reason=failed[min(failed)]["ErrorMessage"]
            )
        params["Entries"] = kept or [dict(_PLACEHOLDER)]
        context[CONTEXT_KEY] = {"failed": failed, "total": len(entries), "send": bool(kept)}

    def before_call(
        self, context: dict[str, Any] | None = None, **kwargs: Any
    ) -> tuple[Any, dict[str, Any]] | None:
        state = (context or {}).get(CONTEXT_KEY)
        if state is not None and not state["send"]:
            return synthetic_response({"FailedEntryCount": 0, "Entries": []})
        return None

    def after_call(
        self, parsed: dict[str, Any], context: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        state = (context or {}).pop(CONTEXT_KEY, None)
        if state is None or not isinstance(parsed, dict) or "Error" in parsed:
            return
        sent = iter(parsed.get("Entries") or [])
        merged = []
        for i in range(state["total"]):
            merged.append(state["failed"][i] if i in state["failed"] else next(sent, {}))
        parsed["Entries"] = merged
        parsed["FailedEntryCount"] = int(parsed.get("FailedEntryCount") or 0) + len(state["failed"])


def protect_client(
    client: Any,
    guard: Any,
    *,
    principal: str = "*",
    direction: str = "Inbound",
    telemetry: Telemetry | None = None,
) -> Any:
    """Register dataguard on an EventBridge client or a boto3 Session; returns ``client``."""
    hook = EventBridgeHook(guard, direction=direction, principal=principal, telemetry=telemetry)
    events = emitter_of(client)
    register(
        events, "before-parameter-build.eventbridge.PutEvents", hook.before_put_events, _UID + ".p"
    )
    register(events, "before-call.eventbridge.PutEvents", hook.before_call, _UID + ".bc")
    register(events, "after-call.eventbridge.PutEvents", hook.after_call, _UID + ".ac")
    return client


__all__ = ["EventBridgeHook", "protect_client"]
