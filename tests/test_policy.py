"""Tests for dataguard.policy.load_policy: the SNS DataProtectionPolicy parser and validator."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import json
import logging
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dataguard.errors import DataguardWarning, PolicyError, PolicyErrors
from dataguard.identifiers.spec import IdentifierSpec
from dataguard.policy import load_policy
from dataguard.policy.loader import MASK_CHARACTERS, MAX_POLICY_CHARS
from dataguard.policy.model import Policy

HERE = Path(__file__).parent
VALID = sorted((HERE / "policies" / "valid").glob("*.json"))
READY = sorted((HERE.parent / "policies").glob("*.json"))
ARN = "arn:aws:dataprotection::aws:data-identifier/"


@pytest.fixture(scope="module")
def catalogue() -> types.ModuleType:
    """The identifier catalogue module the loader checks names against."""
    return importlib.import_module("dataguard.identifiers.catalogue")


def base() -> dict[str, Any]:
    return {
        "Name": "test-policy",
        "Version": "2021-06-01",
        "Statement": [
            {
                "Sid": "deny-email",
                "DataDirection": "Inbound",
                "Principal": ["*"],
                "DataIdentifier": [ARN + "EmailAddress"],
                "Operation": {"Deny": {}},
            }
        ],
    }


def load_quietly(source: Any) -> Policy:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataguardWarning)
        return load_policy(source)


def errors_of(exc: PolicyError) -> list[PolicyError]:
    return list(exc.errors) if isinstance(exc, PolicyErrors) else [exc]


# ---- valid documents -----------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_documented_example_loads(path: Path) -> None:
    """Every AWS documentation example policy loads without error."""
    policy = load_quietly(path)
    assert policy.statements


@pytest.mark.parametrize("path", READY, ids=[p.stem for p in READY])
def test_ready_policy_loads(path: Path) -> None:
    """Every policy shipped in policies/ is valid."""
    policy = load_quietly(path)
    assert policy.name


def test_ready_policies_exist() -> None:
    """The four ready policies are shipped."""
    assert {p.name for p in READY} >= {
        "basic-pii.json",
        "payments-pci.json",
        "health-phi.json",
        "credentials.json",
    }


def test_basic_pii_is_fully_detectable() -> None:
    """The basic PII policy names only identifiers the catalogue can detect."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataguardWarning)
        policy = load_policy(HERE.parent / "policies" / "basic-pii.json")
    assert policy.undetectable == ()


def test_managed_arn_is_stored_as_name() -> None:
    """A managed identifier ARN is stored as its name, the ARN suffix."""
    policy = load_quietly(base())
    assert policy.statements[0].identifiers == ("EmailAddress",)


def test_custom_identifier_is_stored_by_name() -> None:
    """A custom identifier is kept under its plain name with its regex."""
    policy = load_quietly(VALID[0].parent / "aws-example-custom-identifier-mask.json")
    assert policy.statements[0].identifiers == ("EmployeeId",)
    assert policy.custom_identifiers[0].name == "EmployeeId"
    assert policy.custom_identifiers[0].regex == r"EID-\d{9}-US"


def test_china_partition_arn_is_accepted() -> None:
    """An aws-cn identifier ARN names the same managed identifier."""
    policy = load_quietly(HERE / "policies" / "valid" / "aws-cn-partition-arn.json")
    assert policy.statements[0].identifiers == ("AwsSecretKey",)


def test_statement_index_and_pointer() -> None:
    """Each statement records its index and JSON pointer."""
    doc = base()
    doc["Statement"].append(copy.deepcopy(doc["Statement"][0]))
    policy = load_quietly(doc)
    assert [(s.index, s.pointer) for s in policy.statements] == [
        (0, "/Statement/0"),
        (1, "/Statement/1"),
    ]


def test_repeated_identifier_is_kept_once() -> None:
    """An identifier listed twice in one statement is stored once."""
    doc = base()
    doc["Statement"][0]["DataIdentifier"].append(ARN + "EmailAddress")
    assert load_quietly(doc).statements[0].identifiers == ("EmailAddress",)


