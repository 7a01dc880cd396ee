"""--province and --year keep the plans of some provinces and years, in every command that reads plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccompare.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "raw"


@pytest.mark.parametrize(("args", "provinces"), [
    (["--province", "khanh-hoa"], {"khanh-hoa"}),
    (["--province", "ha-tinh", "--province", "binh-thuan"], {"ha-tinh", "binh-thuan"}),
    (["--province", "lam-dong"], {"binh-thuan"}),  # merged into Lâm Đồng in 2025
])
def test_province_filter(args: list[str], provinces: set[str]) -> None:
    result = CliRunner().invoke(main, ["extract", str(CORPUS), "-f", "json", "-q", *args])
    assert result.exit_code == 0, result.output
    assert {p["province"] for p in json.loads(result.stdout)} == provinces


def test_year_filter_and_ranges() -> None:
    run = CliRunner().invoke(main, ["citations", str(CORPUS), "-f", "json", "-q", "--year", "2020-2022"])
    assert run.exit_code == 0, run.output
    assert [c["plan"] for c in json.loads(run.stdout)] == ["khanh-hoa/2021/kh-18"]
    bad = CliRunner().invoke(main, ["extract", str(CORPUS), "--year", "20x4"])
    assert bad.exit_code == 2 and "not a year" in bad.output
