"""The report in a real browser (headless Chromium): no console error on any page, the graph and the
matrix render after the scripts run, hostile plans inject nothing, evidence is highlighted; and, on
the bundled corpus in Vietnamese, what a reader sees: leads not wrapped a word per line, no English
slugs, documents counted apart from citations, graph labels that never overlap, the citation-graph
page in Vietnamese with a way back, two plans side by side in balanced columns.
Screenshots go to conftest.SHOTS ($CCOMPARE_SCREENSHOTS, else a scratch folder). Skipped when no
chromium binary is found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ccompare.report import page_names, write_report

from .conftest import FIXTURES, SHOTS, load_comparison, load_fixture_plans

pytestmark = pytest.mark.browser

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
# English slugs of kinds, origins, scopes, areas and match methods that a Vietnamese page must not show
SLUGS = r"\b(decision\+plan|decision|prose|table|chi-dao|the-che|tthc|bo-may|cong-vu|tai-chinh-cong|chinh-quyen-so|" \
        r"national|provincial|alias|nodes|edges)\b"

# bounding boxes (in CSS pixels) of the elements a selector matches, and how many pairs of them overlap
OVERLAPS = """(sel => {
  const bs = [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
    .filter(b => b.width > 0 && b.height > 0);
  let n = 0;
  for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) {
    const a = bs[i], b = bs[j];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) n++;
  }
  return {labels: bs.length, overlaps: n};
})"""

# per cell of the column headed `name` of table `id`: [words, rendered lines]; and the column's width
COLUMN_LINES = """((id, name) => {
  const t = document.getElementById(id), ths = [...t.tHead.rows[0].cells];
  const i = ths.findIndex(th => th.textContent.trim() === name);
  const cells = [...t.tBodies[0].rows].map(tr => {
    const r = document.createRange(); r.selectNodeContents(tr.cells[i]);
    const tops = new Set([...r.getClientRects()].map(q => Math.round(q.top)));
    return [tr.cells[i].textContent.trim().split(/\\s+/).length, tops.size];
  });
  return {width: ths[i].getBoundingClientRect().width, table: t.getBoundingClientRect().width, cells: cells};
})"""

# the page's visible text without code (ids, paths), the documents' own words, and the extraction's
# flag messages (written by the extractor in English, as errors are)
PAGE_WORDS = """(() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('code, script, style, title, #source, #flags').forEach(e => e.remove());
  return body.innerText;
})()"""


def citation_graph(plans, sources):
    try:
        from ccompare.citations import build_graph
    except ImportError:
        return None
    return build_graph(plans, sources)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    plans, sources = load_fixture_plans()
    out = tmp_path_factory.mktemp("browser-fixtures")
    write_report(plans, out, sources=sources, comparison=load_comparison(), graph=citation_graph(plans, sources))
    return out, plans


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    from ccompare.extract import extract_plans
    from ccompare.inputs import bundled_corpus

    if bundled_corpus() is None:
        pytest.skip("no bundled corpus")
    result = extract_plans([])
    plans = result.plans
    try:
        from ccompare.compare import compare_plans, tag_areas
    except ImportError:
        comparison = None
    else:  # as `ccompare report` does: areas tagged (the area column is filled), then compared
        plans = tag_areas(plans)
        comparison = compare_plans(plans)
    out = tmp_path_factory.mktemp("browser-corpus")
    write_report(plans, out, sources=result.sources, comparison=comparison, lang="vi",
                 graph=citation_graph(plans, result.sources), errors=result.errors)
    return out, plans, comparison


def visit(chromium, page: Path, shot: str | None = None) -> None:
    """Open a page; fail on console errors, uncaught exceptions, or anything injected."""
    chromium.events.clear()
    chromium.open(page.resolve().as_uri())
    assert chromium.evaluate("document.body.dataset.js || (document.getElementById('cg-svg') ? 'ready' : '')") \
        == "ready", page
    assert chromium.evaluate("typeof window.__pwned") == "undefined", page
    assert chromium.console_errors() == [], page
    if shot:
        chromium.screenshot(SHOTS / f"{shot}.png")


def test_fixture_report_in_browser(chromium, fixture_site) -> None:
    out, plans = fixture_site
    for page in sorted(out.rglob("*.html")):
        visit(chromium, page)
    # the hostile strings are on the page as text
    visit(chromium, out / "index.html", "fixtures-index")
    body = chromium.evaluate("document.body.innerText")
    hostile_plan = next(p for p in plans if "<script>" in p.id)
    assert hostile_plan.id in body and hostile_plan.title in body
    # graph: every node drawn, selection shows the node's label
    visit(chromium, out / "graph.html", "fixtures-graph")
    assert chromium.evaluate("document.getElementById('citegraph').dataset.ready") == str(EXPECTED["graph"]["nodes"])
    chromium.evaluate("document.querySelector('#citegraph .node').dispatchEvent(new MouseEvent('click'))")
    assert chromium.evaluate("document.querySelectorAll('#citegraph .node.sel').length") == 1
    assert chromium.evaluate("document.getElementById('graph-info').textContent.length") > 0
    # matrix: heat applied to every cell; clicking a cell filters the pairs to that plan pair
    visit(chromium, out / "compare.html", "fixtures-compare")
    assert chromium.evaluate("document.getElementById('matrix').dataset.ready") == str(EXPECTED["matrix"]["cells"])
    assert chromium.evaluate("[...document.querySelectorAll('#matrix td.cell')]"
                             ".every(td => td.style.getPropertyValue('--heat') !== '')")
    chromium.evaluate("[...document.querySelectorAll('#matrix td.cell')].find(td => td.dataset.n === '2')"
                      ".dispatchEvent(new MouseEvent('click'))")
    visible = chromium.evaluate("[...document.querySelectorAll('#pair-table tbody tr')]"
                                ".filter(tr => tr.offsetParent !== null).length")
    assert visible == 2
    # evidence: the task named in the fragment is highlighted in the source text
    names = page_names(p.id for p in plans)
    plan = next(p for p in plans if p.tasks and "<" not in p.id)
    visit(chromium, out / "plans" / f"{names[plan.id]}.html", "fixtures-plan")
    source = out / "plans" / f"{names[plan.id]}.source.html"
    chromium.events.clear()
    chromium.open(source.resolve().as_uri() + "#task-1")
    marked = chromium.evaluate("[...document.querySelectorAll('.ev.active')].map(e => e.textContent).join('')")
    assert marked == plan.tasks[0].text
    assert chromium.console_errors() == []
    chromium.screenshot(SHOTS / "fixtures-source.png")


def test_corpus_report_in_browser(chromium, corpus_site) -> None:
    out, plans, comparison = corpus_site
    visit(chromium, out / "index.html", "corpus-index")
    assert chromium.evaluate("document.querySelector('[data-count=plans]').textContent") == str(len(plans))
    assert chromium.evaluate("document.querySelectorAll('figure.chart svg').length") >= 1
    # the documents card counts cited documents, the citations card citations
    documents = len({c.target for p in plans for c in p.citations if c.target})
    assert chromium.evaluate("document.querySelector('[data-count=documents]').textContent") == str(documents)
    assert chromium.evaluate("document.querySelector('[data-count=citations]').textContent") == \
        str(sum(len(p.citations) for p in plans)) != str(documents)
    assert not re.findall(SLUGS, chromium.evaluate(PAGE_WORDS))
    visit(chromium, out / "graph.html", "corpus-graph")
    if any(p.citations for p in plans):
        assert int(chromium.evaluate("document.getElementById('citegraph').dataset.ready")) > 0
        labels = chromium.evaluate(f"{OVERLAPS}('#citegraph text')")
        assert labels["overlaps"] == 0 and labels["labels"] >= len(plans), labels
    assert not re.findall(SLUGS, chromium.evaluate(PAGE_WORDS))
    visit(chromium, out / "compare.html", "corpus-compare")
    if comparison is not None:
        cells = chromium.evaluate("document.querySelectorAll('#matrix td.cell').length")
        assert cells == len(plans) * (len(plans) - 1)
        assert chromium.evaluate("document.getElementById('matrix').dataset.ready") == str(cells)
    else:
        assert chromium.evaluate("!!document.getElementById('compare-missing')")
    names = page_names(p.id for p in plans)
    plan = max(plans, key=lambda p: (len(p.tasks), p.id))
    visit(chromium, out / "plans" / f"{names[plan.id]}.html", "corpus-plan")
    assert not re.findall(SLUGS, chromium.evaluate(PAGE_WORDS))
    lead = chromium.evaluate(f"{COLUMN_LINES}('tasks-table', 'Chủ trì')")
    assert lead["width"] >= 0.12 * lead["table"], lead  # the lead column is not squeezed
    several = [(w, n) for w, n in lead["cells"] if w >= 3]
    assert several and all(n < w for w, n in several), several  # no lead wraps one word per line
    assert sum(w for w, _ in several) >= 2 * sum(n for _, n in several)  # two words a line or more, on average
    visit(chromium, out / "plans" / f"{names[plan.id]}.source.html", "corpus-source")


def test_corpus_citation_graph_page(chromium, corpus_site) -> None:
    out, plans, _ = corpus_site
    view = out / "citation-graph.html"
    if not view.exists():
        pytest.skip("no citation graph view (the citations package is not there)")
    visit(chromium, view, "corpus-citation-graph")
    assert chromium.evaluate("document.documentElement.lang") == "vi"
    assert chromium.evaluate("document.querySelector('h1').textContent") == "Đồ thị trích dẫn"
    assert chromium.evaluate("document.querySelector('a.back').getAttribute('href')") == "index.html"
    labels = chromium.evaluate(f"{OVERLAPS}('#cg-svg text')")
    assert labels["overlaps"] == 0 and labels["labels"] >= len(plans), labels
    assert chromium.evaluate("document.getElementById('cg-svg').dataset.labels") == str(labels["labels"])
    chromium.evaluate("document.querySelector('#cg-svg .cg-national').dispatchEvent(new MouseEvent('click', "
                      "{bubbles: true}))")
    panel = chromium.evaluate("document.getElementById('cg-panel').innerText")
    assert "định danh" in panel and "Các câu trích dẫn" in panel and "identity" not in panel, panel
    assert not re.findall(SLUGS, chromium.evaluate(PAGE_WORDS))
    chromium.screenshot(SHOTS / "corpus-citation-graph-selected.png")


def test_corpus_side_by_side_in_vietnamese(chromium, corpus_site, tmp_path) -> None:
    from ccompare.report.side_by_side import side_by_side_html

    _, plans, comparison = corpus_site
    if comparison is None:
        pytest.skip("no comparison")
    pair = [p for p in plans if p.id.startswith(("ha-tinh/", "khanh-hoa/2024/kh-3409"))]
    page = tmp_path / "a-vs-b.html"
    page.write_text(side_by_side_html(comparison, pair, lang="vi"), "utf-8")
    chromium.events.clear()
    chromium.open(page.resolve().as_uri())
    assert chromium.console_errors() == []
    chromium.screenshot(SHOTS / "corpus-side-by-side-vi.png")
    assert chromium.evaluate("document.documentElement.lang") == "vi"
    assert chromium.evaluate("document.querySelector('h1').textContent") == "So sánh hai kế hoạch"
    widths = chromium.evaluate("[...document.querySelectorAll('.row')].map(r => [...r.querySelectorAll('.task')]"
                               ".map(t => t.getBoundingClientRect().width))")
    assert widths and all(len(w) == 2 and 0.9 < w[0] / w[1] < 1.1 for w in widths), widths  # balanced columns
    assert chromium.evaluate("document.querySelectorAll('.row mark').length") > 0
    assert chromium.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing overflows
    assert not re.findall(SLUGS, chromium.evaluate(PAGE_WORDS))
    # same subject, different work: listed apart, never among the matching pairs (issue 16)
    from ccompare.rows import related_rows

    ids = {p.id for p in pair}
    expected = [r for r in related_rows(comparison) if {r["a_plan"], r["b_plan"]} == ids]
    assert chromium.evaluate("document.querySelectorAll('.row.related').length") == len(expected)
    if expected:
        assert chromium.evaluate("document.getElementById('related').textContent") == "Cùng đối tượng, khác việc"
        assert chromium.evaluate("[...document.querySelectorAll('.row.related .badge')].every("
                                 "b => b.textContent === 'khác việc')")
