"""The document-level shortcuts never change what a scan finds (they only skip work)."""

from __future__ import annotations

import base64
import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate
from dataguard import Guard
from dataguard.engine import document_view, unescape_once

POLICY = "benchmarks/policies/mask-regex.json"


def _full_walk_findings(guard: Guard, message: Any) -> set[tuple[str, str, int, int]]:
    """Findings with every shortcut off: the plain walk over every string."""
    decoded = guard._decode(message)
    walker = guard._all
    if decoded.kind == "json":
        hits = walker.scan_document(decoded.doc, decoded.base)
    else:
        hits = walker.scan_text(decoded.doc, decoded.base)
    from dataguard.scan.paths import format_path

    return {(h.identifier, format_path(s), h.start, h.end) for s, h in hits}


def _findings(guard: Guard, message: Any) -> set[tuple[str, str, int, int]]:
    return {(f.identifier, f.path, f.start, f.end) for f in guard.scan(message)}


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(POLICY)


def test_corpus_findings_equal_full_walk(guard: Guard) -> None:
    """On generated events of every shape, shortcuts and full walk find the same."""
    for event in generate(250, seed=11):
        assert _findings(guard, event.payload) == _full_walk_findings(guard, event.payload)


TRICKY = [
    # escapes that change characters: newline, unicode, slash
    {"note": "call me\nssn 523-41-8876\tthanks", "x": "caf\u00e9 bob@example.com"},
    # a quote inside a value next to PII
    {"note": 'he said "mail ann@example.org" twice'},
    # a backslash inside a value next to PII
    {"path": "C:\\new\\ann@example.org"},
    # emoji (surrogate pairs when ASCII-escaped) next to PII
    {"note": "\U0001f600 ann@example.org"},
    # nested document with its own escapes
    {"Message": orjson.dumps({"t": "line\nssn 523-41-8876"}).decode()},
    # the same value twice, and a number holding a card number under a card key
    {"a": "ann@example.org", "b": ["ann@example.org"], "card": 4556737586899855},
    # keys that carry the keyword, value without it
    {"customer": {"ssn": "523-41-8876", "taxId": "523-41-8876"}},
    # hits deep in containers: a number in a list, a base64 layer in a nested list
    {"a": {"b": [{"c": 1}, {"card": [4556737586899855]}]}, "z": {"y": "clean"}},
    {
        "outer": [
            {"x": "clean"},
            {"data": base64.b64encode(b'{"email": "ann@example.org"}').decode()},
        ]
    },
    # a JSON layer that holds nothing next to one that holds a hit
    {"m1": '{"a": "nothing here"}', "m2": '{"b": {"c": "ann@example.org"}}'},
]


@pytest.mark.parametrize("doc", TRICKY)
@pytest.mark.parametrize("ascii_only", [False, True])
def test_tricky_documents_equal_full_walk(guard: Guard, doc: dict, ascii_only: bool) -> None:
    """Escapes, quotes, backslashes, emoji and nesting do not hide anything."""
    import json

    raw = json.dumps(doc, ensure_ascii=ascii_only).encode()
    assert _findings(guard, raw) == _full_walk_findings(guard, raw)
    assert _findings(guard, doc) == _full_walk_findings(guard, doc)


def test_view_decodes_each_level_once() -> None:
    """Escapes of every nesting level are decoded, each once: surrogate pairs become their
    character, and a backslash in a string's own text stays a backslash."""
    assert document_view(rb'{"a":"x\ny \u00e9 e\/"}')[0] == b'{"a":"x\ny \xc3\xa9 e/"}'
    nested = rb'{"m":"{\"t\":\"a\\nb\"}"}'
    assert b'{"t":"a\nb"}' in document_view(nested)[0]
    assert document_view(rb'{"a":"\ud83d\ude00"}')[0] == '{"a":"\U0001f600"}'.encode()
    literal = json.dumps({"note": "401 023 2137\\nhs number"}).encode()
    assert b"401 023 2137\\nhs number" in document_view(literal)[0]


