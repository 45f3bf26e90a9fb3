"""Charts for the HTML report, drawn with matplotlib into inline SVG.

No pyplot and no global backend: each chart is a ``Figure`` rendered by the SVG canvas, so the
module is safe to import anywhere and the output needs no network, font or script. Text is
drawn as paths (``svg.fonttype = "path"``), so the SVG looks the same on any machine; label text
is escaped for mathtext (``$`` starts math in matplotlib, and every JSON path starts with it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from ..errors import DataguardError

PALETTE = ("#2563eb", "#f97316", "#16a34a", "#dc2626", "#9333ea", "#0891b2", "#ca8a04")


class ChartsUnavailable(DataguardError):
    """matplotlib is missing: install the ``report`` extra."""


def _mpl() -> Any:
    try:
        import matplotlib
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartsUnavailable(
            "HTML reports need matplotlib: pip install 'dataguard[report]'"
        ) from None
    return matplotlib, Figure, FigureCanvasSVG


def _label(text: str, width: int = 48) -> str:
    text = text if len(text) <= width else "…" + text[-(width - 1) :]
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _render(fig: Any, canvas_cls: Any) -> str:
    matplotlib = _mpl()[0]
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "dataguard"}):
        canvas_cls(fig).print_svg(buf, metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and DOCTYPE: we inline it
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # RDF namespaces only
    return re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', _responsive, svg, count=1)


def _responsive(m: re.Match[str]) -> str:
    return f'<svg{m.group(1)} width="100%" preserveAspectRatio="xMinYMin meet"'


def _style(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.grid(axis="x", alpha=0.25)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    title: str,
    color: str = PALETTE[0],
    width: float = 5.4,
) -> str:
    """Horizontal bars, biggest on top; empty data gives a labelled empty chart. ``width`` is
    in inches at 96 dpi: 5.4 fits a half-width panel and 10.8 a full one at about 1:1 scale."""
    _matplotlib, Figure, Canvas = _mpl()
    n = max(1, len(labels))
    fig = Figure(figsize=(width, 0.9 + 0.26 * n), dpi=96, layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, list(values), color=color, height=0.7)
    ax.set_yticks(ys, [_label(x) for x in labels])
    fig.suptitle(_label(title, 90), fontsize=10, x=0.01, ha="left")
    for y, v in zip(ys, values, strict=True):
        ax.annotate(
            f"{v:,}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7
        )
    if not labels:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    _style(ax)
    return _render(fig, Canvas)


def time_chart(buckets: Sequence[dict[str, Any]], *, granularity: str) -> str:
    """Messages per hour or day, split into with and without findings (stacked bars)."""
    _matplotlib, Figure, Canvas = _mpl()
    fig = Figure(figsize=(10.8, 3.2), dpi=96, layout="constrained")
    ax = fig.add_subplot()
    xs = list(range(len(buckets)))
    with_f = [b["withFindings"] for b in buckets]
    without = [b["messages"] - b["withFindings"] for b in buckets]
    ax.bar(xs, with_f, color=PALETTE[1], label="with findings", width=0.85)
    ax.bar(xs, without, bottom=with_f, color=PALETTE[0], label="without findings", width=0.85)
    step = max(1, len(xs) // 10)
    ticks = xs[::step]
    cut = 10 if granularity == "day" else 16
    ax.set_xticks(
        ticks,
        [_label(buckets[i]["start"][:cut].replace("T", " ")) for i in ticks],
        rotation=30,
        ha="right",
    )
    ax.set_title(f"Messages audited per {granularity}", fontsize=10, loc="left")
    if not buckets:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    else:
        ax.legend(fontsize=8, frameon=False, ncols=2, loc="lower right", bbox_to_anchor=(1, 1))
    _style(ax)
    ax.grid(axis="y", alpha=0.25)
    return _render(fig, Canvas)


def donut(parts: Sequence[tuple[str, int]], *, title: str) -> str:
    """Share of messages with and without findings, with a legend giving counts and shares."""
    _matplotlib, Figure, Canvas = _mpl()
    fig = Figure(figsize=(5.4, 2.4), dpi=96, layout="constrained")
    ax = fig.add_subplot()
    values = [v for _, v in parts]
    total = sum(values)
    if total > 0:
        wedges, _ = ax.pie(
            values,
            colors=[PALETTE[1], PALETTE[0], *PALETTE[2:]][: len(parts)],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.38},
        )
        ax.legend(
            wedges,
            [_label(f"{k}: {v:,} ({100 * v / total:.1f}%)") for k, v in parts],
            loc="center left",
            bbox_to_anchor=(1, 0.5),
            frameon=False,
            fontsize=8,
        )
    else:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        ax.axis("off")
    ax.set_title(_label(title), fontsize=10, loc="left")
    return _render(fig, Canvas)
