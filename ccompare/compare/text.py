"""Task text -> comparable tokens, key terms and evidence phrases.

Tokens come from the folded text (no diacritics, lower case) with abbreviations expanded
('CCHC' meets 'cải cách hành chính'); function words, numbers and province names are set
aside. Two views are matched: words (each token in its own spelling with diacritics, so that
pyvi can segment real Vietnamese words and 'sóng' does not meet 'sống'), and the folded string
(character n-grams, forgiving OCR and missing diacritics). Genre words that nearly every task
shares ('cơ quan, đơn vị, địa phương', 'cải cách hành chính') stay in both matching views and
are weighed down by document frequency (measured: dropping them by a fixed list lost more than
it saved), but they are never evidence. Each token keeps its span in the task's own text, so
a shared phrase can be shown to people in the words one plan actually used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, NamedTuple

from ccompare.compare.wordseg import segment
from ccompare.datafiles import load_json
from ccompare.provinces import find_provinces
from ccompare.read.fold import fold

if TYPE_CHECKING:
    from ccompare.compare.work import Work

_WORD = re.compile(r"[a-z0-9]+(?:[&\-][a-z0-9]+)*")
_SYLLABLE = re.compile(r"[a-z0-9]+")


class Token(NamedTuple):  # a tuple: a large comparison makes about a million of them
    text: str  # folded, abbreviation-expanded syllable
    start: int  # span in the original text
    end: int
    stop: bool  # set aside for matching (function word, number, place name)
    generic: bool = False  # a genre word: matched (weighed by document frequency), never evidence
    word: str = ""  # the token in its own spelling, lower case with diacritics (the word view)


@dataclass(frozen=True)
class TaskText:
    """What matching needs of one task: tokens, runs of content tokens, the normalised strings."""

    tokens: tuple[Token, ...]
    runs: tuple[tuple[Token, ...], ...]  # maximal runs of adjacent content tokens (evidence)
    normal: str  # content tokens joined by spaces (evidence keys)
    concepts: tuple[str, ...] = ()  # thesaurus concepts the text names (data: concepts)
    match_runs: tuple[tuple[Token, ...], ...] = ()  # runs of content and genre tokens (matching)
    match_normal: str = ""  # folded content and genre tokens (character n-grams)

    def __reduce__(self):  # noqa: ANN204 - pickle's protocol
        """Pickled by columns: parallel indexing sends each worker's texts back to the parent, and
        a million small Token objects pickled one by one cost more than analysing them (measured:
        3,000 texts, 2 s to pickle and unpickle, 6.8 MB). Runs are slices of `tokens`."""
        toks = self.tokens
        at = {id(t): k for k, t in enumerate(toks)}

        def slices(runs: tuple[tuple[Token, ...], ...]) -> list[int]:
            return [x for run in runs for x in (at[id(run[0])], len(run))]

        columns = ([t.text for t in toks], [t.word for t in toks], [t.start for t in toks],
                   [t.end for t in toks], bytes(t.stop for t in toks), bytes(t.generic for t in toks))
        return (_task_text_from_columns, (columns, slices(self.runs), self.normal, self.concepts,
                                          slices(self.match_runs), self.match_normal))

    def words(self) -> list[str]:
        """Words segmented by pyvi in their own spelling (syllables of one word joined by '_')
        and '#concept' terms: the vocabulary the word TF-IDF view is fitted on. Word bigrams
        are left out: measured on the labelled pairs, they added noise rather than precision."""
        out: list[str] = [f"#{c}" for c in self.concepts]
        for run in self.match_runs:
            out.extend(segment(" ".join(t.word or t.text for t in run)))
        return out

    def terms(self, max_n: int = 3) -> list[str]:
        """Word n-grams (1..max_n) inside runs, and '#concept' terms: the TF-IDF vocabulary."""
        out: list[str] = [f"#{c}" for c in self.concepts]
        for run in self.runs:
            words = [t.text for t in run]
            for n in range(1, max_n + 1):
                out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        return out


def terms_data() -> dict:
    return load_json("compare_terms.json")


Joins = tuple[str, ...]  # between a phrase's syllables: '' between words, else '-' or '&' inside a word


@lru_cache(maxsize=1)
def _concepts() -> tuple[re.Pattern[str], dict[tuple[str, ...], tuple[tuple[Joins, str], ...]]]:
    """One alternation over every thesaurus phrase (folded, words separated by any non-letters),
    the longest first; and, by syllables, the joins and the concept of each phrase, in that order."""
    owner: dict[str, str] = {}
    data = terms_data().get("concepts", {})
    for kind in ("activities", "subjects"):
        for concept, phrases in data.get(kind, {}).items():
            for phrase in phrases:
                owner[" ".join(_WORD.findall(phrase))] = concept
    alternatives = sorted(owner, key=len, reverse=True)
    body = "|".join(r"[^a-z0-9]+".join(re.escape(w) for w in a.split()) for a in alternatives)
    phrases: dict[tuple[str, ...], list[tuple[Joins, str]]] = {}
    for a in alternatives:
        parts = re.split(r"([ &\-])", a)
        phrases.setdefault(tuple(parts[::2]), []).append((tuple(j.strip() for j in parts[1::2]), owner[a]))
    return (re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"),
            {syllables: tuple(found) for syllables, found in phrases.items()})


def _concept_matched(matched: str, phrases: dict[tuple[str, ...], tuple[tuple[Joins, str], ...]]) -> str:
    """The concept of the phrase the alternation matched: the first one of those syllables whose
    joins inside words are the text's ('xay-dung' is also matched by 'xay dung')."""
    separators = _SYLLABLE.split(matched)[1:-1]
    found = phrases[tuple(_SYLLABLE.findall(matched))]
    return next((concept for joins, concept in found
                 if all(not j or j == s for j, s in zip(joins, separators, strict=True))), found[0][1])


