"""Quantitative targets: percentages, counts per period ('05 tin, bài/tháng'), rankings."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

from ccompare.read.html import strip_html
from ccompare.read.source import SourceText
from ccompare.schema import Target
from ccompare.structure.vocab import vocab

_CLAUSE_END = re.compile(r"[;:\n\t]|\.(?!\d)|\s-\s")
_FILLER = re.compile(r"^(?:[-–+•*]\s*|đạt\s+|trên\s+|tối thiểu\s+|ít nhất\s+|từ\s+|bảo đảm\s+|đảm bảo\s+)+", re.I)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], list[re.Pattern[str]]]:
    v = vocab()
    units = "|".join(re.escape(u) for u in sorted(v["target_units"], key=len, reverse=True))
    periods = "|".join(re.escape(p) for p in v["target_periods"])
    percent = re.compile(r"(?<![\d/])(\d{1,3}(?:[.,]\d{1,2})?)\s?%")
    per_period = re.compile(
        rf"(?<![\d/])(\d{{1,3}})(?:\s*-\s*\d{{1,3}})?\s+({units})\s*/\s*(?:1\s+)?({periods})\b", re.I
    )
    rankings = [re.compile(p, re.I) for p in v["ranking_patterns"]]
    return percent, per_period, rankings


class _Clauses:
    """Clause delimiters of a text, found once: each target's clause is then two bisections
    (scanning back from the start of the text for every target made long texts quadratic)."""

    def __init__(self, text: str) -> None:
        found = list(_CLAUSE_END.finditer(text))
        self.ends = [m.end() for m in found]
        self.starts = [m.start() for m in found]
        self.size = len(text)

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The clause around [start, end): from the previous delimiter to the next one."""
        k = bisect_right(self.ends, start) - 1
        left = self.ends[k] if k >= 0 else 0
        j = bisect_left(self.starts, end)
        right = self.starts[j] if j < len(self.starts) else self.size
        return left, right


_MARKER = re.compile(r"^(?:[a-zđ]\)|\d{1,2}\.)\s*")
_TRAIL = re.compile(r"(?:\s+(?:đạt|trên|dưới|ít nhất|tối thiểu|từ|khoảng|là|đảm bảo|có))+\s*$", re.I)


def _metric(text: str, cl_start: int, cl_end: int, start: int, end: int) -> str | None:
    before = _FILLER.sub("", text[cl_start:start].strip()).strip(" ,")
    after = text[end:cl_end].strip(" ,")
    before = _TRAIL.sub("", _MARKER.sub("", before)).strip(" ,")
    metric = before if len(before) >= 8 else after
    metric = " ".join(strip_html(metric).split()[-16:])
    return (metric[:160].rstrip() or None) if metric else None


def _number(s: str) -> int | float:
    s = s.replace(",", ".")
    return float(s) if "." in s else int(s)


def find_targets(src: SourceText, skip_spans: Iterable[tuple[int, int]] = ()) -> list[Target]:
    """Targets anywhere in the text (tables included), in document order, without duplicates."""
    text = src.text
    percent, per_period, rankings = _patterns()
    found: dict[tuple[int, int], Target] = {}
    clauses = _Clauses(text)

    def add(m_start: int, m_end: int, value, unit: str) -> None:
        cs, ce = clauses.around(m_start, m_end)
        clause = strip_html(text[cs:ce]).strip(" -–+•*")
        metric = _metric(text, cs, ce, m_start, m_end)
        found[(m_start, m_end)] = Target(clause[:240], value, unit, metric, (m_start, m_end))

    for m in percent.finditer(text):
        add(m.start(), m.end(), _number(m.group(1)), "%")
    for m in per_period.finditer(text):
        unit = f"{' '.join(m.group(2).split())}/{m.group(3).lower()}"
        add(m.start(), m.end(), int(m.group(1)), unit)
    for rx in rankings:
        for m in rx.finditer(text):
            add(m.start(), m.end(), int(m.group(1)), "rank")
    return [found[k] for k in sorted(found)]
