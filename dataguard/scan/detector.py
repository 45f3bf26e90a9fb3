"""The compiled detector: every identifier a policy names, compiled once, run on strings.

Cost model (why it looks like this): one RE2 set (a DFA over all identifiers' candidate
patterns) tells in a single linear pass which identifiers can occur in a string; only those
run their exact Python patterns, validators and keyword checks. A string no identifier can
match costs one DFA pass, whatever the number of identifiers.

Thread-safety: a Detector is immutable after construction and safe to share.
"""

from __future__ import annotations

import re
import re._parser as _sre_parse
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import re2

from ..errors import PolicyError
from ..identifiers.context import extra_key_keywords, suppressor
from ..identifiers.memo import per_message, start_message
from ..identifiers.spec import IdentifierSpec
from .keys import is_caseless_script, key_has_keyword, keyword_tokens
from .regex_source import NoSuperset, superset

_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 64 << 20
_RE2_OPTIONS.log_errors = False


_KEY_CACHE_MAX: Final = 50_000
# Shorter strings skip the per-pattern RE2 gates: Python's engine is done before a gate is.
_GATE_MIN_LENGTH: Final = 48
# ASCII strings this long run each pattern only in the regions around its RE2 candidates
# (the gate's pass finds them): Python's engine tries a pattern that starts with a lookbehind
# at every position, 3-7 µs over a confirmation window of 250 characters.
_SEGMENT_MIN_LENGTH = _GATE_MIN_LENGTH
# Path stand-in meaning "assume keyword evidence": for the document-level confirmation,
# which sees a value but not its path.
ASSUME_KEYWORD: tuple[object, ...] = ("\x00assume-keyword",)
# characters of context kept on each side of a candidate when confirming it
_CONFIRM_MARGIN: Final = 128


# not frozen: mypyc compiles a plain dataclass's constructor, a frozen one's it leaves to
# Python (half a microsecond a hit); treated as immutable all the same
@dataclass(slots=True)
class Hit:
    identifier: str
    start: int
    end: int
    score: float


class SetSearchFailed(Exception):
    """RE2 gave up on a set pass (out of DFA memory): the caller must not take it as "no
    identifier can occur", and scans without the shortcut instead."""


@dataclass(frozen=True, slots=True)
class CustomPattern:
    """A policy's CustomDataIdentifier: run in RE2, so no regex can make a scan hang."""

    name: str
    regex: str


# a validated span as ``find`` records it: start, end, needs a keyword, score without one
Span4 = tuple[int, int, bool, float]
# (start, end) of RE2 matches in UTF-8 bytes, in order: lists, not generators (a compiled
# generator costs a resumption per span, and every consumer reads them all)
Spans = list[tuple[int, int]]
SpanFinder = Callable[[bytes], Spans]


class Recording:
    """What ``_Compiled.find`` validated in one text, for ``replay`` with other path keys.
    Complete only when no span or pattern was passed over for lack of keyword evidence."""

    __slots__ = ("complete", "spans")

    def __init__(self) -> None:
        self.spans: list[Span4] = []
        self.complete = True


