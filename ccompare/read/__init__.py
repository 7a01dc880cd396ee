"""Bytes -> NFC text with spans, and the folded view used for OCR-tolerant matching."""

from ccompare.read.errors import ReadError
from ccompare.read.fold import FoldedText, fold
from ccompare.read.source import SourceText, read_source

__all__ = ["ReadError", "FoldedText", "fold", "SourceText", "read_source"]
