"""Turn the PATH arguments of a command into the list of documents to process."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ccompare.read.errors import ReadError

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")


def bundled_corpus() -> Path | None:
    """corpus/raw of the working directory, else of the source checkout ccompare runs from, else
    the copy a wheel installs as data files (<prefix>/share/ccompare/corpus/raw)."""
    from ccompare.resources import project_folder

    found = project_folder("corpus/raw", from_cwd=True)
    return found if found is not None and found.is_dir() else None


def collect_inputs(paths: Iterable[str | os.PathLike[str]] = ()) -> tuple[list[Path], list[ReadError]]:
    """Files given directly are kept whatever their suffix (the reader judges them);
    folders contribute their documents, sorted, recursively. No paths: the bundled corpus."""
    given = [Path(p) for p in paths]
    errors: list[ReadError] = []
    if not given:
        corpus = bundled_corpus()
        if corpus is None:
            return [], [ReadError("corpus/raw", "no PATH given and no bundled corpus found: "
                                  "give plan files or folders, e.g. `ccompare extract plans/`")]
        given = [corpus]
    files: list[Path] = []
    for p in given:
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                errors.append(ReadError(str(p), "folder contains no plan documents (.txt, .md, .docx, .pdf)"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif p.exists():  # a FIFO would block the run forever, a device never ends: refuse them here
            errors.append(ReadError(str(p), f"is {_kind(p)}, not a regular file: save it to a file first"))
        else:
            errors.append(ReadError(str(p), "no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, errors


def _kind(path: Path) -> str:
    mode = path.stat().st_mode
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"
