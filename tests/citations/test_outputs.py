"""Graph, exports, HTML view, summary and the two commands, on the bundled seeds."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from ccompare.citations import build_graph, citation_summary, cite, link_corpus, write_graph
from ccompare.citations.view import render_html
from ccompare.cli import main
from ccompare.read.source import SourceText
from ccompare.schema import Plan, Source

from .scoring import ROOT, run_group

SCHEMA = Path(__file__).parents[2] / "ccompare" / "data" / "schema" / "citations.schema.json"
SEEDS = ROOT / "corpus" / "raw"


@pytest.fixture(scope="module")
def seeds():
    items = run_group("seeds")
    return [p for _, _, _, p in items], {p.id: s for _, _, s, p in items}


@pytest.fixture(scope="module")
def graph(seeds):
    plans, sources = seeds
    return build_graph(plans, sources)


EXPECT = json.loads((Path(__file__).parent / "fixtures" / "graph.json").read_text("utf-8"))


def _plan_id(plans, number: str) -> str:
    return next(p.id for p in plans if p.number == number)


def test_graph_nodes_and_edges(seeds, graph):
    plans, _ = seeds
    assert {p.id for p in plans} <= set(graph.nodes)
    want = EXPECT["national_node"]
    node = graph.nodes[want["id"]]
    assert node["node_type"] == "document" and node["scope"] == "national"
    assert node["citing_provinces"] == want["citing_provinces"]
    assert node["in_degree"] == len(node["citing_plans"]) == want["in_degree"]
    for key in ("doc_type", "issuer", "title", "date", "label"):
        assert key in node
    for a, b in EXPECT["plan_plan_edges"]:  # a corpus plan citing another corpus plan
        assert graph.edges[_plan_id(plans, a), _plan_id(plans, b)]["relation"] == "plan-plan"
    e = EXPECT["edge"]
    edge = graph.edges[_plan_id(plans, e["plan_number"]), e["target"]]
    assert edge["count"] == e["count"] == len(edge["spans"]) and len(edge["contexts"]) == e["count"]
    assert any(e["raw_contains"] in r for r in edge["raw"])


def test_summary(seeds, graph):
    s = citation_summary(seeds[0], graph)
    assert list(s.provinces) == EXPECT["provinces"]
    assert [d.target for d in s.shared_by_all] == EXPECT["shared_by_all"]
    assert s.most_central[0].target == EXPECT["most_central_first"]
    for province, target in EXPECT["only_in"].items():
        assert target in {d.target for d in s.only_one[province]}


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json", ".html", ".svg"])
def test_exports_are_deterministic(graph, tmp_path, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    write_graph(graph, a)
    write_graph(graph, b)
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 1000


def test_exports_read_back(graph, tmp_path):
    write_graph(graph, tmp_path / "g.graphml")
    write_graph(graph, tmp_path / "g.gexf")
    write_graph(graph, tmp_path / "g.json")
    for g in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert g.number_of_nodes() == graph.number_of_nodes()
        assert g.number_of_edges() == graph.number_of_edges()
    data = json.loads((tmp_path / "g.json").read_text("utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["links"]) == graph.number_of_edges()
    assert isinstance(data["nodes"][0].get("citing_plans", []), list)


def test_png(graph, tmp_path):
    write_graph(graph, tmp_path / "g.png")
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_suffix(graph, tmp_path):
    with pytest.raises(ValueError, match="unknown graph format"):
        write_graph(graph, tmp_path / "g.txt")


def test_html_escapes_document_text():
    evil = ('Quyết định số 5/QĐ-UBND ngày 01/02/2024 về "><img src=x onerror=alert(1) và </script><script>alert(3)'
            '\n\nLuật Tiếp cận thông tin; <b onmouseover=alert(4)')
    src = SourceText("evil.txt", "0" * 64, evil)
    plan = Plan(id="khanh-hoa/2024/kh-1", source=Source("evil.txt", "0" * 64), province="khanh-hoa",
                kind="plan", draft=False, number=None, doc_type=None, issuer=None, date=None,
                title='<img src=x onerror="alert(2)">')
    citations, _ = cite(src, plan)
    assert len(citations) == 2
    plan = Plan(**{**plan.__dict__, "citations": citations})
    graph = build_graph([plan], {plan.id: src})
    assert graph.nodes[plan.id]["title"].startswith("<img")
    page = render_html(graph)
    for raw in ("<img src=x", "<script>alert(3)", "</script><script>", "<b onmouseover"):
        assert raw not in page
    assert page.count("<script") == 2  # the data block and the viewer, nothing from the document
    assert '\\u003cimg src=x onerror=\\"alert(2)\\"\\u003e' in page


def test_html_is_offline(graph):
    page = render_html(graph)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page and "<link" not in page and " src=" not in page


@pytest.mark.parametrize(("lang", "words"), [("vi", ["Đồ thị trích dẫn", "Về báo cáo"]),
                                             ("en", ["Citation graph", "Back to the report"])])
def test_html_speaks_the_report_language_and_links_back(graph, lang, words):
    page = render_html(graph, lang=lang, back="index.html")
    assert f'<html lang="{lang}">' in page and 'href="index.html"' in page
    assert all(w in page for w in words)


def test_link_corpus_is_idempotent(seeds):
    plans, sources = seeds
    again = link_corpus(plans, sources)
    assert [p.citations for p in again] == [p.citations for p in plans]
    assert [p.flags for p in again] == [p.flags for p in plans]


def test_cli_citations_json_matches_schema():
    if not SCHEMA.exists():
        pytest.skip(f"schema not found at {SCHEMA} (the shared contract is outside this checkout)")
    import jsonschema

    result = CliRunner().invoke(main, ["citations", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, json.loads(SCHEMA.read_text("utf-8")))
    assert len(data) == 5 and sum(len(d["citations"]) for d in data) > 100
    kinds = {f["kind"] for d in data for f in d["flags"]}
    assert {"citation-year-conflict", "heading-number-mismatch"} <= kinds


def test_cli_citations_csv_and_table(tmp_path):
    out = tmp_path / "c.csv"
    result = CliRunner().invoke(main, ["citations", str(SEEDS / "ha-tinh"), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0
    lines = out.read_text("utf-8").splitlines()
    assert lines[0].startswith("plan_id,idx,raw,number") and len(lines) == 13
    table = CliRunner().invoke(main, ["citations", str(SEEDS / "ha-tinh")]).output
    assert "vn/NQ/CP/76/2021" in table
    summary = CliRunner().invoke(main, ["citations", str(SEEDS), "--summary", "--lang", "en"]).output
    assert "Cited by every province" in summary and "vn/NQ/CP/76/2021" in summary


def test_cli_graph(tmp_path):
    for suffix in (".graphml", ".html"):
        out = tmp_path / f"g{suffix}"
        result = CliRunner().invoke(main, ["graph", str(SEEDS), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.exists()
    bad = CliRunner().invoke(main, ["graph", str(SEEDS), "--out", str(tmp_path / "g.doc")])
    assert bad.exit_code == 2 and "suffix" in bad.output


def test_cli_bad_input_is_one_line(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(main, ["citations", str(binary), str(SEEDS / "ha-tinh"), "-f", "json"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "x.txt" in errors[0] and "Traceback" not in result.output
    assert json.loads(result.stdout)[0]["plan"].startswith("ha-tinh/")
