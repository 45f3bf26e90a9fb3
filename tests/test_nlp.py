"""spaCy NER through Presidio's NlpEngine: lazy loading, fallback, free-text gating, recognizers.

Pretrained models cannot be downloaded here, so the model is a small pipeline built in a
session fixture (``spacy.blank("en")`` + an ``entity_ruler``), saved to a directory and loaded
through the real path (a model directory named in the policy).
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dataguard import Guard, PolicyError
from dataguard.scan import nlp

ARN = "arn:aws:dataprotection::aws:data-identifier/"
ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Olivia", "Liam", "Mateo", "Priya", "Kwame"]
CITIES = ["Springfield", "Toronto", "Leeds"]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A tiny English pipeline: PERSON = known first name + capitalised word, GPE = cities."""
    spacy = pytest.importorskip("spacy")
    pipe = spacy.blank("en")
    ruler = pipe.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "PERSON", "pattern": [{"TEXT": {"IN": FIRST}}, {"IS_TITLE": True}]}]
        + [{"label": "GPE", "pattern": c} for c in CITIES]
        + [{"label": "ORG", "pattern": "Northwind Traders"}]
    )
    path = tmp_path_factory.mktemp("model") / "tiny_en"
    pipe.to_disk(path)
    return str(path)


@pytest.fixture(autouse=True)
def _fresh_models() -> Iterator[None]:
    nlp._reset_for_tests()
    yield
    nlp._reset_for_tests()


def policy(*ids: str, model: str | None = None, custom: list[dict[str, str]] | None = None) -> dict:
    doc: dict[str, Any] = {
        "Name": "ner",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "mask",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [
                    i if i in {c["Name"] for c in custom or []} else ARN + i for i in ids
                ],
                "Operation": {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "#"}}},
            }
        ],
    }
    conf: dict[str, Any] = {}
    if model is not None:
        conf["dataguard"] = {"ner": {"model": model}}
    if custom:
        conf["CustomDataIdentifier"] = custom
    if conf:
        doc["Configuration"] = conf
    return doc


def found(guard: Guard, message: Any) -> list[tuple[str, str, str]]:
    out = []
    for f in guard.scan(message):
        value = message
        for part in f.path[2:].split("."):
            value = value[part] if part else value
        out.append((f.identifier, f.path, value[f.start : f.end]))
    return out


# --- loading -----------------------------------------------------------------------------------


def test_model_directory_loads_through_presidio_engine(model_dir: str) -> None:
    """A model directory loads through SpacyNlpEngine and yields Presidio entity labels."""
    ner = nlp.get_ner(model_dir)
    assert ner is not None
    text = "I spoke with Olivia Bennett in Leeds"
    assert [(text[s:e], label) for s, e, label in ner(text)] == [
        ("Olivia Bennett", "PERSON"),
        ("Leeds", "LOCATION"),
    ]
    assert nlp.nlp_engine(model_dir).__class__.__name__ == "SpacyNlpEngine"


