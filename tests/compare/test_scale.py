"""Scaled comparison: chunked scoring, top-k candidates, the per-task cap, bounded gaps, progress."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ccompare.compare.align import TaskIndex, cross_pairs, load_calibration, match_texts, score_pairs
from ccompare.compare.comparison import compare_plans, top_per_task
from ccompare.compare.scoring import score_streamed, scoring_context


def _inputs(plans):
    texts, groups, leads = [], [], []
    for g, plan in enumerate(plans):
        usable = [t for t in plan.tasks if t.text.strip()]
        for t, x in zip(usable, match_texts(usable), strict=True):
            texts.append(x)
            groups.append(g)
            leads.append(tuple(t.lead))
    return texts, groups, leads


def copies(plans, n: int):
    """`n` renamed copies of each plan, as provinces copying one template would write them."""
    out = []
    for k in range(n):
        for p in plans:
            pid = f"{p.id}-copy{k}"
            tasks = tuple(replace(t, id=t.id.replace(p.id, pid, 1)) for t in p.tasks)
            out.append(replace(p, id=pid, tasks=tasks))
    return out


def test_the_character_view_is_the_one_fitted_on_every_distinct_text(corpus_plans):
    """TaskIndex fits the character view once per distinct string (texts that read the same once
    stop words are set aside): its matrix, to the order of each row's entries, is that of fitting
    every distinct text, as it was built before."""
    from sklearn.feature_extraction.text import CountVectorizer

    from ccompare.compare.align import _tfidf
    from ccompare.compare.text import task_text

    texts, _, leads = _inputs(corpus_plans)
    texts += [f"{t} của" for t in texts[:40]]  # a function word more: another text, the same string
    leads += leads[:40]
    index = TaskIndex(texts, leads, as_of="2025-12-31")
    unique, inverse = np.unique(np.array(texts, dtype=object), return_inverse=True)
    normals = [task_text(t).match_normal for t in unique]
    assert len(set(normals)) < len(normals)
    every = _tfidf(CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(normals), inverse)
    for part in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(index.char, part), getattr(every, part))


def test_tfidf_of_copies_is_scikit_learns_of_every_row(corpus_plans):
    """align._tfidf (counts made float, then copied out to every task and transformed in place) is
    TfidfTransformer's fit_transform of every task's counts, bit for bit."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    from ccompare.compare.align import _tfidf

    texts, _, _ = _inputs(copies(corpus_plans, 2))
    unique, inverse = np.unique(np.array(texts, dtype=object), return_inverse=True)
    counts = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(list(unique))
    mine, theirs = _tfidf(counts, inverse), TfidfTransformer(sublinear_tf=True).fit_transform(counts[inverse]).tocsr()
    for part in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(mine, part), getattr(theirs, part))


def test_cosines_read_once_per_pair_of_rows_are_those_of_every_pair(corpus_plans):
    """Tasks with the same text have the same word and character rows, bit for bit: reading one
    cosine per pair of rows (either way round, but for the term-weighted left side) gives every
    pair's own numbers."""
    from scipy import sparse

    from ccompare.compare.align import _row_cosines

    texts, groups, leads = _inputs(copies(corpus_plans, 2))
    index = TaskIndex(texts, leads, as_of="2025-12-31")
    pairs = cross_pairs(groups)
    pairs = np.concatenate([pairs, pairs[:, ::-1]])  # both ways round
    assert len(np.unique(index.char_rows)) < len(texts)
    weighted = (index.word @ sparse.diags(np.linspace(0.5, 1.5, index.word.shape[1]))).tocsr()
    for X, rows, left in ((index.word, index.word_rows, None), (index.char, index.char_rows, None),
                          (index.word, index.word_rows, weighted)):
        assert np.array_equal(_row_cosines(X, pairs, rows=rows, left=left), _row_cosines(X, pairs, left=left))


def test_chunked_scores_equal_the_one_pass_scores(corpus_plans):
    texts, groups, leads = _inputs(corpus_plans)
    cal = load_calibration()
    index = TaskIndex(texts, leads, as_of="2025-12-31")
    pairs = cross_pairs(groups)
    _, one_pass = score_pairs(index, pairs, groups, cal)
    chunked = score_streamed(scoring_context(index, cal), pairs, groups, chunk=997)
    np.testing.assert_allclose(chunked.scores, one_pass, rtol=0, atol=1e-12)


