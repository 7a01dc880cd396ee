"""The data that flows between finding table rows and reading them as tasks.

Kept apart so that any reader (plain text now, .docx/.pdf later) can produce RawRows
and hand them to `rows_to_tasks` without importing the text scanner.
"""

from __future__ import annotations

from dataclasses import dataclass

from ccompare.schema import Flag, Section, Span, Task


@dataclass(frozen=True)
class Cell:
    text: str  # raw cell text as in the source (may contain HTML fragments)
    span: Span  # offsets into SourceText.text; text == source[span[0]:span[1]] for text readers


@dataclass(frozen=True)
class RawRow:
    cells: tuple[Cell, ...]
    span: Span
    after_break: bool  # a page break / repeated header / blank line came just before this row


@dataclass(frozen=True)
class TableResult:
    tasks: tuple[Task, ...]  # Task.id == "" (the plan builder numbers ids), origin "table"
    flags: tuple[Flag, ...]
    regions: tuple[Span, ...]  # [start, end) of each table read: first row .. last row
    groups: tuple[Section, ...]  # group rows ("I  CẢI CÁCH THỂ CHẾ") as sections of the appendix


EMPTY_RESULT = TableResult((), (), (), ())
