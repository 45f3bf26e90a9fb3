"""JSON key names as keyword evidence: `billingCardNumber` says "card number"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+|[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=8192)
def key_tokens(key: str) -> tuple[str, ...]:
    """Lowercase word tokens of a key: camelCase, snake_case, kebab-case and spaces split."""
    return tuple(t.lower() for t in _CAMEL.findall(key))


def keyword_tokens(keyword: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[\s_\-./]+", keyword.lower()) if t)


def normalise_keyword(keyword: str) -> str:
    """Space, `_` and `-` are one separator for keywords, as AWS matches them."""
    return " ".join(keyword_tokens(keyword))


def key_has_keyword(
    keys: Iterable[object], keyword_token_sets: tuple[tuple[str, ...], ...]
) -> bool:
    """True when some key's tokens contain a keyword's tokens contiguously, or the key joined
    equals the keyword joined (`cardnumber` vs "card number"). Non-string path segments
    (array indexes, layer markers) are ignored."""
    for key in keys:
        if type(key) is not str:
            continue
        toks = key_tokens(key)
        if not toks:
            continue
        joined = "".join(toks)
        for kw in keyword_token_sets:
            n = len(kw)
            if "".join(kw) == joined:
                return True
            for i in range(len(toks) - n + 1):
                if toks[i : i + n] == kw:
                    return True
    return False
