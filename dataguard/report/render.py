"""Render report data (``Aggregator.result()``) as JSON, Markdown or one self-contained HTML file.

HTML carries its CSS and its charts (inline SVG) inside: no script, no CDN, no font download,
so it opens offline and can be attached to a ticket. Every string from records is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import orjson


def render_json(report: dict[str, Any]) -> bytes:
    return orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"


# -- Markdown ---------------------------------------------------------------------------------


def _md_cell(value: Any, code: bool = False) -> str:
    text = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    if code:
        return "`" + text.replace("`", "'") + "`"
    return text.replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], code_cols: int = 0) -> str:
    """A table; numeric columns are right-aligned, the first ``code_cols`` are code spans."""
    if not rows:
        return "_none_\n"

    def numeric(i: int) -> bool:
        return all(isinstance(r[i], int) and not isinstance(r[i], bool) for r in rows)

    out = ["| " + " | ".join(headers) + " |"]
    out.append("|" + "|".join("---:" if numeric(i) else "---" for i in range(len(headers))) + "|")
    for row in rows:
        cells = [_md_cell(v, code=i < code_cols) for i, v in enumerate(row)]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _daily(over_time: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """Hourly buckets rolled up to days when there are too many rows for a ticket."""
    buckets = over_time["buckets"]
    if over_time["granularity"] != "hour" or len(buckets) <= 48:
        return over_time["granularity"], buckets
    days: dict[str, dict[str, Any]] = {}
    for b in buckets:
        day = days.setdefault(
            b["start"][:10],
            {"start": b["start"][:10], "messages": 0, "withFindings": 0, "detections": 0},
        )
        for k in ("messages", "withFindings", "detections"):
            day[k] += b[k]
    return "day", list(days.values())


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def render_markdown(report: dict[str, Any]) -> str:
    """GitHub-flavoured Markdown: headings and tables, fit for a ticket."""
    t = report["totals"]
    period = report["period"]
    approx = report["approximate"]
    lines = [f"# {_md_cell(report['title'])}", ""]
    lines.append(
        f"Generated {report['generatedAt']} from {len(report['sources'])} source(s); "
        f"records from {period['first'] or '-'} to {period['last'] or '-'}."
    )
    lines += ["", "## Totals", ""]
    lines.append(
        _md_table(
            ["Measure", "Value"],
            [
                ["Messages audited", t["messages"]],
                [
                    "With findings",
                    f"{t['withFindings']:,} ({_pct(t['withFindings'], t['messages'])})",
                ],
                ["Without findings", t["withoutFindings"]],
                ["Detections", t["detections"]],
                ["Blocked (Deny)", t["blocked"]],
                ["Duplicate records dropped", t["duplicatesDropped"]],
                ["Invalid lines skipped", t["invalidLines"]],
            ],
        )
    )
    sections: list[tuple[str, list[str], list[list[Any]], int, str]] = [
        (
            "Findings by identifier",
            ["Identifier", "Messages", "Detections"],
            [[r["name"], r["messages"], r["detections"]] for r in report["byIdentifier"]],
            1,
            "",
        ),
        (
            "By statement",
            ["Policy", "Sid", "Messages", "With findings", "Detections"],
            [
                [
                    r["policyName"],
                    r["statementSid"],
                    r["messages"],
                    r["withFindings"],
                    r["detections"],
                ]
                for r in report["byStatement"]
            ],
            2,
            "byStatement",
        ),
        (
            "By action",
            ["Action", "Messages"],
            [[r["action"], r["messages"]] for r in report["byAction"]],
            1,
            "",
        ),
        (
            "By direction",
            ["Direction", "Messages"],
            [[r["direction"], r["messages"]] for r in report["byDirection"]],
            1,
            "",
        ),
        (
            "Top principals",
            ["Principal", "Messages", "With findings", "Detections"],
            [
                [r["principal"], r["messages"], r["withFindings"], r["detections"]]
                for r in report["byPrincipal"]
            ],
            1,
            "byPrincipal",
        ),
        (
            "Top resources",
            ["Resource", "Messages", "With findings", "Detections"],
            [
                [r["resource"], r["messages"], r["withFindings"], r["detections"]]
                for r in report["byResource"]
            ],
            1,
            "byResource",
        ),
        (
            "Top JSON paths",
            ["Path", "Identifier", "Detections"],
            [[r["path"], r["identifier"], r["detections"]] for r in report["topPaths"]],
            2,
            "topPaths",
        ),
    ]
    for title, headers, rows, code_cols, approx_key in sections:
        lines += [f"## {title}", ""]
        if approx_key and approx.get(approx_key):
            lines += ["_Approximate: heavy hitters of a high-cardinality stream._", ""]
        lines.append(_md_table(headers, rows, code_cols))
    granularity, buckets = _daily(report["overTime"])
    lines += [f"## Over time (per {granularity})", ""]
    lines.append(
        _md_table(
            ["Start", "Messages", "With findings", "Detections"],
            [[b["start"], b["messages"], b["withFindings"], b["detections"]] for b in buckets],
            1,
        )
    )
    lines += ["## Policy in force", ""]
    lines.append(
        _md_table(
            ["Policy name", "Messages"],
            [[r["policyName"], r["messages"]] for r in report["policies"]],
            1,
        )
    )
    pol = report.get("policy")
    if pol:
        lines += [f"Policy document `{_md_cell(pol.get('name') or '(unnamed)')}`:", ""]
        lines.append(
            _md_table(
                _STATEMENT_COLUMNS,
                _statement_rows(pol),
                1,
            )
        )
    return "\n".join(lines).rstrip() + "\n"


_STATEMENT_COLUMNS = ["Sid", "Direction", "Principal", "Operation", "Identifiers"]


def _statement_rows(pol: dict[str, Any]) -> list[list[str]]:
    """The policy's statements as table rows (both renderers)."""
    return [
        [
            s.get("sid") or "(no Sid)",
            s["direction"],
            ", ".join(s["principals"]),
            _operation(s),
            ", ".join(s["identifiers"]),
        ]
        for s in pol["statements"]
    ]


