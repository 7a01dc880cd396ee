"""compare_plans on invented plans of other provinces, including a post-2025 plan."""

from __future__ import annotations

from ccompare.compare.comparison import compare_plans
from ccompare.compare.tables import matrix_view
from ccompare.read.fold import fold


def _has(text: str, snippet: str) -> bool:
    return fold(snippet) in fold(text)


def _find_pair(comparison, a: str, b: str):
    for p in comparison.pairs:
        if (_has(p.a.text, a) and _has(p.b.text, b)) or (_has(p.a.text, b) and _has(p.b.text, a)):
            return p
    return None


def test_expected_pairs_with_lead_verdicts(invented):
    c = compare_plans(invented["plan_objects"])
    for exp in invented["expect"]["pairs"]:
        p = _find_pair(c, exp["a"], exp["b"])
        assert p is not None, f"not aligned: {exp['a']!r} ~ {exp['b']!r}"
        assert 0.0 <= p.score <= 1.0
        assert p.evidence, "an aligned pair carries evidence"
        assert p.same_lead is exp["same_lead"], (exp, p.a.lead, p.b.lead)
        assert p.lead_change == exp["lead_change"]


def test_gaps_name_the_plans_lacking_a_counterpart(invented):
    c = compare_plans(invented["plan_objects"])
    for exp in invented["expect"]["gaps"]:
        gap = next((g for g in c.gaps if _has(g.text, exp["task"])), None)
        assert gap is not None, exp
        assert list(gap.missing_in) == exp["missing_in"]


def test_target_and_deadline_differences(invented):
    c = compare_plans(invented["plan_objects"])
    for exp in invented["expect"]["target_differences"]:
        assert any({fold(d.target_a), fold(d.target_b)} == {fold(exp["a"]), fold(exp["b"])}
                   for d in c.target_differences), exp
    for exp in invented["expect"]["deadline_differences"]:
        assert any({d.a.deadline, d.b.deadline} == {exp["a"], exp["b"]} for d in c.deadline_differences), exp


def test_lead_differences_are_the_pairs_whose_leads_differ(invented):
    c = compare_plans(invented["plan_objects"])
    assert c.lead_differences
    assert all(p.same_lead is False for p in c.lead_differences)
    assert {id(p) for p in c.lead_differences} <= {id(p) for p in c.pairs}


def test_as_of_groups_provinces_by_successor(invented):
    spec = invented["expect"]["groups_as_of"]
    c = compare_plans(invented["plan_objects"], as_of=spec["as_of"])
    groups = dict(c.groups)
    for info in c.plans:
        assert info.province_as_of == spec["groups"][info.province]
        assert info.id in groups[info.province_as_of]


def test_matrix_view_marks_missing_plans_and_lead_differences(invented):
    c = compare_plans(invented["plan_objects"])
    m = matrix_view(c)
    assert [col["plan"] for col in m["columns"]] == [p.id for p in c.plans]
    assert any(r["lead_differs"] for r in m["rows"])
    for row in m["rows"]:
        assert set(row["cells"]) | set(row["missing"]) == {p.id for p in c.plans}
        for cells in row["cells"].values():
            assert all("lead" in cell for cell in cells)


def test_threshold_one_keeps_no_pairs_and_every_task_is_a_gap(invented):
    c = compare_plans(invented["plan_objects"], threshold=1.0)
    assert c.pairs == ()
    assert len(c.gaps) == sum(len(p.tasks) for p in invented["plan_objects"])


def test_output_is_deterministic(invented):
    from ccompare.compare.tables import comparison_to_data

    a = comparison_to_data(compare_plans(invented["plan_objects"]))
    b = comparison_to_data(compare_plans(list(invented["plan_objects"])))
    assert a == b
