"""The declarative shape of one identifier (after Presidio's PatternRecognizer): data, not code.

The scanner compiles every spec a policy names into one detector; a spec never runs anything
itself except its validator, which must be a pure, cheap function of the matched text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

ARN_PREFIX = "arn:aws:dataprotection::aws:data-identifier/"

# Categories as the SNS documentation groups managed identifiers.
CATEGORIES = ("Credentials", "Devices", "Financial", "Health", "Personal")


@dataclass(frozen=True)
class IdentifierSpec:
    """One managed (or custom) data identifier.

    ``patterns`` are Python ``re`` regexes (compiled once, with ``re.ASCII`` unless
    ``unicode`` is set); each must be free of nested quantifiers so it cannot backtrack
    catastrophically. A match's group 0 is the span reported; when the pattern has a group
    named ``v``, that group is the span instead (so context like a leading ``\\b`` or a
    lookbehind can stay out of it).

    ``validator`` receives the matched span text and returns False to reject it (checksums,
    ranges, AWS test numbers).

    ``keywords``: AWS's documented keywords. When ``keyword_required`` is True a match counts
    only if one of them occurs within ``keyword_window`` characters before the match in the
    same string, or is one of the JSON key names along the value's path. Matching is
    case-insensitive and treats space, ``_`` and ``-`` alike.

    ``detectable`` is False for identifiers the catalogue knows by name but has no detector
    for yet: a policy naming one loads with a warning, never silently finds nothing.
    """

    name: str
    category: str
    patterns: tuple[str, ...] = ()
    validator: Callable[[str], bool] | None = None
    keywords: tuple[str, ...] = ()
    keyword_required: bool = False
    keyword_window: int = 30
    score: float = 0.85
    countries: tuple[str, ...] = ()
    presidio_entity: str | None = None
    unicode: bool = False
    # Custom detection that patterns cannot express (phonenumbers, NER): takes the text and
    # returns (start, end, score) spans. Used instead of/in addition to ``patterns``.
    finder: Callable[[str], list[tuple[int, int, float]]] | None = field(
        default=None, compare=False
    )
    # Like ``finder`` but also given the value's path segments (str keys, int indexes and the
    # ``LAYER`` marker, outermost first), for detection that depends on the field: names and
    # addresses under ``customer.name`` or ``shipTo.address``, Presidio recognizers with the
    # key as context. Its spans get the same keyword handling as ``finder``'s.
    context_finder: Callable[[str, Sequence[object]], list[tuple[int, int, float]]] | None = field(
        default=None, compare=False
    )
    # Patterns whose matches count only with keyword evidence (same rule and window as
    # ``keyword_required``), whatever ``keyword_required`` says: for formats that are safe in
    # context only, such as national-format phone numbers next to international ones that
    # need no keyword. Same ``v`` group and ``validator`` rules as ``patterns``.
    keyword_patterns: tuple[str, ...] = ()
    # Cheap necessary condition on the text (a regex); when it does not match, the identifier
    # cannot occur in the string and no pattern or finder runs. ``None`` = always run.
    prefilter: str | None = None
    # Necessary condition for the ``finder``'s spans only (a regex, RE2-compatible): lets a
    # finder that needs e.g. a "+" country code skip strings that only its patterns can match.
    finder_prefilter: str | None = None
    # Set when a hit inside a run of digits standing alone can only be the whole run (the
    # patterns need digit boundaries, and separators to match less): a candidate that is
    # such a run is then decided by ``validator`` alone, before any pattern runs on it.
    digit_run_is_value: bool = False
    # A character every hit holds, while no hit holds a quote (email: "@"): the document-level
    # confirmation then looks for candidates only in the JSON strings that hold it, found by
    # a C-speed search, instead of in the whole document.
    anchor: str | None = None
    # Spans in a whole serialized document (UTF-8 bytes) that include every hit's span: the
    # document-level confirmation checks these instead of the patterns' candidates, where a
    # loop of its own finds fewer than the patterns do (card numbers: ``scan.card_windows``)
    candidate_spans: Callable[[bytes], list[tuple[int, int]]] | None = field(
        default=None, compare=False
    )
    # The validator costs tens of µs (phonenumbers' parsing): it runs after the cheaper
    # keyword checks, and its answers are remembered for the message (the confirmation and
    # the walk see the same spans).
    validator_costly: bool = False
    description: str = ""

    @property
    def arn(self) -> str:
        return ARN_PREFIX + self.name

    @property
    def detectable(self) -> bool:
        return (
            bool(self.patterns)
            or bool(self.keyword_patterns)
            or self.finder is not None
            or self.context_finder is not None
        )