@pytest.mark.parametrize("escape", [r"\\", r"\u005c", r"\u005C"])
def test_a_document_whose_backslashes_are_escaped_as_unicode_is_decoded_on_its_own(
    guard: Guard, escape: str
) -> None:
    """A nested document's own escapes hide text until it is decoded (an email written
    ``ann\u0040example.org``), however its level escapes their backslashes."""
    inner = r"{\"note\": \"ann" + escape + r"u0040example.org\"}"
    raw = ('{"body": "' + inner + '", "k": "v"}').encode()
    assert json.loads(json.loads(raw)["body"]) == {"note": "ann@example.org"}
    assert _findings(guard, raw) == _full_walk_findings(guard, raw) != set()


_LEAVES = [
    "plain",
    'quote " inside',
    "back\\slash",
    "C:\\Users\\new",
    "line\nbreak\ttab\rcr",
    "caf\u00e9 \u2028 \U0001f600",
    "slash / and \\u0041 literal",
    "\x08\x0c controls",
    "a backslash before a newline \\\n and a tab \\\t",
    "two \\\\\n three \\\\\\\r",
    '{"looks": "like \\n json"}',
    "[not json \\n]",
]


def _nested(doc: object, leaves: list[str], levels: int, ascii_only: bool) -> bytes:
    """``doc`` as the ``Message`` of an envelope, ``levels`` deep, each envelope holding a
    leaf of its own too."""
    for i in range(levels - 1):
        doc = {"Message": json.dumps(doc, ensure_ascii=ascii_only), "k": leaves[i % len(leaves)]}
    return json.dumps(doc, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("levels", [1, 2, 3])
@pytest.mark.parametrize("leaf", _LEAVES)
def test_unescape_fast_decoders_agree_with_general_path(
    leaf: str, levels: int, ascii_only: bool
) -> None:
    """The C escape decoders used on most messages decode one level as the general path
    does, and never warn about escapes they do not know."""
    import warnings

    from dataguard.scan.view import unescape_once_general

    raw = _nested({"v": leaf, "n": 1, "l": [leaf]}, [leaf], levels, ascii_only)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert unescape_once(raw) == unescape_once_general(raw)


@settings(max_examples=300, deadline=None)
@given(
    leaves=st.lists(
        st.text() | st.text(alphabet='\\"u0aé\xff\xa0ü\n\u2028\U0001f600\ud83d'),
        min_size=1,
        max_size=3,
    ),
    levels=st.integers(1, 4),
    ascii_only=st.booleans(),
)
def test_unescape_agrees_with_general_path_on_any_text(
    leaves: list[str], levels: int, ascii_only: bool
) -> None:
    """Any text (lone surrogates, emoji, Latin-1 and other scripts, backslashes) nested
    up to four levels: the fast decoders decode one level as the general path does."""
    import warnings

    from dataguard.scan.view import unescape_once_general

    raw = _nested({"v": leaves}, leaves, levels, ascii_only)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert unescape_once(raw) == unescape_once_general(raw)


def _strings(node: object) -> list[str]:
    """Every string the walk scans as text: JSON documents in strings opened, any depth."""
    from dataguard.scan.layers import open_layer

    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    if isinstance(node, str):
        layer = open_layer(node)
        if layer is not None and layer[0] == "json":
            return _strings(layer[1])
        return [node]
    return []


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("levels", [1, 2, 3, 4])
@pytest.mark.parametrize("leaf", _LEAVES)
def test_view_holds_every_string_verbatim(leaf: str, levels: int, ascii_only: bool) -> None:
    """Whatever backslashes, quotes and escapes a string holds, at any nesting level, the
    view holds its text exactly: what the one-pass checks see is what the walk scans."""
    raw = _nested({"v": leaf, "n": 1, "l": [leaf]}, [leaf], levels, ascii_only)
    view, _, _ = document_view(raw)
    for s in _strings(json.loads(raw)):
        assert s.encode("utf-8", "surrogatepass") in view, s


@settings(max_examples=400, deadline=None)
@given(
    leaves=st.lists(
        st.text(alphabet='\\"nutb0a{}[]: \n\xe9\U0001f600', max_size=16), min_size=1, max_size=3
    ),
    levels=st.integers(1, 4),
    ascii_only=st.booleans(),
)
def test_view_holds_any_string_verbatim(leaves: list[str], levels: int, ascii_only: bool) -> None:
    """Any text of backslashes, quotes, escape letters and brackets, nested up to four
    levels: every string the walk scans is in the view as it is."""
    raw = _nested({"v": leaves}, leaves, levels, ascii_only)
    view, _, _ = document_view(raw)
    for s in _strings(json.loads(raw)):
        assert s.encode() in view, s


def test_view_opens_base64_values_of_every_length_open_layer_accepts() -> None:
    """The view opens what the walk opens: padded and unpadded base64 values of eight
    characters and more; keys, digit strings and short values are not layers."""
    import base64

    from dataguard.scan.layers import open_layer
    from dataguard.scan.view import document_view

    values = ["abcd", "abcde", "abcdef", "a@b.io x", "x" * 40, '{"k":"v"}']
    values += [
        "caf\u00e9 cr\u00e8me",
        "\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8",
        "\U0001f600 smile",
        "\u00fcber",
    ]
    encoded = [base64.b64encode(v.encode()).decode() for v in values]
    doc = {"d": encoded, "YWJjZGVmZ2g=": 1, "n": "12345678", "s": "YWJj"}
    _, layers, _ = document_view(json.dumps(doc).encode())
    assert layers == [e for e in encoded if open_layer(e) is not None]
    assert len(layers) == len(values)


@pytest.mark.parametrize("gap", [0, 1, 10, 29, 30, 31, 60, 200])
@pytest.mark.parametrize("side", ["before", "after"])
def test_keyword_distance_decides_the_same_as_full_walk(guard: Guard, gap: int, side: str) -> None:
    """Identifiers that need a keyword are looked for only near one: at every distance
    around the window's edge, the shortcut finds exactly what the full walk finds."""
    card = "4556 7375 8689 9855"
    filler = "-" * gap
    text = f"card {filler} {card}" if side == "before" else f"{card} {filler} card"
    doc = {"id": "7", "note": text, "other": "1234567890123 card 4111"}
    raw = json.dumps(doc).encode()
    assert _findings(guard, raw) == _full_walk_findings(guard, raw)
    if gap <= 10:
        assert _findings(guard, raw)  # near enough: found
    if gap >= 60:
        assert not _findings(guard, raw)


@settings(max_examples=500, deadline=None)
@given(text=st.text(min_size=6, max_size=60))
def test_view_opens_base64_of_any_text(text: str) -> None:
    """The base64 candidate pattern rules out strings by their first decoded bytes (not
    valid UTF-8): base64 of any text at all still gets through, and is opened as the walk
    would open it."""
    from dataguard.scan.layers import open_layer
    from dataguard.scan.view import document_view

    encoded = base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()
    _, layers, _ = document_view(json.dumps({"data": encoded}).encode())
    if open_layer(encoded) is not None:
        assert layers == [encoded]


_FIRST_CHARS = [chr(c) for c in range(0x20, 0x7F)] + ["\u00e9", "\u07ff", "\u4e2d", "\U0001f600"]


@pytest.mark.parametrize("first", _FIRST_CHARS)
def test_view_opens_base64_of_text_starting_with_any_two_characters(first: str) -> None:
    """Every pair of leading characters (ASCII, 2-, 3- and 4-byte UTF-8) keeps base64 of
    the text a candidate of the view."""
    from dataguard.scan.view import document_view

    for second in _FIRST_CHARS:
        encoded = base64.b64encode(f"{first}{second} text".encode()).decode()
        _, layers, _ = document_view(json.dumps({"data": encoded}).encode())
        assert layers == [encoded], (first, second)


def _luhn_complete(prefix: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(prefix + "0")):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return prefix + str((10 - total % 10) % 10)


@settings(max_examples=300, deadline=None)
@given(
    runs=st.lists(
        st.tuples(
            st.sampled_from(["4", "51", "34", "6011", "5", "0", "1", "7", "2221"]),
            st.integers(min_value=8, max_value=22),
            st.booleans(),
            st.sampled_from([" ", "x", "-", "", ",", "/", "\n"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    ),
    under_key=st.booleans(),
)
def test_digit_runs_decided_by_the_validator_find_what_the_walk_finds(
    guard: Guard, runs: list[tuple[str, int, bool, str, bool]], under_key: bool
) -> None:
    """Card candidates that are bare digit runs are decided by the card validator before
    any pattern runs: never a hit lost, whatever the digits, lengths and neighbours (a
    run that fails the validator right next to one that passes included)."""
    import random

    rng = random.Random(len(runs))
    parts = ["card"]
    for prefix, length, valid, sep, keyword in runs:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(max(0, length - 1)))
        number = _luhn_complete(body[: length - 1]) if valid else body[:length]
        parts.append(f"{' card' if keyword else ''}{sep}{number}")
    text = "".join(parts)
    doc = {"cardNumber" if under_key else "note": text, "other": {"pan": parts[0]}}
    raw = json.dumps(doc).encode()
    assert _findings(guard, raw) == _full_walk_findings(guard, raw)


def test_a_set_pass_re2_gives_up_on_is_never_taken_as_clean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """RE2's binding reports a set search that ran out of DFA memory as no match at all; an
    always-matching pattern in every set tells that apart from a clean text, and the scan
    then goes without the shortcut instead of passing the message on unscanned."""
    guard = Guard(POLICY)
    detector = guard._all.detector
    doc = {"note": "mail ann@example.org", "card": "4556 7375 8689 9855", "x": [1, 2]}
    raw = json.dumps(doc).encode()
    expected = _findings(guard, raw)
    assert expected
    assert detector._raw_match(raw)  # a normal pass always reports something
    monkeypatch.setattr(detector, "_raw_match", lambda data: [])
    assert _findings(guard, raw) == expected
    monkeypatch.setattr(detector, "_leaf_match", lambda data: [])
    assert _findings(guard, raw) == expected
    assert guard.protect(raw).message != raw


@pytest.mark.parametrize(
    "text", [b"", b"\n", b"x", b"plain\n", "caf\u00e9 \U0001f600".encode(), b'{"a": "b"}\n\n']
)
def test_every_completed_set_pass_reports_the_end_of_text(text: bytes) -> None:
    """The sentinel that tells a clean text from a pass RE2 gave up on (an end-of-text
    pattern, not the empty one, which slows the automaton) is reported on any text."""
    detector = Guard(POLICY)._all.detector
    assert detector._raw_match(text)
    assert detector._leaf_match(text)


def test_protected_messages_equal_those_of_the_full_walk() -> None:
    """protect with every shortcut (view, confirmation, targeted walk, layers reused by the
    rebuild) returns byte for byte what it returns with the shortcuts off."""
    fast = Guard(POLICY)
    plain = Guard(POLICY)
    plain._all.detector.raw_safe = False  # the engine then walks every string
    changed = 0
    for event in generate(200, seed=23):
        a, b = fast.protect(event.payload), plain.protect(event.payload)
        assert (a.message, a.findings, a.blocked) == (b.message, b.findings, b.blocked)
        changed += a.message != event.payload
    assert changed > 40  # the corpus really exercises the edits


@settings(max_examples=300, deadline=None)
@given(
    content=st.one_of(
        st.dictionaries(st.text(max_size=8), st.text(max_size=60), max_size=6).map(
            lambda d: json.dumps(d)
        ),
        st.lists(st.integers(), max_size=40).map(json.dumps),
        st.text(min_size=60, max_size=200),
        st.text(alphabet='{[ \n\t"abc}]:,0', min_size=60, max_size=200),
        st.binary(min_size=60, max_size=200).map(lambda b: b.decode("latin-1")),
    ),
    lead=st.sampled_from(["", " ", "\n", "\t "]),
)
def test_layers_the_view_opens_are_those_the_walk_opens(content: str, lead: str) -> None:
    """Long base64 the view leaves out (and hands to the walk, opened) is exactly what
    ``open_layer`` takes as a layer, opened the same way; anything else stays in the view."""
    from dataguard.scan.layers import SHORT_B64, open_layer
    from dataguard.scan.view import document_view

    encoded = base64.b64encode((lead + content).encode()).decode()
    opened: dict[str, Any] = {}
    view, _, _ = document_view(json.dumps({"data": encoded, "k": 1}).encode(), opened=opened)
    layer = open_layer(encoded)
    if len(encoded) > SHORT_B64 and layer is not None:
        assert opened == {encoded: layer}
        assert encoded.encode() not in view
    else:
        assert opened == {}
        assert encoded.encode() in view


_EMAIL_PIECES = [
    "ann@example.org",
    "a.b+c@mail.example.co.uk",
    "x@y",
    "@",
    "@@",
    '"',
    "'",
    "\\",
    " ",
    ".",
    "-",
    "ann",
    "example.org",
    "\n",
    "é",
    "icon@2x.png",
]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_EMAIL_PIECES), min_size=1, max_size=12),
    key_pieces=st.lists(st.sampled_from(_EMAIL_PIECES), max_size=3),
    nested=st.booleans(),
)
def test_candidates_looked_for_only_in_strings_holding_the_anchor(
    guard: Guard, pieces: list[str], key_pieces: list[str], nested: bool
) -> None:
    """E-mail candidates are looked for only in the strings that hold an "@": the scan still
    finds exactly what the full walk finds, with quotes, escapes, keys and nested JSON."""
    text = "".join(pieces)
    doc: dict[str, Any] = {"a": text, "".join(key_pieces) or "k": [text, "x@"], "n": 1}
    if nested:
        doc = {"Message": json.dumps(doc), "m": text}
    raw = json.dumps(doc).encode()
    assert _findings(guard, raw) == _full_walk_findings(guard, raw)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab.-+_@\"' \n0é", max_size=40))
