"""`ccompare compare A B --format html`: two plans side by side, shared words highlighted, gaps on
their side; checked as text and in headless Chromium (screenshot in conftest.SHOTS)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccompare.cli import main
from ccompare.report.side_by_side import highlight, shared_words

from .conftest import ROOT, SHOTS

CORPUS = ROOT / "corpus" / "raw"


def two_plans() -> list[str]:
    return [str(sorted((CORPUS / "khanh-hoa").glob("*.txt"))[0]), str(CORPUS / "ha-tinh")]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sbs") / "a-vs-b.html"
    result = CliRunner().invoke(main, ["compare", *two_plans(), "--format", "html", "--out", str(out), "-q",
                                       "--lang", "en"])
    assert result.exit_code == 0, result.output
    return out


def test_page_has_pairs_marks_and_gaps(page: Path) -> None:
    html = page.read_text("utf-8")
    rows = html.count('class="row"')
    related = html.count('class="row related"')  # same subject, different work: listed apart
    assert rows > 5
    assert html.count('class="task"') == 2 * (rows + related)  # two columns per row
    assert "<mark>" in html
    assert html.count("<h2>Only in ") == 2
    assert not re.search(r"""(src|href)=["']https?://""", html)  # offline


def test_more_than_two_plans_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["compare", str(CORPUS), "--format", "html", "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "two plans" in result.output
    assert not (tmp_path / "x.html").exists()


def test_highlight_escapes_and_marks_shared_word_pairs() -> None:
    a = "Tuyên truyền <script>x</script> về dịch vụ công trực tuyến"
    b = "Hướng dẫn sử dụng dịch vụ công trực tuyến cho người dân"
    marked = str(highlight(a, shared_words(a, b)))
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert re.findall(r"<mark>(.*?)</mark>", marked) == ["dịch", "vụ", "công", "trực", "tuyến"]
    assert "<mark>Tuyên</mark>" not in marked


@pytest.mark.browser
def test_side_by_side_in_browser(chromium, page: Path) -> None:
    chromium.events.clear()
    chromium.open(page.resolve().as_uri())
    assert chromium.console_errors() == []
    left_right = chromium.evaluate(
        "(() => { const r = document.querySelector('.row'); const t = r.querySelectorAll('.task');"
        " return [t[0].getBoundingClientRect().left, t[1].getBoundingClientRect().left,"
        " r.querySelector('.score').getBoundingClientRect().left]; })()")
    assert left_right[0] < left_right[2] < left_right[1]  # left task | score | right task
    assert chromium.evaluate("document.querySelectorAll('mark').length") > 0
    chromium.screenshot(SHOTS / "compare-side-by-side.png")
