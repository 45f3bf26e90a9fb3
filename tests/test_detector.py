"""The compiled detector: candidate sets, validators, keyword evidence from text and keys."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataguard.identifiers.spec import IdentifierSpec
from dataguard.scan.detector import CustomPattern, Detector
from dataguard.scan.keys import key_has_keyword, key_tokens, keyword_tokens
from dataguard.scan.regex_source import loosen_counts, replace_backreferences, strip_lookarounds

DIGITS9 = IdentifierSpec(
    name="Nine",
    category="Personal",
    patterns=(r"(?<!\d)\d{9}(?!\d)",),
    validator=lambda s: not s.startswith("000"),
    keywords=("account number", "acct"),
    keyword_required=True,
)
EMAILISH = IdentifierSpec(name="At", category="Personal", patterns=(r"\b\w+@\w+\.com\b",))


def test_hit_without_keyword_is_dropped_when_keyword_required() -> None:
    """A keyword-required identifier finds nothing when no keyword is near."""
    assert Detector([DIGITS9]).detect("ref 123456789 done") == []


def test_keyword_in_text_within_window_counts() -> None:
    """A keyword within the window before the value makes the hit count."""
    hits = Detector([DIGITS9]).detect("Account-Number: 123456789")
    assert [(h.identifier, h.start, h.end) for h in hits] == [("Nine", 16, 25)]


def test_keyword_outside_window_does_not_count() -> None:
    """A keyword further away than the window is not evidence."""
    text = "account number" + " " * 60 + "123456789"
    assert Detector([DIGITS9]).detect(text) == []


def test_key_names_on_the_path_are_keywords() -> None:
    """JSON key names along the path count as keywords (camelCase split)."""
    hits = Detector([DIGITS9]).detect("123456789", ("billing", "bankAccountNumber"))
    assert len(hits) == 1


def test_validator_rejects_hits() -> None:
    """A validator returning False removes the hit."""
    assert Detector([DIGITS9]).detect("acct 000456789") == []


def test_digits_inside_longer_runs_are_not_hits() -> None:
    """Lookarounds keep a 9-digit pattern from matching inside a 12-digit number."""
    assert Detector([DIGITS9]).detect("acct 123456789012") == []


def test_candidate_set_skips_identifiers_that_cannot_occur() -> None:
    """The DFA pass reports only the identifiers whose candidates occur."""
    det = Detector([DIGITS9, EMAILISH])
    assert det.candidates("mail bob@example.com") == [1]
    assert det.candidates("nothing here") == []


def test_custom_identifier_runs_in_re2_and_cannot_hang() -> None:
    """A catastrophic-backtracking regex is linear in RE2."""
    det = Detector([], [CustomPattern("Evil", r"(a+)+$")])
    hits = det.detect("a" * 5000 + "!")
    assert hits == []
    assert det.detect("aaa")[0].identifier == "Evil"


def test_raw_document_check_finds_values_inside_json_text() -> None:
    """The anchor-free raw check sees a value inside serialized JSON."""
    det = Detector([EMAILISH])
    assert det.may_occur_in_document(b'{"a":{"b":"x bob@example.com"}}')
    assert not det.may_occur_in_document(b'{"a":{"b":"nothing"}}')


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<!\d)\d{3}(?!\d)", r"(?:^|[^\d])\d{3}(?:$|[^\d])"),
        (r"(?<=[(])x(?=[)])", "[(]x[)]"),
        (r"[(?<=]a", r"[(?<=]a"),
        (r"(?<![\w\"])x", "x"),  # a set holding a quote is dropped, not negated
        # several characters: dropped; of alternatives, the one-character ones are kept
        (r"(?<!(?i:version) )x(?![\w]|\.\w)", r"x(?:$|[^\w])"),
    ],
)
def test_strip_lookarounds(pattern: str, expected: str) -> None:
    """Lookaround groups are removed; character classes are kept intact."""
    assert strip_lookarounds(pattern) == expected


def test_key_tokens_split_camel_snake_and_kebab() -> None:
    """Keys are split into lowercase words."""
    assert key_tokens("billingCardNumber") == ("billing", "card", "number")
    assert key_tokens("card_number-2") == ("card", "number", "2")
    assert key_tokens("SSNValue") == ("ssn", "value")


def test_key_keyword_matching_needs_whole_words() -> None:
    """`lessnumber` does not contain the keyword `ssn`; `customerSSN` does."""
    kw = (keyword_tokens("ssn"),)
    assert key_has_keyword(["customerSSN"], kw)
    assert not key_has_keyword(["lessnumber"], kw)
    assert key_has_keyword(["cardnumber"], (keyword_tokens("card number"),))


def test_backreferences_become_their_group() -> None:
    """A backreference is replaced by a copy of the group it refers to."""
    assert replace_backreferences(r"(?P<s>[ -]?)\d{2}(?P=s)") == r"(?P<s>[ -]?)\d{2}(?:[ -]?)"


def test_long_counted_repetitions_are_opened() -> None:
    """{m,n} with a large n becomes {m,}; classes and escapes are left alone."""
    assert loosen_counts(r"a{0,63}b{1,64}c{2,9}d{1,3}[{0,99}]\{0,99}") == (
        r"a*b+c{2,}d{1,3}[{0,99}]\{0,99}"
    )


def test_unicode_patterns_keep_their_unicode_classes_in_re2() -> None:
    """A Unicode-mode \\w or \\d is spelled as Unicode properties for RE2 (RE2's are ASCII)."""
    from dataguard.scan.regex_source import unicode_classes

    assert unicode_classes(r"\d[\w.]\s\b") == r"\p{Nd}[\p{L}\p{N}_.][\s\p{Z}]"


def test_unicode_spec_is_not_filtered_out_by_ascii_candidates() -> None:
    """Non-ASCII letters and digits reach a Unicode spec's patterns through every gate."""
    spec = IdentifierSpec(
        name="Uni", category="Personal", patterns=(r"\b\w+#\d{3}\b",), unicode=True
    )
    det = Detector([spec])
    hits = det.detect("ref José#٤٥٦ ok")
    assert [(h.start, h.end) for h in hits] == [(4, 12)]


def test_document_form_requires_a_neighbour_character() -> None:
    """In a serialized document a value always has a quote around it: no anchors needed."""
    assert strip_lookarounds(r"(?<!\d)\d{3}(?!\d)", drop_anchors=True) == r"[^\d]\d{3}[^\d]"


_KEY_WORDS = [
    "card",
    "number",
    "ssn",
    "tax",
    "id",
    "phone",
    "mc",
    "nhs",
    "x",
    "7",
    "\u30e1\u30fc\u30eb",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_KEY_WORDS), min_size=1, max_size=4),
    style=st.sampled_from(["camel", "snake", "kebab", "upper", "lower", "pascal", "space"]),
    value_side=st.booleans(),
)
def test_keyword_anchors_find_every_key_that_holds_a_keyword(
    words: list[str], style: str, value_side: bool
) -> None:
    """The one-pass keyword anchors are a superset of key tokenising: whenever a key holds
    one of an identifier's keywords, the document-level pass finds that key."""
    from dataguard.identifiers.catalogue import MANAGED
    from dataguard.scan.detector import _Compiled, _keys_around

    joiners = {"snake": "_", "kebab": "-", "space": " ", "upper": "_"}
    if style in ("camel", "pascal"):
        key = "".join(
            w if i == 0 and style == "camel" else w.capitalize() for i, w in enumerate(words)
        )
    else:
        key = joiners.get(style, "").join(words)
    if style == "upper":
        key = key.upper()
    doc = json.dumps(
        {"other": "card" if value_side else "v", key: "1", "z": [key]}, ensure_ascii=False
    )
    raw = doc.encode()
    for name in ("CreditCardNumber", "Ssn-US", "PhoneNumber-US", "NhsNumber-GB"):
        entry = _Compiled(MANAGED[name])
        if key_has_keyword((key,), entry.kw_tokens):
            assert entry.kw_spans is not None
            assert key in _keys_around(raw, entry.kw_spans(raw)), (name, key)


