"""--lang vi|en: every command that reads plans or writes text has it (default vi); text outputs
speak the language asked for; JSON and CSV are byte-identical in both (they are the contract)."""

from __future__ import annotations

import json
import re
import string
from importlib import resources
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ccompare.cli import COMMANDS, main

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "raw"
CASES = json.loads((Path(__file__).parent / "fixtures" / "lang_cases.json").read_text("utf-8"))
READS_PLANS = [name for name in COMMANDS if name not in ("corpus", "schema")]


def run(args: list[str], lang: str | None) -> str:
    """The command's standard output on corpus folders named in `args` (no notes on stderr)."""
    args = [str(CORPUS / a) if (CORPUS / a).is_dir() else a for a in args]
    result = CliRunner().invoke(main, [*args, *(["--lang", lang] if lang else [])], env={"CCOMPARE_LANG": None})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", READS_PLANS)
def test_every_command_has_the_shared_lang_option(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    option = next(p for p in command.params if p.name == "lang")
    assert list(option.type.choices) == ["vi", "en"] and option.default == "vi"
    help_text = " ".join(CliRunner().invoke(main, [name, "--help"]).output.split())
    assert "--lang [vi|en]" in help_text and "JSON and CSV keep the same names" in help_text
    assert "--lang" in help_text.split("Examples:")[1].split("Options:")[0]  # an example uses it


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_text_outputs_speak_the_language_asked_for(case: dict) -> None:
    vi, en = run(case["args"], "vi"), run(case["args"], "en")
    assert run(case["args"], None) == vi  # Vietnamese by default
    assert all(w in vi for w in case["vi"]) and all(w in en for w in case["en"]), (vi[:400], en[:400])
    assert not [w for w in case["not_vi"] if w in vi] and not [w for w in case["not_en"] if w in en]


@pytest.mark.parametrize("args", CASES["same_in_every_language"], ids=" ".join)
def test_machine_readable_outputs_do_not_change(args: list[str]) -> None:
    assert run(args, "vi") == run(args, "en")


def _shape(value: object) -> object:
    """Keys, list lengths and {placeholders} of a ui block: what both languages must share."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return sorted({f for _, f, _, _ in string.Formatter().parse(str(value)) if f})


@pytest.mark.parametrize("name", sorted(p.name for p in resources.files("ccompare.data").iterdir()
                                        if re.fullmatch(r"\w+_ui\.json", p.name)))
def test_ui_files_have_the_same_words_in_both_languages(name: str) -> None:
    data = json.loads(resources.files("ccompare.data").joinpath(name).read_text("utf-8"))
    assert _shape(data["vi"]) == _shape(data["en"]), name
