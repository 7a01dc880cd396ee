"""Reading and comparing on a Dask cluster gives what the local run gives."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "corpus" / "raw"


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
            Client(lc) as client:
        yield lc, client


def _copies(plans, n):
    out = []
    for k in range(n):
        for p in plans:
            pid = f"{p.id}-copy{k}"
            out.append(replace(p, id=pid, tasks=tuple(replace(t, id=t.id.replace(p.id, pid, 1)) for t in p.tasks)))
    return out


def test_extraction_on_the_cluster_matches_the_local_run(cluster):
    from ccompare.compare.parallel import DaskMapper
    from ccompare.extract import extract_plans
    from ccompare.schema import to_data

    _, client = cluster
    local = extract_plans([CORPUS])
    remote = extract_plans([CORPUS], map_files=DaskMapper(client).map_files)
    assert [to_data(p) for p in remote.plans] == [to_data(p) for p in local.plans]
    assert remote.errors == local.errors


def test_comparison_on_the_cluster_matches_the_local_run(cluster):
    from ccompare.compare.comparison import compare_plans
    from ccompare.compare.parallel import DaskMapper
    from ccompare.compare.tables import comparison_to_data
    from ccompare.extract import extract_plans

    _, client = cluster
    plans = _copies(extract_plans([CORPUS]).plans, 2)
    stages: list[str] = []
    local = comparison_to_data(compare_plans(plans, candidates="topk"))
    remote = comparison_to_data(compare_plans(plans, candidates="topk", mapper=DaskMapper(client),
                                              progress=lambda s, d, t: stages.append(s)))
    assert remote == local
    assert local["pairs"] and {"indexing", "candidates", "scoring", "support", "pairs", "gaps"} <= set(stages)


def test_the_cli_runs_on_a_scheduler(cluster, tmp_path):
    from click.testing import CliRunner

    from ccompare.cli import main

    lc, _ = cluster
    runner = CliRunner()
    here = runner.invoke(main, ["compare", str(CORPUS), "--format", "json", "--out", str(tmp_path / "a.json"),
                                "--no-areas", "-q"])
    there = runner.invoke(main, ["compare", str(CORPUS), "--format", "json", "--out", str(tmp_path / "b.json"),
                                 "--no-areas", "-q", "--scheduler", lc.scheduler_address])
    assert here.exit_code == 0 and there.exit_code == 0, there.output
    a, b = (json.loads((tmp_path / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    assert a == b and a["pairs"]
