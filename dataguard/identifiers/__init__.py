"""Managed (and custom) data identifiers: declarative specs plus their validators."""

from dataguard.identifiers.catalogue import (
    MANAGED,
    detectable_names,
    get,
    is_managed,
    managed_names,
)
from dataguard.identifiers.spec import ARN_PREFIX, CATEGORIES, IdentifierSpec

__all__ = [
    "ARN_PREFIX",
    "CATEGORIES",
    "MANAGED",
    "IdentifierSpec",
    "detectable_names",
    "get",
    "is_managed",
    "managed_names",
]
