"""Align tasks across plans: candidate pairs, pair features, a calibrated score in [0, 1].

A task is read as its text (plus its product when several tasks of a plan share one text, as
the products of one table row do). Features of a pair of tasks from two plans:
- `word`: cosine of word TF-IDF vectors (words segmented by pyvi in their own spelling, and
  thesaurus concepts; abbreviations expanded; genre words kept and weighed down by document
  frequency: see text.py), fitted on the tasks compared;
- `char`: cosine of character 3-5-gram TF-IDF of the folded content (forgives spelling and OCR);
- `*_rel`: the cosine over the best cosine either task has towards the other's plan (1 = mutual best);
- `lead`: whether the lead roles agree (1), are disjoint (0) or partly overlap (0.5), after the
  2025 lineage; same work tends to fall to the same kind of body, but this is one signal among
  several, so work led by different bodies is still aligned when the texts agree;
- `concepts`: overlap of the thesaurus concepts named in text and lead;
- `activity_mismatch`: 1 when the two tasks are different work (compare/work.py: no activity of
  one, read from its clauses' governing verbs in data/activities.json, is of the family of an
  activity of the other: monitoring a column is not running it, publicising online services is
  not reviewing their fees), 0 when some activity is shared; when either task's activity is not
  read, 1 when the thesaurus activities named anywhere in text and lead differ;
- `subject_shared` / `subject_disjoint`: the texts (not the leads) name a thesaurus subject or
  channel in common / both name subjects and none in common (a column on another channel is
  other work).
- `same_activity`: 1 when both tasks' own (governing) activities are read and of one family: the
  work each task is about agrees, not only one of its clauses;
- `title_disjoint`: 1 when both tasks name titles in quotes (a column, a programme, a contest) and
  no title of one shares a word with one of the other (work.named_titles): a column named 'Pháp
  luật và Đời sống' is not the 'Cải cách hành chính' column, however alike the rest reads.
Different work is also a rule (`different_work`): such a pair is never reported as a shared task,
whatever its score, because a shared object (a service, a system, a body) makes the texts meet
while the work differs (issue 16); `work.relation` names it "same subject, different work".
So are two columns on different topics (`other_column`): one task names its column in quotes
('chuyên mục "Chuyển đổi số"'), the other describes a column without a title and uses none of
the title's words; same channel, same body, same verb, and still another column.
A logistic calibration fitted on hand-labelled pairs (`models/align/calibration.json`, written
by `models/calibrate_alignment.py`) turns the features into a score; its threshold decides.

Shared terms: not every word two tasks share says as much about their being the same work
('truyền thanh' does, 'chuyên mục' less, 'kế hoạch' little). A logistic model over the products
of the two tasks' word TF-IDF weights, fitted on the labelled pairs, gives each word term a
weight (`terms` in the calibration); `shared_terms` is that model's score for a pair. Words it
never saw weigh nothing, so for a new province's own words the other features decide.

Support (a second stage): labellers treat a kind of work as a group, so when a task of plan A
matches a task of plan C and that task matches one of plan B, A and B are likely the same work
even if their own words meet less. The first-stage (direct) score of every candidate pair gives
`support` = the best path through a third plan's task (the lower of its two scores), or the
direct score when that is higher, so that comparing two plans only leaves it equal to the
direct score. A second logistic stage over the features and `support` gives the final score.
Measured on five labelled fixtures, leaving one fixture out (`python models/calibrate_alignment.py
--ablation`): F1 0.752 with neither shared terms nor support, 0.770 with shared terms alone,
0.774 with support alone, 0.785 with both. With the work read (issue 16: activity_mismatch from
work.py and the different-work rule; labels completed by fixtures/same_object, 504 positives):
F1 0.779 -> 0.813 leaving one fixture out, precision of accepted pairs scored >= 0.9 0.925 ->
0.949, same-object negatives accepted 11 -> 4 of 59 (3 -> 0 at >= 0.9). Adding `same_activity`: F1 0.813 -> 0.822
leaving one fixture out (precision 0.832 -> 0.854, recall 0.796 -> 0.792), precision at >= 0.9
0.949 -> 0.954; then `title_disjoint`: F1 0.833 (precision 0.879, recall 0.792), precision at
>= 0.9 0.983 (231 right, 4 wrong), same-object negatives accepted 2 of 59; then the column rule
(`other_column`): F1 0.837 (precision 0.890, recall 0.790), precision at >= 0.9 0.996 (231 right,
1 wrong); leaving out both plans of each judged pair (`unseen`, neither plan seen in training)
0.799 -> 0.803. A column's topic also counts the words its text spells out after the title
('chuyên trang "Đầu tư - Doanh nghiệp" ... về ... Chỉ số PCI, DDCI', work.column_topics): one
labelled pair fewer wrongly kept apart, F1 0.838 leaving one fixture out (399 found, 49 wrong),
unseen 0.804, blind 0.809, precision at >= 0.9 unchanged.

Siblings: the tasks of one table row with several products share the row's text and differ
only in their product (a row 'maintain columns on the newspaper and the broadcaster' with one
column per product). Against a task of another plan, only the sibling(s) scoring within
`sibling_margin` of the best sibling are kept (`outranked_by_sibling`): the shared row text
would otherwise align every product with anything about columns.

Candidate pairs: with few tasks every cross-plan pair is scored. Above `EXHAUSTIVE_LIMIT`
pairs, each task keeps its nearest tasks of other plans under a few sparse views (`topk`,
candidates.py), so the pairs scored grow like n·k, not n² (benchmarks/compare_bench.py measures
the share of brute-force-accepted pairs they keep). Key-term blocking (`block`), the method
before, stays available for comparison. Candidates are scored in chunks (scoring.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccompare.compare.text import TaskText, task_text, task_words
from ccompare.compare.work import named_titles, titles_disjoint
from ccompare.schema import Task

EXHAUSTIVE_LIMIT = 400_000  # cross-plan pairs scored exhaustively below this
FEATURES = ("word", "word_rel", "char", "char_rel", "lead", "concepts", "activity_mismatch", "subject_shared",
            "subject_disjoint", "same_activity", "title_disjoint")
TERMS = "shared_terms"  # learned weights of the word terms two tasks share (see the module doc)
SUPPORT = "support"  # the second-stage feature (see the module doc)
SUPPORT_FLOOR = 0.05  # pairs scoring below this directly are neither paths nor given support
SUPPORT_DEGREE = 50  # best path-graph edges kept per task
FALLBACK = {  # used only when no calibration file is found; reported as such
    "features": list(FEATURES),
    "coef": [1.5, 3.0, 1.5, 1.5, 2.0, 3.0, -1.0, 0.5, -0.5, 0.5, -1.0],
    "intercept": -7.0,
    "threshold": 0.3,
    "sibling_margin": 0.02,
}


def match_texts(tasks: Sequence[Task]) -> list[str]:
    """What is compared of each task of one plan: its text, plus its product when several
    tasks of the plan share one text (a table row with several products, each its own task)."""
    from collections import Counter

    shared = Counter(t.text for t in tasks)
    return [f"{t.text} {t.output}" if t.output and shared[t.text] > 1 else t.text for t in tasks]


def match_text(task: Task) -> str:
    """A task's text and product: what a labelled snippet may quote."""
    return f"{task.text} {task.output}" if task.output else task.text


