"""Parse and validate an Amazon SNS data protection policy into a frozen ``Policy``.

``load_policy`` accepts a path, JSON text, bytes or an already-parsed ``dict``, checks the
document against the rules below in one pass and raises :class:`~dataguard.errors.PolicyError`
(one problem) or :class:`~dataguard.errors.PolicyErrors` (several, each with its RFC 6901 JSON
pointer). It runs once per process (policy load), never per message; the result is immutable
and safe to share between threads.

Rules enforced, with the page each comes from (SNS developer guide unless noted):

* Whole policy at most 30,720 characters of JSON text (for ``dict`` input: its compact JSON
  dump). -- SNS API reference, PutDataProtectionPolicy: "Length Constraints: Maximum length of
  30,720" (also in botocore's SNS service model).
* The document is a JSON object with ``Name`` (required, non-empty string), ``Description``
  (optional string), ``Version`` (required, only ``"2021-06-01"``), ``Statement`` (required,
  non-empty list) and ``Configuration`` (optional object); any other key is rejected; JSON
  objects must not repeat a key. -- "Understanding data protection policies", *JSON properties
  for the data protection policy* ("The current version is 2021-06-01").
* Statement keys: ``Sid`` (optional string), ``DataDirection`` (``Inbound`` | ``Outbound``),
  ``Principal`` (non-empty list of ``"*"``, IAM/STS principal ARNs or 12-digit account ids),
  ``DataIdentifier`` (non-empty list), ``Operation``; other keys rejected. -- same page,
  *JSON properties for a policy statement*; principals: "How do I determine the IAM principals
  for my data protection policy?" (Publish API principal / Subscription principal).
* ``DataIdentifier`` entries are managed identifier ARNs
  ``arn:<partition>:dataprotection::aws:data-identifier/<Name>`` (partition ``aws``,
  ``aws-cn`` or ``aws-us-gov``) naming an identifier in the catalogue, or the name of a custom
  identifier defined in ``Configuration.CustomDataIdentifier``. -- "Managed data identifiers"
  and the "Sensitive data types" pages (ARN lists, ``arn:aws-cn:`` on the China pages);
  "Custom data identifiers" (custom ones are referred to by name).
* ``Operation`` holds exactly one of ``Audit``, ``Deidentify``, ``Deny``. -- "Data protection
  policy operations" ("A policy statement sets one of the following data protection
  operations").
* ``Audit``: ``SampleRate`` an integer 0-99 (a JSON number or a string of digits, as AWS's
  own examples write ``"99"``); at least one of ``FindingsDestination`` /
  ``NoFindingsDestination``, each an object of optional ``CloudWatchLogs{LogGroup}``,
  ``Firehose{DeliveryStream}``, ``S3{Bucket}``; the log group "must start with
  /aws/vendedlogs/"; only one Audit statement per policy; Audit statements must be
  ``Inbound`` ("The Audit operation samples topic inbound messages"). -- "Data protection
  policy operations", *Audit operation*; "Creating data protection policies" ("one or more
  de-identify and deny statements, but only one audit statement"). Name formats: CloudWatch
  Logs / Firehose API (log group ``[.\\-_/#A-Za-z0-9]{1,512}``, delivery stream
  ``[a-zA-Z0-9_.-]{1,64}``), S3 bucket naming rules (3-63 lowercase letters, digits, dots,
  hyphens, starting and ending with a letter or digit).
* ``Deidentify``: exactly one of ``MaskConfig`` / ``RedactConfig``; ``RedactConfig`` is ``{}``;
  ``MaskConfig`` may hold ``MaskWithCharacter``, one character from AWS's table of supported
  mask characters (``MASK_CHARACTERS``; ``*`` when absent, as CloudWatch Logs, which shares the
  language, masks); De-identify statements must be ``Inbound`` ("This operation is available
  for inbound messages only"). -- "Data protection policy operations", *De-identify operation*.
* ``Deny`` is ``{}``. -- same page, *Deny operation* ("The Deny operation object is empty").
* ``Configuration`` keys: ``CustomDataIdentifier`` (list of ``{Name, Regex}``) and the
  dataguard extension block ``dataguard`` (an object, passed through as
  ``Policy.extensions``); at most 10 custom identifiers; ``Name`` 1-128 characters of
  ``a-zA-Z0-9_-``, unique, and not the name of a managed identifier; ``Regex`` 1-200
  characters from alphanumerics, ``_ # = @ / ; , -`` space and ``^ $ ? [ ] { } | \\ * + .``;
  the regex must compile (google-re2); every custom name a statement uses must be defined.
  -- "Custom data identifiers", *Custom data identifier constraints* (SNS and CloudWatch Logs
  pages state the same limits); "If the RegEx is too complicated, Amazon SNS will fail the API
  call" (console page).

Not documented by AWS and therefore *not* rejected: duplicate ``Sid`` values, custom
identifiers that no statement uses, an identifier repeated within one statement (kept once).
"""