class _Compiled:
    __slots__ = (
        "context_finder",
        "finder",
        "finder_gate",
        "gates",
        "key_cache",
        "kw_doc_re",
        "kw_re",
        "kw_spans",
        "kw_tokens",
        "kw_width",
        "name",
        "needs_keyword",
        "patterns",
        "shared_spans",
        "spec",
        "steps",
        "suppress",
        "validate_first",
        "validator",
    )

    def __init__(self, spec: IdentifierSpec) -> None:
        self.spec = spec
        self.name = spec.name
        flags = 0 if spec.unicode else re.ASCII
        # (compiled pattern, needs keyword evidence)
        self.patterns = tuple(
            (re.compile(p, flags), spec.keyword_required) for p in spec.patterns
        ) + tuple((re.compile(p, flags), True) for p in spec.keyword_patterns)
        # per pattern, an RE2 superset that rules it out in one linear pass over the bytes
        # (Python's engine pays per position for lookbehinds and counted hex/digit groups)
        self.gates = tuple(
            _gate_for(p, spec.unicode) for p in (*spec.patterns, *spec.keyword_patterns)
        )
        # per pattern: (pattern, needs a keyword, RE2 gate, hit span is group "v", RE2
        # superset spans and the margin around them for long strings, or None)
        self.steps = tuple(
            (rx, needs_kw, gate, "v" in rx.groupindex, _segmenter(p, spec.unicode))
            for (rx, needs_kw), gate, p in zip(
                self.patterns, self.gates, (*spec.patterns, *spec.keyword_patterns), strict=True
            )
        )
        # one RE2 pass for the regions of all patterns of a long string, where each pattern
        # has regions of its own (see ``_shared_segmenter``)
        self.shared_spans = (
            _shared_segmenter((*spec.patterns, *spec.keyword_patterns), spec.unicode)
            if len(self.steps) > 1 and all(step[4] is not None for step in self.steps)
            else None
        )
        self.validator = spec.validator
        costly = spec.validator is not None and spec.validator_costly
        # a cheap validator (checksums, ranges) runs before the keyword search, which costs
        # more and cannot save a span the validator refuses
        self.validate_first = spec.validator is not None and not costly
        if costly and spec.validator is not None:
            # phonenumbers' parse, tens of µs: each hit is validated by the confirmation
            # and again by the walk
            self.validator = per_message(spec.validator)
        self.finder = per_message(spec.finder) if spec.finder is not None else None
        self.finder_gate = (
            re.compile(spec.finder_prefilter, flags) if spec.finder_prefilter else None
        )
        self.context_finder = spec.context_finder
        # key names: AWS keywords plus the field names of identifiers/context.py; text: AWS's
        keys_kw = (*spec.keywords, *extra_key_keywords(spec.name))
        self.kw_tokens = tuple(t for t in (keyword_tokens(k) for k in keys_kw) if t)
        has_text_kw = any(keyword_tokens(k) for k in spec.keywords)
        self.kw_re = _keyword_regex(spec.keywords) if has_text_kw else None
        # may UTF-8 text hold a text keyword? (needed by any keyword evidence in the text)
        self.kw_doc_re = _maybe(gate_for_regex, _keyword_text_pattern(spec.keywords))
        # the most characters a hit that needs a keyword spans (None: unbounded), so its
        # candidates can be looked for only near a keyword
        self.kw_width = _patterns_width(
            [*spec.keyword_patterns, *(spec.patterns if spec.keyword_required else ())]
        )
        if spec.keyword_required and (spec.finder is not None or spec.context_finder):
            self.kw_width = None
        # drops keyword-less hits under counter-evidence keys (orderId, version...); or None
        self.suppress = suppressor(spec.name)
        # some hits exist only with keyword evidence (else evidence just raises the score)
        self.needs_keyword = spec.keyword_required or bool(spec.keyword_patterns)
        # every place in a document where a keyword may be, in text or in a key name: where
        # keyword evidence can come from, in one RE2 pass
        self.kw_spans = _maybe(span_finder, _keyword_anywhere_pattern(self.kw_tokens))
        # key name -> holds one of this identifier's keywords; payloads reuse few key names
        self.key_cache: dict[str, bool] = {}

    def key_evidence(self, keys: Sequence[object]) -> bool:
        if keys is ASSUME_KEYWORD:
            return True
        cache = self.key_cache
        for key in keys:
            if type(key) is not str:
                continue
            hit = cache.get(key)
            if hit is None:
                hit = key_has_keyword((key,), self.kw_tokens)
                if len(cache) >= _KEY_CACHE_MAX:
                    cache.clear()
                cache[key] = hit
            if hit:
                return True
        return False

    def find(
        self,
        text: str,
        keys: Sequence[object],
        ctx: str | None = None,
        ctx_offset: int = 0,
        *,
        scored: bool = True,
        record: Recording | None = None,
        encoded: bytes | None = None,
    ) -> list[Hit]:
        """Hits of this identifier; keyword evidence is checked before the (costlier)
        validator, and comes from the text around the span or the key names on the path.

        ``ctx`` (with ``text`` at ``ctx_offset`` in it) widens where keywords are looked for:
        the document-level confirmation passes the serialized document around the string.
        ``scored=False`` (that confirmation, which only asks whether hits exist, as a
        superset) looks for evidence only where a hit needs it, and never suppresses.
        ``record`` collects, in the order they are considered, the validated spans with
        whether they need a keyword and their score without evidence: what ``replay``
        needs to give this text's hits for any path, without patterns or validators. It is
        marked incomplete where a span or pattern was passed over for lack of a keyword.
        ``encoded``: ``text`` in UTF-8, where the caller has it already.
        """
        spec = self.spec
        validator = self.validator
        validate_first = self.validate_first
        kw_text = text if ctx is None else ctx
        key_evidence: bool | None = None
        found: dict[tuple[int, int], float] = {}
        shared: list[tuple[int, int]] | None = None  # all patterns' regions, once found
        # Patterns that need a keyword cannot hit when no keyword is on the path or anywhere
        # in the text: one search decides that for all of them.
        keyword_possible: bool | None = None
        data: bytes | None = encoded
        gated = len(text) >= _GATE_MIN_LENGTH
        # long ASCII strings (logs): Python's engine runs only around RE2's candidates
        segmented = len(text) >= _SEGMENT_MIN_LENGTH and text.isascii()
        for rx, needs_kw, gate, has_v, segmenter in self.steps:
            # (the keyword first: one pass decides it for every pattern that needs one, where
            # each pattern's gate is a pass of its own)
            if needs_kw:
                if keyword_possible is None:
                    if not self.kw_tokens:
                        keyword_possible = False
                    else:
                        key_evidence = self.key_evidence(keys)
                        if key_evidence:
                            keyword_possible = True
                        else:  # a keyword's first word must occur somewhere (C substring test)
                            keyword_possible = self.kw_doc_re is not None and self.kw_doc_re(
                                kw_text.encode("utf-8", "surrogatepass")
                            )
                if not keyword_possible:
                    if record is not None:
                        # a recording stays complete if this pattern cannot match the text
                        if gate is not None and gated:
                            if data is None:
                                data = text.encode("utf-8", "surrogatepass")
                            if not gate(data):
                                continue
                        record.complete = False
                    continue
            spans: list[tuple[int, int]] | None = None
            if gate is not None and gated:
                if data is None:
                    data = text.encode("utf-8", "surrogatepass")
                if segmented and segmenter is not None:
                    # byte offsets are character offsets
                    if self.shared_spans is not None and len(data) >= _SHARED_MIN_LENGTH:
                        if shared is None:
                            shared = self.shared_spans(data)
                        # few regions: this pattern is tried in each, no pass of its own
                        spans = (
                            shared
                            if len(shared) * _BYTES_PER_SHARED_REGION <= len(data)
                            else segmenter[0](data)
                        )
                    else:
                        spans = segmenter[0](data)
                    if not spans:
                        continue
                elif not gate(data):
                    continue
            matches = (
                rx.finditer(text)
                if spans is None or segmenter is None
                else _segmented(rx, text, spans, segmenter[1])
            )
            for m in matches:
                s, e = m.span("v") if has_v else m.span()
                if s == e:
                    continue
                if (s, e) in found:
                    if record is not None:  # validated already (the same text)
                        record.spans.append((s, e, needs_kw, spec.score))
                    continue
                if validate_first and not validator(text[s:e]):  # type: ignore[misc]
                    continue  # no hit, whatever the path: a recording stays complete
                if self.kw_tokens and (scored or needs_kw):
                    if key_evidence is None:
                        key_evidence = self.key_evidence(keys)
                    evidence = key_evidence or self._text_evidence(kw_text, s, e, ctx_offset)
                else:
                    evidence = False
                if needs_kw and not evidence:
                    if record is not None:
                        record.complete = False
                    continue
                if not evidence and scored and self.suppress is not None and self.suppress(keys):
                    continue
                if not validate_first and validator is not None and not validator(text[s:e]):
                    continue
                if record is not None:
                    record.spans.append((s, e, needs_kw, spec.score))
                found[(s, e)] = min(1.0, spec.score + 0.1) if evidence else spec.score
        found_spans: list[tuple[int, int, float]] = []
        if self.finder is not None and (
            self.finder_gate is None or self.finder_gate.search(text) is not None
        ):
            found_spans.extend(self.finder(text))
        if self.context_finder is not None:
            found_spans.extend(self.context_finder(text, keys))
        if found_spans:
            for s, e, score in found_spans:
                if (s, e) in found:
                    if record is not None:
                        record.spans.append((s, e, spec.keyword_required, score))
                    continue
                if self.kw_tokens and (scored or spec.keyword_required):
                    if key_evidence is None:
                        key_evidence = self.key_evidence(keys)
                    evidence = key_evidence or self._text_evidence(kw_text, s, e, ctx_offset)
                else:
                    evidence = False
                if spec.keyword_required and not evidence:
                    if record is not None:
                        record.complete = False
                    continue
                if not evidence and scored and self.suppress is not None and self.suppress(keys):
                    continue
                if record is not None:
                    record.spans.append((s, e, spec.keyword_required, score))
                found[(s, e)] = min(1.0, score + 0.1) if evidence else score
        if len(found) > 1:
            found = _outermost(found)
        return [Hit(self.name, s, e, score) for (s, e), score in found.items()]

    def replay(self, text: str, keys: Sequence[object], recorded: Sequence[Span4]) -> list[Hit]:
        """``find(text, keys)`` from a complete recording of ``find`` over the same ``text``:
        just the keyword, suppression and score decisions, which depend on the path."""
        found: dict[tuple[int, int], float] = {}
        key_evidence: bool | None = None
        kw_tokens = self.kw_tokens
        suppress = self.suppress
        for s, e, needs_kw, score in recorded:
            if (s, e) in found:
                continue
            if kw_tokens:
                if key_evidence is None:
                    key_evidence = self.key_evidence(keys)
                evidence = key_evidence or self._text_evidence(text, s, e, 0)
            else:
                evidence = False
            if needs_kw and not evidence:
                continue
            if not evidence and suppress is not None and suppress(keys):
                continue
            found[(s, e)] = min(1.0, score + 0.1) if evidence else score
        if len(found) > 1:
            found = _outermost(found)
        return [Hit(self.name, s, e, score) for (s, e), score in found.items()]

    def _text_evidence(self, text: str, start: int, end: int, offset: int) -> bool:
        """A text keyword within the window around ``text[start:end]`` (shifted by ``offset``
        when ``text`` is a wider context)."""
        if self.kw_re is None:
            return False
        return self._keyword_near(text, start + offset, end + offset, self.spec.keyword_window)

    def _keyword_near(self, text: str, start: int, end: int, window: int) -> bool:
        kw_re = self.kw_re
        assert kw_re is not None
        if kw_re.search(text, max(0, start - window), start):
            return True
        return bool(kw_re.search(text, end, min(len(text), end + window)))