@dataclass(frozen=True)
class Calibration:
    """Logistic weights and the score threshold for a pair to count as aligned.

    With `direct` (weights over FEATURES, then the intercept) the calibration has two stages:
    `direct` scores pairs on their own, and `coef` weighs FEATURES plus `support`. Without it,
    `coef` weighs FEATURES alone. With `terms`, `shared_terms` follows FEATURES in both stages.
    """

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    source: str  # where it came from, for the output
    metrics: dict[str, Any] | None = None
    sibling_margin: float | None = 0.02  # None: siblings are not compared (outranked_by_sibling)
    direct: tuple[tuple[float, ...], float] | None = None
    terms: tuple[dict[str, float], float] | None = None  # term -> weight, intercept (shared_terms)

    def score(self, feats) -> Any:
        return _logistic(feats, self.coef, self.intercept)

    def direct_score(self, feats) -> Any:
        return _logistic(feats, *self.direct) if self.direct else self.score(feats)


def _logistic(feats, coef, intercept) -> Any:
    import numpy as np

    z = np.asarray(feats, dtype=float) @ np.asarray(coef) + intercept
    return 1.0 / (1.0 + np.exp(-z))


def project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def default_calibration_path() -> Path:
    """models/align/calibration.json of the checkout, else of the wheel's data files."""
    from ccompare.resources import project_folder

    return project_folder("models/align/calibration.json") or project_root() / "models" / "align" / "calibration.json"


