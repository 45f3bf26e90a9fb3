"""The README's measured figures are the last benchmark runs' (benchmarks/results/*.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import readme

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(readme.SECTIONS))
def test_readme_shows_the_last_run(name: str) -> None:
    """Run ``python -m benchmarks.readme`` after a benchmark: this fails until you do."""
    results = (ROOT / "benchmarks" / "results" / readme.SECTIONS[name]).read_text()
    text = (ROOT / "README.md").read_text()
    body = readme.figures(results)
    assert body.count("|") > 10  # tables were found
    assert f"<!-- results:{name} -->\n{body}\n<!-- /results:{name} -->" in text


def test_refresh_replaces_only_the_marked_block() -> None:
    text = "a\n<!-- results:x -->\nold\n<!-- /results:x -->\nb"
    assert readme.refresh(text, "x", "new") == "a\n<!-- results:x -->\nnew\n<!-- /results:x -->\nb"
    with pytest.raises(SystemExit):
        readme.refresh("no markers", "x", "new")
