"""`ccompare citations` and `ccompare graph`: thin wrappers over ccompare.citations."""

from __future__ import annotations

import json
import sys

import click

from ccompare.cli.options import (
    csv_text,
    emit,
    exit_code,
    fail,
    input_options,
    keep_previous,
    lang_option,
    load_plans,
    os_reason,
    output_options,
    paths_argument,
    report_errors,
    table_text,
)


def citations_records(plans) -> list[dict]:
    """The JSON of `ccompare citations` (DESIGN.md): one object per plan."""
    from ccompare.citations import FLAG_KINDS
    from ccompare.schema import to_data

    return [{"plan": p.id, "source": p.source.path, "citations": to_data(p.citations),
             "flags": to_data(tuple(f for f in p.flags if f.kind in FLAG_KINDS))} for p in plans]


def summary_data(summary) -> dict:
    from ccompare.schema import to_data

    return to_data(summary)


def _summary_table(summary, lang: str) -> str:
    from ccompare.uitext import words

    w = words("text", lang, "citations")
    header, widths = w.list("summary_header"), [30, 44, 10, 5, 40]
    parts = [w("summary", provinces=", ".join(summary.provinces), plans=len(summary.plans),
               documents=summary.documents, citations=summary.citations), ""]

    def rows(docs) -> list[list]:
        return [[d.label, d.target, w.name("scopes", d.scope), len(d.plans), d.provinces] for d in docs]

    parts.append(w("shared"))
    parts.append(table_text(header, rows(summary.shared_by_all), widths) if summary.shared_by_all else w("none"))
    parts += ["", w("central")]
    parts.append(table_text(header, rows(summary.most_central), widths))
    for prov, docs in summary.only_one.items():
        parts += ["", w("only", province=prov, n=len(docs))]
        parts += [f"  {d.target}  {d.label}" for d in docs]
    return "\n".join(parts)


@click.command("citations")
@paths_argument
@output_options()
@input_options
@click.option("--summary", "show_summary", is_flag=True,
              help="Print what the provinces share instead: documents cited by every province, "
                   "by only one, and the most central.")
@lang_option("table, the flags and the --summary")
def citations_command(paths: tuple[str, ...], fmt: str, out: str | None, quiet: bool, jobs: int,
                      use_cache: bool, show_summary: bool, lang: str) -> None:
    """List the documents each plan cites, resolved to scope-aware identities.

    PATHS are files or folders; with none, the bundled corpus is read. National documents
    (vn/NQ/CP/76/2021) are shared by every province; provincial ones carry their province
    (khanh-hoa/QD/UBND/3409/2023). Flags report a year in the symbol that disagrees with the
    date, one number cited with two dates, and a plan heading naming another decision.

    \b
    Examples:
      ccompare citations
      ccompare citations corpus/raw/khanh-hoa --format json --out citations.json
      ccompare citations --format csv                 # one row per citation
      ccompare citations --summary                    # shared by all provinces, most central
      ccompare citations --summary --lang en          # the same in English
    """
    from ccompare.citations import citation_summary

    result = load_plans(paths, jobs=jobs, use_cache=use_cache, quiet=quiet)
    keep_previous(result.plans, out, result.errors)
    plans = result.plans
    if show_summary:
        summary = citation_summary(plans)
        if fmt == "json":
            emit(json.dumps(summary_data(summary), ensure_ascii=False, indent=2), out)
        elif fmt == "csv":
            rows = [[group, d.target, d.label, d.scope, len(d.plans), d.provinces, d.mentions]
                    for group, docs in (("shared_by_all", summary.shared_by_all),
                                        ("most_central", summary.most_central),
                                        *((f"only:{k}", v) for k, v in summary.only_one.items()))
                    for d in docs]
            emit(csv_text(["group", "target", "label", "scope", "plans", "provinces", "mentions"], rows), out)
        else:
            emit(_summary_table(summary, lang), out)
    elif fmt == "json":
        emit(json.dumps(citations_records(plans), ensure_ascii=False, indent=2), out)
    elif fmt == "csv":
        from ccompare.rows import CITATION_COLUMNS, citation_rows

        emit(csv_text(CITATION_COLUMNS, [list(r.values()) for r in citation_rows(plans)]), out)
    else:
        from ccompare.citations import FLAG_KINDS
        from ccompare.uitext import words

        w = words("text", lang, "citations")
        rows = [[p.id, c.raw, c.target, c.date or "-", w.name("via", c.via)] for p in plans for c in p.citations]
        text = table_text(w.list("header"), rows, [34, 50, 44, 10, 6])
        flags = [f"{p.id}: {f.kind}: {f.message}" for p in plans for f in p.flags if f.kind in FLAG_KINDS]
        if flags:
            text += f"\n\n{w('flags')}\n" + "\n".join(flags)
        emit(text, out)
    report_errors(result.errors)
    sys.exit(exit_code(result.errors))


@click.command("graph")
@paths_argument
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False, writable=True),
              help="Graph file to write; the suffix picks the format: .graphml .gexf .json (node-link) "
                   ".html (interactive, offline) .png .svg. Without it, a summary is printed.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Format of the summary printed when no --out is given.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr.")
@input_options
@lang_option("summary, the closing line and the .html page")
def graph_command(paths: tuple[str, ...], out: str | None, fmt: str, quiet: bool, jobs: int,
                  use_cache: bool, lang: str) -> None:
    """Write the citation graph: plans, the documents they cite, and plan-to-plan links.

    PATHS are files or folders; with none, the bundled corpus is read.

    \b
    Examples:
      ccompare graph --out reports/citations.html      # interactive view, works offline
      ccompare graph --out reports/citations.graphml   # for Gephi, yEd, networkx
      ccompare graph corpus/raw --out graph.json       # node-link JSON
      ccompare graph --out graph.svg                   # static picture
      ccompare graph                                   # summary: shared, unique, central
      ccompare graph --out citations.html --lang en    # the interactive page in English
    """
    from ccompare.citations import build_graph, citation_summary, write_graph
    from ccompare.citations.graph import SUFFIXES, GraphFormatError
    from ccompare.uitext import words

    if out and not out.lower().endswith(SUFFIXES):
        raise click.UsageError(f"--out {out}: the suffix must be one of {', '.join(SUFFIXES)}")
    result = load_plans(paths, jobs=jobs, use_cache=use_cache, quiet=quiet)
    keep_previous(result.plans, out, result.errors)
    graph = build_graph(result.plans, result.sources)
    if out:
        try:
            if out.lower().endswith(".html"):  # the only graph format with words in it
                from ccompare.atomic import atomic_write
                from ccompare.citations.view import render_html

                atomic_write(out, render_html(graph, lang=lang))
            else:
                write_graph(graph, out)
        except GraphFormatError as exc:
            raise click.UsageError(str(exc)) from None
        except OSError as exc:
            report_errors(result.errors)
            fail(f"{out}: cannot write ({os_reason(exc)})")
        if not quiet:
            click.echo(words("text", lang, "graph")("wrote", out=out, nodes=graph.number_of_nodes(),
                                                    edges=graph.number_of_edges()), err=True)
    else:
        summary = citation_summary(result.plans, graph)
        if fmt == "json":
            emit(json.dumps(summary_data(summary), ensure_ascii=False, indent=2), None)
        else:
            emit(_summary_table(summary, lang), None)
    report_errors(result.errors)
    sys.exit(exit_code(result.errors))
