"""Task alignment for the peer checks, behind one small function.

`align()` uses `ccompare.compare.compare_plans` (the project's calibrated aligner) through its
DESIGN.md JSON form, so the benchmark depends only on the contract. When that module is not
available it falls back on a plain fuzzy match of folded task texts, and says so in the
scorecard (`alignment: "fallback"`), so a reader knows which figures to trust less.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ccompare.read.fold import fold
from ccompare.schema import Plan

FALLBACK_MIN_RATIO = 72  # rapidfuzz token_sort_ratio on folded texts, fallback only


@dataclass(frozen=True)
class Pair:
    plan_a: str
    task_a: str
    plan_b: str
    task_b: str
    score: float
    same_lead: bool | None
    lead_change: str | None


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[Pair, ...]
    method: str  # "compare", or "fallback (...)" with the reason

    def matches_of(self, plan: str, task: str) -> list[tuple[str, str, Pair]]:
        """(other plan, other task, pair) for every pair that involves this task."""
        out = []
        for p in self.pairs:
            if p.plan_a == plan and p.task_a == task:
                out.append((p.plan_b, p.task_b, p))
            elif p.plan_b == plan and p.task_b == task:
                out.append((p.plan_a, p.task_a, p))
        return out


def align(draft: Plan, peers: Sequence[Plan]) -> Alignment:
    try:
        from ccompare.compare import compare_plans, comparison_to_data

        data = comparison_to_data(compare_plans([draft, *peers]))
    except Exception as exc:  # noqa: BLE001 - any failure of the aligner: fall back, and say so
        return _fallback(draft, peers, f"fallback (compare unavailable: {type(exc).__name__})")
    pairs = tuple(
        Pair(p["a"]["plan"], p["a"]["task"], p["b"]["plan"], p["b"]["task"], float(p["score"]),
             p.get("same_lead"), p.get("lead_change"))
        for p in data.get("pairs", [])
    )
    return Alignment(pairs, "compare")


def _fallback(draft: Plan, peers: Sequence[Plan], method: str = "fallback") -> Alignment:
    from rapidfuzz import fuzz

    from ccompare import agencies

    plans = [draft, *peers]
    texts = {(p.id, t.id): fold(t.text) for p in plans for t in p.tasks}
    pairs = []
    for i, a in enumerate(plans):
        for b in plans[i + 1:]:
            as_of = max(filter(None, [a.date, b.date]), default=None)
            for ta in a.tasks:
                for tb in b.tasks:
                    ratio = fuzz.token_sort_ratio(texts[(a.id, ta.id)], texts[(b.id, tb.id)])
                    if ratio < FALLBACK_MIN_RATIO:
                        continue
                    same, change = agencies.same_lead(ta.lead, tb.lead, as_of, ta.text)
                    pairs.append(Pair(a.id, ta.id, b.id, tb.id, ratio / 100, same, change))
    return Alignment(tuple(pairs), method)
