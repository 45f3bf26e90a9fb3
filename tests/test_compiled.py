"""The compiled scanning core (setup.py, mypyc) behaves exactly as its Python source."""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

import pytest

from dataguard import Guard
from dataguard.compiled import (
    HOT_MODULES,
    NATIVE_MODULES,
    compiled_modules,
    is_compiled,
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


def test_setup_compiles_the_listed_modules() -> None:
    """setup.py reads its module list from dataguard/compiled.py; every entry exists."""
    tree = ast.parse((ROOT / "setup.py").read_text())
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "hot_modules")
    ns: dict[str, object] = {"ast": ast, "ROOT": ROOT}
    exec(compile(ast.Module([fn], []), "setup.py", "exec"), ns)
    assert tuple(ns["hot_modules"]()) == HOT_MODULES  # type: ignore[operator]
    for path in HOT_MODULES:
        assert (ROOT / path).is_file(), path


def test_setup_builds_the_listed_c_loops() -> None:
    """setup.py's C extensions are dataguard/compiled.py's NATIVE_MODULES, sources present."""
    tree = ast.parse((ROOT / "setup.py").read_text())
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "native_modules")
    from setuptools import Extension

    ns: dict[str, object] = {"ast": ast, "ROOT": ROOT, "Extension": Extension}
    exec(compile(ast.Module([fn], []), "setup.py", "exec"), ns)
    built = ns["native_modules"]()  # type: ignore[operator]
    assert tuple(e.name for e in built) == NATIVE_MODULES
    for ext in built:
        assert all((ROOT / src).is_file() for src in ext.sources), ext.sources


def test_compiled_status_is_consistent() -> None:
    names = compiled_modules()
    assert set(names) <= {p.removesuffix(".py").replace("/", ".") for p in HOT_MODULES}
    assert is_compiled() == (len(names) == len(HOT_MODULES))
    assert stale_modules() == []  # conftest refuses to run otherwise


@pytest.mark.skipif(not is_compiled(), reason="this install runs the plain Python modules")
def test_compiled_and_plain_python_give_identical_verdicts() -> None:
    plain = run_plain(_CHILD, (str(ROOT),), root=ROOT, timeout=300)
    assert plain.strip() == verdicts_digest(str(ROOT))
