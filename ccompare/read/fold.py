"""Diacritic-insensitive view of a text that keeps every offset.

`fold()` maps each code point to exactly one code point (lower-case, no diacritics,
đ -> d), so a match at [s, e) in the folded text is evidence at [s, e) in the source.
OCR output that lost or garbled its diacritics can then be matched with plain ASCII
patterns while spans still point into the original NFC text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters that NFD does not decompose but that OCR and Vietnamese use for d.
_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "¢": "c"}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


class _FoldTable(dict):
    """str.translate table filled on first sight of each code point."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Same length as `text`; lower-case ASCII-ish letters without diacritics."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class FoldedText:
    """A text and its folded twin, with search helpers that return source spans."""

    text: str
    folded: str

    @classmethod
    def of(cls, text: str) -> FoldedText:
        return cls(text, fold(text))

    def finditer(self, pattern: re.Pattern[str] | str, start: int = 0, end: int | None = None):
        """Matches of a folded-text pattern; offsets are valid in `text` too."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        return rx.finditer(self.folded, start, len(self.folded) if end is None else end)

    def source(self, start: int, end: int) -> str:
        return self.text[start:end]
