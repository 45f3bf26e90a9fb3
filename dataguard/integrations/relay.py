"""SNS relay: a Lambda subscribed to an inbound topic that does what SNS message data
protection did, for topics moving off it.

Set the handler to ``dataguard.integrations.relay.handler`` and subscribe the function to the
inbound topic. For each SNS record it:

1. applies the policy's Inbound statements (principal ``DATAGUARD_PRINCIPAL``, the publisher);
   a Deny drops the message (logged, counted, audited);
2. routes the protected message to each destination in ``DATAGUARD_RELAY_DESTINATIONS``
   whose filter policy matches (SNS semantics, attribute or body scope);
3. applies the Outbound statements for that destination's principal (Deny skips it) and
   publishes to the topic, or sends to the queue (raw, or in an SNS-style envelope).

``DATAGUARD_RELAY_DESTINATIONS`` is a JSON list (inline, a file path, or ``ssm:<name>``)::

    [{"arn": "arn:aws:sqs:eu-west-1:111122223333:orders",
      "principal": "arn:aws:iam::111122223333:role/orders",
      "filterPolicy": {"event": ["order_placed"]}, "filterPolicyScope": "MessageAttributes",
      "rawMessageDelivery": true},
     {"arn": "arn:aws:sns:eu-west-1:111122223333:analytics", "principal": "*"}]

A failed send raises, so Lambda retries the event (SNS delivery is at-least-once anyway:
destinations may see a message twice).
"""

from __future__ import annotations

import base64
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import orjson

from .. import config
from ..engine import Guard
from ..errors import PolicyError
from ..routing import Router, Subscription
from .powertools import Telemetry, log_event, subsegment, verdict_fields
from .settings import GuardCache, Settings, build_guard, fetch_policy
from .sns import message_view, write_back


def load_destinations(source: Any) -> list[Subscription]:
    """Destinations from a list, JSON text, a file path or an ``ssm:`` reference."""
    doc = source
    if isinstance(source, str):
        text = source.strip()
        if text.startswith("ssm:"):
            fetched = fetch_policy(text)
            doc = orjson.loads(fetched) if not isinstance(fetched, Path) else None
        elif text.startswith("["):
            doc = orjson.loads(text)
        else:
            doc = orjson.loads(Path(text).read_bytes())
    if not isinstance(doc, list):
        raise PolicyError("", f"{config.ENV_RELAY_DESTINATIONS} must be a JSON list")
    subs: list[Subscription] = []
    for i, d in enumerate(doc):
        if isinstance(d, Subscription):
            subs.append(d)
            continue
        if not isinstance(d, Mapping) or not isinstance(d.get("arn"), str):
            raise PolicyError(f"/{i}", "each destination needs an 'arn' string")
        arn = d["arn"]
        parts = arn.split(":")
        if len(parts) < 6 or parts[0] != "arn" or parts[2] not in ("sns", "sqs"):
            raise PolicyError(f"/{i}/arn", "must be an SNS topic or SQS queue ARN")
        subs.append(
            Subscription(
                arn,
                principal=d.get("principal", "*"),
                filter_policy=d.get("filterPolicy"),
                scope=d.get("filterPolicyScope", "MessageAttributes"),
                raw=bool(d.get("rawMessageDelivery", False)),
            )
        )
    return subs