def load_calibration(path: str | Path | None = None) -> Calibration:
    """The stored calibration, or a fallback marked as such when the file is absent."""
    p = Path(path) if path else default_calibration_path()
    if p.is_file():
        data = json.loads(p.read_text("utf-8"))
        source = ("models/align/calibration.json" if not path  # the shipped one, wherever installed
                  else str(p.relative_to(project_root())) if p.is_relative_to(project_root()) else str(p))
    else:
        data, source = FALLBACK, "fallback (no models/align/calibration.json found: uncalibrated)"
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{p}: calibration features {data['features']} do not match {list(FEATURES)}")
    margin = data.get("sibling_margin")
    direct = data.get("direct")
    terms = data.get("terms")
    first = len(FEATURES) + (1 if terms else 0)
    if len(data["coef"]) != first + (1 if direct else 0) or (direct and len(direct["coef"]) != first):
        raise ValueError(f"{p}: calibration weights do not match the features {list(FEATURES)}")
    return Calibration(tuple(data["features"]), tuple(float(c) for c in data["coef"]),
                       float(data["intercept"]), float(data["threshold"]), source, data.get("metrics"),
                       None if margin is None else float(margin),
                       (tuple(float(c) for c in direct["coef"]), float(direct["intercept"])) if direct else None,
                       ({str(k): float(v) for k, v in terms["weights"].items()}, float(terms["intercept"]))
                       if terms else None)


