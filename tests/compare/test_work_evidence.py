"""A pair's evidence names the shared work first (activity, then the object both tasks name)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

import ccompare
from ccompare.compare.text import shared_phrases
from ccompare.compare.work import compatible, read_work

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "raw"


def test_evidence_names_the_shared_activity_and_object() -> None:
    result = ccompare.extract([CORPUS / "binh-thuan", CORPUS / "ha-tinh"])
    pairs = ccompare.compare(result, threshold=0.5).pairs
    assert pairs
    texts = {t.id: t.text for p in result.plans for t in p.tasks}
    named = 0
    for pair in pairs:
        wa, wb = read_work(texts[pair.a.task]), read_work(texts[pair.b.task])
        assert compatible(wa, wb) is not False  # different work is never a shared task
        if compatible(wa, wb):
            assert pair.evidence[0].startswith("activity: "), pair.evidence
            named += 1
        objects = [e for e in pair.evidence if e.startswith("object: ")]
        for e in objects:  # the object is written as plan A writes it, not folded or pieced together
            assert e.removeprefix("object: ") in " ".join(texts[pair.a.task].split()), (e, texts[pair.a.task])
    assert named >= len(pairs) // 2


def test_phrases_read_within_spans_never_join_two_of_them() -> None:
    """An object can be two pieces of its task's text ('Lồng ghép X vào ... Y'): a phrase is
    read inside one piece, never across the words left out between them."""
    text = "Quảng bá sản phẩm du lịch biển đảo gắn với xúc tiến đầu tư"
    cut = text.index(" du lịch")
    whole = ((0, len(text)),)
    assert shared_phrases(text, text, limit=1) == ["Quảng bá sản phẩm du lịch biển đảo"]
    pieces = shared_phrases(text, text, limit=3, a_spans=((0, cut), (cut, len(text))), b_spans=whole)
    assert pieces == ["du lịch biển đảo gắn", "Quảng bá sản phẩm", "xúc tiến đầu tư"]
    assert shared_phrases(text, text, a_spans=((cut, len(text)),), b_spans=((0, cut),)) == []


PHRASE_CASES = json.loads((Path(__file__).parent / "fixtures" / "shared_phrase_cases.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", PHRASE_CASES, ids=lambda c: c["a"][:30])
def test_shared_phrases_of_written_pairs(case) -> None:
    assert shared_phrases(case["a"], case["b"]) == case["phrases"]
    assert shared_phrases(case["a"], case["b"], limit=1) == case["first"]


def test_phrases_are_the_same_when_the_word_codes_start_again(monkeypatch) -> None:
    """Words stand for one character each while phrases are read; past the table's size it
    starts again before the next pair, never mixing two tables in one."""
    text = importlib.import_module("ccompare.compare.text")
    monkeypatch.setattr(text, "MAX_WORD_CODES", 5)
    text._shared_phrases.cache_clear()
    started = text._CODES_ROUND[0]
    try:
        for case in PHRASE_CASES:
            assert shared_phrases(case["a"], case["b"]) == case["phrases"]
        assert text._CODES_ROUND[0] >= started + len(PHRASE_CASES) - 1
    finally:
        text._shared_phrases.cache_clear()


def test_words_past_the_last_character_are_never_shared(monkeypatch) -> None:
    """A text of more new words than Unicode has characters left reads the rest as unshared."""
    text = importlib.import_module("ccompare.compare.text")
    a = "Nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình"
    monkeypatch.setattr(text, "CODE_POINTS", 3)
    monkeypatch.setattr(text, "MAX_WORD_CODES", 0)  # start the table again at once
    text._shared_phrases.cache_clear()
    try:
        assert shared_phrases(a, a, limit=1) == ["chất lượng cung"]  # the first three content words
        assert shared_phrases(a, "Tổng kết, đánh giá") == []
    finally:
        text._shared_phrases.cache_clear()
