"""`ccompare corpus` and `ccompare schema`: what ships with ccompare, for scripts and other tools."""

from __future__ import annotations

import sys

import click

from ccompare.cli.options import emit


@click.command("corpus")
def corpus_command() -> None:
    """Print the folder of the bundled corpus (the default input of every command).

    \b
    Examples:
      ccompare corpus
      ccompare compare "$(ccompare corpus)" my-draft.docx
    """
    from ccompare.inputs import bundled_corpus

    folder = bundled_corpus()
    if folder is None:
        click.echo("error: no bundled corpus found (neither ./corpus/raw nor an installed copy)", err=True)
        sys.exit(1)
    click.echo(str(folder.resolve()))


@click.command("schema")
@click.argument("command", type=click.Choice(["extract", "citations", "compare", "benchmark"]))
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
def schema_command(command: str, out: str | None) -> None:
    """Print the JSON Schema (2020-12) of COMMAND's `--format json` output.

    The schemas are the machine-checkable form of the contract in docs/DESIGN.md;
    other tools can validate ccompare's output with them.

    \b
    Examples:
      ccompare schema extract
      ccompare schema compare --out compare.schema.json
    """
    import json

    from ccompare.contract import load_schema

    emit(json.dumps(load_schema(command), ensure_ascii=False, indent=2), out)
