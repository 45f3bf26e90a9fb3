"""Per-source payload extraction and re-encoding for EventBridge Pipes records.

Each Pipes source sends its own flattened record shape (see ``tests/events/pipes-*.json``, taken
from the EventBridge Pipes source pages). An adapter turns a record into a *view*: a small
document holding only the fields that carry message data, decoded (base64 opened, DynamoDB typed
JSON made plain) so the scanner sees text and field names. After protection the adapter writes
the view back into a copy of the record, re-encoded the way it came, and leaves every other
field untouched. Unchanged values keep their original encoding byte for byte.

Metadata (ids, ARNs, offsets, timestamps) is not scanned: it is written by AWS, not by users.
A payload that cannot be decoded (bad base64, not UTF-8) raises PayloadError, and the caller
fails closed. Binary headers that are not UTF-8 are left as they are.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import struct
from collections.abc import Callable, Mapping
from typing import Any

import orjson

from ..errors import PayloadError

View = dict[str, Any]


# -- helpers ------------------------------------------------------------------------------------
def b64_text(value: str, where: str) -> str:
    """Base64 to UTF-8 text; PayloadError names the field, never the content."""
    try:
        return base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise PayloadError("not valid base64", location=where) from None
    except UnicodeDecodeError as exc:
        raise PayloadError(
            f"base64 content is not UTF-8 text (byte offset {exc.start})", location=where
        ) from None


def b64_encode(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def bytes_text(values: Any) -> str | None:
    """A header given as a list of byte values, as text; None when it is not UTF-8."""
    if not isinstance(values, list) or not all(isinstance(b, int) for b in values):
        return None
    try:
        return bytes(values).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def text_bytes(text: str) -> list[int]:
    return list(text.encode("utf-8"))


def json_or_text(value: Any) -> Any:
    """What a filter policy's MessageBody scope sees: parsed JSON, else the text itself."""
    if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return value
    return value


def string_attribute(value: str) -> dict[str, str]:
    return {"Type": "String", "Value": value}


# -- SQS ----------------------------------------------------------------------------------------
def sqs_md5_of_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> str:
    """MD5 of message attributes as SQS computes it (name, type, transport byte, value)."""
    out = bytearray()
    for name in sorted(attributes):
        attr = attributes[name]
        data_type = attr.get("dataType", "String")
        out += _len_prefixed(name.encode())
        out += _len_prefixed(data_type.encode())
        if data_type.startswith("Binary"):
            out += b"\x02" + _len_prefixed(base64.b64decode(attr.get("binaryValue") or ""))
        else:
            out += b"\x01" + _len_prefixed((attr.get("stringValue") or "").encode())
    return hashlib.md5(bytes(out)).hexdigest()  # SQS's checksum, not security


