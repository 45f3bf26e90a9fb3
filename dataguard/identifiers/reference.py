"""A slow, literal reference matcher for one spec: the semantics, not the fast path.

``scan/detector.py`` compiles many specs into one prefiltered pass; this module runs a single
spec the obvious way so tests (ours and the detector's) have an oracle to compare against.
Semantics:

1. If ``prefilter`` is set and does not match the text, nothing is found.
2. Each of ``patterns`` runs with ``finditer``; the span is group ``v`` when the pattern has
   one, else group 0. A span the ``validator`` rejects is dropped.
3. With ``keyword_required``, a span stays only if a keyword occurs within ``keyword_window``
   characters before or after it in the same text, or a keyword is among the JSON key names
   on its path. ``keyword_patterns`` spans always need that evidence. Key names also count
   when they hold one of the identifier's extra key keywords (``context.extra_key_keywords``).
4. ``finder`` spans are added as they come (keyword rule applied when ``keyword_required``),
   when ``finder_prefilter`` (if set) matches the text; so are ``context_finder`` spans,
   which also see the path.
5. A span without keyword evidence is dropped when its leaf key is counter-evidence for the
   identifier (``context.suppressed``: ``orderId``, ``version``...).

Keywords match case-insensitively, with a space, ``_`` or ``-`` (or nothing) between words,
and not inside a longer word. Not for the hot path: it compiles with ``re``'s cache.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dataguard.identifiers.context import extra_key_keywords, suppressed
from dataguard.identifiers.spec import IdentifierSpec
from dataguard.scan.keys import key_has_keyword, keyword_tokens


@lru_cache(maxsize=512)
def keyword_regex(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any keyword with AWS's separator variants."""
    alts = []
    for k in keywords:
        words = [w for w in re.split(r"[\s_\-]+", k.strip().lower()) if w]
        if not words:
            continue
        body = r"[\s_\-]?".join(re.escape(w) for w in words)
        if words[0][0].isalnum():
            body = r"(?<![^\W_])" + body
        if words[-1][-1].isalnum():
            body += r"(?![^\W_])"
        alts.append(body)
    if not alts:
        return None
    return re.compile("|".join(alts), re.IGNORECASE)


def has_keyword_near(spec: IdentifierSpec, text: str, start: int, end: int) -> bool:
    """A keyword of ``spec`` occurs in the ``keyword_window`` characters before ``start`` or
    after ``end`` (AWS: "within 30 characters (inclusively) of the data")."""
    rx = keyword_regex(spec.keywords)
    if rx is None:
        return False
    w = spec.keyword_window
    if rx.search(text, max(0, start - w), start) is not None:
        return True
    return rx.search(text, end, min(len(text), end + w)) is not None


def has_keyword_in_path(spec: IdentifierSpec, path_keys: tuple[str, ...]) -> bool:
    """A keyword of ``spec`` (or one of its extra key keywords) is one of the JSON key names
    on the value's path."""
    words = (*spec.keywords, *extra_key_keywords(spec.name))
    if not path_keys or not words:
        return False
    return key_has_keyword(path_keys, tuple(keyword_tokens(k) for k in words))


def find(
    spec: IdentifierSpec, text: str, path_keys: tuple[str, ...] = ()
) -> list[tuple[int, int, float]]:
    """Spans of ``spec`` in ``text`` as (start, end, score), sorted, without duplicates."""
    if spec.prefilter is not None and re.search(spec.prefilter, text) is None:
        return []
    flags = 0 if spec.unicode else re.ASCII
    in_path = has_keyword_in_path(spec, path_keys)
    found: dict[tuple[int, int], float] = {}

    def evidence(start: int, end: int) -> bool:
        return in_path or has_keyword_near(spec, text, start, end)

    for patterns, needs_kw in (
        (spec.patterns, spec.keyword_required),
        (spec.keyword_patterns, True),
    ):
        for pat in patterns:
            rx = re.compile(pat, flags)
            has_v = "v" in rx.groupindex
            for m in rx.finditer(text):
                s, e = m.span("v") if has_v else m.span()
                if s == e:
                    continue
                has_evidence = evidence(s, e)
                if needs_kw and not has_evidence:
                    continue
                if suppressed(spec.name, path_keys, has_evidence):
                    continue
                if spec.validator is not None and not spec.validator(text[s:e]):
                    continue
                found.setdefault((s, e), spec.score)
    finder_ok = spec.finder_prefilter is None or re.search(spec.finder_prefilter, text)
    spans: list[tuple[int, int, float]] = []
    if spec.finder is not None and finder_ok:
        spans.extend(spec.finder(text))
    if spec.context_finder is not None:
        spans.extend(spec.context_finder(text, path_keys))
    if spans:
        for s, e, score in spans:
            has_evidence = evidence(s, e)
            if spec.keyword_required and not has_evidence:
                continue
            if suppressed(spec.name, path_keys, has_evidence):
                continue
            found.setdefault((s, e), score)
    return sorted((s, e, sc) for (s, e), sc in found.items())


def find_values(spec: IdentifierSpec, text: str, path_keys: tuple[str, ...] = ()) -> list[str]:
    """The matched substrings, for readable tests."""
    return [text[s:e] for s, e, _ in find(spec, text, path_keys)]


__all__ = ["find", "find_values", "has_keyword_in_path", "has_keyword_near", "keyword_regex"]
