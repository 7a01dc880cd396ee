"""Centrally-run cities: city spellings of provincial bodies, districts, heads, unknowns (fixtures/city_leads.json).

A city plan writes `Công an thành phố`, `Thành Đoàn`, `UBND quận, huyện`: they must be the same
bodies (same canonical names, same roles) as a province's `Công an tỉnh`, `Tỉnh đoàn`,
`UBND các huyện, thị xã, thành phố`; in a province's plan `thành phố` is a provincial city, and
what is not known is kept as written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ccompare.agencies import canonical, parse_assignment, role, same_lead, split_agencies
from ccompare.read.fold import fold

ROWS = json.loads((Path(__file__).parent / "fixtures" / "city_leads.json").read_text("utf-8"))


def _id(row: dict) -> str:
    return re.sub(r"\s+", " ", f"{row['case']}: {row['text']}")[:70]


@pytest.mark.parametrize("row", ROWS, ids=[_id(r) for r in ROWS])
def test_city_lead(row):
    got = parse_assignment(row["text"], row["province"])
    assert list(got.lead) == row["lead"]
    assert list(got.partners) == row["partners"]
    assert list(got.unknown) == row["unknown"]


@pytest.mark.parametrize("row", ROWS, ids=[_id(r) for r in ROWS])
def test_nothing_dropped(row):
    """Every body parsed is known or reported as unknown, as written in the text."""
    agencies = split_agencies(row["text"], row["province"])
    assert agencies
    for a in agencies:
        assert a.span is not None and row["text"][a.span[0] : a.span[1]] == a.raw
        assert a.known == (a.role is not None)
        if not a.known:
            assert a.raw in row["unknown"]


_SAME = [r for r in ROWS if "same_as" in r]


@pytest.mark.parametrize("row", _SAME, ids=[_id(r) for r in _SAME])
def test_city_body_compares_equal_to_province_body(row):
    city = parse_assignment(row["text"], row["province"]).lead
    other = parse_assignment(row["same_as"]["text"], row["same_as"]["province"]).lead
    assert city and other
    assert same_lead(city, other, None) == (True, None)
    assert {role(n) for n in city} == {role(n) for n in other}


# `whole_mention: false`: a title or a parenthetical around the name (parse_assignment reads those)
_SINGLE = [
    r for r in ROWS if len(r["lead"]) == 1 and not r["partners"] and not r["unknown"] and r.get("whole_mention", True)
]


@pytest.mark.parametrize("row", _SINGLE, ids=[_id(r) for r in _SINGLE])
def test_canonical_of_city_mention(row):
    """A whole mention has the canonical name of its body, also in OCR text without diacritics."""
    assert canonical(row["text"], row["province"]) == row["lead"][0]
    assert canonical(fold(row["text"]), row["province"]) == row["lead"][0]


def test_fixture_covers_the_reported_cases():
    cases = {r["case"].split(" ")[0] for r in ROWS}
    assert {"1", "2", "3", "4", "5", "6"} <= cases
    cities = {r["province"] for r in ROWS}
    assert {"can-tho", "ha-noi", "ho-chi-minh"} <= cities
    assert any(r["province"] is None for r in ROWS)
    assert any(r["unknown"] for r in ROWS)
