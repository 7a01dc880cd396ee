"""The five seeds read into the schema: metadata, sections, table task counts, leads, coverage.

Expected values were counted by hand from the documents (seeds.json)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from ccompare.coverage import coverage
from ccompare.extract import extract_source

ROOT = Path(__file__).resolve().parents[2]
SEEDS = json.loads((Path(__file__).parent / "seeds.json").read_text("utf-8"))


@pytest.fixture(scope="module", params=SEEDS, ids=[s["file"].split("/")[-1][:3] for s in SEEDS])
def seed(request):
    case = request.param
    src, plan = extract_source(ROOT / "corpus" / "raw" / case["file"])
    return case, src, plan


def _table_task(plan, key: str):
    group, _, number = key.rpartition("/")
    hits = [t for t in plan.tasks if t.origin == "table" and t.number == number
            and (not group or t.section[-1] == group)]
    assert len(hits) == 1, (key, [t.number for t in hits])
    return hits[0]


def test_metadata(seed):
    case, _src, plan = seed
    for field, expected in case["meta"].items():
        assert getattr(plan, field) == expected, field


def test_roman_sections(seed):
    case, _src, plan = seed
    assert [s.path[0] for s in plan.sections if len(s.path) == 1 and s.path[0].isupper()
            and set(s.path[0]) <= set("IVXL")] == case["roman_sections"]


def test_table_task_count(seed):
    case, _src, plan = seed
    table = [t for t in plan.tasks if t.origin == "table"]
    assert len(table) == case["table_tasks"]
    if "table_tasks_by_group" in case:
        assert dict(Counter(t.section[-1] for t in table)) == case["table_tasks_by_group"]


def test_leads_deadlines_areas(seed):
    case, _src, plan = seed
    for key, lead in case.get("leads", []):
        assert list(_table_task(plan, key).lead) == lead, key
    for key, deadline in case.get("deadlines", []):
        assert _table_task(plan, key).deadline == deadline, key
    for key, area in case.get("areas", []):
        assert _table_task(plan, key).area == area, key
    for number, lead in case.get("prose_leads", []):
        hits = [t for t in plan.tasks if t.origin == "prose" and t.number == number]
        assert hits and list(hits[0].lead) == lead, number


def test_flags(seed):
    case, _src, plan = seed
    kinds = {f.kind for f in plan.flags}
    assert set(case["flags"]) <= kinds


def test_coverage(seed):
    _case, src, plan = seed
    cov = coverage(src, plan)
    assert cov.share >= 0.99, cov.unassigned


def test_spans_point_into_source(seed):
    _case, src, plan = seed
    for task in plan.tasks:
        s, e = task.span
        assert 0 <= s < e <= len(src.text)
        assert src.text[s:e].strip()
