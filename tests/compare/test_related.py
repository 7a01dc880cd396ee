"""Tasks naming the same object but doing different work are listed apart ("same subject,
different work"), never as shared tasks (issue 16); fixtures/related_plans.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.compare.comparison import compare_plans
from ccompare.compare.tables import comparison_to_data, csv_rows
from ccompare.compare.work import DIFFERENT_WORK, activity_label
from ccompare.read.fold import fold

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def case(make_plan) -> dict:
    data = json.loads((FIXTURES / "related_plans.json").read_text("utf-8"))
    data["comparison"] = compare_plans([make_plan(p) for p in data["plans"]])
    return data


def _match(items, a: str, b: str):
    return [p for p in items if fold(a) in fold(p.a.text) and fold(b) in fold(p.b.text)]


def test_same_object_different_work_is_listed_apart(case) -> None:
    c = case["comparison"]
    for exp in case["expect"]["related"]:
        found = _match(c.related, exp["a"], exp["b"])
        assert len(found) == 1, (exp, [(r.a.text, r.b.text) for r in c.related])
        pair = found[0]
        assert pair.relation == DIFFERENT_WORK
        first, *rest = pair.evidence
        labels = [activity_label(k) for k in exp["activities"]]
        assert first == f"different work: {labels[0]} / {labels[1]}"
        objects = [e.removeprefix("object: ") for e in rest if e.startswith("object: ")]
        assert objects and all(fold(o) in fold(pair.a.text) and fold(o) in fold(pair.b.text) for o in objects)
        assert not _match(c.pairs, exp["a"], exp["b"]), "different work reported as a shared task"


def test_same_work_stays_a_shared_task(case) -> None:
    c = case["comparison"]
    for exp in case["expect"]["pairs"]:
        assert len(_match(c.pairs, exp["a"], exp["b"])) == 1, exp
        assert not _match(c.related, exp["a"], exp["b"])


def test_related_pairs_do_not_fill_gaps(case) -> None:
    """A task whose only counterpart does other work is still missing in the other plan."""
    c = case["comparison"]
    gap_texts = {g.text for g in c.gaps}
    for exp in case["expect"]["related"]:
        assert any(fold(exp["a"]) in fold(t) for t in gap_texts), exp


def test_related_pairs_in_json_and_csv(case) -> None:
    c = case["comparison"]
    data = comparison_to_data(c)
    assert [r["relation"] for r in data["related"]] == [DIFFERENT_WORK] * len(c.related)
    assert {(r["a"]["task"], r["b"]["task"]) for r in data["related"]} == {(r.a.task, r.b.task) for r in c.related}
    rows = [r for r in csv_rows(c) if r[0] == "related"]
    assert len(rows) == len(c.related)
    assert all(r[-1] == DIFFERENT_WORK for r in rows)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_related_pairs_in_the_text_report(case, lang) -> None:
    from ccompare.compare.tables import text_report
    from ccompare.uitext import words

    c = case["comparison"]
    text = text_report(c, lambda header, rows, widths: "\n".join(" | ".join(map(str, r)) for r in rows), lang)
    assert words("text", lang, "compare")("related", n=len(c.related)) in text
    assert all(r.evidence[0] in text for r in c.related)
