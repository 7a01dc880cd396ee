"""The `ccompare` command line: thin click wrappers over the library verbs.

Sub-commands live in their own modules and import heavy libraries only when they run,
so `ccompare --help` answers at once.
"""

from __future__ import annotations

import atexit
import importlib
import importlib.util
import os
import signal
import sys
import threading

import click

# command name -> module:attribute, loaded on first use
COMMANDS = {
    "extract": "ccompare.cli.extract:extract_command",
    "citations": "ccompare.cli.citations:citations_command",
    "graph": "ccompare.cli.citations:graph_command",
    "compare": "ccompare.cli.compare:compare_command",
    "benchmark": "ccompare.cli.benchmark:benchmark_command",
    "report": "ccompare.cli.report:report_command",
    "export": "ccompare.cli.export:export_command",
    "corpus": "ccompare.cli.info:corpus_command",
    "schema": "ccompare.cli.info:schema_command",
}

SHORT_HELP = {
    "extract": "Read plans into the common schema (one Plan per input).",
    "citations": "List the documents each plan cites, resolved to identities.",
    "graph": "Write the citation graph (GraphML, GEXF, JSON, HTML).",
    "compare": "Align tasks across plans: shared tasks, gaps, lead differences.",
    "benchmark": "Scorecard for a draft plan against peer plans.",
    "report": "Write the full HTML report.",
    "export": "Write plans (and their comparison) as SQLite tables.",
    "corpus": "Show where the bundled corpus is (the default input).",
    "schema": "Print the JSON Schema of a command's --format json output.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's own signature
        """SIGTERM unwinds like Ctrl-C (temporary files are removed, outputs stay whole), and an OS
        error no command handled is still one line, never a traceback."""
        _terminate_as_interrupt()
        try:
            return super().invoke(ctx)
        except OSError as exc:
            from ccompare.cli.options import fail, os_reason, stdout_failed

            if exc.filename is None and isinstance(exc, (BrokenPipeError, ConnectionResetError)):
                stdout_failed(exc)
            fail(f"{exc.filename or 'output'}: {os_reason(exc)}")
        finally:  # the work is done: a late SIGTERM must not interrupt the interpreter's shutdown
            _terminate_by_default()

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP[name]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ccompare")
def main() -> None:
    """Compare Vietnamese provincial administrative-reform (CCHC) plans.

    With no PATH, commands work on the bundled corpus: corpus/raw of the
    current folder if there is one, else the copy installed with ccompare
    (`ccompare corpus` prints where it is).

    \b
    Examples:
      ccompare extract                          # table of the bundled plans
      ccompare extract corpus/raw/ha-tinh --format json --out plans.json
      ccompare extract --coverage               # how much of each source was read
    """


def _interrupt(signum: int, frame) -> None:  # noqa: ANN001 - signal handler signature
    raise KeyboardInterrupt


def _terminate_as_interrupt() -> None:
    try:
        signal.signal(signal.SIGTERM, _interrupt)
    except (ValueError, OSError):  # not the main thread (embedded use): leave signals alone
        pass


def _terminate_by_default() -> None:
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except (ValueError, OSError):
        pass


def run() -> None:
    """The `ccompare` console script: `main`, then a quick exit.

    A large comparison leaves millions of small objects; freeing them one by one at shutdown
    took 6-8 s of a 100 s run at 1,000 plans. Once the command has finished and its outputs are
    written, the exit handlers run and the process ends without that walk (the OS takes the
    memory back at once). With other threads alive, or when standard output cannot be flushed,
    the ordinary exit is kept.
    """
    try:
        main()
    except SystemExit as exc:
        _exit_quickly(exc)
        raise
    _exit_quickly(SystemExit(0))


def _exit_quickly(exc: SystemExit) -> None:
    code = exc.code
    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        return  # a message to print, or threads to join: the ordinary exit does both
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # the ordinary exit reports a broken stdout its own way
    atexit._run_exitfuncs()  # what the ordinary exit would run (temporary files, pools)
    os._exit(code or 0)