@lru_cache(maxsize=1)
def activity_concepts() -> frozenset[str]:
    return frozenset(terms_data().get("concepts", {}).get("activities", {}))


def concepts_in(folded: str) -> tuple[str, ...]:
    """Thesaurus concepts named in a folded text, sorted."""
    rx, phrases = _concepts()
    found = {_concept_matched(m.group(0), phrases) for m in rx.finditer(folded)}
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, tuple[tuple[str, str], ...]], frozenset[str], dict[int, set[tuple[str, ...]]]]:
    data = terms_data()
    spelled = data.get("abbreviation_words", {})
    abbreviations = {}
    for k, v in data["abbreviations"].items():
        folded_words = v.split()
        words = spelled.get(k, v).split()
        if len(words) != len(folded_words):  # a data slip: fall back to the folded expansion
            words = folded_words
        abbreviations[k] = tuple(zip(folded_words, words, strict=True))
    stop_words = frozenset(data["stop_words"])
    generic: dict[int, set[tuple[str, ...]]] = {}
    for phrase in data["generic_phrases"]:
        words = tuple(phrase.split())
        generic.setdefault(len(words), set()).add(words)
    return abbreviations, stop_words, generic


@lru_cache(maxsize=1)
def _generic_starts() -> frozenset[str]:
    return frozenset(words[0] for phrases in _vocab()[2].values() for words in phrases)


def _task_text_from_columns(columns, runs: list[int], normal: str, concepts: tuple[str, ...],
                            match_runs: list[int], match_normal: str) -> TaskText:
    texts, words, starts, ends, stops, generics = columns
    # tuple.__new__ makes each Token in C (a NamedTuple's own __new__ is Python): unpickling the
    # 180,000 tokens of 200 plans' texts, collector off as in a comparison, 0.26 -> 0.19 s
    tokens = tuple(map(tuple.__new__, repeat(Token), zip(texts, starts, ends, map(bool, stops), map(bool, generics),
                                                         words, strict=True)))

    def unslice(flat: list[int]) -> tuple[tuple[Token, ...], ...]:
        return tuple(tokens[flat[k]:flat[k] + flat[k + 1]] for k in range(0, len(flat), 2))

    return TaskText(tokens, unslice(runs), normal, concepts, unslice(match_runs), match_normal)


