"""The C loops over whole documents (``_native.c``), where the install built them.

Each has a Python twin beside the code that uses it (``view.py``, ``card_windows.py``);
``tests/test_native.py`` compares each loop with its twin.
"""

from __future__ import annotations

import importlib
from typing import Any, Final


def _load() -> Any:
    try:
        return importlib.import_module("dataguard.scan._native")
    except ImportError:  # no C compiler at install (or DATAGUARD_PURE_PYTHON)
        return None


# the extension module, or None: then the twins run
NATIVE: Final = _load()

__all__ = ["NATIVE"]
