"""Citation forms, one small text each (fixtures/forms.json): fields, order and flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.citations import FLAG_KINDS, cite
from ccompare.read.source import SourceText
from ccompare.schema import Plan, Source

CASES = json.loads((Path(__file__).parent / "fixtures" / "forms.json").read_text("utf-8"))["cases"]


def run(case: dict):
    meta = case["plan"]
    src = SourceText("form.txt", "0" * 64, case["text"])
    plan = Plan(id="t/1/kh-1", source=Source(src.path, src.sha256), province=meta["province"], kind=meta["kind"],
                draft=False, number=meta.get("number"), doc_type=meta.get("doc_type"), issuer=meta.get("issuer"),
                date=meta.get("date"), title=None, year=int(meta["date"][:4]) if meta.get("date") else None)
    return src, cite(src, plan)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_form(case):
    src, (citations, flags) = run(case)
    got = [{k: getattr(c, k) for k in want} for c, want in zip(citations, case["expect"], strict=False)]
    assert len(citations) == len(case["expect"]), [c.raw for c in citations]
    assert got == case["expect"]
    assert sorted(f.kind for f in flags if f.kind in FLAG_KINDS) == sorted(case["flags"])
    for c in citations:  # evidence: the span is the raw text
        assert " ".join(src.text[c.span[0]:c.span[1]].split()) == c.raw