_SEEDED: dict[str, tuple] = {}  # text -> (TaskText, words, Work): analyses made elsewhere for this run


def seed_task_texts(analysed: dict[str, tuple]) -> None:
    """Use these analyses (`analyse_texts` run in other processes) instead of redoing them;
    replaces the previous seeds, so a long-lived process keeps one run's worth."""
    _SEEDED.clear()
    _SEEDED.update(analysed)


def task_words(text: str) -> list[str]:
    """`task_text(text).words()`, from the seeds when another process made them."""
    found = _SEEDED.get(text)
    return list(found[1]) if found is not None else task_text(text).words()


def task_text(text: str) -> TaskText:
    """Tokenise a task's text for matching (cached: the same text is read once)."""
    found = _SEEDED.get(text)
    return found[0] if found is not None else _task_text(text)


def task_work(text: str) -> Work:
    """`work.read_work(text)`, from the seeds when another process read it."""
    found = _SEEDED.get(text)
    if found is not None:
        return found[2]
    from ccompare.compare.work import read_work

    return read_work(text)


def analyse_texts(texts: list[str]) -> list[tuple]:
    """`task_text`, its word view and `work.read_work` of each text: the part of indexing worth
    sending to other processes (pyvi segmentation dominates it; the work read in the parent
    took 0.7 s of 200 plans' indexing)."""
    from ccompare.compare.work import read_work

    out = []
    for t in texts:
        tt = task_text(t)
        out.append((tt, tt.words(), read_work(t)))
    return out


@lru_cache(maxsize=65536)
def _task_text(text: str) -> TaskText:
    abbreviations, stop_words, generic = _vocab()
    folded = fold(text)
    lowered = text.lower()  # same length as `text` for NFC Vietnamese
    if len(lowered) != len(text):
        lowered = folded
    places = [(s, e) for _, s, e in find_provinces(folded)]
    raw: list[list] = []  # [text, start, end, stop, generic, word]
    for m in _WORD.finditer(folded):
        word, s, e = m.group(0), m.start(), m.end()
        in_place = bool(places) and any(ps <= s and e <= pe for ps, pe in places)
        if word in abbreviations:
            raw.extend([w, s, e, in_place, False, spelled] for w, spelled in abbreviations[word])
            continue
        parts = ((word, s, e),) if "-" not in word and "&" not in word else \
            ((p.group(0), s + p.start(), s + p.end()) for p in _SYLLABLE.finditer(word))
        for w, ps, pe in parts:
            stop = in_place or w.isdigit() or lowered[ps:pe] in stop_words
            spelled = lowered[ps:pe]
            raw.append([w, ps, pe, stop, False, spelled if fold(spelled) == w else w])
    # a function word inside a longer word is not one: 'đối' of 'đối thoại', 'việc' of 'công việc'
    for r, inside in zip(raw, _inside_words([r[5] for r in raw], stop_words), strict=True):
        if inside and r[3] and r[5] in stop_words:
            r[3] = False
    words = [r[0] for r in raw]
    lengths = sorted(generic, reverse=True)
    starts = _generic_starts()
    i = 0
    while i < len(raw):
        if words[i] not in starts:  # no genre phrase begins with this word
            i += 1
            continue
        for n in lengths:
            if tuple(words[i:i + n]) in generic[n]:
                for r in raw[i:i + n]:
                    r[4] = not r[3]
                i += n
                break
        else:
            i += 1
    tokens = tuple(map(tuple.__new__, repeat(Token), raw))  # each Token made in C, as in unpickling
    stop = [r[3] for r in raw]
    aside = [r[3] or r[4] for r in raw]
    normal = " ".join(r[0] for r in raw if not (r[3] or r[4]))
    match_normal = " ".join(r[0] for r in raw if not r[3])
    return TaskText(tokens, _runs(tokens, aside), normal, concepts_in(folded), _runs(tokens, stop), match_normal)