def test_model_is_loaded_once_across_threads(
    model_dir: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Concurrent first users share one load."""
    calls = []
    real = nlp._load

    def counting(model: str) -> Any:
        calls.append(model)
        return real(model)

    monkeypatch.setattr(nlp, "_load", counting)
    threads = [threading.Thread(target=nlp.get_ner, args=(model_dir,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [model_dir]


def test_missing_model_warns_once_and_keeps_structured_detection(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No model: one clear warning naming it and the install command; name fields still found."""
    caplog.set_level(logging.WARNING, logger="dataguard")
    pol = policy("Name", model="en_core_web_zz")
    g1, g2 = Guard(pol), Guard(pol)
    msg = {"customer": {"name": "Olivia Smith"}, "note": "I spoke with Olivia Bennett today"}
    assert found(g1, msg) == [("Name", "$.customer.name", "Olivia Smith")]
    assert found(g2, msg) == [("Name", "$.customer.name", "Olivia Smith")]
    warnings = [r.getMessage() for r in caplog.records if r.name == "dataguard"]
    assert len(warnings) == 1
    assert "en_core_web_zz" in warnings[0]
    assert "python -m spacy download en_core_web_zz" in warnings[0]


def test_model_from_policy_then_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Policy setting wins over DATAGUARD_SPACY_MODEL, which wins over en_core_web_sm."""
    monkeypatch.delenv("DATAGUARD_SPACY_MODEL", raising=False)
    assert nlp.model_from_extensions({}) == "en_core_web_sm"
    monkeypatch.setenv("DATAGUARD_SPACY_MODEL", "en_core_web_lg")
    assert nlp.model_from_extensions(None) == "en_core_web_lg"
    assert nlp.model_from_extensions({"ner": {"model": "en_core_web_md"}}) == "en_core_web_md"


@pytest.mark.parametrize(
    ("ner", "pointer"),
    [
        ("en_core_web_sm", "/Configuration/dataguard/ner"),
        ({"model": 3}, "/Configuration/dataguard/ner/model"),
        ({"modle": "x"}, "/Configuration/dataguard/ner/modle"),
    ],
)
def test_malformed_ner_block_is_a_policy_error(ner: Any, pointer: str) -> None:
    """A bad ``ner`` extension names its JSON pointer."""
    doc = policy("Name")
    doc["Configuration"] = {"dataguard": {"ner": ner}}
    with pytest.raises(PolicyError) as err:
        Guard(doc)
    assert pointer in str(err.value)


def test_regex_only_policy_imports_neither_spacy_nor_presidio() -> None:
    """Policies without Name/Address never import spaCy or Presidio."""
    code = (
        "import sys\n"
        "from dataguard import Guard\n"
        "g = Guard({'Name':'p','Version':'2021-06-01','Statement':[{'Sid':'s',"
        "'DataDirection':'Inbound','Principal':['*'],'DataIdentifier':["
        "'arn:aws:dataprotection::aws:data-identifier/EmailAddress',"
        "'arn:aws:dataprotection::aws:data-identifier/CreditCardNumber'],"
        "'Operation':{'Deny':{}}}]})\n"
        "g.protect({'customer': {'name': 'Olivia Smith', 'email': 'o@example.org'}})\n"
        "bad = [m for m in ('spacy', 'presidio_analyzer', 'thinc') if m in sys.modules]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- NER in scans ------------------------------------------------------------------------------


def test_ner_finds_names_rules_cannot(model_dir: str) -> None:
    """With a model, a full name in prose with no cue is found; one-token names are not."""
    guard = Guard(policy("Name", model=model_dir))
    msg = {"comment": "I spoke with Priya Kowalczyk about it, and Liam agreed to wait."}
    assert found(guard, msg) == [("Name", "$.comment", "Priya Kowalczyk")]


def test_ner_runs_only_on_free_text(model_dir: str) -> None:
    """Ids, enums, short values and name fields never reach the model."""
    guard = Guard(policy("Name", "Address", model=model_dir))
    seen: list[str] = []
    real = nlp._loaded[model_dir]
    assert real is not None

    def spy(text: str) -> list[tuple[int, int, str]]:
        seen.append(text)
        return real(text)

    nlp._loaded[model_dir] = spy
    guard.scan(
        {
            "customer": {"name": "Olivia Smith"},
            "orderId": "ORD-2024-000123",
            "status": "Pending Review",
            "sku": "SKU-12345-XL",
            "items": [{"name": "Merino Crew Sweater"}],
            "note": "Mateo Silva asked to deliver to the back door.",
        }
    )
    # once: Address needs a number next to a word, so only Name's finder asks the model
    assert seen == ["Mateo Silva asked to deliver to the back door."]


def test_ner_extends_street_with_following_city(model_dir: str) -> None:
    """A LOCATION right after a street match joins the Address span."""
    guard = Guard(policy("Address", model=model_dir))
    msg = {"comment": "Please send it to 12 Maple Avenue, Springfield and not the office."}
    assert found(guard, msg) == [("Address", "$.comment", "12 Maple Avenue, Springfield")]


def test_ner_does_not_turn_cities_into_addresses(model_dir: str) -> None:
    """A city alone is a LOCATION, not an Address."""
    guard = Guard(policy("Address", model=model_dir))
    assert found(guard, {"comment": "We moved the meeting to Toronto next week."}) == []


# --- Presidio recognizers ----------------------------------------------------------------------


def test_recognizer_feeds_a_custom_identifier() -> None:
    """A PatternRecognizer's entity, mapped to a policy custom identifier, is detected."""
    from presidio_analyzer import Pattern, PatternRecognizer

    rec = PatternRecognizer(
        supported_entity="EMPLOYEE_ID",
        patterns=[Pattern("emp", r"\bE\d{6}\b", 0.6)],
        context=["employee"],
    )
    custom = [{"Name": "EmployeeId", "Regex": "EMP-[0-9]{4}"}]
    guard = Guard(
        policy("EmployeeId", custom=custom),
        recognizers=[rec],
        entity_map={"EMPLOYEE_ID": "EmployeeId"},
    )
    msg = {"employee": {"badge": "E123456"}, "old": "EMP-1234"}
    assert found(guard, msg) == [
        ("EmployeeId", "$.employee.badge", "E123456"),
        ("EmployeeId", "$.old", "EMP-1234"),
    ]
    v = guard.protect(msg)
    assert v.message == {"employee": {"badge": "#######"}, "old": "########"}


def test_recognizer_adds_to_a_managed_identifier() -> None:
    """A deny-list recognizer for PERSON adds its names to the managed Name detector."""
    from presidio_analyzer import PatternRecognizer

    rec = PatternRecognizer(supported_entity="PERSON", deny_list=["Bobby Tables"])
    guard = Guard(
        policy("Name", model="en_core_web_zz"), recognizers=[rec], entity_map={"PERSON": "Name"}
    )
    msg = {"note": "ask bobby about Bobby Tables", "customer": {"name": "Olivia Smith"}}
    assert sorted(found(guard, msg)) == [
        ("Name", "$.customer.name", "Olivia Smith"),
        ("Name", "$.note", "Bobby Tables"),
    ]


def test_unmapped_recognizer_is_a_policy_error() -> None:
    """A recognizer whose entities map to nothing the policy can use is refused."""
    from presidio_analyzer import PatternRecognizer

    rec = PatternRecognizer(supported_entity="SHOE_SIZE", deny_list=["44"])
    with pytest.raises(PolicyError, match="SHOE_SIZE"):
        Guard(policy("EmailAddress"), recognizers=[rec])
