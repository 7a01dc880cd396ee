"""Shared fixtures of the benchmark tests: the bundled corpus read once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = Path(__file__).parent / "drafts"


@pytest.fixture(scope="session")
def corpus():
    """ExtractResult of the bundled corpus (the peers of every test draft)."""
    from ccompare.extract import extract_plans

    corpus_dir = ROOT / "corpus" / "raw"
    if not corpus_dir.is_dir():
        pytest.skip("bundled corpus (corpus/raw) not found")
    result = extract_plans([corpus_dir])
    assert result.plans, "no plan could be read from the bundled corpus"
    return result