class _CompiledCustom:
    __slots__ = ("name", "rx")

    def __init__(self, custom: CustomPattern) -> None:
        self.name = custom.name
        try:
            self.rx = re2.compile(custom.regex, _RE2_OPTIONS)
        except re2.error as exc:  # the policy loader checks this first; keep the promise here too
            raise PolicyError(
                "", f"custom identifier {custom.name!r}: invalid regex ({exc})"
            ) from None

    def find(self, text: str, keys: Sequence[object]) -> list[Hit]:
        return [
            Hit(self.name, m.start(), m.end(), 1.0)
            for m in self.rx.finditer(text)
            if m.end() > m.start()
        ]


def _outermost(found: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """Spans of one identifier inside a longer one of the same identifier are the same
    value seen twice (a local number inside "+1 206-555-0143"): keep the longer span."""
    spans = sorted(found, key=lambda se: (se[0], -se[1]))
    kept: dict[tuple[int, int], float] = {}
    reach = -1
    for s, e in spans:
        if e <= reach:
            continue
        kept[(s, e)] = found[(s, e)]
        reach = max(reach, e)
    return kept


def _keyword_regex(keywords: Iterable[str]) -> re.Pattern[str]:
    alts = []
    for kw in keywords:
        toks = keyword_tokens(kw)
        if toks:
            alts.append(r"[\s_\-]?".join(re.escape(t) for t in toks))
    alts.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alts) + r")(?![^\W_])", re.IGNORECASE)


_GATE_OPTIONS = re2.Options()
_GATE_OPTIONS.max_mem = 8 << 20
_GATE_OPTIONS.log_errors = False
_GATE_OPTIONS.never_capture = True


def _segmenter(pattern: str, unicode: bool) -> tuple[SpanFinder, int] | None:
    """RE2 spans of a pattern's superset, and the most characters one match of the pattern
    spans (see ``_segmented``); None when that is unbounded or RE2 cannot run the superset."""
    width = _patterns_width([pattern])
    if width is None:
        return None
    try:
        return span_finder(superset(pattern, unicode=unicode)), width
    except (NoSuperset, re2.error):
        return None


# Starts fewer than this are each tried with an anchored match rather than one search.
_ANCHORED_TRIES: Final = 16
# A pattern tried in a region that another pattern's superset found costs about what its own
# RE2 pass costs over this many bytes: with fewer regions than that, the shared ones do.
_BYTES_PER_SHARED_REGION: Final = 1000
# Shorter strings have few regions and cheap passes: each pattern keeps its own.
_SHARED_MIN_LENGTH = 4096


def _shared_segmenter(patterns: Sequence[str], unicode: bool) -> SpanFinder | None:
    """One RE2 pass over the alternation of the patterns' supersets, for the regions of all
    of them (None where RE2 cannot run it); for patterns that each have a ``_segmenter``.

    ``_segmented`` stays exact on these regions: a match of any one pattern starts where its
    superset matches, and the alternation's left-to-right matches (``span_finder``: each
    search from the last match's last byte) cover every position at which one of its
    alternatives matches (a match that starts earlier and ends later covers it; one that
    ends first lets the scan go on before it)."""
    try:
        parts = [superset(p, unicode=unicode) for p in patterns]
        return span_finder("|".join(f"(?:{part})" for part in parts))
    except (NoSuperset, re2.error):
        return None


def _segmented(
    rx: re.Pattern[str], text: str, spans: Iterable[tuple[int, int]], width: int
) -> Iterator[re.Match[str]]:
    """Exactly ``rx.finditer(text)``, with Python's engine run only where matches can start.

    RE2 finds the superset's matches left to right (``span_finder``); a match of ``rx`` has a
    superset match at (or one context character before) its start, so it starts inside one
    of those spans, at or after the span's start. Each search starts there (lookbehinds see
    the real text before it) and is cut ``width`` + 8 characters past the span's end, room
    for any match starting in the span and its lookaheads; what starts later is left to the
    next span. Gaps between spans hold no match starts and are never scanned.
    """
    n = len(text)
    pos = 0
    start = stop = -1
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= stop:
            stop = max(stop, e)
            merged[-1] = (start, stop)
        else:
            start, stop = s, e
            merged.append((s, e))
    for s, e in merged:
        if e < pos:
            continue
        q = max(pos, s)
        endpos = min(n, e + width + 8)
        while q <= e:
            if e - q < _ANCHORED_TRIES:
                # few starts left (after a match, often just the span's last character): a
                # match tried at each, where a search would try every start up to ``endpos``
                m = None
                for at in range(q, e + 1):
                    m = rx.match(text, at, endpos)
                    if m is not None:
                        break
                if m is None:
                    break
            else:
                m = rx.search(text, q, endpos)
                if m is None or m.start() > e:
                    break
            yield m
            q = pos = m.end() if m.end() > m.start() else m.end() + 1


