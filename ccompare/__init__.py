"""ccompare: compare Vietnamese provincial administrative-reform (CCHC) plans.

The public verbs, importable from the package root (loaded lazily so that importing
ccompare stays cheap):

    extract(paths)        -> ExtractResult(plans, errors, sources)
    extract_plan(path)    -> Plan
    cite(src, plan)       -> (citations, flags)
    compare(plans)        -> Comparison
    benchmark(draft, peers) -> Scorecard
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_VERBS = {
    "extract": ("ccompare.extract", "extract_plans"),
    "extract_plan": ("ccompare.extract", "extract_plan"),
    "cite": ("ccompare.citations", "cite"),
    "compare": ("ccompare.compare", "compare_plans"),
    "benchmark": ("ccompare.benchmark", "benchmark_draft"),
    "report": ("ccompare.report", "write_report"),
}

__all__ = [*_VERBS, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        module, attr = _VERBS[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'ccompare' has no attribute {name!r}")