def _operation(s: dict[str, Any]) -> str:
    op = s["operation"]
    if op == "Audit":
        return f"Audit ({s.get('sampleRate')}%)"
    if op == "Deidentify":
        return f"Deidentify ({s.get('deidentify')})"
    return str(op)


# -- HTML -------------------------------------------------------------------------------------

_CSS = """
:root{--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--accent:#2563eb;--warn:#f97316}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#f8fafc}
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}
h2{font-size:16px;margin:28px 0 8px}.muted{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px}
.card b{display:block;font-size:22px}.card.warn b{color:var(--warn)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px;overflow:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px}
.note{font-size:12px;color:var(--muted)}svg{display:block;height:auto}
@media(max-width:800px){.grid{grid-template-columns:1fr}}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], code_cols: int = 0) -> str:
    if not rows:
        return '<p class="muted">none</p>'
    head = "".join(
        f'<th class="n">{_e(h)}</th>' if i >= max(code_cols, 1) else f"<th>{_e(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            if isinstance(v, int) and not isinstance(v, bool):
                cells.append(f'<td class="n">{v:,}</td>')
            elif i < code_cols:
                cells.append(f"<td><code>{_e(v)}</code></td>")
            else:
                cells.append(f"<td>{_e(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(report: dict[str, Any]) -> str:
    """One self-contained HTML page with inline SVG charts (needs matplotlib)."""
    from . import charts

    t = report["totals"]
    period = report["period"]
    approx = report["approximate"]

    def panel(title: str, chart: str, table: str, approx_key: str = "") -> str:
        note = (
            '<p class="note">Approximate: heavy hitters of a high-cardinality stream.</p>'
            if approx_key and approx.get(approx_key)
            else ""
        )
        return (
            f'<section class="panel"><h2>{_e(title)}</h2>{chart}{note}'
            f"<details><summary>Table</summary>{table}</details></section>"
        )

    def top_panel(
        title: str, field: str, label: str, rows: list[dict[str, Any]], color: int, key: str
    ) -> str:
        """A ranking by messages with findings (principals, resources) with its table."""
        return panel(
            title,
            charts.bar_chart(
                [r[field] for r in rows[:12]],
                [r["withFindings"] for r in rows[:12]],
                title=f"Messages with findings per {label}",
                color=charts.PALETTE[color],
            ),
            _html_table(
                [field.capitalize(), "Messages", "With findings", "Detections"],
                [[r[field], r["messages"], r["withFindings"], r["detections"]] for r in rows],
                1,
            ),
            key,
        )

    ids = report["byIdentifier"]
    stm = report["byStatement"]
    acts = report["byAction"]
    prin = report["byPrincipal"]
    res = report["byResource"]
    paths = report["topPaths"]
    ot = report["overTime"]

    cards = [
        ("Messages audited", f"{t['messages']:,}", ""),
        ("With findings", f"{t['withFindings']:,}", "warn"),
        ("Without findings", f"{t['withoutFindings']:,}", ""),
        ("Detections", f"{t['detections']:,}", ""),
        ("Blocked (Deny)", f"{t['blocked']:,}", "warn" if t["blocked"] else ""),
        ("Duplicates dropped", f"{t['duplicatesDropped']:,}", ""),
    ]
    card_html = "".join(
        f'<div class="card {cls}"><span class="muted">{_e(k)}</span><b>{_e(v)}</b></div>'
        for k, v, cls in cards
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{_e(report['title'])}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(report['title'])}</h1>",
        f'<p class="muted">Generated {_e(report["generatedAt"])} from '
        f"{len(report['sources'])} source(s); records from {_e(period['first'] or '-')} to "
        f"{_e(period['last'] or '-')}. Invalid lines skipped: {t['invalidLines']:,}.</p>",
        f'<div class="cards">{card_html}</div>',
        '<div class="grid">',
        panel(
            "Messages with and without findings",
            charts.donut(
                [("with findings", t["withFindings"]), ("without", t["withoutFindings"])],
                title="Share of audited messages",
            ),
            _html_table(
                ["Direction", "Messages"],
                [[r["direction"], r["messages"]] for r in report["byDirection"]],
            ),
        ),
        panel(
            "Findings by identifier",
            charts.bar_chart(
                [r["name"] for r in ids[:15]],
                [r["detections"] for r in ids[:15]],
                title="Detections per identifier",
                color=charts.PALETTE[1],
            ),
            _html_table(
                ["Identifier", "Messages", "Detections"],
                [[r["name"], r["messages"], r["detections"]] for r in ids],
            ),
        ),
        "</div>",
        panel(
            "Over time",
            charts.time_chart(ot["buckets"], granularity=ot["granularity"]),
            _html_table(
                ["Start", "Messages", "With findings", "Detections"],
                [
                    [b["start"], b["messages"], b["withFindings"], b["detections"]]
                    for b in ot["buckets"]
                ],
            ),
        ),
        '<div class="grid">',
        panel(
            "By statement",
            charts.bar_chart(
                [f"{r['policyName']} / {r['statementSid']}" for r in stm[:12]],
                [r["messages"] for r in stm[:12]],
                title="Messages per statement",
                color=charts.PALETTE[4],
            ),
            _html_table(
                ["Policy", "Sid", "Messages", "With findings", "Detections"],
                [
                    [
                        r["policyName"],
                        r["statementSid"],
                        r["messages"],
                        r["withFindings"],
                        r["detections"],
                    ]
                    for r in stm
                ],
                2,
            ),
            "byStatement",
        ),
        panel(
            "By action",
            charts.bar_chart(
                [r["action"] for r in acts],
                [r["messages"] for r in acts],
                title="Messages per action taken",
                color=charts.PALETTE[2],
            ),
            _html_table(["Action", "Messages"], [[r["action"], r["messages"]] for r in acts]),
        ),
        top_panel("Top principals", "principal", "caller principal", prin, 3, "byPrincipal"),
        top_panel("Top resources", "resource", "resource", res, 5, "byResource"),
        "</div>",
        panel(
            "Top JSON paths",
            charts.bar_chart(
                [f"{r['path']} ({r['identifier']})" for r in paths[:15]],
                [r["detections"] for r in paths[:15]],
                title="Detections per JSON path",
                color=charts.PALETTE[6],
                width=10.8,
            ),
            _html_table(
                ["Path", "Identifier", "Detections"],
                [[r["path"], r["identifier"], r["detections"]] for r in paths],
                2,
            ),
            "topPaths",
        ),
        _policy_html(report),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _policy_html(report: dict[str, Any]) -> str:
    out = ['<section class="panel"><h2>Policy in force</h2>']
    out.append(
        _html_table(
            ["Policy name (from records)", "Messages"],
            [[r["policyName"], r["messages"]] for r in report["policies"]],
        )
    )
    pol = report.get("policy")
    if pol:
        out.append(
            f"<p>Policy document <code>{_e(pol.get('name') or '(unnamed)')}</code>"
            f" (version {_e(pol.get('version'))}):</p>"
        )
        out.append(
            _html_table(
                _STATEMENT_COLUMNS,
                _statement_rows(pol),
                1,
            )
        )
    out.append("</section>")
    return "".join(out)
