"""Prose duties in invented plans of other provinces (tests/structure/prose_fixtures): content items
and bullets that name their lead, labels in parentheses and on dash lines, bullets labelled one by
one, and 'Tổ chức thực hiện' paragraphs led by bodies the agency data does not know.

Expectations are hand-written (<plan>.expected.json): every prose task, in document order."""

import json
from pathlib import Path

import pytest

from ccompare.extract import extract_source
from ccompare.schema import to_data
from ccompare.structure.prose import is_organisation, organisation_heading

FIXTURES = Path(__file__).parent / "prose_fixtures"
CASES = sorted(FIXTURES.glob("*.txt"))
SCHEMA = Path(__file__).resolve().parents[2] / "ccompare" / "data" / "schema" / "extract.schema.json"
ORGANISATIONS = json.loads((FIXTURES / "organisations.json").read_text("utf-8"))


@pytest.fixture(scope="module", params=CASES, ids=[p.name for p in CASES])
def extracted(request):
    path = request.param
    src, plan = extract_source(path)
    expected = json.loads((FIXTURES / f"{path.name}.expected.json").read_text("utf-8"))["tasks"]
    return src, plan, expected


def test_prose_tasks(extracted) -> None:
    _src, plan, expected = extracted
    got = [t for t in plan.tasks if t.origin == "prose"]
    assert [(t.number, list(t.section)) for t in got] == [(e["number"], e["section"]) for e in expected]
    for task, exp in zip(got, expected, strict=True):
        assert task.text.startswith(exp["text_start"]), (task.number, task.text[:80])
        assert list(task.lead) == exp["lead"], task.number
        assert list(task.partners) == exp["partners"], task.number
        assert task.deadline == exp["deadline"], task.number
        assert task.output == exp.get("output"), task.number
        if task.output:  # an output label line fills the output, not the task text
            assert task.output not in task.text, task.number


def test_spans_hold_the_text(extracted) -> None:
    """Each task's evidence span holds its text start; its lead as written stands in the span or
    above it in its top-level section: the heading of the item above ('6. Công ty ...:' over 'a)',
    'b)') or the sentence introducing the list ('Giao Sở X chủ trì ... các nhiệm vụ sau:')."""
    src, plan, expected = extracted
    starts = {s.path: s.span[0] for s in plan.sections if s.span}
    got = [t for t in plan.tasks if t.origin == "prose"]
    for task, exp in zip(got, expected, strict=True):
        evidence = " ".join(src.text[task.span[0]:task.span[1]].split())
        assert exp["text_start"] in evidence, task.number
        item_start = starts[task.section[:1]]
        assert task.lead_raw and " ".join(task.lead_raw.split()) in " ".join(
            src.text[min(item_start, task.span[0]):task.span[1]].split()), task.number
    spans = [t.span for t in got]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "prose tasks overlap"


def test_plan_matches_schema(extracted) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"shared schema not found at {SCHEMA}")
    import jsonschema

    _src, plan, _expected = extracted
    jsonschema.validate([to_data(plan)], json.loads(SCHEMA.read_text("utf-8")))


@pytest.mark.parametrize(("name", "expected"), ORGANISATIONS["organisations"],
                         ids=[c[0] for c in ORGANISATIONS["organisations"]])
def test_is_organisation(name: str, expected: bool) -> None:
    assert is_organisation(name) is expected


@pytest.mark.parametrize("case", ORGANISATIONS["headings"], ids=[c["text"][:30] for c in ORGANISATIONS["headings"]])
def test_organisation_heading(case: dict) -> None:
    got = organisation_heading(case["text"], has_body=case["children"])
    if case["names"] is None:
        assert got is None
    else:
        assert got is not None and list(got[0]) == case["names"]
        assert case["text"][:got[1]].strip() == ", ".join(case["names"])
