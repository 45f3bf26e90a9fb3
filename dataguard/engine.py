"""Guard: a compiled policy that scans and protects messages.

decode -> scan -> decide (Deny wins, then Deidentify; Audit always records) -> act.
Pure and deterministic apart from the recorder it is given; compile once per process
(Lambda init), then share between threads.
"""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from . import config
from .actions import Edit, covers_all
from .audit.recorder import Recorder
from .audit.records import build_findings_record
from .errors import DataguardError, PolicyError, ScanError
from .findings import Finding
from .identifiers.spec import IdentifierSpec
from .policy.model import Policy, Statement
from .scan.detector import CustomPattern, Detector
from .scan.message import Decoded, add_edits, decode, encode, findings_of, scan
from .scan.view import document_view, unescape_once
from .scan.walk import RawHit, Segments, Walker


@dataclass(frozen=True)
class Verdict:
    """What happened to one message. ``message`` has the input's type; its repr never shows
    payload text."""

    blocked: bool
    message: Any = field(repr=False)
    findings: tuple[Finding, ...] = ()
    reason: str | None = None
    sid: str | None = None
    actions: tuple[str, ...] = ()
    audit_record: dict[str, Any] | None = field(default=None, repr=False)
    error: DataguardError | None = None
    message_id: str | None = None

    @property
    def identifiers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.identifier for f in self.findings))

    @property
    def deidentified(self) -> bool:
        return "Deidentify" in self.actions

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary without payload text (the CLI's verdict line)."""
        return {
            "messageId": self.message_id,
            "blocked": self.blocked,
            "reason": self.reason,
            "sid": self.sid,
            "actions": list(self.actions),
            "identifiers": list(self.identifiers),
            "findings": [f.to_dict() for f in self.findings],
        }


class Guard:
    """A data protection policy compiled for scanning and protecting messages.

    Thread-safe: compiled detectors are immutable and cached per set of identifiers.
    Cost: construction compiles patterns (milliseconds); ``protect`` on a message no
    identifier can match is one DFA pass over its serialized form.
    """

    def __init__(
        self,
        policy: Policy | str | os.PathLike[str] | bytes | dict[str, Any],
        *,
        recorder: Recorder | None = None,
        resource_arn: str | None = None,
        max_payload_bytes: int | None = None,
        max_depth: int | None = None,
        failure_mode: str | None = None,
        extra_specs: Iterable[IdentifierSpec] = (),
        recognizers: Iterable[Any] = (),
        entity_map: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(policy, Policy):
            from .policy import load_policy

            policy = load_policy(policy)
        self.policy = policy
        ext = policy.extensions or {}
        self.recorder = recorder
        self.resource_arn = resource_arn or config.env_str(config.ENV_RESOURCE_ARN) or ""
        self.max_payload_bytes = _first_int(
            max_payload_bytes,
            ext.get("max_payload_bytes"),
            config.env_int(config.ENV_MAX_PAYLOAD_BYTES, config.DEFAULT_MAX_PAYLOAD_BYTES),
        )
        self.max_depth = _first_int(
            max_depth,
            ext.get("max_depth"),
            config.env_int(config.ENV_MAX_DEPTH, config.DEFAULT_MAX_DEPTH),
        )
        mode = (
            failure_mode
            or ext.get("failure_mode")
            or config.env_str(config.ENV_FAILURE_MODE, "block")
        )
        if mode not in config.FAILURE_MODES:
            raise PolicyError(
                "/Configuration/dataguard/failure_mode", f"must be one of {config.FAILURE_MODES}"
            )
        self.failure_mode = mode
        self._extra = {s.name: s for s in extra_specs}
        self._custom = {c.name: c for c in policy.custom_identifiers}
        if any(n in policy.identifiers for n in ("Name", "Address")) or recognizers:
            # NER for Name/Address (the policy's spaCy model, loaded here, once per process)
            # and user Presidio recognizers; both imported only when used.
            from .scan import nlp

            for spec in nlp.policy_specs(policy):
                self._extra.setdefault(spec.name, spec)
            if recognizers:
                from .identifiers.catalogue import MANAGED
                from .scan.recognizers import recognizer_specs

                model = nlp.model_from_extensions(ext)
                for spec in recognizer_specs(
                    recognizers,
                    entity_map,
                    base={**MANAGED, **self._extra},
                    custom={n: c.regex for n, c in self._custom.items()},
                    artifacts=nlp.artifacts_fn(model),
                ):
                    self._extra[spec.name] = spec
                    self._custom.pop(spec.name, None)
        if "keywords" in ext:  # per-identifier keyword overrides (docs/keywords.md)
            from .identifiers.catalogue import MANAGED
            from .identifiers.overrides import apply_keyword_overrides

            base = {**MANAGED, **self._extra}
            for n, spec in apply_keyword_overrides(base, ext["keywords"]).items():
                if spec is not base[n]:
                    self._extra[n] = spec
        self._lock = threading.Lock()
        self._walkers: dict[tuple[str, ...], Walker] = {}
        self._plans: dict[tuple[str, str], tuple[tuple[Statement, ...], Walker]] = {}
        self._all = self._walker_for(policy.identifiers)

    def __repr__(self) -> str:
        return f"Guard(policy={self.policy.name!r}, identifiers={len(self.policy.identifiers)})"

    # -- compile ----------------------------------------------------------------------------
    def _walker_for(self, names: Iterable[str]) -> Walker:
        key = tuple(sorted(set(names)))
        walker = self._walkers.get(key)
        if walker is not None:
            return walker
        with self._lock:
            walker = self._walkers.get(key)
            if walker is None:
                from .identifiers.catalogue import MANAGED

                specs: list[IdentifierSpec] = []
                custom: list[CustomPattern] = []
                for name in key:
                    if name in self._custom:
                        custom.append(CustomPattern(name, self._custom[name].regex))
                    elif name in self._extra:
                        specs.append(self._extra[name])
                    elif name in MANAGED:
                        specs.append(MANAGED[name])
                walker = Walker(Detector(specs, custom), max_depth=self.max_depth)
                self._walkers[key] = walker
        return walker

    # -- public API -------------------------------------------------------------------------
    def scan(self, message: Any) -> tuple[Finding, ...]:
        """Every identifier the policy names, wherever it is in ``message``. Raises
        PayloadError for undecodable input (scan is detection only: nothing to fail closed)."""
        decoded = self._decode(message)
        return findings_of(self._scan(self._all, decoded))

    def protect(
        self,
        message: Any,
        direction: str = "Inbound",
        principal: str = "*",
        *,
        message_id: str | None = None,
    ) -> Verdict:
        """Apply the statements for ``direction`` and ``principal`` to ``message``.

        Never raises for payload problems: an undecodable message or a scanning failure is
        blocked (fail closed) with the reason, unless the failure mode is ``raise``.
        """
        plan = self._plans.get((direction, principal))
        if plan is None:
            plan = self._plan(direction, principal)
        statements, walker = plan
        if not statements:
            return Verdict(False, message, message_id=message_id)
        try:
            return self._protect(message, statements, walker, direction, principal, message_id)
        except DataguardError as exc:
            return self._fail_closed(message, exc, message_id)
        except Exception as exc:  # fail closed: never pass a message on unscanned
            err = ScanError(f"scanner failure ({type(exc).__name__})")
            err.__cause__ = None
            return self._fail_closed(message, err, message_id)

    # -- internals --------------------------------------------------------------------------
    def _fail_closed(self, message: Any, exc: DataguardError, message_id: str | None) -> Verdict:
        if self.failure_mode == "raise":
            raise exc
        reason = str(exc)
        if not isinstance(exc, ScanError):
            reason += " (message blocked: dataguard fails closed)"
        return Verdict(
            True, message, reason=reason, actions=("Deny",), error=exc, message_id=message_id
        )

    def _plan(self, direction: str, principal: str) -> tuple[tuple[Statement, ...], Walker]:
        """The statements and compiled walker for one (direction, principal), cached: the
        same few principals come back on every message."""
        if direction not in ("Inbound", "Outbound"):
            raise PolicyError("", f"direction must be Inbound or Outbound, not {direction!r}")
        statements = self.policy.statements_for(direction, principal)
        walker = self._walker_for({n for st in statements for n in st.identifiers})
        plan = (statements, walker)
        if len(self._plans) < _MAX_PLANS:
            self._plans[(direction, principal)] = plan
        return plan

    def _protect(
        self,
        message: Any,
        statements: tuple[Statement, ...],
        walker: Walker,
        direction: str,
        principal: str,
        message_id: str | None,
    ) -> Verdict:
        decoded = decode(message, self.max_payload_bytes)  # (``_decode``, one call less)
        raw_hits = self._scan(walker, decoded)
        if not raw_hits:
            for st in statements:
                if st.operation == "Audit":
                    break
            else:  # nothing found and nothing to record (most messages): passed on as it came
                verdict = _new_object(Verdict)
                verdict.__dict__.update(_CLEAN, message=message, message_id=message_id)
                return verdict
        findings = findings_of(raw_hits)
        found = set(map(_IDENTIFIER, findings))

        blocked, reason, sid = False, None, None
        actions: list[str] = []
        for st in statements:
            if st.operation == "Deny" and found.intersection(st.identifiers):
                blocked, sid = True, st.sid
                hit = sorted(found.intersection(st.identifiers))
                reason = f"denied by statement {st.sid or st.index}: found {', '.join(hit)}"
                actions.append("Deny")
                break

        edits: dict[Segments, list[Edit]] = {}
        if not blocked:
            for st in statements:
                if st.operation != "Deidentify" or st.deidentify is None:
                    continue
                add_edits(
                    edits,
                    raw_hits,
                    st.identifiers,
                    st.deidentify.mode,
                    st.deidentify.mask_character or "*",
                )
            if edits:
                actions.append("Deidentify")

        out_message = message
        if edits:
            if (
                decoded.kind == "text"
                and not decoded.base
                and covers_all(decoded.doc, edits.get((), []))
            ):
                blocked, reason = True, "the entire message is sensitive"
                actions.append("Deny")
            else:
                out_message = self._encode(decoded, walker, edits)

        audit_record = None
        for st in statements:
            if st.operation == "Audit" and st.audit is not None:
                audit_record = self._audit(
                    st, findings, direction, principal, message_id, actions, blocked
                )
                if audit_record is not None:
                    actions.append("Audit")
                break
        if message_id is None and audit_record is not None:
            message_id = audit_record["messageId"]
        # (``Verdict(...)`` less the frozen dataclass's nine ``object.__setattr__`` calls)
        verdict = _new_object(Verdict)
        verdict.__dict__.update(
            blocked=blocked,
            message=message if blocked else out_message,
            findings=findings,
            reason=reason,
            sid=sid,
            actions=tuple(actions),
            audit_record=audit_record,
            error=None,
            message_id=message_id,
        )
        return verdict

    def _audit(
        self,
        st: Statement,
        findings: tuple[Finding, ...],
        direction: str,
        principal: str,
        message_id: str | None,
        actions: list[str],
        blocked: bool,
    ) -> dict[str, Any] | None:
        audit = st.audit
        assert audit is not None
        mid = message_id or str(uuid.uuid4())
        if not sampled(mid, audit.sample_rate):
            return None
        names = set(st.identifiers)
        mine = tuple(f for f in findings if f.identifier in names)
        destination = audit.findings_destination if mine else audit.no_findings_destination
        if not mine and audit.no_findings_destination is None:
            return None
        record = build_findings_record(
            message_id=mid,
            findings=mine,
            caller_principal=principal,
            resource_arn=self.resource_arn,
            direction=direction,
            policy_name=self.policy.name,
            statement_sid=st.sid,
            actions=[*actions, "Audit"],
            blocked=blocked,
        )
        if self.recorder is not None:
            self.recorder.record(record, has_findings=bool(mine), destination=destination)
        return record

    def _decode(self, message: Any) -> Decoded:
        return decode(message, self.max_payload_bytes)

    @staticmethod
    def _scan(walker: Walker, decoded: Decoded) -> list[RawHit]:
        return scan(walker, decoded)

    @staticmethod
    def _encode(decoded: Decoded, walker: Walker, edits: dict[Segments, list[Edit]]) -> Any:
        return encode(decoded, walker, edits)


_new_object = object.__new__
_IDENTIFIER = attrgetter("identifier")
# a clean message's verdict, less the message and its id: not blocked, every other default
_CLEAN: dict[str, Any] = {
    "blocked": False,
    **{
        f.name: f.default
        for f in fields(Verdict)
        if f.name not in ("blocked", "message", "message_id")
    },
}
_MAX_PLANS = 1024  # distinct (direction, principal) pairs cached per Guard


def sampled(message_id: str, sample_rate: int) -> bool:
    """SampleRate percent of messages, decided by the message id so retries agree."""
    if sample_rate <= 0:
        return False
    bucket = (
        int.from_bytes(hashlib.blake2b(message_id.encode(), digest_size=4).digest(), "big") % 100
    )
    return bucket < sample_rate


def _first_int(*values: Any) -> int:
    for v in values:
        if v is not None:
            return int(v)
    raise ValueError("no value")


__all__ = ["Guard", "Verdict", "document_view", "sampled", "unescape_once"]
