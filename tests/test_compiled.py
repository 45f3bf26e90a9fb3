"""The compiled scanning core (setup.py, mypyc) behaves exactly as its Python source."""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from dataguard import Guard
from dataguard.compiled import (
    HOT_MODULES,
    NATIVE_MODULES,
    compiled_modules,
    is_compiled,
    native_loaded,
    run_plain,
    stale_modules,
)

ROOT = Path(__file__).resolve().parents[1]
POLICIES = (
    "benchmarks/policies/mask-regex.json",
    "policies/basic-pii.json",
    "policies/payments-pci.json",
    "policies/credentials.json",
)

# Runs in a child interpreter on the plain Python sources (``compiled.run_plain``).
_CHILD = """
from tests.test_compiled import verdicts_digest
print(verdicts_digest(sys.argv[1]))
"""


def verdicts_digest(root: str) -> str:
    """A digest of every verdict (output bytes, findings, reason) over a mixed corpus."""
    from benchmarks.corpus import generate

    h = hashlib.sha256()
    events = [e.payload for e in generate(250, seed=7)]
    events += [e.payload for e in generate(120, seed=11, pii_ratio=0.9)]
    for name in POLICIES:
        guard = Guard(str(Path(root) / name))
        for i, payload in enumerate(events):
            v = guard.protect(payload, message_id=f"m-{i}")  # (audit sampling hashes it)
            h.update(v.message if isinstance(v.message, bytes) else repr(v.message).encode())
            h.update(json.dumps([f.to_dict() for f in v.findings], sort_keys=True).encode())
            h.update(f"{v.blocked}|{v.reason}|{v.actions}".encode())
    return h.hexdigest()


def _setup_function(name: str) -> Any:
    """A function of setup.py, with the helper it reads dataguard/compiled.py through."""
    from setuptools import Extension

    tree = ast.parse((ROOT / "setup.py").read_text())
    wanted = {name, "_compiled_tuple"}
    fns = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in wanted]
    ns: dict[str, Any] = {"ast": ast, "ROOT": ROOT, "Extension": Extension}
    exec(compile(ast.Module(fns, []), "setup.py", "exec"), ns)
    return ns[name]


def test_setup_compiles_the_listed_modules() -> None:
    """setup.py reads its module list from dataguard/compiled.py; every entry exists."""
    assert tuple(_setup_function("hot_modules")()) == HOT_MODULES
    for path in HOT_MODULES:
        assert (ROOT / path).is_file(), path


def test_setup_builds_the_listed_c_loops() -> None:
    """setup.py's C extensions are dataguard/compiled.py's NATIVE_MODULES, sources present."""
    built = _setup_function("native_modules")()
    assert tuple(e.name for e in built) == NATIVE_MODULES
    for ext in built:
        assert all((ROOT / src).is_file() for src in ext.sources), ext.sources


def test_the_c_loops_run_where_built_and_the_twins_elsewhere() -> None:
    """A compiled install has built the C loops too (without them it would measure and ship
    the slower twins unnoticed), and the scanner runs whichever this install has."""
    from dataguard.identifiers import catalogue
    from dataguard.scan import view
    from dataguard.scan.native import NATIVE

    assert native_loaded() == ([] if NATIVE is None else list(NATIVE_MODULES))
    assert not is_compiled() or NATIVE is not None
    chosen = (
        view._b64_candidates,
        view._decode_escapes,
        view._optional_escapes,
        view._has_escaped_backslash,
        catalogue.get("CreditCardNumber").candidate_spans,
    )
    expected = (
        (
            view._b64_candidates_py,
            view._unescape_py,
            view._optional_escapes_py,
            view._ESCAPED_BACKSLASH,
            None,  # (the regex candidates: the twin costs more than they do)
        )
        if NATIVE is None
        else (
            NATIVE.b64_candidates,
            NATIVE.unescape,
            NATIVE.optional_escapes,
            NATIVE.has_escaped_backslash,
            NATIVE.card_windows,
        )
    )
    assert all(c is e for c, e in zip(chosen, expected, strict=True)), (chosen, expected)


def test_compiled_status_is_consistent() -> None:
    names = compiled_modules()
    assert set(names) <= {p.removesuffix(".py").replace("/", ".") for p in HOT_MODULES}
    assert is_compiled() == (len(names) == len(HOT_MODULES))
    assert stale_modules() == []  # conftest refuses to run otherwise


@pytest.mark.skipif(not is_compiled(), reason="this install runs the plain Python modules")
def test_compiled_and_plain_python_give_identical_verdicts() -> None:
    plain = run_plain(_CHILD, (str(ROOT),), root=ROOT, timeout=300)
    assert plain.strip() == verdicts_digest(str(ROOT))
