"""Citation and header forms of real provincial documents (fixtures/real_forms.json), one short text per trap.

A case with a `plan` runs cite() with those facts; a case without one is read as a whole document
(header, then citations), so what the header takes as the document's own number is tested too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.citations import FLAG_KINDS, cite
from ccompare.read.source import SourceText
from ccompare.schema import Plan, Source
from ccompare.structure import build_plan

FIXTURE = Path(__file__).parent / "fixtures" / "real_forms.json"
FIELDS = ("number", "doc_type", "issuer", "year", "date", "scope", "target", "via")
HEADER_FIELDS = ("number", "doc_type", "issuer", "date", "province", "year")
HEADER_FLAGS = frozenset({"header-date-invalid"})


def run_case(case: dict) -> tuple[list[dict], list[str], dict | None]:
    """(citations as dicts of FIELDS, sorted citation/header flag kinds, header fields or None)."""
    src = SourceText("form.txt", "0" * 64, case["text"])
    meta = case.get("plan")
    if meta is None:
        plan = build_plan(src)
        header = {k: getattr(plan, k) for k in HEADER_FIELDS}
    else:
        plan = Plan(id="t/1/kh-1", source=Source(src.path, src.sha256), province=meta["province"],
                    kind=meta["kind"], draft=False, number=meta.get("number"), doc_type=meta.get("doc_type"),
                    issuer=meta.get("issuer"), date=meta.get("date"), title=None,
                    year=int(meta["date"][:4]) if meta.get("date") else None)
        header = None
    citations, flags = cite(src, plan)
    for c in citations:  # evidence: the span is the raw text
        assert " ".join(src.text[c.span[0]:c.span[1]].split()) == c.raw
    kinds = sorted(f.kind for f in (*plan.flags, *flags) if f.kind in FLAG_KINDS | HEADER_FLAGS)
    return [{k: getattr(c, k) for k in FIELDS} for c in citations], kinds, header


CASES = json.loads(FIXTURE.read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_real_form(case: dict) -> None:
    got, flags, header = run_case(case)
    assert got == case["expect"]
    assert flags == case["flags"]
    if "header" in case:
        assert header == case["header"]
    for c in got:  # identities never hold null but as the year
        assert "null" not in c["target"].split("/")[:4], c["target"]


def test_every_trap_has_a_case() -> None:
    """Each excerpt named in tests/real/README.md's trap list is covered by some case."""
    readme = (Path(__file__).parents[1] / "real" / "README.md").read_text("utf-8")
    traps = {line[2:5] for line in readme.splitlines() if line.startswith("- R") and line[2:5].startswith("R")}
    covered = {t.strip()[:3] for c in CASES for t in c["trap"].replace(",", " ").split() if t.startswith("R")}
    assert traps - covered == set()
