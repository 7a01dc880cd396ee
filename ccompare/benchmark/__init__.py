"""Benchmark a draft plan against peer plans: findings with evidence and a five-part scorecard."""

from ccompare.benchmark.core import benchmark_draft
from ccompare.benchmark.model import Finding, PeerExample, Score, Scorecard, scorecard_to_data

__all__ = ["benchmark_draft", "Finding", "PeerExample", "Score", "Scorecard", "scorecard_to_data"]
