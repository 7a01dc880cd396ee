"""Columns on different topics (work.column_topics, align.TaskIndex.other_column) are never one
shared task, on invented texts with and without diacritics (fixtures/column_cases.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ccompare.compare.align import TaskIndex
from ccompare.compare.work import column_topics

CASES = json.loads((Path(__file__).parent / "fixtures" / "column_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["topics"], ids=[c["text"][:40] for c in CASES["topics"]])
def test_column_topics(case):
    assert column_topics(case["text"]) == frozenset(case["words"])


@pytest.mark.parametrize("case", CASES["other_column"], ids=[c["a"][:30] for c in CASES["other_column"]])
def test_other_column(case):
    index = TaskIndex([case["a"], case["b"]])
    pairs = np.array([[0, 1], [1, 0]])
    assert index.other_column(pairs).tolist() == [case["other"], case["other"]]
    assert index.not_shared(pairs).tolist() == [case["other"] or bool(index.different_work(pairs)[0])] * 2


def test_other_column_is_not_reported():
    """score_tasks marks such a pair as not shared whatever its score."""
    from ccompare.compare.align import load_calibration, score_tasks

    texts = [CASES["other_column"][0]["a"], CASES["other_column"][0]["b"]]
    _, sp = score_tasks(texts, [0, 1], load_calibration())
    assert sp.outranked.tolist() == [True]
