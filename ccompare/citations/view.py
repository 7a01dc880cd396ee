"""The interactive citation-graph page: one self-contained HTML file that works offline.

The layout is computed here (networkx spring layout, fixed seed) so the same graph gives the
same file; ccompare/report/static/citation-graph.js draws it, searches it and shows the citing
sentences of a node. Document text reaches the page only as escaped JSON read with
textContent, or through html.escape in the summary, so a plan containing `<script>` shows as text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from html import escape
from importlib import resources
from typing import Any

from ccompare.citations.graph import COLOURS, summarize_graph

WIDTH, HEIGHT = 1200, 900


def _static(name: str) -> str:
    return resources.files("ccompare.report").joinpath("static", name).read_text("utf-8")


def _script_json(data: Any) -> str:
    """JSON that cannot close its <script> element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _layout(graph) -> dict[Any, tuple[float, float]]:
    import networkx as nx

    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph.nodes)): (WIDTH / 2, HEIGHT / 2)}
    layout = nx.Graph()
    layout.add_nodes_from(sorted(graph.nodes))
    layout.add_edges_from(sorted(graph.to_undirected().edges))
    hub = ("\x00hub",)  # an invisible node tying the plans together, so no cluster drifts off-screen
    plans = sorted(x for x, d in graph.nodes(data=True) if d.get("node_type") == "plan")
    layout.add_edges_from(((hub, p) for p in plans), weight=0.3)
    pos = nx.spring_layout(layout, seed=7, iterations=120, k=1.8 / math.sqrt(n))
    pos.pop(hub, None)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    m = 60
    return {k: (round(m + (p[0] - x0) / ((x1 - x0) or 1) * (WIDTH - 2 * m), 1),
                round(m + (p[1] - y0) / ((y1 - y0) or 1) * (HEIGHT - 2 * m), 1)) for k, p in pos.items()}


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def graph_data(graph) -> dict[str, Any]:
    pos = _layout(graph)
    nodes = []
    for n, d in graph.nodes(data=True):
        x, y = pos[n]
        label = str(d.get("label") or n)
        nodes.append({**{k: v for k, v in d.items()}, "id": str(n), "x": x, "y": y, "label": label,
                      "short": _short(label)})
    links = [{"source": str(a), "target": str(b), "count": d.get("count", 1), "raw": d.get("raw", []),
              "contexts": d.get("contexts", []), "relation": d.get("relation", "cites")}
             for a, b, d in graph.edges(data=True)]
    degrees = sorted((int(d.get("in_degree") or 0) for _, d in graph.nodes(data=True)
                      if d.get("node_type") != "plan"), reverse=True)
    label_min = max(2, degrees[min(len(degrees), 20) - 1]) if degrees else 2
    return {"nodes": nodes, "links": links, "width": WIDTH, "height": HEIGHT, "label_min": label_min}


def _strings(lang: str) -> Mapping[str, Any]:
    from ccompare.uitext import ui_strings

    return ui_strings("graph", lang)


def _doc_rows(docs, ui: dict[str, Any], limit: int = 50) -> str:
    rows = []
    for d in docs[:limit]:
        rows.append(
            f"<tr><td>{escape(d.label)}</td><td>{escape(d.target)}</td>"
            f"<td>{escape(ui['kinds'].get(d.scope, d.scope))}</td>"
            f"<td>{len(d.plans)}</td><td>{escape(', '.join(d.provinces))}</td></tr>")
    head = "<tr>" + "".join(f"<th>{escape(c)}</th>" for c in ui["columns"]) + "</tr>"
    return f"<table>{head}{''.join(rows)}</table>" if rows else f"<p>{escape(ui['none'])}</p>"


def summary_html(graph, lang: str = "vi") -> str:
    ui = _strings(lang)
    s = summarize_graph(graph)
    parts = [f"<h2>{escape(ui['shared'].format(provinces=', '.join(s.provinces)))}</h2>",
             _doc_rows(s.shared_by_all, ui) if len(s.provinces) > 1 else f"<p>{escape(ui['one_province'])}</p>",
             f"<h2>{escape(ui['central'])}</h2>", _doc_rows(s.most_central, ui)]
    for prov, docs in s.only_one.items():
        parts.append(f"<h2>{escape(ui['only'].format(province=prov, n=len(docs)))}</h2>")
        parts.append(_doc_rows(docs, ui, limit=30))
    return "\n".join(parts)


def render_html(graph, *, title: str | None = None, lang: str = "vi", back: str | None = None) -> str:
    """The whole page as a string (deterministic); `back` links to the page it belongs to (the report)."""
    ui = _strings(lang)
    title = title or ui["title"]
    data = graph_data(graph)
    kinds = [k for k in ("plan", "national", "provincial", "unknown")
             if any(n["kind"] == k for n in data["nodes"])]
    legend = "".join(
        f'<label><input type="checkbox" checked data-kind="{k}"><span class="swatch cg-{k}" '
        f'style="background:{COLOURS[k]}"></span>{escape(ui["kinds"][k])}</label>' for k in kinds)
    n_plans = sum(1 for n in data["nodes"] if n["kind"] == "plan")
    counts = ui["counts"].format(plans=n_plans, documents=len(data["nodes"]) - n_plans, links=len(data["links"]))
    back_link = f'<a class="back" href="{escape(back)}">{escape(ui["back"])}</a>' if back else ""
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_static("citation-graph.css")}</style>
</head>
<body class="cg">
<header>
{back_link}
<h1>{escape(title)}</h1>
<span>{escape(counts)}</span>
<input type="search" id="cg-search" placeholder="{escape(ui["search"])}" aria-label="search">
<span id="cg-count"></span>
<span class="legend">{legend}</span>
</header>
<main>
<svg id="cg-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"
 aria-label="{escape(title)}"></svg>
<aside id="cg-panel"><p>{escape(ui["help"])}</p></aside>
</main>
<section class="summary">
{summary_html(graph, lang)}
</section>
<script type="application/json" id="graph-data">{_script_json({**data, "ui": ui["panel"]})}</script>
<script>{_static("citation-graph.js")}</script>
</body>
</html>
"""
