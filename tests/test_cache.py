"""Incremental cache: a rerun reads only changed files and gives the same plans; parallel = serial."""

import shutil
from pathlib import Path

import pytest

from ccompare.cache import PlanCache
from ccompare.extract import extract_plans
from ccompare.schema import plan_from_data, to_data, to_json

ROOT = Path(__file__).resolve().parents[1]


def test_rerun_uses_cache_and_notices_changes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus" / "raw", corpus)
    cache = PlanCache(tmp_path / "cache.sqlite")
    first = extract_plans([corpus], cache=cache)
    assert (cache.hits, cache.misses) == (0, 5)
    second = extract_plans([corpus], cache=cache)
    assert (cache.hits, cache.misses) == (5, 5)
    assert to_json(first.plans) == to_json(second.plans)
    changed = next(corpus.rglob("001_*.txt"))
    changed.write_text(changed.read_text("utf-8").replace("Sở Tư pháp", "Sở Tư pháp tỉnh"), "utf-8")
    extract_plans([corpus], cache=cache)
    assert (cache.hits, cache.misses) == (9, 6)
    cache.close()


@pytest.mark.parametrize("jobs", [1, 2])
def test_plans_read_in_part_never_enter_the_cache(tmp_path: Path, jobs: int) -> None:
    """extract_plans(whole=False) (what `compare` reads) leaves targets and citations out: the cache
    keeps whole plans only, so a later `extract` never gets a plan without them."""
    cache = PlanCache(tmp_path / "cache.sqlite")
    part = extract_plans([ROOT / "corpus" / "raw"], cache=cache, jobs=jobs, whole=False)
    assert all(not p.citations and not p.targets for p in part.plans)
    whole = extract_plans([ROOT / "corpus" / "raw"], cache=cache, jobs=jobs)
    assert (cache.hits, cache.misses) == (0, 10)  # nothing of the first run was kept
    assert to_json(whole.plans) == to_json(extract_plans([ROOT / "corpus" / "raw"]).plans)
    again = extract_plans([ROOT / "corpus" / "raw"], cache=cache, jobs=jobs, whole=False)
    assert cache.hits == 5  # hits are whole plans, used as they are (not linked across the run)
    assert [p.tasks for p in again.plans] == [p.tasks for p in whole.plans] and any(p.targets for p in again.plans)
    cache.close()


def test_parallel_equals_serial() -> None:
    serial = extract_plans([ROOT / "corpus" / "raw"])
    parallel = extract_plans([ROOT / "corpus" / "raw"], jobs=2)
    assert to_json(serial.plans) == to_json(parallel.plans)


def test_plan_json_roundtrip() -> None:
    for plan in extract_plans([ROOT / "corpus" / "raw"]).plans:
        assert plan_from_data(to_data(plan)) == plan


@pytest.mark.parametrize("jobs", [1, 2])
def test_meanwhile_runs_once_whatever_the_parallelism(jobs: int) -> None:
    calls: list[str] = []
    result = extract_plans([ROOT / "corpus" / "raw"], jobs=jobs, meanwhile=lambda: calls.append("ran"))
    assert calls == ["ran"]
    assert to_json(result.plans) == to_json(extract_plans([ROOT / "corpus" / "raw"]).plans)


@pytest.mark.parametrize("jobs", [1, 2])
def test_meanwhile_failure_reaches_the_caller(jobs: int) -> None:
    def fails() -> None:
        raise LookupError("model missing")

    with pytest.raises(LookupError, match="model missing"):
        extract_plans([ROOT / "corpus" / "raw"], jobs=jobs, meanwhile=fails)