def publish_form(attrs: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """SNS notification attributes (``Type``/``Value``) in Publish form."""
    out: dict[str, dict[str, Any]] = {}
    for k, a in (attrs or {}).items():
        t = a.get("Type", "String")
        if t == "Binary":
            out[k] = {"DataType": t, "BinaryValue": base64.b64decode(a.get("Value") or "")}
        else:
            out[k] = {"DataType": t, "StringValue": a.get("Value")}
    return out


def notification_form(attrs: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    out = {}
    for k, a in attrs.items():
        if "BinaryValue" in a:
            out[k] = {"Type": a["DataType"], "Value": base64.b64encode(a["BinaryValue"]).decode()}
        else:
            out[k] = {"Type": a["DataType"], "Value": a["StringValue"]}
    return out


class Relay:
    """Inbound protection, routing, outbound protection and sending. Thread-safe."""

    def __init__(
        self,
        guard: Guard | Callable[[], Guard],
        destinations: list[Subscription],
        *,
        principal: str = "*",
        telemetry: Telemetry | None = None,
        client_factory: Callable[[str, str | None], Any] | None = None,
    ) -> None:
        self._guard = guard
        self.destinations = destinations
        self.principal = principal
        self.telemetry = telemetry or Telemetry("relay")
        self._client_factory = client_factory or _client
        self._router: Router | None = None
        self._router_guard: Guard | None = None
        self._lock = threading.Lock()
        self._queue_urls: dict[str, str] = {}

    @property
    def guard(self) -> Guard:
        g = self._guard
        return g if isinstance(g, Guard) else g()

    def router(self, guard: Guard) -> Router:
        with self._lock:
            if self._router is None or self._router_guard is not guard:
                self._router = Router(self.destinations, guard)
                self._router_guard = guard
            return self._router

    def __call__(self, event: Any, context: Any = None) -> dict[str, int]:
        return self.process(event, context)

    def process(self, event: Any, context: Any = None) -> dict[str, int]:
        guard = self.guard
        router = self.router(guard)
        summary = {"records": 0, "denied": 0, "delivered": 0, "outboundDenied": 0, "filtered": 0}
        with subsegment("dataguard.relay"):
            for record in (event or {}).get("Records", []):
                summary["records"] += 1
                self._one(guard, router, record.get("Sns") or {}, summary)
        if guard.recorder is not None:
            guard.recorder.flush()
        self.telemetry.filtered_out(summary["filtered"])
        self.telemetry.flush()
        log_event(logging.INFO, "dataguard relay", **summary)
        return summary

    def _one(
        self, guard: Guard, router: Router, sns: dict[str, Any], summary: dict[str, int]
    ) -> None:
        entry: dict[str, Any] = {
            "Message": sns.get("Message", ""),
            "MessageAttributes": publish_form(sns.get("MessageAttributes")),
        }
        if sns.get("Subject"):
            entry["Subject"] = sns["Subject"]
        view, _ = message_view(entry)
        verdict = guard.protect(view, "Inbound", self.principal, message_id=sns.get("MessageId"))
        self.telemetry.observe(verdict)
        if verdict.blocked:
            summary["denied"] += 1
            log_event(
                logging.WARNING,
                "dataguard relay dropped a denied message",
                **verdict_fields(verdict),
            )
            return
        if verdict.message is not view:
            write_back(entry, view, verdict.message)
        result = router.route(entry["Message"], attributes=entry["MessageAttributes"])
        summary["filtered"] += len(result.skipped)
        for d in result:
            if d.blocked:
                summary["outboundDenied"] += 1
                log_event(
                    logging.WARNING,
                    "dataguard relay denied a destination",
                    destination=d.subscription.arn,
                    reason=d.reason,
                    messageId=sns.get("MessageId"),
                )
                continue
            self._send(d.subscription, d.message, entry, sns)
            summary["delivered"] += 1

    def _send(
        self, sub: Subscription, message: str, entry: dict[str, Any], sns: dict[str, Any]
    ) -> None:
        parts = sub.arn.split(":")
        service, region, account, name = parts[2], parts[3], parts[4], parts[5]
        attrs = entry["MessageAttributes"]
        fifo = name.endswith(".fifo")
        mid = sns.get("MessageId") or str(uuid.uuid4())
        if service == "sns":
            kw: dict[str, Any] = {"TopicArn": sub.arn, "Message": message}
            if attrs:
                kw["MessageAttributes"] = attrs
            if entry.get("Subject"):
                kw["Subject"] = entry["Subject"]
            if fifo:
                kw.update(MessageGroupId="dataguard", MessageDeduplicationId=mid)
            self._client_factory("sns", region).publish(**kw)
            return
        sqs = self._client_factory("sqs", region)
        url = self._queue_urls.get(sub.arn)
        if url is None:
            url = sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
            self._queue_urls[sub.arn] = url
        kw = {"QueueUrl": url}
        if sub.raw:
            kw["MessageBody"] = message
            if attrs:
                kw["MessageAttributes"] = attrs
        else:
            kw["MessageBody"] = orjson.dumps(_envelope(message, entry, sns)).decode()
        if fifo:
            kw.update(MessageGroupId="dataguard", MessageDeduplicationId=mid)
        sqs.send_message(**kw)


def _envelope(message: str, entry: dict[str, Any], sns: dict[str, Any]) -> dict[str, Any]:
    """An SNS-style notification for non-raw queue delivery (unsigned: the relay is not SNS)."""
    env: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": sns.get("MessageId") or str(uuid.uuid4()),
        "TopicArn": sns.get("TopicArn"),
        "Message": message,
        "Timestamp": sns.get("Timestamp")
        or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
    }
    if entry.get("Subject"):
        env["Subject"] = entry["Subject"]
    if entry["MessageAttributes"]:
        env["MessageAttributes"] = notification_form(entry["MessageAttributes"])
    return env


_clients: dict[tuple[str, str | None], Any] = {}
_clients_lock = threading.Lock()


def _client(service: str, region: str | None) -> Any:
    key = (service, region or None)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = boto3.client(service, region_name=region or None)
        return _clients[key]


def make_relay(
    policy: Any = None,
    destinations: Any = None,
    *,
    principal: str | None = None,
    recorder: Any = None,
    telemetry: Telemetry | None = None,
    client_factory: Callable[[str, str | None], Any] | None = None,
) -> Relay:
    """A relay with explicit configuration; arguments win over ``DATAGUARD_*``."""
    settings = Settings.from_env(principal=principal)
    guard: Guard | Callable[[], Guard] = (
        GuardCache(lambda: settings).get if policy is None else build_guard(policy, recorder)
    )
    if destinations is None:
        destinations = config.env_str(config.ENV_RELAY_DESTINATIONS)
        if destinations is None:
            raise PolicyError("", f"{config.ENV_RELAY_DESTINATIONS} is not set: nowhere to relay")
    return Relay(
        guard,
        load_destinations(destinations),
        principal=settings.principal,
        telemetry=telemetry,
        client_factory=client_factory,
    )


_default: Relay | None = None
_default_lock = threading.Lock()


def default_relay() -> Relay:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = make_relay()
    return _default


def reset() -> None:
    global _default
    with _default_lock:
        _default = None
    with _clients_lock:
        _clients.clear()


def handler(event: Any, context: Any) -> dict[str, int]:
    """Lambda entry point for the relay configured from ``DATAGUARD_*``."""
    return default_relay().process(event, context)


__all__ = ["Relay", "default_relay", "handler", "load_destinations", "make_relay"]
