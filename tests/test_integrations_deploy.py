"""The SAM templates under deploy/ pass cfn-lint and wire the handlers that exist."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
TEMPLATES = sorted(DEPLOY.glob("*/template.yaml"))


def _cfn_lint() -> str | None:
    exe = shutil.which("cfn-lint") or str(Path(sys.executable).parent / "cfn-lint")
    return exe if Path(exe).exists() else None


@pytest.mark.skipif(_cfn_lint() is None, reason="cfn-lint not installed (dev extra)")
def test_templates_pass_cfn_lint() -> None:
    """Every deploy/*/template.yaml is clean under cfn-lint."""
    assert TEMPLATES
    cmd = [str(_cfn_lint()), *map(str, TEMPLATES)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.parent.name)
def test_template_handlers_exist(template: Path) -> None:
    """Each Handler a template names is importable and callable."""
    handlers = re.findall(r"Handler:\s*([\w.]+)", template.read_text())
    assert handlers
    for dotted in handlers:
        module, _, name = dotted.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name))