def test_anchored_identifiers_hits_hold_the_anchor_and_no_quote(text: str) -> None:
    """What ``IdentifierSpec.anchor`` promises, for every identifier that declares one."""
    from dataguard.identifiers.catalogue import MANAGED
    from dataguard.scan.detector import _Compiled

    anchored = [spec for spec in MANAGED.values() if spec.anchor is not None]
    assert anchored
    for spec in anchored:
        for h in _Compiled(spec).find(text, ()):
            assert spec.anchor in text[h.start : h.end]
            assert '"' not in text[h.start : h.end]


@settings(max_examples=500, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.text(alphabet='ab@."\\\x00\x1f\x7f é', max_size=12),
    )
)
def test_hit_texts_count_as_verbatim_exactly_when_json_leaves_them_unescaped(text: str) -> None:
    """The walk's prune texts are searched for in serialized JSON: the check that they appear
    there unchanged agrees with what a JSON serializer writes."""
    from dataguard.scan.message import _verbatim_in_json

    assert _verbatim_in_json(text) == (bool(text) and orjson.dumps(text)[1:-1].decode() == text)


@pytest.mark.parametrize("between", [" ", ",", "/", "\n", ";"])
def test_a_valid_card_right_after_an_invalid_digit_run_is_found(guard: Guard, between: str) -> None:
    """A digit run the validator rejects takes one context character on each side as a
    candidate: the valid card number one character after it is still a candidate of its
    own (it was passed on unmasked)."""
    invalid, valid = "4539148803436460", "4539148803436467"
    doc = {"note": f"credit card {invalid}{between}{valid}"}
    raw = json.dumps(doc).encode()
    found = _findings(guard, raw)
    assert found == _full_walk_findings(guard, raw)
    assert ("CreditCardNumber", "$.note", 29, 45) in found
    assert valid not in guard.protect(raw).message.decode()


