"""Seeing through transport layers: SQS records and SNS notification envelopes.

A message that reached a Lambda or an EventBridge Pipe from SQS is an SQS record whose
``body`` may itself be an SNS notification whose ``Message`` is the JSON text the publisher
sent. Body-scope filter policies are written against that innermost payload, so
:func:`unwrap` peels the layers (Pipes' native filter cannot: it only sees ``body``).

Pure functions, no I/O; invalid JSON is never an error here, it is simply not a layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

MAX_LAYERS = 4  # SQS -> SNS -> (SQS -> SNS) is as deep as real deliveries nest


def decode(message: Any) -> Any:
    """JSON-decode ``str``/``bytes``; text that is not JSON is returned as the string itself."""
    if message.__class__ is dict:
        return message
    if isinstance(message, (bytes, bytearray, memoryview)):
        raw = bytes(message)
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return None
    if isinstance(message, str):
        try:
            return orjson.loads(message)
        except orjson.JSONDecodeError:
            return message
    return message


def is_sqs_record(obj: Any) -> bool:
    """An SQS message as Lambda/Pipes deliver it (``body`` text plus SQS bookkeeping)."""
    if obj.__class__ is dict and "body" not in obj:
        return False
    return (
        isinstance(obj, Mapping)
        and isinstance(obj.get("body"), str)
        and (obj.get("eventSource") == "aws:sqs" or "receiptHandle" in obj or "md5OfBody" in obj)
    )


def is_sns_envelope(obj: Any) -> bool:
    """An SNS notification as SQS/HTTP/Lambda subscribers receive it."""
    if obj.__class__ is dict and "TopicArn" not in obj:
        return False
    return (
        isinstance(obj, Mapping)
        and obj.get("Type") == "Notification"
        and isinstance(obj.get("Message"), str)
        and "TopicArn" in obj
    )


def unwrap(message: Any) -> tuple[Any, Mapping[str, Any] | None]:
    """``(payload, message_attributes)`` of the innermost message inside SQS/SNS layers.

    The attributes are those of the innermost layer that carried any (the SNS envelope's
    ``MessageAttributes`` or the SQS record's ``messageAttributes``), else None.
    """
    current = decode(message)
    attributes: Mapping[str, Any] | None = None
    for _ in range(MAX_LAYERS):
        if is_sqs_record(current):
            attrs = current.get("messageAttributes")
            if attrs:
                attributes = attrs
            current = decode(current["body"])
        elif is_sns_envelope(current):
            attrs = current.get("MessageAttributes")
            if attrs:
                attributes = attrs
            current = decode(current["Message"])
        else:
            break
    return current, attributes