def test_sample_rate_string_is_an_integer() -> None:
    """SampleRate written as the string "99", as AWS's examples do, becomes 99."""
    policy = load_quietly(HERE / "policies" / "valid" / "aws-example-audit.json")
    audit = policy.statements[0].audit
    assert audit is not None and audit.sample_rate == 99


def test_audit_destinations_are_parsed() -> None:
    """Audit destinations keep the log group, delivery stream and bucket names."""
    path = HERE / "policies" / "valid" / "aws-example-audit-both-destinations.json"
    audit = load_quietly(path).statements[0].audit
    assert audit is not None and audit.no_findings_destination is not None
    dest = audit.findings_destination
    assert dest is not None
    assert (dest.cloudwatch_log_group, dest.firehose_delivery_stream, dest.s3_bucket) == (
        "/aws/vendedlogs/log-group-name",
        "delivery-stream-name",
        "bucket-name",
    )


def test_mask_character_is_kept() -> None:
    """MaskWithCharacter is stored on the de-identify operation."""
    path = HERE / "policies" / "valid" / "aws-example-custom-identifier-mask.json"
    deid = load_quietly(path).statements[0].deidentify
    assert deid is not None and (deid.mode, deid.mask_character) == ("mask", "#")


def test_mask_character_defaults_to_asterisk() -> None:
    """A MaskConfig without MaskWithCharacter masks with '*'."""
    doc = base()
    doc["Statement"][0]["Operation"] = {"Deidentify": {"MaskConfig": {}}}
    deid = load_quietly(doc).statements[0].deidentify
    assert deid is not None and deid.mask_character == "*"


def test_redact_has_no_mask_character() -> None:
    """RedactConfig gives mode 'redact' and no mask character."""
    path = HERE / "policies" / "valid" / "aws-example-inbound-deidentify-redact.json"
    deid = load_quietly(path).statements[0].deidentify
    assert deid is not None and (deid.mode, deid.mask_character) == ("redact", None)


@pytest.mark.parametrize("char", sorted(MASK_CHARACTERS))
def test_every_supported_mask_character_loads(char: str) -> None:
    """Every character of AWS's supported mask character table is accepted."""
    doc = base()
    doc["Statement"][0]["Operation"] = {"Deidentify": {"MaskConfig": {"MaskWithCharacter": char}}}
    assert load_quietly(doc).statements[0].deidentify.mask_character == char  # type: ignore[union-attr]


# ---- inputs --------------------------------------------------------------------------------


def test_inputs_of_every_kind_give_equal_policies(tmp_path: Path) -> None:
    """Path, str path, JSON text, bytes and dict load to the same policy."""
    doc = base()
    text = json.dumps(doc, indent=2)
    file = tmp_path / "p.json"
    file.write_text(text, encoding="utf-8")
    loaded = [
        load_quietly(file),
        load_quietly(str(file)),
        load_quietly("\n  " + text),
        load_quietly(text.encode("utf-8")),
        load_quietly(doc),
    ]
    assert all(dataclasses.replace(p, source=None) == loaded[-1] for p in loaded)


def test_source_is_the_file_path(tmp_path: Path) -> None:
    """A policy loaded from a file records the path; one from text records none."""
    file = tmp_path / "p.json"
    file.write_text(json.dumps(base()), encoding="utf-8")
    assert load_quietly(file).source == str(file)
    assert load_quietly(json.dumps(base())).source is None


def test_document_is_the_parsed_dict() -> None:
    """Policy.document holds the parsed JSON document."""
    assert load_quietly(json.dumps(base())).document == base()


def test_bytes_with_utf8_bom_load() -> None:
    """UTF-8 bytes starting with a byte order mark load."""
    assert load_quietly(b"\xef\xbb\xbf" + json.dumps(base()).encode()).name == "test-policy"


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    """A missing file raises PolicyError naming the path."""
    missing = tmp_path / "nope.json"
    with pytest.raises(PolicyError) as info:
        load_policy(missing)
    assert info.value.pointer == "" and str(missing) in info.value.reason


def test_non_json_str_is_treated_as_a_path() -> None:
    """A str not starting with '{' is read as a path."""
    with pytest.raises(PolicyError, match=r"policy file not found: no-such-policy\.json"):
        load_policy("no-such-policy.json")


