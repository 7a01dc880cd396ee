"""The HTML report on hand-made plans: pages, escaping of hostile text, evidence links, determinism."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ccompare.compare import matrix_view
from ccompare.report import write_report
from ccompare.report.evidence import Mark, plan_marks, render_source
from ccompare.report.matrix import build_matrix
from ccompare.report.site import page_names

from .conftest import FIXTURES, load_comparison, load_fixture_plans

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "ccompare" / "data" / "schema"
ALLOWED_SCRIPT = re.compile(r"^(\.\./)?static/report\.js$")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of elements by id / data-ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.evidence: dict[str, str] = {}
        self.text: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "span":
            self._open.append((a.get("data-ids") or "").split())

    def handle_endtag(self, tag):
        if tag == "span" and self._open:
            self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for ids in self._open:
            for i in ids:
                self.evidence[i] = self.evidence.get(i, "") + data


def parse(path: Path) -> Tags:
    p = Tags()
    p.feed(path.read_text("utf-8"))
    return p


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    plans, sources = load_fixture_plans()
    out = tmp_path_factory.mktemp("site")
    written = write_report(plans, out, sources=sources, comparison=load_comparison())
    return out, written, plans, sources


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_pages_written(site) -> None:
    out, written, plans, _ = site
    assert written == sorted(written)
    names = page_names(p.id for p in plans)
    expected = {"index.html", "graph.html", "compare.html", "static/report.css", "static/report.js"}
    expected |= {f"plans/{n}.html" for n in names.values()} | {f"plans/{n}.source.html" for n in names.values()}
    assert {p.relative_to(out).as_posix() for p in written} == expected


def test_counts_on_index(site) -> None:
    out = site[0]
    page = (out / "index.html").read_text("utf-8")
    for key, value in EXPECTED["counts"].items():
        assert f'<dd data-count="{key}">{value}</dd>' in page
    for now, members in EXPECTED["provinces_now"].items():
        assert f"<td>{now}</td><td>{', '.join(sorted(members))}</td>" in page


def test_hostile_text_is_shown_as_text(site) -> None:
    out = site[0]
    shown = {h: False for h in EXPECTED["hostile_texts"]}
    for path in html_files(out):
        parsed = parse(path)
        for tag, attrs in parsed.tags:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert tag not in ("img", "b", "i", "iframe", "object", "embed"), (path, tag)
            if tag == "script":
                assert ALLOWED_SCRIPT.match(attrs.get("src") or ""), (path, attrs)
        text = "".join(parsed.text)
        for h in shown:
            shown[h] = shown[h] or h in text
    assert all(shown.values()), shown


def test_offline_no_remote_urls(site) -> None:
    out = site[0]
    for path in html_files(out):
        for tag, attrs in parse(path).tags:
            for name in ("src", "href", "xlink:href", "action"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("http:", "https:", "//", "javascript:")), (path, tag, attrs)
    css = (out / "static" / "report.css").read_text("utf-8")
    assert "url(" not in css and "@import" not in css


def test_evidence_links_point_at_the_span(site) -> None:
    out, _, plans, sources = site
    names = page_names(p.id for p in plans)
    checked = 0
    for plan in plans:
        page = parse(out / "plans" / f"{names[plan.id]}.html")
        source = parse(out / "plans" / f"{names[plan.id]}.source.html")
        text = sources[plan.id].text
        links = [a["href"] for tag, a in page.tags if tag == "a" and "#" in (a.get("href") or "")]
        marks = {m.anchor: m for m in plan_marks(plan)}
        for href in links:
            target_page, anchor = href.split("#", 1)
            assert target_page == f"{names[plan.id]}.source.html"
            assert anchor in source.ids
            start, end = marks[anchor].span
            assert source.evidence.get(anchor, "") == text[start:end]
            checked += 1
    assert checked == sum(1 for p in plans for _ in plan_marks(p))


def test_two_runs_byte_identical(tmp_path) -> None:
    plans, sources = load_fixture_plans()
    a = write_report(plans, tmp_path / "a", sources=sources, comparison=load_comparison())
    b = write_report(list(reversed(plans)), tmp_path / "b", sources=sources, comparison=load_comparison())
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes(), x.name


def test_charts_are_inline_svg(site) -> None:
    page = (site[0] / "index.html").read_text("utf-8")
    for name in ("areas", "cited"):
        figure = re.search(rf'<figure class="chart" id="chart-{name}">(.*?)</figure>', page, re.S)
        assert figure and figure.group(1).startswith("<svg")
        ids = re.findall(r'\bid="([^"]+)"', figure.group(1))
        assert ids and all(i.startswith(f"{name}-") for i in ids)
    assert "<?xml" not in page and "Date" not in page


def test_graph_drawn_from_citations(site) -> None:
    parsed = parse(site[0] / "graph.html")
    nodes = [a for tag, a in parsed.tags if tag == "g" and "node" in (a.get("class") or "").split()]
    edges = [a for tag, a in parsed.tags if tag == "line" and a.get("class") == "edge"]
    assert (len(nodes), len(edges)) == (EXPECTED["graph"]["nodes"], EXPECTED["graph"]["edges"])
    plans = load_fixture_plans()[0]
    assert {n["data-label"] for n in nodes if n["data-kind"] == "plan"} == {p.id for p in plans}


def citation_graph(plans):
    """The citations package's graph when it is there, else a networkx graph of the same form."""
    try:
        from ccompare.citations import build_graph
    except ImportError:
        nx = pytest.importorskip("networkx")
        g = nx.DiGraph()
        for p in plans:
            g.add_node(p.id, kind="plan", label=p.id)
        g.add_node("vn/L/QH/99/2020", kind="national", label="Luật <thử>")
        g.add_edge(plans[0].id, "vn/L/QH/99/2020")
        return g
    return build_graph(plans)


