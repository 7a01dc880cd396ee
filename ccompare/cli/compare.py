"""`ccompare compare PATH...`: shared tasks, gaps and lead-agency differences across plans."""

from __future__ import annotations

import sys

import click

from ccompare.cli.options import (
    AUTO_MIN_TASKS,
    csv_text,
    emit,
    fail,
    input_options,
    is_tty,
    jobs_for,
    lang_option,
    load_plans,
    os_reason,
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
@output_options(("table", "json", "csv", "xlsx", "html"))
@input_options
@click.option("--as-of", "as_of", callback=_iso_date, metavar="YYYY-MM-DD",
              help="Group provinces by their successors at this date (e.g. 2026-01-01).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0),
              help="Score a pair needs to count as aligned (default: the calibrated threshold).")
@click.option("--no-areas", is_flag=True, help="Do not tag tasks with reform areas.")
@lang_option("text table, the closing line and the --format html page")
@click.option("--max-pairs-per-task", type=click.IntRange(0), default=10, show_default=True,
              help="Report at most this many best partners per task (0: all); the rest are counted.")
@click.option("--gap-plans", type=click.IntRange(0), default=100, show_default=True,
              help="List at most this many plans per gap (0: all); missing_count has the number.")
@click.option("--candidates", type=click.Choice(["auto", "all", "topk", "block"]), default="auto",
              show_default=True, help="Pairs scored: every cross-plan pair (all), each task's nearest "
                                      "tasks (topk), or all for small inputs and topk beyond (auto).")
@click.option("--candidates-per-task", type=click.IntRange(1), default=None,
              help="Nearest tasks of other plans kept per task and view (default 40).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run reading and scoring on this Dask scheduler (or $CCOMPARE_SCHEDULER), e.g. "
                   "tcp://host:8786; needs the 'dask' extra.")
def compare_command(paths: tuple[str, ...], fmt: str, out: str | None, quiet: bool, jobs: int, use_cache: bool,
                    as_of: str | None, threshold: float | None, no_areas: bool, max_pairs_per_task: int,
                    gap_plans: int, candidates: str, candidates_per_task: int | None,
                    scheduler: str | None, lang: str = "vi") -> None:
    """Align tasks across plans: shared tasks with evidence, gaps, lead differences.

    \b
    Examples:
      ccompare compare                               # the bundled corpus, as a table
      ccompare compare corpus/raw --format json --out compare.json
      ccompare compare corpus/raw --format xlsx --out compare.xlsx
      ccompare compare corpus/raw --as-of 2026-01-01
      ccompare compare a.docx b.docx --format html --out a-vs-b.html   # two plans side by side
      ccompare compare a.docx b.docx --lang en       # the table in English (JSON/CSV never change)
      ccompare compare plans/ --scheduler tcp://10.0.0.5:8786 --format json --out c.json
    """
    if fmt == "xlsx" and not out:
        raise click.UsageError("--format xlsx needs --out FILE.xlsx")
    import time

    from ccompare.compare.comparison import compare_plans, prepare_models
    from ccompare.compare.parallel import scheduler_address

    started = time.perf_counter()
    address = scheduler_address(scheduler)
    mapper, client, workers = None, None, 1
    if address:
        from ccompare.compare.parallel import DaskMapper, connect

        try:
            client = connect(address)
        except (OSError, RuntimeError, TimeoutError) as exc:
            click.echo(f"error: scheduler {address}: {exc}", err=True)
            sys.exit(1)
        mapper = DaskMapper(client)
        result = _load_on_cluster(paths, mapper, quiet)
    else:
        result = load_plans(paths, jobs=jobs, use_cache=use_cache, quiet=quiet, whole=False,  # what compare uses
                            meanwhile=lambda: prepare_models(areas=not no_areas))
        workers = jobs_for(jobs, sum(len(p.tasks) for p in result.plans), AUTO_MIN_TASKS)
        if workers > 1:
            from ccompare.compare.parallel import ProcessMapper

            mapper = ProcessMapper(workers)
    read_s = time.perf_counter() - started
    bars = _StageBars(enabled=not quiet and is_tty())
    report_errors(result.errors)
    plans = result.plans
    if not plans:
        click.echo("error: no plan could be read", err=True)
        sys.exit(1)
    try:
        comparison = compare_plans(plans, as_of=as_of, threshold=threshold, candidates=candidates,
                                   max_pairs_per_task=max_pairs_per_task or None,
                                   max_missing_listed=gap_plans or None, candidates_per_task=candidates_per_task,
                                   mapper=mapper, progress=bars, areas=not no_areas)
    finally:
        bars.close()
        if client is not None:
            client.close()
    if not no_areas:
        from ccompare.compare.areas import area_model_note

        note = area_model_note()
        if note and not quiet:
            click.echo(f"note: {note}", err=True)
    if comparison.calibration.startswith("fallback") and not quiet:
        click.echo(f"note: alignment {comparison.calibration}", err=True)
    if fmt == "xlsx":
        from ccompare.compare.tables import write_xlsx

        try:
            write_xlsx(comparison, out)
        except OSError as exc:
            fail(f"{out}: cannot write ({os_reason(exc)})")
    elif fmt == "html":
        from ccompare.report.side_by_side import side_by_side_html

        if len(plans) != 2:
            raise click.UsageError(f"--format html shows two plans side by side; {len(plans)} were read "
                                   "(give exactly two)")
        emit(side_by_side_html(comparison, plans, lang=lang), out)
    elif fmt == "json":  # one record a line, written as encoded: never one dict tree or one string
        from ccompare.cli.options import write_output_chunks
        from ccompare.compare.tables import comparison_json_chunks

        write_output_chunks(comparison_json_chunks(comparison, jobs=workers), out)
    elif fmt == "csv":
        from ccompare.compare.tables import CSV_HEADER, csv_rows

        emit(csv_text(CSV_HEADER, csv_rows(comparison)), out)
    else:
        from ccompare.compare.tables import text_report

        emit(text_report(comparison, table_text, lang=lang), out)
    if bars.enabled:  # on a terminal, like the progress bars
        n_tasks = sum(len(p.tasks) for p in plans)
        click.echo(summary_line(comparison, n_tasks, read_s, time.perf_counter() - started, lang), err=True)
    sys.exit(1 if result.errors else 0)


def summary_line(c, n_tasks: int, read_s: float, total_s: float, lang: str = "vi") -> str:
    """One closing line: counts and time."""
    from ccompare.uitext import words

    w = words("text", lang, "compare")
    left = w("left_out", n=f"{c.pairs_left_out:,}") if c.pairs_left_out else ""
    return w("summary_line", plans=f"{len(c.plans):,}", tasks=f"{n_tasks:,}", scored=f"{c.pairs_scored:,}",
             candidates=c.candidates, accepted=f"{c.pairs_accepted:,}", reported=f"{len(c.pairs):,}", left=left,
             gaps=f"{len(c.gaps):,}", read_s=read_s, compare_s=c.seconds, total_s=total_s)


class _StageBars:
    """Progress of each stage of `compare_plans` as a bar on stderr (only on a terminal)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.stage: str | None = None
        self.bar = None
        self.shown = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=max(total, 1), label=f"{stage:<10}", file=sys.stderr)
            self.bar.__enter__()
            self.shown = 0
        if self.bar is not None and done > self.shown:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        self.stage = None


def _load_on_cluster(paths, mapper, quiet: bool):
    """Extraction with the files read on the cluster (`extract_plans(map_files=...)`)."""
    from ccompare.extract import extract_plans

    if not quiet:
        click.echo("reading plans on the cluster ...", err=True)
    return extract_plans(paths, map_files=mapper.map_files, whole=False)
