"""``dataguard.protect`` and the Powertools middleware variant; Powertools logging canary."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest

import dataguard
from dataguard import Blocked, Guard, load_policy
from dataguard.integrations import powertools
from dataguard.integrations.powertools import Telemetry, protect_handler

EVENTS = Path(__file__).parent / "events"
EMAIL = "jane.doe@example.com"
MASKED = "#" * len(EMAIL)
SECRET = "SECRET-123456"


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared policy without its Audit statement (no AWS audit destination needed)."""
    doc = json.loads((EVENTS / "policy-integrations.json").read_text())
    doc["Statement"] = [s for s in doc["Statement"] if "Audit" not in s["Operation"]]
    path = tmp_path_factory.mktemp("policy") / "policy.json"
    path.write_text(json.dumps(doc))
    return path


def test_protect_is_exported_lazily() -> None:
    """``dataguard.protect`` is the decorator from dataguard.integrations.decorator."""
    from dataguard.integrations.decorator import protect

    assert dataguard.protect is protect


@pytest.mark.parametrize("policy", ["path", "guard", "policy"])
def test_sync_function_result_is_protected(policy: Any, policy_file: Path) -> None:
    """A path, a loaded Policy or a Guard: the returned dict comes back masked, same type."""
    POLICY = policy_file
    if policy == "path":
        policy = str(POLICY)
    elif policy == "guard":
        policy = Guard(POLICY)
    elif policy == "policy":
        policy = load_policy(POLICY)

    @dataguard.protect(policy)
    def build(email: str) -> dict[str, Any]:
        return {"customer": {"email": email}}

    assert build(EMAIL) == {"customer": {"email": MASKED}}
    assert build.__name__ == "build"


def test_async_function_and_deny(policy_file: Path) -> None:
    """Async functions are awaited then protected; a Deny raises Blocked."""
    POLICY = policy_file

    @dataguard.protect(POLICY)
    async def render(text: str) -> str:
        return text

    assert asyncio.run(render(f"to {EMAIL}")) == f"to {MASKED}"
    with pytest.raises(Blocked) as info:
        asyncio.run(render(f"code {SECRET}"))
    assert info.value.sid == "deny-secret" and SECRET not in str(info.value)


def test_bytes_keep_their_type(policy_file: Path) -> None:
    """bytes in, bytes out."""
    POLICY = policy_file
    fn = dataguard.protect(Guard(POLICY))(lambda: json.dumps({"e": EMAIL}).encode())
    assert json.loads(fn()) == {"e": MASKED}


def test_bare_decorator_reads_env(monkeypatch: pytest.MonkeyPatch, policy_file: Path) -> None:
    """``@protect`` without arguments uses DATAGUARD_POLICY on first call."""
    POLICY = policy_file
    from dataguard.integrations import decorator

    monkeypatch.setenv("DATAGUARD_POLICY", str(POLICY))
    decorator._env_guard.reset()
    try:

        @dataguard.protect
        def build() -> str:
            return f"mail {EMAIL}"

        assert build() == f"mail {MASKED}"
    finally:
        decorator._env_guard.reset()


def test_powertools_middleware_protects_response_and_event(policy_file: Path) -> None:
    """``protect_handler`` (lambda_handler_decorator) protects the response, and the event on
    request."""
    POLICY = policy_file
    seen: list[Any] = []

    @protect_handler(policy=str(POLICY), protect_event=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        return {"statusCode": 200, "body": json.dumps({"email": EMAIL})}

    out = handler({"email": EMAIL}, None)
    assert seen == [{"email": MASKED}]
    assert json.loads(out["body"]) == {"email": MASKED}

    @protect_handler(policy=str(POLICY))
    def leaky(event: Any, context: Any) -> str:
        return SECRET

    with pytest.raises(Blocked):
        leaky({}, None)


def test_canary_powertools_logger_and_metrics(
    monkeypatch: pytest.MonkeyPatch, policy_file: Path
) -> None:
    """Through a Powertools Logger and Powertools EMF, logs and metrics hold no raw value."""
    POLICY = policy_file
    from aws_lambda_powertools import Logger

    buf = io.StringIO()
    logger = Logger(service="dataguard-canary", logger_handler=logging.StreamHandler(buf))
    powertools.use_logger(logger)
    emf = io.StringIO()
    try:
        fn = dataguard.protect(POLICY, telemetry=Telemetry("decorator", stream=emf))(lambda m: m)
        fn({"email": EMAIL})
        with pytest.raises(Blocked):
            fn({"email": EMAIL, "code": SECRET})
    finally:
        powertools.use_logger(None)
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert lines and lines[0]["dataguard"]["sid"] == "deny-secret"
    assert lines[0]["service"] == "dataguard-canary"
    metrics = [json.loads(x) for x in emf.getvalue().splitlines()]
    assert any(m.get("MessagesDeidentified") == 1 for m in metrics)
    assert any(m.get("MessagesBlocked") == 1 for m in metrics)
    for raw in (EMAIL, SECRET):
        assert raw not in buf.getvalue() and raw not in emf.getvalue()


def test_powertools_emf_writer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, policy_file: Path
) -> None:
    """Without a stream, metrics go through Powertools EphemeralMetrics with its namespace."""
    POLICY = policy_file
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "shop")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "orders")
    fn = dataguard.protect(POLICY, telemetry=Telemetry("decorator"))(lambda m: m)
    fn({"email": EMAIL})
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    ns = {m["_aws"]["CloudWatchMetrics"][0]["Namespace"] for m in out}
    assert ns == {"shop"}
    assert any(
        m.get("MessagesWithFindings") == [1.0]
        or m.get("MessagesWithFindings") == 1.0
        or m.get("MessagesWithFindings") == 1
        for m in out
    )
    assert any(m.get("DataIdentifier") == "EmailAddress" for m in out)
    assert all(m.get("service") == "orders" for m in out)