_LOG_PIECES = [
    "10.2.3.4",
    "v1.2.3.4",
    "version 10.0.0.1",
    "192.168.001.1",
    "1.2.3.4.5",
    "2001:db8::1",
    "17:25:00",
    "ann@example.org",
    "523-41-8876",
    "ssn",
    "card",
    "4556 7375 8689 9855",
    "4556737586899855",
    "12345678901234567890",
    "GB82WEST12345698765432",
    "943 476 5919",
    "(206) 555-0143",
    "+1 206-555-0143",
    "DE89370400440532013000",
    "DE89 3704 0044 0532 0130 00",
    "nhs",
    "iban",
    "phone",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "x",
    "-",
    ".",
    " ",
    "\n",
    "=",
    ":",
]


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_LOG_PIECES), min_size=60, max_size=400),
    seps=st.lists(st.sampled_from([" ", "", ",", "  ", "\t", "a", "0"]), min_size=1),
)
def test_long_strings_scanned_in_regions_find_what_the_whole_scan_finds(
    pieces: list[str], seps: list[str]
) -> None:
    """Long ASCII strings run each pattern only around its RE2 candidates: exactly the
    hits of running it over the whole string, for every identifier the benchmark uses."""
    text = "".join(p + seps[i % len(seps)] for i, p in enumerate(pieces))
    names = ["IpAddress", "Ssn-US", "CreditCardNumber", "BankAccountNumber-GB", "AwsSecretKey"]
    _assert_regions_find_what_the_whole_scan_finds(text, names)


