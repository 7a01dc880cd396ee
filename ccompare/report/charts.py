"""Charts of the report: matplotlib figures rendered to inline SVG, byte-identical across runs.

matplotlib is imported only here and only when a chart is drawn. Figures are made with
`matplotlib.figure.Figure` (no pyplot, no GUI backend, no global state); the SVG gets a fixed hash
salt and no date, its ids are prefixed per chart so several charts can share one HTML page, and
labels that come from documents are protected from mathtext (`$`) and escaped by the SVG writer.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from markupsafe import Markup

# colours for the seven reform areas and "unclassified" (colour-blind-safe palette)
_PALETTE = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb", "#888888")
_RC = {
    "svg.hashsalt": "ccompare-report",
    "svg.fonttype": "none",
    "font.family": ["DejaVu Sans"],
    "font.size": 9,
}


def _label(text: str, limit: int = 60) -> str:
    """Plain text for matplotlib: `$` would start mathtext; very long labels are cut."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _svg(fig, name: str) -> Markup:
    """Figure -> SVG markup for inlining: no XML prologue, comments or metadata; ids prefixed."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{name}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{name}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{name}-{m.group(1)}"', svg)
    svg = re.sub(r"\n\s*\n", "\n", svg)
    # the SVG writer escaped every text it was given (XML character data); nothing else is inserted
    return Markup(f'<figure class="chart" id="chart-{name}">{svg}</figure>')


def _figure(width: float, height: float):
    import matplotlib

    with matplotlib.rc_context(_RC):
        from matplotlib.figure import Figure

        return Figure(figsize=(width, height), dpi=72)


def areas_chart(counts: Mapping[str, Mapping[str | None, int]], areas: Sequence[tuple[str, str]],
                unclassified: str, *, max_rows: int = 70) -> Markup | None:
    """Stacked horizontal bars: one row per province, one colour per reform area.

    `counts[province label][area code or None]` = number of tasks; `areas` = (code, label) in order.
    Returns None when there is no task to draw.
    """
    rows = sorted((p for p in counts if sum(counts[p].values())), key=lambda p: (-sum(counts[p].values()), p))
    rows = rows[:max_rows]
    if not rows:
        return None
    import matplotlib

    series = [(code, label) for code, label in areas] + [(None, unclassified)]
    with matplotlib.rc_context(_RC):
        fig = _figure(7.0, 1.2 + 0.32 * len(rows))
        ax = fig.add_subplot()
        ypos = list(range(len(rows)))[::-1]
        left = [0] * len(rows)
        for k, (code, label) in enumerate(series):
            values = [counts[p].get(code, 0) for p in rows]
            if not any(values):
                continue
            ax.barh(ypos, values, left=left, color=_PALETTE[k % len(_PALETTE)], label=_label(label, 45),
                    height=0.7)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(ypos, [_label(p, 30) for p in rows])
        ax.set_xlabel("n")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
        return _svg(fig, "areas")


def cited_chart(plan_citations: Mapping[str, Sequence[str]], *, top: int = 15) -> Markup | None:
    """Horizontal bars of the documents cited by the most plans (a plan counts once per document).

    `plan_citations[plan id]` = the citation targets of that plan. None when nothing is cited.
    """
    tally: Counter[str] = Counter()
    for targets in plan_citations.values():
        tally.update(set(t for t in targets if t))
    ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    if not ranked:
        return None
    import matplotlib

    with matplotlib.rc_context(_RC):
        fig = _figure(8.5, 0.8 + 0.3 * len(ranked))
        ax = fig.add_subplot()
        ypos = list(range(len(ranked)))[::-1]
        ax.barh(ypos, [n for _, n in ranked], color=_PALETTE[0], height=0.7)
        ax.set_yticks(ypos, [_label(t, 45) for t, _ in ranked])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig, "cited")
