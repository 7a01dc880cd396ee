"""What a task does and what it is about: its activity (the work) and its object.

Two tasks of different plans can share an object (online public services, the provincial
portal, the ISO system) and still be different work: publicising online public services is
not reviewing what they cost, and a reform unit reading such a pair as 'the same task' stops
trusting the comparison. `read_work` reads a task's governing activity (the earliest activity
phrase of data/activities.json, so lead-ins such as 'Tiếp tục', 'Đẩy mạnh', 'Chỉ đạo' or
'Phối hợp với ...' that name no work are passed over) and its object (the rest of that clause);
`compatible` says whether two tasks' activities may count as the same work. Matching runs on
the folded text (read/fold.py), so texts written without diacritics read the same, and the
activity span points into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ccompare.datafiles import load_json
from ccompare.read.fold import fold

_WORD = re.compile(r"[a-z0-9]+")
_SEP = r"[^a-z0-9]+"


@dataclass(frozen=True)
class Work:
    """A task's activity class (None when no activity phrase is found), where it was read in the
    text, the object text (what the activity is done to) and its content terms (folded,
    abbreviations expanded, without function words, genre words, numbers and place names)."""

    activity: str | None
    activity_span: tuple[int, int] | None
    object_text: str
    object_terms: tuple[str, ...]
    activities: tuple[str, ...] = ()  # the governing activity of each clause, first the task's own
    object_spans: tuple[tuple[int, int], ...] = ()  # where the object stands in the task's text


@dataclass(frozen=True)
class _Phrase:
    klass: str
    pattern: re.Pattern[str]


def _pattern(phrase: str, gap: int) -> re.Pattern[str]:
    """A folded phrase as a regex: words separated by any non-letters, '*' = up to `gap` words."""
    parts = [_SEP.join(re.escape(w) for w in _WORD.findall(seg)) for seg in phrase.split("*")]
    glue = rf"{_SEP}(?:[a-z0-9]+{_SEP}){{0,{gap}}}"
    return re.compile(rf"(?<![a-z0-9]){glue.join(p for p in parts if p)}(?![a-z0-9])")


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_json("activities.json")


@lru_cache(maxsize=1)
def _phrases() -> tuple[_Phrase, ...]:
    """Every activity phrase with its class: the classes' own, then the thesaurus activities of
    compare_terms.json (mapped through `from_concepts`)."""
    data = _data()
    gap = int(data.get("gap_words", 4))
    seen: dict[str, str] = {}
    for klass, spec in data["classes"].items():
        for phrase in spec["phrases"]:
            seen.setdefault(" ".join(_WORD.findall(phrase)) if "*" not in phrase else phrase, klass)
    concepts = load_json("compare_terms.json").get("concepts", {}).get("activities", {})
    ignore = set(data.get("ignore_concept_phrases", ()))
    for concept, klass in data.get("from_concepts", {}).items():
        for phrase in concepts.get(concept, ()):
            key = " ".join(_WORD.findall(phrase))
            if phrase not in ignore and key not in ignore:
                seen.setdefault(key, klass)
    return tuple(_Phrase(k, _pattern(p, gap)) for p, k in seen.items())


@cache  # one entry per key ('masks', 'into_verbs', ...): a size of 1 recompiled them
def _simple(key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_pattern(p, 0) for p in _data().get(key, ()))


@lru_cache(maxsize=1)
def _family_of() -> dict[str, str]:
    """Class -> family; a class in no family is its own."""
    out = {k: k for k in _data()["classes"]}
    for family, members in _data().get("families", {}).items():
        for m in members:
            out[m] = family
    return out


def activity_families() -> tuple[str, ...]:
    """Every family, classes in no family standing for themselves (stable order)."""
    return tuple(dict.fromkeys(_family_of().values()))


def activity_classes() -> tuple[str, ...]:
    return tuple(_data()["classes"])


def activity_label(activity: str | None) -> str | None:
    """The class's label for people ('publicise (tuyên truyền, ...)')."""
    return None if activity is None else _data()["classes"][activity].get("label", activity)


def _masked(folded: str) -> str:
    """Blank the names that contain an activity word without naming the work (same length)."""
    for rx in _simple("masks"):
        folded = rx.sub(lambda m: " " * len(m.group(0)), folded)
    return folded


@lru_cache(maxsize=1)
def _by_first_word() -> tuple[re.Pattern[str], dict[str, tuple[_Phrase, ...]]]:
    """One pattern over the first words of every phrase, and the phrases of each first word: the
    earliest activity is found by one scan and a few anchored matches, not a search per phrase."""
    groups: dict[str, list[_Phrase]] = {}
    for ph in _phrases():
        groups.setdefault(_WORD.match(ph.pattern.pattern.split(")", 1)[1]).group(0), []).append(ph)
    words = sorted(groups, key=len, reverse=True)
    rx = re.compile(rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, words))})(?![a-z0-9])")
    return rx, {w: tuple(v) for w, v in groups.items()}