def test_a_pairs_score_does_not_depend_on_the_chunk_it_is_scored_in(corpus_plans):
    """Bit for bit: tied pairs (template copies) are ranked by their scores' last bits, so
    which of them a capped result keeps must not move with the chunk size or the workers."""
    texts, groups, leads = _inputs(corpus_plans)
    ctx = scoring_context(TaskIndex(texts, leads, as_of="2025-12-31"), load_calibration())
    pairs = cross_pairs(groups)
    whole = score_streamed(ctx, pairs, groups, chunk=len(pairs))
    for chunk in (997, 4_099):
        chunked = score_streamed(ctx, pairs, groups, chunk=chunk)
        assert np.array_equal(chunked.scores, whole.scores) and np.array_equal(chunked.direct, whole.direct)


def test_topk_candidates_keep_the_pairs_brute_force_accepts(corpus_plans):
    plans = copies(corpus_plans, 3)
    full = compare_plans(plans, candidates="all", max_pairs_per_task=None)
    topk = compare_plans(plans, candidates="topk", max_pairs_per_task=None, candidates_per_task=40)
    assert topk.candidates == "topk" and topk.pairs_scored < full.pairs_scored
    brute = {(p.a.task, p.b.task) for p in full.pairs}
    kept = {(p.a.task, p.b.task) for p in topk.pairs}
    assert len(brute & kept) / len(brute) >= 0.95


def test_no_gap_lists_a_plan_holding_the_very_same_text(corpus_plans):
    """Copies tie at cosine 1, so with few neighbours per task most copies are never scored
    against each other; a plan holding the same text still never lacks the task."""
    plans = copies(corpus_plans[:2], 6)
    topk = compare_plans(plans, candidates="topk", candidates_per_task=1, max_pairs_per_task=None)
    texts, groups, _ = _inputs(plans)
    holders: dict[str, set[str]] = {}
    for text, g in zip(texts, groups, strict=True):
        holders.setdefault(" ".join(text.split()), set()).add(plans[g].id)
    task_text = {t.id: x for p in plans for t, x in zip([t for t in p.tasks if t.text.strip()],
                                                        match_texts([t for t in p.tasks if t.text.strip()]),
                                                        strict=True)}
    assert topk.gaps
    for gap in topk.gaps:
        assert not set(gap.missing_in) & holders[" ".join(task_text[gap.task].split())], gap.task


def _neighbours_of_every_row(cv):
    """Each task's k best tasks of other plans under every view, from the product of its own row."""
    from ccompare.compare.candidates import _top_product, unique_pairs

    found = []
    for V, VT in zip(cv.views, cv.transposed, strict=True):
        C = _top_product(V, VT, cv.k + cv.extra).tocoo()
        r, c, v = C.row.astype(np.int64), C.col.astype(np.int64), C.data
        other = cv.groups[r] != cv.groups[c]
        r, c, v = r[other], c[other], v[other]
        order = np.lexsort((c, -v, r))
        r, c = r[order], c[order]
        keep = np.arange(len(r)) - np.searchsorted(r, r, side="left") < cv.k
        found.append(np.column_stack([np.minimum(r[keep], c[keep]), np.maximum(r[keep], c[keep])]))
    return unique_pairs(np.concatenate(found))


def test_candidates_do_not_depend_on_how_rows_are_chunked(corpus_plans):
    """Tasks whose rows are equal share one product: the pairs are those of every task's own row,
    however the distinct rows are chunked."""
    from ccompare.compare.candidates import candidate_views, merge_pairs, neighbour_pairs

    texts, groups, leads = _inputs(copies(corpus_plans, 3))
    cv = candidate_views(TaskIndex(texts, leads, as_of="2025-12-31"), groups, k=5)
    assert all(len(rows) < len(cv) for rows in cv.distinct)  # the copies share their rows
    whole = _neighbours_of_every_row(cv)
    for size in (17, 4_096):
        np.testing.assert_array_equal(merge_pairs([neighbour_pairs(cv, *c) for c in cv.chunks(size)]), whole)
    g = np.asarray(groups)
    assert len(whole) and (g[whole[:, 0]] != g[whole[:, 1]]).all() and (whole[:, 0] < whole[:, 1]).all()


