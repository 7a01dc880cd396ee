"""`ccompare compare PATH...`: shared tasks, gaps and lead-agency differences across plans."""

from __future__ import annotations

import sys

import click

from ccompare.cli.options import (
    csv_text,
    emit,
    input_options,
    load_plans,
    output_options,
    paths_argument,
    report_errors,
    table_text,
)


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command("compare")
@paths_argument
@output_options(("table", "json", "csv", "xlsx"))
@input_options
@click.option("--as-of", "as_of", callback=_iso_date, metavar="YYYY-MM-DD",
              help="Group provinces by their successors at this date (e.g. 2026-01-01).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0),
              help="Score a pair needs to count as aligned (default: the calibrated threshold).")
@click.option("--no-areas", is_flag=True, help="Do not tag tasks with reform areas.")
def compare_command(paths: tuple[str, ...], fmt: str, out: str | None, quiet: bool, jobs: int, use_cache: bool,
                    as_of: str | None, threshold: float | None, no_areas: bool) -> None:
    """Align tasks across plans: shared tasks with evidence, gaps, lead differences.

    \b
    Examples:
      ccompare compare                               # the bundled corpus, as a table
      ccompare compare corpus/raw --format json --out compare.json
      ccompare compare corpus/raw --format xlsx --out compare.xlsx
      ccompare compare corpus/raw --as-of 2026-01-01
    """
    if fmt == "xlsx" and not out:
        raise click.UsageError("--format xlsx needs --out FILE.xlsx")
    from ccompare.compare.comparison import compare_plans

    result = load_plans(paths, jobs=jobs, use_cache=use_cache, quiet=quiet)
    report_errors(result.errors)
    plans = result.plans
    if not plans:
        click.echo("error: no plan could be read", err=True)
        sys.exit(1)
    if not no_areas:
        from ccompare.compare.areas import area_model_note, tag_areas

        plans = tag_areas(plans)
        note = area_model_note()
        if note and not quiet:
            click.echo(f"note: {note}", err=True)
    comparison = compare_plans(plans, as_of=as_of, threshold=threshold)
    if comparison.calibration.startswith("fallback") and not quiet:
        click.echo(f"note: alignment {comparison.calibration}", err=True)
    if fmt == "xlsx":
        from ccompare.compare.tables import write_xlsx

        write_xlsx(comparison, out)
    elif fmt == "json":
        import json

        from ccompare.compare.tables import comparison_to_data

        emit(json.dumps(comparison_to_data(comparison), ensure_ascii=False, indent=2), out)
    elif fmt == "csv":
        from ccompare.compare.tables import CSV_HEADER, csv_rows

        emit(csv_text(CSV_HEADER, csv_rows(comparison)), out)
    else:
        from ccompare.compare.tables import text_report

        emit(text_report(comparison, table_text), out)
    sys.exit(1 if result.errors else 0)
