"""Configuration of the Lambda integrations from ``DATAGUARD_*`` variables, and the per-process
guard they share.

``DATAGUARD_POLICY`` is a file path, ``ssm:<parameter name>`` or
``appconfig:<application>/<environment>/<profile>``; the last two are fetched through Powertools
Parameters, whose cache (``DATAGUARD_POLICY_MAX_AGE`` seconds, default 300) makes a warm call
free. The guard compiles once per process and is rebuilt only when the fetched policy text
changes, so a policy update reaches running functions without a redeploy.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .. import config
from ..audit.recorder import JsonLinesRecorder, Recorder
from ..engine import Guard
from ..errors import PolicyError
from ..policy import load_policy
from ..policy.model import Policy

DEFAULT_MAX_AGE = 300
DIRECTIONS = ("Inbound", "Outbound")
SCOPES = ("MessageAttributes", "MessageBody")


@dataclass(frozen=True)
class Settings:
    """What an integration needs besides the policy; explicit arguments win over the env."""

    policy_ref: str | None = None
    direction: str = "Inbound"
    principal: str = "*"
    filter_policy: Any = None
    filter_scope: str = "MessageAttributes"
    max_age: int = DEFAULT_MAX_AGE

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "policy_ref": config.env_str(config.ENV_POLICY),
            "direction": config.env_str(config.ENV_DIRECTION, "Inbound"),
            "principal": config.env_str(config.ENV_PRINCIPAL, "*"),
            "filter_policy": config.env_str(config.ENV_FILTER_POLICY),
            "filter_scope": config.env_str(config.ENV_FILTER_SCOPE, "MessageAttributes"),
            "max_age": config.env_int(config.ENV_POLICY_MAX_AGE, DEFAULT_MAX_AGE),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.direction not in DIRECTIONS:
            raise PolicyError("", f"{config.ENV_DIRECTION} must be Inbound or Outbound")
        if self.filter_scope not in SCOPES:
            raise PolicyError("", f"{config.ENV_FILTER_SCOPE} must be one of {SCOPES}")


def fetch_policy(ref: str, max_age: int = DEFAULT_MAX_AGE) -> str | bytes | Path:
    """The policy document a reference names (cached by Powertools for ``ssm:``/``appconfig:``)."""
    if ref.startswith("ssm:"):
        from aws_lambda_powertools.utilities import parameters

        value = parameters.get_parameter(ref[4:], max_age=max_age, decrypt=True)
        return value if isinstance(value, (str, bytes)) else orjson.dumps(value)
    if ref.startswith("appconfig:"):
        parts = ref[len("appconfig:") :].split("/")
        if len(parts) != 3 or not all(parts):
            raise PolicyError(
                "",
                "an appconfig policy reference is appconfig:<application>/<environment>/<profile>",
            )
        from aws_lambda_powertools.utilities import parameters

        app, env, profile = parts
        config = parameters.get_app_config(
            name=profile, environment=env, application=app, max_age=max_age
        )
        return config if isinstance(config, (str, bytes)) else orjson.dumps(config)
    return Path(ref)


def default_recorder(policy: Policy) -> Recorder | None:
    """Where findings records go: the policy's AWS destinations (when it audits anywhere),
    plus a local JSON Lines copy when ``DATAGUARD_AUDIT_FILE`` is set."""
    path = config.env_str(config.ENV_AUDIT_FILE)
    audits = [s.audit for s in policy.statements if s.audit is not None]
    if any(a.findings_destination or a.no_findings_destination for a in audits):
        from ..audit import build_recorder

        return build_recorder(audit_file=path)
    return JsonLinesRecorder(path) if path else None


class GuardCache:
    """The guard an integration uses, built once per process; thread-safe.

    ``get`` is cheap on a warm call: file policies are loaded once; parameter-store and
    AppConfig policies are re-read through the Powertools cache and recompiled only when the
    text changes.
    """

    def __init__(self, settings_factory: Any = Settings.from_env) -> None:
        self._factory = settings_factory
        self._lock = threading.Lock()
        self._guard: Guard | None = None
        self._fingerprint: str | None = None
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            with self._lock:
                if self._settings is None:
                    self._settings = self._factory()
        return self._settings

    def get(self) -> Guard:
        settings = self.settings
        ref = settings.policy_ref
        if not ref:
            raise PolicyError("", f"{config.ENV_POLICY} is not set: no policy to apply")
        remote = ref.startswith(("ssm:", "appconfig:"))
        if self._guard is not None and not remote:
            return self._guard
        source = fetch_policy(ref, settings.max_age)
        fingerprint = _fingerprint(source)
        if self._guard is not None and fingerprint == self._fingerprint:
            return self._guard
        with self._lock:
            if self._guard is None or fingerprint != self._fingerprint:
                policy = load_policy(source)
                self._guard = Guard(policy, recorder=default_recorder(policy))
                self._fingerprint = fingerprint
        assert self._guard is not None
        return self._guard

    def reset(self) -> None:
        """Forget the guard and settings (tests, or a forced reload)."""
        with self._lock:
            self._guard = None
            self._fingerprint = None
            self._settings = None


def _fingerprint(source: str | bytes | Path) -> str:
    if isinstance(source, Path):
        return "path:" + str(source)
    data = source.encode() if isinstance(source, str) else source
    return hashlib.sha256(data).hexdigest()


def build_guard(policy: Any, recorder: Recorder | None = None) -> Guard:
    """A Guard from a path, ``ssm:``/``appconfig:`` reference, document, Policy or Guard."""
    if isinstance(policy, Guard):
        return policy
    if isinstance(policy, str) and policy.startswith(("ssm:", "appconfig:")):
        policy = fetch_policy(policy)
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    return Guard(policy, recorder=recorder if recorder is not None else default_recorder(policy))


def in_lambda() -> bool:
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))
