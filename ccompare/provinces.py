"""Provinces: names, ASCII slugs and their successors after the 2025 merger (data/provinces.json)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ccompare.datafiles import load_json
from ccompare.read.fold import fold


@dataclass(frozen=True)
class Province:
    slug: str
    name: str
    successor: str  # slug of the province it belongs to from `effective` on
    successor_name: str


def _data():
    return load_json("provinces.json")


@lru_cache(maxsize=1)
def provinces() -> dict[str, Province]:
    return {
        p["slug"]: Province(p["slug"], p["name"], p["successor"], p["successor_name"])
        for p in _data()["provinces"]
    }


@lru_cache(maxsize=1)
def _name_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    by_folded: dict[str, str] = {}
    for p in _data()["provinces"]:
        for name in [p["name"], *p["aliases"]]:
            by_folded[fold(name)] = p["slug"]
    alternatives = sorted(by_folded, key=len, reverse=True)
    rx = re.compile(r"(?<![a-z])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![a-z])")
    return rx, by_folded


def find_provinces(folded_text: str):
    """Yield (slug, start, end) for each province name in a folded text."""
    rx, by_folded = _name_pattern()
    for m in rx.finditer(folded_text):
        yield by_folded[m.group(1)], m.start(), m.end()


def province_slug(name: str) -> str | None:
    rx, by_folded = _name_pattern()
    return by_folded.get(" ".join(fold(name).split()))  # 'Trà\nVinh': a copy may break a name


def successor(slug: str, as_of: date | str | None) -> str:
    """The province a slug belongs to at `as_of` (itself before the merger)."""
    p = provinces().get(slug)
    if p is None or as_of is None:
        return slug
    day = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return p.successor if day >= date.fromisoformat(_data()["effective"]) else slug
