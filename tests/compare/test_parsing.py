"""Tokenizer component, frequency targets, deadline readings, area headings and keywords."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.compare.areas import heading_area, keyword_area
from ccompare.compare.differences import deadline_key, quantities
from ccompare.compare.text import shared_phrases, task_text

CASES = json.loads((Path(__file__).parent / "fixtures" / "parsing_cases.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def nlp():
    from ccompare.compare.areas import blank_pipeline

    return blank_pipeline()


@pytest.mark.parametrize("text,symbols", CASES["symbols_kept_whole"])
def test_symbols_and_dates_stay_one_token(nlp, text, symbols):
    tokens = [t.text for t in nlp(text)]
    for s in symbols:
        assert s in tokens, tokens


@pytest.mark.parametrize("text,expected", CASES["quantities"])
def test_frequency_targets(text, expected):
    got = [[q.low, q.high, q.period, *q.per_year] for q in quantities(text)]
    assert got == [[float(a), float(b), p, float(c), float(d)] for a, b, p, c, d in expected]


@pytest.mark.parametrize("text,label", CASES["deadlines"])
def test_deadline_readings(text, label):
    assert deadline_key(text).label() == label


@pytest.mark.parametrize("heading,code", CASES["headings"])
def test_area_headings(heading, code):
    assert heading_area(heading) == code


@pytest.mark.parametrize("text,code", CASES["keyword_areas"])
def test_keyword_baseline(text, code):
    assert keyword_area(text) == code


def test_abbreviations_meet_their_expansion():
    a = "Tuyên truyền về CCHC trên Đài PT-TH tỉnh"
    b = "chuyên mục cải cách hành chính trên Đài Phát thanh - Truyền hình"
    assert task_text(a).normal.split()[-3:] == task_text(b).normal.split()[-3:]
    assert shared_phrases(a, b)


def test_province_names_are_not_evidence():
    a = "Duy trì chuyên mục trên Báo Quảng Trị"
    b = "Mở chuyên mục trên Báo Quảng Trị điện tử"
    assert all("Quảng" not in e for e in shared_phrases(a, b))
