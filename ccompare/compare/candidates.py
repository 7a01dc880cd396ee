"""Candidate pairs that grow like n·k, not n²: each task's top-k most similar tasks in other plans.

Scoring every cross-plan pair is quadratic (a thousand plans of 30 tasks: 450 million pairs).
Instead each task keeps its `k` nearest tasks of other plans under a few sparse views, computed
as a sparse product that keeps only the top entries of each row (`sparse_dot_topn`, C++):

- `syllables`: TF-IDF of the folded content syllables (no diacritics, so a plan whose OCR lost
  them still meets the others; abbreviations expanded);
- `words`: the word view the score itself uses (pyvi words in their own spelling, thesaurus
  concepts);
- `subject`: syllables plus the thesaurus subjects the text names, weighted up, so tasks about
  the same subject (a column on the broadcaster) meet first: the pairs the subject rules score;
- `lead`: syllables plus the lead's roles after the 2025 lineage, weighted up, so the same body's
  tasks meet first (same lineage group).

Terms found in more than `MAX_DF_SHARE` of the tasks are left out of the candidate views
(they would make every row dense and say little about which tasks are the same work); the
score still uses them. Without `sparse_dot_topn` (the `scale` extra) the same product runs in scipy, slower.
Rows are processed in chunks, so a chunk can run on another process
or machine (compare/parallel.py) and the result does not depend on how rows are chunked.
Tasks whose rows of a view are equal bit for bit (one text copied into many plans) share that
row's product and its ranked list; each of them then drops its own plan's tasks from the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

K = 40  # neighbours per task and per view
MAX_DF_SHARE = 0.1  # candidate views drop terms found in more than this share of the tasks
MIN_DF_CAP = 200  # ... but never drop a term found in fewer tasks than this
BOOST = 1.0  # weight of the subject / lead block against the text block (both L2-normalised)
ROW_CHUNK = 512  # distinct rows of a view a chunk: 19 chunks at 200 plans (one row a task: 12; 2,048: 3)


@dataclass(frozen=True)
class DistinctRows:
    """The distinct rows of a view: the first task having each, and its tasks in order
    (`tasks[starts[q]:starts[q + 1]]`)."""

    first: Any  # int64 array
    starts: Any  # int64 array, one more than `first`
    tasks: Any  # int64 array: every task, grouped by its row

    def __len__(self) -> int:
        return len(self.first)


def distinct_rows(V) -> DistinctRows:
    """The rows of a CSR matrix that are equal bit for bit (columns and values), grouped."""
    import numpy as np

    seen: dict[tuple[bytes, bytes], int] = {}
    row_of = np.empty(V.shape[0], dtype=np.int64)
    indptr, indices, data = V.indptr, V.indices, V.data
    for r in range(V.shape[0]):
        lo, hi = indptr[r], indptr[r + 1]
        row_of[r] = seen.setdefault((indices[lo:hi].tobytes(), data[lo:hi].tobytes()), len(seen))
    tasks = np.argsort(row_of, kind="stable")
    starts = np.searchsorted(row_of[tasks], np.arange(len(seen) + 1))
    return DistinctRows(tasks[starts[:-1]], starts, tasks)


@dataclass(frozen=True)
class CandidateViews:
    """Sparse L2-normalised views of the tasks (float32 CSR), their transposes and distinct rows,
    plus each task's plan; what a chunk of rows needs to find its neighbours."""

    views: tuple[Any, ...]
    transposed: tuple[Any, ...]
    groups: Any  # int64 array: the plan of each task
    k: int
    extra: int  # same-plan tasks that may precede the k others in a row's top list
    distinct: tuple[DistinctRows, ...]  # of each view

    def __len__(self) -> int:
        return len(self.groups)

    def chunks(self, size: int = ROW_CHUNK) -> list[tuple[int, int, int]]:
        """(view, start, stop) over the distinct rows of every view: what neighbour_pairs reads."""
        return [(v, s, e) for v, rows in enumerate(self.distinct) for s, e in row_chunks(len(rows), size)]


def _prune_normalise(X, max_share: float = MAX_DF_SHARE, min_cap: int = MIN_DF_CAP):
    import numpy as np
    from sklearn.preprocessing import normalize

    X = X.tocsc(copy=True)
    df = np.diff(X.indptr)
    keep = np.nonzero(df <= max(min_cap, max_share * X.shape[0]))[0]
    return normalize(X[:, keep].tocsr().astype(np.float32))


def _one_hot(codes, n_cols: int):
    """Rows x n_cols indicator of a list of code lists."""
    import numpy as np
    from scipy import sparse

    rows = [r for r, cs in enumerate(codes) for _ in cs]
    cols = [c for cs in codes for c in cs]
    return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(codes), n_cols))