class TaskIndex:
    """Matching views of a list of tasks (fitted on those tasks): word and character TF-IDF,
    thesaurus concepts of text and lead, and lead roles as of one date."""

    def __init__(self, texts: Sequence[str], leads: Sequence[Sequence[str]] | None = None,
                 *, as_of: str | None = None, mapper=None):
        """`mapper` (parallel.py) fits the word and the character vocabularies elsewhere while
        this process reads the rest (they took half of indexing 200 plans, one after the other)."""
        import numpy as np

        from ccompare.compare.scoring import local_map

        self.texts = list(texts)
        leads = [tuple(x) for x in leads] if leads is not None else [()] * len(self.texts)
        parsed = [task_text(t) for t in self.texts]
        self.normal = [p.match_normal for p in parsed]
        unique, inverse = np.unique(np.array(self.texts, dtype=object), return_inverse=True)
        # distinct texts often read the same once stop words are set aside (4,081 -> 2,010 at 200
        # plans): the character view is fitted on each string once. Dropping later copies adds no
        # term and moves none, so the counts, the columns and the order of each row's entries are those
        # of fitting them all.
        normals = [task_text(t).match_normal for t in unique]
        first = {n: k for k, n in enumerate(dict.fromkeys(normals))}  # each string: its row, in order of first sight
        char_rows = np.array([first[n] for n in normals], dtype=np.int64)
        documents = {"word": [task_words(t) for t in unique], "char": list(first),
                     "concepts": [f"{t} {' '.join(ld)}" for t, ld in zip(self.texts, leads, strict=True)]}
        # the character view first: the longest, so the other worker does the word view then the concepts
        views = (mapper or local_map)(_index_part, documents, ["char", "word", "concepts"],
                                      meanwhile=lambda: self._read_rest(parsed, leads, as_of, unique, inverse))
        (self.char_vec, char_counts), (self.word_vec, word_counts), concept_sets = views
        self.word = _tfidf(word_counts, inverse)
        self.char = _tfidf(char_counts, char_rows[inverse])
        # tasks of one row here have the same row of `word` (of `char`), bit for bit: a pair of rows
        # has one cosine (at 200 plans, 292,411 candidate pairs have 72,535 pairs of character rows)
        self.word_rows, self.char_rows = inverse, char_rows[inverse]
        self._concept_masks(parsed, concept_sets)

    def _read_rest(self, parsed: list[TaskText], leads: list[tuple[str, ...]], as_of: str | None,
                   unique, inverse) -> None:
        """Of the index, what neither TF-IDF view nor the concepts need: work, titles, columns, leads."""
        import numpy as np

        from ccompare.compare.leads import lead_keys

        self.families, self.has_work, self.governing = _work_masks(self.texts)
        self.titles = [named_titles(t) for t in self.texts]
        self.has_title = np.array([bool(t) for t in self.titles], dtype=bool)
        self._columns(unique, inverse)
        keys = [lead_keys(ld, as_of, t) for t, ld in zip(self.texts, leads, strict=True)]
        self._lead_sets: list[frozenset[str]] = sorted(set(keys), key=sorted)
        ids = {k: n for n, k in enumerate(self._lead_sets)}
        self.lead_ids = np.array([ids[k] for k in keys], dtype=np.int64)

    def _concept_masks(self, parsed: list[TaskText], concept_sets: list[tuple[str, ...]]) -> None:
        """Thesaurus concepts of each task's text and lead (`concept_sets`), of its activities, and
        of its text's subjects, as bit masks."""
        import numpy as np

        from ccompare.compare.text import activity_concepts

        names = sorted({c for cs in concept_sets for c in cs})
        if len(names) > 63:
            raise ValueError("more than 63 thesaurus concepts: widen the concept masks")
        bit = {c: 1 << k for k, c in enumerate(names)}
        self.concepts = np.array([sum(bit[c] for c in cs) for cs in concept_sets], dtype=np.uint64)
        acts = activity_concepts()
        self.activities = np.array([sum(bit[c] for c in cs if c in acts) for cs in concept_sets], dtype=np.uint64)
        # a text's concepts are those of concepts_in(fold(text)), read with its tokens
        self.subjects = np.array([sum(bit[c] for c in p.concepts if c not in acts) for p in parsed], dtype=np.uint64)

    def _columns(self, unique, inverse) -> None:
        """What `other_column` needs, read once per distinct text: each task's column topic words
        (work.column_topics) and, for the tasks describing a column without a title, which of all
        those words their text contains (folded syllables in a row, so spelling without diacritics
        still meets), as sparse rows."""
        import numpy as np
        from scipy import sparse

        from ccompare.compare.work import column_topics, named_titles

        topics = [column_topics(t) for t in unique]
        vocab = {w: n for n, w in enumerate(sorted({w for ts in topics for w in ts}))}
        longest = max((len(w.split("_")) for w in vocab), default=0)
        rows, cols, has_rows, has_cols, untitled = [], [], [], [], []
        for n, (t, ts) in enumerate(zip(unique, topics, strict=True)):
            for w in ts:
                rows.append(n)
                cols.append(vocab[w])
            parsed = task_text(t)
            bare = "column" in parsed.concepts and not named_titles(t)
            untitled.append(bare)
            if bare and vocab:
                syllables = [x.text for x in parsed.tokens]
                grams = {f"#{c}" for c in parsed.concepts}
                grams.update("_".join(syllables[k:k + m]) for m in range(1, longest + 1)
                             for k in range(len(syllables) - m + 1))
                for w in grams & vocab.keys():
                    has_rows.append(n)
                    has_cols.append(vocab[w])
        shape = (len(unique), max(1, len(vocab)))
        named = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        used = sparse.csr_matrix((np.ones(len(has_rows)), (has_rows, has_cols)), shape=shape)
        self.column_topics, self.topic_words = named[inverse].tocsr(), used[inverse].tocsr()
        self.has_column_topic = np.diff(self.column_topics.indptr) > 0
        self.column_untitled = np.asarray(untitled, dtype=bool)[inverse]

    def other_column(self, pairs):
        """True when one task names its column's topic in quotes (work.column_topics) and the other,
        a column naming no title, has none of the topic's words: columns on different topics
        ('Chuyển đổi số' is not a column on administrative reform), never one shared task."""
        import numpy as np

        i, j = pairs[:, 0], pairs[:, 1]
        out = np.zeros(len(pairs), dtype=bool)
        for a, b in ((i, j), (j, i)):
            todo = np.nonzero(self.has_column_topic[a] & self.column_untitled[b])[0]
            if len(todo):
                shared = _row_cosines(self.topic_words, np.column_stack([a[todo], b[todo]]), left=self.column_topics)
                out[todo] |= shared == 0
        return out

    def not_shared(self, pairs):
        """Pairs never reported as one shared task whatever their score: different work
        (`different_work`) or columns on different topics (`other_column`)."""
        return self.different_work(pairs) | self.other_column(pairs)

    def lead_agreement(self, pairs):
        """1 when one side's lead roles are among the other's, 0 when disjoint, 0.5 otherwise."""
        import numpy as np

        from ccompare.compare.leads import role_verdict

        width = len(self._lead_sets)
        # each pair of lead sets is judged once (56 sets at 200 plans), not each pair of tasks
        combos, inverse = np.unique(self.lead_ids[pairs[:, 0]] * width + self.lead_ids[pairs[:, 1]],
                                    return_inverse=True)
        verdicts = [role_verdict(self._lead_sets[k // width], self._lead_sets[k % width]) for k in combos.tolist()]
        return np.array([0.5 if v is None else float(v) for v in verdicts], dtype=float)[inverse]

    def concept_overlap(self, pairs):
        """Jaccard overlap of the thesaurus concepts of both tasks (0 when neither has any)."""
        import numpy as np

        a, b = self.concepts[pairs[:, 0]], self.concepts[pairs[:, 1]]
        inter = np.bitwise_count(a & b).astype(float)
        union = np.bitwise_count(a | b).astype(float)
        return np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)

    def activity_mismatch(self, pairs):
        """1 when the two tasks are different work (`different_work`); when either task's activity
        is unknown, 1 when their thesaurus activities differ (one names an activity the other does
        not); 0 otherwise."""
        import numpy as np

        i, j = pairs[:, 0], pairs[:, 1]
        known = self.has_work[i] & self.has_work[j]
        thesaurus = self.activities[i] != self.activities[j]
        return np.where(known, self.different_work(pairs), thesaurus).astype(float)

    def different_work(self, pairs):
        """True when both tasks' activities are read and none of one is of the family of one of
        the other (work.compatible is False)."""
        i, j = pairs[:, 0], pairs[:, 1]
        return self.has_work[i] & self.has_work[j] & ((self.families[i] & self.families[j]) == 0)

    def subject_agreement(self, pairs):
        """(shared, disjoint): whether the texts name a subject in common, and whether both name
        subjects but none in common."""
        a, b = self.subjects[pairs[:, 0]], self.subjects[pairs[:, 1]]
        shared = (a & b) != 0
        return shared.astype(float), ((a != 0) & (b != 0) & ~shared).astype(float)

    def same_activity(self, pairs):
        """1 when both tasks' own (governing) activities are read and of one family: the work each
        task is about agrees, not only some clause of it; 0 otherwise."""
        a, b = self.governing[pairs[:, 0]], self.governing[pairs[:, 1]]
        return ((a & b) != 0).astype(float)

    def title_disjoint(self, pairs):
        """1 when both tasks name titles in quotes and none shares a word (work.titles_disjoint)."""
        import numpy as np

        out = np.zeros(len(pairs))
        for n in np.nonzero(self.has_title[pairs[:, 0]] & self.has_title[pairs[:, 1]])[0].tolist():
            out[n] = float(titles_disjoint(self.titles[pairs[n, 0]], self.titles[pairs[n, 1]]))
        return out

    def pair_columns(self, pairs) -> list:
        """The features of each pair that need nothing but the pair (FEATURES after the cosines and
        their relative forms), in the order of FEATURES."""
        return [self.lead_agreement(pairs), self.concept_overlap(pairs), self.activity_mismatch(pairs),
                *self.subject_agreement(pairs), self.same_activity(pairs), self.title_disjoint(pairs)]

    def __len__(self) -> int:
        return len(self.texts)

    def key_terms(self, top: int = 10, max_block_share: float = 0.1):
        """Binary task x term matrix of each task's `top` highest-weighted word terms.

        Terms found in more than `max_block_share` of the tasks would make blocks too large
        to help and are not keys.
        """
        import numpy as np
        from scipy import sparse

        X = self.word
        df = np.bincount(X.indices, minlength=X.shape[1])
        too_common = df > max(2, max_block_share * X.shape[0])
        rows, cols = [], []
        for i in range(X.shape[0]):
            start, end = X.indptr[i], X.indptr[i + 1]
            idx, val = X.indices[start:end], X.data[start:end]
            keep = ~too_common[idx]
            idx, val = idx[keep], val[keep]
            if len(idx) > top:
                idx = idx[np.argsort(-val, kind="stable")[:top]]
            rows.extend([i] * len(idx))
            cols.extend(idx.tolist())
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, cols)), shape=X.shape)


