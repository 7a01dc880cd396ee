"""Options and output plumbing shared by every command (one decorator, one writer)."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

import click

from ccompare.atomic import atomic_write_chunks
from ccompare.rows import flat_value
from ccompare.uitext import DEFAULT_LANG, LANGS

FORMATS = ("table", "json", "csv")


def output_options(formats: Sequence[str] = FORMATS) -> Callable:
    """--format/--out/--quiet for a command; --format defaults to the first of `formats`."""

    def decorate(fn: Callable) -> Callable:
        fn = click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr.")(fn)
        fn = click.option(
            "--out", "-o", "out", type=click.Path(dir_okay=False, writable=True),
            help="Write to this file (atomically; '-' is standard output) instead of standard output.",
        )(fn)
        fn = click.option(
            "--format", "-f", "fmt", type=click.Choice(list(formats)), default=formats[0],
            show_default=True, help="Output format.",
        )(fn)
        return fn

    return decorate


def lang_option(what: str = "tables, summaries and closing lines") -> Callable:
    """--lang vi|en for every command that writes text for people (default Vietnamese, or $CCOMPARE_LANG).
    `what` says what changes language; JSON and CSV never do (they are the contract)."""
    return click.option(
        "--lang", type=click.Choice(list(LANGS)), default=DEFAULT_LANG, show_default=True, envvar="CCOMPARE_LANG",
        show_envvar=True, help=f"Language of the {what}. JSON and CSV keep the same names in every language.",
    )


paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=str))


STDOUT = "-"


def to_file(out: str | None) -> bool:
    """True when --out names a file (not absent, not '-' for standard output)."""
    return bool(out) and out != STDOUT


def os_reason(exc: OSError) -> str:
    """The OS's words for an error; a file where a folder is needed says which file."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
        return f"{exc.filename} is not a folder"
    return exc.strerror or str(exc) or type(exc).__name__


def fail(message: str) -> NoReturn:
    """One error line on stderr, exit code 1, no traceback."""
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def write_output(data: str | bytes, out: str | None) -> None:
    """Write to --out atomically (or through a FIFO/device), or to stdout (text ends with a
    newline there); OS errors end the run with one line naming the file."""
    if not to_file(out) and isinstance(data, str) and not data.endswith("\n"):
        data += "\n"
    write_output_chunks((data,), out)


def write_output_chunks(chunks: Iterable[str | bytes], out: str | None) -> None:
    """`write_output` of output that comes in pieces (a big JSON): written as it is made, to a
    temporary file renamed at the end, or to stdout."""
    if to_file(out):
        try:
            atomic_write_chunks(out, chunks)  # type: ignore[arg-type]
        except OSError as exc:
            fail(f"{out}: cannot write ({os_reason(exc)})")
        return
    try:
        sys.stdout.flush()
        raw = getattr(sys.stdout, "buffer", None)  # a text-only stream (a test's, a wrapper's) takes str
        for chunk in chunks:
            if raw is not None:
                raw.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            else:
                sys.stdout.write(chunk if isinstance(chunk, str) else chunk.decode("utf-8"))
        (raw or sys.stdout).flush()
    except OSError as exc:
        stdout_failed(exc)


def stdout_failed(exc: OSError) -> NoReturn:
    """Standard output is gone (reader closed the pipe) or full: say so once and stop, without
    Python's own complaint at exit when it flushes stdout again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    fail(f"standard output: cannot write ({os_reason(exc)})")


def emit(text: str, out: str | None) -> None:
    """Write to --out atomically, or to stdout ('-' or no --out)."""
    write_output(text if text.endswith("\n") or not to_file(out) else text + "\n", out)


def keep_previous(plans: Sequence[Any], out: str | None, errors: Sequence[Any]) -> None:
    """When no plan could be read, an existing output is worth more than an empty one: leave it,
    list the failures and exit 1."""
    if plans or not to_file(out):
        return
    report_errors(errors)
    click.echo(f"note: no plan could be read; {out} left unchanged", err=True)
    sys.exit(1)


def report_errors(errors: Sequence[Any]) -> None:
    """One line per failed input on stderr, no traceback."""
    for err in errors:
        click.echo(f"error: {err}", err=True)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([flat_value(v) for v in row])  # lists as JSON arrays, as in SQLite
    return buf.getvalue()


def table_text(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int] | None = None) -> str:
    """A plain aligned text table for people; long cells are shortened with '…' (headers never are,
    whatever their language)."""
    widths = [max(w, len(str(h))) for w, h in zip(widths or [40] * len(header), header, strict=False)]

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


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Filters are kept on the context for `load_plans`, so commands need no extra parameters."""
    ctx.meta[f"ccompare.{param.name}"] = value
    return value