def _assert_regions_find_what_the_whole_scan_finds(text: str, names: list[str]) -> None:
    import dataguard.scan.detector as detector_mod
    from dataguard.identifiers.catalogue import MANAGED

    entries = [detector_mod._Compiled(MANAGED[n]) for n in names]
    for keys in ((), ("customer", "note")):
        segmented = [e.find(text, keys) for e in entries]
        with pytest.MonkeyPatch.context() as m:
            m.setattr(detector_mod, "_SEGMENT_MIN_LENGTH", 10**9)
            whole = [e.find(text, keys) for e in entries]
        assert segmented == whole


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_LOG_PIECES), min_size=3, max_size=40),
    seps=st.lists(st.sampled_from([" ", "", ",", '","', "\t", "a", "0", "+"]), min_size=1),
)
def test_short_strings_scanned_in_regions_find_what_the_whole_scan_finds(
    pieces: list[str], seps: list[str]
) -> None:
    """Strings as short as a gated one (a confirmation window, a field) run each pattern
    only around its RE2 candidates too: exactly the hits of running it over the whole
    string, for each identifier of the benchmark's policy."""
    import dataguard.scan.detector as detector_mod

    text = "".join(p + seps[i % len(seps)] for i, p in enumerate(pieces))[:600]
    names = [
        "AwsSecretKey",
        "BankAccountNumber-DE",
        "BankAccountNumber-GB",
        "CreditCardNumber",
        "EmailAddress",
        "IpAddress",
        "NhsNumber-GB",
        "PhoneNumber-US",
        "Ssn-US",
    ]
    assert detector_mod._SEGMENT_MIN_LENGTH <= detector_mod._GATE_MIN_LENGTH
    _assert_regions_find_what_the_whole_scan_finds(text, names)