def _work_masks(texts: Sequence[str]):
    """Per task: a bit mask of the families of its activities (work.py), whether any was read, and
    the bit of its governing activity's family (0 when none)."""
    import numpy as np

    from ccompare.compare.text import task_work
    from ccompare.compare.work import activity_families, family

    bit = {f: 1 << k for k, f in enumerate(activity_families())}
    masks = np.zeros(len(texts), dtype=np.uint64)
    governing = np.zeros(len(texts), dtype=np.uint64)
    for n, t in enumerate(texts):
        w = task_work(t)
        masks[n] = sum(bit[f] for f in {family(a) for a in w.activities})
        governing[n] = bit[family(w.activity)] if w.activity is not None else 0
    return masks, masks != 0, governing


def _identity(x):
    return x


def _index_part(documents: dict[str, list], part: str):
    """One part of indexing that may run elsewhere: (fitted CountVectorizer, counts) of a view of
    the distinct texts, 'word' (their word lists) or 'char' (character 3- to 5-grams of their
    folded content), or the thesaurus concepts of each task's text and lead ('concepts')."""
    if part == "concepts":
        from ccompare.compare.text import concepts_in
        from ccompare.read.fold import fold

        return [concepts_in(fold(d)) for d in documents[part]]
    from sklearn.feature_extraction.text import CountVectorizer

    vec = (CountVectorizer(analyzer=_identity, lowercase=False) if part == "word"
           else CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)))
    return vec, vec.fit_transform(documents[part])


