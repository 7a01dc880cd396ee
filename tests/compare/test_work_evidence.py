"""A pair's evidence names the shared work first (activity, then the object both tasks name)."""

from __future__ import annotations

from pathlib import Path

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
