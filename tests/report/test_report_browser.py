"""The report in a real browser (headless Chromium): no console error on any page, the graph and the
matrix render after the scripts run, hostile plans inject nothing, evidence is highlighted.
Screenshots go to reports/screenshots/ (a CI artefact). Skipped when no chromium binary is found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.report import page_names, write_report

from .conftest import FIXTURES, ROOT, load_comparison, load_fixture_plans

pytestmark = pytest.mark.browser

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
SHOTS = ROOT / "reports" / "screenshots"


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
    try:
        from ccompare.compare import compare_plans
    except ImportError:
        comparison = None
    else:
        comparison = compare_plans(result.plans)
    out = tmp_path_factory.mktemp("browser-corpus")
    write_report(result.plans, out, sources=result.sources, comparison=comparison,
                 graph=citation_graph(result.plans, result.sources), errors=result.errors)
    return out, result.plans, comparison


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
    visit(chromium, out / "graph.html", "corpus-graph")
    if any(p.citations for p in plans):
        assert int(chromium.evaluate("document.getElementById('citegraph').dataset.ready")) > 0
    visit(chromium, out / "compare.html", "corpus-compare")
    if comparison is not None:
        cells = chromium.evaluate("document.querySelectorAll('#matrix td.cell').length")
        assert cells == len(plans) * (len(plans) - 1)
        assert chromium.evaluate("document.getElementById('matrix').dataset.ready") == str(cells)
    else:
        assert chromium.evaluate("!!document.getElementById('compare-missing')")
    view = out / "citation-graph.html"
    if view.exists():  # the citations package's interactive view
        visit(chromium, view, "corpus-citation-graph")
        assert chromium.evaluate("document.querySelectorAll('#cg-svg *').length") > 0
    names = page_names(p.id for p in plans)
    plan = max(plans, key=lambda p: (len(p.tasks), p.id))
    visit(chromium, out / "plans" / f"{names[plan.id]}.html", "corpus-plan")
    visit(chromium, out / "plans" / f"{names[plan.id]}.source.html", "corpus-source")