def candidate_views(index, groups: Sequence[int], *, k: int = K) -> CandidateViews:
    """The views of a TaskIndex (see the module doc)."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    g = np.asarray(groups, dtype=np.int64)
    syll = TfidfVectorizer(token_pattern=r"[a-z0-9]+", sublinear_tf=True, lowercase=False, dtype=np.float32)
    S = _prune_normalise(syll.fit_transform(index.normal))
    W = _prune_normalise(index.word)
    subj = [[b for b in range(64) if (int(m) >> b) & 1] for m in index.subjects.tolist()]
    leads = [[x] if index._lead_sets[x] else [] for x in index.lead_ids.tolist()]

    def boosted(block):
        return normalize(sparse.hstack([S, BOOST * normalize(block)]).tocsr().astype(np.float32))

    views = (S, W, boosted(_one_hot(subj, 64)), boosted(_one_hot(leads, len(index._lead_sets))))
    sizes = np.bincount(g) if len(g) else np.zeros(1, dtype=np.int64)
    return CandidateViews(views, tuple(v.T.tocsr() for v in views), g, k, int(min(sizes.max(), 4 * k)),
                          tuple(distinct_rows(v) for v in views))


def neighbour_pairs(cv: CandidateViews, view: int, start: int, stop: int):
    """Pairs (i, j), i < j, linking each task whose row of view `view` is one of its distinct rows
    start..stop (CandidateViews.chunks) to its k best tasks of other plans under that view
    (unordered, may repeat across chunks)."""
    import numpy as np

    rows = cv.distinct[view]
    C = _top_product(cv.views[view][rows.first[start:stop]], cv.transposed[view], cv.k + cv.extra).tocoo()
    q, c, v = C.row.astype(np.int64), C.col.astype(np.int64), C.data
    order = np.lexsort((c, -v, q))  # per row: best first, ties by column (deterministic)
    q, c = q[order], c[order]
    # each row's list once for each of its tasks, task after task
    listed = np.searchsorted(q, np.arange(stop - start + 1))  # where each row's list starts
    members = np.diff(rows.starts[start:stop + 1])
    tasks = rows.tasks[rows.starts[start]:rows.starts[stop]]
    row_of_task = np.repeat(np.arange(stop - start), members)
    length = np.diff(listed)[row_of_task]
    offset = np.cumsum(length) - length  # where each task's copy of its row's list begins
    at = np.arange(int(length.sum())) - np.repeat(offset - listed[row_of_task], length)
    r, c = np.repeat(tasks, length), c[at]
    other = cv.groups[r] != cv.groups[c]
    r, c = r[other], c[other]
    begins = np.flatnonzero(np.concatenate([[True], r[1:] != r[:-1]])) if len(r) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(r)) - np.repeat(begins, np.diff(np.append(begins, len(r))))
    keep = rank < cv.k
    return unique_pairs(np.column_stack([np.minimum(r[keep], c[keep]), np.maximum(r[keep], c[keep])]))


def unique_pairs(pairs) -> Any:
    """`np.unique(pairs, axis=0)` (rows sorted by first, then second index) through one int64 key
    per pair, sorted and deduplicated by hand: on millions of pairs both the row-wise unique and
    numpy's hash-based unique of the keys take seconds, a sort a tenth of a second."""
    import numpy as np

    if len(pairs) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.asarray(pairs, dtype=np.int64)
    width = int(pairs.max()) + 1
    keys = unique_keys(pairs[:, 0] * width + pairs[:, 1])
    return np.column_stack([keys // width, keys % width])


def unique_keys(keys) -> Any:
    """`np.unique(keys)` of a 1-D integer array, by a sort (see unique_pairs)."""
    import numpy as np

    keys = np.sort(np.asarray(keys))
    if len(keys) == 0:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


MAX_THREADS = 8
_threads: list[int | None] = [None]  # threads of the sparse product (None: the cores, up to MAX_THREADS)


def single_threaded() -> None:
    """One thread for the sparse product in this process: a worker of a mapper (parallel.py),
    which already runs one chunk per core."""
    _threads[0] = 1


def product_threads() -> int:
    import os

    return _threads[0] or max(1, min(os.cpu_count() or 1, MAX_THREADS))


def _top_product(A, B, top_n: int):
    """A @ B keeping each row's `top_n` largest entries above 1e-6: sparse_dot_topn (C++) when
    installed (the `scale` extra), else scipy in blocks of rows (same entries, slower).
    sparse_dot_topn splits the rows over threads (each row's entries are computed alone, so the
    result is the same) when this process is not already one worker of many."""
    try:
        from sparse_dot_topn import sp_matmul_topn
    except ImportError:
        return _top_product_scipy(A, B, top_n)
    threads = product_threads()
    return sp_matmul_topn(A, B, top_n=top_n, threshold=1e-6, n_threads=threads if threads > 1 else None)


def _top_product_scipy(A, B, top_n: int, block: int = 256):
    import numpy as np
    from scipy import sparse

    rows, cols, vals = [], [], []
    for s in range(0, A.shape[0], block):
        P = (A[s:s + block] @ B).tocsr()
        for r in range(P.shape[0]):
            lo, hi = P.indptr[r], P.indptr[r + 1]
            idx, val = P.indices[lo:hi], P.data[lo:hi]
            ok = val > 1e-6
            idx, val = idx[ok], val[ok]
            if len(val) > top_n:
                pick = np.argpartition(-val, top_n - 1)[:top_n]
                idx, val = idx[pick], val[pick]
            rows.append(np.full(len(idx), s + r))
            cols.append(idx)
            vals.append(val)
    if not rows:
        return sparse.csr_matrix(A.shape[:1] + B.shape[1:], dtype=np.float32)
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(A.shape[0], B.shape[1]))


def row_chunks(n: int, size: int = ROW_CHUNK) -> list[tuple[int, int]]:
    return [(s, min(s + size, n)) for s in range(0, n, size)]


def merge_pairs(parts) -> Any:
    """Unique pairs (sorted) of the chunks' pairs."""
    import numpy as np

    parts = [p for p in parts if len(p)]
    return unique_pairs(np.concatenate(parts)) if parts else np.zeros((0, 2), dtype=np.int64)
