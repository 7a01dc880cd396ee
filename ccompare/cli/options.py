"""Options and output plumbing shared by every command (one decorator, one writer)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from ccompare.atomic import atomic_write

FORMATS = ("table", "json", "csv")


def output_options(formats: Sequence[str] = FORMATS) -> Callable:
    """--format/--out/--quiet for a command; --format defaults to the first of `formats`."""

    def decorate(fn: Callable) -> Callable:
        fn = click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr.")(fn)
        fn = click.option(
            "--out", "-o", "out", type=click.Path(dir_okay=False, writable=True),
            help="Write to this file (atomically) instead of standard output.",
        )(fn)
        fn = click.option(
            "--format", "-f", "fmt", type=click.Choice(list(formats)), default=formats[0],
            show_default=True, help="Output format.",
        )(fn)
        return fn

    return decorate


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=str))


def emit(text: str, out: str | None) -> None:
    """Write to --out atomically, or to stdout."""
    if out:
        atomic_write(out, text if text.endswith("\n") else text + "\n")
    else:
        click.echo(text, nl=not text.endswith("\n"))


def report_errors(errors: Sequence[Any]) -> None:
    """One line per failed input on stderr, no traceback."""
    for err in errors:
        click.echo(f"error: {err}", err=True)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in row])
    return buf.getvalue()


def table_text(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int] | None = None) -> str:
    """A plain aligned text table for people; long cells are shortened with '…'."""
    widths = list(widths or [40] * len(header))

    def cell(v: Any, w: int) -> str:
        s = "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else ("" if v is None else str(v))
        s = " ".join(s.split())
        return s if len(s) <= w else s[: w - 1] + "…"

    cols = [[cell(h, w) for h, w in zip(header, widths, strict=False)]]
    cols += [[cell(v, w) for v, w in zip(row, widths, strict=False)] for row in rows]
    real = [max(len(r[i]) for r in cols) for i in range(len(header))]
    lines = ["  ".join(c.ljust(real[i]) for i, c in enumerate(r)).rstrip() for r in cols]
    lines.insert(1, "  ".join("-" * w for w in real))
    return "\n".join(lines)


def exit_code(errors: Sequence[Any]) -> int:
    return 1 if errors else 0


def is_tty() -> bool:
    return sys.stderr.isatty()


def input_options(fn: Callable) -> Callable:
    """--jobs and --cache for every command that reads plans."""
    fn = click.option("--cache/--no-cache", "use_cache", default=False, show_default=True,
                      help="Reuse plans extracted before from unchanged files "
                           "(SQLite in $CCOMPARE_CACHE or .ccompare-cache/).")(fn)
    fn = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
                      help="Read files in this many parallel processes.")(fn)
    return fn


def load_plans(paths: Sequence[str], *, jobs: int = 1, use_cache: bool = False, quiet: bool = False):
    """Extract plans with a progress bar on a terminal; returns ccompare.extract.ExtractResult."""
    import os
    from pathlib import Path

    from ccompare.cache import DEFAULT_PATH, PlanCache
    from ccompare.extract import extract_plans
    from ccompare.inputs import collect_inputs

    cache = None
    if use_cache:
        cache = PlanCache(Path(os.environ["CCOMPARE_CACHE"]) if os.environ.get("CCOMPARE_CACHE") else DEFAULT_PATH)
    files, _ = collect_inputs(paths)
    show = not quiet and is_tty() and len(files) > 1
    try:
        if not show:
            return extract_plans(paths, jobs=jobs, cache=cache)
        with click.progressbar(length=len(files), label="reading plans", file=sys.stderr) as bar:
            return extract_plans(paths, jobs=jobs, cache=cache, progress=lambda _p: bar.update(1))
    finally:
        if cache is not None:
            cache.close()
