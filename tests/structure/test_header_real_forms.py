"""Header fields of real document layouts (header_fixtures/real_forms.json) and bounded time on
hostile headers: 'Số:' and its number on two lines, places and dates broken across lines, the
plan's year from its own date or symbol, impossible or far-off own dates flagged and null."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from ccompare.read.source import SourceText
from ccompare.structure.header import read_header
from ccompare.structure.plan import plan_id

CASES = json.loads((Path(__file__).parent / "header_fixtures" / "real_forms.json").read_text("utf-8"))["cases"]


def header_of(text: str):
    return read_header(SourceText("case.txt", hashlib.sha256(text.encode()).hexdigest(), text))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_header_form(case: dict) -> None:
    h = header_of(case["text"])
    assert {k: getattr(h, k) for k in case["expect"]} == case["expect"]
    assert [p[0] for p in h.problems] == case["problems"]
    if h.date is not None:  # a date the header gives is always a real one
        from datetime import date

        date.fromisoformat(h.date)


def test_plan_id_year_is_the_documents() -> None:
    """'hai-phong/2015/...' for a 2018 decision came from a cited law's year."""
    case = next(c for c in CASES if c["name"].startswith("a cited law's year"))
    assert plan_id(header_of(case["text"]), "0" * 64) == "hai-phong/2018/qd-2215"


@pytest.mark.parametrize("text", [
    "Số:\n" * 20000,
    "Sơn La,\n" * 20000,
    "Số: " + "9" * 10000 + "/KH-UBND\nHà Nội, ngày " + "1" * 10000,
    "a" * 100000 + ", ngày 1 tháng 1 năm 2024",
])
def test_hostile_headers_are_bounded(text: str) -> None:
    t = time.perf_counter()
    h = header_of(text)
    assert time.perf_counter() - t < 10
    assert h.date is None or h.date[:4].isdigit()
