"""Hostile numbers in citations (issue 13): an overlong number is dropped with a flag, in bounded time;
a year no document has (9999) never becomes a citation's year."""

from __future__ import annotations

import time

import pytest

from ccompare.citations import cite
from ccompare.read.source import SourceText
from ccompare.schema import Plan, Source


def cite_text(text: str):
    src = SourceText("h.txt", "0" * 64, text)
    plan = Plan(id="t/1/kh-1", source=Source(src.path, src.sha256), province="ha-noi", kind="plan", draft=False,
                number=None, doc_type="KH", issuer="UBND", date="2024-06-01", title=None, year=2024)
    return cite(src, plan)


@pytest.mark.parametrize("digits", [7, 10_000, 1_000_000])
def test_overlong_number_is_flagged_not_read(digits: int) -> None:
    text = "Căn cứ Quyết định số " + "7" * digits + "/QĐ-UBND ngày 01/02/2024 của UBND tỉnh; Kế hoạch số 5/KH-UBND."
    t = time.perf_counter()
    citations, flags = cite_text(text)
    assert time.perf_counter() - t < 10
    assert [c.number for c in citations] == ["5"]
    assert [f.kind for f in flags] == ["citation-malformed"]
    assert "not a document number" in flags[0].message


def test_many_overlong_numbers_stay_linear() -> None:
    text = ("1" * 5000 + "/QĐ-UBND ") * 400
    t = time.perf_counter()
    citations, flags = cite_text(text)
    assert time.perf_counter() - t < 10
    assert citations == () and len(flags) == 400


@pytest.mark.parametrize("text", [
    "Kế hoạch số 5/KH-UBND ngày 01/01/9999 của UBND tỉnh",
    "Kế hoạch số 5/9999/KH-UBND của UBND tỉnh",
    "Nghị quyết số 5/NQ-CP năm 9999",
])
def test_year_9999_is_never_a_year(text: str) -> None:
    citations, _flags = cite_text(text)
    assert [c.year for c in citations] == [None]
    assert all(c.date is None for c in citations)
