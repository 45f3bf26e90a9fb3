"""The SNS DataProtectionPolicy language: ``load_policy`` parses and validates it into the
frozen dataclasses of :mod:`dataguard.policy.model`."""

from dataguard.policy.loader import load_policy

__all__ = ["load_policy"]