def test_unsupported_input_type_is_a_policy_error() -> None:
    """An input of an unsupported type raises PolicyError, not TypeError."""
    with pytest.raises(PolicyError, match="expected a path, JSON text, bytes or a dict"):
        load_policy(42)  # type: ignore[arg-type]


def test_non_utf8_bytes_are_rejected() -> None:
    """Bytes that are not UTF-8 raise PolicyError."""
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_policy(b'{"Name": "\xff"}')


def test_malformed_json_reports_line_and_column() -> None:
    """Malformed JSON raises PolicyError at pointer '' with the line and column."""
    path = HERE / "policies" / "invalid" / "malformed-trailing-comma.json"
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert not isinstance(info.value, PolicyErrors)
    assert info.value.pointer == ""
    assert "line 4 column 1" in info.value.reason
    assert info.value.source == str(path)


def test_unescaped_regex_backslash_gets_a_hint() -> None:
    """A regex backslash not escaped for JSON, as in AWS's custom identifier page, gets a hint."""
    path = HERE / "policies" / "invalid" / "doc-regex-unescaped-backslash.json"
    with pytest.raises(PolicyError, match=r"Invalid \\escape.*write a regex backslash"):
        load_policy(path)


def test_duplicate_json_key_is_rejected() -> None:
    """A JSON object repeating a key is rejected rather than silently using the last one."""
    with pytest.raises(PolicyError, match="duplicate key 'Statement'"):
        load_policy(HERE / "policies" / "invalid" / "duplicate-key.json")


def test_top_level_array_is_rejected() -> None:
    """A JSON document that is not an object is rejected."""
    with pytest.raises(PolicyError, match="JSON object, not array"):
        load_policy(b"[]")


# ---- size limit ----------------------------------------------------------------------------


def padded(doc: dict[str, Any], size: int) -> dict[str, Any]:
    """Return ``doc`` with a Description that makes its compact JSON exactly ``size`` chars."""
    doc = copy.deepcopy(doc)
    doc["Description"] = ""
    room = size - len(json.dumps(doc, separators=(",", ":")))
    doc["Description"] = "d" * room
    return doc


def test_policy_at_size_limit_loads() -> None:
    """A policy of exactly 30,720 characters loads."""
    doc = padded(base(), MAX_POLICY_CHARS)
    assert len(load_quietly(json.dumps(doc, separators=(",", ":"))).description or "") > 0


def test_policy_over_size_limit_is_rejected() -> None:
    """A policy of 30,721 characters is rejected with the limit in the reason."""
    text = json.dumps(padded(base(), MAX_POLICY_CHARS + 1), separators=(",", ":"))
    with pytest.raises(PolicyError, match="maximum length of 30,720") as info:
        load_policy(text)
    assert info.value.pointer == ""


def test_size_of_text_counts_whitespace() -> None:
    """JSON text is measured as given, whitespace included."""
    doc = padded(base(), MAX_POLICY_CHARS - 10)
    text = json.dumps(doc, separators=(",", ":")) + " " * 11
    with pytest.raises(PolicyError, match="maximum length"):
        load_policy(text)


def test_size_of_dict_is_its_compact_dump() -> None:
    """A dict is measured by its compact JSON dump."""
    with pytest.raises(PolicyError, match="maximum length"):
        load_policy(padded(base(), MAX_POLICY_CHARS + 1))


# ---- invalid documents ---------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def st(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["Statement"][0]


def set_op(op: dict[str, Any], direction: str = "Inbound") -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        st(doc)["Operation"] = op
        st(doc)["DataDirection"] = direction

    return mutate


def audit(**kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "SampleRate": 50,
        "FindingsDestination": {"CloudWatchLogs": {"LogGroup": "/aws/vendedlogs/audit"}},
    }
    body.update(kw)
    return {"Audit": {k: v for k, v in body.items() if v is not None}}


def customs(*items: dict[str, Any], use: str | None = None) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        doc["Configuration"] = {"CustomDataIdentifier": list(items)}
        if use:
            st(doc)["DataIdentifier"] = [use]

    return mutate


