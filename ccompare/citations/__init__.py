"""Citations: references to other documents, resolved to scope-aware identities, and their graph.

`cite(src, plan)` reads one plan's citations; `link_corpus(plans)` resolves references
between the documents of one run; `build_graph` / `write_graph` / `citation_summary` turn
the result into a citation graph and its exports. networkx and matplotlib are imported
only when a graph is built or drawn.
"""

from ccompare.citations.resolve import (
    FLAG_KINDS,
    cite,
    document_identity,
    link_corpus,
    make_target,
    number_key,
)

__all__ = [
    "FLAG_KINDS", "cite", "document_identity", "link_corpus", "make_target", "number_key",
    "build_graph", "write_graph", "citation_summary",
]


def __getattr__(name: str):
    if name in ("build_graph", "write_graph", "citation_summary"):
        from ccompare.citations import graph

        return getattr(graph, name)
    raise AttributeError(name)
