"""Score candidate pairs in chunks, so memory grows with the candidates, not with their features.

The calibrated score is logistic in the pair features (align.py). Every feature but the two
relative ones (`word_rel`, `char_rel`: a pair's cosine over the best its tasks reach towards the
other's plan, a reduction over all pairs) and `support` (paths through third plans, a graph over
all pairs) is a function of the pair alone. So a chunk of pairs gives, on its own, the word and
character cosines and the linear part of both logistic stages over its other features; the
client adds the relative features and support, which need only one float per pair. No chunk's
feature matrix outlives the chunk, and a chunk can run in another process or machine
(compare/parallel.py): the arithmetic is the same, so the result is identical.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ccompare.compare.align import FEATURES, Calibration, TaskIndex, _row_cosines, path_support, relatives
from ccompare.compare.progress import stage_ticker

PAIR_CHUNK = 25_000  # 12 chunks at 200 plans: two workers finish together (3 left one idle a third of the stage)
Progress = Callable[[str, int, int], None]  # (stage, done, total)
_REL = (FEATURES.index("word_rel"), FEATURES.index("char_rel"))
_COS = (FEATURES.index("word"), FEATURES.index("char"))


@dataclass(frozen=True)
class ScoringContext:
    """What every chunk needs: the index, the calibration and the term-weighted word view."""

    index: TaskIndex
    calibration: Calibration
    weighted: Any = None  # index.word scaled by the shared-terms weights (None without terms)


def scoring_context(index: TaskIndex, calibration: Calibration) -> ScoringContext:
    import numpy as np
    from scipy import sparse

    weighted = None
    if calibration.terms is not None:
        weights = calibration.terms[0]
        w = np.zeros(len(index.word_vec.vocabulary_))
        for term, k in index.word_vec.vocabulary_.items():
            w[k] = weights.get(term, 0.0)
        weighted = (index.word @ sparse.diags(w)).tocsr()
    return ScoringContext(index, calibration, weighted)


def _stages(cal: Calibration):
    """(coef, intercept) of the direct stage and of the final stage over FEATURES (+ shared_terms),
    and the final stage's support weight (None with one stage)."""
    n = len(FEATURES) + (1 if cal.terms is not None else 0)
    final = (list(cal.coef[:n]), cal.intercept)
    direct = (list(cal.direct[0]), cal.direct[1]) if cal.direct else None
    return direct, final, (cal.coef[n] if cal.direct else None)


def score_chunk(ctx: ScoringContext, pairs) -> Any:
    """(4, len(pairs)) array: word cosine, char cosine, and the linear part (with intercept) of
    the direct and the final stage over every feature but the relative ones and support."""
    import numpy as np

    index, cal = ctx.index, ctx.calibration
    n = len(pairs)
    word = _row_cosines(index.word, pairs, rows=index.word_rows)
    char = _row_cosines(index.char, pairs, rows=index.char_rows)
    cols = [word, np.zeros(n), char, np.zeros(n), *index.pair_columns(pairs)]
    if cal.terms is not None:
        cols.append(_row_cosines(index.word, pairs, left=ctx.weighted, rows=index.word_rows) + cal.terms[1])
    direct, final, _ = _stages(cal)
    lin_d = _linear(cols, *direct) if direct else np.zeros(n)
    return np.vstack([word, char, lin_d, _linear(cols, *final)])


def _linear(cols, coef, intercept):
    """intercept + sum of coef[k] * cols[k], one column at a time: a pair's score then does not
    depend on the chunk it is scored in (a matrix product's blocking follows the row count, and
    moved the last bit of tied scores when the chunk size changed)."""
    import numpy as np

    out = np.full(len(cols[0]), float(intercept))
    for c, col in zip(coef, cols, strict=True):
        out += c * col
    return out


def local_map(fn: Callable, shared: Any, items: list, *, progress: Callable[[int], None] | None = None,
              meanwhile: Callable[[], object] | None = None) -> list:
    """`[fn(shared, item) for item in items]`, ticking `progress` after each, then `meanwhile()`:
    the default mapper."""
    out = []
    for item in items:
        out.append(fn(shared, item))
        if progress:
            progress(1)
    if meanwhile is not None:
        meanwhile()
    return out


Mapper = Callable[..., list]  # (fn, shared, items, progress=) -> results in the order of items


@dataclass(frozen=True)
class Scores:
    direct: Any  # first-stage score of each pair
    scores: Any  # final score of each pair


def score_streamed(ctx: ScoringContext, pairs, groups, *, chunk: int = PAIR_CHUNK, mapper: Mapper = local_map,
                   progress: Progress | None = None) -> Scores:
    """Final scores of candidate pairs, chunk by chunk (see the module doc)."""
    import numpy as np

    cal = ctx.calibration
    n = len(pairs)
    if n == 0:
        return Scores(np.zeros(0), np.zeros(0))
    bounds = [(s, min(s + chunk, n)) for s in range(0, n, chunk)]
    tick = stage_ticker(progress, "scoring", len(bounds))
    # pairs of the same rows together, so that a chunk computes their cosines once (score_chunk)
    order = _by_rows(ctx.index, pairs)
    in_order = pairs[order]
    parts = mapper(score_chunk, ctx, [in_order[s:e] for s, e in bounds], progress=tick)
    del in_order
    word, char, lin_d, lin_f = (np.empty(n) for _ in range(4))
    for r, column in enumerate((word, char, lin_d, lin_f)):
        column[order] = np.concatenate([p[r] for p in parts])
    del parts
    word_rel, char_rel = relatives(pairs, groups, word, char)
    del word, char
    direct_stage, final_stage, w_support = _stages(cal)
    lin_f += final_stage[0][_REL[0]] * word_rel + final_stage[0][_REL[1]] * char_rel
    if direct_stage is None:
        return Scores(_sigmoid(lin_f), _sigmoid(lin_f))
    lin_d += direct_stage[0][_REL[0]] * word_rel + direct_stage[0][_REL[1]] * char_rel
    del word_rel, char_rel
    direct = _sigmoid(lin_d)
    if progress:
        progress("support", 0, 1)
    support = path_support(pairs, direct, len(ctx.index))
    if progress:
        progress("support", 1, 1)
    return Scores(direct, _sigmoid(lin_f + w_support * support))


def _by_rows(index: TaskIndex, pairs) -> Any:
    """An order of the pairs that puts those of the same character rows, then of the same word
    rows, next to each other (either way round)."""
    import numpy as np

    def key(rows):
        a, b = rows[pairs[:, 0]], rows[pairs[:, 1]]
        return np.minimum(a, b) * (int(rows.max()) + 1) + np.maximum(a, b)

    return np.lexsort((key(index.word_rows), key(index.char_rows)))


def _sigmoid(z):
    import numpy as np

    return 1.0 / (1.0 + np.exp(-z))