def _tfidf(counts_of_unique, inverse):
    """TF-IDF (sublinear tf, smooth idf, l2 rows: TfidfVectorizer's defaults here) of every task from
    the term counts of its distinct texts: a text repeated in many plans is analysed once, while
    document frequencies still count every task, so the matrix is the one fitting all texts gives."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfTransformer

    # counts made float before they are copied out to every task, and transformed in place: one
    # matrix of every task's row allocated instead of three (the character view's are 43 MB at 200 plans)
    counts = counts_of_unique.astype(np.float64)[inverse]
    return TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts, copy=False).tocsr()


def cross_pairs(groups: Sequence[int]):
    """All pairs (i < j) of items in different groups: the exhaustive candidate set."""
    import numpy as np

    g = np.asarray(groups)
    n = len(g)
    left, right = [], []
    for i in range(n - 1):
        js = np.nonzero(g[i + 1:] != g[i])[0] + i + 1
        left.append(np.full(len(js), i, dtype=np.int64))
        right.append(js.astype(np.int64))
    if not left:
        return np.zeros((0, 2), dtype=np.int64)
    return np.column_stack([np.concatenate(left), np.concatenate(right)])


def count_cross_pairs(groups: Sequence[int]) -> int:
    from collections import Counter

    sizes = Counter(groups).values()
    total = sum(sizes)
    return (total * total - sum(s * s for s in sizes)) // 2


def iter_blocked_pairs(index: TaskIndex, groups: Sequence[int], *, top: int = 10, chunk: int = 1000):
    """Chunks of pairs (i < j) of tasks in different plans where a key term of one occurs in
    the other: an inverted index over key terms, so pairs sharing no key term are never seen."""
    import numpy as np

    K = index.key_terms(top=top)
    B = index.word.copy()
    B.data[:] = 1.0
    B = B.astype(np.float32)
    KT, BT = K.T.tocsr(), B.T.tocsr()
    g = np.asarray(groups)
    for s in range(0, K.shape[0], chunk):
        C = (K[s:s + chunk] @ BT + B[s:s + chunk] @ KT).tocoo()
        i = C.row.astype(np.int64) + s
        j = C.col.astype(np.int64)
        keep = (i < j) & (g[i] != g[j])
        yield np.column_stack([i[keep], j[keep]])


def blocked_pairs(index: TaskIndex, groups: Sequence[int], *, top: int = 10, chunk: int = 1000):
    """All blocked candidate pairs as one (n, 2) array."""
    import numpy as np

    out = list(iter_blocked_pairs(index, groups, top=top, chunk=chunk))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


def candidate_pairs(index: TaskIndex, groups: Sequence[int], *, method: str = "auto", k: int | None = None,
                    mapper=None, progress=None):
    """Candidate pairs: exhaustive for small inputs, each task's top-k neighbours for large ones
    (`k` per view, candidates.K by default), or blocked on key terms (`block`).
    `mapper` and `progress` are those of scoring.py."""
    if method == "auto":
        method = "all" if count_cross_pairs(groups) <= EXHAUSTIVE_LIMIT else "topk"
    if method == "all":
        return cross_pairs(groups), "all"
    if method == "block":
        return blocked_pairs(index, groups), "block"
    if method == "topk":
        from ccompare.compare.candidates import K, candidate_views, merge_pairs
        from ccompare.compare.progress import stage_ticker
        from ccompare.compare.scoring import local_map

        cv = candidate_views(index, groups, k=k or K)
        chunks = cv.chunks()
        tick = stage_ticker(progress, "candidates", len(chunks))
        return merge_pairs((mapper or local_map)(_neighbours, cv, chunks, progress=tick)), "topk"
    raise ValueError(f"unknown candidate method {method!r}")


def _neighbours(cv, bounds):
    from ccompare.compare.candidates import neighbour_pairs

    return neighbour_pairs(cv, *bounds)


# pairs whose rows are gathered at once for a cosine: the character view's rows take ~5 kB a pair,
# so gathering a whole chunk made the peak of a comparison (each row's sum does not depend on it).
# Gathers under glibc's largest mmap threshold (32 MB) reuse freed heap memory: at 16,384 pairs
# (80 MB) every gather was a fresh mapping, and faulting its pages in was 1.2-1.5 s of system time
# of the 2.2-2.4 s that scoring 200 plans took (2,048: 0.1 s of 1.1-1.3 s)
COSINE_CHUNK = 2_048


def _row_cosines(X, pairs, chunk: int = COSINE_CHUNK, *, left=None, rows=None):
    """Row-wise dot products X[i] . X[j] (cosines for L2-normalised rows); with `left`, left[i] . X[j].

    `rows` (TaskIndex.word_rows, char_rows: tasks of one row have equal rows in X and `left`)
    computes each distinct pair of rows once, with the numbers of computing every pair."""
    import numpy as np

    if rows is not None and len(pairs):
        a, b = rows[pairs[:, 0]], rows[pairs[:, 1]]
        if left is None:  # x . y is y . x bit for bit: the same products, summed in column order
            a, b = np.minimum(a, b), np.maximum(a, b)
        _, first, inverse = np.unique(a * (int(rows.max()) + 1) + b, return_index=True, return_inverse=True)
        return _row_cosines(X, pairs[first], chunk, left=left)[inverse]
    A = X if left is None else left
    out = np.empty(len(pairs))
    for s in range(0, len(pairs), chunk):
        p = pairs[s:s + chunk]
        out[s:s + chunk] = np.asarray(A[p[:, 0]].multiply(X[p[:, 1]]).sum(axis=1)).ravel()
    return out


def shared_term_products(index: TaskIndex, pairs):
    """Sparse (pairs x word terms) products of both tasks' word TF-IDF weights: what the
    shared-terms model is fitted on and applied to."""
    return index.word[pairs[:, 0]].multiply(index.word[pairs[:, 1]]).tocsr()


def shared_terms(index: TaskIndex, pairs, terms: tuple[dict[str, float], float]):
    """The shared-terms model's score (log-odds) of each pair (see the module doc)."""
    import numpy as np
    from scipy import sparse

    weights, intercept = terms
    w = np.zeros(len(index.word_vec.vocabulary_))
    for term, k in index.word_vec.vocabulary_.items():
        w[k] = weights.get(term, 0.0)
    weighted = (index.word @ sparse.diags(w)).tocsr()
    return _row_cosines(index.word, pairs, left=weighted, rows=index.word_rows) + intercept


