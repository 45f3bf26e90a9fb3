"""Optional NER for Name and Address: a spaCy model behind Presidio's ``NlpEngine``.

Loading is lazy, process-wide and thread-safe: the first caller that needs a model (a Guard
whose policy names Name or Address) loads it once, every later caller shares it. Nothing here
imports spaCy or Presidio until then, so regex-only policies never pay for them.

The model is, first match wins: ``Configuration.dataguard.ner.model`` in the policy, the
``DATAGUARD_SPACY_MODEL`` environment variable, ``en_core_web_sm``. It may be an installed
package name (``python -m spacy download en_core_web_md``) or a path to a model directory.
It is never downloaded here: when it is not installed, ONE warning on the ``dataguard``
logger names it and the install command, and Name/Address fall back to structured detection
(field names and free-text cues), which needs no model.

A loaded model is used read-only (``nlp(text)``), which spaCy supports from several threads.
Cost: loading takes 0.5-10 s depending on the model; a call costs one pipeline run over the
string, which is why it only ever runs on free-text values (see ``names.is_free_text``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .. import config
from ..errors import PolicyError

DEFAULT_MODEL = "en_core_web_sm"
NER_IDENTIFIERS = ("Name", "Address")
_LOG = logging.getLogger("dataguard")

# spaCy labels -> Presidio entities kept; every other standard label is ignored up front so
# Presidio does not warn about it.
_ENTITY_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "FAC": "LOCATION",
    "LOCATION": "LOCATION",
    "ADDRESS": "LOCATION",
    "STREET": "LOCATION",
}
_IGNORED_LABELS = (
    "CARDINAL", "DATE", "EVENT", "LANGUAGE", "LAW", "MONEY", "NORP", "ORDINAL", "ORG",
    "PERCENT", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART", "MISC",
)  # fmt: skip

NerFn = Callable[[str], list[tuple[int, int, str]]]

_lock = threading.Lock()
_loaded: dict[str, NerFn | None] = {}  # model -> NER function, or None when unavailable
_engines: dict[str, Any] = {}  # model -> presidio SpacyNlpEngine


def model_from_extensions(extensions: Mapping[str, Any] | None) -> str:
    """The model a policy asks for (``Configuration.dataguard.ner.model``), else the
    environment's, else the default. Raises PolicyError for a malformed ``ner`` block."""
    ner = (extensions or {}).get("ner")
    if ner is not None:
        if not isinstance(ner, dict):
            raise PolicyError("/Configuration/dataguard/ner", "must be an object")
        unknown = set(ner) - {"model"}
        if unknown:
            raise PolicyError(
                f"/Configuration/dataguard/ner/{sorted(unknown)[0]}",
                "unknown key; expected model",
            )
        model = ner.get("model")
        if model is not None:
            if not isinstance(model, str) or not model.strip():
                raise PolicyError(
                    "/Configuration/dataguard/ner/model",
                    "must be a spaCy model name (en_core_web_sm/md/lg) or a model directory",
                )
            return model.strip()
    return default_model()


def default_model() -> str:
    """``DATAGUARD_SPACY_MODEL`` or ``en_core_web_sm``."""
    return config.env_str(config.ENV_SPACY_MODEL, DEFAULT_MODEL) or DEFAULT_MODEL


def is_installed(model: str) -> bool:
    """Whether ``model`` is an installed spaCy package or an existing model directory.
    Imports spaCy (only call it when NER is wanted)."""
    if Path(model).is_dir():
        return True
    import spacy.util

    return bool(spacy.util.is_package(model))


def install_hint(model: str) -> str:
    if Path(model).anchor or "/" in model or "\\" in model:
        return f"the directory {model!r} does not exist or is not a spaCy model"
    return f"install it with: python -m spacy download {model}"