def test_graph_object_is_drawn(tmp_path) -> None:
    plans, sources = load_fixture_plans()
    g = citation_graph(plans)
    written = write_report(plans, tmp_path, sources=sources, graph=g)
    parsed = parse(tmp_path / "graph.html")
    labels = {a["data-label"] for tag, a in parsed.tags if tag == "g" and a.get("data-label")}
    assert labels == {str(d.get("label") or n) for n, d in g.nodes(data=True)}
    edges = [a for tag, a in parsed.tags if tag == "line" and a.get("class") == "edge"]
    assert len(edges) == g.number_of_edges()
    view = tmp_path / "citation-graph.html"
    assert (view in written) == view.exists()


def test_matrix_counts(site) -> None:
    parsed = parse(site[0] / "compare.html")
    cells = [a for tag, a in parsed.tags if tag == "td" and "cell" in (a.get("class") or "").split()
             and a.get("data-a")]
    assert len(cells) == EXPECTED["matrix"]["cells"]
    assert sum(int(c["data-n"]) for c in cells) == 2 * EXPECTED["matrix"]["pairs"]
    m = build_matrix(load_comparison(), [])
    assert (len(m.pairs), len(m.gaps), len(m.lead_differences)) == tuple(
        EXPECTED["matrix"][k] for k in ("pairs", "gaps", "lead_differences"))
    rows = matrix_view(load_comparison())["rows"]
    assert sum(len(c) for r in rows for c in r["cells"].values()) == len(
        {s.task for p in m.pairs for s in (p.a, p.b)} | {g.task for g in m.gaps})


def test_matrix_groups_when_plans_are_many() -> None:
    comparison = load_comparison()
    group = {pid: pid.split("/")[0] for pid in comparison["plans"]}
    m = build_matrix(comparison, [], group, max_axis=2)
    assert m.grouped and m.axis == tuple(sorted(set(group.values())))
    assert sum(m.shared.values()) == 2 * len(comparison["pairs"])


