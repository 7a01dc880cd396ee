"""Metadata lives in setup.cfg; this file only adds the bundled corpus and the trained models
as data files.

They are top-level folders of the project (not package code), so a wheel installs them under
<prefix>/share/ccompare/ (corpus/, models/align/, models/area/), where ccompare.resources finds
them. The training scripts and their data stay in the source tree.
"""

from pathlib import Path

from setuptools import setup

SHIPPED = ("corpus", "models/align", "models/area")


def shipped_data_files() -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for folder in SHIPPED:
        for f in sorted(Path(folder).rglob("*")):
            if f.is_file() and not f.name.startswith("."):
                groups.setdefault(str(Path("share", "ccompare", f.parent)), []).append(str(f))
    return sorted(groups.items())


setup(data_files=shipped_data_files())