def get_ner(model: str | None = None) -> NerFn | None:
    """The NER function for ``model`` (loaded once per process), or None when the model is
    not installed (warned about once) or fails to load (logged once). Thread-safe."""
    name = model or default_model()
    fn = _loaded.get(name, _MISSING)
    if fn is not _MISSING:
        return fn  # type: ignore[return-value]
    with _lock:
        fn = _loaded.get(name, _MISSING)
        if fn is _MISSING:
            fn = _load(name)
            _loaded[name] = fn
    return fn  # type: ignore[return-value]


class _Missing:
    __slots__ = ()


_MISSING: Any = _Missing()


def _load(model: str) -> NerFn | None:
    try:
        installed = is_installed(model)
    except ImportError:
        _LOG.warning(
            "dataguard: Name/Address NER needs spaCy and presidio-analyzer, which are not "
            "installed (pip install 'dataguard[ner]'); using field-name and free-text rules "
            "only"
        )
        return None
    if not installed:
        _LOG.warning(
            "dataguard: spaCy model %r is not installed, so Name/Address detection in free "
            "text uses rules only (fields named name/address are still detected); %s",
            model,
            install_hint(model),
        )
        return None
    try:
        from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

        engine = SpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": model}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(_ENTITY_MAPPING),
                labels_to_ignore=list(_IGNORED_LABELS),
            ),
        )
        engine.load()  # installed (checked above), so Presidio does not try to download it
    except Exception as exc:  # a broken model must not take the process down
        _LOG.warning(
            "dataguard: spaCy model %r could not be loaded (%s); Name/Address detection "
            "uses rules only",
            model,
            type(exc).__name__,
        )
        return None
    _engines[model] = engine
    _LOG.info("dataguard: loaded spaCy model %r for Name/Address NER", model)

    last = threading.local()  # Name and Address ask about the same string back to back

    def ner(text: str) -> list[tuple[int, int, str]]:
        if getattr(last, "text", None) == text:
            return list(last.ents)
        artifacts = engine.process_text(text, "en")
        ents = [(e.start_char, e.end_char, e.label_) for e in artifacts.entities]
        last.text, last.ents = text, ents
        return list(ents)

    return ner


def nlp_engine(model: str | None = None) -> Any | None:
    """The loaded Presidio ``NlpEngine`` for ``model`` (loading it if needed), or None."""
    name = model or default_model()
    get_ner(name)
    return _engines.get(name)


def artifacts_fn(model: str | None = None) -> Callable[[str], Any]:
    """text -> Presidio ``NlpArtifacts`` from ``model`` (loaded on first call), or None when
    the model is unavailable: what recognizers that need NLP features are given."""

    def artifacts(text: str) -> Any:
        engine = nlp_engine(model)
        return None if engine is None else engine.process_text(text, "en")

    return artifacts


def policy_specs(policy: Any) -> list[Any]:
    """Name/Address specs bound to the policy's model, when the policy names either; the
    model is loaded here (Guard construction, i.e. Lambda init), never per message."""
    names = [n for n in NER_IDENTIFIERS if n in policy.identifiers]
    if not names:
        return []
    from dataclasses import replace

    from ..identifiers import addresses
    from ..identifiers import names as name_rules
    from ..identifiers.catalogue import MANAGED

    model = model_from_extensions(policy.extensions)
    get_ner(model)

    def ner() -> NerFn | None:
        return get_ner(model)

    specs = []
    for n in names:
        if n == "Name":
            finder = name_rules.make_finder(ner)
        else:
            finder = addresses.make_finder(ner, name_rules.is_free_text)
        specs.append(replace(MANAGED[n], context_finder=finder))
    return specs


def _reset_for_tests() -> None:
    """Forget loaded models and warnings (tests only)."""
    with _lock:
        _loaded.clear()
        _engines.clear()


__all__ = [
    "DEFAULT_MODEL",
    "NER_IDENTIFIERS",
    "artifacts_fn",
    "default_model",
    "get_ner",
    "install_hint",
    "is_installed",
    "model_from_extensions",
    "nlp_engine",
    "policy_specs",
]
