"""The genre's vocabulary from data/structure.json, compiled once."""

from __future__ import annotations

import re
from functools import cache

from ccompare.datafiles import load_json


def vocab() -> dict:
    return load_json("structure.json")


@cache
def words_rx(key: str, *, anchored: bool = False) -> re.Pattern[str]:
    """Alternation of the folded words listed under `key`."""
    words = sorted(vocab()[key], key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^\W*(?:{body})" if anchored else rf"(?:{body})")
