"""Deadlines and quantitative targets of aligned tasks, read so that differences can be shown.

Deadlines are written many ways ('Thường xuyên trong năm 2024', 'Trong năm 2024', 'Quý I/2024',
'Chậm nhất là ngày 31/01/2024'); each is reduced to a comparable key (year-round, a quarter,
a month, a date, periodic, by schedule). Years are left out of the key so that plans of
different years compare by their timing within the year.

Frequency targets ('05 tin, bài/tháng', '01 lần/tuần', 'định kỳ hàng tuần ... ít nhất 01 tin,
bài', '03-04 số/tháng') become a range of times per year, so '01 lần/tuần' (52 a year) and
'05 tin, bài/tháng' (60 a year) can be put side by side even though their units differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ccompare.compare.text import terms_data
from ccompare.read.fold import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Quantity:
    """A frequency target: low..high units per period, and the same as times per year."""

    text: str  # as written
    low: float
    high: float
    unit: str | None  # canonical unit (data: count_units), None when not written
    period: str  # ngay | tuan | thang | quy | nam
    per_year: tuple[float, float]


@dataclass(frozen=True)
class DeadlineKey:
    kind: str  # year-round | quarter | month | date | periodic | by-schedule | other
    value: str  # e.g. "Q1", "Q2-Q3", "M02", "01-31", "thang"

    def label(self) -> str:
        return self.kind if self.kind == self.value else f"{self.kind} {self.value}"


@lru_cache(maxsize=1)
def _rx() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str], dict[str, int], dict[str, str]]:
    data = terms_data()
    units = data["count_units"]
    periods = data["periods"]
    freq_words = data["frequency_words"]
    unit_alt = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in sorted(units, key=len, reverse=True))
    period_alt = "|".join(sorted(periods, key=len, reverse=True))
    number = r"(?P<low>\d{1,4})(?:\s*[-–]\s*(?P<high>\d{1,4}))?"
    # "05 tin, bài/tháng", "01 lần/tuần", "03-04 số/tháng", "01 mục/1 tháng", "02 lần/năm"
    per = re.compile(
        rf"(?<![\d/]){number}\s*(?P<unit>{unit_alt})?\s*(?:/|\btren\b|\bmoi\b)\s*(?:1\s*)?(?P<period>{period_alt})\b")
    # "hằng tháng ... ít nhất 02 tin, bài" / "định kỳ hàng tuần phải có ít nhất 01 tin, bài"
    freq_alt = "|".join(re.escape(w) for w in sorted(freq_words, key=len, reverse=True))
    counted = re.compile(
        rf"(?P<freq>{freq_alt})\b[^.;]{{0,80}}?(?:it nhat|toi thieu|khoang)?\s*(?<![\d/]){number}"
        rf"\s*(?P<unit>{unit_alt})\b")
    return per, counted, units, periods, freq_words


def quantities(text: str | None) -> list[Quantity]:
    """Frequency targets written in a text (a task's text, product or deadline)."""
    if not text:
        return []
    return list(_quantities(text))


@lru_cache(maxsize=65536)
def _quantities(text: str) -> tuple[Quantity, ...]:
    per, counted, units, periods, freq_words = _rx()
    folded = fold(text)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], period: str) -> None:
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        low = float(m.group("low"))
        high = float(m.group("high")) if m.group("high") else low
        if high < low:
            low, high = high, low
        unit_raw = m.group("unit")
        unit = units.get(" ".join(unit_raw.split())) if unit_raw else None
        times = periods[period]
        found.append(Quantity(" ".join(text[m.start():m.end()].split()), low, high, unit, period,
                              (low * times, high * times)))
        taken.append((m.start(), m.end()))

    for m in per.finditer(folded):
        add(m, m.group("period"))
    for m in counted.finditer(folded):
        add(m, freq_words[" ".join(m.group("freq").split())])
    return tuple(found)


@lru_cache(maxsize=65536)
def deadline_key(deadline: str | None) -> DeadlineKey | None:
    """A comparable reading of a deadline as written (None when there is none; cached: plans
    repeat a few deadline wordings)."""
    if not deadline or not deadline.strip():
        return None
    f = " ".join(fold(deadline).split())
    m = re.search(r"\bquy\s+([ivx]+|\d)(?:\s*[-–,]\s*([ivx]+|\d))?", f)
    if m:
        q = [_quarter(x) for x in m.groups() if x]
        if all(q):
            return DeadlineKey("quarter", "-".join(f"Q{x}" for x in q))
    m = re.search(r"\bngay\s+(\d{1,2})\s*/\s*(\d{1,2})", f) or re.search(r"(?<!\d)(\d{1,2})/(\d{1,2})/\d{4}", f)
    if m:
        return DeadlineKey("date", f"{int(m.group(2)):02d}-{int(m.group(1)):02d}")
    m = re.search(r"\bthang\s+(\d{1,2})(?:\s*/\s*\d{4})?", f)
    if m and 1 <= int(m.group(1)) <= 12:
        return DeadlineKey("month", f"M{int(m.group(1)):02d}")
    for entry in terms_data()["deadline_kinds"]:
        if any(w in f for w in entry["words"]):
            if entry["kind"] == "periodic":
                q = quantities(deadline)
                period = q[0].period if q else next(
                    (p for w, p in terms_data()["frequency_words"].items() if w in f), "periodic")
                return DeadlineKey("periodic", period)
            return DeadlineKey(entry["kind"], entry["kind"])
    return DeadlineKey("other", f)


def _quarter(token: str) -> int | None:
    if token.isdigit():
        return int(token) if 1 <= int(token) <= 4 else None
    return _ROMAN.get(token)


def deadlines_differ(a: str | None, b: str | None) -> bool:
    """Both deadlines given and read differently."""
    return keys_differ(deadline_key(a), deadline_key(b))


def keys_differ(ka: DeadlineKey | None, kb: DeadlineKey | None) -> bool:
    """Both deadline readings (deadline_key) given and different."""
    return ka is not None and kb is not None and ka != kb


def targets_differ(qa: list[Quantity], qb: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """The first pair of frequency targets whose yearly ranges do not overlap, if any."""
    for x in qa:
        for y in qb:
            if x.per_year[1] < y.per_year[0] or y.per_year[1] < x.per_year[0]:
                return x, y
    return None
