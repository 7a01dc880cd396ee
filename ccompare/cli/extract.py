"""`ccompare extract`: plans -> the common schema."""

from __future__ import annotations

import sys

import click

from ccompare.cli.options import (
    csv_text,
    emit,
    exit_code,
    input_options,
    keep_previous,
    lang_option,
    load_plans,
    output_options,
    paths_argument,
    report_errors,
    table_text,
)


@click.command("extract")
@paths_argument
@output_options()
@input_options
@click.option("--coverage", "show_coverage", is_flag=True,
              help="Print, per document, the share of non-blank lines read into the schema, and list the rest.")
@lang_option("table and the --coverage lines")
def extract_command(paths: tuple[str, ...], fmt: str, out: str | None, quiet: bool, jobs: int, use_cache: bool,
                    show_coverage: bool, lang: str) -> None:
    """Read plans (.txt, .md, .docx, .pdf) into the common schema: one Plan per input.

    PATHS are files or folders; with none, the bundled corpus is read.

    \b
    Examples:
      ccompare extract
      ccompare extract corpus/raw/khanh-hoa --format json --out plans.json
      ccompare extract plan.md --format csv          # one row per task
      ccompare extract --coverage                     # share of each source that was read
      ccompare extract big-corpus/ -j 2 --cache -f json -o plans.json
      ccompare extract --lang en                      # English headers (JSON/CSV never change)
      ccompare extract --province khanh-hoa --year 2024
    """
    from ccompare.coverage import coverage
    from ccompare.schema import to_json
    from ccompare.uitext import words

    w = words("text", lang, "extract")

    result = load_plans(paths, jobs=jobs, use_cache=use_cache, quiet=quiet)
    keep_previous(result.plans, out, result.errors)
    if show_coverage:
        lines = []
        for plan in result.plans:
            cov = coverage(result.sources[plan.id], plan)
            lines.append(w("coverage", source=cov.source, share=f"{cov.share:.1%}", lines=cov.lines,
                           assigned=cov.assigned, unread=len(cov.unassigned)))
            lines += [w("coverage_line", n=n, text=text[:100]) for n, text in cov.unassigned]
        emit("\n".join(lines), out)
    elif fmt == "json":
        emit(to_json(result.plans), out)
    elif fmt == "csv":
        from ccompare.rows import TASK_COLUMNS, task_rows

        emit(csv_text(TASK_COLUMNS, [list(r.values()) for r in task_rows(result.plans)]), out)
    else:
        rows = [[p.id, w.name("kinds", p.kind), w("yes") if p.draft else "",
                 f"{p.number or '-'}/{p.doc_type or '-'}-{p.issuer or '-'}", p.date or "-",
                 len(p.sections), len(p.tasks), len(p.targets), len(p.citations), len(p.flags)]
                for p in result.plans]
        emit(table_text(w.list("header"), rows, [34, 13, 5, 16, 10, 8, 5, 7, 9, 5]), out)
    report_errors(result.errors)
    sys.exit(exit_code(result.errors))
