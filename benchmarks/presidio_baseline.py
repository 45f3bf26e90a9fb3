"""The baseline: Presidio ``AnalyzerEngine`` with pattern recognizers only, per string leaf.

This is how Presidio is used on JSON events today: parse the message, call
``AnalyzerEngine.analyze`` on every string leaf (with the leaf's key as context, as
``BatchAnalyzerEngine.analyze_dict`` does), mask the spans it returns, serialize again.
Strings that hold JSON or base64 are not opened: that is not something Presidio does.

Offline: the NLP engine is a :class:`SpacyNlpEngine` over ``spacy.blank("en")`` (a tokenizer,
no model, nothing to download), so context words still work on tokens. The registry holds only
the rule-based recognizers for the identifiers the benchmark's mask policy names (email,
card, SSN, phone, IP, IBAN, NHS). This is kinder to Presidio than its default set-up, which
loads ``en_core_web_lg`` and runs NER on every call. tldextract (used by the email
recognizer) is pointed at its bundled suffix-list snapshot; :func:`build_analyzer` runs under
:func:`no_network`, which turns any socket connect or DNS lookup into an error.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson

# dataguard identifier -> Presidio entity
ENTITY_FOR: dict[str, str] = {
    "EmailAddress": "EMAIL_ADDRESS",
    "CreditCardNumber": "CREDIT_CARD",
    "Ssn-US": "US_SSN",
    "PhoneNumber-US": "PHONE_NUMBER",
    "IpAddress": "IP_ADDRESS",
    "BankAccountNumber-GB": "IBAN_CODE",
    "BankAccountNumber-DE": "IBAN_CODE",
    "NhsNumber-GB": "UK_NHS",
}
ENTITIES: list[str] = sorted(set(ENTITY_FOR.values()))


class NetworkAttempt(RuntimeError):
    """Raised when code under :func:`no_network` tries to reach the network."""


@contextmanager
def no_network() -> Iterator[None]:
    """Fail loudly on any DNS lookup or socket connect inside the block."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkAttempt(f"network access attempted: {args[:2]!r}")

    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo)
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = saved  # type: ignore[method-assign,assignment]


def _offline_tldextract() -> None:
    """Presidio's EmailRecognizer validates domains with ``tldextract.extract``, whose default
    extractor downloads the Public Suffix List on first use (and caches it under ~/.cache).
    Point it at the snapshot bundled with tldextract instead: no network, no disk cache."""
    import tldextract.tldextract as tld

    tld.TLD_EXTRACTOR = tld.TLDExtract(
        cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True
    )


def build_analyzer(phone_regions: tuple[str, ...] | None = None) -> Any:
    """An ``AnalyzerEngine`` with pattern recognizers only and a model-free spaCy engine
    (``phone_regions``: the PhoneRecognizer's regions; Presidio's default when None).

    Raises :class:`NetworkAttempt` if building it (or a first call) touches the network.
    """
    with no_network():
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            NhsRecognizer,
            PhoneRecognizer,
            UsSsnRecognizer,
        )

        _offline_tldextract()

        class BlankSpacyNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
            """spaCy's English tokenizer only: no model to load or download."""

            def load(self) -> None:
                self.nlp = {"en": spacy.blank("en")}

        nlp_engine = BlankSpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
        nlp_engine.load()
        registry = RecognizerRegistry(supported_languages=["en"])
        for recognizer in (
            EmailRecognizer(),
            CreditCardRecognizer(),
            UsSsnRecognizer(),
            PhoneRecognizer(supported_regions=phone_regions)
            if phone_regions
            else PhoneRecognizer(),
            IpRecognizer(),
            IbanRecognizer(),
            NhsRecognizer(),
        ):
            registry.add_recognizer(recognizer)
        analyzer = AnalyzerEngine(
            registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]
        )
        analyzer.analyze(text="warm-up jane@example.org", language="en", entities=ENTITIES)
    return analyzer


class PresidioMasker:
    """Per-leaf Presidio masking of a JSON payload, the pattern people write today."""

    def __init__(self, analyzer: Any | None = None, mask_char: str = "#") -> None:
        self.analyzer = analyzer if analyzer is not None else build_analyzer()
        self.mask_char = mask_char
        self.findings = 0

    def _leaf(self, text: str, key: str | None) -> str:
        results = self.analyzer.analyze(
            text=text,
            language="en",
            entities=ENTITIES,
            context=[key] if key else None,
        )
        if not results:
            return text
        self.findings += len(results)
        chars = list(text)
        for r in results:
            chars[r.start : r.end] = self.mask_char * (r.end - r.start)
        return "".join(chars)

    def _walk(self, node: Any, key: str | None) -> Any:
        if isinstance(node, str):
            return self._leaf(node, key)
        if isinstance(node, dict):
            return {k: self._walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [self._walk(v, key) for v in node]
        return node

    def protect(self, payload: bytes) -> bytes:
        """``payload`` with every span Presidio reports masked; text payloads as one leaf."""
        try:
            doc = orjson.loads(payload)
        except orjson.JSONDecodeError:
            return self._leaf(payload.decode("utf-8"), None).encode("utf-8")
        return orjson.dumps(self._walk(doc, None))


__all__ = [
    "ENTITIES",
    "ENTITY_FOR",
    "NetworkAttempt",
    "PresidioMasker",
    "build_analyzer",
    "no_network",
]
