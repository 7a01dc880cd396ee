"""Where the project's top-level data folders are found: the source checkout ccompare runs
from, else the copy a wheel installs as data files (<prefix>/share/ccompare/...).

The bundled corpus and the trained models (models/align, models/area) are folders of the
project, not package code (the design keeps them beside the package), so a wheel ships them
as data files (setup.py) and this module finds them in either place.
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def installed_share() -> list[Path]:
    """The share/ccompare folders a wheel may have installed into (default and user schemes)."""
    out = []
    for scheme in (sysconfig.get_default_scheme(), f"{os.name}_user"):
        try:
            out.append(Path(sysconfig.get_path("data", scheme)) / "share" / "ccompare")
        except KeyError:  # a scheme this platform does not know
            continue
    return out


def project_folder(relative: str, *, from_cwd: bool = False) -> Path | None:
    """`relative` (e.g. 'models/area') in the working directory when `from_cwd`, then in the
    checkout, then in the installed data files; None when none has it."""
    bases = ([Path.cwd()] if from_cwd else []) + [CHECKOUT, *installed_share()]
    for base in bases:
        candidate = base / relative
        if candidate.exists():
            return candidate
    return None
