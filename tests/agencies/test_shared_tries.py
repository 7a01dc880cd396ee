"""Provinces share the agency tries of no province, with their initials' aliases on top: every
lookup must give what one trie built for the province gives."""

import pytest

from ccompare import agencies as ag

PROVINCES = ["khanh-hoa", "binh-thuan", "ha-tinh", "nghe-an", "dong-thap", "quang-tri"]


def _mentions(province: str) -> list[str]:
    """Every written alias with its place filled for this province, and a few run-on phrases."""
    own = ag._province_info()[2].get(province, "")
    names = ag._province_info()[0]
    out = []
    for e in ag._data()["agencies"]:
        for a in e["aliases"]:
            out.append(a.replace("{place}", own.upper() or "tỉnh"))
            out.append(a.replace("{place}", f"tỉnh {names.get(province, '')}"))
    out += [f"UBND {own.upper()} và Sở Nội vụ", f"Sở Y tế {own.upper()}", f"UBND TP. {own.upper()}"]
    return out


@pytest.mark.parametrize("province", PROVINCES)
def test_overlaid_tries_match_like_one_built_for_the_province(province):
    shared, built = ag._tries(province)[0], ag._build_tries(province)[0]
    checked = 0
    for mention in _mentions(province):
        toks = ag._tokens(mention)
        for i in range(len(toks)):
            assert shared.match(toks, i) == built.match(toks, i), (province, mention, i)
            checked += 1
    assert checked > 1000
    assert isinstance(shared, ag._Overlaid) or not ag._province_info()[2].get(province)
