"""Appendix tables -> tasks, on the seeds (counted by hand) and on invented plans of other provinces.

Expected values live in fixtures/: seeds/<nnn>.json for the bundled seeds, <plan>.json next to
each invented <plan>.txt, word_rows.json for rows as a .docx reader gives them, cell_cases.json
for header and deadline judgements.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccompare.read.html import strip_html
from ccompare.read.source import SourceText, read_source
from ccompare.schema import to_data
from ccompare.structure.table_tasks import deadline_like, header_role, header_roles
from ccompare.structure.tables import (
    Cell,
    RawRow,
    appendix_labels,
    covered_lines,
    extract_tables,
    find_table_rows,
    rows_to_tasks,
)

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "corpus" / "raw"
SCHEMA_DIR = ROOT / "ccompare" / "data" / "schema"

SEED_CASES = sorted((FIXTURES / "seeds").glob("*.json"))
PLAN_CASES = sorted(p for p in FIXTURES.glob("*.json") if "plan" in json.loads(p.read_text("utf-8")))


def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


# ---------------------------------------------------------------- agency parsers


def fake_parse_assignment(text: str, province: str | None = None) -> SimpleNamespace:
    """Tiny stand-in for ccompare.agencies.parse_assignment: 'X chủ trì, phối hợp Y; Z'."""
    aliases = _load(FIXTURES / "fake_aliases.json")["aliases"]
    t = strip_html(text).replace("**", "")
    m = re.search(r"phối hợp(?: với)?:?", t, flags=re.I)
    lead_part, partner_part = (t[: m.start()], t[m.end():]) if m else (t, "")
    lead_part = re.sub(r"chủ trì,?", "", lead_part, flags=re.I)

    def names(part: str) -> tuple[str, ...]:
        out = []
        for piece in re.split(r";|(?:^|\s)-\s", part):
            name = piece.strip(" ,.;-")
            if name:
                out.append(aliases.get(name.lower(), name))
        return tuple(out)

    return SimpleNamespace(lead=names(lead_part), partners=names(partner_part), unknown=())


def real_parse_assignment():
    try:
        from ccompare.agencies import parse_assignment
    except ImportError:
        return None
    return parse_assignment


def _read(case: dict, base: Path) -> SourceText:
    return read_source(base / case.get("file", case.get("plan")))


def _lines(src: SourceText, span) -> list[int]:
    return [src.line_at(span[0]), src.line_at(max(span[0], span[1] - 1))]


def _flag_counts(result) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in result.flags:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts


def _check_flags(result, expected: dict[str, int]) -> None:
    counts = _flag_counts(result)
    for kind, n in expected.items():
        assert counts.get(kind, 0) == n, (kind, counts)


# ---------------------------------------------------------------- seeds


@pytest.mark.parametrize("case_path", SEED_CASES, ids=lambda p: p.stem)
def test_seed_tables(case_path: Path) -> None:
    case = _load(case_path)
    src_path = CORPUS / case["file"]
    if not src_path.exists():
        pytest.skip(f"bundled seed {src_path} not found")
    src = read_source(src_path)
    real = real_parse_assignment()
    tables = find_table_rows(src)
    result = rows_to_tasks(tables, province=case["province"], labels=appendix_labels(src, tables),
                           assign=real or fake_parse_assignment)

    assert len(result.tasks) == case["count"]
    assert [t.number for t in result.tasks] == case["numbers"]
    assert [_lines(src, r) for r in result.regions] == case["region_lines"]
    _check_flags(result, case["flags"])

    by_group: dict[str, int] = {}
    for t in result.tasks:
        if len(t.section) > 1:
            by_group[t.section[1]] = by_group.get(t.section[1], 0) + 1
    assert by_group == case["group_counts"]
    for numeral, area in case.get("group_areas", {}).items():
        assert {t.area for t in result.tasks if t.section[1:2] == (numeral,)} == {area}
    if not case.get("group_areas"):
        assert all(t.area is None for t in result.tasks)

    for row in case["rows"]:
        task = result.tasks[row["index"]]
        _check_row(src, task, row, with_agencies=real is not None)


def _check_row(src: SourceText, task, row: dict, *, with_agencies: bool) -> None:
    assert task.number == row["number"]
    assert task.origin == "table" and task.id == ""
    if "section" in row:
        assert list(task.section) == row["section"]
    if "lines" in row:
        assert _lines(src, task.span) == row["lines"]
    for key, attr in (("text", "text"), ("output", "output"), ("deadline", "deadline")):
        if key in row:
            assert getattr(task, attr) == row[key]
    for key, attr in (("text_start", "text"), ("deadline_start", "deadline"),
                      ("lead_raw_start", "lead_raw")):
        if key in row:
            assert (getattr(task, attr) or "").startswith(row[key]), getattr(task, attr)
    for key, attr in (("text_end", "text"), ("lead_raw_end", "lead_raw")):
        if key in row:
            assert (getattr(task, attr) or "").endswith(row[key]), getattr(task, attr)
    if with_agencies:
        if "lead" in row:
            assert list(task.lead) == row["lead"]
        if "partners" in row:
            assert list(task.partners) == row["partners"]


# ---------------------------------------------------------------- invented plans


@pytest.mark.parametrize("case_path", PLAN_CASES, ids=lambda p: p.stem)
def test_invented_plan(case_path: Path) -> None:
    case = _load(case_path)
    src = _read(case, FIXTURES)
    tables = find_table_rows(src)
    result = rows_to_tasks(tables, province=case["province"], labels=appendix_labels(src, tables),
                           assign=fake_parse_assignment)
    assert [_lines(src, r) for r in result.regions] == case["region_lines"]
    assert set(_flag_counts(result)) == set(case["flags"])
    _check_flags(result, case["flags"])
    assert [{"path": list(g.path), "heading": g.heading} for g in result.groups] == case["groups"]
    got = [
        {"number": t.number, "section": list(t.section), "area": t.area, "lines": _lines(src, t.span),
         "text": t.text, "output": t.output, "deadline": t.deadline, "lead": list(t.lead),
         "partners": list(t.partners)}
        for t in result.tasks
    ]
    assert got == case["tasks"]


@pytest.mark.parametrize("case_path", PLAN_CASES, ids=lambda p: p.stem)
def test_invented_plan_with_real_agencies(case_path: Path) -> None:
    """The same rows and numbers come out with the project's own agency parser."""
    real = real_parse_assignment()
    if real is None:
        pytest.skip("ccompare.agencies not available")
    case = _load(case_path)
    result = extract_tables(_read(case, FIXTURES), province=case["province"])
    assert [t.number for t in result.tasks] == [t["number"] for t in case["tasks"]]
    assert all(t.lead for t in result.tasks)


