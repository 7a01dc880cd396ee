"""Table cells exported from Word/HTML carry fragments such as <ul><li><p><i>: reduce to text."""

from __future__ import annotations

import html
import re

_BLOCK = re.compile(r"</?(?:li|p|br|div|tr|ul|ol)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")


def strip_html(text: str) -> str:
    """'<ul><li><p>- A</p></li></ul>' -> '- A'; entities unescaped, whitespace collapsed."""
    text = _BLOCK.sub(" ", text)
    text = _TAG.sub("", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()