def _earliest(folded: str, start: int = 0, end: int | None = None) -> tuple[str, int, int] | None:
    """(class, start, end) of the earliest activity phrase in folded[start:end]; longest wins a tie."""
    end = len(folded) if end is None else end
    rx, groups = _by_first_word()
    for m in rx.finditer(folded, start, end):
        best: tuple[int, str] | None = None
        for ph in groups[m.group(0)]:
            hit = ph.pattern.match(folded, m.start(), end)
            if hit and (best is None or hit.end() > best[0]):
                best = (hit.end(), ph.klass)
        if best is not None:
            return best[1], m.start(), best[0]
    return None


def _first(patterns, folded: str, start: int, end: int) -> re.Match[str] | None:
    found = [m for rx in patterns if (m := rx.search(folded, start, end))]
    return min(found, key=lambda m: m.start()) if found else None


def _clause_end(text: str, start: int) -> int:
    ends = [i for b in _data().get("clause_breaks", (";",)) if (i := text.find(b, start)) >= 0]
    return min(ends) if ends else len(text)


def _object_terms(text: str) -> tuple[str, ...]:
    """Content terms of an object text, as the matcher tokenises it (text.py), without repeats."""
    from ccompare.compare.text import task_text

    return _content_terms(task_text(text).tokens)