def test_word_rows_direct() -> None:
    """Rows from a real Word table (no text source) go straight to rows_to_tasks."""
    case = _load(FIXTURES / "word_rows.json")
    rows = []
    for k, r in enumerate(case["rows"]):
        base = k * 1000
        cells = tuple(Cell(text, (base + 100 * j, base + 100 * j + len(text)))
                      for j, text in enumerate(r["cells"]))
        rows.append(RawRow(cells, (base, base + 900), r["after_break"]))
    result = rows_to_tasks([rows], province=case["province"], assign=fake_parse_assignment)
    _check_flags(result, case["flags"])
    got = [{"number": t.number, "text": t.text, "output": t.output, "deadline": t.deadline,
            "lead": list(t.lead), "partners": list(t.partners)} for t in result.tasks]
    assert got == case["tasks"]
    assert result.regions == ((0, len(rows) * 1000 - 100),)


# ---------------------------------------------------------------- invariants


def _all_sources() -> list[tuple[str, SourceText, str | None]]:
    out = []
    for p in SEED_CASES:
        case = _load(p)
        if (CORPUS / case["file"]).exists():
            out.append((p.stem, read_source(CORPUS / case["file"]), case["province"]))
    for p in PLAN_CASES:
        case = _load(p)
        out.append((p.stem, _read(case, FIXTURES), case["province"]))
    return out