def test_each_task_keeps_its_best_partners():
    pairs = np.array([[0, 1], [0, 2], [0, 3], [1, 2]])
    scores = np.array([0.9, 0.8, 0.7, 0.6])
    # task 0 keeps (0,1) and (0,2); (0,3) stays because task 3 keeps it; (1,2) because 1 and 2 rank it second
    assert top_per_task(pairs, scores, 2).tolist() == [True, True, True, True]
    # with one each: 0 keeps (0,1), 1 keeps (0,1), 2 keeps (0,2), 3 keeps (0,3); nobody keeps (1,2)
    assert top_per_task(pairs, scores, 1).tolist() == [True, True, True, False]
    assert top_per_task(pairs, scores, None).all()


def test_the_cap_bounds_pairs_and_counts_the_rest(corpus_plans):
    plans = copies(corpus_plans, 3)
    full = compare_plans(plans, max_pairs_per_task=None)
    capped = compare_plans(plans, max_pairs_per_task=1)
    assert capped.pairs_accepted == full.pairs_accepted == len(full.pairs)
    assert len(capped.pairs) + capped.pairs_left_out == full.pairs_accepted
    assert capped.pairs_left_out > 0
    assert {(g.task, g.missing_in) for g in capped.gaps} == {(g.task, g.missing_in) for g in full.gaps}


def test_gaps_list_at_most_the_limit_and_count_all(invented):
    full = compare_plans(invented["plan_objects"])
    short = compare_plans(invented["plan_objects"], max_missing_listed=1)
    assert [g.task for g in full.gaps] == [g.task for g in short.gaps]
    for a, b in zip(full.gaps, short.gaps, strict=True):
        assert b.missing_count == a.missing_count == len(a.missing_in)
        assert b.missing_in == a.missing_in[:1]


def test_progress_is_reported_for_every_stage(corpus_plans):
    seen: dict[str, tuple[int, int]] = {}
    compare_plans(corpus_plans, progress=lambda stage, done, total: seen.__setitem__(stage, (done, total)))
    assert ["indexing", "scoring", "support", "pairs", "gaps"] == [s for s in seen if s != "candidates"]
    assert all(done == total for done, total in seen.values())


@pytest.mark.parametrize("jobs", [2])
def test_local_processes_give_the_same_comparison(corpus_plans, jobs):
    from ccompare.compare.parallel import ProcessMapper
    from ccompare.compare.tables import comparison_to_data

    plans = copies(corpus_plans, 2)
    local = comparison_to_data(compare_plans(plans, candidates="topk"))
    forked = comparison_to_data(compare_plans(plans, candidates="topk", mapper=ProcessMapper(jobs)))
    assert local == forked


def _square(_shared, x: int) -> int:
    return x * x


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_mapper_runs_meanwhile_once_here_and_keeps_the_order(jobs):
    import os

    from ccompare.compare.parallel import ProcessMapper

    calls: list[int] = []
    out = ProcessMapper(jobs)(_square, None, [1, 2, 3, 4], meanwhile=lambda: calls.append(os.getpid()))
    assert out == [1, 4, 9, 16] and calls == [os.getpid()]

    def fails() -> None:
        raise ValueError("meanwhile failed")

    with pytest.raises(ValueError, match="meanwhile failed"):
        ProcessMapper(jobs)(_square, None, [1, 2, 3], meanwhile=fails)


def _slow_square(_shared, x: int) -> int:
    import time

    time.sleep(0.05 if x == 1 else 0)  # the first is ready last
    return x * x


@pytest.mark.parametrize("jobs", [1, 2])
def test_ordered_results_come_in_the_order_of_the_items(jobs):
    from ccompare.compare.parallel import ProcessMapper

    assert list(ProcessMapper(jobs).ordered(_slow_square, None, [1, 2, 3, 4, 5])) == [1, 4, 9, 16, 25]
    results = ProcessMapper(jobs).ordered(_slow_square, None, list(range(1, 50)))
    assert next(results) == 1
    results.close()  # a reader that stops early: the pool is shut, nothing left running