def _inside_words(syllables: list[str], function_words: frozenset[str]) -> list[bool]:
    """For each syllable, whether word segmentation puts it in a word of two or more syllables
    that is not made of function words alone ('đối với' stays a function word)."""
    out: list[bool] = []
    for word in segment(" ".join(syllables)):
        parts = word.split("_")
        content = len(parts) > 1 and any(p not in function_words for p in parts)
        out.extend([content] * len(parts))
    return out if len(out) == len(syllables) else [False] * len(syllables)


def _runs(tokens: tuple[Token, ...], aside: list[bool]) -> tuple[tuple[Token, ...], ...]:
    """Maximal runs of adjacent tokens not set `aside` (one flag a token)."""
    runs: list[tuple[Token, ...]] = []
    start = 0
    for k, out in enumerate(aside):
        if out:
            if start < k:
                runs.append(tokens[start:k])
            start = k + 1
    if start < len(tokens):
        runs.append(tokens[start:])
    return tuple(runs)


Spans = tuple[tuple[int, int], ...]


def shared_phrases(a_text: str, b_text: str, *, limit: int = 5, min_chars: int = 4,
                   a_spans: Spans | None = None, b_spans: Spans | None = None) -> list[str]:
    """The longest word sequences both texts contain, in the wording of `a_text`; with spans,
    only the words inside them (a task's object: the words as its whole text was read).

    Single syllables are kept only when nothing longer is shared: one Vietnamese syllable
    rarely names a kind of work on its own. Cached: plans copy national templates, so about
    half of the reported pairs of a large comparison repeat a pair of texts already read.
    """
    return list(_shared_phrases(a_text, b_text, limit, min_chars, a_spans, b_spans))


@lru_cache(maxsize=131072)
def _shared_phrases(a_text: str, b_text: str, limit: int, min_chars: int,
                    a_spans: Spans | None = None, b_spans: Spans | None = None) -> tuple[str, ...]:
    found: list[tuple[int, int, int, str]] = []  # (n, start, end, evidence key) in a_text
    _start_codes_again_if_full()
    _, b_code = _run_words(b_text, b_spans)
    a_runs, _ = _run_words(a_text, a_spans)
    tokens = None
    for run, words, code in a_runs:
        # k: the most words in a row from word i that b has (the longest prefix of the rest of
        # the run found in b_code), up to MAX_PHRASE_WORDS; a match from i less its first word is
        # one from i + 1, so k starts from the one before less one and only grows: about two
        # substring searches a word, in C
        k, covered_until, size = 0, -1, len(code)
        for i in range(size):
            k = k - 1 if k > 0 else 0
            top = min(MAX_PHRASE_WORDS, size - i)
            while k < top and code[i:i + k + 1] in b_code:
                k += 1
            if k and i + k - 1 > covered_until:
                first, last = run[i], run[i + k - 1]
                # the words are the span's key unless the span cuts through the words one
                # abbreviation expands to (they share its start and end)
                if (i > 0 and run[i - 1].start == first.start) or (i + k < size and run[i + k].end == last.end):
                    if tokens is None:
                        tokens = _content_tokens(a_text)
                    key = _span_normal(tokens, first.start, last.end)
                else:
                    key = " ".join(words[i:i + k])
                found.append((k, first.start, last.end, key))
                covered_until = i + k - 1
            if i + k == size:  # a match to the run's end: every later one ends there too, covered
                break
    weak = _weak()
    strong = [f for f in found if f[3] not in weak and _folded_phrase(a_text[f[1]:f[2]]) not in weak]
    pool = strong or found
    multi = [f for f in pool if f[0] > 1]
    chosen = multi or pool
    seen: list[str] = []
    out: list[str] = []
    for _, s, e, key in sorted(chosen, key=lambda f: (-f[0], f[1])):
        phrase = " ".join(a_text[s:e].split())
        if len(phrase) < min_chars or not key or any(key in k for k in seen):
            continue
        seen.append(key)
        out.append(phrase)
        if len(out) >= limit:
            break
    return tuple(out)


MAX_PHRASE_WORDS = 8  # evidence phrases are read up to this many words