@pytest.mark.parametrize("name,src,province", _all_sources(), ids=lambda v: v if isinstance(v, str) else "")
def test_spans_point_into_source(name: str, src: SourceText, province: str | None) -> None:
    tables = find_table_rows(src)
    for rows in tables:
        for row in rows:
            assert src.text[row.span[0]:row.span[1]].strip()
            for cell in row.cells:
                assert cell.text == src.text[cell.span[0]:cell.span[1]]
                assert row.span[0] <= cell.span[0] <= cell.span[1] <= row.span[1]
    result = rows_to_tasks(tables, province=province, assign=fake_parse_assignment)
    for task in result.tasks:
        assert task.text and "<" not in task.text and "\n" not in task.text
        assert any(a <= task.span[0] < task.span[1] <= b for a, b in result.regions)
    lines = covered_lines(src, result.regions)
    expected = set()
    for a, b in result.regions:
        expected.update(range(src.line_at(a), src.line_at(b - 1) + 1))
    assert lines == expected
    for group in result.groups:
        assert any(a <= group.span[0] < b for a, b in result.regions)


def test_covered_lines_counts_blank_lines_inside() -> None:
    case = _load(FIXTURES / "ninh_thuan_tabs.json")
    src = _read(case, FIXTURES)
    result = extract_tables(src, province=case["province"])
    first, last = case["region_lines"][0]
    covered = covered_lines(src, result.regions)
    assert covered == frozenset(range(first, last + 1))
    blank_inside = [n for n in range(first, last + 1) if not src.lines[n - 1].text.strip()]
    assert blank_inside and set(blank_inside) <= covered
    assert first - 1 not in covered and last + 1 not in covered


def test_tasks_validate_against_schema() -> None:
    schema_path = SCHEMA_DIR / "extract.schema.json"
    if not schema_path.exists():
        pytest.skip(f"schema not found at {schema_path}")
    import jsonschema

    schema = json.loads(schema_path.read_text("utf-8"))
    for name, src, province in _all_sources():
        result = extract_tables(src, province=province) if real_parse_assignment() else \
            rows_to_tasks(find_table_rows(src), province=province, assign=fake_parse_assignment)
        plan = {
            "id": f"test/{name}", "source": {"path": src.path, "sha256": src.sha256},
            "province": province, "kind": "plan", "draft": False, "number": None,
            "doc_type": None, "issuer": None, "date": None, "title": None,
            "sections": to_data(result.groups), "tasks": to_data(result.tasks),
            "targets": [], "citations": [], "flags": to_data(result.flags),
        }
        jsonschema.validate([plan], schema)


# ---------------------------------------------------------------- cell judgements


CELLS = _load(FIXTURES / "cell_cases.json")


@pytest.mark.parametrize("text,role", CELLS["header_roles"])
def test_header_role(text: str, role: str | None) -> None:
    assert header_role(text) == role


@pytest.mark.parametrize("cells,roles", CELLS["header_rows"])
def test_header_rows(cells: list[str], roles: list[str | None] | None) -> None:
    assert header_roles(cells) == roles


@pytest.mark.parametrize("text", CELLS["deadline"])
def test_deadline_like(text: str) -> None:
    assert deadline_like(text, strong_only=True)


@pytest.mark.parametrize("text", CELLS["deadline_weak_only"])
def test_deadline_weak(text: str) -> None:
    assert deadline_like(text) and not deadline_like(text, strong_only=True)


@pytest.mark.parametrize("text", CELLS["not_deadline"])
def test_not_deadline(text: str) -> None:
    assert not deadline_like(text)


# ---------------------------------------------------------------- robustness

_CELL = st.sampled_from([
    "", "1", "2.", "II", "Tổng", "STT", "Nhiệm vụ", "Tiến độ", "Cơ quan chủ trì", "Sở Nội vụ",
    "Quý II/2024", "Trong năm 2024", "tiếp theo", "<p>- Văn bản</p>", "<ul><li>", "| x |", "---",
    "CẢI CÁCH THỂ CHẾ", "Sở Tư pháp chủ trì, phối hợp Sở Nội vụ", "\f",
])
_LINE = st.one_of(st.lists(_CELL, min_size=1, max_size=7).map("\t".join),
                  st.sampled_from(["", "", "3", "I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Phụ lục", "văn bản"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=30))
def test_arbitrary_tables_never_crash(lines: list[str]) -> None:
    text = "\n".join(lines)
    src = SourceText("generated.txt", "0" * 64, text)
    result = rows_to_tasks(find_table_rows(src), province=None, assign=fake_parse_assignment)
    for task in result.tasks:
        assert task.text
        assert any(a <= task.span[0] < task.span[1] <= b for a, b in result.regions)
