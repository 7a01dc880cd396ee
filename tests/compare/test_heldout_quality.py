"""Alignment quality on held-out labelled pairs: plans of other provinces, labelled blind.

Each fixtures/heldout/pairs_*.json labels the tasks of one invented plan (in fixtures/heldout/)
against the three 2024 communication plans of the corpus. They were written by people who had
not read the matcher, its thesaurus or its calibration, and the calibration was not refitted on
them, so their figure is the honest estimate for a province the tool has not seen. Run with
`-s` to see the figures; the floors in each fixture's `floors` guard against regressions.
"""

from __future__ import annotations

import json
from functools import reduce
from pathlib import Path

import pytest

from ccompare.compare.comparison import compare_plans
from ccompare.compare.quality import evaluate, load_fixture, resolve

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
FIXTURES = sorted(HELDOUT.glob("pairs_*.json"))
FLOORS = json.loads((HELDOUT / "floors.json").read_text("utf-8")) if (HELDOUT / "floors.json").is_file() else {}


@pytest.fixture(scope="module")
def plans_with_heldout(corpus_plans):
    from ccompare.extract import extract_plans

    documents = sorted(p for p in HELDOUT.iterdir() if p.suffix in {".txt", ".md"})
    result = extract_plans(documents)
    assert not result.errors, result.errors
    return [*corpus_plans, *result.plans]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_heldout_pairs(fixture, plans_with_heldout):
    data = load_fixture(fixture)
    labels = resolve(data, plans_with_heldout)
    assert labels.unresolved == ()
    new_key = reduce(set.intersection, ({data["tasks"][a][0], data["tasks"][b][0]} for a, b, *_ in data["pairs"]))
    assert len(new_key) == 1, f"{fixture.name}: every pair must involve the held-out plan"
    new_plan = labels.plan_ids[new_key.pop()]
    scope = {frozenset((new_plan, other)) for other in labels.plan_ids.values() if other != new_plan}
    comparison = compare_plans(plans_with_heldout)
    q = evaluate([(p.a.task, p.b.task, p.same_lead) for p in comparison.pairs], labels, plan_pairs=scope)
    print(f"\n{fixture.name}: {len(data['pairs'])} labelled pairs: {q.summary()}")
    floors = FLOORS.get(fixture.name)
    assert floors, f"{fixture.name}: no floors in {HELDOUT / 'floors.json'}"
    assert q.precision >= floors["precision"]
    assert q.recall >= floors["recall"]
    assert q.f1 >= floors["f1"]
    if q.same_lead_accuracy is not None:
        assert q.same_lead_accuracy >= floors["same_lead_accuracy"]