from __future__ import annotations

import json
import logging
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from copy import deepcopy
from pathlib import Path
from typing import Any

from dataguard.errors import DataguardWarning, PolicyError, PolicyErrors
from dataguard.policy.model import (
    AuditOperation,
    CustomIdentifier,
    DeidentifyOperation,
    FindingsDestination,
    Policy,
    Statement,
)

__all__ = [
    "EXTENSION_KEYS",
    "MASK_CHARACTERS",
    "MAX_CUSTOM_IDENTIFIERS",
    "MAX_POLICY_CHARS",
    "POLICY_VERSION",
    "load_policy",
]

_log = logging.getLogger("dataguard")

POLICY_VERSION = "2021-06-01"
MAX_POLICY_CHARS = 30_720
MAX_CUSTOM_IDENTIFIERS = 10
MAX_CUSTOM_NAME = 128
MAX_CUSTOM_REGEX = 200
DEFAULT_MASK_CHARACTER = "*"

# The characters AWS's "Supported mask character" table lists for MaskWithCharacter:
# asterisk, alphanumerics, space and ! $ % & ( ) + , - . / \ # : ; = < > @ [ ] ^ _ ` | ~
MASK_CHARACTERS = frozenset(
    "*ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 !$%&()+,-./\\#:;=<>@[]^_`|~"
)

# "Custom data identifier constraints": alphanumerics, symbols and RegEx reserved characters.
_REGEX_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_#=@/;,- ^$?[]{}|\\*+."
)
_CUSTOM_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,128}\Z")

# Reserved keys of the ``Configuration.dataguard`` extension block (validated by their users).
EXTENSION_KEYS = (
    "failure_mode",
    "max_payload_bytes",
    "max_depth",
    "ner",
    "keywords",
    "outbound_deidentify",
)

_IDENTIFIER_ARN_RE = re.compile(
    r"arn:(?P<partition>aws|aws-cn|aws-us-gov):dataprotection::aws:data-identifier/(?P<name>.*)\Z"
)
_PRINCIPAL_ARN_RE = re.compile(r"arn:aws(?:-cn|-us-gov)?:(?:iam|sts)::\d{12}:\S+\Z")
_ACCOUNT_RE = re.compile(r"\d{12}\Z")
_LOG_GROUP_RE = re.compile(r"[.\-_/#A-Za-z0-9]{1,512}\Z")
_DELIVERY_STREAM_RE = re.compile(r"[a-zA-Z0-9_.-]{1,64}\Z")
_BUCKET_RE = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\Z")
_VENDED_LOGS_PREFIX = "/aws/vendedlogs/"

