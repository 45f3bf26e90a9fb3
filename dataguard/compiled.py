"""Which of dataguard's hot modules run compiled in this install.

The scanning core (the modules below) is plain, fully typed Python that ``setup.py`` compiles
with mypyc into C extensions where a C compiler is available: the same source, 11-12 % less
time per message when measured side by side. Without a compiler, or with
``DATAGUARD_PURE_PYTHON=1`` at install time, the same modules run as Python. Both behave the
same; the benchmark reports which one it measured.

An extension module shadows its ``.py`` source: after editing one, rebuild (``pip install
-e .``, or ``scripts/bootstrap.sh``) or the old code keeps running. ``stale_modules`` finds
those, and the test suite refuses to run on them.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

# Source files, relative to the project root, that setup.py compiles (it reads this tuple
# without importing the package). Public classes users subclass (Guard) stay out: a compiled
# class cannot be subclassed or patched from Python.
HOT_MODULES: tuple[str, ...] = (
    "dataguard/actions.py",
    "dataguard/identifiers/context.py",
    "dataguard/identifiers/memo.py",
    "dataguard/identifiers/phones.py",
    "dataguard/identifiers/validators.py",
    "dataguard/scan/detector.py",
    "dataguard/scan/layers.py",
    "dataguard/scan/message.py",
    "dataguard/scan/paths.py",
    "dataguard/scan/view.py",
    "dataguard/scan/walk.py",
)

# Hand-written C extensions (``name.replace(".", "/") + ".c"``), built beside the mypyc
# modules. Each has a Python twin that runs where it is missing (``native_loaded``).
NATIVE_MODULES: tuple[str, ...] = ("dataguard.scan._native",)


def native_loaded() -> list[str]:
    """The C extensions this install imports (the others' Python twins run instead)."""
    out = []
    for name in NATIVE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        out.append(name)
    return out


def _module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def compiled_modules() -> list[str]:
    """The hot modules that are loaded from a compiled extension."""
    out = []
    for path in HOT_MODULES:
        name = _module_name(path)
        origin = getattr(importlib.import_module(name), "__file__", None) or ""
        if origin.endswith(tuple(EXTENSION_SUFFIXES)):
            out.append(name)
    return out


def is_compiled() -> bool:
    """Whether every hot module runs compiled."""
    return len(compiled_modules()) == len(HOT_MODULES)


def stale_modules() -> list[str]:
    """Compiled modules whose source (``.py``, or ``.c`` for the C extensions) is newer than
    the extension loaded for it (edited after the last build: the extension runs the old
    code)."""
    out = []
    for name, suffix in [
        *((m, ".py") for m in compiled_modules()),
        *((m, ".c") for m in native_loaded()),
    ]:
        ext = importlib.import_module(name).__file__ or ""
        source = os.path.join(os.path.dirname(ext), name.rpartition(".")[2] + suffix)
        if os.path.exists(source) and os.path.getmtime(source) > os.path.getmtime(ext):
            out.append(name)
    return out


def run_plain(code: str, args: tuple[str, ...] = (), *, root: Path, timeout: float = 600) -> str:
    """The output of ``code`` run in a child interpreter on a copy of the package's ``.py``
    sources alone (``root``, the project, next on its path; ``args`` in ``sys.argv[1:]``):
    the same code as plain Python, to compare or time against the compiled build."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(
            Path(__file__).parent,
            Path(tmp) / "dataguard",
            ignore=shutil.ignore_patterns(*(f"*{s}" for s in EXTENSION_SUFFIXES), "__pycache__"),
        )
        prelude = (
            f"import sys\nsys.path[:0] = [{tmp!r}, {str(root)!r}]\n"
            "import dataguard.compiled\n"
            "assert not dataguard.compiled.compiled_modules(), 'the copy must be plain Python'\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", prelude + code, *args],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"the plain-Python child failed:\n{proc.stderr[-2000:]}")
    return proc.stdout


__all__ = [
    "HOT_MODULES",
    "NATIVE_MODULES",
    "compiled_modules",
    "is_compiled",
    "native_loaded",
    "run_plain",
    "stale_modules",
]
