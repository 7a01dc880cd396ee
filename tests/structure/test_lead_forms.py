"""Each form of explicit lead, and each distractor, in short invented texts (fixtures/lead_forms.json).

Forms: group headings '(1) X' over '(i)' items, a collective with a colon over a shared-head list
('các Sở: Nội vụ, Tư pháp'), 'Giao Giám đốc Sở X chủ trì', a steering committee 'có trách nhiệm',
prose duties with 'được giao', 'chủ trì' or a plain verb (two in one sentence), the addressees of
'X đề nghị/yêu cầu Y ...'. Distractors (no task): recipients ('qua Sở Nội vụ', 'gửi về Sở Nội
vụ'), 'do cơ quan chủ trì tham mưu', survey respondents, narrative news ('đã ban hành', 'vừa có
Công văn chỉ đạo'), 'giao cho 10 đơn vị chủ trì', the author's 'như sau:', execution clauses,
'Nơi nhận' lists, a headline, an enumeration after 'gồm:'."""

import hashlib
import json
from pathlib import Path

import pytest

from ccompare import agencies
from ccompare.read.source import SourceText
from ccompare.structure import build_plan

CASES = json.loads((Path(__file__).parent / "fixtures" / "lead_forms.json").read_text("utf-8"))["cases"]


def _canon(names, province: str | None) -> list[str]:
    out: list[str] = []
    for name in names:
        found = agencies.split_agencies(name, province)
        out.extend(a.name for a in found) if found else out.append(" ".join(name.split()))
    return sorted(set(out))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_lead_form(case: dict) -> None:
    text = case["text"]
    plan = build_plan(SourceText(f"{case['id']}.txt", hashlib.sha256(text.encode()).hexdigest(), text))
    got = [(text[t.span[0]:t.span[1]], t) for t in plan.tasks]
    assert len(got) == len(case["tasks"]), [g[0][:60] for g in got]
    for (evidence, task), want in zip(got, case["tasks"], strict=True):
        assert evidence.startswith(want["prefix"]) or evidence.lstrip("()ivx0123456789. ").startswith(
            want["prefix"]), evidence[:60]
        assert _canon(task.lead, case["province"]) == _canon(want["lead"], case["province"])
        assert _canon(task.partners, case["province"]) == _canon(want.get("partners", []), case["province"])
