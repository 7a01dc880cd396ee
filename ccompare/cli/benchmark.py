"""`ccompare benchmark DRAFT [--against PATH...]`: a scorecard for a draft plan."""

from __future__ import annotations

from pathlib import Path

import click

from ccompare.cli.options import emit, lang_option, report_errors, to_file, write_output

FORMATS = ("table", "json", "html", "docx")
_BY_SUFFIX = {".json": "json", ".html": "html", ".htm": "html", ".docx": "docx", ".txt": "table"}


@click.command("benchmark")
@click.argument("draft", type=click.Path(path_type=str))
@click.argument("more", nargs=-1, type=click.Path(path_type=str))
@click.option("--against", "-a", multiple=True, type=click.Path(path_type=str),
              help="Peer plans (files or folders); default: the bundled corpus.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format [default: from --out's suffix, else table].")
@click.option("--out", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file (atomically; '-' is standard output) instead of standard output.")
@lang_option("scorecard's messages and labels (table, html, docx)")
@click.option("--quiet", "-q", is_flag=True, help="No notes on stderr.")
def benchmark_command(draft, more, against, fmt, out, lang, quiet) -> None:
    """Score a DRAFT plan (.docx, .pdf, .txt, .md) against peer plans.

    Finds missing parts, blank numbers and dates, tasks without lead, deadline or output,
    unrecognised agencies, malformed or conflicting citations, national documents most peers
    cite, reform areas and kinds of task peers cover, and leads and targets that differ from
    peers. Scores structure, assignments, citations, coverage and targets from 0 to 100.

    \b
    Examples:
      ccompare benchmark my_draft.docx                       # table, against the bundled corpus
      ccompare benchmark my_draft.docx --out scorecard.html  # page for reform staff
      ccompare benchmark my_draft.docx --out scorecard.docx --lang en
      ccompare benchmark draft.pdf --against plans/ other.txt --format json
    """
    if more and not against:
        raise click.UsageError(f"unexpected extra path(s) {', '.join(more)}: give peers with --against")
    if fmt is None:
        fmt = _BY_SUFFIX.get(Path(out).suffix.lower(), "table") if to_file(out) else "table"
    if fmt == "docx" and not out:
        raise click.UsageError("--format docx needs --out FILE.docx")

    from ccompare.benchmark import render
    from ccompare.benchmark.run import benchmark_file
    from ccompare.read.errors import ReadError

    try:
        run = benchmark_file(draft, [*against, *more], lang=lang)
    except ReadError as err:
        report_errors([err])
        raise SystemExit(1) from None
    report_errors(run.errors)
    if not run.scorecard.peers and not quiet:
        click.echo(f"note: {_no_peers(run)}; peer checks were skipped", err=True)
    card = run.scorecard
    if fmt == "docx":
        write_output(render.render_docx(card), out)
    else:
        text = {"table": render.render_table, "json": render.render_json, "html": render.render_html}[fmt](card)
        emit(text, out)
    if to_file(out) and not quiet:
        click.echo(f"wrote {out}", err=True)
    raise SystemExit(1 if run.errors else 0)


def _no_peers(run) -> str:
    """Why there are no peers: none read, or the ones read are copies of the draft."""
    if not run.identical:
        return "no peer plans were read"
    shown = ", ".join(run.identical[:3]) + (" …" if len(run.identical) > 3 else "")
    return (f"{len(run.identical)} peer plan(s) read but left out as identical to the draft ({shown}); "
            "no other peer plans")
