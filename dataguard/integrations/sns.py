"""Protect what an SNS client publishes, through botocore's event system (no wrapper class).

    sns = protect_client(boto3.client("sns"), guard)          # or a boto3.Session
    sns.publish(TopicArn=arn, Message=text)                    # masked before it leaves

- ``Publish``: the message (every per-protocol message with ``MessageStructure="json"``), the
  subject and string message attributes are protected in place before the request is built. A
  Deny raises :class:`dataguard.Blocked`, a ``ClientError`` with code ``AuthorizationError``,
  the answer SNS gives a denied Publish.
- ``PublishBatch``: a denied entry is removed from the request and reported in the response's
  ``Failed`` list (``Code="AuthorizationError"``, ``SenderFault=True``) while the others are
  published. When every entry is denied, no request is sent.
- Registering twice is harmless: the second registration replaces the first.
"""

from __future__ import annotations

from typing import Any

import orjson

from ..engine import Verdict
from ._hooks import (
    CONTEXT_KEY,
    HookBase,
    blocked_error,
    emitter_of,
    failure_message,
    register,
    synthetic_response,
)
from .powertools import Telemetry, subsegment

_UID = "dataguard.sns"
_STRING_TYPES = ("String", "String.Array")


def message_view(entry: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The scannable part of a Publish request or batch entry, and whether the message is a
    per-protocol JSON map."""
    view: dict[str, Any] = {}
    message = entry.get("Message")
    per_protocol = False
    if entry.get("MessageStructure") == "json" and isinstance(message, str):
        try:
            parsed = orjson.loads(message)
        except orjson.JSONDecodeError:
            parsed = None
        if isinstance(parsed, dict):
            view["Message"], per_protocol = parsed, True
    if not per_protocol:
        view["Message"] = message
    if isinstance(entry.get("Subject"), str):
        view["Subject"] = entry["Subject"]
    attrs = {
        k: a["StringValue"]
        for k, a in (entry.get("MessageAttributes") or {}).items()
        if isinstance(a, dict)
        and a.get("DataType", "").split(".")[0] == "String"
        and isinstance(a.get("StringValue"), str)
    }
    if attrs:
        view["MessageAttributes"] = attrs
    return view, per_protocol


def write_back(entry: dict[str, Any], view: dict[str, Any], protected: dict[str, Any]) -> None:
    """Put the protected values into the request entry, in place."""
    per_protocol = isinstance(view["Message"], dict)
    if protected["Message"] != view["Message"]:
        msg = protected["Message"]
        entry["Message"] = orjson.dumps(msg).decode() if per_protocol else msg
    if "Subject" in view and protected["Subject"] != view["Subject"]:
        entry["Subject"] = protected["Subject"]
    for k, v in (protected.get("MessageAttributes") or {}).items():
        if v != view["MessageAttributes"][k]:
            attrs = dict(entry["MessageAttributes"])
            attrs[k] = {**attrs[k], "StringValue": v}
            entry["MessageAttributes"] = attrs


class SnsHook(HookBase):
    """The handlers registered on an SNS client's (or Session's) event emitter."""

    integration = "sns"

    def protect_entry(self, entry: dict[str, Any], what: str) -> Verdict:
        view, _ = message_view(entry)
        verdict = self.check(view, what)
        if not verdict.blocked and verdict.message is not view:
            write_back(entry, view, verdict.message)
        return verdict

    def before_publish(self, params: dict[str, Any], **kwargs: Any) -> None:
        with subsegment("dataguard.sns.Publish"):
            verdict = self.protect_entry(params, "a Publish")
        self.done()
        if verdict.blocked:
            raise blocked_error(verdict, "Publish")

    def before_publish_batch(
        self, params: dict[str, Any], context: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        entries = params.get("PublishBatchRequestEntries") or []
        kept: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        with subsegment("dataguard.sns.PublishBatch"):
            for original in entries:
                entry = dict(original)  # the caller's own dicts stay as they were
                verdict = self.protect_entry(entry, "a PublishBatch entry")
                if verdict.blocked:
                    failed.append(
                        {
                            "Id": entry.get("Id"),
                            "Code": "AuthorizationError",
                            "Message": failure_message(verdict),
                            "SenderFault": True,
                        }
                    )
                else:
                    kept.append(entry)
        self.done()
        params["PublishBatchRequestEntries"] = kept
        if failed and context is not None:
            context[CONTEXT_KEY] = {"failed": failed, "send": bool(kept)}
        elif failed:  # no context to carry the report: refuse rather than drop silently
            raise blocked_error(Verdict(True, None, reason=failed[0]["Message"]), "PublishBatch")

    def before_call_batch(
        self, context: dict[str, Any] | None = None, **kwargs: Any
    ) -> tuple[Any, dict[str, Any]] | None:
        state = (context or {}).get(CONTEXT_KEY)
        if state is not None and not state["send"]:
            return synthetic_response({"Successful": [], "Failed": []})
        return None

    def after_call_batch(
        self, parsed: dict[str, Any], context: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        state = (context or {}).pop(CONTEXT_KEY, None)
        if state is not None and isinstance(parsed, dict) and "Error" not in parsed:
            parsed.setdefault("Failed", [])
            parsed["Failed"].extend(state["failed"])
            parsed.setdefault("Successful", [])


def protect_client(
    client: Any,
    guard: Any,
    *,
    principal: str = "*",
    direction: str = "Inbound",
    telemetry: Telemetry | None = None,
) -> Any:
    """Register dataguard on an SNS client or a boto3 Session; returns ``client``.

    ``guard`` is a Guard, Policy, policy path/document or ``ssm:``/``appconfig:`` reference.
    ``principal`` is the publisher as the policy's Inbound statements name it.
    """
    hook = SnsHook(guard, direction=direction, principal=principal, telemetry=telemetry)
    events = emitter_of(client)
    register(events, "before-parameter-build.sns.Publish", hook.before_publish, _UID + ".p")
    register(
        events,
        "before-parameter-build.sns.PublishBatch",
        hook.before_publish_batch,
        _UID + ".b",
    )
    register(events, "before-call.sns.PublishBatch", hook.before_call_batch, _UID + ".bc")
    register(events, "after-call.sns.PublishBatch", hook.after_call_batch, _UID + ".ac")
    return client


__all__ = ["SnsHook", "message_view", "protect_client", "write_back"]