_TOP_KEYS = ("Name", "Description", "Version", "Statement", "Configuration")
_STATEMENT_KEYS = ("Sid", "DataDirection", "Principal", "DataIdentifier", "Operation")
_OPERATIONS = ("Audit", "Deidentify", "Deny")
_DIRECTIONS = ("Inbound", "Outbound")
_AUDIT_KEYS = ("SampleRate", "FindingsDestination", "NoFindingsDestination")
_DESTINATION_KEYS = ("CloudWatchLogs", "Firehose", "S3")
_CONFIGURATION_KEYS = ("CustomDataIdentifier", "dataguard")


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _ptr(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + _escape(t) for t in tokens)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def load_policy(source: str | os.PathLike[str] | bytes | Mapping[str, Any]) -> Policy:
    """Load and validate an SNS data protection policy.

    ``source`` is a path (a ``str`` naming an existing file, or a ``PathLike``), JSON text (a
    ``str`` whose first non-blank character is ``{``), UTF-8 ``bytes``, or a parsed mapping.
    Raises :class:`PolicyError` for one problem and :class:`PolicyErrors` (a subclass) listing
    every problem found, each with its JSON pointer. Emits one :class:`DataguardWarning` (also
    logged on the ``dataguard`` logger) when the policy names managed identifiers the catalogue
    cannot detect. Cost: one JSON parse and one regex compile per custom identifier.
    """
    text, document, path = _read(source)
    if text is not None:
        document = _parse(text, path)
    else:
        assert document is not None  # _read sets exactly one of the two
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=str)
    return _Validator(document, text, path).run()


def _read(
    source: object,
) -> tuple[str | None, dict[str, Any] | None, str | None]:
    """Return (json_text, parsed_dict, path) for any accepted input; exactly one of the first
    two is set."""
    if isinstance(source, Mapping):
        return None, dict(source), None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _decode(bytes(source), None), None, None
    if isinstance(source, str):
        if source.lstrip().startswith("{"):
            return source, None, None
        return _read_file(source), None, source
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        return _read_file(path), None, path
    raise PolicyError(
        "",
        f"expected a path, JSON text, bytes or a dict, got {type(source).__name__}",
    )


def _decode(data: bytes, path: str | None) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PolicyError(
            "", f"policy is not UTF-8 text (invalid byte at offset {exc.start})", source=path
        ) from None


def _read_file(path: str) -> str:
    p = Path(path)
    if not path.strip():
        raise PolicyError("", "policy source is an empty string, not a path or JSON text")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise PolicyError("", f"policy file not found: {path}", source=path) from None
    except IsADirectoryError:
        raise PolicyError("", f"policy path is a directory: {path}", source=path) from None
    except OSError as exc:
        raise PolicyError(
            "", f"cannot read policy file {path}: {exc.strerror or exc}", source=path
        ) from None
    return _decode(data, path)


def _parse(text: str, path: str | None) -> dict[str, Any]:
    try:
        document = json.loads(text, object_pairs_hook=_reject_duplicates)
    except _DuplicateKeyError as exc:
        raise PolicyError(
            "", f"malformed policy: duplicate key {exc.key!r} in a JSON object", source=path
        ) from None
    except json.JSONDecodeError as exc:
        reason = f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        if exc.msg.startswith("Invalid \\escape"):
            reason += r" (write a regex backslash as \\ inside a JSON string)"
        raise PolicyError("", reason, source=path) from None
    except RecursionError:
        raise PolicyError("", "malformed JSON: nested too deeply", source=path) from None
    if not isinstance(document, dict):
        raise PolicyError(
            "",
            f"a data protection policy is a JSON object, not {_type_name(document)}",
            source=path,
        )
    return document