def _len_prefixed(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class Source:
    """One Pipes source shape. Subclasses name the fields that carry data."""

    name = "transformed"

    def view(self, item: Any) -> Any:
        """The scannable document for ``item``."""
        return item

    def apply(self, item: Any, original: Any, protected: Any) -> Any:
        """``item`` with the protected view written back, re-encoded as it came."""
        return protected

    def message_id(self, item: Any) -> str | None:
        return None

    def body(self, view: Any) -> Any:
        """The payload a MessageBody-scope filter policy is matched against."""
        return view

    def attributes(self, item: Any, view: Any) -> dict[str, Any]:
        """SNS-style message attributes for a MessageAttributes-scope filter policy."""
        return {}


class SqsSource(Source):
    name = "sqs"

    def view(self, item: Any) -> View:
        v: View = {"body": item.get("body")}
        attrs = {
            k: a["stringValue"]
            for k, a in (item.get("messageAttributes") or {}).items()
            if isinstance(a, Mapping)
            and str(a.get("dataType", "")).startswith("String")
            and isinstance(a.get("stringValue"), str)
        }
        if attrs:
            v["messageAttributes"] = attrs
        return v

    def apply(self, item: Any, original: View, protected: View) -> Any:
        new = dict(item)
        if protected["body"] != original["body"]:
            new["body"] = protected["body"]
            if isinstance(new["body"], str) and "md5OfBody" in new:
                new["md5OfBody"] = hashlib.md5(new["body"].encode()).hexdigest()
        changed = {
            k: v
            for k, v in (protected.get("messageAttributes") or {}).items()
            if v != original["messageAttributes"][k]
        }
        if changed:
            attrs = copy.deepcopy(item["messageAttributes"])
            for k, v in changed.items():
                attrs[k]["stringValue"] = v
            new["messageAttributes"] = attrs
            if new.get("md5OfMessageAttributes"):
                new["md5OfMessageAttributes"] = sqs_md5_of_attributes(attrs)
        return new

    def message_id(self, item: Any) -> str | None:
        return item.get("messageId")

    def body(self, view: View) -> Any:
        return json_or_text(view["body"])

    def attributes(self, item: Any, view: View) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, a in (item.get("messageAttributes") or {}).items():
            if not isinstance(a, Mapping):
                continue
            data_type = str(a.get("dataType", "String"))
            if data_type.startswith("Binary"):
                out[k] = {"Type": "Binary", "Value": a.get("binaryValue")}
            else:
                value = (view.get("messageAttributes") or {}).get(k, a.get("stringValue"))
                out[k] = {"Type": data_type, "Value": value}
        return out


class Base64DataSource(Source):
    """Sources whose payload is one base64 field (Kinesis ``data``, Amazon MQ ``data``)."""

    field = "data"

    def view(self, item: Any) -> View:
        raw = item.get(self.field)
        if isinstance(raw, str):
            return {self.field: b64_text(raw, f"$.{self.field}")}
        return {self.field: raw}  # already decoded by an input transformer, or absent

    def apply(self, item: Any, original: View, protected: View) -> Any:
        new = dict(item)
        value = protected[self.field]
        if value != original[self.field]:
            new[self.field] = b64_encode(value) if isinstance(item.get(self.field), str) else value
        return new

    def body(self, view: View) -> Any:
        return json_or_text(view[self.field])


class KinesisSource(Base64DataSource):
    name = "kinesis"

    def message_id(self, item: Any) -> str | None:
        return item.get("eventID") or item.get("sequenceNumber")


class ActiveMqSource(Base64DataSource):
    name = "activemq"

    def message_id(self, item: Any) -> str | None:
        return item.get("messageID")


class RabbitMqSource(Base64DataSource):
    name = "rabbitmq"

    def view(self, item: Any) -> View:
        v = super().view(item)
        headers = _rmq_headers(item)
        if headers:
            v["headers"] = headers
        return v

    def apply(self, item: Any, original: View, protected: View) -> Any:
        new = super().apply(item, original, protected)
        changed = {
            k: t for k, t in (protected.get("headers") or {}).items() if t != original["headers"][k]
        }
        if changed:
            props = copy.deepcopy(item["basicProperties"])
            for k, t in changed.items():
                old = props["headers"][k]
                props["headers"][k] = {"bytes": text_bytes(t)} if isinstance(old, dict) else t
            new["basicProperties"] = props
        return new

    def message_id(self, item: Any) -> str | None:
        props = item.get("basicProperties") or {}
        return props.get("messageId")

    def attributes(self, item: Any, view: View) -> dict[str, Any]:
        return {k: string_attribute(t) for k, t in (view.get("headers") or {}).items()}


def _rmq_headers(item: Any) -> dict[str, str]:
    headers = (item.get("basicProperties") or {}).get("headers") or {}
    out: dict[str, str] = {}
    for k, h in headers.items():
        if isinstance(h, dict) and "bytes" in h:
            text = bytes_text(h["bytes"])
            if text is not None:
                out[k] = text
        elif isinstance(h, str):
            out[k] = h
    return out


class KafkaSource(Source):
    """MSK (``aws:kafka``) and self-managed Kafka (``SelfManagedKafka``): base64 key and value,
    headers as lists of ``{name: [byte, ...]}``."""

    name = "kafka"

    def __init__(self, name: str = "kafka") -> None:
        self.name = name

    def view(self, item: Any) -> View:
        v: View = {}
        for f in ("key", "value"):
            raw = item.get(f)
            if isinstance(raw, str):
                v[f] = b64_text(raw, f"$.{f}")
            elif raw is not None:
                v[f] = raw
        headers: dict[str, str] = {}  # "<index>/<name>": keys are not scanned, values are
        for i, h in enumerate(item.get("headers") or []):
            if not isinstance(h, dict):
                continue
            for name, values in h.items():
                text = bytes_text(values)
                if text is not None:
                    headers[f"{i}/{name}"] = text
        if headers:
            v["headers"] = headers
        return v

    def apply(self, item: Any, original: View, protected: View) -> Any:
        new = dict(item)
        for f in ("key", "value"):
            if f in protected and protected[f] != original[f]:
                value = protected[f]
                new[f] = b64_encode(value) if isinstance(item.get(f), str) else value
        changed = {
            k: t for k, t in (protected.get("headers") or {}).items() if t != original["headers"][k]
        }
        if changed:
            headers = copy.deepcopy(item["headers"])
            for k, text in changed.items():
                i, name = k.split("/", 1)
                headers[int(i)][name] = text_bytes(text)
            new["headers"] = headers
        return new

    def message_id(self, item: Any) -> str | None:
        if item.get("offset") is None:
            return None
        return f"{item.get('topic')}-{item.get('partition')}-{item.get('offset')}"

    def body(self, view: View) -> Any:
        return json_or_text(view.get("value"))

    def attributes(self, item: Any, view: View) -> dict[str, Any]:
        return {
            k.split("/", 1)[1]: string_attribute(t) for k, t in (view.get("headers") or {}).items()
        }


class DynamoDbSource(Source):
    """DynamoDB Streams: Keys, NewImage and OldImage in DynamoDB-typed JSON, scanned as plain
    JSON so attribute names give context. A masked number can no longer be an ``N``; it is
    written back as an ``S`` (a number set becomes a string set)."""

    name = "dynamodb"
    parts = ("Keys", "NewImage", "OldImage")

    def view(self, item: Any) -> View:
        ddb = item.get("dynamodb") or {}
        try:
            return {p: {k: plain(v) for k, v in ddb[p].items()} for p in self.parts if p in ddb}
        except (TypeError, ValueError, AttributeError, KeyError):
            raise PayloadError("not DynamoDB-typed JSON", location="$.dynamodb") from None

    def apply(self, item: Any, original: View, protected: View) -> Any:
        if protected == original:
            return item
        ddb = dict(item["dynamodb"])
        for p in self.parts:
            if p in protected and protected[p] != original[p]:
                ddb[p] = {k: typed(ddb[p][k], protected[p][k]) for k in ddb[p]}
        new = dict(item)
        new["dynamodb"] = ddb
        return new

    def message_id(self, item: Any) -> str | None:
        return item.get("eventID")

    def body(self, view: View) -> Any:
        return view.get("NewImage") or view.get("OldImage") or view.get("Keys") or {}


def plain(v: Mapping[str, Any]) -> Any:
    """DynamoDB-typed value to plain JSON. Numbers stay strings (exact, and scannable)."""
    if len(v) != 1:
        raise ValueError("typed value must have exactly one type key")
    ((t, x),) = v.items()
    if t in ("S", "N", "B", "BOOL"):
        return x
    if t == "NULL":
        return None
    if t == "M":
        return {k: plain(y) for k, y in x.items()}
    if t == "L":
        return [plain(y) for y in x]
    if t in ("SS", "NS", "BS"):
        return list(x)
    raise ValueError(f"unknown DynamoDB type {t}")


def typed(original: Mapping[str, Any], new: Any) -> dict[str, Any]:
    """Write a protected plain value back in the original's DynamoDB type."""
    ((t, x),) = original.items()
    if t in ("BOOL", "NULL"):
        return dict(original)
    if t == "N":
        return {"N": x} if new == x else {"S": new}
    if t in ("S", "B"):
        return {t: new}
    if t == "M":
        return {"M": {k: typed(y, new[k]) for k, y in x.items()}}
    if t == "L":
        return {"L": [typed(y, n) for y, n in zip(x, new, strict=True)]}
    if t == "NS":
        return {"NS": list(x)} if list(new) == list(x) else {"SS": list(new)}
    return {t: list(new)}  # SS, BS


_BY_EVENT_SOURCE: dict[str, Callable[[], Source]] = {
    "aws:sqs": SqsSource,
    "aws:kinesis": KinesisSource,
    "aws:dynamodb": DynamoDbSource,
    "aws:amq": ActiveMqSource,
    "aws:rmq": RabbitMqSource,
    "aws:kafka": lambda: KafkaSource("msk"),
    "SelfManagedKafka": lambda: KafkaSource("kafka"),
}
_CACHE: dict[str, Source] = {}
TRANSFORMED = Source()


def detect(item: Any) -> Source:
    """The adapter for one Pipes record, by its ``eventSource``; anything else (an input
    transformer's output, a custom shape) is protected whole."""
    if isinstance(item, dict):
        es = item.get("eventSource")
        if isinstance(es, str):
            src = _CACHE.get(es)
            if src is None and es in _BY_EVENT_SOURCE:
                src = _CACHE.setdefault(es, _BY_EVENT_SOURCE[es]())
            if src is not None:
                return src
    return TRANSFORMED


__all__ = [
    "ActiveMqSource",
    "DynamoDbSource",
    "KafkaSource",
    "KinesisSource",
    "RabbitMqSource",
    "Source",
    "SqsSource",
    "detect",
    "plain",
    "sqs_md5_of_attributes",
    "typed",
]
