"""Agencies: canonical names, lists, assignments, lineage (fixtures in ./fixtures)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from ccompare.agencies import (
    Agency,
    Assignment,
    agency_at_start,
    canonical,
    parse_assignment,
    role,
    same_lead,
    split_agencies,
    successor,
)
from ccompare.datafiles import load_json
from ccompare.read.fold import fold

FIX = Path(__file__).parent / "fixtures"
SCHEMA_DIR = Path(__file__).parents[2] / "ccompare" / "data" / "schema"


def _load(name: str):
    return json.loads((FIX / name).read_text("utf-8"))


MENTIONS = _load("mentions.json")
ASSIGNMENTS = _load("assignments.json")
AT_START = _load("at_start.json")
LINEAGE = _load("lineage.json")
SAME_LEAD = _load("same_lead.json")


def _strip_marks(text: str) -> str:
    """What OCR often gives: the same letters and case, without any diacritic."""
    out = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in out if not unicodedata.combining(c))


def _id(row: dict, key: str) -> str:
    return re.sub(r"\s+", " ", str(row[key]))[:60]


# (1) mention -> canonical name / role -------------------------------------------------------


@pytest.mark.parametrize("row", MENTIONS, ids=[_id(r, "mention") for r in MENTIONS])
def test_canonical_and_role(row):
    name = canonical(row["mention"], row["province"])
    assert name == row["name"]
    assert role(name) == row["role"]


@pytest.mark.parametrize("row", MENTIONS, ids=[_id(r, "mention") for r in MENTIONS])
def test_canonical_of_ocr_folded_form(row):
    """OCR text that lost every diacritic (or case and diacritics) still maps to the same body."""
    got = canonical(_strip_marks(row["mention"]), row["province"])
    if row["name"].startswith("Ban Quản lý Khu kinh tế "):
        # the proper name after a generic one is kept as written (here: without diacritics)
        assert got is not None and fold(got) == fold(row["name"])
        return
    assert got == row["name"]
    assert canonical(fold(row["mention"]), row["province"]) == row["name"]


def test_roles_shared_across_provinces():
    roles = {role(canonical(f"Báo {p}")) for p in ("Khánh Hòa", "Bình Thuận", "Hà Tĩnh", "Cà Mau")}
    assert roles == {"provincial-newspaper"}
    roles = {role(canonical("Đài PT-TH tỉnh", p)) for p in ("khanh-hoa", "binh-thuan", "ha-tinh")}
    assert roles == {"broadcaster"}


def test_canonical_rejects_non_agency():
    assert canonical("Tăng cường kiểm tra cải cách hành chính") is None
    assert canonical("Sở Nội vụ chủ trì") is None  # not a whole mention
    assert canonical("") is None


# lists ----------------------------------------------------------------------------------------


def test_shared_head_list_with_comma_inside_a_name():
    text = "Các Sở: Tài nguyên và Môi trường, Xây dựng, Tư pháp, Tài chính, Lao động, Thương binh và Xã hội"
    got = split_agencies(text)
    assert [a.name for a in got] == [
        "Sở Tài nguyên và Môi trường",
        "Sở Xây dựng",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Sở Lao động - Thương binh và Xã hội",
    ]
    for a in got:  # spans are evidence in the text
        assert a.span is not None and text[a.span[0] : a.span[1]] == a.raw


def test_split_spans_point_into_text():
    text = "Sở TT&TT chủ trì, phối hợp VP UBND tỉnh, Đài PT-TH tỉnh"
    got = split_agencies(text, "quang-tri")
    assert [a.raw for a in got] == ["Sở TT&TT", "VP UBND tỉnh", "Đài PT-TH tỉnh"]
    assert all(text[a.span[0] : a.span[1]] == a.raw for a in got)


# (2) assignment text -> lead / partners ---------------------------------------------------


@pytest.mark.parametrize("row", ASSIGNMENTS, ids=[_id(r, "text") for r in ASSIGNMENTS])
def test_parse_assignment(row):
    got = parse_assignment(row["text"], row["province"])
    assert isinstance(got, Assignment)
    assert list(got.lead) == row["lead"]
    assert list(got.partners) == row["partners"]
    assert not set(got.lead) & set(got.partners)


def test_assignment_rows_cover_seeds_and_invented():
    sources = {r["source"].split(",")[0].split(" ")[0] for r in ASSIGNMENTS}
    assert {"seed", "invented"} <= sources
    assert len(ASSIGNMENTS) >= 25


@pytest.mark.parametrize("row", AT_START, ids=[_id(r, "text") for r in AT_START])
def test_agency_at_start(row):
    got = agency_at_start(row["text"], row["province"])
    if row["names"] is None:
        assert got is None
        return
    assert got is not None
    agencies, end = got
    assert all(isinstance(a, Agency) for a in agencies)
    assert [a.name for a in agencies] == row["names"]
    assert row["text"][:end] == row["phrase"]


# (3) lineage: one test per row of the department table ------------------------------------

_LINEAGE_ROWS = [
    pytest.param(r, id=f"{group}:{r['before']}:{(r['subject'] or '')[:25]}")
    for group in ("departments", "splits", "unchanged", "local_levels")
    for r in LINEAGE[group]
]


@pytest.mark.parametrize("row", _LINEAGE_ROWS)
def test_successor(row):
    after, note = successor(row["before"], row["as_of"], row["subject"])
    assert after == row["after"]
    changed = after != (canonical(row["before"]) or row["before"])
    if changed:
        assert note and "2025" in note  # the note says when (and by what) it changed
    else:
        assert note is None


def test_lineage_data_covers_the_reference_table():
    """Every row of the reference department table is in the data file, with its legal source."""
    data = load_json("departments_lineage.json")
    assert "45/2025/NĐ-CP" in data["_source"]
    assert data["effective"] == "2025-03-01"
    befores = {r["before"] for r in data["departments"]}
    assert befores == {r["before"] for r in LINEAGE["departments"]}


def test_lineage_reads_reference_markdown_when_available():
    ref = Path(__file__).parents[2] / "docs" / "reference" / "admin-lineage-2025.md"
    table = ref.read_text("utf-8").split("| before | after | note |")[1].split("\n\n")[0]
    rows = [ln.split("|")[1:3] for ln in table.strip().splitlines()[1:] if ln.startswith("|")]
    assert rows
    for before, after in rows:
        got, _ = successor(before.strip(), "2026-01-01")
        expected = re.sub(r"\s*\(.*\)$", "", after.strip())
        assert got == expected


# same_lead -------------------------------------------------------------------------------


@pytest.mark.parametrize("row", SAME_LEAD, ids=[f"{r['a']}~{r['b']}@{r['as_of']}" for r in SAME_LEAD])
def test_same_lead(row):
    assert same_lead(row["a"], row["b"], row["as_of"], row["subject"]) == (row["same"], row["change"])


def test_same_lead_fits_compare_schema():
    schema_path = SCHEMA_DIR / "compare.schema.json"
    if not schema_path.exists():
        pytest.skip(f"schema not found at {schema_path}")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path.read_text("utf-8"))
    props = schema["properties"]["pairs"]["items"]["properties"]
    for row in SAME_LEAD:
        same, change = same_lead(row["a"], row["b"], row["as_of"], row["subject"])
        jsonschema.validate(same, props["same_lead"])
        jsonschema.validate(change, props["lead_change"])


# (4) unknown agencies are kept, never dropped ---------------------------------------------

UNKNOWN_CELLS = [
    ("Phòng Tổ chức hành chính chủ trì, phối hợp Sở Nội vụ", "Phòng Tổ chức hành chính"),
    ("Sở Nội vụ chủ trì, phối hợp Trung tâm Dữ liệu Vùng Tây Nguyên", "Trung tâm Dữ liệu Vùng Tây Nguyên"),
    ("Phong Ke hoach tong hop; Sở Tư pháp", "Phong Ke hoach tong hop"),
    ("Hội Nhà báo tỉnh phối hợp thực hiện", "Hội Nhà báo tỉnh"),
]


@pytest.mark.parametrize("text,unknown", UNKNOWN_CELLS)
def test_unknown_agencies_are_kept(text, unknown):
    agencies = split_agencies(text)
    kept = [a for a in agencies if not a.known]
    assert [a.name for a in kept] == [unknown]
    assert kept[0].role is None
    got = parse_assignment(text)
    assert unknown in got.unknown
    assert unknown in got.lead + got.partners


def test_data_has_no_duplicate_alias_for_two_bodies():
    """An alias that means two bodies would make canonical names depend on data order."""
    seen: dict[tuple[str, ...], str] = {}
    for entry in load_json("agencies.json")["agencies"]:
        for alias in entry["aliases"]:
            key = tuple(fold(alias).split())
            assert seen.setdefault(key, entry["name"]) == entry["name"], alias
