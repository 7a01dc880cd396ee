"""`ccompare export`: plans (and their comparison) as tables for other tools."""

from __future__ import annotations

import sys

import click

from ccompare.cli.options import (
    exit_code,
    input_options,
    keep_previous,
    lang_option,
    load_plans,
    paths_argument,
    report_errors,
)


@click.command("export")
@paths_argument
@click.option("--sqlite", "sqlite_path", required=True, type=click.Path(dir_okay=False, writable=True),
              help="SQLite database to write (replaced atomically).")
@click.option("--compare/--no-compare", "with_compare", default=True, show_default=True,
              help="Also write the comparison (tables pairs and gaps; needs two or more plans).")
@click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr.")
@input_options
@lang_option("closing line (the database has the same names in every language; its Datasette metadata has both)")
def export_command(paths: tuple[str, ...], sqlite_path: str, with_compare: bool, quiet: bool, jobs: int,
                   use_cache: bool, lang: str) -> None:
    """Export plans as SQLite tables: plans, sources, sections, tasks, task_leads, agencies,
    targets, documents, citations, flags, and (with a comparison) pairs and gaps; with
    foreign keys, full-text search on tasks and plan titles, and Datasette metadata
    written beside the database (NAME.metadata.json).

    PATHS are files or folders; with none, the bundled corpus is read.

    \b
    Examples:
      ccompare export --sqlite plans.db
      sqlite3 plans.db "select province, count(*) from plans group by province"
      sqlite3 plans.db "select agency, count(*) from task_leads where role='lead' group by agency"
      ccompare export corpus/raw/khanh-hoa --sqlite kh.db --no-compare
      sqlite3 plans.db "select text from tasks_fts where tasks_fts match 'trực tuyến'"
      datasette plans.db --metadata plans.metadata.json
      ccompare export --province khanh-hoa --sqlite kh.db --lang en
    """
    import sqlite3

    from ccompare.export import export_sqlite

    result = load_plans(paths, jobs=jobs, use_cache=use_cache, quiet=quiet)
    keep_previous(result.plans, sqlite_path, result.errors)
    comparison, problem = None, None
    if with_compare and len(result.plans) > 1:
        try:
            from ccompare.compare import compare_plans
        except ImportError:
            compare_plans = None
        if compare_plans is not None:
            try:
                comparison = compare_plans(result.plans)
            except Exception as exc:  # the plans are still worth exporting
                problem = f"comparison failed ({type(exc).__name__}: {exc}); exported without pairs"
    try:
        export_sqlite(result.plans, sqlite_path, comparison, sources=result.sources)
    except (OSError, sqlite3.Error) as exc:  # one line, no traceback
        report_errors(result.errors)
        click.echo(f"error: {sqlite_path}: could not write the database ({exc})", err=True)
        sys.exit(1)
    report_errors(result.errors)
    if problem:
        click.echo(f"error: {problem}", err=True)
    if not quiet:
        from ccompare.uitext import words

        w = words("text", lang, "export")
        click.echo(w("wrote", path=sqlite_path, plans=len(result.plans))
                   + ("" if comparison is None else w("with_pairs")), err=True)
    sys.exit(max(exit_code(result.errors), 1 if problem else 0))