def _gate_for(pattern: str, unicode: bool = False) -> Callable[[bytes], bool] | None:
    """A yes/no RE2 search for a pattern's superset, on UTF-8 bytes (None: RE2 cannot)."""
    try:
        return gate_for_regex(superset(pattern, unicode=unicode))
    except NoSuperset:
        return None


# Per thread, the confirmation's recordings for the walk of the same message (see
# ``confirm_in_document``); dropped by ``Detector.new_message``.
_RECORDINGS: Final = threading.local()


def _keyword_text_pattern(keywords: Iterable[str]) -> str | None:
    """An RE2 pattern for one of these keywords in UTF-8 text, in any case, not inside a
    longer word: what any keyword evidence in that text needs. (RE2: a big alternation
    behind a lookbehind costs Python's engine the whole text times the keywords.)"""
    words = {toks for toks in map(keyword_tokens, keywords) if toks}
    if not words:
        return None
    alts = sorted((r"[\s_\-]?".join(re2.escape(t) for t in toks) for toks in words), key=len)
    alts.reverse()
    # not followed by a lowercase letter: "card" in "cardinality" does not count, while a
    # keyword running into a value ("ssn523-..", "passportC0..") still does
    # (ASCII classes negated: a superset of the Unicode ones, and a far smaller automaton)
    return r"(?:^|[^A-Za-z0-9])(?i:" + "|".join(alts) + r")(?:$|[^a-z])"


def _keyword_anywhere_pattern(kw_tokens: Sequence[tuple[str, ...]]) -> str | None:
    """An RE2 pattern for these keywords' words in order, in any case, anywhere inside one
    string (a key name or text), at word-token edges: a superset of both text keywords and
    key tokenising (``scan.keys``), which split at non-letters and at lower-to-upper case."""
    if not kw_tokens:
        return None
    return "|".join(_keyword_anywhere(toks) for toks in kw_tokens)


def _keyword_presence_pattern(kw_tokens: Sequence[tuple[str, ...]]) -> str:
    """Whether one of these keywords may occur, for the one set pass over a document: the
    words in order, any case, ending at a word-token edge (not before a lowercase letter).
    A looser superset than ``_keyword_anywhere_pattern``, whose start edges would double the
    set's automaton (which RE2 builds lazily, message by message)."""
    parts = []
    for toks in kw_tokens:
        body = "(?i:" + "[^0-9A-Za-z]*".join(re2.escape(t) for t in toks) + ")"
        last = toks[-1][-1]
        if last.isascii() and last.isalpha() and not is_caseless_script("".join(toks)):
            body += "(?:$|[^a-z])"
        parts.append(body)
    return "|".join(parts)


def _keyword_anywhere(toks: tuple[str, ...]) -> str:
    # between words anything but letters, digits and the quote; ASCII classes negated are a
    # superset of the Unicode ones, and a far smaller automaton
    sep = '[^A-Za-z0-9"]*'
    words = sep.join(re2.escape(t) for t in toks)
    if is_caseless_script("".join(toks)):
        return "(?i:" + words + ")"  # keys in caseless scripts are not split: anywhere
    first, last = toks[0][0], toks[-1][-1]
    if first.isascii() and first.isalpha():
        # a token starts after a non-lowercase character, or at a capital after lowercase
        rest = sep.join([re2.escape(toks[0][1:]), *(re2.escape(t) for t in toks[1:])])
        body = f"(?:(?:^|[^a-z])(?i:{words})|[a-z]{first.upper()}(?i:{rest}))"
    else:
        body = "(?i:" + words + ")"
    if last.isascii() and last.isalpha():
        body += "(?:$|[^a-z])"  # and ends before anything but a lowercase letter
    return body


def _keys_around(raw: bytes, spans: Iterable[tuple[int, int]]) -> list[str]:
    """The object key names (``"name":``) that hold one of the spans (in order), each once.

    Linear in the document: the spans inside one string share its closing quote, which is
    looked for once, and a key holding many spans is taken once."""
    keys: list[str] = []
    q = -1  # the closing quote of the string the last span was in
    for s, e in spans:
        # a span may include one character of context on each side: the quotes, maybe
        if e - 1 <= q:
            continue  # the same string as the last span: already decided
        q = raw.find(b'"', e - 1)
        if q < 0:
            break
        # a value's closing quote is never followed by ":"
        is_key = raw[q + 1 : q + 9].lstrip()[:1] == b":"
        if is_key:
            keys.append(raw[raw.rfind(b'"', 0, s + 1) + 1 : q].decode("utf-8", "replace"))
    return keys


def _near(finder: SpanFinder, raw: bytes, anchors: Iterable[tuple[int, int]], around: int) -> Spans:
    """The finder's spans in ``raw`` within ``around`` bytes of an anchor span, in order
    (overlapping regions merged, so no span is reported twice)."""
    regions: list[list[int]] = []
    for s, e in anchors:
        lo, hi = max(0, s - around), e + around
        if regions and lo <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
    out: Spans = []
    for lo, hi in regions:
        for s, e in finder(raw[lo:hi]):
            out.append((lo + s, lo + e))
    return out