class _Validator:
    """One validation pass over a parsed policy, collecting every problem it finds."""

    def __init__(self, document: dict[str, Any], text: str, path: str | None) -> None:
        self.document = document
        self.text = text
        self.path = path
        self.errors: list[PolicyError] = []

    def error(self, pointer: str, reason: str) -> None:
        self.errors.append(PolicyError(pointer, reason, source=self.path))

    # ---- generic shape checks ------------------------------------------------------------

    def object(self, value: Any, pointer: str, allowed: Iterable[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(pointer, f"expected an object, got {_type_name(value)}")
            return None
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.error(
                    _ptr(pointer, key),
                    f"unknown key {key!r}; expected one of {', '.join(allowed)}",
                )
        return value

    def string(self, value: Any, pointer: str, *, empty: bool = False) -> str | None:
        if not isinstance(value, str):
            self.error(pointer, f"expected a string, got {_type_name(value)}")
            return None
        if not empty and not value:
            self.error(pointer, "must not be empty")
            return None
        return value

    def required(self, obj: dict[str, Any], key: str, pointer: str, what: str) -> bool:
        if key not in obj:
            self.error(_ptr(pointer, key), f"{key} is required: {what}")
            return False
        return True

    # ---- the policy ----------------------------------------------------------------------

    def run(self) -> Policy:
        if len(self.text) > MAX_POLICY_CHARS:
            # Nothing else is worth reporting about a policy SNS refuses outright.
            raise PolicyError(
                "",
                f"policy is {len(self.text):,} characters; the data protection policy has a "
                f"maximum length of {MAX_POLICY_CHARS:,}",
                source=self.path,
            )
        doc = self.object(self.document, "", _TOP_KEYS)
        if doc is None:
            raise self.errors[0]

        name = None
        if self.required(doc, "Name", "", "the policy name"):
            name = self.string(doc["Name"], "/Name")
        description = None
        if "Description" in doc:
            description = self.string(doc["Description"], "/Description", empty=True)
        version = POLICY_VERSION
        if self.required(doc, "Version", "", f"the policy language version, {POLICY_VERSION}"):
            v = doc["Version"]
            if v != POLICY_VERSION:
                self.error(
                    "/Version",
                    f"unsupported Version {v!r}; the current version is {POLICY_VERSION}",
                )

        customs, extensions = self.configuration(doc.get("Configuration"), "Configuration" in doc)
        custom_names = {c.name for c in customs}
        # dataguard extension: per-subscriber masking, which SNS itself does not offer
        self.outbound_deidentify = extensions.get("outbound_deidentify") is True

        statements: list[Statement] = []
        used_custom: set[str] = set()
        if self.required(doc, "Statement", "", "a list of statements"):
            raw = doc["Statement"]
            if not isinstance(raw, list):
                self.error("/Statement", f"expected an array, got {_type_name(raw)}")
            elif not raw:
                self.error("/Statement", "a data protection policy needs at least one statement")
            else:
                audit_seen: str | None = None
                for i, item in enumerate(raw):
                    operation = item.get("Operation") if isinstance(item, dict) else None
                    if isinstance(operation, dict) and "Audit" in operation:
                        if audit_seen is not None:
                            self.error(
                                _ptr("/Statement", i, "Operation", "Audit"),
                                "a data protection policy can have only one audit statement "
                                f"(the first is {audit_seen})",
                            )
                        else:
                            audit_seen = _ptr("/Statement", i)
                    st = self.statement(item, i, custom_names, used_custom)
                    if st is not None:
                        statements.append(st)

        if self.errors:
            if len(self.errors) == 1:
                raise self.errors[0]
            raise PolicyErrors(self.errors, source=self.path)

        policy = Policy(
            name=name,
            description=description,
            version=version,
            statements=tuple(statements),
            custom_identifiers=tuple(customs),
            extensions=extensions,
            undetectable=(),
            source=self.path,
            document=self.document,
        )
        undetectable = _undetectable(policy.identifiers, custom_names)
        if undetectable:
            message = (
                "policy names managed data identifiers dataguard cannot detect yet "
                f"(they will never produce findings): {', '.join(undetectable)}"
            )
            _log.warning(message)
            warnings.warn(message, DataguardWarning, stacklevel=3)
            policy = Policy(
                name=policy.name,
                description=policy.description,
                version=policy.version,
                statements=policy.statements,
                custom_identifiers=policy.custom_identifiers,
                extensions=policy.extensions,
                undetectable=undetectable,
                source=policy.source,
                document=policy.document,
            )
        return policy

    # ---- Configuration -------------------------------------------------------------------

    def configuration(
        self, value: Any, present: bool
    ) -> tuple[list[CustomIdentifier], dict[str, Any]]:
        if not present:
            return [], {}
        conf = self.object(value, "/Configuration", _CONFIGURATION_KEYS)
        if conf is None:
            return [], {}
        extensions: dict[str, Any] = {}
        if "dataguard" in conf:
            ext = conf["dataguard"]
            if isinstance(ext, dict):
                extensions = deepcopy(ext)
            else:
                self.error(
                    "/Configuration/dataguard",
                    f"the dataguard extension block must be an object, got {_type_name(ext)}",
                )
        customs: list[CustomIdentifier] = []
        if "CustomDataIdentifier" in conf:
            customs = self.custom_identifiers(
                conf["CustomDataIdentifier"], "/Configuration/CustomDataIdentifier"
            )
        return customs, extensions

    def custom_identifiers(self, value: Any, pointer: str) -> list[CustomIdentifier]:
        if not isinstance(value, list):
            self.error(pointer, f"expected an array, got {_type_name(value)}")
            return []
        if len(value) > MAX_CUSTOM_IDENTIFIERS:
            self.error(
                pointer,
                f"{len(value)} custom data identifiers; a maximum of {MAX_CUSTOM_IDENTIFIERS} "
                "custom data identifiers are supported for each data protection policy",
            )
        managed = _managed_names()
        out: list[CustomIdentifier] = []
        seen: dict[str, str] = {}
        for i, item in enumerate(value):
            p = _ptr(pointer, i)
            obj = self.object(item, p, ("Name", "Regex"))
            if obj is None:
                continue
            name = regex = None
            if self.required(obj, "Name", p, "the custom data identifier name"):
                name = self.custom_name(obj["Name"], _ptr(p, "Name"), managed)
            if self.required(obj, "Regex", p, "the custom data identifier regular expression"):
                regex = self.custom_regex(obj["Regex"], _ptr(p, "Regex"))
            if name is not None:
                if name in seen:
                    self.error(
                        _ptr(p, "Name"),
                        f"custom data identifier name {name!r} is already defined at {seen[name]}",
                    )
                    continue
                seen[name] = _ptr(p, "Name")
            if name is not None and regex is not None:
                out.append(CustomIdentifier(name=name, regex=regex))
        return out

    def custom_name(self, value: Any, pointer: str, managed: frozenset[str]) -> str | None:
        name = self.string(value, pointer)
        if name is None:
            return None
        if len(name) > MAX_CUSTOM_NAME:
            self.error(
                pointer,
                f"custom data identifier names have a maximum length of {MAX_CUSTOM_NAME} "
                f"characters (got {len(name)})",
            )
            return None
        if not _CUSTOM_NAME_RE.match(name):
            self.error(
                pointer,
                f"custom data identifier name {name!r} may contain only alphanumeric "
                "characters (a-zA-Z0-9) and the symbols '_' and '-'",
            )
            return None
        if name in managed:
            self.error(
                pointer,
                f"custom data identifiers cannot share the same name as a managed data "
                f"identifier ({name!r})",
            )
            return None
        return name

    def custom_regex(self, value: Any, pointer: str) -> str | None:
        regex = self.string(value, pointer)
        if regex is None:
            return None
        ok = True
        if len(regex) > MAX_CUSTOM_REGEX:
            self.error(
                pointer,
                f"RegEx has a maximum length of {MAX_CUSTOM_REGEX} characters (got {len(regex)})",
            )
            ok = False
        bad = sorted({c for c in regex if c not in _REGEX_CHARS})
        if bad:
            shown = " ".join(repr(c) for c in bad[:10])
            self.error(
                pointer,
                f"RegEx contains unsupported characters {shown}; supported are "
                "alphanumerics, the symbols _ # = @ / ; , - and space, and the RegEx reserved "
                "characters ^ $ ? [ ] { } | \\ * + .",
            )
            ok = False
        if not ok:
            return None
        problem = _re2_problem(regex)
        if problem is not None:
            self.error(pointer, f"RegEx does not compile: {problem}")
            return None
        return regex

    # ---- Statement -----------------------------------------------------------------------

    def statement(
        self, value: Any, index: int, custom_names: set[str], used_custom: set[str]
    ) -> Statement | None:
        p = _ptr("/Statement", index)
        obj = self.object(value, p, _STATEMENT_KEYS)
        if obj is None:
            return None
        n_errors = len(self.errors)

        sid = None
        if "Sid" in obj:
            sid = self.string(obj["Sid"], _ptr(p, "Sid"))

        direction = None
        if self.required(obj, "DataDirection", p, "Inbound or Outbound"):
            d = obj["DataDirection"]
            if d in _DIRECTIONS:
                direction = d
            else:
                self.error(
                    _ptr(p, "DataDirection"),
                    f"DataDirection must be Inbound (for Publish API requests) or Outbound "
                    f"(for notification deliveries), got {d!r}",
                )

        principals: tuple[str, ...] = ()
        if self.required(obj, "Principal", p, 'a list of IAM principals or "*"'):
            principals = self.principals(obj["Principal"], _ptr(p, "Principal"))

        identifiers: tuple[str, ...] = ()
        if self.required(obj, "DataIdentifier", p, "a list of data identifiers"):
            identifiers = self.identifiers(
                obj["DataIdentifier"], _ptr(p, "DataIdentifier"), custom_names, used_custom
            )

        operation = audit = deidentify = None
        if self.required(obj, "Operation", p, "one of Audit, Deidentify, Deny"):
            operation, audit, deidentify = self.operation(obj["Operation"], _ptr(p, "Operation"))

        if operation == "Audit" and direction == "Outbound":
            self.error(
                _ptr(p, "DataDirection"),
                "the Audit operation samples topic inbound messages: an Audit statement must "
                "have DataDirection Inbound",
            )
        if operation == "Deidentify" and direction == "Outbound" and not self.outbound_deidentify:
            self.error(
                _ptr(p, "DataDirection"),
                "the De-identify operation is available for inbound messages only (dataguard "
                "can de-identify per subscriber with Configuration.dataguard.outbound_deidentify)",
            )

        if len(self.errors) != n_errors or direction is None or operation is None:
            return None
        return Statement(
            sid=sid,
            direction=direction,
            principals=principals,
            identifiers=identifiers,
            operation=operation,
            audit=audit,
            deidentify=deidentify,
            index=index,
            pointer=p,
        )

    def principals(self, value: Any, pointer: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.error(pointer, f"expected an array, got {_type_name(value)}")
            return ()
        if not value:
            self.error(pointer, 'Principal needs at least one IAM principal or "*"')
            return ()
        out: dict[str, None] = {}
        for i, item in enumerate(value):
            s = self.string(item, _ptr(pointer, i))
            if s is None:
                continue
            if s == "*" or _PRINCIPAL_ARN_RE.match(s) or _ACCOUNT_RE.match(s):
                out.setdefault(s, None)
            else:
                self.error(
                    _ptr(pointer, i),
                    f'principal {s!r} is not "*", an IAM principal ARN '
                    "(arn:aws:iam::123456789012:user/Name) or an account id",
                )
        return tuple(out)

    def identifiers(
        self, value: Any, pointer: str, custom_names: set[str], used_custom: set[str]
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.error(pointer, f"expected an array, got {_type_name(value)}")
            return ()
        if not value:
            self.error(pointer, "DataIdentifier needs at least one data identifier")
            return ()
        managed = _managed_names()
        out: dict[str, None] = {}
        for i, item in enumerate(value):
            p = _ptr(pointer, i)
            s = self.string(item, p)
            if s is None:
                continue
            m = _IDENTIFIER_ARN_RE.match(s)
            if m:
                name = m.group("name")
                if name not in managed:
                    self.error(p, f"unknown managed data identifier {name!r}")
                    continue
                out.setdefault(name, None)
            elif s.startswith("arn:"):
                self.error(
                    p,
                    f"{s!r} is not a managed data identifier ARN "
                    "(arn:aws:dataprotection::aws:data-identifier/<Name>)",
                )
            elif s in custom_names:
                used_custom.add(s)
                out.setdefault(s, None)
            elif s in managed:
                self.error(
                    p,
                    f"managed data identifiers are referred to by ARN: use "
                    f"arn:aws:dataprotection::aws:data-identifier/{s}",
                )
            else:
                self.error(
                    p,
                    f"{s!r} is neither a managed data identifier ARN nor a custom data "
                    "identifier defined in Configuration.CustomDataIdentifier",
                )
        return tuple(out)

    # ---- Operation -----------------------------------------------------------------------

    def operation(
        self, value: Any, pointer: str
    ) -> tuple[Any, AuditOperation | None, DeidentifyOperation | None]:
        obj = self.object(value, pointer, _OPERATIONS)
        if obj is None:
            return None, None, None
        present = [k for k in _OPERATIONS if k in obj]
        if len(present) != 1:
            found = f" (found {', '.join(present)})" if present else ""
            self.error(
                pointer, f"Operation must contain exactly one of Audit, Deidentify, Deny{found}"
            )
            return None, None, None
        kind = present[0]
        p = _ptr(pointer, kind)
        if kind == "Audit":
            audit = self.audit(obj[kind], p)
            return (kind if audit else None), audit, None
        if kind == "Deidentify":
            deid = self.deidentify(obj[kind], p)
            return (kind if deid else None), None, deid
        deny = obj[kind]
        if not isinstance(deny, dict):
            self.error(p, f"expected an object, got {_type_name(deny)}")
            return None, None, None
        if deny:
            self.error(p, "the Deny operation object is empty: it takes no configuration")
            return None, None, None
        return kind, None, None

    def audit(self, value: Any, pointer: str) -> AuditOperation | None:
        obj = self.object(value, pointer, _AUDIT_KEYS)
        if obj is None:
            return None
        rate = None
        if self.required(obj, "SampleRate", pointer, "an integer between 0-99"):
            rate = _sample_rate(obj["SampleRate"])
            if rate is None:
                self.error(
                    _ptr(pointer, "SampleRate"),
                    f"the sample rate can be an integer between 0-99, got {obj['SampleRate']!r}",
                )
        findings = no_findings = None
        if "FindingsDestination" in obj:
            findings = self.destination(
                obj["FindingsDestination"], _ptr(pointer, "FindingsDestination")
            )
        if "NoFindingsDestination" in obj:
            no_findings = self.destination(
                obj["NoFindingsDestination"], _ptr(pointer, "NoFindingsDestination")
            )
        if "FindingsDestination" not in obj and "NoFindingsDestination" not in obj:
            self.error(
                pointer,
                "the Audit operation requires a FindingsDestination or a NoFindingsDestination",
            )
            return None
        if rate is None:
            return None
        return AuditOperation(
            sample_rate=rate, findings_destination=findings, no_findings_destination=no_findings
        )

    def destination(self, value: Any, pointer: str) -> FindingsDestination | None:
        obj = self.object(value, pointer, _DESTINATION_KEYS)
        if obj is None:
            return None
        log_group = stream = bucket = None
        if "CloudWatchLogs" in obj:
            log_group = self.destination_name(
                obj["CloudWatchLogs"], _ptr(pointer, "CloudWatchLogs"), "LogGroup"
            )
            if log_group is not None:
                lp = _ptr(pointer, "CloudWatchLogs", "LogGroup")
                if not log_group.startswith(_VENDED_LOGS_PREFIX):
                    self.error(lp, f"the LogGroup name must start with {_VENDED_LOGS_PREFIX}")
                elif not _LOG_GROUP_RE.match(log_group):
                    self.error(
                        lp,
                        "a log group name is 1-512 characters of a-z, A-Z, 0-9, '_', '-', "
                        "'/', '.' and '#'",
                    )
        if "Firehose" in obj:
            stream = self.destination_name(
                obj["Firehose"], _ptr(pointer, "Firehose"), "DeliveryStream"
            )
            if stream is not None and not _DELIVERY_STREAM_RE.match(stream):
                self.error(
                    _ptr(pointer, "Firehose", "DeliveryStream"),
                    "a delivery stream name is 1-64 characters of a-z, A-Z, 0-9, '_', '.' and '-'",
                )
        if "S3" in obj:
            bucket = self.destination_name(obj["S3"], _ptr(pointer, "S3"), "Bucket")
            if bucket is not None and (not _BUCKET_RE.match(bucket) or ".." in bucket):
                self.error(
                    _ptr(pointer, "S3", "Bucket"),
                    "a bucket name is 3-63 lowercase letters, numbers, dots and hyphens, "
                    "beginning and ending with a letter or number",
                )
        return FindingsDestination(
            cloudwatch_log_group=log_group, firehose_delivery_stream=stream, s3_bucket=bucket
        )

    def destination_name(self, value: Any, pointer: str, key: str) -> str | None:
        obj = self.object(value, pointer, (key,))
        if obj is None or not self.required(obj, key, pointer, f"the {key} name"):
            return None
        return self.string(obj[key], _ptr(pointer, key))

    def deidentify(self, value: Any, pointer: str) -> DeidentifyOperation | None:
        obj = self.object(value, pointer, ("MaskConfig", "RedactConfig"))
        if obj is None:
            return None
        present = [k for k in ("MaskConfig", "RedactConfig") if k in obj]
        if len(present) != 1:
            self.error(
                pointer,
                "the De-identify operation requires exactly one of MaskConfig or RedactConfig",
            )
            return None
        if present[0] == "RedactConfig":
            redact = obj["RedactConfig"]
            p = _ptr(pointer, "RedactConfig")
            if not isinstance(redact, dict):
                self.error(p, f"expected an object, got {_type_name(redact)}")
                return None
            if redact:
                self.error(p, "RedactConfig is an empty object: it takes no configuration")
                return None
            return DeidentifyOperation(mode="redact")
        p = _ptr(pointer, "MaskConfig")
        mask = self.object(obj["MaskConfig"], p, ("MaskWithCharacter",))
        if mask is None:
            return None
        char = DEFAULT_MASK_CHARACTER
        if "MaskWithCharacter" in mask:
            cp = _ptr(p, "MaskWithCharacter")
            c = self.string(mask["MaskWithCharacter"], cp)
            if c is None:
                return None
            if len(c) != 1 or c not in MASK_CHARACTERS:
                self.error(
                    cp,
                    f"MaskWithCharacter must be one supported mask character, got {c!r} "
                    "(supported: * A-Z a-z 0-9 space ! $ % & ( ) + , - . / \\ # : ; = < > @ "
                    "[ ] ^ _ ` | ~)",
                )
                return None
            char = c
        return DeidentifyOperation(mode="mask", mask_character=char)


def _sample_rate(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        rate = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and value.isascii() and value.isdigit()
    ):
        rate = int(value)
    else:
        return None
    return rate if 0 <= rate <= 99 else None


def _re2_problem(regex: str) -> str | None:
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        re2.compile(regex, options=options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        return str(detail)
    return None


def _managed_names() -> frozenset[str]:
    from dataguard.identifiers.catalogue import MANAGED

    return frozenset(MANAGED)


def _undetectable(names: Iterable[str], custom_names: set[str]) -> tuple[str, ...]:
    from dataguard.identifiers.catalogue import MANAGED

    return tuple(
        n for n in names if n not in custom_names and n in MANAGED and not MANAGED[n].detectable
    )
