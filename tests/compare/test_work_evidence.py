"""A pair's evidence names the shared work first (activity, then the object both tasks name)."""

from __future__ import annotations

from pathlib import Path

import ccompare
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
        for e in objects:  # the object is written as the plans write it, not folded
            assert e.removeprefix("object: ").lower() in (pair.a.text + " " + pair.b.text).lower() or \
                e.removeprefix("object: ").lower() in texts[pair.a.task].lower()
    assert named >= len(pairs) // 2