@settings(max_examples=100, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_LOG_PIECES), min_size=1, max_size=6),
    gaps=st.lists(st.integers(min_value=0, max_value=3000), min_size=1),
)
def test_long_sparse_strings_scanned_in_shared_regions_find_what_the_whole_scan_finds(
    pieces: list[str], gaps: list[int]
) -> None:
    """Long strings with few candidates share one region pass among an identifier's
    patterns: still exactly the hits of running each pattern over the whole string."""
    import dataguard.scan.detector as detector_mod
    from dataguard.identifiers.catalogue import MANAGED

    filler = "lorem ipsum dolor sit amet "
    text = "".join(
        (filler * (gaps[i % len(gaps)] // len(filler) + 1))[: gaps[i % len(gaps)]] + f" {p} "
        for i, p in enumerate(pieces)
    )
    text = text + filler * max(0, (4200 - len(text)) // len(filler) + 1)
    names = ["IpAddress", "Ssn-US", "CreditCardNumber", "BankAccountNumber-GB", "AwsSecretKey"]
    entries = [detector_mod._Compiled(MANAGED[n]) for n in names]
    assert any(e.shared_spans is not None for e in entries)
    for keys in ((), ("customer", "note")):
        shared = [e.find(text, keys) for e in entries]
        with pytest.MonkeyPatch.context() as m:
            m.setattr(detector_mod, "_SHARED_MIN_LENGTH", 10**9)
            own = [e.find(text, keys) for e in entries]
            m.setattr(detector_mod, "_SEGMENT_MIN_LENGTH", 10**9)
            whole = [e.find(text, keys) for e in entries]
        assert shared == own == whole


def test_keyword_anchors_take_each_key_once() -> None:
    """A key holding a keyword many times is read once (a 1 MB key full of "card" once made
    a copy per occurrence), and values full of keywords are never taken as keys."""
    from dataguard.identifiers.catalogue import MANAGED
    from dataguard.scan.detector import _Compiled, _keys_around

    entry = _Compiled(MANAGED["CreditCardNumber"])
    assert entry.kw_spans is not None
    key = "card " * 1000
    raw = json.dumps({key: 1, "note": "card " * 1000, "cardNumber": "x"}).encode()
    spans = list(entry.kw_spans(raw))
    assert len(spans) > 900  # (adjacent words share their edge character)
    assert _keys_around(raw, spans) == [key, "cardNumber"]


_REPLAY_PIECES = [
    *_LOG_PIECES,
    "phone",
    "call me",
    "+1 206-555-0143",
    "+44 20 7946 0958",
    "206-555-0143",
    "nhs number",
    "943 476 5919",
    "iban",
    "DE89 3704 0044 0532 0130 00",
    "social security",
    "mail",
    "(",
    ")",
]
_REPLAY_KEYS = [
    (),
    ("customer", "note"),
    ("ssn",),
    ("phoneNumber",),
    ("orderId",),
    ("cardNumber", 0),
    ("nhsNumber",),
    ("version",),
]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_REPLAY_PIECES), min_size=1, max_size=12),
    seps=st.lists(st.sampled_from([" ", "", ",", ": ", "\t", "a", "0", "-"]), min_size=1),
    assume_keys=st.booleans(),
    context=st.sampled_from(["", "phone ", "card number ", "ssn: ", "nhs "]),
)
def test_replaying_a_complete_recording_gives_what_find_gives(
    pieces: list[str], seps: list[str], assume_keys: bool, context: str
) -> None:
    """The walk replays what the document-level confirmation recorded for a whole string
    (validated spans, looked for with looser keyword evidence): for every path, exactly the
    hits and scores of running the identifier on the string again."""
    import dataguard.scan.detector as detector_mod
    from dataguard.identifiers.catalogue import MANAGED

    text = "".join(p + seps[i % len(seps)] for i, p in enumerate(pieces))
    names = [
        "EmailAddress",
        "CreditCardNumber",
        "Ssn-US",
        "PhoneNumber-US",
        "PhoneNumber-GB",
        "IpAddress",
        "BankAccountNumber-GB",
        "BankAccountNumber-DE",
        "NhsNumber-GB",
        "AwsSecretKey",
    ]
    complete = 0
    for name in names:
        entry = detector_mod._Compiled(MANAGED[name])
        recording = detector_mod.Recording()
        loose = detector_mod.ASSUME_KEYWORD if assume_keys else ()
        entry.find(text, loose, context + text, len(context), scored=False, record=recording)
        if not recording.complete:
            continue
        complete += 1
        for keys in _REPLAY_KEYS:
            assert entry.replay(text, keys, recording.spans) == entry.find(text, keys), (
                name,
                keys,
            )
    assert complete > 0


def test_replay_takes_a_span_a_later_pattern_finds_without_a_keyword() -> None:
    """A span recorded under a pattern that needs a keyword, and found again by the finder,
    which needs none: on a path without a keyword the replay keeps the finder's hit."""
    import re

    import dataguard.scan.detector as detector_mod

    spec = IdentifierSpec(
        name="Twice",
        category="Personal",
        keyword_patterns=(r"(?<!\d)\d{9}(?!\d)",),
        finder=lambda text: [(m.start(), m.end(), 0.5) for m in re.finditer(r"\d{9}", text)],
        keywords=("acct",),
    )
    entry = detector_mod._Compiled(spec)
    recording = detector_mod.Recording()
    entry.find("523418876", detector_mod.ASSUME_KEYWORD, scored=False, record=recording)
    assert recording.complete
    for keys in ((), ("acct",)):
        assert entry.replay("523418876", keys, recording.spans) == entry.find("523418876", keys)
    assert [h.score for h in entry.replay("523418876", (), recording.spans)] == [0.5]


def test_long_counted_runs_are_recognised() -> None:
    from dataguard.scan.detector import _counts_long_runs

    assert _counts_long_runs(r"[^A-Za-z0-9/+](?:[A-Za-z0-9/+]{40})[^A-Za-z0-9/+=]")
    assert _counts_long_runs(r"x|(?:(?:ab){16})")
    assert _counts_long_runs(r"(?<=k)\d{20,}")
    assert not _counts_long_runs(r"[2-68]\d{12,}")
    assert not _counts_long_runs(r"\d{3}-\d{2}-\d{4}")
    assert not _counts_long_runs(r"(?P<x")  # not parseable: left as it is


