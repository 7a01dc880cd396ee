"""Precision and recall of citation extraction and resolution on hand-made fixtures.

The seed fixtures list the citations found by reading each bundled plan; the invented ones are
small plans of other provinces with OCR damage and unusual forms. `pytest -s` prints the table.
"""

from __future__ import annotations

import pytest

from .scoring import GROUPS, expected_of, flag_check, report, run_group, score

THRESHOLD = 0.98
CASES = [(group, name) for group in GROUPS for name in sorted(p.stem for p in GROUPS[group].glob("*.json"))]


@pytest.fixture(scope="module")
def runs():
    return {group: {name: (fx, src, plan) for name, fx, src, plan in run_group(group)} for group in GROUPS}


@pytest.mark.parametrize(("group", "name"), CASES)
def test_precision_and_recall(runs, group, name):
    fx, src, plan = runs[group][name]
    s = score(f"{group}/{name}", expected_of(fx, src.text), plan.citations)
    print(f"\n{report([(group, s)])}")
    detail = "\n".join([*s.missed, *s.spurious, *s.wrong_target])
    assert s.precision >= THRESHOLD, detail
    assert s.recall >= THRESHOLD, detail
    assert s.target_precision >= THRESHOLD, detail
    assert s.target_recall >= THRESHOLD, detail


@pytest.mark.parametrize(("group", "name"), CASES)
def test_flags(runs, group, name):
    fx, src, plan = runs[group][name]
    missing, extra = flag_check(fx, src.text, plan.flags)
    assert not missing, f"expected flags not raised: {missing}"
    assert not extra, f"unexpected citation flags: {extra}"


def test_summary_table(runs):
    rows = []
    for group in GROUPS:
        for name, (fx, src, plan) in sorted(runs[group].items()):
            rows.append((group, score(f"{group}/{name}", expected_of(fx, src.text), plan.citations)))
    table = report(rows)
    print("\n" + table)  # shown with pytest -s
    assert table.splitlines()[-1].startswith("ALL")
