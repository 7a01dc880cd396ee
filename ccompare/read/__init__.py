"""Bytes -> NFC text with spans, and the folded view used for OCR-tolerant matching."""

from ccompare.read.errors import ReadError
from ccompare.read.fold import FoldedText, fold
from ccompare.read.source import SourceText, read_source


def read_document(path):  # noqa: ANN001, ANN201 - thin lazy re-export
    """Any supported file (.txt, .md, .docx, .pdf) -> SourceText."""
    from ccompare.read.document import read_document as _read

    return _read(path)


__all__ = ["ReadError", "FoldedText", "fold", "SourceText", "read_source", "read_document"]
