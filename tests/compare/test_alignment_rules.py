"""Alignment rules on invented data: the sibling rule, the word view, genre words, activities."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ccompare.compare.align import TaskIndex, outranked_by_sibling, sibling_ids
from ccompare.compare.comparison import compare_plans
from ccompare.compare.text import task_text
from ccompare.read.fold import fold

CASES = json.loads((Path(__file__).parent / "fixtures" / "alignment_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["outranked"])
def test_a_sibling_outranks_only_within_its_plan_row(case):
    got = outranked_by_sibling(np.array(case["pairs"]), np.array(case["scores"]), case["siblings"], case["margin"])
    assert got.tolist() == case["outranked"]


def test_sibling_ids_group_tasks_of_one_plan_by_text():
    groups = [0, 0, 0, 1, 1]
    texts = ["Duy trì chuyên mục", "Duy trì  chuyên mục", "Khác", "Duy trì chuyên mục", "Khác"]
    assert sibling_ids(groups, texts) == [0, 0, 2, 3, 4]


@pytest.mark.parametrize("case", CASES["word_view"])
def test_word_view_keeps_diacritics_and_expands_abbreviations(case):
    a, b = set(task_text(case["a"]).words()), set(task_text(case["b"]).words())
    for term in case["shared"]:
        assert term in a and term in b, (term, a, b)
    for term in case["not_shared"]:
        assert not (term in a and term in b), (term, a, b)


@pytest.mark.parametrize("case", CASES["genre_words"])
def test_genre_words_are_matched_but_never_evidence(case):
    t = task_text(case["text"])
    assert case["matched"] in t.match_normal
    assert case["matched"] not in t.normal
    assert case["evidence_key"] in t.normal


@pytest.mark.parametrize("case", CASES["activity_mismatch"])
def test_activity_mismatch(case):
    index = TaskIndex([case["a"], case["b"]])
    assert index.activity_mismatch(np.array([[0, 1]])).tolist() == [case["mismatch"]]


def _carries(ref, plans, snippet: str) -> bool:
    task = next(t for p in plans if p.id == ref.plan for t in p.tasks if t.id == ref.task)
    return fold(snippet) in fold(f"{task.text} {task.output or ''}")


def test_only_the_matching_product_of_a_table_row_is_aligned(make_plan):
    plans = [make_plan(p) for p in CASES["sibling_plans"]]
    c = compare_plans(plans)

    def aligned(x: str, y: str) -> bool:
        return any((_carries(p.a, plans, x) and _carries(p.b, plans, y))
                   or (_carries(p.a, plans, y) and _carries(p.b, plans, x)) for p in c.pairs)

    for x, y in CASES["expect_aligned"]:
        assert aligned(x, y), (x, y, [(p.a.task, p.b.task, p.score) for p in c.pairs])
    for x, y in CASES["expect_not_aligned"]:
        assert not aligned(x, y), (x, y)
