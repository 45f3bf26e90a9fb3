"""JSON key names as keyword evidence: `billingCardNumber` says "card number".

Keys are split into word tokens (camelCase, snake_case, kebab-case, spaces, letter/digit
changes) in any script: ``führerscheinNummer`` gives ``führerschein`` and ``nummer``. Scripts
without case or spaces (Japanese, Chinese) cannot be split into words without a dictionary,
so a run of them is one token, and a keyword written in such a script matches anywhere inside
a key (``お客様メールアドレス`` holds ``メール``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Runs over a per-character "shape" string: A upper, a lower, 0 digit, x caseless letter
# (CJK, kana, Thai...), space for everything else. Same splits as the ASCII camelCase rule
# (ABCDef -> ABC, Def), extended to every script through str.isupper/islower.
_SHAPE_RUNS = re.compile(r"A+(?=Aa)|A?a+|A+|0+|x+")


def _shape(ch: str) -> str:
    if ch.isdecimal():
        return "0"
    if ch.isupper():
        return "A"
    if ch.islower():
        return "a"
    if ch.isalpha():
        return "x"
    return " "


@lru_cache(maxsize=8192)
def key_tokens(key: str) -> tuple[str, ...]:
    """Lowercase word tokens of a key: camelCase, snake_case, kebab-case and spaces split."""
    shape = "".join(map(_shape, key))
    return tuple(key[m.start() : m.end()].lower() for m in _SHAPE_RUNS.finditer(shape))


def keyword_tokens(keyword: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[\s_\-./]+", keyword.lower()) if t)


def normalise_keyword(keyword: str) -> str:
    """Space, `_` and `-` are one separator for keywords, as AWS matches them."""
    return " ".join(keyword_tokens(keyword))


@lru_cache(maxsize=4096)
def is_caseless_script(text: str) -> bool:
    """True when ``text`` has letters of a script without case or word spaces (CJK, kana):
    such keywords match as substrings of a key, since keys in those scripts are not split."""
    return any(ch.isalpha() and not ch.isupper() and not ch.islower() for ch in text)


def key_has_keyword(
    keys: Iterable[object], keyword_token_sets: tuple[tuple[str, ...], ...]
) -> bool:
    """True when some key's tokens contain a keyword's tokens contiguously, or the key joined
    equals the keyword joined (`cardnumber` vs "card number"), or a caseless-script keyword
    occurs inside the key. Non-string path segments (array indexes, layer markers) are
    ignored."""
    for key in keys:
        if type(key) is not str:
            continue
        toks = key_tokens(key)
        if not toks:
            continue
        joined = "".join(toks)
        for kw in keyword_token_sets:
            n = len(kw)
            kw_joined = "".join(kw)
            if kw_joined == joined:
                return True
            if is_caseless_script(kw_joined) and kw_joined in joined:
                return True
            for i in range(len(toks) - n + 1):
                if toks[i : i + n] == kw:
                    return True
    return False
