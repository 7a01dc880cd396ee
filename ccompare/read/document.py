"""One entry point for every input format: .docx and .pdf by their readers, text otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from ccompare.read.source import SourceText, read_source


def read_document(path: str | os.PathLike[str]) -> SourceText:
    """Dispatch on the suffix: .docx -> read_docx, .pdf -> read_pdf, else read_source.

    The readers import python-docx / pdfplumber lazily, so text-only runs never load them.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        from ccompare.read.docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from ccompare.read.pdf import read_pdf

        return read_pdf(path)
    return read_source(path)
