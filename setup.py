"""Metadata lives in setup.cfg; this file only adds the bundled corpus as data files.

The corpus is a top-level folder of the project (not package code), so a wheel installs it
under <prefix>/share/ccompare/corpus, where `ccompare corpus` finds it.
"""

from pathlib import Path

from setuptools import setup


def corpus_data_files() -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for f in sorted(Path("corpus").rglob("*")):
        if f.is_file() and not f.name.startswith("."):
            groups.setdefault(str(Path("share", "ccompare", f.parent)), []).append(str(f))
    return sorted(groups.items())


setup(data_files=corpus_data_files())