def _years(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[int, ...]:
    years: set[int] = set()
    for item in value:
        first, _, last = item.partition("-")
        try:
            lo, hi = int(first), int(last or first)
        except ValueError:
            raise click.BadParameter(f"{item!r} is not a year or a range such as 2023-2025") from None
        if not (1945 <= lo <= hi <= 2100):
            raise click.BadParameter(f"{item!r} is not a year range between 1945 and 2100")
        years.update(range(lo, hi + 1))
    return _remember(ctx, param, tuple(sorted(years)))


def input_options(fn: Callable) -> Callable:
    """--jobs, --cache and the --province/--year filters for every command that reads plans."""
    fn = click.option("--year", "years", multiple=True, metavar="YEAR[-YEAR]", callback=_years, expose_value=False,
                      help="Keep only plans of this year or range (repeatable), e.g. --year 2024 --year 2020-2022.")(fn)
    fn = click.option("--province", "provinces", multiple=True, metavar="SLUG", callback=_remember,
                      expose_value=False,
                      help="Keep only plans of this province (repeatable; ASCII slug such as khanh-hoa; a "
                           "post-2025 province also keeps the provinces merged into it).")(fn)
    fn = click.option("--cache/--no-cache", "use_cache", default=False, show_default=True,
                      help="Reuse plans extracted before from unchanged files "
                           "(SQLite in $CCOMPARE_CACHE or .ccompare-cache/).")(fn)
    fn = click.option("--jobs", "-j", type=JOBS, default="auto", show_default=True, envvar="CCOMPARE_JOBS",
                      show_envvar=True,
                      help="Parallel processes for reading files and comparing: a number, or 'auto' (the "
                           "usable cores, once the input is big enough to repay starting them).")(fn)
    return fn


AUTO_JOBS = 0  # --jobs auto, resolved by `jobs_for` against the size of the work
AUTO_MIN_FILES = 16  # reading fewer files in one process is quicker than starting others
AUTO_MIN_TASKS = 2_000  # likewise for comparing fewer tasks


class _Jobs(click.ParamType):
    """A number of processes (1-64) or 'auto' (AUTO_JOBS)."""

    name = "N|auto"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "N|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        if str(value).strip().lower() == "auto":
            return AUTO_JOBS
        try:
            n = int(value)
        except ValueError:
            self.fail(f"{value!r} is neither a number of processes nor 'auto'", param, ctx)
        if not 1 <= n <= 64:
            self.fail(f"{n} is not between 1 and 64 (or 'auto')", param, ctx)
        return n


JOBS = _Jobs()


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def jobs_for(jobs: int, size: int, minimum: int) -> int:
    """The processes to use for work of `size` items: `jobs` as given, or for --jobs auto the usable
    cores (at most 8) when `size` reaches `minimum`, else 1 (starting processes costs more)."""
    if jobs != AUTO_JOBS:
        return jobs
    return min(usable_cores(), 8) if size >= minimum else 1


def load_plans(paths: Sequence[str], *, jobs: int = 1, use_cache: bool = False, quiet: bool = False,
               meanwhile: Callable[[], object] | None = None, whole: bool = True):
    """Extract plans with a progress bar on a terminal; returns ccompare.extract.ExtractResult.
    `jobs` AUTO_JOBS reads in parallel only when there are many files (`jobs_for`); `meanwhile`
    and `whole` as in extract_plans."""
    import os
    from pathlib import Path

    from ccompare.cache import DEFAULT_PATH, PlanCache
    from ccompare.extract import extract_plans
    from ccompare.inputs import collect_inputs

    cache = None
    if use_cache:
        from ccompare.cache import CacheError

        path = Path(os.environ["CCOMPARE_CACHE"]) if os.environ.get("CCOMPARE_CACHE") else DEFAULT_PATH
        try:
            cache = PlanCache(path)
        except CacheError as exc:
            click.echo(f"warning: {exc}; running without the cache", err=True)
        else:
            if cache.note and not quiet:
                click.echo(f"note: {cache.note}", err=True)
    files, _ = collect_inputs(paths)
    jobs = jobs_for(jobs, len(files), AUTO_MIN_FILES)
    show = not quiet and is_tty() and len(files) > 1
    try:
        if not show:
            result = extract_plans(paths, jobs=jobs, cache=cache, meanwhile=meanwhile, whole=whole)
        else:
            with click.progressbar(length=len(files), label="reading plans", file=sys.stderr) as bar:
                result = extract_plans(paths, jobs=jobs, cache=cache, progress=lambda _p: bar.update(1),
                                       meanwhile=meanwhile, whole=whole)
    finally:
        if cache is not None:
            cache.close()
    for dup in () if quiet else result.duplicates:
        click.echo(f"note: {dup.path}: same text as {dup.same_as}; read once (plan {dup.plan})", err=True)
    ctx = click.get_current_context(silent=True)
    provinces = ctx.meta.get("ccompare.provinces") if ctx else None
    years = ctx.meta.get("ccompare.years") if ctx else None
    if provinces or years:
        from ccompare.api import select_plans

        kept = select_plans(result, provinces=provinces, years=years)
        if not quiet:
            click.echo(f"note: {len(kept.plans)} of {len(result.plans)} plans match the --province/--year filters",
                       err=True)
        result = kept
    return result
