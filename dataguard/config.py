"""Every environment variable dataguard reads, in one place (Powertools' habit).

Explicit arguments always win over these.
"""

from __future__ import annotations

import os

ENV_POLICY = "DATAGUARD_POLICY"
ENV_DIRECTION = "DATAGUARD_DIRECTION"
ENV_PRINCIPAL = "DATAGUARD_PRINCIPAL"
ENV_MAX_PAYLOAD_BYTES = "DATAGUARD_MAX_PAYLOAD_BYTES"
ENV_MAX_DEPTH = "DATAGUARD_MAX_DEPTH"
ENV_FAILURE_MODE = "DATAGUARD_FAILURE_MODE"
ENV_RESOURCE_ARN = "DATAGUARD_RESOURCE_ARN"
ENV_SPACY_MODEL = "DATAGUARD_SPACY_MODEL"
ENV_FILTER_POLICY = "DATAGUARD_FILTER_POLICY"
ENV_FILTER_SCOPE = "DATAGUARD_FILTER_SCOPE"
ENV_AUDIT_FILE = "DATAGUARD_AUDIT_FILE"
# integrations (dataguard.integrations.settings / relay)
ENV_POLICY_MAX_AGE = "DATAGUARD_POLICY_MAX_AGE"  # seconds ssm:/appconfig: policies stay cached
ENV_RELAY_DESTINATIONS = "DATAGUARD_RELAY_DESTINATIONS"  # JSON list, file path or ssm: reference

DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024  # SQS and EventBridge allow 256 KiB-1 MiB messages
DEFAULT_MAX_DEPTH = 64
FAILURE_MODES = ("block", "raise")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"environment variable {name} must be an integer") from None


def env_str(name: str, default: str | None = None) -> str | None:
    raw = os.environ.get(name)
    return raw if raw not in (None, "") else default
