"""A static SVG drawing of the citation graph, laid out once in Python (deterministic, no JS library).

Used by the report's graph page whatever else is available: nodes are plans and the documents they
cite, edges are citations. When a citation graph object is given (networkx-like: `.nodes(data=True)`
and `.edges()`), it is drawn as is; otherwise the graph is built from `plan.citations`.
report.js adds selection, neighbour highlighting and filtering on top of this markup.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ccompare.report.labels import place_labels, shorten
from ccompare.schema import Plan

WIDTH, HEIGHT, MARGIN = 1000, 700, 40


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # plan | national | provincial | other
    label: str
    href: str | None = None  # plan page, relative to the site root


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[tuple[int, int], ...]  # indices into nodes: citing -> cited
    total_nodes: int  # before trimming to the drawing budget


def plan_identity(plan: Plan) -> str | None:
    """The document identity (DESIGN.md) of a plan's own document, so citations of it reach its node."""
    from ccompare.citations import document_identity

    return document_identity(plan)


def _from_graph(graph: Any, plans: Sequence[Plan], pages: Mapping[str, str]):
    plan_ids = {p.id for p in plans}
    alias = {plan_identity(p): p.id for p in plans if plan_identity(p)}
    nodes: dict[str, Node] = {}
    for node, data in graph.nodes(data=True):
        key = alias.get(str(node), str(node))
        data = data or {}
        kind = str(data.get("kind") or data.get("scope") or "")
        if key in plan_ids or kind == "plan":
            kind = "plan"
        elif kind not in ("national", "provincial"):
            kind = "other"
        label = str(data.get("label") or data.get("title") or key)
        nodes[key] = Node(key, kind, label, pages.get(key))
    edges = {(alias.get(str(a), str(a)), alias.get(str(b), str(b))) for a, b in graph.edges()}
    return nodes, {e for e in edges if e[0] != e[1] and e[0] in nodes and e[1] in nodes}


def citation_network(plans: Sequence[Plan], pages: Mapping[str, str], graph: Any = None,
                     *, max_nodes: int = 250) -> Network:
    """Nodes and edges to draw, trimmed to the `max_nodes` best-connected nodes (sorted, stable)."""
    if graph is None:
        from ccompare.citations import build_graph

        graph = build_graph(plans)
    nodes, edges = _from_graph(graph, plans, pages)
    degree: dict[str, int] = dict.fromkeys(nodes, 0)
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    keep = sorted(nodes, key=lambda n: (-degree[n], nodes[n].kind != "plan", n))[:max_nodes]
    keep.sort(key=lambda n: (nodes[n].kind != "plan", n))
    index = {n: i for i, n in enumerate(keep)}
    kept_edges = sorted((index[a], index[b]) for a, b in edges if a in index and b in index)
    return Network(tuple(nodes[n] for n in keep), tuple(kept_edges), len(nodes))


def _layout(net: Network) -> list[tuple[float, float]]:
    """Spring layout with a fixed seed: same graph, same picture."""
    n = len(net.nodes)
    if n == 0:
        return []
    if n == 1:
        return [(WIDTH / 2, HEIGHT / 2)]
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(net.edges)
    pos = nx.spring_layout(g, seed=7, iterations=80, k=1.6 / math.sqrt(n))
    xs = [float(pos[i][0]) for i in range(n)]
    ys = [float(pos[i][1]) for i in range(n)]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx = (WIDTH - 2 * MARGIN) / ((x1 - x0) or 1)
    sy = (HEIGHT - 2 * MARGIN) / ((y1 - y0) or 1)
    return [(MARGIN + (x - x0) * sx, MARGIN + (y - y0) * sy) for x, y in zip(xs, ys, strict=True)]


def render_svg(net: Network, *, labels: int = 8, kind_names: Mapping[str, str] | None = None) -> Markup:
    """The network as inline SVG; every document-derived string is escaped. Labels never overlap
    (ccompare.report.labels): one that fits nowhere is left out, the node keeps its name as a tooltip.
    `kind_names` are the words for node kinds in the page's language (shown when a node is selected)."""
    points = _layout(net)
    indeg = [0] * len(net.nodes)
    for _, b in net.edges:
        indeg[b] += 1
    radii = [7.0 if node.kind == "plan" else 3.5 + 2.0 * math.sqrt(indeg[i]) for i, node in enumerate(net.nodes)]
    top = sorted(range(len(net.nodes)), key=lambda i: (-indeg[i], i))[:labels]
    plan_nodes = [i for i, node in enumerate(net.nodes) if node.kind == "plan"]
    wanted = plan_nodes if len(plan_nodes) <= 30 else []  # few plans: name them all, before the documents
    order = list(dict.fromkeys([*wanted, *top]))
    placed = {lab.node: lab for lab in place_labels(points, radii, {i: shorten(net.nodes[i].id, 32) for i in order},
                                                    WIDTH, HEIGHT)}
    names = kind_names or {}
    out = [f'<svg id="citegraph" class="graph" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg" data-labels="{len(placed)}">', '<g class="edges">']
    for a, b in net.edges:
        (x1, y1), (x2, y2) = points[a], points[b]
        out.append(f'<line class="edge" data-s="{a}" data-t="{b}" x1="{x1:.1f}" y1="{y1:.1f}" '
                   f'x2="{x2:.1f}" y2="{y2:.1f}"/>')
    out.append('</g><g class="nodes">')
    for i, node in enumerate(net.nodes):
        x, y = points[i]
        href = f' data-href="{escape(node.href)}"' if node.href else ""
        out.append(f'<g class="node k-{escape(node.kind)}" data-n="{i}" data-kind="{escape(node.kind)}" '
                   f'data-kind-name="{escape(names.get(node.kind, node.kind))}" '
                   f'data-label="{escape(node.label)}"{href} tabindex="0">'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radii[i]:.1f}"/><title>{escape(node.label)}</title>')
        lab = placed.get(i)
        if lab is not None:
            anchor = "" if lab.anchor == "start" else f' text-anchor="{lab.anchor}"'
            out.append(f'<text x="{lab.x:.1f}" y="{lab.y:.1f}"{anchor}>{escape(lab.text)}</text>')
        out.append("</g>")
    out.append("</g></svg>")
    return Markup("\n".join(out))
