"""Structure checks: required parts of a plan of this genre, and draft markers left in the text."""

from __future__ import annotations

import re
from functools import lru_cache

from ccompare.benchmark.context import Context
from ccompare.benchmark.model import Finding, PeerExample
from ccompare.benchmark.text import part_name, rules, shorten
from ccompare.read.fold import fold
from ccompare.read.source import SourceText
from ccompare.schema import Plan


@lru_cache(maxsize=1)
def _heading_line() -> re.Pattern[str]:
    return re.compile(rules()["heading_line"])


def _phrase(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])")


def _heading_lines(src: SourceText) -> list[str]:
    """Lines that are headings on their own: short and in capitals (after any numbering).

    Used only when the plan's section tree is empty: a numbered paragraph such as
    '2. Sở Tài chính: bố trí kinh phí ...' is not a heading.
    """
    out = []
    rx = _heading_line()
    for line in src.lines:
        text = line.text.strip().strip("#*").strip()
        if not text or len(text) > 120 or "\t" in line.text:
            continue
        m = rx.match(fold(text))
        body = text[m.end():] if m else text
        if body.upper() == body and any(c.isalpha() for c in body):
            out.append(text)
    return out


def part_heading(plan: Plan, src: SourceText | None, words: list[str]) -> str | None:
    """The first heading of `plan` that names a part (its vocabulary), or None."""
    rx = _phrase(words)
    for sec in plan.sections:
        if rx.search(fold(sec.heading or "")):
            return sec.heading
    if src is not None and not plan.sections:
        for text in _heading_lines(src):
            if rx.search(fold(text)):
                return text
    return None


def missing_sections(ctx: Context) -> list[Finding]:
    out = []
    for part in rules()["required_parts"]:
        words = part["headings"]
        if part_heading(ctx.draft, ctx.source, words):
            continue
        examples = []
        for peer in ctx.peers:
            heading = part_heading(peer, ctx.peer_sources.get(peer.id), words)
            if heading:
                examples.append(PeerExample(peer.id, None, shorten(heading, 200)))
        expected = not ctx.peers or ctx.expected([e.plan for e in examples], "part_share")
        out.append(ctx.finding(
            "missing-section", None if expected else "few-peers",
            examples=examples, part=part_name(part["part"], ctx.lang),
            peers_with=len(examples), peers=len(ctx.peers),
        ))
    return out


@lru_cache(maxsize=1)
def _markers() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((m["variant"], re.compile(m["pattern"])) for m in rules()["draft_markers"])


def draft_markers(ctx: Context) -> list[Finding]:
    """Blank number or date, placeholders and 'dự thảo' labels, each with its span."""
    src = ctx.source
    if src is None:  # no text: fall back on the plan's own draft flag
        return [
            ctx.finding("draft-marker", "blank-number", span=fl.span, text=fl.message)
            for fl in ctx.draft.flags if fl.kind == "draft"
        ]
    taken: list[tuple[int, int]] = []
    found = []
    for variant, rx in _markers():
        for m in rx.finditer(src.folded):
            s, e = m.start(), m.end()
            if any(s < b and a < e for a, b in taken):
                continue
            taken.append((s, e))
            found.append((s, variant, (s, e)))
    return [
        ctx.finding("draft-marker", variant, span=span, text=shorten(src.text[span[0]:span[1]], 80))
        for _, variant, span in sorted(found)
    ]