def _near_any(anchors: Sequence[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether an anchor span overlaps [lo, hi)."""
    return any(s < hi and e > lo for s, e in anchors)


def _maybe(build: Callable[[str], Any], pattern: str | None) -> Any:
    return build(pattern) if pattern is not None else None


_UNBOUNDED: Final = 1 << 16


def _patterns_width(patterns: Iterable[str]) -> int | None:
    """The most characters a match of any of ``patterns`` spans (None: unbounded)."""
    widest = 0
    for p in patterns:
        try:
            width = int(_sre_parse.parse(p).getwidth()[1])
        except Exception:  # a syntax Python's parser does not know: assume unbounded
            return None
        if width >= _UNBOUNDED:
            return None
        widest = max(widest, width)
    return widest


_LATIN1_GATE_OPTIONS = re2.Options()
_LATIN1_GATE_OPTIONS.max_mem = 8 << 20
_LATIN1_GATE_OPTIONS.log_errors = False
_LATIN1_GATE_OPTIONS.never_capture = True
_LATIN1_GATE_OPTIONS.encoding = re2.Options.Encoding.LATIN1


# The binding's anchors and the C++ ``Match`` of a compiled pattern: calls without the Python
# wrapper's match objects, which cost more than the search on short documents.
_ANCHORS = getattr(re2, "_Anchor", None)
_UNANCHORED: Final = getattr(_ANCHORS, "UNANCHORED", None)


def _native_match(rx: Any) -> Any:
    """``rx``'s C++ ``Match(anchor, data, pos, endpos)``, or None on a binding without it."""
    if _UNANCHORED is None:
        return None
    inner = getattr(rx, "_regexp", None)
    return None if inner is None else inner.Match


def gate_for_regex(body: str, *, latin1: bool = False) -> Callable[[bytes], bool] | None:
    """Whether ``body`` matches somewhere in the bytes, read as UTF-8 (or each byte as one
    Latin-1 character)."""
    try:
        rx = re2.compile(body.encode(), _LATIN1_GATE_OPTIONS if latin1 else _GATE_OPTIONS)
    except re2.error:
        return None
    match = _native_match(rx)
    if match is None:
        return lambda data: rx.search(data) is not None
    anchor = _UNANCHORED

    def gate(data: bytes) -> bool:
        return bool(match(anchor, data, 0, len(data))[0][0] >= 0)

    return gate


def span_finder(body: str) -> SpanFinder:
    """(start, end) of each match in UTF-8 bytes, straight from RE2, left to right; each
    search after a match starts at its last byte. Candidate patterns take one context
    character on each side: the character after one candidate may be the one before the
    next (``"4539…0 4539…7"``), which a search from the match's end would never see."""
    rx = re2.compile(body.encode(), _GATE_OPTIONS)
    match = _native_match(rx)
    if match is None:

        def found(data: bytes) -> Spans:
            out: Spans = []
            pos, n = 0, len(data)
            while pos <= n:
                m = rx.search(data, pos)
                if m is None:
                    break
                start, end = m.start(), m.end()
                out.append((start, end))
                pos = _next_search(start, end)
            return out

        return found
    anchor = _UNANCHORED

    def spans(data: bytes) -> Spans:
        out: Spans = []
        pos, n = 0, len(data)
        while pos <= n:
            start, end = match(anchor, data, pos, n)[0]
            if start < 0:
                break
            out.append((start, end))
            pos = _next_search(start, end)
        return out

    return spans


def _next_search(start: int, end: int) -> int:
    """Where the search after the match [start, end) starts: its last byte (past an empty
    match, so that the search moves on)."""
    return end - 1 if end - 1 > start else end + 1 if end == start else end


def native_search(body: str) -> Callable[[bytes, int], int]:
    """Where the first match of ``body`` at or after ``pos`` starts in UTF-8 bytes (-1:
    none). RE2 finds a start by running backwards from the match's end, so ``body`` should
    be short: a prefix, whose longer match is then checked otherwise."""
    rx = re2.compile(body.encode(), _GATE_OPTIONS)
    match = _native_match(rx)
    if match is None:

        def search(data: bytes, pos: int) -> int:
            m = rx.search(data, pos)
            return -1 if m is None else int(m.start())

        return search
    anchor = _UNANCHORED

    def native(data: bytes, pos: int) -> int:
        return int(match(anchor, data, pos, len(data))[0][0])

    return native


def _in_strings_holding(finder: SpanFinder, literal: bytes) -> SpanFinder:
    """``finder`` run only on the stretches between quotes (quotes included, as context)
    that hold ``literal``: where the candidates of an identifier whose hits hold it and no
    quote can be. Stretches are searched once each, in order."""

    def spans(data: bytes) -> Spans:
        out: Spans = []
        end = len(data)
        at = data.find(literal)
        while at >= 0:
            lo = data.rfind(b'"', 0, at)
            lo = 0 if lo < 0 else lo
            hi = data.find(b'"', at)
            hi = end if hi < 0 else hi + 1
            for s, e in finder(data[lo:hi]):
                out.append((lo + s, lo + e))
            at = data.find(literal, hi)
        return out

    return spans


def _candidate_finder(body: str, anchor: bytes | None) -> SpanFinder:
    """Candidate spans of ``body`` in a document view: with an ``anchor``
    (``IdentifierSpec.anchor``), only in the strings that hold it."""
    found = span_finder(body)
    return found if anchor is None else _in_strings_holding(found, anchor)


def _finder_gate(spec: IdentifierSpec) -> str | None:
    """The necessary condition for a spec's finder spans: its own gate, else the prefilter."""
    if spec.context_finder is None and spec.finder_prefilter is not None:
        return spec.finder_prefilter
    return spec.prefilter


def candidate_regex(spec: IdentifierSpec) -> str | None:
    """An RE2 pattern that matches wherever the spec could match, or None (always run).

    The spec's own patterns (lookarounds dropped) are the tightest candidate; a ``finder``
    adds its ``prefilter``, and without a prefilter it must run on every string.
    """
    try:
        cands = [
            superset(p, unicode=spec.unicode) for p in (*spec.patterns, *spec.keyword_patterns)
        ]
    except NoSuperset:
        return spec.prefilter
    if spec.finder is not None or spec.context_finder is not None:
        gate = _finder_gate(spec)
        if gate is None:
            return None
        cands.append(gate)
    if not cands:
        return None
    joined = "|".join(f"(?:{c})" for c in cands)
    try:
        re2.compile(joined, _RE2_OPTIONS)
    except re2.error:
        if spec.prefilter is None:
            return None
        return spec.prefilter  # patterns RE2 cannot parse (backreferences): the declared bound
    return joined


def _min_width(entry: _Compiled | _CompiledCustom) -> int:
    """The fewest characters any hit of this identifier needs (0 when unknown): strings
    shorter than every identifier's minimum are not scanned at all."""
    if isinstance(entry, _CompiledCustom):
        return _pattern_min_width(entry.rx.pattern)
    spec = entry.spec
    widths = [_pattern_min_width(p) for p in (*spec.patterns, *spec.keyword_patterns)]
    if spec.finder is not None or spec.context_finder is not None:
        gate = _finder_gate(spec)
        widths.append(_pattern_min_width(gate) if gate else 0)
    width = min(widths, default=0)
    if spec.prefilter is not None:  # a necessary condition for every hit
        width = max(width, _pattern_min_width(spec.prefilter))
    return width


# A counted run at least this long (AwsSecretKey's 40 base64 characters) multiplies the
# document set's DFA states by its count, since every keyword's partial matches combine
# with every position in the run: the set's automaton needed over 8 MB of states instead of
# 2-3 MB, far more than the CPU cache holds, and ran at half speed between other work.
_LONG_RUN: Final = 16


def _counts_long_runs(pattern: str) -> bool:
    """Whether ``pattern`` repeats something a fixed number of times, at least ``_LONG_RUN``."""
    try:
        tree = _sre_parse.parse(pattern)
    except Exception:  # a syntax Python's parser does not know: leave the pattern as it is
        return False
    stack: list[Any] = [tree]
    while stack:
        for op, av in stack.pop():
            if op in (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT):
                if av[0] >= _LONG_RUN:
                    return True
                stack.append(av[2])
            elif op is _sre_parse.SUBPATTERN:
                stack.append(av[3])
            elif op is _sre_parse.BRANCH:
                stack.extend(av[1])
            elif op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
                stack.append(av[1])
    return False


def _pattern_min_width(pattern: str) -> int:
    try:
        return int(_sre_parse.parse(pattern).getwidth()[0])
    except Exception:  # a syntax Python's parser does not know (RE2-only): assume nothing
        return 0


def _alternation(parts: Sequence[str], unicode: bool = False) -> str | None:
    """One anchor-free RE2 alternation of superset candidates, or None if RE2 refuses it."""
    if not parts:
        return None
    try:
        body = "|".join(f"(?:{superset(p, drop_anchors=True, unicode=unicode)})" for p in parts)
    except NoSuperset:
        return None
    try:
        re2.compile(body, _RE2_OPTIONS)
    except re2.error:
        return None
    return body


def document_candidates(
    spec: IdentifierSpec, kw_tokens: Sequence[tuple[str, ...]]
) -> tuple[str | None, str | None, str | None, bool]:
    """Candidates for a whole serialized document: (free, keyworded, keyword, complete).

    A hit that needs keyword evidence can only exist if one of the identifier's keywords
    occurs somewhere in the document too (in the text near it, or as a key on its path, and
    keys are part of the serialized document). So such patterns count only together with the
    keyword candidate. ``complete`` is False when some part has no RE2 form.
    """
    free_parts: list[str] = []
    kw_parts: list[str] = list(spec.keyword_patterns)
    (kw_parts if spec.keyword_required else free_parts).extend(spec.patterns)
    if spec.finder is not None or spec.context_finder is not None:
        gate = _finder_gate(spec)
        if gate is None:
            return None, None, None, False
        (kw_parts if spec.keyword_required else free_parts).append(gate)
    free = _alternation(free_parts, spec.unicode)
    keyworded = _alternation(kw_parts, spec.unicode) if kw_tokens else None
    keyword = None
    if keyworded is not None:
        keyword = _keyword_presence_pattern(kw_tokens)
    complete = (free is not None or not free_parts) and (
        keyworded is not None or not kw_parts or not kw_tokens
    )
    if spec.prefilter is not None and not complete:
        free, keyworded, keyword, complete = (
            _alternation([spec.prefilter], spec.unicode),
            None,
            None,
            True,
        )
    return free, keyworded, keyword, complete


_END_OF_TEXT = r"\z"
# distinct document-set answers remembered per detector (at most 2^patterns exist)
_ANSWERS_KEPT: Final = 4096


class Detector:
    """Runs a fixed set of identifiers over strings; compile once per policy, share freely."""

    def __init__(
        self, specs: Iterable[IdentifierSpec], custom: Iterable[CustomPattern] = ()
    ) -> None:
        self._entries: list[_Compiled | _CompiledCustom] = []
        self._always: list[int] = []
        leaf_set = re2.Set.SearchSet(_RE2_OPTIONS)
        raw_set = re2.Set.SearchSet(_RE2_OPTIONS)
        self._set_to_entry: list[int] = []
        # raw-set entry -> (entry index, kind): "free" decides alone; "kwd" needs its "kw"
        self._raw_entries: list[tuple[int, str]] = []
        # identifiers whose keyword-needing candidates are left out of the set (see
        # ``_counts_long_runs``): their keyword stands for both
        self._kwd_by_keyword: set[int] = set()
        self.raw_safe = True
        for spec in specs:
            if not spec.detectable:
                continue
            idx = len(self._entries)
            compiled = _Compiled(spec)
            self._entries.append(compiled)
            cand = candidate_regex(spec)
            if cand is None:
                self._always.append(idx)
                continue
            leaf_set.Add(cand)
            self._set_to_entry.append(idx)
            free, keyworded, keyword, complete = document_candidates(spec, compiled.kw_tokens)
            if not complete:
                self.raw_safe = False
            if keyworded is not None and keyword is not None and _counts_long_runs(keyworded):
                # its hits need a keyword anyway: the keyword alone lets it through
                keyworded = None
                self._kwd_by_keyword.add(idx)
            for kind, rx in (("free", free), ("kwd", keyworded), ("kw", keyword)):
                if rx is not None:
                    raw_set.Add(rx)
                    self._raw_entries.append((idx, kind))
        for c in custom:
            idx = len(self._entries)
            self._entries.append(_CompiledCustom(c))
            leaf_set.Add(c.regex)
            self._set_to_entry.append(idx)
            try:
                raw_set.Add(superset(c.regex, drop_anchors=True))
                self._raw_entries.append((idx, "free"))
            except re2.error:
                self.raw_safe = False
            if '"' in c.regex or "\\\\" in c.regex:
                self.raw_safe = False
        self._has_set = bool(self._set_to_entry)
        # Each set also holds a pattern for the end of the text, which every text has: a pass
        # that reports nothing at all is one RE2 gave up on (its DFA out of memory; the
        # binding says no more than that), never a clean text. (Not the empty pattern: it
        # makes every state a matching one, which costs the DFA a third of its speed.)
        if self._has_set:
            leaf_set.Add(_END_OF_TEXT)
            leaf_set.Compile()
        if self._raw_entries:
            raw_set.Add(_END_OF_TEXT)
            raw_set.Compile()
        self._leaf_set = leaf_set
        # the C++ Set.Match on UTF-8 bytes, without the Python wrapper's per-call overhead
        inner = getattr(leaf_set, "_set", None)
        self._leaf_match = inner.Match if inner is not None else leaf_set.Match
        self._raw_set = raw_set
        inner_raw = getattr(raw_set, "_set", None)
        self._raw_match = inner_raw.Match if inner_raw is not None else raw_set.Match
        # the set's answer (which patterns matched) -> the identifiers it allows: documents
        # of one flow give few distinct answers
        self._allowed_by_match: dict[tuple[int, ...], frozenset[int]] = {}
        self.min_length = min((_min_width(e) for e in self._entries), default=0)
        # per identifier, the leaf candidate as an RE2 regex over UTF-8 bytes (for confirming)
        # (all, and those that need no keyword), anchor-free for searching whole documents
        self._candidate_rx: dict[int, SpanFinder] = {}
        self._free_candidate_rx: dict[int, SpanFinder] = {}
        self._kw_candidate_rx: dict[int, SpanFinder] = {}  # the parts whose hits need a keyword
        for idx, entry in enumerate(self._entries):
            if isinstance(entry, _CompiledCustom) or entry.context_finder is not None:
                continue
            spec = entry.spec
            gate = [g] if spec.finder is not None and (g := _finder_gate(spec)) else []
            if spec.finder is not None and not gate:
                continue
            every = _alternation([*spec.patterns, *spec.keyword_patterns, *gate], spec.unicode)
            if every is None:
                continue
            anchor = spec.anchor.encode() if spec.anchor is not None else None
            self._candidate_rx[idx] = _candidate_finder(every, anchor)
            free_parts = [] if spec.keyword_required else [*spec.patterns, *gate]
            free = _alternation(free_parts, spec.unicode)
            if free is not None:
                self._free_candidate_rx[idx] = _candidate_finder(free, anchor)
            elif free_parts:  # RE2 cannot express them: they must always be looked at
                self._free_candidate_rx[idx] = self._candidate_rx[idx]
            kw_parts = [*spec.keyword_patterns]
            if spec.keyword_required:
                kw_parts += [*spec.patterns, *gate]
            keyworded = _alternation(kw_parts, spec.unicode)
            if keyworded is not None:
                self._kw_candidate_rx[idx] = _candidate_finder(keyworded, anchor)
        if self._always:
            self.raw_safe = False
        self.names = tuple(e.name for e in self._entries)

    @staticmethod
    def new_message() -> None:
        """Start a message: finder answers remembered for the previous one are dropped."""
        start_message()
        _RECORDINGS.by_text = None

    def candidates(self, text: str | bytes) -> list[int]:
        """Indices of identifiers that may occur in the string ``text`` (one DFA pass)."""
        if not self._has_set:
            return []
        data = text if type(text) is bytes else text.encode("utf-8", "surrogatepass")  # type: ignore[union-attr]
        matched = self._leaf_match(data)
        if not matched:  # RE2 gave up: every identifier must be tried
            return list(self._set_to_entry)
        to_entry = self._set_to_entry
        n = len(to_entry)  # the end-of-text pattern's index
        return [to_entry[i] for i in matched if i != n]

    def may_occur_in_document(self, raw: bytes) -> bool:
        """Whether any identifier may occur anywhere in a serialized JSON document."""
        try:
            return bool(self.possible_in_document(raw))
        except SetSearchFailed:
            return True

    def possible_in_document(self, raw: bytes) -> frozenset[int]:
        """Indices of the identifiers that may occur anywhere in a serialized JSON document.

        One RE2 set pass. Only meaningful when ``raw_safe`` and ``raw`` is a document view
        (``scan.view``): then every string's characters appear verbatim and the anchor-free
        candidates are a superset test.
        """
        if not self._raw_entries:
            return frozenset()
        matched = self._raw_match(raw)
        if not matched:
            raise SetSearchFailed("RE2 gave up on the document pass")
        answer = tuple(matched)
        allowed = self._allowed_by_match.get(answer)
        if allowed is None:
            allowed = self._allowed_for(matched)
            if len(self._allowed_by_match) < _ANSWERS_KEPT:
                self._allowed_by_match[answer] = allowed
        return allowed

    def _allowed_for(self, matched: Iterable[int]) -> frozenset[int]:
        free: set[int] = set()
        keyworded: set[int] = set(self._kwd_by_keyword)
        keywords: set[int] = set()
        entries = self._raw_entries
        n = len(entries)  # the end-of-text pattern's index
        for i in matched:
            if i == n:
                continue
            idx, kind = entries[i]
            (free if kind == "free" else keyworded if kind == "kwd" else keywords).add(idx)
        return frozenset(free | (keyworded & keywords))

    def _candidates(
        self, idx: int, entry: _Compiled, raw: bytes, rx: SpanFinder
    ) -> tuple[Sequence[object], Spans] | None:
        """The path evidence to assume and the candidate spans to check for one identifier
        in a document view (None: none can hit). Candidates whose hits need a keyword are
        looked for only near one; the others everywhere."""
        keys: Sequence[object] = ()
        anchors: list[tuple[int, int]] = []  # where a keyword may be (text or key)
        spans_of = entry.spec.candidate_spans
        windows: Spans | None = None
        if spans_of is not None:  # a superset of the hits' spans, from a loop of its own
            windows = spans_of(raw)
            if not windows:
                return None
        if entry.needs_keyword and entry.kw_spans is not None:
            # one RE2 pass finds every place a keyword may be; tokenising decides keys
            anchors = entry.kw_spans(raw)
            doc_keys = _keys_around(raw, anchors)
            if doc_keys and entry.key_evidence(doc_keys):
                keys = ASSUME_KEYWORD
        if not entry.needs_keyword or keys is ASSUME_KEYWORD:
            return keys, rx(raw) if windows is None else windows
        if windows is not None:
            if not entry.spec.keyword_required:
                return keys, windows
            if not anchors or entry.kw_re is None:
                return None  # no keyword near anything, nor on any path
            reach = 4 * entry.spec.keyword_window
            return keys, [
                (ms, me) for ms, me in windows if _near_any(anchors, ms - reach, me + reach)
            ]
        free_rx = self._free_candidate_rx.get(idx)
        if not anchors or entry.kw_re is None:
            # no keyword anywhere (or no text keywords, and none on any path): only what
            # needs none can hit
            return None if free_rx is None else (keys, free_rx(raw))
        kw_rx = self._kw_candidate_rx.get(idx)
        if kw_rx is not None and entry.kw_width is not None:
            around = 4 * (entry.spec.keyword_window + entry.kw_width) + 8
            near = _near(kw_rx, raw, anchors, around)
            # (in order: a stable sort of the two lists, as a merge of them would give)
            return keys, (near if free_rx is None else sorted(free_rx(raw) + near))
        if entry.spec.keyword_required:  # unbounded: keep the candidates near a keyword
            reach = 4 * entry.spec.keyword_window
            return keys, [
                (ms, me) for ms, me in rx(raw) if _near_any(anchors, ms - reach, me + reach)
            ]
        return keys, rx(raw)

    def confirm_in_document(
        self, raw: bytes, allowed: frozenset[int]
    ) -> tuple[frozenset[int], dict[str, frozenset[int]] | None, dict[str, frozenset[int]]]:
        """The identifiers of ``allowed`` that really hit somewhere in ``raw``, the JSON
        strings they hit in with the identifiers that hit there (None when that cannot be
        told exactly), and the hit texts with the identifiers that hit them.

        ``raw`` is a serialized document whose strings appear verbatim (no escapes left).
        Each candidate is checked on the JSON string around it with the full patterns and
        validators; keyword evidence is looked for in the document around the string, and
        path evidence is assumed when any key of the document holds a keyword. That is a
        superset of what the walk finds, so a document that confirms nothing needs no walk,
        and a walk needs to scan only the strings listed.
        """
        confirmed: set[int] = set()
        # this document's recordings, for the walk that follows (``detect_only``)
        recorded: dict[tuple[_Compiled, str], list[Span4]] = {}
        _RECORDINGS.by_text = recorded
        targets: dict[str, set[int]] | None = {}
        values: dict[str, set[int]] = {}  # the text of every confirmed hit
        entries = self._entries
        for idx in allowed:
            rx = self._candidate_rx.get(idx)
            entry = entries[idx]
            if rx is None or isinstance(entry, _CompiledCustom):
                confirmed.add(idx)
                targets = None
                continue
            plan = self._candidates(idx, entry, raw, rx)
            if plan is None:
                continue
            keys, candidates = plan
            reach = 4 * entry.spec.keyword_window  # bytes enough for that many characters
            checked_to = -1  # candidates inside an already checked window need no new check
            start = end = body_end = -1  # the string around the last candidate
            # (a candidate of digits alone, without its context characters, is the whole value)
            run_check = entry.spec.validator if entry.spec.digit_run_is_value else None
            for ms, me in candidates:
                # candidates may include one context character on each side, which can be
                # the quote around the value: the value is what lies between the quotes
                if raw[ms] == 0x22 and ms + 1 < me:
                    ms += 1
                if raw[me - 1] == 0x22 and me - 1 > ms:
                    me -= 1
                if me <= checked_to:
                    continue
                if run_check is not None:
                    run = raw[ms:me]
                    if not run[:1].isdigit():
                        run = run[1:]
                    if not run[-1:].isdigit():
                        run = run[:-1]
                    if run.isdigit() and not run_check(run.decode("ascii")):
                        continue  # a digit run standing alone that is no value of this kind
                if not start <= ms < me <= end:  # a new string (else: the same as the last)
                    start = raw.rfind(b'"', 0, ms) + 1
                    end = raw.find(b'"', me)
                    if end < 0:
                        end = len(raw)
                    body_end = end
                    while body_end > start and raw[body_end - 1] == 0x5C:  # trailing "\\"
                        body_end -= 1
                # the string around the candidate, cut to a window: a cut acts as the string's
                # edge, which negative lookarounds and \b treat no stricter than the real text
                ws, we = max(start, ms - _CONFIRM_MARGIN), min(body_end, me + _CONFIRM_MARGIN)
                window = raw[ws:we]
                text = window.decode("utf-8", "replace")
                # (ASCII: the window's bytes are the text's, which find need not encode)
                encoded = window if text.isascii() else None
                checked_to = we - _CONFIRM_MARGIN // 2 if we < body_end else end
                # a whole string: what the walk's scan of it needs is kept (``replay``)
                record = Recording() if ws == start and we == body_end else None
                if entry.needs_keyword and entry.kw_re is not None:
                    # keyword evidence may lie in the document around the string
                    before = raw[max(0, ws - reach) : ws].decode("utf-8", "replace")
                    after = raw[we : we + reach].decode("utf-8", "replace")
                    hits = entry.find(
                        text,
                        keys,
                        before + text + after,
                        len(before),
                        scored=False,
                        record=record,
                        encoded=encoded,
                    )
                else:
                    hits = entry.find(text, keys, scored=False, record=record, encoded=encoded)
                if record is not None and record.complete:
                    recorded[(entry, text)] = record.spans
                if hits:
                    confirmed.add(idx)
                    for h in hits:
                        values.setdefault(text[h.start : h.end], set()).add(idx)
                    # the string is a target now: its other candidates would add nothing
                    checked_to = max(checked_to, end)
                    if targets is not None:
                        chunk = raw[start:end]
                        if b'"' in chunk or b"\\" in raw[start:body_end]:
                            targets = None  # spans strings or holds escapes: walk everything
                        else:
                            target = raw[start:body_end].decode("utf-8", "replace")
                            targets.setdefault(target, set()).add(idx)
        return (
            frozenset(confirmed),
            {t: frozenset(idxs) for t, idxs in targets.items()} if targets is not None else None,
            {v: frozenset(idxs) for v, idxs in values.items()},
        )

    def detect_only(self, text: str, keys: Sequence[object], idxs: Iterable[int]) -> list[Hit]:
        """The hits of just these identifiers (the ones the document-level confirmation saw
        hit in this very string): no set pass, and none of the others tried."""
        hits: list[Hit] = []
        entries = self._entries
        recorded = getattr(_RECORDINGS, "by_text", None) or {}
        for i in sorted(idxs):
            entry = entries[i]
            kept = recorded.get((entry, text))
            if kept is not None and type(entry) is _Compiled:
                hits.extend(entry.replay(text, keys, kept))
            else:
                hits.extend(entry.find(text, keys))
        return hits

    def detect(
        self, text: str, keys: Sequence[object] = (), allowed: frozenset[int] | None = None
    ) -> list[Hit]:
        """Every validated hit in ``text``; ``keys`` are the JSON key names along its path.
        ``allowed`` (from ``possible_in_document``) limits the identifiers tried."""
        if len(text) < self.min_length:
            return []
        idxs = self.candidates(text)
        if allowed is not None:
            idxs = [i for i in idxs if i in allowed]
        if self._always:
            idxs = idxs + self._always
        if not idxs:
            return []
        hits: list[Hit] = []
        entries = self._entries
        for i in idxs:
            hits.extend(entries[i].find(text, keys))
        return hits