def _terms_within(text: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """`_object_terms` of the parts `spans` of `text`, read from the tokens of the whole text (an
    object is part of its task, whose text the matcher has segmented already)."""
    from ccompare.compare.text import task_text

    return _content_terms(t for t in task_text(text).tokens if any(s <= t.start and t.end <= e for s, e in spans))


def _content_terms(tokens) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for t in tokens:
        if not (t.stop or t.generic):
            out.setdefault(t.text, None)
    return tuple(out)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,.:;-–")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a text (split at `clause_breaks`), empty ones left out."""
    out, start = [], 0
    while start < len(text):
        end = _clause_end(text, start)
        if text[start:end].strip():
            out.append((start, end))
        start = end + 1
    return out


def _govern(folded: str, start: int, end: int) -> tuple[str, int, int, tuple[int, int] | None] | None:
    """(class, start, end, span of what is put in) of the governing activity of folded[start:end]:
    the earliest activity phrase, or, when a verb that puts something into another activity
    ('Lồng ghép X vào chương trình bồi dưỡng') comes first, the activity named after 'vào'."""
    found = _earliest(folded, start, end)
    into = _first(_simple("into_verbs"), folded, start, found[1] if found else end)
    if into is not None:
        marker = _first(_simple("into_markers"), folded, into.end(), end)
        inner = _earliest(folded, marker.end(), end) if marker else None
        if inner is not None:
            return (*inner, (into.end(), marker.start()))
    return None if found is None else (*found, None)


@lru_cache(maxsize=65536)
def read_work(text: str) -> Work:
    """The governing activity of a task (that of its first clause naming one), the activities
    of all its clauses, and its object: the rest of the governing clause after the activity
    (the whole text without the activity when that rest says nothing)."""
    folded = _masked(fold(text))
    governed = [(g, e) for s, e in _clauses(folded) if (g := _govern(folded, s, e)) is not None]
    activities = tuple(dict.fromkeys(g[0] for g, _ in governed))
    if not governed:
        obj = _clean(text)
        return Work(None, None, obj, _object_terms(obj), object_spans=((0, len(text)),))
    (klass, s, e, put), stop = governed[0]
    lead_object = text[put[0]:put[1]] if put else ""
    rest = _clean(f"{lead_object} {text[e:stop]}")
    parts = [*([put] if put else []), (e, stop)]
    terms = _terms_within(text, parts)
    if len(terms) < 2:
        rest = _clean(f"{text[:s]} {text[e:]}")
        parts = [(0, s), (e, len(text))]
        terms = _terms_within(text, parts)
    return Work(klass, (s, e), rest, terms, activities, tuple(parts))


def family(activity: str | None) -> str | None:
    return None if activity is None else _family_of().get(activity, activity)


def compatible(a: Work, b: Work) -> bool | None:
    """Whether two tasks may be the same work: True when some activity of one (a clause's
    governing activity) is of the same family as some activity of the other, False when every
    pair of their activities differs, None when either has no activity read."""
    if a.activity is None or b.activity is None:
        return None
    fa = {family(x) for x in a.activities or (a.activity,)}
    return any(family(y) in fa for y in b.activities or (b.activity,))


def shared_object(a: Work, b: Work) -> tuple[str, ...]:
    """Object terms both tasks share, in a's order (evidence of a shared subject)."""
    other = set(b.object_terms)
    return tuple(t for t in a.object_terms if t in other)


def object_overlap(a: Work, b: Work) -> float:
    """Jaccard overlap of the two objects' terms (0 when either has none)."""
    x, y = set(a.object_terms), set(b.object_terms)
    return len(x & y) / len(x | y) if x and y else 0.0


SAME_WORK = "same work"
DIFFERENT_WORK = "same subject, different work"


def relation(a: Work, b: Work) -> str | None:
    """How two tasks that meet relate: SAME_WORK when an activity is shared, DIFFERENT_WORK when
    their activities differ (never a shared task), None when either activity is unknown."""
    verdict = compatible(a, b)
    return None if verdict is None else SAME_WORK if verdict else DIFFERENT_WORK


def shared_activity(a: Work, b: Work) -> str | None:
    """The first activity of `a` whose family `b` also does (None when they do not share the work)."""
    if not compatible(a, b):
        return None
    fb = {family(x) for x in b.activities or (b.activity,)}
    return next(x for x in a.activities or (a.activity,) if family(x) in fb)


def work_evidence(a: Work, b: Work) -> tuple[str, ...]:
    """What two tasks share, for people: the shared activity (its label) and the shared object
    terms; for different work, the two activities."""
    out = []
    shared = shared_activity(a, b)
    if shared:
        out.append(f"activity: {activity_label(shared)}")
    elif a.activity is not None and b.activity is not None:
        out.append(f"different work: {activity_label(a.activity)} / {activity_label(b.activity)}")
    common = shared_object(a, b)
    if common:
        out.append(f"object: {' '.join(common)}")
    return tuple(out)


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    pairs = load_json("compare_terms.json").get("title_quotes", ())
    alternatives = [rf"{re.escape(o)}([^{re.escape(c)}\n]{{3,120}}){re.escape(c)}" for o, c in pairs]
    return re.compile("|".join(alternatives) or r"(?!x)x")


@lru_cache(maxsize=65536)
def named_titles(text: str) -> tuple[frozenset[str], ...]:
    """The names a task gives in quotes (a column, a programme, a contest), each as its words
    (multi-syllable words and thesaurus concepts of the matcher's word view, text.py, folded; pairs
    of syllables when the name is written without diacritics): a column named 'Pháp luật và Đời
    sống' is not one named 'Cải cách hành chính', however alike the rest reads."""
    out = []
    for m in _title_pattern().finditer(text):
        words = _name_words(next(g for g in m.groups() if g is not None))
        if words:
            out.append(words)
    return tuple(out)


def _name_words(name: str) -> frozenset[str]:
    """The words of a name: multi-syllable words and thesaurus concepts of the matcher's word view
    (text.py), folded; pairs of syllables when it is written without diacritics (the segmenter then
    finds no word)."""
    from ccompare.compare.text import task_text, task_words

    words = {fold(w) for w in task_words(name) if "_" in w or w.startswith("#")}
    if not words:
        syllables = [t.text for t in task_text(name).tokens if not t.stop]
        words = {f"{x}_{y}" for x, y in zip(syllables, syllables[1:], strict=False)}
    return frozenset(words)


def titles_disjoint(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    """Both tasks name titles and no title of one shares a word with one of the other."""
    return bool(a) and bool(b) and not any(x & y for x in a for y in b)


@lru_cache(maxsize=1)
def _column_before() -> re.Pattern[str]:
    """A column word ('chuyên mục', 'chuyên trang' ...: data `column_words`) right before a quote."""
    words = load_json("compare_terms.json").get("column_words", ())
    body = "|".join(_SEP.join(re.escape(w) for w in _WORD.findall(x)) for x in words)
    return re.compile(rf"(?<![a-z0-9])(?:{body})[^a-z0-9]*$" if body else r"(?!x)x")


@lru_cache(maxsize=65536)
def column_topics(text: str) -> frozenset[str]:
    """The words (as `named_titles` reads them) of the names a task gives to a column: a title in
    quotes right after a column word ('chuyên mục "Chuyển đổi số"'), and the words the same clause
    spells out after a topic word ('về', data `column_topic_words`) following the title. A column is
    named for its topic, so a column task whose text names none of these words is about another topic."""
    out: set[str] = set()
    for m in _title_pattern().finditer(text):
        if not _column_before().search(fold(text[max(0, m.start() - 24):m.start()])):
            continue
        for words in named_titles(m.group(0)):
            out |= words
        about = _topic_after().match(fold(text[m.end():m.end() + 160]))
        if about:  # 'chuyên trang "Đầu tư - Doanh nghiệp" trên Báo ... về ... Chỉ số PCI': the topic spelt out
            out |= _name_words(text[m.end() + about.start(1):m.end() + about.end(1)])
    return frozenset(out)


@cache
def _topic_after() -> re.Pattern[str]:
    """After a column's title, in the same clause: a word saying what the column is about ('về',
    data `column_topic_words`), and the words up to the clause's end (group 1)."""
    words = load_json("compare_terms.json").get("column_topic_words", ())
    body = "|".join(_SEP.join(re.escape(w) for w in _WORD.findall(x)) for x in words)
    return re.compile(rf"[^;.\n]*?(?<![a-z0-9])(?:{body})(?![a-z0-9])([^;.\n]+)" if body else r"(?!x)x")

