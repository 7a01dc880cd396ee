"""JSON (validated against the shared schema), CSV, table and XLSX outputs; the CLI wrapper."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from ccompare.cli import main
from ccompare.compare.comparison import compare_plans
from ccompare.compare.tables import CSV_HEADER, comparison_to_data, csv_rows, write_xlsx

ROOT = Path(__file__).parents[2]


def test_json_matches_the_shared_schema(invented, compare_schema):
    data = comparison_to_data(compare_plans(invented["plan_objects"]))
    jsonschema.validate(data, compare_schema)
    assert data["plans"] == [p["id"] for p in invented["plans"]]
    assert data["pairs"] and data["gaps"]


def test_csv_rows_have_the_header_width(invented):
    c = compare_plans(invented["plan_objects"])
    rows = csv_rows(c)
    assert {r[0] for r in rows} >= {"pair", "gap", "lead-difference"}
    assert all(len(r) == len(CSV_HEADER) for r in rows)


def test_xlsx_has_the_sheets(invented, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "compare.xlsx"
    write_xlsx(compare_plans(invented["plan_objects"]), out)
    wb = load_workbook(out)
    assert {"pairs", "gaps", "lead differences", "target differences"} <= set(wb.sheetnames)
    assert wb["pairs"].max_row > 1


def test_cli_json_on_the_corpus_validates(compare_schema):
    result = CliRunner().invoke(main, ["compare", str(ROOT / "corpus" / "raw"), "--format", "json", "--no-areas"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, compare_schema)
    assert len(data["plans"]) >= 3


def test_cli_csv_and_table(tmp_path):
    corpus = str(ROOT / "corpus" / "raw" / "ha-tinh")
    other = str(ROOT / "corpus" / "raw" / "binh-thuan")
    result = CliRunner().invoke(main, ["compare", corpus, other, "--format", "csv", "--no-areas"])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.output)))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) > 1
    result = CliRunner().invoke(main, ["compare", corpus, other, "--no-areas", "--lang", "en"])
    assert result.exit_code == 0 and "Lead differences" in result.output and "Gaps" in result.output


def test_cli_xlsx_needs_out():
    result = CliRunner().invoke(main, ["compare", "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--out" in result.output


def test_cli_bad_input_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "missing.txt"
    good = ROOT / "corpus" / "raw" / "binh-thuan"
    result = CliRunner().invoke(main, ["compare", str(bad), str(good), "--format", "json", "--no-areas"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(bad) in result.output


def test_unknown_agencies_are_kept_and_listed(make_plan, tmp_path):
    """Leads the agency data does not know stay as written and are listed in every output."""
    from openpyxl import load_workbook

    plans = [make_plan({"id": "an-giang/2024/kh-5", "province": "an-giang", "title": "Kế hoạch tuyên truyền CCHC",
                        "tasks": [{"number": "1", "text": "Tuyên truyền dịch vụ công trực tuyến tại các chợ nổi",
                                   "lead": ["Ban Quản lý chợ nổi Long Xuyên"]},
                                  {"number": "2", "text": "Duy trì chuyên mục CCHC trên Báo An Giang",
                                   "lead": ["Báo An Giang"]}]}),
             make_plan({"id": "kien-giang/2024/kh-9", "province": "kien-giang", "title": "Kế hoạch tuyên truyền CCHC",
                        "tasks": [{"number": "1", "text": "Tuyên truyền dịch vụ công trực tuyến",
                                   "lead": ["Sở Thông tin và Truyền thông"]}]})]
    c = compare_plans(plans)
    assert [(u.plan, u.agency, u.tasks) for u in c.unknown_agencies] == [
        ("an-giang/2024/kh-5", "Ban Quản lý chợ nổi Long Xuyên", ("an-giang/2024/kh-5#t1",))]
    data = comparison_to_data(c)
    assert data["unknown_agencies"] == [{"plan": "an-giang/2024/kh-5", "agency": "Ban Quản lý chợ nổi Long Xuyên",
                                         "tasks": ["an-giang/2024/kh-5#t1"]}]
    assert ["unknown-agency", "Ban Quản lý chợ nổi Long Xuyên"] == [[r[0], r[-1]] for r in csv_rows(c)
                                                                    if r[0] == "unknown-agency"][0]
    out = tmp_path / "compare.xlsx"
    write_xlsx(c, out)
    sheet = load_workbook(out)["unknown agencies"]
    assert [cell.value for cell in sheet[2]] == ["an-giang/2024/kh-5", "Ban Quản lý chợ nổi Long Xuyên",
                                                 '["an-giang/2024/kh-5#t1"]']  # lists as JSON arrays


def test_compare_reads_nothing_of_the_targets_and_citations(corpus_plans):
    """`ccompare compare` reads plans without targets and citations (extract_plans(whole=False)),
    so without the pass resolving citations across the run: its comparison is the same."""
    from ccompare.compare.tables import comparison_json_chunks
    from ccompare.extract import extract_plans

    partial = extract_plans([ROOT / "corpus" / "raw"], whole=False).plans
    assert [p.id for p in partial] == [p.id for p in corpus_plans]
    assert all(not p.citations and not p.targets for p in partial)
    assert any(p.citations for p in corpus_plans) and any(p.targets for p in corpus_plans)  # left out, not absent
    assert [p.tasks for p in partial] == [p.tasks for p in corpus_plans]
    assert "".join(comparison_json_chunks(compare_plans(partial))) == \
        "".join(comparison_json_chunks(compare_plans(corpus_plans)))
