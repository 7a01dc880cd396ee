"""A plan concatenated with itself yields each task once per occurrence (issue 13, item 2).

Numbering restarts in every copy, so readers that look sections up by path (not by position)
pull every copy's items into each copy: tasks multiply and the cost grows with the square of
the text. Timing is measured by benchmarks/extract_scaling_bench.py, never asserted here."""

import hashlib
import json
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccompare.read.source import SourceText
from ccompare.schema import Plan, Task
from ccompare.structure import build_plan

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted(
    [*(ROOT / "corpus" / "raw").rglob("*.txt"), *(Path(__file__).parent / "fixtures").glob("*.txt"),
     *(Path(__file__).parent / "prose_fixtures").glob("*.txt")],
    key=lambda p: p.stat().st_size)[:8]  # the smaller ones: three copies each stay quick
_REAL = ROOT / "tests" / "real"
PLANS += [_REAL / d["file"] for d in json.loads((_REAL / "labels.json").read_text("utf-8"))["docs"]
          if d.get("tasks")]  # news pages and decisions: duties in unsectioned prose


def _source(text: str) -> SourceText:
    return SourceText("<repeated>", hashlib.sha256(text.encode("utf-8")).hexdigest(), text)


@cache
def _single(path: Path) -> Plan:
    return build_plan(_source(path.read_text("utf-8")))


def test_the_plans_have_tasks() -> None:
    assert PLANS and all(_single(p).tasks for p in PLANS[:3])


def _number(task: Task) -> str | None:
    """A section's numbering restarts in each copy; duties outside sections count on through the text."""
    return task.number if task.section else None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLANS), st.integers(min_value=1, max_value=3), st.sampled_from(["\n", "\n\n", "\n\n\n"]))
def test_each_copy_gives_its_tasks_once(path: Path, copies: int, sep: str) -> None:
    text = path.read_text("utf-8")
    single = _single(path)
    plan = build_plan(_source(sep.join([text] * copies)))
    assert len(plan.tasks) == copies * len(single.tasks)
    assert len({t.span for t in plan.tasks}) == len(plan.tasks)
    expected = [(_number(t), t.lead, t.partners, t.span[0]) for t in single.tasks]
    for k in range(copies):  # each copy: the same tasks, at the same offsets in the copy
        offset = k * (len(text) + len(sep))
        got = [(_number(t), t.lead, t.partners, t.span[0] - offset) for t in plan.tasks
               if offset <= t.span[0] < offset + len(text)]
        assert got == expected, (path.name, k)
