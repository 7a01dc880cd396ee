"""The public verbs, for notebooks and scripts; the CLI commands are thin wrappers over the same calls.

Every verb takes what a researcher has at hand: paths (files or folders), an `ExtractResult`,
or a list of Plans. Heavy libraries are imported inside each verb, so `import ccompare` stays cheap.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from ccompare.benchmark.model import Scorecard
    from ccompare.compare.comparison import Comparison
    from ccompare.extract import ExtractResult
    from ccompare.schema import Citation, Plan

PathLike = Union[str, "os.PathLike[str]"]
Plans = Union["ExtractResult", Sequence["Plan"], PathLike, Iterable[PathLike], None]


def extract(paths: PathLike | Iterable[PathLike] = (), *, jobs: int = 1, cache: Any = None,
            progress: Any = None) -> ExtractResult:
    """Read plans (files or folders; default: the bundled corpus) into the common schema.

    Inputs that cannot be read are collected in `.errors`, never raised.

    >>> result = ccompare.extract(["corpus/raw/khanh-hoa"])
    >>> plan = result.plans[0]; plan.id, len(plan.tasks), plan.tasks[0].lead
    """
    from ccompare.extract import extract_plans

    return extract_plans(_path_list(paths), jobs=jobs, cache=cache, progress=progress)


def citations(plans: Plans = ()) -> dict[str, tuple[Citation, ...]]:
    """The resolved citations of each plan, by plan id (cross-references within the run resolved).

    >>> ccompare.citations("corpus/raw")["khanh-hoa/2024/kh-3409"][0].target
    """
    return {p.id: p.citations for p in as_extract_result(plans).plans}


def cite_text(text: str, province: str | None = None) -> tuple[Citation, ...]:
    """Citations found in any string, resolved to scope-aware identities, with [start, end) spans.

    `province` (an ASCII slug such as "khanh-hoa") scopes provincial documents when the text does
    not name its province itself. The text is NFC-normalised first; spans point into that form.

    >>> [c.target for c in ccompare.cite_text("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ")]
    ['vn/NQ/CP/76/2021']
    """
    from ccompare.citations import cite
    from ccompare.read.source import SourceText
    from ccompare.structure.plan import build_plan

    nfc = unicodedata.normalize("NFC", text)
    src = SourceText("<text>", hashlib.sha256(nfc.encode("utf-8")).hexdigest(), nfc)
    plan = build_plan(src)
    if province:
        plan = replace(plan, province=province)
    found, _flags = cite(src, plan)
    return tuple(found)


def graph(plans: Plans = ()) -> Any:
    """The citation graph (a networkx MultiDiGraph: plans and cited documents as nodes).

    >>> g = ccompare.graph("corpus/raw"); g.number_of_nodes()
    """
    from ccompare.citations import build_graph

    result = as_extract_result(plans)
    return build_graph(result.plans, result.sources)


def compare(plans: Plans = (), **options: Any) -> Comparison:
    """Align tasks across plans: shared-task pairs with evidence, gaps and lead differences.

    `options` go to `ccompare.compare.compare_plans` (for example `as_of="2026-01-01"`, `threshold=0.6`).

    >>> comparison = ccompare.compare("corpus/raw"); comparison.pairs[0].score
    """
    from ccompare.compare import compare_plans

    return compare_plans(as_extract_result(plans).plans, **options)


def benchmark(draft: PathLike | Plan, peers: Plans = (), *, lang: str = "vi", **options: Any) -> Scorecard:
    """Scorecard of a draft plan against peer plans (default peers: the bundled corpus).

    >>> card = ccompare.benchmark("my-draft.docx", ["corpus/raw"]); card.scores
    """
    from ccompare.benchmark import benchmark_draft
    from ccompare.extract import extract_source

    if isinstance(draft, (str, os.PathLike)):
        source, draft_plan = extract_source(draft)
        options.setdefault("source", source)
    else:
        draft_plan = draft
    peer_result = as_extract_result(peers)
    return benchmark_draft(draft_plan, peer_result.plans, lang=lang, peer_sources=peer_result.sources, **options)


def report(plans: Plans, out_dir: PathLike, *, lang: str = "vi", with_compare: bool = True) -> list[Path]:
    """Write the offline HTML report (index, plan pages with evidence, graph, matrix) to `out_dir`.

    >>> ccompare.report("corpus/raw", "site/")  # then open site/index.html
    """
    from ccompare.citations import build_graph
    from ccompare.report import write_report

    result = as_extract_result(plans)
    comparison = compare(result) if with_compare and len(result.plans) > 1 else None
    return write_report(result.plans, out_dir, sources=result.sources, comparison=comparison,
                        graph=build_graph(result.plans, result.sources), lang=lang, errors=result.errors)


def export(plans: Plans, sqlite_path: PathLike, *, with_compare: bool = True) -> Path:
    """Write plans, tasks, citations (and the comparison) as SQLite tables at `sqlite_path`.

    >>> ccompare.export("corpus/raw", "plans.sqlite")
    """
    from ccompare.export import export_sqlite

    result = as_extract_result(plans)
    comparison = compare(result) if with_compare and len(result.plans) > 1 else None
    return export_sqlite(result.plans, sqlite_path, comparison, sources=result.sources)


def select_plans(plans: Plans, *, provinces: Iterable[str] | None = None,
                 years: Iterable[int] | None = None) -> ExtractResult:
    """The plans of some provinces and/or years (a post-2025 province also selects the provinces merged
    into it); sources follow their plans, errors are kept.

    >>> ccompare.api.select_plans("corpus/raw", provinces=["khanh-hoa"], years=[2024]).plans
    """
    from ccompare.extract import ExtractResult
    from ccompare.rows import plan_year, province_now

    result = as_extract_result(plans)
    wanted_provinces, wanted_years = set(provinces or ()), set(years or ())
    kept = [p for p in result.plans
            if (not wanted_provinces or {p.province, province_now(p.province)} & wanted_provinces)
            and (not wanted_years or plan_year(p) in wanted_years)]
    sources = {p.id: result.sources[p.id] for p in kept if p.id in result.sources}
    return ExtractResult(kept, list(result.errors), sources, result.duplicates)


def _path_list(paths: PathLike | Iterable[PathLike] | None) -> list[PathLike]:
    if paths is None:
        return []
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def as_extract_result(plans: Plans) -> ExtractResult:
    """Whatever the caller has, as an ExtractResult (paths are read; Plans are re-read for their text)."""
    from ccompare.extract import ExtractResult, read_any
    from ccompare.schema import Plan

    if isinstance(plans, ExtractResult):
        return plans
    items = _path_list(plans)
    if items and all(isinstance(p, Plan) for p in items):
        sources = {}
        for p in items:
            try:
                src = read_any(p.source.path)
            except Exception:  # noqa: BLE001 - the text is optional evidence; the plan itself is given
                continue
            if src.sha256 == p.source.sha256:
                sources[p.id] = src
        return ExtractResult(list(items), [], sources)
    return extract(items)