def test_analysed_texts_survive_the_trip_from_a_worker(corpus_plans):
    """TaskText pickles by columns (parallel indexing): the same tokens, runs that are still
    slices of those tokens, and the words they give."""
    import pickle

    from ccompare.compare.text import task_text

    texts = [t.text for p in corpus_plans for t in p.tasks][:200]
    for text in texts:
        original = task_text(text)
        back = pickle.loads(pickle.dumps(original))
        assert back == original
        ids = {id(t) for t in back.tokens}
        assert all(id(t) in ids for run in (*back.runs, *back.match_runs) for t in run)
        assert back.words() == original.words()


def test_the_collector_is_back_after_a_parallel_stage(corpus_plans):
    import gc

    from ccompare.compare.parallel import ProcessMapper

    assert gc.isenabled()
    compare_plans(copies(corpus_plans, 2), candidates="topk", mapper=ProcessMapper(2))
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.parametrize(("mapper", "n_tasks", "spread"), [
    (None, 10, False),
    ("process", 5_966, True),  # 200 plans: two forked workers add ~0.3 GiB in all
    ("process", 29_848, False),  # 1,000 plans: they would add ~1 GiB; the parent reads it
    ("cluster", 29_848, True),  # each Dask worker has memory of its own
])
def test_who_reads_the_evidence(mapper, n_tasks, spread):
    from ccompare.compare.comparison import _spread_evidence
    from ccompare.compare.parallel import DaskMapper, ProcessMapper

    given = {"process": ProcessMapper(2), "cluster": DaskMapper(client=None), None: None}[mapper]
    assert _spread_evidence(given, n_tasks) is spread


def test_the_collector_pause_nests_and_leaves_a_paused_collector_alone():
    import gc

    from ccompare.compare.collector import collector_paused

    with collector_paused():
        assert not gc.isenabled() and gc.get_freeze_count() > 0
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled() and gc.get_freeze_count() > 0  # the inner block did not resume it
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # its owner resumes it
    finally:
        gc.enable()


class _Node:
    pass


def test_what_a_paused_block_made_is_old_afterwards_and_its_cycles_are_still_freed():
    """The first collection after a comparison would walk all it made; it joins the oldest generation."""
    import gc
    import weakref

    from ccompare.compare.collector import collector_paused

    with collector_paused():
        made = [[n] for n in range(1_000)]
        node = _Node()
        node.self = node
        cycle = weakref.ref(node)
        del node
    assert not any(x is made for x in gc.get_objects(generation=0))
    assert any(x is made for x in gc.get_objects(generation=2))
    assert cycle() is not None  # garbage in a cycle waits for a full collection...
    gc.collect()
    assert cycle() is None  # ...which frees it


def test_relative_similarities_are_those_of_a_plain_group_maximum():
    """`relatives` groups the pairs by a sort: the numbers of the direct np.unique + np.maximum.at."""
    from ccompare.compare.align import relatives

    rng = np.random.default_rng(7)
    groups = rng.integers(0, 6, size=300)
    pairs = np.unique(np.sort(rng.integers(0, 300, size=(4_000, 2)), axis=1), axis=0)
    pairs = pairs[groups[pairs[:, 0]] != groups[pairs[:, 1]]]
    views = [rng.random(len(pairs)).round(2), rng.random(len(pairs)) * (rng.random(len(pairs)) > 0.3)]
    width = groups.max() + 1
    keys = np.concatenate([pairs[:, 0] * width + groups[pairs[:, 1]], pairs[:, 1] * width + groups[pairs[:, 0]]])
    _, inverse = np.unique(keys, return_inverse=True)
    for sims, got in zip(views, relatives(pairs, groups, *views), strict=True):
        best = np.full(inverse.max() + 1, -np.inf)
        np.maximum.at(best, inverse, np.concatenate([sims, sims]))
        ma, mb = best[inverse[:len(sims)]], best[inverse[len(sims):]]
        expected = np.minimum(np.divide(sims, ma, out=np.zeros_like(sims), where=ma > 0),
                              np.divide(sims, mb, out=np.zeros_like(sims), where=mb > 0))
        assert np.array_equal(got, expected)
    assert relatives(pairs[:0], groups, views[0][:0])[0].shape == (0,)