def relatives(pairs, groups, *views):
    """For each view's sims (arrays over `pairs`): sim / the best sim either task has towards the
    other's plan (1.0 = mutual best). The pairs are grouped once for all views, by a sort and a
    segmented maximum: the numbers of np.unique and np.maximum.at, in less time."""
    import numpy as np

    if len(pairs) == 0:
        return [np.zeros(0) for _ in views]
    g = np.asarray(groups, dtype=np.int64)
    width = int(g.max()) + 1
    i, j = pairs[:, 0], pairs[:, 1]
    n = len(pairs)
    keys = np.concatenate([i * width + g[j], j * width + g[i]])  # task i towards plan g[j], j towards g[i]
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    first = np.concatenate([[True], ranked[1:] != ranked[:-1]])  # where each group starts, in key order
    starts = np.flatnonzero(first)
    group_of = np.empty(2 * n, dtype=np.int64)
    group_of[order] = np.cumsum(first) - 1
    out = []
    for sims in views:
        vals = np.concatenate([sims, sims])
        best = np.maximum.reduceat(vals[order], starts)
        ma, mb = best[group_of[:n]], best[group_of[n:]]
        ra = np.divide(sims, ma, out=np.zeros_like(sims), where=ma > 0)
        rb = np.divide(sims, mb, out=np.zeros_like(sims), where=mb > 0)
        out.append(np.minimum(ra, rb))
    return out


def pair_features(index: TaskIndex, pairs, groups):
    """Feature matrix (len(pairs) x len(FEATURES)) in the order of FEATURES."""
    import numpy as np

    if len(pairs) == 0:
        return np.zeros((0, len(FEATURES)))
    word = _row_cosines(index.word, pairs, rows=index.word_rows)
    char = _row_cosines(index.char, pairs, rows=index.char_rows)
    word_rel, char_rel = relatives(pairs, groups, word, char)
    return np.column_stack([word, word_rel, char, char_rel,
                            *index.pair_columns(pairs)])


def path_support(pairs, direct, n_tasks: int, *, floor: float = SUPPORT_FLOOR, max_degree: int = SUPPORT_DEGREE,
                 chunk: int = 4_096):  # rows gathered at once: 200 plans' support 0.30-0.36 s at 16,384, 0.18 s
    """For each pair (i, j): the best path i - k - j through a task k of a third plan, scored
    as the lower of its two direct scores, or the direct score of (i, j) when that is higher.

    Only pairs scoring at least `floor` are edges of the path graph and get a path (on the
    labelled pairs no pair below it was accepted after support either); each task keeps its
    `max_degree` best edges, so a corpus where one kind of task recurs in a thousand plans stays
    cheap. k is always in a third plan because pairs only join tasks of different plans.
    """
    import numpy as np
    from scipy import sparse

    direct = np.asarray(direct, dtype=float)
    out = direct.copy()
    todo = np.nonzero(direct >= floor)[0]
    if len(todo) == 0:
        return out
    a, b, v = pairs[todo, 0], pairs[todo, 1], direct[todo]
    src, dst, val = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([v, v])
    order = np.lexsort((-val, src))
    src, dst, val = src[order], dst[order], val[order]
    starts = np.searchsorted(src, src, side="left")
    keep = np.arange(len(src)) - starts < max_degree
    S = sparse.csr_matrix((val[keep], (src[keep], dst[keep])), shape=(n_tasks, n_tasks))
    for s in range(0, len(todo), chunk):
        rows = todo[s:s + chunk]
        p = pairs[rows]
        best = S[p[:, 0]].minimum(S[p[:, 1]]).max(axis=1).toarray().ravel()
        out[rows] = np.maximum(out[rows], best)
    return out


