"""Messages and labels of the scorecard in Vietnamese or English (data/benchmark_messages.json)."""

from __future__ import annotations

from typing import Any

from ccompare.datafiles import load_json

LANGS = ("vi", "en")


def _messages() -> dict[str, Any]:
    return load_json("benchmark_messages.json")


def rules() -> dict[str, Any]:
    return load_json("benchmark_rules.json")


def _pick(entry: dict[str, str], lang: str) -> str:
    return entry.get(lang) or entry["vi"]


def message(key: str, lang: str, **params: Any) -> str:
    """A finding message; `key` is a check code or `code/variant` (falls back to the code)."""
    table = _messages()["messages"]
    entry = table.get(key) or table[key.split("/")[0]]
    return _pick(entry, lang).format(**params)


def reason(key: str, lang: str, **params: Any) -> str:
    return _pick(_messages()["reasons"][key], lang).format(**params)


def label(key: str, lang: str, **params: Any) -> str:
    return _pick(_messages()["labels"][key], lang).format(**params)


def part_name(part: str, lang: str) -> str:
    return _pick(_messages()["parts"][part], lang)


def dimension_name(dimension: str, lang: str) -> str:
    return _pick(_messages()["dimensions"][dimension], lang)


def check_name(check: str, lang: str) -> str:
    return _pick(_messages()["checks"][check], lang)


def method(dimension: str, lang: str, **counts: Any) -> str:
    return _pick(_messages()["methods"][dimension], lang).format(**counts)


def severity(key: str) -> str:
    """Severity of a check or `check/variant` from the rules (variant first)."""
    table = rules()["severity"]
    return table.get(key) or table[key.split("/")[0]]


def shorten(text: str, width: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
