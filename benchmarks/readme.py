"""Copy the figures of the last benchmark runs into README.md, so the README never drifts
from ``benchmarks/results/*.md``.

Each results file's tables (and its cold-start line) replace what stands between the matching
``<!-- results:NAME -->`` and ``<!-- /results:NAME -->`` markers in README.md. Run it after
the benchmarks: ``.venv/bin/python -m benchmarks.readme``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SECTIONS = {"core": "core.md", "evaluation": "evaluation.md", "filtering": "filtering.md"}


def figures(results_md: str) -> str:
    """The tables and the cold-start line of a results file (its prose stays out)."""
    keep: list[str] = []
    for block in re.split(r"\n\s*\n", results_md.strip()):
        lines = block.strip().splitlines()
        if lines and lines[0].startswith(("|", "Cold start", "Per shape")):
            keep.append("\n".join(lines))
    return "\n\n".join(keep)


def refresh(readme: str, name: str, body: str) -> str:
    begin, end = f"<!-- results:{name} -->", f"<!-- /results:{name} -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no {begin} ... {end} markers")
    return pattern.sub(lambda _: f"{begin}\n{body}\n{end}", readme, count=1)


def main() -> int:
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    for name, file in SECTIONS.items():
        readme = refresh(readme, name, figures((RESULTS / file).read_text(encoding="utf-8")))
    path.write_text(readme, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
