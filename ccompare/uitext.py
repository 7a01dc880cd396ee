"""Words people read (table headers, summary lines, page labels) in Vietnamese or English.

One loader for every `ccompare/data/<name>_ui.json` (one block per language), so pages and text
outputs check the language the same way. Machine-readable outputs (JSON keys, CSV and SQLite
columns) never go through here: they are the contract and do not change with the language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ccompare.datafiles import load_json

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"


def ui_strings(name: str, lang: str) -> Mapping[str, Any]:
    """The `lang` block of data/<name>_ui.json; ValueError names the languages there are."""
    data = load_json(f"{name}_ui.json")
    if lang.startswith("_") or lang not in data:
        known = ", ".join(k for k in data if not k.startswith("_"))
        raise ValueError(f"unknown language {lang!r}; choose one of {known}")
    return data[lang]


@dataclass(frozen=True)
class Words:
    """One section of a ui file: `w("key", n=3)` formats a string, `w.list("key")` a list, `w.name(
    "group", slug)` the word for a slug (the slug itself when the data has none, so nothing is lost)."""

    strings: Mapping[str, Any]

    def __call__(self, key: str, **values: Any) -> str:
        return str(self.strings[key]).format(**values) if values else str(self.strings[key])

    def list(self, key: str) -> list[str]:
        return list(self.strings[key])

    def name(self, group: str, slug: Any) -> str:
        if slug is None:
            return ""
        return str(self.strings.get(group, {}).get(slug, slug))


def words(name: str, lang: str, section: str | None = None) -> Words:
    """`ui_strings(name, lang)` (or one section of it) ready to format."""
    strings = ui_strings(name, lang)
    return Words(strings[section] if section else strings)