_PII_PIECES = [
    "ann@example.org",
    "4539148803436467",  # a card number (Luhn, Visa prefix)
    "4539148803436460",  # the same digits failing Luhn
    "4539 1488 0343 6467",
    "5234567890123",
    "523-41-8876",  # SSN
    "523418876",
    "(415) 555-0132",
    "+1 415 555 0132",
    "192.168.10.4",
    "2001:db8::8a2e:370:7334",
    "GB82 WEST 1234 5698 7654 32",
    "DE89370400440532013000",
    "401 023 2137",  # NHS number (mod 11)
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "card",
    "credit card",
    "ssn",
    "phone",
    "nhs number",
    "iban",
    "aws secret access key",
    "1700000000000",
]
_GLUE = ["", " ", ",", ";", "/", "-", ".", "\n", '"', "\\", ":", "x", "\u00e9"]


def _optional_escapes(json_text: str) -> str:
    """JSON text with escapes JSON allows but does not require (PHP's ``\\/``, ``\\u0040``)."""
    return json_text.replace("/", "\\/").replace("@", "\\u0040")


@settings(max_examples=2000, deadline=None)
@given(
    pieces=st.lists(
        st.tuples(st.sampled_from(_PII_PIECES), st.sampled_from(_GLUE)), min_size=1, max_size=8
    ),
    key=st.sampled_from(["note", "cardNumber", "ssn", "phone", "nhs", "iban", "x"]),
    wrap=st.sampled_from(
        [
            "plain",
            "json",
            "base64",
            "list",
            "json-text",
            "base64-text",
            "escaped",
            "sqs-escaped",
            "escaped-in-base64",
            "base64-in-escaped",
        ]
    ),
)
def test_identifiers_side_by_side_find_what_the_walk_finds(
    guard: Guard, pieces: list[tuple[str, str]], key: str, wrap: str
) -> None:
    """Values of every policy identifier and their keywords, glued by any character (none,
    separators, quotes, backslashes): the shortcuts find exactly what the full walk finds."""
    text = "".join(p + g for p, g in pieces)
    inner: dict[str, Any] = {key: text, "n": 1}
    doc: Any
    if wrap == "json":
        doc = {"Message": json.dumps(inner), "k": "v"}
    elif wrap == "base64":
        doc = {"data": base64.b64encode(json.dumps(inner).encode()).decode()}
    elif wrap == "list":
        doc = {"a": [text, {key: [text]}]}
    elif wrap == "json-text":  # looks like JSON, is text: its backslashes are its own
        doc = {"Message": "{" + text, "k": "v"}
    elif wrap == "base64-text":
        doc = {"data": base64.b64encode(("{" + text).encode()).decode()}
    elif wrap == "escaped":
        doc = {"Message": _optional_escapes(json.dumps(inner)), "k": "v"}
    elif wrap == "sqs-escaped":
        envelope = {"Message": _optional_escapes(json.dumps(inner)), "k": "v"}
        doc = {"Records": [{"body": json.dumps(envelope)}]}
    elif wrap == "escaped-in-base64":  # a Kinesis record holding an SNS message
        envelope = {"Message": _optional_escapes(json.dumps(inner)), "k": "v"}
        doc = {"data": base64.b64encode(json.dumps(envelope).encode()).decode()}
    elif wrap == "base64-in-escaped":
        encoded = base64.b64encode(json.dumps(inner).encode()).decode()
        doc = {"Message": _optional_escapes(json.dumps({"data": encoded, "k": text}))}
    else:
        doc = inner
    raw = json.dumps(doc).encode()
    assert _findings(guard, raw) == _full_walk_findings(guard, raw)