def setitem(path: tuple[str | int, ...], value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def delitem(path: tuple[str | int, ...]) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


S0 = "/Statement/0"
C0 = "/Configuration/CustomDataIdentifier/0"
AUD = S0 + "/Operation/Audit"
FD = AUD + "/FindingsDestination"

INVALID: list[tuple[str, Mutation, str, str]] = [
    ("unknown-top-key", setitem(("Effect",), "Allow"), "/Effect", "unknown key 'Effect'"),
    ("pointer-escaping", setitem(("a/b~c",), 1), "/a~1b~0c", "unknown key"),
    ("name-missing", delitem(("Name",)), "/Name", "Name is required"),
    ("name-not-string", setitem(("Name",), 7), "/Name", "expected a string, got number"),
    ("description-not-string", setitem(("Description",), []), "/Description", "expected a string"),
    ("version-missing", delitem(("Version",)), "/Version", "Version is required"),
    ("version-wrong", setitem(("Version",), "2012-10-17"), "/Version", "2021-06-01"),
    ("statement-missing", delitem(("Statement",)), "/Statement", "Statement is required"),
    ("statement-empty", setitem(("Statement",), []), "/Statement", "at least one statement"),
    ("statement-object", setitem(("Statement",), {}), "/Statement", "expected an array"),
    ("statement-item", setitem(("Statement", 0), "x"), S0, "expected an object"),
    ("statement-key", setitem(("Statement", 0, "Effect"), "Deny"), S0 + "/Effect", "unknown key"),
    ("sid-not-string", setitem(("Statement", 0, "Sid"), 3), S0 + "/Sid", "expected a string"),
    (
        "direction-wrong",
        setitem(("Statement", 0, "DataDirection"), "inbound"),
        S0 + "/DataDirection",
        "DataDirection must be Inbound",
    ),
    (
        "direction-missing",
        delitem(("Statement", 0, "DataDirection")),
        S0 + "/DataDirection",
        "required",
    ),
    ("principal-missing", delitem(("Statement", 0, "Principal")), S0 + "/Principal", "required"),
    ("principal-string", setitem(("Statement", 0, "Principal"), "*"), S0 + "/Principal", "array"),
    ("principal-empty", setitem(("Statement", 0, "Principal"), []), S0 + "/Principal", "at least"),
    (
        "principal-bad",
        setitem(("Statement", 0, "Principal"), ["ExampleUser"]),
        S0 + "/Principal/0",
        "IAM principal ARN",
    ),
    (
        "identifier-empty",
        setitem(("Statement", 0, "DataIdentifier"), []),
        S0 + "/DataIdentifier",
        "at least one data identifier",
    ),
    (
        "identifier-unknown-arn",
        setitem(("Statement", 0, "DataIdentifier"), [ARN + "ShoeSize"]),
        S0 + "/DataIdentifier/0",
        "unknown managed data identifier 'ShoeSize'",
    ),
    (
        "identifier-bare-managed-name",
        setitem(("Statement", 0, "DataIdentifier"), ["EmailAddress"]),
        S0 + "/DataIdentifier/0",
        "referred to by ARN",
    ),
    (
        "identifier-undefined-custom",
        setitem(("Statement", 0, "DataIdentifier"), ["EmployeeId"]),
        S0 + "/DataIdentifier/0",
        "neither a managed data identifier ARN nor a custom",
    ),
    (
        "identifier-other-arn",
        setitem(("Statement", 0, "DataIdentifier"), ["arn:aws:macie2::aws:data-identifier/x"]),
        S0 + "/DataIdentifier/0",
        "is not a managed data identifier ARN",
    ),
    (
        "operation-empty",
        setitem(("Statement", 0, "Operation"), {}),
        S0 + "/Operation",
        "exactly one of Audit, Deidentify, Deny",
    ),
    (
        "operation-two",
        setitem(("Statement", 0, "Operation"), {"Deny": {}, "Deidentify": {"RedactConfig": {}}}),
        S0 + "/Operation",
        "exactly one of Audit, Deidentify, Deny (found Deidentify, Deny)",
    ),
    (
        "operation-unknown",
        setitem(("Statement", 0, "Operation"), {"Allow": {}}),
        S0 + "/Operation/Allow",
        "unknown key",
    ),
    (
        "deny-not-empty",
        set_op({"Deny": {"Reason": "x"}}),
        S0 + "/Operation/Deny",
        "Deny operation object is empty",
    ),
    (
        "mask-char-unsupported",
        set_op({"Deidentify": {"MaskConfig": {"MaskWithCharacter": '"'}}}),
        S0 + "/Operation/Deidentify/MaskConfig/MaskWithCharacter",
        "supported mask character",
    ),
    (
        "mask-char-two",
        set_op({"Deidentify": {"MaskConfig": {"MaskWithCharacter": "##"}}}),
        S0 + "/Operation/Deidentify/MaskConfig/MaskWithCharacter",
        "one supported mask character",
    ),
    (
        "mask-config-key",
        set_op({"Deidentify": {"MaskConfig": {"Character": "#"}}}),
        S0 + "/Operation/Deidentify/MaskConfig/Character",
        "unknown key",
    ),
    (
        "redact-not-empty",
        set_op({"Deidentify": {"RedactConfig": {"With": ""}}}),
        S0 + "/Operation/Deidentify/RedactConfig",
        "empty object",
    ),
    (
        "deidentify-neither",
        set_op({"Deidentify": {}}),
        S0 + "/Operation/Deidentify",
        "exactly one of MaskConfig or RedactConfig",
    ),
    (
        "deidentify-outbound",
        set_op({"Deidentify": {"RedactConfig": {}}}, "Outbound"),
        S0 + "/DataDirection",
        "available for inbound messages only",
    ),
    ("audit-outbound", set_op(audit(), "Outbound"), S0 + "/DataDirection", "inbound messages"),
    ("sample-rate-100", set_op(audit(SampleRate=100)), AUD + "/SampleRate", "between 0-99"),
    ("sample-rate-negative", set_op(audit(SampleRate="-1")), AUD + "/SampleRate", "0-99"),
    ("sample-rate-bool", set_op(audit(SampleRate=True)), AUD + "/SampleRate", "0-99"),
    ("sample-rate-fraction", set_op(audit(SampleRate=9.5)), AUD + "/SampleRate", "0-99"),
    (
        "sample-rate-missing",
        set_op({"Audit": {"FindingsDestination": {}}}),
        AUD + "/SampleRate",
        "SampleRate is required",
    ),
    (
        "audit-no-destination",
        set_op({"Audit": {"SampleRate": 1}}),
        AUD,
        "requires a FindingsDestination or a NoFindingsDestination",
    ),
    (
        "log-group-prefix",
        set_op(audit(FindingsDestination={"CloudWatchLogs": {"LogGroup": "audit"}})),
        FD + "/CloudWatchLogs/LogGroup",
        "must start with /aws/vendedlogs/",
    ),
    (
        "log-group-chars",
        set_op(audit(FindingsDestination={"CloudWatchLogs": {"LogGroup": "/aws/vendedlogs/a b"}})),
        FD + "/CloudWatchLogs/LogGroup",
        "log group name",
    ),
    (
        "log-group-missing",
        set_op(audit(FindingsDestination={"CloudWatchLogs": {}})),
        FD + "/CloudWatchLogs/LogGroup",
        "LogGroup is required",
    ),
    (
        "delivery-stream-name",
        set_op(audit(FindingsDestination={"Firehose": {"DeliveryStream": "my stream"}})),
        FD + "/Firehose/DeliveryStream",
        "delivery stream name",
    ),
    (
        "bucket-name",
        set_op(audit(FindingsDestination={"S3": {"Bucket": "Audit_Bucket"}})),
        FD + "/S3/Bucket",
        "bucket name",
    ),
    (
        "destination-unknown",
        set_op(audit(FindingsDestination={"Kinesis": {"Stream": "s"}})),
        FD + "/Kinesis",
        "unknown key",
    ),
    (
        "no-findings-destination-type",
        set_op(audit(NoFindingsDestination=[])),
        AUD + "/NoFindingsDestination",
        "expected an object",
    ),
    (
        "configuration-key",
        setitem(("Configuration",), {"Identifiers": []}),
        "/Configuration/Identifiers",
        "unknown key",
    ),
    (
        "configuration-type",
        setitem(("Configuration",), []),
        "/Configuration",
        "expected an object",
    ),
    (
        "extension-not-object",
        setitem(("Configuration",), {"dataguard": "strict"}),
        "/Configuration/dataguard",
        "must be an object",
    ),
    (
        "custom-too-many",
        customs(*({"Name": f"Id{i}", "Regex": "x"} for i in range(11))),
        "/Configuration/CustomDataIdentifier",
        "a maximum of 10 custom data identifiers",
    ),
    (
        "custom-name-chars",
        customs({"Name": "Employee Id", "Regex": "x"}),
        C0 + "/Name",
        "alphanumeric characters (a-zA-Z0-9)",
    ),
    (
        "custom-name-length",
        customs({"Name": "N" * 129, "Regex": "x"}),
        C0 + "/Name",
        "maximum length of 128",
    ),
    (
        "custom-name-managed",
        customs({"Name": "EmailAddress", "Regex": "x"}),
        C0 + "/Name",
        "cannot share the same name as a managed data identifier",
    ),
    (
        "custom-name-duplicate",
        customs({"Name": "Emp", "Regex": "x"}, {"Name": "Emp", "Regex": "y"}),
        "/Configuration/CustomDataIdentifier/1/Name",
        "already defined at /Configuration/CustomDataIdentifier/0/Name",
    ),
    ("custom-name-missing", customs({"Regex": "x"}), C0 + "/Name", "Name is required"),
    ("custom-regex-missing", customs({"Name": "Emp"}), C0 + "/Regex", "Regex is required"),
    (
        "custom-regex-length",
        customs({"Name": "Emp", "Regex": "a" * 201}),
        C0 + "/Regex",
        "maximum length of 200",
    ),
    (
        "custom-regex-parenthesis",
        customs({"Name": "Emp", "Regex": r"(EID)-\d+"}),
        C0 + "/Regex",
        "unsupported characters '(' ')'",
    ),
    (
        "custom-regex-does-not-compile",
        customs({"Name": "Emp", "Regex": "[a-"}),
        C0 + "/Regex",
        "RegEx does not compile: missing ]",
    ),
    (
        "custom-regex-bad-repetition",
        customs({"Name": "Emp", "Regex": "a**"}),
        C0 + "/Regex",
        "RegEx does not compile",
    ),
    (
        "custom-regex-empty",
        customs({"Name": "Emp", "Regex": ""}),
        C0 + "/Regex",
        "must not be empty",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "pointer", "fragment"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_policy_reports_pointer_and_reason(
    mutate: Mutation, pointer: str, fragment: str
) -> None:
    """An invalid policy names the offending element's pointer and the reason."""
    doc = base()
    mutate(doc)
    with pytest.raises(PolicyError) as info:
        load_quietly(doc)
    found = [(e.pointer, e.reason) for e in errors_of(info.value)]
    assert any(p == pointer and fragment in r for p, r in found), found


def test_second_audit_statement_is_rejected() -> None:
    """A policy can have only one audit statement; the second one is reported."""
    with pytest.raises(PolicyError) as info:
        load_quietly(HERE / "policies" / "invalid" / "two-audit-statements.json")
    assert [e.pointer for e in errors_of(info.value)] == ["/Statement/1/Operation/Audit"]
    assert "only one audit statement" in info.value.reason


def test_mask_and_redact_together_are_rejected() -> None:
    """A De-identify operation cannot have both MaskConfig and RedactConfig."""
    with pytest.raises(PolicyError) as info:
        load_quietly(HERE / "policies" / "invalid" / "mask-and-redact.json")
    assert info.value.pointer == "/Statement/0/Operation/Deidentify"


def test_single_problem_raises_plain_policy_error() -> None:
    """One problem raises PolicyError itself, not PolicyErrors."""
    doc = base()
    doc["Version"] = "1"
    with pytest.raises(PolicyError) as info:
        load_quietly(doc)
    assert type(info.value) is PolicyError


def test_all_problems_are_collected() -> None:
    """Several problems are reported together in one PolicyErrors, in document order."""
    doc = base()
    doc["Version"] = "1"
    st(doc)["DataDirection"] = "Sideways"
    st(doc)["Operation"] = {"Deidentify": {"MaskConfig": {"MaskWithCharacter": "?"}}}
    with pytest.raises(PolicyErrors) as info:
        load_quietly(doc)
    assert [e.pointer for e in info.value.errors] == [
        "/Version",
        "/Statement/0/DataDirection",
        "/Statement/0/Operation/Deidentify/MaskConfig/MaskWithCharacter",
    ]
    assert "3 problem(s)" in str(info.value)


def test_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    """Errors found in a policy file carry the file path as their source."""
    doc = base()
    doc["Version"] = "1"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_quietly(file)
    assert info.value.source == str(file) and str(file) in str(info.value)


def test_unused_custom_identifier_is_allowed() -> None:
    """A custom identifier no statement uses is accepted (AWS documents no such rule)."""
    doc = base()
    doc["Configuration"] = {"CustomDataIdentifier": [{"Name": "Spare", "Regex": "x"}]}
    assert load_quietly(doc).custom_identifiers[0].name == "Spare"


def test_catastrophic_regex_is_allowed() -> None:
    """A regex that backtracks badly elsewhere is fine: re2 runs it in linear time."""
    doc = base()
    doc["Configuration"] = {"CustomDataIdentifier": [{"Name": "Slow", "Regex": "a+a+a+b"}]}
    st(doc)["DataIdentifier"] = ["Slow"]
    assert load_quietly(doc).statements[0].identifiers == ("Slow",)


# ---- extension block -----------------------------------------------------------------------


def test_extension_block_is_passed_through() -> None:
    """Configuration.dataguard is passed through as Policy.extensions."""
    doc = base()
    doc["Configuration"] = {"dataguard": {"failure_mode": "closed", "max_depth": 8}}
    assert load_quietly(doc).extensions == {"failure_mode": "closed", "max_depth": 8}


def test_extension_block_is_a_copy() -> None:
    """Changing the input dict afterwards does not change Policy.extensions."""
    doc = base()
    doc["Configuration"] = {"dataguard": {"ner": {"model": "en_core_web_sm"}}}
    policy = load_quietly(doc)
    doc["Configuration"]["dataguard"]["ner"]["model"] = "other"
    assert policy.extensions["ner"]["model"] == "en_core_web_sm"


# ---- undetectable identifiers --------------------------------------------------------------


@pytest.fixture
def email_undetectable(catalogue: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make EmailAddress a catalogue entry without any detector."""
    patched = {**catalogue.MANAGED, "EmailAddress": IdentifierSpec("EmailAddress", "Personal")}
    monkeypatch.setattr(catalogue, "MANAGED", patched)


@pytest.mark.usefixtures("email_undetectable")
def test_undetectable_identifiers_warn_once() -> None:
    """A policy naming undetectable identifiers emits one DataguardWarning listing them."""
    doc = base()
    doc["Statement"].append(copy.deepcopy(doc["Statement"][0]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy = load_policy(doc)
    ours = [w for w in caught if issubclass(w.category, DataguardWarning)]
    assert len(ours) == 1 and "EmailAddress" in str(ours[0].message)
    assert policy.undetectable == ("EmailAddress",)


@pytest.mark.usefixtures("email_undetectable")
def test_undetectable_warning_points_at_the_caller() -> None:
    """The warning is attributed to the code that called load_policy."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_policy(base())
    assert caught[0].filename == __file__


@pytest.mark.usefixtures("email_undetectable")
def test_undetectable_identifiers_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    """The undetectable warning is also logged on the 'dataguard' logger."""
    with caplog.at_level(logging.WARNING, logger="dataguard"):
        load_quietly(base())
    assert any(r.name == "dataguard" and "EmailAddress" in r.getMessage() for r in caplog.records)


def test_detectable_identifiers_do_not_warn(catalogue: types.ModuleType) -> None:
    """A policy naming only detectable identifiers loads without a warning."""
    assert catalogue.MANAGED["EmailAddress"].detectable
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataguardWarning)
        assert load_policy(base()).undetectable == ()


def test_every_managed_identifier_is_detectable(catalogue: types.ModuleType) -> None:
    """Every SNS managed identifier has a detector, so no policy loads with a warning."""
    assert [n for n, spec in catalogue.MANAGED.items() if not spec.detectable] == []


def test_custom_identifiers_are_never_undetectable() -> None:
    """Custom identifiers always have a detector, their regex."""
    policy = load_quietly(HERE / "policies" / "valid" / "aws-example-custom-identifier-mask.json")
    assert "EmployeeId" not in policy.undetectable
