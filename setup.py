"""Build: the scanning core compiled with mypyc where it can be, plain Python where not.

Everything else is in pyproject.toml. The compiled modules are listed in
``dataguard/compiled.py`` (read here without importing the package), as are the C loops over
whole documents (``dataguard/scan/_native.c``), which have Python twins. Set
``DATAGUARD_PURE_PYTHON=1`` to skip compiling, e.g. when installing into a directory for
another platform (``deploy/build-layer.sh``). A missing compiler or a failed compile falls
back to plain Python with a warning: the package works either way.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).parent


def _compiled_tuple(name: str) -> list[str]:
    """A tuple of ``dataguard/compiled.py``, read without importing the package."""
    tree = ast.parse((ROOT / "dataguard" / "compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == name:
            return list(ast.literal_eval(node.value))  # type: ignore[arg-type]
    raise RuntimeError(f"dataguard/compiled.py lost its {name} tuple")


def hot_modules() -> list[str]:
    return _compiled_tuple("HOT_MODULES")


def _warn(message: str) -> None:
    print(f"dataguard build: {message}; installing the pure-Python modules", file=sys.stderr)


class OptionalBuildExt(build_ext):
    """A failed compile (no C compiler, no Python headers) leaves the Python modules: every
    extension built before the failure is removed too (one alone would not import)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # any build failure has the same remedy
            _warn(f"compiling failed ({type(exc).__name__}: {exc})")
            built: list[Any] = self.extensions
            for ext in built:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            built.clear()


def native_modules() -> list[Any]:
    """The hand-written C loops (``dataguard/compiled.py``: NATIVE_MODULES)."""
    return [
        Extension(name, [name.replace(".", "/") + ".c"], extra_compile_args=["-O2"])
        for name in _compiled_tuple("NATIVE_MODULES")
    ]


def ext_modules() -> list[Any]:
    if os.environ.get("DATAGUARD_PURE_PYTHON", "") not in ("", "0"):
        return []
    return native_modules() + mypyc_modules()


def mypyc_modules() -> list[Any]:
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed")
        return []
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypyc names modules after paths relative to the working directory
    try:
        return list(mypycify(hot_modules(), opt_level="3"))
    except (Exception, SystemExit) as exc:  # mypyc exits on type errors
        _warn(f"mypyc could not compile the modules ({type(exc).__name__}: {exc})")
        return []
    finally:
        os.chdir(cwd)


setup(ext_modules=ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
