"""Shared fixtures for the compare tests: extracted corpus plans (once), invented plans, schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.schema import Plan, Source, Task

HERE = Path(__file__).parent
ROOT = Path(__file__).parents[2]
FIXTURES = HERE / "fixtures"
SCHEMA_DIR = ROOT / "ccompare" / "data" / "schema"


@pytest.fixture(scope="session")
def corpus_plans() -> list[Plan]:
    from ccompare.extract import extract_plans

    corpus = ROOT / "corpus" / "raw"
    if not corpus.is_dir():
        pytest.skip(f"bundled corpus not found at {corpus}")
    result = extract_plans([corpus])
    return result.plans


def plan_from_data(d: dict) -> Plan:
    tasks = tuple(
        Task(id=f"{d['id']}#t{k}", number=t["number"], section=("IV",), text=t["text"], output=t.get("output"),
             lead=tuple(t["lead"]), partners=(), deadline=t.get("deadline"), area=t.get("area"),
             origin=t.get("origin", "table"), span=None)
        for k, t in enumerate(d["tasks"], start=1))
    return Plan(id=d["id"], source=Source(f"invented/{d['id']}.txt", "0" * 64), province=d["province"], kind="plan",
                draft=False, number=None, doc_type="KH", issuer="UBND", date=d.get("date"), title=d["title"],
                tasks=tasks, year=d.get("year"))


@pytest.fixture(scope="session")
def invented() -> dict:
    data = json.loads((FIXTURES / "invented_plans.json").read_text("utf-8"))
    data["plan_objects"] = [plan_from_data(p) for p in data["plans"]]
    return data


@pytest.fixture(scope="session")
def compare_schema() -> dict:
    path = SCHEMA_DIR / "compare.schema.json"
    if not path.is_file():
        pytest.skip(f"shared schema not found at {path.resolve()} (needs ../shared next to the project)")
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="session")
def make_plan():
    """plan_from_data, for tests that build their own invented plans."""
    return plan_from_data
