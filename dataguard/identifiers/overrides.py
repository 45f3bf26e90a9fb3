"""Per-policy keyword overrides: ``Configuration.dataguard.keywords``.

AWS's keyword lists are the default; a policy can widen or narrow them per identifier, or make
the keyword optional or mandatory, without leaving the SNS policy language (the block sits
under the ``dataguard`` extension key SNS ignores)::

    "Configuration": {"dataguard": {"keywords": {
        "CreditCardNumber": {"add": ["kartennummer"], "remove": ["credit"], "required": true},
        "Ssn-US": {"required": false}
    }}}

``add`` appends keywords (deduplicated with AWS's matching rules: case and the separators
space, ``_`` and ``-`` do not matter), ``remove`` drops keywords the identifier has (a name it
does not have is an error, so a typo never passes silently), ``required`` sets whether a match
needs keyword evidence. ``required`` governs the identifier's main patterns; formats that are
only safe next to a keyword (national-format phone numbers) always need one. Validation
happens once, when a Guard is built; errors are :class:`~dataguard.errors.PolicyError` with the
JSON pointer of the offending element. See docs/keywords.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from dataguard.errors import PolicyError
from dataguard.identifiers.spec import IdentifierSpec
from dataguard.scan.keys import normalise_keyword

POINTER = "/Configuration/dataguard/keywords"
ENTRY_KEYS = ("add", "remove", "required")
MAX_KEYWORDS = 200  # per list; AWS's longest list has 38
MAX_KEYWORD_LENGTH = 128


def _escape(token: str) -> str:
    """RFC 6901 escaping of one pointer segment."""
    return token.replace("~", "~0").replace("/", "~1")


def _keyword_list(value: Any, pointer: str) -> list[str]:
    if not isinstance(value, list):
        raise PolicyError(pointer, "must be an array of keyword strings")
    if len(value) > MAX_KEYWORDS:
        raise PolicyError(pointer, f"at most {MAX_KEYWORDS} keywords")
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise PolicyError(f"{pointer}/{i}", "a keyword must be a string")
        if not 0 < len(item) <= MAX_KEYWORD_LENGTH or not normalise_keyword(item):
            raise PolicyError(
                f"{pointer}/{i}",
                f"a keyword must have 1-{MAX_KEYWORD_LENGTH} characters and a word character",
            )
        out.append(item)
    return out


def _override(spec: IdentifierSpec, entry: Any, pointer: str) -> IdentifierSpec:
    """One identifier's override applied to its spec (validated on the way)."""
    if not isinstance(entry, dict):
        raise PolicyError(pointer, "must be an object with add, remove and/or required")
    for key in entry:
        if key not in ENTRY_KEYS:
            raise PolicyError(
                f"{pointer}/{_escape(str(key))}",
                f"unknown key; expected one of {', '.join(ENTRY_KEYS)}",
            )
    keywords = list(spec.keywords)
    if "remove" in entry:
        have = {normalise_keyword(k) for k in keywords}
        drop: set[str] = set()
        for i, word in enumerate(_keyword_list(entry["remove"], f"{pointer}/remove")):
            norm = normalise_keyword(word)
            if norm not in have:
                raise PolicyError(f"{pointer}/remove/{i}", f"not a keyword of {spec.name}")
            drop.add(norm)
        keywords = [k for k in keywords if normalise_keyword(k) not in drop]
    if "add" in entry:
        seen = {normalise_keyword(k) for k in keywords}
        for word in _keyword_list(entry["add"], f"{pointer}/add"):
            norm = normalise_keyword(word)
            if norm not in seen:
                seen.add(norm)
                keywords.append(word)
    required = spec.keyword_required
    if "required" in entry:
        if not isinstance(entry["required"], bool):
            raise PolicyError(f"{pointer}/required", "must be true or false")
        required = entry["required"]
    if (required or spec.keyword_patterns) and not keywords:
        raise PolicyError(
            pointer, f"{spec.name} needs keyword evidence, so its keyword list cannot be empty"
        )
    return dataclasses.replace(spec, keywords=tuple(keywords), keyword_required=required)


def apply_keyword_overrides(
    specs: Mapping[str, IdentifierSpec], overrides: Any
) -> dict[str, IdentifierSpec]:
    """``specs`` with each named identifier's keywords overridden (a new dict; the specs of
    identifiers not named are the same objects). Pure; raises PolicyError on any invalid
    element, naming it by JSON pointer under ``/Configuration/dataguard/keywords``."""
    if not isinstance(overrides, dict):
        raise PolicyError(POINTER, "must be an object mapping identifier names to overrides")
    out = dict(specs)
    for name, entry in overrides.items():
        pointer = f"{POINTER}/{_escape(str(name))}"
        spec = specs.get(name) if isinstance(name, str) else None
        if spec is None:
            raise PolicyError(pointer, "not a managed data identifier (names are case-sensitive)")
        out[name] = _override(spec, entry, pointer)
    return out


__all__ = ["ENTRY_KEYS", "POINTER", "apply_keyword_overrides"]
