"""Resource limits of the readers: how much a file may expand to, whatever it says about itself.

Why: a 40 KB .docx can declare a table cell two billion columns wide, a list numbered from 10^12
or three million paragraphs, and a ZIP member can expand a thousandfold. Every reader checks
these caps while it streams the file, so memory and time stay bounded by the caps, never by a
number written in the file. Each cap can be raised with the environment variable named in
`ENV` (the error message names it too).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The caps on one input file (defaults far above any real plan)."""

    max_bytes: int = 20 * MiB  # the file as stored (any format)
    max_expanded_bytes: int = 128 * MiB  # all ZIP members of a .docx, uncompressed
    max_paragraphs: int = 200_000  # paragraphs of a .docx (a long plan has a few thousand)
    max_columns: int = 1_000  # grid positions of one table row: gridSpan, gridBefore, gridAfter (Word: 63)
    max_cells: int = 2_000_000  # grid positions of all tables of a .docx
    max_number: int = 100_000  # a list counter of a .docx (its start value plus the items)
    max_pages: int = 2_000  # pages of a PDF (a long plan has a few hundred)
    max_text_chars: int = 50_000_000  # characters of the text read from a .docx or PDF


ENV = {
    "max_bytes": "CCOMPARE_MAX_BYTES",
    "max_expanded_bytes": "CCOMPARE_MAX_EXPANDED_BYTES",
    "max_paragraphs": "CCOMPARE_MAX_PARAGRAPHS",
    "max_columns": "CCOMPARE_MAX_COLUMNS",
    "max_cells": "CCOMPARE_MAX_CELLS",
    "max_number": "CCOMPARE_MAX_NUMBER",
    "max_pages": "CCOMPARE_MAX_PAGES",
    "max_text_chars": "CCOMPARE_MAX_TEXT_CHARS",
}

# the problem when each cap is hit, for the error message
WHAT = {
    "max_bytes": "file too large",
    "max_expanded_bytes": ".docx package too large once uncompressed",
    "max_paragraphs": "too many paragraphs",
    "max_columns": "table row too wide",
    "max_cells": "too many table cells",
    "max_number": "list number too large",
    "max_pages": "too many PDF pages",
    "max_text_chars": "too much text",
}


def current_limits() -> Limits:
    """The defaults, each overridden by its environment variable when that holds a whole number."""
    values = {}
    for f in fields(Limits):
        raw = os.environ.get(ENV[f.name], "").strip().replace("_", "")
        if raw.isdigit() and 0 < len(raw) < 19:
            values[f.name] = int(raw)
    return Limits(**values)


def size_text(n: int) -> str:
    """Bytes for people, in binary units as the limits are (20 MiB, not '21 MB')."""
    if n >= MiB:
        return f"{n / MiB:.1f} MiB".replace(".0 MiB", " MiB")
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n} bytes"


def exceeded(name: str, limits: Limits, found: int | None = None) -> str:
    """The one-line problem for a cap that was hit: what, the limit, and how to raise it."""
    limit = getattr(limits, name)
    in_bytes = name.endswith("bytes")
    show = size_text if in_bytes else (lambda n: f"{n:,}")
    seen = "" if found is None else (f" ({show(found)})" if found < 10 ** 18 else " (a huge number)")
    if found is not None and found > limit and show(found) == show(limit):
        seen = f" (over {show(limit)})"
    unit = "BYTES" if in_bytes else "N"
    return f"{WHAT[name]}{seen}; limit {show(limit)}, raise it with {ENV[name]}={unit}"
