"""The citation graph of a run of plans, its exports, and a summary of what provinces share.

Nodes are plans (`node_type="plan"`, `kind="plan"`) and the documents they cite
(`node_type="document"`, `kind` = their scope: national / provincial / unknown). A citation of
a document that is itself a plan of the corpus becomes an edge between the two plan nodes.
Edges carry how often a plan cites the document, the raw forms and the spans, and the
sentences around them when the source texts are available.

networkx is imported when a graph is built; matplotlib only when a picture is drawn.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccompare.atomic import atomic_write
from ccompare.citations.find import SYMBOL_RX
from ccompare.citations.resolve import document_identity
from ccompare.read.fold import fold
from ccompare.schema import Citation, Plan

SUFFIXES = (".graphml", ".gexf", ".json", ".html", ".png", ".svg")


class GraphFormatError(ValueError):
    """An output path whose suffix names no graph format."""


def _context(text: str, span: tuple[int, int], width: int = 220) -> str:
    """The sentence (or table cell) around a citation, for people to read the evidence."""
    s, e = span
    lo = max(0, s - width)
    hi = min(len(text), e + width)
    before = text[lo:s]
    after = text[e:hi]
    cut = max(before.rfind(ch) for ch in (".\n", ";", "\n\n", "\t", ". "))
    if cut >= 0:
        before = before[cut + 1:]
    ends = [i for i in (after.find(ch) for ch in (";", "\n\n", "\t", ". ")) if i >= 0]
    if ends:
        after = after[: min(ends) + 1]
    out = before + text[s:e] + after
    out = re.sub(r"<[^>]{0,200}>", " ", out)
    return " ".join(out.split())


def _label(c: Citation) -> str:
    """The symbol as the text writes it ('09-NQ/TW', '3409/QĐ-UBND'), with the year; a law by its name."""
    if c.number:
        m = SYMBOL_RX.search(fold(c.raw)) if c.via == "number" else None
        sym = " ".join(c.raw[m.start():m.end()].split()) if m else f"{c.number}/{c.doc_type or '?'}-{c.issuer or '?'}"
        return f"{sym} ({c.year})" if c.year and str(c.year) not in sym else sym
    return c.title or c.raw


def build_graph(plans: Sequence[Plan], sources: Mapping[str, Any] | None = None):
    """Plans and cited documents as a networkx DiGraph (deterministic node and edge order).

    `sources` (plan id -> SourceText) adds the citing sentences to the edges.
    """
    import networkx as nx

    g = nx.DiGraph()
    identity_to_plan: dict[str, str] = {}
    for p in sorted(plans, key=lambda p: p.id):
        ident = document_identity(p)
        if ident:
            identity_to_plan.setdefault(ident, p.id)
        g.add_node(p.id, node_type="plan", kind="plan", label=p.id, title=p.title or "",
                   province=p.province or "", year=p.year or 0, date=p.date or "",
                   doc_type=p.doc_type or "", issuer=p.issuer or "", number=p.number or "",
                   document=ident or "", source=p.source.path, scope="provincial" if p.province else "unknown")

    docs: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    plan_nodes = set(identity_to_plan.values())
    for p in sorted(plans, key=lambda p: p.id):
        src = (sources or {}).get(p.id)
        for c in p.citations:
            if not c.target:
                continue
            node = identity_to_plan.get(c.target, c.target)
            if node == p.id:
                continue
            if node not in plan_nodes:
                d = docs.setdefault(node, {
                    "node_type": "document", "kind": c.scope or "unknown", "scope": c.scope or "unknown",
                    "label": _label(c), "doc_type": c.doc_type or "", "issuer": c.issuer or "",
                    "number": c.number or "", "year": c.year or 0, "date": "", "title": "",
                    "province": c.province or "", "citing_plans": set(), "citing_provinces": set(),
                    "mentions": 0, "via": set(),
                })
                d["date"] = d["date"] or (c.date or "")
                d["title"] = d["title"] or (c.title or "")
                d["citing_plans"].add(p.id)
                if p.province:
                    d["citing_provinces"].add(p.province)
                d["mentions"] += 1
                d["via"].add(c.via)
            e = edges.setdefault((p.id, node), {"count": 0, "raw": [], "spans": [], "contexts": [], "via": set()})
            e["count"] += 1
            if c.raw not in e["raw"]:
                e["raw"].append(c.raw)
            e["spans"].append(list(c.span) if c.span else None)
            e["via"].add(c.via)
            if src is not None and c.span:
                e["contexts"].append(_context(src.text, c.span))

    for node in sorted(docs):
        d = docs[node]
        g.add_node(node, **{
            **d, "citing_plans": sorted(d["citing_plans"]), "citing_provinces": sorted(d["citing_provinces"]),
            "via": sorted(d["via"]), "in_degree": len(d["citing_plans"]),
        })
    for (a, b) in sorted(edges):
        e = edges[(a, b)]
        relation = "plan-plan" if g.nodes[b].get("node_type") == "plan" else "cites"
        g.add_edge(a, b, count=e["count"], raw=e["raw"], spans=e["spans"], contexts=e["contexts"],
                   via=sorted(e["via"]), relation=relation)
    for n in g.nodes:
        if g.nodes[n]["node_type"] == "plan":
            cited_by = sorted({a for a, _ in g.in_edges(n)})
            g.nodes[n]["in_degree"] = len(cited_by)
            g.nodes[n]["citing_plans"] = cited_by
            g.nodes[n]["citing_provinces"] = sorted({g.nodes[a].get("province") for a in cited_by} - {""})
            g.nodes[n]["mentions"] = sum(g.edges[a, n]["count"] for a in cited_by)
    return g


# ---------------------------------------------------------------- summary

@dataclass(frozen=True)
class CitedDocument:
    target: str
    label: str
    scope: str
    provinces: tuple[str, ...]
    plans: tuple[str, ...]
    mentions: int
    centrality: float


@dataclass(frozen=True)
class CitationSummary:
    """What the provinces share: cited by every province, by only one, and the most central."""

    provinces: tuple[str, ...]
    plans: tuple[str, ...]
    documents: int
    citations: int
    shared_by_all: tuple[CitedDocument, ...]
    only_one: dict[str, tuple[CitedDocument, ...]]
    most_central: tuple[CitedDocument, ...]


def citation_summary(plans: Sequence[Plan], graph: Any = None, *, top: int = 10) -> CitationSummary:
    """Documents cited by every province of the run, by only one province, and the most central ones."""
    return summarize_graph(graph if graph is not None else build_graph(plans), top=top)


def summarize_graph(g: Any, *, top: int = 10) -> CitationSummary:
    """The summary from the graph alone (plan nodes give the provinces of the run).

    Centrality is the share of plans citing the document (in-degree centrality over plans);
    ties break on mentions, then identity, so the order is stable.
    """
    plan_nodes = {n: d for n, d in g.nodes(data=True) if d.get("node_type") == "plan"}
    provinces = tuple(sorted({d.get("province") for d in plan_nodes.values()} - {"", None}))
    plan_ids = tuple(sorted(plan_nodes))
    docs = []
    for node, d in g.nodes(data=True):
        if not d.get("citing_plans"):
            continue
        docs.append(CitedDocument(
            target=(d.get("document") or node) if d.get("node_type") == "plan" else node,
            label=str(d.get("label") or node), scope=str(d.get("scope") or "unknown"),
            provinces=tuple(d.get("citing_provinces") or ()), plans=tuple(d.get("citing_plans") or ()),
            mentions=int(d.get("mentions") or 0),
            centrality=round(len(d.get("citing_plans") or ()) / max(1, len(plan_ids)), 4),
        ))
    docs.sort(key=lambda d: (-len(d.provinces), -len(d.plans), -d.mentions, d.target))
    shared = tuple(d for d in docs if len(provinces) > 1 and set(provinces) <= set(d.provinces))
    only: dict[str, list[CitedDocument]] = defaultdict(list)
    for d in docs:
        if len(d.provinces) == 1:
            only[d.provinces[0]].append(d)
    return CitationSummary(
        provinces=provinces, plans=plan_ids, documents=len(docs),
        citations=sum(int(d.get("count") or 0) for _, _, d in g.edges(data=True)), shared_by_all=shared,
        only_one={k: tuple(v) for k, v in sorted(only.items())}, most_central=tuple(docs[:top]),
    )


# ---------------------------------------------------------------- exports

def _flat(value: Any) -> Any:
    """GraphML and GEXF take scalars only: lists become JSON text."""
    if isinstance(value, (list, tuple, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else list(value), ensure_ascii=False)
    if value is None:
        return ""
    return value


def _scalar_copy(graph):
    import networkx as nx

    h = nx.DiGraph()
    for n, d in graph.nodes(data=True):
        h.add_node(n, **{k: _flat(v) for k, v in d.items()})
    for a, b, d in graph.edges(data=True):
        h.add_edge(a, b, **{k: _flat(v) for k, v in d.items()})
    return h


def node_link(graph) -> dict[str, Any]:
    """The node-link form of the graph (networkx's), with lists kept as lists."""
    return {
        "directed": True, "multigraph": False, "graph": {},
        "nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
        "links": [{"source": a, "target": b, **d} for a, b, d in graph.edges(data=True)],
    }


def write_graph(graph, path: str | os.PathLike[str]) -> None:
    """Write the graph in the format its suffix names: .graphml .gexf .json .html .png .svg."""
    import networkx as nx

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".json":
        atomic_write(target, json.dumps(node_link(graph), ensure_ascii=False, indent=1) + "\n")
    elif suffix == ".graphml":
        atomic_write(target, "\n".join(nx.generate_graphml(_scalar_copy(graph))) + "\n")
    elif suffix == ".gexf":
        atomic_write(target, "\n".join(nx.generate_gexf(_scalar_copy(graph))) + "\n")
    elif suffix == ".html":
        from ccompare.citations.view import render_html

        atomic_write(target, render_html(graph))
    elif suffix in (".png", ".svg"):
        atomic_write(target, draw(graph, suffix[1:]))
    else:
        raise GraphFormatError(
            f"{target}: unknown graph format '{suffix or '(none)'}' (use {', '.join(SUFFIXES)})")


COLOURS = {"plan": "#1f4e79", "national": "#c0392b", "provincial": "#27ae60", "unknown": "#7f8c8d"}


def draw(graph, fmt: str = "svg") -> bytes:
    """A static picture of the graph (matplotlib, fixed layout seed, no timestamps in the file)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "ccompare"  # stable element ids: same graph, same file
    import matplotlib.pyplot as plt
    import networkx as nx

    fig, ax = plt.subplots(figsize=(14, 10), dpi=100)
    ax.set_axis_off()
    if graph.number_of_nodes():
        pos = nx.spring_layout(graph, seed=11, k=1.2 / max(1, graph.number_of_nodes()) ** 0.5, iterations=100)
        kinds = [graph.nodes[n].get("kind", "unknown") for n in graph.nodes]
        sizes = [300 + 120 * int(graph.nodes[n].get("in_degree") or 0) if k != "plan" else 700
                 for n, k in zip(graph.nodes, kinds, strict=True)]
        nx.draw_networkx_edges(graph, pos, ax=ax, alpha=0.25, arrows=True, arrowsize=8, width=0.8)
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes,
                               node_color=[COLOURS.get(k, COLOURS["unknown"]) for k in kinds], alpha=0.9)
        ranked = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("kind") != "plan",
                                                     -int(graph.nodes[n].get("in_degree") or 0), n))
        labels = {n: str(graph.nodes[n].get("label") or n)[:28] for n in ranked[:25]}
        nx.draw_networkx_labels(graph, pos, labels=labels, ax=ax, font_size=7)
        for kind, colour in COLOURS.items():
            ax.scatter([], [], c=colour, label=kind)
        ax.legend(loc="lower left", fontsize=8, frameon=False)
    buf = io.BytesIO()
    meta = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, bbox_inches="tight", metadata=meta)
    plt.close(fig)
    return buf.getvalue()
