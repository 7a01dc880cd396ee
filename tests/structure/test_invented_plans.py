"""Plans written in the style of other provinces, with their full expected schema
(everything but source path, evidence spans of metadata, and citations, which tests/citations covers)."""

import json
from pathlib import Path

import pytest

from ccompare.extract import extract_plan
from ccompare.schema import to_data

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_full_schema(path: Path) -> None:
    expected = json.loads((FIXTURES / f"{path.name}.expected.json").read_text("utf-8"))
    got = to_data(extract_plan(path))
    for key in ("source", "meta_spans", "citations"):
        got.pop(key)
    assert got == expected
