"""Issue 13's hostile inputs, each run as `ccompare` in a child limited to 4 GiB of address space:
it ends within the time budget with exit 0 or 1, no traceback, peak RSS under 1.5 GiB, one error
line per failed input (naming it), and earlier outputs intact. The cases live in cases.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("hostile_cases", Path(__file__).with_name("cases.py"))
cases = importlib.util.module_from_spec(_spec)
sys.modules["hostile_cases"] = cases
_spec.loader.exec_module(cases)

# the input file each failing case must name in its error line
NAMED = {
    "docx-gridspan": "span.docx", "docx-gridbefore": "before.docx", "docx-roman-1e12": "roman.docx",
    "docx-letters-1e18": "letters.docx", "docx-3M-paragraphs": "many.docx", "docx-zip-bomb": "bomb.docx",
    "pdf-100k-pages": "pages.pdf", "all-fail-extract": "empty.txt", "all-fail-citations": "empty.txt",
    "all-fail-graph": "empty.txt", "all-fail-export": "empty.txt", "all-fail-report": "empty.txt",
    "unwritable-extract": "afile", "unwritable-compare": "afile", "unwritable-benchmark": "afile",
    "unwritable-report": "afile", "stdout-epipe": "standard output",
    "input-fifo": "plan.txt", "input-fifo-docx": "plan.docx", "benchmark-fifo-draft": "draft.txt",
    "huge-txt": "huge.txt", "pdf-warnings": "broken.pdf",
}
# the words of the error line: the limit and how to raise it, where a limit is hit
WORDS = {
    "docx-gridspan": "CCOMPARE_MAX_COLUMNS", "docx-gridbefore": "CCOMPARE_MAX_COLUMNS",
    "docx-roman-1e12": "CCOMPARE_MAX_NUMBER", "docx-letters-1e18": "CCOMPARE_MAX_NUMBER",
    "docx-3M-paragraphs": "CCOMPARE_MAX_PARAGRAPHS", "docx-zip-bomb": "CCOMPARE_MAX_EXPANDED_BYTES",
    "pdf-100k-pages": "CCOMPARE_MAX_PAGES", "huge-txt": "limit 20 MiB", "input-fifo": "not a regular file",
    "cache-unopenable": "cachedir", "all-fail-extract": "out.json left unchanged",
    "all-fail-report": "site left unchanged", "benchmark-identical-peer": "identical to the draft",
}


@pytest.mark.parametrize("name,setup", [(n, s) for n, _, s in cases.CASES], ids=[n for n, _, _ in cases.CASES])
def test_hostile_case(name: str, setup, tmp_path: Path) -> None:
    run, result, problems = cases.run_case(setup, tmp_path)
    assert problems == [], f"{name}: {problems}\n{result.stderr[-2000:]}"
    errors = [ln for ln in result.error_lines if ln.startswith("error:")]
    others = [ln for ln in result.error_lines if not ln.startswith(("error:", "note:", "warning:", "Aborted"))]
    assert others == [], f"{name}: unexpected stderr lines {others}"
    if name in NAMED:
        assert result.exit == 1
        assert any(NAMED[name] in ln for ln in errors), f"{name}: no error line names {NAMED[name]}: {errors}"
        bad_inputs = 2 if name.startswith("all-fail") else 1
        assert len(errors) == bad_inputs + (name == "input-fifo-docx"), f"{name}: {errors}"
    if name in WORDS:
        assert WORDS[name] in result.stderr

