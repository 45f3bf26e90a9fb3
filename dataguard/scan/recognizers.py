"""Presidio as the extension point: a user's ``EntityRecognizer``s wrapped as identifiers.

``Guard(policy, recognizers=[MyRecognizer()], entity_map={"EMPLOYEE_ID": "EmployeeId"})``:
each recognizer's supported entities are mapped to identifier names (``entity_map`` first,
else the entity name itself). A name may be

- a managed identifier (``"PERSON": "Name"``): the recognizer's spans are added to the
  managed detector's;
- a custom identifier of the policy (``Configuration.CustomDataIdentifier``, referred to by
  name in statements): the recognizer's spans are added to the custom regex's.

Entities that map to neither are ignored; a recognizer none of whose entities map to anything
is a PolicyError at construction (it would silently find nothing).

The JSON keys along a value's path are Presidio "context": when one of a recognizer's
``context`` words is a key token, the score is raised by 0.35 (Presidio's default
``context_similarity_factor``). Recognizers that need NLP artifacts get them from the
policy's spaCy model when one is installed (see :mod:`dataguard.scan.nlp`), else ``None``.
Recognizers run on every string the policy scans (they are opaque, so no prefilter applies),
and must be thread-safe if the Guard is shared, as Presidio's own recognizers are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import re2

from ..errors import PolicyError
from ..identifiers.spec import IdentifierSpec
from .keys import key_tokens

Span = tuple[int, int, float]
_CONTEXT_BOOST = 0.35


def _key_words(keys: Sequence[object]) -> set[str]:
    words: set[str] = set()
    for k in keys:
        if type(k) is str:
            words.update(key_tokens(k))
    return words


def _recognizer_finder(
    recognizer: Any, entities: list[str], artifacts: Callable[[str], Any] | None
) -> Callable[[str, Sequence[object]], list[Span]]:
    context = {w.lower() for w in (getattr(recognizer, "context", None) or ())}
    needs_nlp = not _is_pattern_recognizer(recognizer)

    def find(text: str, keys: Sequence[object]) -> list[Span]:
        nlp_artifacts = artifacts(text) if needs_nlp and artifacts is not None else None
        results = recognizer.analyze(text=text, entities=entities, nlp_artifacts=nlp_artifacts)
        if not results:
            return []
        boost = _CONTEXT_BOOST if context and context & _key_words(keys) else 0.0
        out: list[Span] = []
        for r in results:
            if r.entity_type not in entities or r.score <= 0 or r.end <= r.start:
                continue
            out.append((int(r.start), int(r.end), min(1.0, float(r.score) + boost)))
        return out

    return find


def _is_pattern_recognizer(recognizer: Any) -> bool:
    from presidio_analyzer import PatternRecognizer

    return isinstance(recognizer, PatternRecognizer)


def _combine(
    finders: list[Callable[[str, Sequence[object]], list[Span]]],
) -> Callable[[str, Sequence[object]], list[Span]]:
    if len(finders) == 1:
        return finders[0]

    def find(text: str, keys: Sequence[object]) -> list[Span]:
        out: list[Span] = []
        for f in finders:
            out.extend(f(text, keys))
        return out

    return find


def _custom_regex_finder(regex: str) -> Callable[[str, Sequence[object]], list[Span]]:
    options = re2.Options()
    options.log_errors = False
    rx = re2.compile(regex, options)

    def find(text: str, keys: Sequence[object]) -> list[Span]:
        return [(m.start(), m.end(), 1.0) for m in rx.finditer(text) if m.end() > m.start()]

    return find


def recognizer_specs(
    recognizers: Iterable[Any],
    entity_map: Mapping[str, str] | None,
    *,
    base: Mapping[str, IdentifierSpec],
    custom: Mapping[str, str],
    artifacts: Callable[[str], Any] | None = None,
) -> list[IdentifierSpec]:
    """One spec per identifier the recognizers feed.

    ``base``: the spec each managed name has now (catalogue, or policy-bound for Name and
    Address); ``custom``: the policy's custom identifiers (name -> RE2 regex), whose regex keeps
    running next to the recognizers; ``artifacts``: text -> Presidio ``NlpArtifacts`` (or None).
    """
    entity_map = dict(entity_map or {})
    by_name: dict[str, list[Callable[[str, Sequence[object]], list[Span]]]] = {}
    for i, rec in enumerate(recognizers):
        supported = list(rec.get_supported_entities())
        mapped: dict[str, list[str]] = {}
        for entity in supported:
            name = entity_map.get(entity, entity)
            if name in base or name in custom:
                mapped.setdefault(name, []).append(entity)
        if not mapped:
            raise PolicyError(
                f"recognizers[{i}]",
                f"recognizer {getattr(rec, 'name', type(rec).__name__)!r} supports "
                f"{supported}, none of which maps to a managed identifier or to a custom "
                "identifier of the policy; pass entity_map={entity: identifier name}",
            )
        for name, entities in mapped.items():
            by_name.setdefault(name, []).append(_recognizer_finder(rec, entities, artifacts))
    specs: list[IdentifierSpec] = []
    for name, finders in by_name.items():
        if name in custom:
            finders = [_custom_regex_finder(custom[name]), *finders]
            spec = IdentifierSpec(name=name, category="Custom", score=1.0)
        else:
            spec = base[name]
            if spec.context_finder is not None:
                finders = [spec.context_finder, *finders]
        # recognizers are opaque: no prefilter can bound them, so they see every string
        specs.append(replace(spec, context_finder=_combine(finders), prefilter=None))
    return specs


__all__ = ["recognizer_specs"]
