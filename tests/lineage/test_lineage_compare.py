"""Issue 8: a 2026 plan of a merged province against the 2024 plan of one of its old provinces.

Expected same_lead / lead_change per pair live in fixtures/expected_pairs.json."""

import json
from pathlib import Path

import pytest

from ccompare.benchmark import benchmark_draft, scorecard_to_data
from ccompare.compare import compare_plans, comparison_to_data
from ccompare.extract import extract_plans

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
FIXTURE = json.loads((HERE / "fixtures" / "expected_pairs.json").read_text("utf-8"))
LATER = HERE / "fixtures" / FIXTURE["later"]
EARLIER = ROOT / FIXTURE["earlier"]


@pytest.fixture(scope="module")
def comparison():
    plans = extract_plans([LATER, EARLIER]).plans
    return comparison_to_data(compare_plans(plans, as_of="2026-01-01"))


def _pair(comparison: dict, earlier: str, later: str) -> dict:
    hits = [p for p in comparison["pairs"]
            if (later in p["a"]["text"] and earlier in p["b"]["text"])
            or (later in p["b"]["text"] and earlier in p["a"]["text"])]
    assert len(hits) == 1, (earlier, later, len(hits))
    return hits[0]


@pytest.mark.parametrize("case", FIXTURE["pairs"], ids=[c["why"] for c in FIXTURE["pairs"]])
def test_same_lead_through_lineage(comparison: dict, case: dict) -> None:
    pair = _pair(comparison, case["earlier"], case["later"])
    assert pair["same_lead"] is case["same_lead"]
    assert pair["lead_change"] == case["lead_change"]


def test_as_of_groups_old_provinces_under_new(comparison: dict) -> None:
    groups = comparison["groups"]
    assert set(groups) == {"lam-dong"}
    assert {p["province"] for p in comparison["plan_details"]} == {"lam-dong", "binh-thuan"}  # own province kept


def test_benchmark_2026_draft_against_2024_peers() -> None:
    result = extract_plans([LATER, ROOT / "corpus" / "raw"])
    draft = next(p for p in result.plans if p.source.path.endswith(FIXTURE["later"]))
    peers = [p for p in result.plans if p is not draft]
    card = scorecard_to_data(benchmark_draft(draft, peers, lang="en"))
    tasks = {t.id: t for t in draft.tasks}
    differs = [f for f in card["findings"] if f["check"] == "lead-differs"]
    lineage_only = {"Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"}
    for finding in differs:  # no lead-differs for leads that differ only by the reorganisation
        assert not set(tasks[finding["task"]].lead) & lineage_only, finding["message"]
    stale = [f for f in card["findings"] if f["check"] == "unknown-agency"
             and any(name in f["message"] for name in FIXTURE["stale_agencies"])]
    assert stale, "a 2026 draft assigning work to district committees gets a lineage finding"