def score_pairs(index: TaskIndex, pairs, groups, calibration: Calibration):
    """Features and final scores of candidate pairs: one logistic stage, or two with support."""
    import numpy as np

    feats = pair_features(index, pairs, groups)
    if calibration.terms is not None and len(pairs):
        feats = np.column_stack([feats, shared_terms(index, pairs, calibration.terms)])
    if calibration.direct is None or len(pairs) == 0:
        return feats, (calibration.score(feats) if len(pairs) else feats[:, 0])
    support = path_support(pairs, calibration.direct_score(feats), len(index))
    feats = np.column_stack([feats, support])
    return feats, calibration.score(feats)


def sibling_ids(groups: Sequence[int], texts: Sequence[str]) -> list[int]:
    """For each task, the index of the first task of its plan with the same text (itself when
    none): tasks with the same id are siblings, the products of one table row."""
    first: dict[tuple[int, str], int] = {}
    return [first.setdefault((g, " ".join(t.split())), n) for n, (g, t) in enumerate(zip(groups, texts, strict=True))]


def outranked_by_sibling(pairs, scores, siblings: Sequence[int] | None, margin: float | None):
    """True for a pair (i, j) when a sibling of i scores more than `margin` above it against j,
    or a sibling of j against i. All False without siblings or margin."""
    import numpy as np

    out = np.zeros(len(pairs), dtype=bool)
    if siblings is None or margin is None or len(pairs) == 0:
        return out
    sib = np.asarray(siblings, dtype=np.int64)
    if len(np.unique(sib)) == len(sib):
        return out
    i, j = pairs[:, 0], pairs[:, 1]
    n = len(sib)
    for own, other in ((i, j), (j, i)):
        keys = sib[own] * n + other  # (sibling group of one side, the other task)
        uniq, inverse = np.unique(keys, return_inverse=True)
        best = np.full(len(uniq), -np.inf)
        np.maximum.at(best, inverse, scores)
        out |= scores < best[inverse] - margin
    return out


@dataclass(frozen=True)
class ScoredPairs:
    pairs: Any  # int array (n, 2) of task indices
    features: Any  # float array (n, len(FEATURES)) (+ support), or None when scored in chunks
    scores: Any  # float array (n,)
    method: str  # "all", "topk" or "block"
    outranked: Any = None  # bool array (n,): not a shared task: a sibling matches the partner better, the
    # two tasks are different work, or columns on different topics (see the module doc)
    different_work: Any = None  # bool array (n,): the two tasks are different work (work.relation)


def score_tasks(texts: Sequence[str], groups: Sequence[int], calibration: Calibration, *,
                leads: Sequence[Sequence[str]] | None = None, as_of: str | None = None,
                method: str = "auto", siblings: Sequence[int] | None = None, k: int | None = None,
                mapper=None, progress=None) -> tuple[TaskIndex, ScoredPairs]:
    """Index the tasks, generate candidates and score them in chunks; `siblings` (sibling_ids
    of the tasks' own texts) marks the pairs a sibling outranks. `mapper` runs the chunks
    (scoring.local_map by default, parallel.py for a Dask cluster); `progress(stage, done,
    total)` hears of each stage. Features are not kept (`ScoredPairs.features` is None)."""
    from ccompare.compare.scoring import local_map, score_streamed, scoring_context

    if progress:
        progress("indexing", 0, 1)
    index = TaskIndex(texts, leads, as_of=as_of, mapper=mapper)
    if progress:
        progress("indexing", 1, 1)
    pairs, used = candidate_pairs(index, groups, method=method, k=k, mapper=mapper, progress=progress)
    result = score_streamed(scoring_context(index, calibration), pairs, groups, mapper=mapper or local_map,
                            progress=progress)
    different = index.different_work(pairs)
    never = index.not_shared(pairs)  # different work, or columns on different topics
    outranked = outranked_by_sibling(pairs, result.scores, siblings, calibration.sibling_margin) | never
    return index, ScoredPairs(pairs, None, result.scores, used, outranked, different)
