"""Thesaurus concepts read in task texts (text.concepts_in), from fixtures/concept_cases.json."""

import json
from pathlib import Path

import pytest

from ccompare.compare.text import concepts_in
from ccompare.read.fold import fold

CASES = json.loads((Path(__file__).parent / "fixtures" / "concept_cases.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_concepts_named(case):
    assert list(concepts_in(fold(case["text"]))) == case["concepts"]