def _runs_within(runs: tuple[tuple[Token, ...], ...], spans: Spans | None) -> tuple[tuple[Token, ...], ...]:
    """The parts of `runs` whose tokens lie inside one of `spans` (all of them without spans)."""
    if spans is None:
        return runs
    out = []
    for s, e in spans:
        for run in runs:
            part = tuple(t for t in run if s <= t.start and t.end <= e)
            if part:
                out.append(part)
    return tuple(out)


_WORD_CODES: dict[str, str] = {}  # word -> the one character standing for it in `_run_words`
MAX_WORD_CODES = 1_000_000  # past this, the table starts again before the next pair
CODE_POINTS = (0xD800 - 0x100) + (0x110000 - 0xE000)  # characters from U+0100, less the surrogates
_CODES_ROUND = [0]  # which table `_coded_runs` read with: its cache is keyed on it
_RUN_BREAK = "\x00"  # between the runs of a text: no word stands for it
_UNSHARED = "\x01"  # a word read past CODE_POINTS: b's stand for breaks, so a's never match


def _start_codes_again_if_full() -> None:
    if len(_WORD_CODES) >= MAX_WORD_CODES:
        _WORD_CODES.clear()
        _CODES_ROUND[0] += 1


def _word_code(word: str) -> str:
    code = _WORD_CODES.get(word)
    if code is None:
        n = len(_WORD_CODES)
        if n >= CODE_POINTS:  # only a text of over 100,000 new words gets here
            return _UNSHARED
        n += 0x100
        code = _WORD_CODES[word] = chr(n if n < 0xD800 else n + 0x800)
    return code


CodedRuns = tuple[tuple[tuple[tuple[Token, ...], tuple[str, ...], str], ...], str]


def _run_words(text: str, spans: Spans | None = None) -> CodedRuns:
    """A text's content runs (cut to `spans`), each with its words and those words as a string of
    one character a word, and those strings joined by a break no word stands for: a phrase both
    texts share is a substring of both, which C finds (holding every n-gram of every text
    instead, the evidence of 1,000 plans peaked 190 MB higher; extending matches place by place
    in Python took a sixth of the evidence of 200 plans)."""
    return _coded_runs(text, spans, _CODES_ROUND[0])


@lru_cache(maxsize=65536)
def _coded_runs(text: str, spans: Spans | None, codes_round: int) -> CodedRuns:
    runs = []
    for run in _runs_within(task_text(text).runs, spans):
        words = tuple([t.text for t in run])
        runs.append((run, words, "".join([_word_code(w) for w in words])))
    joined = _RUN_BREAK.join(code for _, _, code in runs)
    return tuple(runs), joined.replace(_UNSHARED, _RUN_BREAK) if _UNSHARED in joined else joined


@lru_cache(maxsize=1)
def _weak() -> frozenset[str]:
    return frozenset(terms_data().get("weak_evidence", ()))


@lru_cache(maxsize=65536)
def _content_tokens(text: str) -> tuple[list[int], tuple[Token, ...]]:
    """A text's tokens and their starts (tokens come in text order, so the starts are sorted):
    `_span_normal` finds a span's tokens by bisection instead of reading every token per phrase."""
    tokens = task_text(text).tokens
    return [t.start for t in tokens], tokens


def _span_normal(indexed: tuple[list[int], tuple[Token, ...]], start: int, end: int) -> str:
    """The content tokens of a span of a text, as read in the whole text: a phrase's evidence
    key (reading the phrase again on its own would redo word segmentation for every pair).
    `indexed` is `_content_tokens(text)`; a token is in the span when it starts at or after
    `start` and ends by `end` (so it starts before `end`)."""
    from bisect import bisect_left

    starts, tokens = indexed
    return " ".join(t.text for t in tokens[bisect_left(starts, start):bisect_left(starts, end)]
                    if t.end <= end and not (t.stop or t.generic))


@lru_cache(maxsize=65536)
def _folded_phrase(phrase: str) -> str:
    """A phrase as written, folded with its spaces normalised (compared with weak evidence)."""
    return fold(" ".join(phrase.split()))