def test_a_secret_in_a_message_written_with_escaped_slashes_is_found(guard: Guard) -> None:
    """An SNS message from PHP (``json_encode`` writes ``/`` as ``\\/``) inside an SQS body: the
    secret key's slashes are escaped in every string that holds it."""
    key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    message = json.dumps({"note": "aws secret access key " + key}).replace("/", "\\/")
    body = json.dumps({"Type": "Notification", "Message": message})
    raw = json.dumps({"Records": [{"body": body, "eventSource": "aws:sqs"}]}).encode()
    found = _findings(guard, raw)
    assert found == _full_walk_findings(guard, raw)
    assert ("AwsSecretKey", "$.Records[0].body>$.Message>$.note", 22, 62) in found
    out = json.loads(guard.protect(raw).message)
    note = json.loads(json.loads(out["Records"][0]["body"])["Message"])["note"]
    assert note == "aws secret access key " + "#" * len(key)


@pytest.mark.parametrize("opening", ["{", "[", ' {"note": "'])
def test_base64_text_that_only_looks_like_json_keeps_its_backslashes(
    guard: Guard, opening: str
) -> None:
    """Kinesis data that starts like JSON but does not parse is text to the walk: its
    backslash-n is two characters, and the keyword after it counts."""
    text = opening + "401 023 2137\\nhs number"
    raw = json.dumps({"data": base64.b64encode(text.encode()).decode()}).encode()
    assert _full_walk_findings(guard, raw)  # the walk sees the NHS number
    assert _findings(guard, raw) == _full_walk_findings(guard, raw)
