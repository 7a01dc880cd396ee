"""ccompare: compare Vietnamese provincial administrative-reform (CCHC) plans.

The public verbs (defined in `ccompare.api`; each takes paths, an ExtractResult or Plans):

    extract(paths)             -> ExtractResult(plans, errors, sources)
    citations(plans)           -> {plan id: (Citation, ...)}
    cite_text(text, province)  -> (Citation, ...) found in any string, with spans
    graph(plans)               -> networkx citation graph
    compare(plans, **options)  -> Comparison (pairs, gaps, differences)
    benchmark(draft, peers)    -> Scorecard
    report(plans, out_dir)     -> files of the offline HTML site
    export(plans, sqlite_path) -> the SQLite database

Some verbs share their name with the subpackage that implements the work (`ccompare.compare`,
`ccompare.report`, ...). Importing such a subpackage never replaces the verb here: use
`from ccompare.compare import ...` to reach the subpackage's own names.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from ccompare.api import benchmark, citations, cite_text, compare, export, extract, graph, report

__version__ = "0.1.0"

__all__ = ["extract", "citations", "cite_text", "graph", "compare", "benchmark", "report", "export",
           "extract_plan", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "extract_plan":  # one file -> one Plan, raising ReadError
        from ccompare.extract import extract_plan

        return extract_plan
    raise AttributeError(f"module 'ccompare' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(types.ModuleType):
    """Python binds an imported submodule as an attribute of its package; for the verbs' names that
    would replace the function by the module, so such a binding is ignored (the module stays in
    sys.modules, where `from ccompare.compare import x` finds it)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