def test_a_keyword_alone_lets_a_long_run_identifier_through_the_document_set() -> None:
    """AwsSecretKey's 40-character candidate is left out of the document set (it bloated
    the automaton): its keyword alone makes it possible, its confirmation decides."""
    from dataguard.identifiers.catalogue import MANAGED
    from dataguard.scan.view import document_view

    det = Detector([MANAGED["AwsSecretKey"], MANAGED["EmailAddress"]])
    aws = det.names.index("AwsSecretKey")
    key = "Zr8q2Lk7PmW4xN9tB3vC6yH1jD5fG0sA+eQ/uT2k"
    cases = {
        json.dumps({"aws_secret_access_key": key}): (True, True),
        json.dumps({"credentials": "rotated yesterday"}): (True, False),
        json.dumps({"note": key}): (False, False),
    }
    for doc, (possible, confirmed) in cases.items():
        view, _, _ = document_view(doc.encode())
        allowed = det.possible_in_document(view)
        assert (aws in allowed) is possible, doc
        if possible:
            assert (aws in det.confirm_in_document(view, allowed)[0]) is confirmed, doc


def test_document_set_answers_are_remembered_per_answer_not_per_document() -> None:
    """One detector asked about documents in turn answers each as a fresh one would: the
    answers it remembers are keyed by what the set matched, never by a previous document."""
    from dataguard.identifiers.catalogue import MANAGED
    from dataguard.scan.view import document_view

    names = ["EmailAddress", "Ssn-US", "CreditCardNumber", "IpAddress"]
    docs = [
        {"email": "ann@example.org"},
        {"ssn": "523-41-8876", "ip": "10.2.3.4"},
        {"note": "nothing here"},
        {"card number": "4556 7375 8689 9855", "email": "bo@example.net"},
        {"email": "cy@example.com"},
        {"ssn": "523-41-8876", "ip": "10.2.3.4"},
    ]
    shared = Detector([MANAGED[n] for n in names])
    answers = []
    for doc in docs * 2:
        view, _, _ = document_view(json.dumps(doc).encode())
        fresh = Detector([MANAGED[n] for n in names]).possible_in_document(view)
        assert shared.possible_in_document(view) == fresh, doc
        answers.append(fresh)
    assert len(set(answers)) >= 4  # the documents really get different answers


_B64_TAILS = ('"}', '" ,', '":1', '"  :', '"', '"\n]', '"x', '"\x0b:', '"\x0c:', '""', '"é', '" \n')


@settings(max_examples=400, deadline=None)
@given(
    payload=st.one_of(
        st.binary(min_size=1, max_size=80),
        st.text(min_size=1, max_size=80).map(str.encode),
        st.integers(min_value=0, max_value=60).map(lambda n: json.dumps({"k": "v" * n}).encode()),
    ),
    cut=st.integers(min_value=0, max_value=120),
    tail=st.sampled_from(_B64_TAILS),
    junk=st.sampled_from(["", "=", "==", "===", "-", "A", "AA=", "AA==", "A=AA", "\\"]),
    twice=st.booleans(),
)
def test_base64_candidates_found_by_their_prefix_are_those_of_the_whole_pattern(
    payload: bytes, cut: int, tail: str, junk: str, twice: bool
) -> None:
    """The view finds base64 strings from a short prefix, then checks the rest with string
    methods: the same strings as one unanchored search of the whole pattern, for every
    length and padding, whatever follows."""
    import base64

    from dataguard.scan import view
    from dataguard.scan.b64start import layer_start_pattern
    from dataguard.scan.detector import span_finder

    whole = span_finder('"' + layer_start_pattern() + view._b64_rest("*"))
    encoded = base64.b64encode(payload).decode()
    for body in (encoded, encoded[:cut], encoded[:cut] + junk + encoded[cut:], encoded + junk):
        doc = ('["x", "' + body + tail).encode()
        if twice:
            doc += b"," + doc
        # (base64 holds no quote: the string closes at the first one after its start)
        expected = [(s, doc.index(b'"', s + 1)) for s, _ in whole(doc)]
        assert view._b64_candidates_py(doc) == expected
        assert view._b64_candidates(doc) == expected  # (the C loop, where built)


def test_base64_candidates_include_json_layers_of_any_length() -> None:
    import base64

    from dataguard.scan import view

    for n in range(0, 200, 7):
        inner = json.dumps({"k": "v" * n}).encode()
        doc = json.dumps({"data": base64.b64encode(inner).decode()}).encode()
        spans = list(view._b64_candidates(doc))
        assert len(spans) == 1, n
