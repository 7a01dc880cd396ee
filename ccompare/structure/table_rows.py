"""Find the rows of tables in plain text exported from Word: one row per line.

Word/HTML exports write a table row as one line with TAB-separated cells; markdown
exports write `| a | b |`. A table continues across page breaks, which show up as
blank lines, a form feed, a page number and/or a repeated header row; every row that
follows such a gap is marked `after_break` so the reader of rows can merge a row that
Word split over two pages. A merged group row exported as a plain line ("II. CẢI CÁCH
THỦ TỤC HÀNH CHÍNH") between rows is kept as a two-cell row.
"""

from __future__ import annotations

import re

from ccompare.read.fold import fold
from ccompare.read.html import strip_html
from ccompare.read.source import Line, SourceText
from ccompare.structure.table_types import Cell, RawRow

MAX_GAP_LINES = 4  # blank/page-number lines tolerated between two rows of one table
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_GROUP_LINE = re.compile(r"^(\s*)((?:[IVXLC]+|[A-Z])[.)]?)\s+(\S.*?)\s*$")


def find_table_rows(src: SourceText) -> list[list[RawRow]]:
    """One list of rows per table, header rows and separator rows included."""
    lines = src.lines
    tables: list[list[RawRow]] = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_row_line(lines[i]):
            i += 1
            continue
        rows: list[RawRow] = []
        first_key: tuple[str, ...] | None = None
        gap, gap_run, after_header = False, 0, False
        while i < n:
            line = lines[i]
            if _is_row_line(line):
                brk = bool(rows) and (gap or after_header or "\f" in line.text)
                row = RawRow(_cells(src, line), (line.start, line.end), brk)
                key = _key(row)
                after_header = first_key is not None and key == first_key
                if first_key is None:
                    first_key = key
                rows.append(row)
                gap, gap_run = False, 0
                i += 1
                continue
            if _is_gap(line):
                gap_run += 1
                if gap_run > MAX_GAP_LINES:
                    break
                gap = True
                i += 1
                continue
            group = _group_line(src, line)
            j = _next_row_line(lines, i + 1)
            if group is None or j is None or not _all_gaps(lines, i + 1, j):
                break
            rows.append(RawRow(group, (line.start, line.end), bool(rows) and gap))
            gap, gap_run, after_header = False, 0, False
            i += 1
        if sum(1 for r in rows if len(r.cells) >= 2) >= 2:
            tables.append(rows)
    return tables


def _is_row_line(line: Line) -> bool:
    text = line.text.strip()
    if not text:
        return False
    if "\t" in line.text:
        return True
    return text.startswith("|") and text.count("|") >= 2


def _is_gap(line: Line) -> bool:
    text = line.text.replace("\f", "").strip()
    return not text or bool(_PAGE_NUMBER.match(text))


def _all_gaps(lines: tuple[Line, ...], start: int, stop: int) -> bool:
    return all(_is_gap(lines[k]) for k in range(start, stop))


def _next_row_line(lines: tuple[Line, ...], i: int) -> int | None:
    """Index of the first row line in lines[i : i + MAX_GAP_LINES + 1], else None."""
    for j in range(i, min(len(lines), i + MAX_GAP_LINES + 1)):
        if _is_row_line(lines[j]):
            return j
    return None


def _cells(src: SourceText, line: Line) -> tuple[Cell, ...]:
    text, base = line.text, line.start
    if "\t" in text:
        bounds, pos = [], 0
        for piece in text.split("\t"):
            bounds.append((pos, pos + len(piece)))
            pos += len(piece) + 1
    else:
        left = text.index("|") + 1
        right = len(text.rstrip())
        if text.rstrip().endswith("|") and right - 1 >= left:
            right -= 1  # the closing pipe is optional in markdown
        inner = text[left:right]
        bounds, pos = [], left
        for m in _PIPE_SPLIT.finditer(inner + "|"):
            bounds.append((pos, left + m.start()))
            pos = left + m.end()
    return tuple(_trimmed(src, base + a, base + b) for a, b in bounds)


def _trimmed(src: SourceText, a: int, b: int) -> Cell:
    raw = src.text[a:b]
    lead = len(raw) - len(raw.lstrip())
    s, e = a + lead, a + len(raw.rstrip())
    if e < s:
        s = e = a
    return Cell(src.text[s:e], (s, e))


def _group_line(src: SourceText, line: Line) -> tuple[Cell, ...] | None:
    """'II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH' on its own line: (numeral, heading) cells."""
    m = _GROUP_LINE.match(line.text)
    if not m or not _mostly_upper(m.group(3)):
        return None
    s2, e2 = line.start + m.start(2), line.start + m.end(2)
    s3, e3 = line.start + m.start(3), line.start + m.end(3)
    return (Cell(src.text[s2:e2], (s2, e2)), Cell(src.text[s3:e3], (s3, e3)))


def _mostly_upper(text: str) -> bool:
    letters = [c for c in strip_html(text) if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _key(row: RawRow) -> tuple[str, ...]:
    return tuple(fold(strip_html(c.text)) for c in row.cells)
