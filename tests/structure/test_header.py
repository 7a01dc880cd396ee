"""Header metadata in the shapes other provinces use (symbol with year, numeric date, draft blanks, no diacritics)."""

import hashlib
import json
from pathlib import Path

import pytest

from ccompare.read.source import SourceText
from ccompare.structure.header import read_header

CASES = json.loads((Path(__file__).parent / "header_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["expect"]["province"] for c in CASES])
def test_header(case: dict) -> None:
    text = case["text"]
    header = read_header(SourceText("case.txt", hashlib.sha256(text.encode()).hexdigest(), text))
    for field, expected in case["expect"].items():
        assert getattr(header, field) == expected, field
