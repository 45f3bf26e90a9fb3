"""dataguard: SNS data protection policies and payload-based routing for event messages.

Public API (design.md): load_policy, Guard, Verdict, Finding, Blocked, protect, and the
error classes. Nothing heavy is imported here: spaCy and Presidio load only when a policy
asks for Name or Address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .engine import Guard, Verdict
from .errors import Blocked, DataguardError, PayloadError, PolicyError, ScanError
from .findings import Finding
from .policy import load_policy

if TYPE_CHECKING:
    from .integrations.decorator import protect

__version__ = "0.1.0"

__all__ = [
    "Blocked",
    "DataguardError",
    "Finding",
    "Guard",
    "PayloadError",
    "PolicyError",
    "ScanError",
    "Verdict",
    "load_policy",
    "protect",
]


def __getattr__(name: str) -> Any:
    if name == "protect":
        from .integrations.decorator import protect

        return protect
    raise AttributeError(f"module 'dataguard' has no attribute {name!r}")