def test_no_comparison_shows_a_note(tmp_path) -> None:
    plans, sources = load_fixture_plans()
    write_report(plans, tmp_path, sources=sources)
    parsed = parse(tmp_path / "compare.html")
    assert "compare-missing" in parsed.ids and "matrix" not in parsed.ids


def test_stale_plan_pages_removed(tmp_path) -> None:
    plans, sources = load_fixture_plans()
    write_report(plans, tmp_path, sources=sources)
    write_report(plans[:1], tmp_path, sources=sources)
    assert sorted(p.name for p in (tmp_path / "plans").iterdir()) == sorted(
        f"{n}{s}" for n in page_names([plans[0].id]).values() for s in (".html", ".source.html"))


def test_missing_source_and_language(tmp_path) -> None:
    plans, _ = load_fixture_plans()
    write_report(plans, tmp_path, sources={}, lang="en")
    page = (tmp_path / "index.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert not list((tmp_path / "plans").glob("*.source.html"))
    with pytest.raises(ValueError, match="unknown language"):
        write_report(plans, tmp_path, sources={}, lang="xx")


@pytest.mark.parametrize("spans", [
    [(0, 5), (2, 9), (3, 4)],              # overlapping and nested
    [(4, 4), (0, 100), (7, 3)],            # empty, past the end (clipped), reversed (dropped)
    [(1, 6), (1, 6), (6, 8)],              # identical and adjacent
])
def test_render_source_keeps_the_text(spans) -> None:
    text = 'a<b>&"c\'\nđ'
    marks = [Mark(f"m-{i}", "task", s) for i, s in enumerate(spans)]
    out = str(render_source(text, marks))
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    p = Tags()
    p.feed(out)
    for m in marks:
        start, end = max(0, min(m.span[0], len(text))), max(0, min(m.span[1], len(text)))
        if start <= end:
            assert m.anchor in p.ids
            assert p.evidence.get(m.anchor, "") == text[start:end]
        else:
            assert m.anchor not in p.ids


def test_comparison_fixture_follows_the_contract() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_file = SCHEMA_DIR / "compare.schema.json"
    if not schema_file.exists():
        pytest.skip(f"contract schemas not found at {SCHEMA_DIR}")
    jsonschema.validate(load_comparison(), json.loads(schema_file.read_text("utf-8")))


def test_unknown_agencies_are_listed_on_the_compare_page(tmp_path) -> None:
    plans, sources = load_fixture_plans()
    comparison = load_comparison()
    task = plans[0].tasks[0]
    comparison["unknown_agencies"] = [{"plan": plans[0].id, "agency": "Ban Quản lý chợ nổi <Long Xuyên>",
                                       "tasks": [task.id]}]
    write_report(plans, tmp_path, sources=sources, comparison=comparison)
    page = parse(tmp_path / "compare.html")
    assert "unknown-table" in page.ids
    assert "Ban Quản lý chợ nổi <Long Xuyên>" in "".join(page.text)


def test_same_subject_different_work_is_listed_apart_on_the_compare_page(tmp_path) -> None:
    plans, sources = load_fixture_plans()
    comparison = load_comparison()
    a, b = plans[0].tasks[0], plans[1].tasks[0]
    side = {"a": {"plan": plans[0].id, "task": a.id, "text": a.text, "lead": list(a.lead)},
            "b": {"plan": plans[1].id, "task": b.id, "text": b.text, "lead": list(b.lead)}}
    comparison["related"] = [{**side, "score": 0.21, "subject_score": 0.83, "relation": "same subject, different work",
                              "evidence": ["different work: publicise / review", "object: dịch vụ công <trực tuyến>"]}]
    pairs_before = len(comparison["pairs"])
    write_report(plans, tmp_path, sources=sources, comparison=comparison, lang="en")
    page = parse(tmp_path / "compare.html")
    text = "".join(page.text)
    assert "related-table" in page.ids
    assert "Same subject, different work (1)" in text
    assert "object: dịch vụ công <trực tuyến>" in text  # shown as text, escaped
    assert f"Matched tasks ({pairs_before})" in text  # not counted among the matched tasks
