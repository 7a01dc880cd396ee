"""Appendix tables -> tasks: the public entry points of the table reader.

Two steps, so that a .docx/.pdf reader can build RawRows from real Word tables and call
`rows_to_tasks` directly:
    find_table_rows(src)          text lines -> rows of each table
    rows_to_tasks(tables, ...)    rows -> tasks, flags, table regions, group sections
`extract_tables` does both for a plain-text source; `covered_lines` tells coverage which
lines a table accounts for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ccompare.read.source import SourceText
from ccompare.schema import Span
from ccompare.structure.table_rows import find_table_rows
from ccompare.structure.table_tasks import (
    appendix_heading_words,
    appendix_label,
    rows_to_tasks,
)
from ccompare.structure.table_types import Cell, RawRow, TableResult

__all__ = [
    "Cell", "RawRow", "TableResult", "find_table_rows", "rows_to_tasks", "extract_tables",
    "covered_lines", "appendix_labels",
]

LABEL_LOOKBACK_LINES = 15
_LABEL_NUMERAL = re.compile(r"\s+([ivxlc]{1,6}|\d{1,2}|[a-z])(?![a-z0-9])")


def extract_tables(src: SourceText, *, province: str | None) -> TableResult:
    """Tasks of every appendix table of a text source (find_table_rows + rows_to_tasks)."""
    tables = find_table_rows(src)
    return rows_to_tasks(tables, province=province, labels=appendix_labels(src, tables))


def appendix_labels(src: SourceText, tables: list[list[RawRow]]) -> list[str]:
    """'Phụ lục' or 'Phụ lục II' for each table, from the appendix heading just above it."""
    base = appendix_label()
    words = appendix_heading_words()
    labels: list[str] = []
    floor = 0
    for rows in tables:
        start = rows[0].span[0]
        label = base
        first = src.line_at(start) - 1  # 0-based index of the table's first line
        for idx in range(first - 1, max(floor, first - LABEL_LOOKBACK_LINES) - 1, -1):
            line = src.lines[idx]
            folded = src.folded[line.start:line.end]
            stripped = folded.lstrip(" #*_")
            offset = line.start + len(folded) - len(stripped)
            word = next((w for w in words if stripped.startswith(w)), None)
            if word is None:
                continue
            m = _LABEL_NUMERAL.match(stripped, len(word))
            if m:
                label = f"{base} {src.text[offset + m.start(1):offset + m.end(1)].upper()}"
            break
        labels.append(label)
        floor = src.line_at(rows[-1].span[1])
    return labels


def covered_lines(src: SourceText, regions: Iterable[Span]) -> frozenset[int]:
    """1-based numbers of the lines inside table regions: all of them count as read."""
    out: set[int] = set()
    for start, end in regions:
        first, last = src.line_at(start), src.line_at(max(start, end - 1))
        out.update(range(first, last + 1))
    return frozenset(out)
