"""`ccompare report`: plans -> the offline HTML report site."""

from __future__ import annotations

import sys

import click

from ccompare.cli.options import (
    exit_code,
    fail,
    input_options,
    lang_option,
    load_plans,
    os_reason,
    paths_argument,
    report_errors,
)


@click.command("report")
@paths_argument
@click.option("--out", "-o", "out_dir", default="reports", show_default=True,
              type=click.Path(file_okay=False, writable=True), help="Folder to write the site into.")
@lang_option("report's pages, the citation graph included (documents are shown as written)")
@click.option("--compare/--no-compare", "with_compare", default=True, show_default=True,
              help="Include the comparison matrix (needs two or more plans).")
@click.option("--areas/--no-areas", "with_areas", default=True, show_default=True,
              help="Tag tasks with no reform area from their section heading or the area model.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr.")
@input_options
def report_command(paths: tuple[str, ...], out_dir: str, lang: str, with_compare: bool, with_areas: bool,
                   quiet: bool, jobs: int, use_cache: bool) -> None:
    """Write the full HTML report: index, a page per plan with highlighted evidence,
    the citation graph, the comparison matrix and charts. Offline; open DIR/index.html.

    PATHS are files or folders; with none, the bundled corpus is read. Inputs that fail
    are listed (one line each) and make the exit code 1; the others are still reported.

    \b
    Examples:
      ccompare report                                  # bundled corpus -> reports/
      ccompare report corpus/raw/khanh-hoa --out site/
      ccompare report plans/ --lang en --no-compare -j 2
      ccompare report --province khanh-hoa --year 2024 --out kh-2024/
    """
    from ccompare.report import write_report
    from ccompare.uitext import words

    result = load_plans(paths, jobs=jobs, use_cache=use_cache, quiet=quiet)
    if not result.plans:
        report_errors(result.errors)
        click.echo(f"note: no plan could be read; {out_dir} left unchanged", err=True)
        sys.exit(1)
    problems: list[str] = []
    plans = _areas(result.plans, problems) if with_areas else result.plans
    comparison = None
    if with_compare and len(plans) > 1:
        comparison = _compare(plans, problems)
    graph = _graph(plans, result.sources, problems)
    try:
        written = write_report(plans, out_dir, sources=result.sources, comparison=comparison, graph=graph,
                               lang=lang, errors=result.errors)
    except OSError as exc:
        report_errors(result.errors)
        fail(f"{out_dir}: cannot write the report ({os_reason(exc)}); nothing was changed")
    report_errors(result.errors)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if not quiet:
        click.echo(words("text", lang, "report")("wrote", files=len(written), plans=len(plans),
                                                 index=f"{out_dir}/index.html"), err=True)
    sys.exit(max(exit_code(result.errors), 1 if problems else 0))


def _areas(plans, problems: list[str]):
    """Tasks with no area get one from the comparison package's tagger, when it is there."""
    try:
        from ccompare.compare import tag_areas
    except ImportError:
        return plans
    try:
        return tag_areas(plans)
    except Exception as exc:  # untagged tasks still make a report
        problems.append(f"reform-area tagging failed ({type(exc).__name__}: {exc}); areas left as extracted")
        return plans


def _compare(plans, problems: list[str]):
    """The comparison if the compare package offers it; a failure is reported, not fatal."""
    try:
        from ccompare.compare import compare_plans
    except ImportError:
        return None
    try:
        return compare_plans(plans)
    except Exception as exc:  # the rest of the report is still worth writing
        problems.append(f"comparison failed ({type(exc).__name__}: {exc}); report written without it")
        return None


def _graph(plans, sources, problems: list[str]):
    try:
        from ccompare.citations import build_graph
    except ImportError:
        return None
    try:
        return build_graph(plans, sources)
    except Exception as exc:
        problems.append(f"citation graph failed ({type(exc).__name__}: {exc}); drawn from citations instead")
        return None
