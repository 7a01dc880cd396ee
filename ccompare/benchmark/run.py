"""The whole benchmark run from file paths: read the draft, read the peers, score."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from ccompare.benchmark.core import benchmark_draft
from ccompare.benchmark.model import Scorecard
from ccompare.read.errors import ReadError


@dataclass(frozen=True)
class BenchmarkRun:
    scorecard: Scorecard
    errors: tuple[ReadError, ...]  # peers that could not be read (the others were used)
    identical: tuple[str, ...] = ()  # peers left out because their bytes are the draft's


def benchmark_file(
    draft: str | os.PathLike[str],
    against: Sequence[str | os.PathLike[str]] = (),
    *,
    lang: str = "vi",
) -> BenchmarkRun:
    """Benchmark the draft at `draft` against the plans at `against` (default: bundled corpus).

    Raises ReadError when the draft itself cannot be read; unreadable peers are returned in
    `errors`. The draft is excluded from its peers by content (sha256), wherever it lies.
    """
    from ccompare.extract import extract_plans, extract_source

    src, plan = extract_source(draft)
    result = extract_plans(list(against))
    peers = [p for p in result.plans if p.source.sha256 != src.sha256]
    identical = tuple(p.source.path for p in result.plans if p.source.sha256 == src.sha256)
    scorecard = benchmark_draft(plan, peers, lang=lang, source=src, peer_sources=result.sources)
    return BenchmarkRun(scorecard, tuple(result.errors), identical)
