"""The notebook API: top-level verbs that survive importing their subpackages, with real signatures."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

import ccompare

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "raw"
VERBS = ["extract", "citations", "cite_text", "graph", "compare", "benchmark", "report", "export"]


@pytest.mark.parametrize("verb", VERBS)
def test_verb_is_a_documented_function(verb: str) -> None:
    fn = getattr(ccompare, verb)
    assert inspect.isfunction(fn), f"ccompare.{verb} is {fn!r}"
    assert fn.__doc__ and ">>>" in fn.__doc__, f"ccompare.{verb} has no docstring with an example"
    params = list(inspect.signature(fn).parameters.values())
    assert params[0].kind is not inspect.Parameter.VAR_POSITIONAL
    assert verb in dir(ccompare) and verb in ccompare.__all__


def test_importing_subpackages_keeps_the_verbs() -> None:
    for name in ("compare", "report", "benchmark", "citations", "export", "extract"):
        importlib.import_module(f"ccompare.{name}")
    from ccompare.compare import compare_plans  # the subpackage is still reachable

    assert callable(compare_plans)
    for verb in VERBS:
        assert inspect.isfunction(getattr(ccompare, verb))


def test_verbs_called_twice_on_plans(tmp_path: Path) -> None:
    folder = CORPUS / "khanh-hoa"
    first = ccompare.extract(folder)
    second = ccompare.extract([folder])
    assert [p.id for p in first.plans] == [p.id for p in second.plans] and first.plans
    for _ in range(2):
        cited = ccompare.citations(first)
        assert set(cited) == {p.id for p in first.plans}
        assert ccompare.graph(first).number_of_nodes() > len(first.plans)
        assert ccompare.compare(first).pairs
    written = ccompare.report(first, tmp_path / "site")
    assert (tmp_path / "site" / "index.html") in written
    db = ccompare.export(first.plans, tmp_path / "plans.sqlite", with_compare=False)
    assert db.stat().st_size > 0
    card = ccompare.benchmark(first.plans[0], first.plans[1:])
    assert card.draft == first.plans[0].id
    assert {s.dimension for s in card.scores} == {"structure", "assignments", "citations", "coverage", "targets"}


def test_cite_text_resolves_a_string() -> None:
    text = "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể"
    found = ccompare.cite_text(text)
    assert [c.target for c in found] == ["vn/NQ/CP/76/2021"]
    start, end = found[0].span
    assert text[start:end].startswith("Nghị quyết số 76/NQ-CP")


def test_cite_text_scopes_provincial_documents() -> None:
    found = ccompare.cite_text("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh", province="ha-tinh")
    assert [c.target for c in found] == ["ha-tinh/KH/UBND/12/2024"]
