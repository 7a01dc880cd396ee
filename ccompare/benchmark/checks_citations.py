"""Citation checks: malformed symbols, year/date conflicts, and national anchors peers cite."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from ccompare.benchmark.context import Context
from ccompare.benchmark.model import Finding, PeerExample
from ccompare.benchmark.text import reason, rules, shorten
from ccompare.schema import Citation

_SYMBOL = re.compile(r"\d{1,5}(?:\s*[/-]\s*[0-9A-Za-zĐđ&]+)+")
_YEAR_IN_SYMBOL = re.compile(r"/((?:19|20)\d\d)/")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    sp = rules()["symbol_patterns"]
    return tuple(re.compile(sp[k]) for k in ("state", "party", "law"))


@lru_cache(maxsize=1)
def _doc_types() -> frozenset[str]:
    return frozenset(rules()["doc_types"])


def symbol_of(c: Citation) -> str | None:
    """The document symbol as written in the citation (e.g. '3409/QĐ-UBND'), or None."""
    if c.number is None and c.via != "number":
        return None
    candidates = [m.group(0) for m in _SYMBOL.finditer(c.raw) if re.search(r"[A-Za-zĐđ]", m.group(0))]
    if c.number:
        preferred = [s for s in candidates if s.startswith(c.number)]
        candidates = preferred or candidates
    return candidates[0].strip() if candidates else None


def malformed_reason(c: Citation) -> str | None:
    """Why a numbered citation's symbol is malformed (a reason key), or None when it is sound."""
    if c.via != "number":
        return None
    if not c.number:
        return "no-number"
    if not c.doc_type:
        return "no-type"
    if not c.issuer:
        return "no-issuer"
    symbol = symbol_of(c)
    if symbol is None:
        return None  # nothing written to judge (e.g. the number alone was repaired from OCR)
    if c.doc_type not in _doc_types():
        return "unknown-type"
    return _symbol_reason(symbol)


_NUMBER_LABEL = re.compile(r"(?<![a-z])so\s*:?\s*$")


def uncited_symbols(ctx: Context) -> list[tuple[tuple[int, int], str]]:
    """Symbol-like text after 'số' that no citation covers: (span, symbol) of each.

    A symbol the citation finder could not read at all (e.g. '215/kh-ubnd') is still a
    malformed symbol for the drafter, so it is looked for in the text itself.
    """
    src = ctx.source
    if src is None:
        return []
    covered = [c.span for c in ctx.draft.citations if c.span]
    out = []
    for m in _SYMBOL.finditer(src.text):
        s, e = m.start(), m.end()
        if not re.search(r"[A-Za-zĐđ]", m.group(0)) or any(a <= s < b for a, b in covered):
            continue
        if not _NUMBER_LABEL.search(src.folded[max(0, s - 12):s]):
            continue
        out.append(((s, e), m.group(0)))
    return out


def _symbol_reason(symbol: str) -> str | None:
    if re.search(r"\s", symbol):
        return "spaces"
    letters = re.sub(r"[^A-Za-zĐđ]", "", symbol)
    if letters and letters == letters.lower():
        return "lowercase"
    if not any(rx.match(symbol) for rx in _patterns()):
        return "shape"
    return None


def _label(c: Citation) -> str:
    return symbol_of(c) or shorten(c.raw, 60)


def citation_checks(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    first_date: dict[str, Citation] = {}
    for c in ctx.draft.citations:
        why = malformed_reason(c)
        if why:
            out.append(ctx.finding(
                "citation-malformed", why, span=c.span, citation=c.target, symbol=_label(c),
                reason=reason(why, ctx.lang, doc_type=c.doc_type or ""), sev=None,
            ))
        symbol = symbol_of(c)
        year = _YEAR_IN_SYMBOL.search(symbol or "")
        if year and c.date and c.date[:4] != year.group(1):
            out.append(ctx.finding(
                "citation-year-conflict", span=c.span, citation=c.target, symbol=symbol,
                symbol_year=year.group(1), date=_show_date(c.date),
            ))
        if c.target and c.date:
            seen = first_date.setdefault(c.target, c)
            if seen.date != c.date:
                out.append(ctx.finding(
                    "citation-date-conflict", "self", span=c.span, citation=c.target,
                    symbol=_label(c), date=_show_date(c.date), other_date=_show_date(seen.date),
                ))
    for span, symbol in uncited_symbols(ctx):
        why = _symbol_reason(symbol)
        if why:
            out.append(ctx.finding(
                "citation-malformed", why, span=span, symbol=symbol, reason=reason(why, ctx.lang),
            ))
    out.extend(_peer_date_conflicts(ctx))
    return out


def _show_date(iso: str | None) -> str:
    if not iso:
        return "?"
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


def _peer_date_conflicts(ctx: Context) -> list[Finding]:
    """A document the draft dates differently from how the peers that cite it date it."""
    peer_dates: dict[str, Counter[str]] = defaultdict(Counter)
    peer_examples: dict[tuple[str, str], list[PeerExample]] = defaultdict(list)
    for peer in ctx.peers:
        for c in {c.target: c for c in peer.citations if c.target and c.date}.values():
            peer_dates[c.target][c.date] += 1  # type: ignore[index]
            peer_examples[(c.target, c.date)].append(  # type: ignore[arg-type]
                PeerExample(peer.id, None, shorten(c.raw, 200)))
    out = []
    reported: set[str] = set()
    for c in ctx.draft.citations:
        if not (c.target and c.date) or c.target in reported or c.target not in peer_dates:
            continue
        dates = peer_dates[c.target]
        if c.date in dates:
            continue
        peer_date, n = dates.most_common(1)[0]
        reported.add(c.target)
        out.append(ctx.finding(
            "citation-date-conflict", span=c.span, citation=c.target,
            examples=peer_examples[(c.target, peer_date)], symbol=_label(c),
            date=_show_date(c.date), peer_date=_show_date(peer_date), peers_with=n,
        ))
    return out


def anchor_documents(ctx: Context) -> dict[str, list[tuple[str, Citation]]]:
    """National documents cited by enough peers: target -> [(peer id, citation)]."""
    cited: dict[str, dict[str, Citation]] = defaultdict(dict)
    for peer in ctx.peers:
        for c in peer.citations:
            if c.target and c.scope == "national":
                cited[c.target].setdefault(peer.id, c)
    return {
        target: sorted(by_peer.items())
        for target, by_peer in sorted(cited.items())
        if ctx.expected(by_peer, "anchor_share", minimum=2)
    }


def cites(draft_targets: set[str], target: str) -> bool:
    """Whether the draft cites `target`; a citation without a year ('.../17/null') matches
    the same type, issuer and number of any year."""
    if target in draft_targets:
        return True
    stem = target.rsplit("/", 1)[0]
    return f"{stem}/null" in draft_targets


def missing_anchors(ctx: Context) -> list[Finding]:
    draft_targets = {c.target for c in ctx.draft.citations if c.target}
    out = []
    for target, cited in anchor_documents(ctx).items():
        if cites(draft_targets, target):
            continue
        examples = [PeerExample(pid, None, shorten(c.raw, 200)) for pid, c in cited]
        symbols = Counter(_label(c) for _, c in cited)
        titles = Counter(c.title for _, c in cited if c.title)
        document = symbols.most_common(1)[0][0]
        if titles:
            document = f"{document} ({shorten(titles.most_common(1)[0][0], 80)})"
        out.append(ctx.finding(
            "missing-anchor", citation=target, examples=examples, document=document,
            peers_with=len(cited), peers=len(ctx.peers),
        ))
    return out
