"""Calibrate the task-alignment score on the hand-labelled pair fixtures (reproducible).

    python models/calibrate_alignment.py              # writes models/align/calibration.json
    python models/calibrate_alignment.py --ablation   # also prints the ablation table (writes the same file)

Each fixture labels the candidate pairs of its plan pairs: pairs_2024_comm.json (the three 2024
communication plans among themselves) and heldout/pairs_*.json (an invented plan of another
province against those three, labelled by people who had not read the matcher). Each fixture's
pairs are scored in the comparison a user would run (`ccompare compare` on the bundled corpus,
plus the fixture's own plan; every cross-plan pair is a candidate), so that the support a pair
gets from third plans is what it would get there. Two logistic
regressions (scikit-learn, C=1, seeded) give the score: the direct stage over the pair features,
then the final stage over the features plus support (the best path through a third plan's task,
align.path_support); the threshold is the one with the best F1 on the training pairs after the
sibling rule (align.py). The weights are saved as JSON (no pickle).

Fitting and judging on the same pairs flatters the result, so the script reports:
- `pair`: leave one labelled plan pair out, pooled over the folds;
- `fixture`: leave one fixture out (its plan is never seen in training): the figure to quote
  for a province the tool has not seen;
- `blind`: fit on the 2024 fixture only and judge the held-out fixtures (how they were first
  measured, before they were used for fitting);
- `unseen`: each judged plan pair is left out with every other labelled pair of either plan, so
  that neither plan's tasks are seen in training (the others all train on the first fixture's
  plans, which every fixture labels against): a model that learns those plans' tasks by heart
  gains leaving one fixture out and loses here;
- `in_sample`: fitted and judged on all labelled pairs (optimistic).
Each fixture's labels are completed by its same-object file (fixtures/same_object/*.json, naming
the fixture): positives it adds, and negatives of one kind, pairs that share an object but not the
work (issue 16). Besides F1, the script reports the precision of accepted pairs scored >= 0.9
(`high`: a reform unit reads those as certain) and how many same-object negatives are accepted,
out of fold. Different work (align.different_work, read by compare/work.py) is a rule as well as
the `activity_mismatch` feature: such pairs are never accepted; `--before` scores the matcher as it
was before (activity_mismatch from the thesaurus alone, no rule), for comparison.
Caveat: the thesaurus (data/compare_terms.json `concepts`) and the activity classes
(data/activities.json) were written by people who had read these plans and their labels (the
classes were checked against the labelled positives), and the feature set was chosen by comparing
these same cross-validated figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURE_DIR = ROOT / "tests" / "compare" / "fixtures"
HELDOUT = FIXTURE_DIR / "heldout"
SAME_OBJECT = FIXTURE_DIR / "same_object"  # same-object labels, one file per fixture (see the module doc)
# the three 2024 plans labelled among themselves, then plans of other provinces labelled against them
FIXTURES = [FIXTURE_DIR / "pairs_2024_comm.json", *sorted(HELDOUT.glob("pairs_*.json"))]
DOCUMENTS = [ROOT / "corpus" / "raw", *sorted(p for p in HELDOUT.glob("*") if p.suffix in {".txt", ".md"})]
OUT = ROOT / "models" / "align" / "calibration.json"
SEED = 0
C = 1.0
TERM_C = 1.0  # regularisation of the shared-terms model (one weight per word term)
SIBLING_MARGIN = 0.02
GRID = [round(0.05 + 0.01 * k, 2) for k in range(90)]
HIGH = 0.9  # scores people read as certain: their precision is reported on its own


def same_object_labels(path: Path) -> dict:
    """The same-object file completing a fixture ({'pairs': [], 'negatives': []} when none)."""
    rel = path.relative_to(ROOT).as_posix()
    for f in sorted(SAME_OBJECT.glob("*.json")):
        data = json.loads(f.read_text("utf-8"))
        if data.get("fixture") == rel:
            return data
    return {"pairs": [], "negatives": []}


class Model(NamedTuple):
    """A fitted calibration: weights over the feature columns `cols` (then shared_terms when
    `terms` holds the shared-terms model, then support when `direct` holds the first stage's
    weights and intercept), the threshold and the sibling margin. `shared` is shared_terms of
    every candidate pair as the stages were fitted on it (out of fold for the training pairs)."""

    cols: list[int]
    coef: list[float]
    intercept: float
    threshold: float
    margin: float | None
    direct: tuple[list[float], float] | None = None
    terms: tuple[list[float], float] | None = None  # weights over the word vocabulary, intercept
    shared: Any = None


class Problem:
    """The labelled candidate pairs of every fixture, their features and what the sibling rule needs.

    All documents are compared together, as `ccompare compare` would; each fixture labels the
    candidate pairs of its scope (quality.fixture_scope), and the scopes do not overlap.
    """

    def __init__(self, fixtures: list[Path] | None = None, documents: list[Path] | None = None,
                 *, before: bool = False):
        import numpy as np

        from ccompare.compare.align import (
            FEATURES,
            TaskIndex,
            candidate_pairs,
            match_texts,
            pair_features,
            shared_term_products,
            sibling_ids,
        )
        from ccompare.compare.comparison import plan_date
        from ccompare.compare.quality import fixture_scope, load_fixture, resolve
        from ccompare.extract import extract_plans

        self.fixture_paths = list(fixtures or FIXTURES)
        documents = list(documents or DOCUMENTS)
        corpus = extract_plans(documents[:1]).plans
        extra = extract_plans(documents[1:]).plans if len(documents) > 1 else []
        self.plans = corpus + extra
        self.labels, self.runs = [], []
        ids, siblings = [], []
        features, pairs_all, products = [], [], []
        rows, y, fixture, plan_pair, same_object, different = [], [], [], [], [], []
        vocab: dict[str, int] = {}
        for k, path in enumerate(self.fixture_paths):
            data = load_fixture(path)
            more = same_object_labels(path)
            data = {**data, "pairs": [*data["pairs"], *more["pairs"]]}
            negatives = {frozenset(p[:2]) for p in more["negatives"]}
            labels = resolve(data, self.plans)
            scope = fixture_scope(data, labels)
            self.labels.append(labels)
            # the comparison a user would run: the bundled corpus plus the fixture's own plans
            mine = set(labels.plan_ids.values())
            run = corpus + [p for p in extra if p.id in mine]
            offset = len(ids)
            texts, leads, run_groups, run_own = [], [], [], []
            for g, plan in enumerate(run):
                usable = [t for t in plan.tasks if t.text.strip()]
                for t, x in zip(usable, match_texts(usable), strict=True):
                    ids.append(t.id)
                    texts.append(x)
                    leads.append(tuple(t.lead))
                    run_groups.append(g)
                    run_own.append(t.text)
            latest = max(d for d in (plan_date(p) for p in run) if d)
            index = TaskIndex(texts, leads, as_of=latest)
            pairs, _ = candidate_pairs(index, run_groups, method="all")
            self.runs.append((run, index, run_groups, offset))
            siblings.extend(x + offset for x in sibling_ids(run_groups, run_own))
            base = sum(len(x) for x in pairs_all)
            feats = pair_features(index, pairs, run_groups)
            if before:  # the feature as it was: thesaurus activities named anywhere differ
                feats[:, FEATURES.index("activity_mismatch")] = (
                    index.activities[pairs[:, 0]] != index.activities[pairs[:, 1]]).astype(float)
            features.append(feats)
            different.append(np.zeros(len(pairs), dtype=bool) if before else index.not_shared(pairs))
            pairs_all.append(pairs + offset)
            names = index.word_vec.get_feature_names_out().tolist()
            remap = np.array([vocab.setdefault(t, len(vocab)) for t in names], dtype=np.int64)
            products.append((shared_term_products(index, pairs).tocoo(), remap))
            plan_ids = [p.id for p in run]
            for n, (i, j) in enumerate(pairs.tolist()):
                pp = frozenset((plan_ids[run_groups[i]], plan_ids[run_groups[j]]))
                if pp not in scope:
                    continue
                ka, kb = labels.keys_of_task.get(ids[offset + i], ()), labels.keys_of_task.get(ids[offset + j], ())
                rows.append(base + n)
                y.append(int(any(frozenset((a, b)) in labels.positives for a in ka for b in kb)))
                same_object.append(any(frozenset((a, b)) in negatives for a in ka for b in kb))
                fixture.append(k)
                plan_pair.append(pp)
        from scipy import sparse

        blocks = [sparse.csr_matrix((m.data, (m.row, remap[m.col])), shape=(m.shape[0], len(vocab)))
                  for m, remap in products]
        self.products = sparse.vstack(blocks).tocsr()
        self.vocab = sorted(vocab, key=vocab.get)
        self.ids, self.siblings = ids, siblings
        self.n_tasks = len(ids)
        self.rows = np.asarray(rows, dtype=np.int64)
        self.all_pairs = np.concatenate(pairs_all)
        self.all_features = np.concatenate(features)
        self.D = np.concatenate(different)[self.rows]  # different work, other columns: never accepted (the rules)
        self.same_object = np.asarray(same_object, dtype=bool)
        self.pair_names = np.asarray([f"{k}:{'~'.join(sorted(pp))}" for k, pp in zip(fixture, plan_pair, strict=True)])
        self.P = self.all_pairs[self.rows]
        self.F = self.all_features[self.rows]
        self.y = np.asarray(y)
        self.fixture = np.asarray(fixture)
        self.plan_pair = plan_pair

    def accept(self, scores, mask, threshold: float, margin: float | None):
        from ccompare.compare.align import outranked_by_sibling

        return ((scores >= threshold) & ~self.D[mask]
                & ~outranked_by_sibling(self.P[mask], scores, self.siblings, margin))

    def fit(self, mask, cols, margin: float | None, c: float = C, support: bool = True,
            terms: bool = True) -> Model:
        """The shared-terms model, then logistic weights on the masked pairs (direct stage, then
        support stage) and the threshold with the best F1 there."""
        from sklearn.linear_model import LogisticRegression

        y = self.y[mask]
        term_model, shared = self.fit_terms(mask) if terms else (None, None)
        model = Model(cols, [], 0.0, 0.0, margin, None, term_model, shared)
        lr = LogisticRegression(C=c, max_iter=5000, random_state=SEED).fit(self.base(model)[self.rows][mask], y)
        model = model._replace(coef=lr.coef_[0].tolist(), intercept=float(lr.intercept_[0]))
        if support:
            X = self.features_with_support(model)
            lr2 = LogisticRegression(C=c, max_iter=5000, random_state=SEED).fit(X[mask], y)
            model = model._replace(coef=lr2.coef_[0].tolist(), intercept=float(lr2.intercept_[0]),
                                   direct=(model.coef, model.intercept))
        s = self.scores(model)[mask]
        best = max(GRID, key=lambda t: (_f1(self.accept(s, mask, t, margin), y), -t))
        return model._replace(threshold=float(best))

    def fit_terms(self, mask):
        """The shared-terms model on the masked pairs, and its score for every candidate pair:
        out of fold (leaving each training plan pair out in turn) for the training pairs, so
        that the stages after it learn how much it is worth on pairs it has not seen."""
        from sklearn.linear_model import LogisticRegression

        def model(m):
            return LogisticRegression(C=TERM_C, max_iter=5000, random_state=SEED).fit(
                self.products[self.rows[m]], self.y[m])

        full = model(mask)
        shared = full.decision_function(self.products)
        for name in sorted(set(self.pair_names[mask].tolist())):
            held = mask & (self.pair_names == name)
            inner = mask & ~held
            if inner.any() and len(set(self.y[inner].tolist())) == 2:
                shared[self.rows[held]] = model(inner).decision_function(self.products[self.rows[held]])
        return (full.coef_[0].tolist(), float(full.intercept_[0])), shared

    def base(self, model: Model):
        """First-stage features of every candidate pair: the chosen columns, then shared_terms."""
        import numpy as np

        X = self.all_features[:, model.cols]
        return X if model.shared is None else np.column_stack([X, model.shared])

    def features_with_support(self, model: Model):
        """The labelled pairs' first-stage features plus their support under the model's direct stage."""
        import numpy as np

        from ccompare.compare.align import _logistic, path_support

        X = self.base(model)
        direct = _logistic(X, model.coef, model.intercept)
        support = path_support(self.all_pairs, direct, self.n_tasks)
        return np.column_stack([X[self.rows], support[self.rows]])

    def scores(self, model: Model):
        """Final scores of every labelled pair."""
        from ccompare.compare.align import _logistic

        if model.direct is None:
            return _logistic(self.base(model)[self.rows], model.coef, model.intercept)
        X = self.features_with_support(model._replace(coef=model.direct[0], intercept=model.direct[1]))
        return _logistic(X, model.coef, model.intercept)

    def judge(self, mask, model: Model) -> Pooled:
        """Pair quality of a fitted model on the masked pairs, counted per fixture (quality.evaluate)."""
        from ccompare.compare.quality import evaluate

        s = self.scores(model)
        pooled = Pooled()
        ok_all = self.accept(s[mask], mask, model.threshold, model.margin)
        high = ok_all & (s[mask] >= HIGH)
        pooled.high_right += int(self.y[mask][high].sum())
        pooled.high_wrong += int((1 - self.y[mask][high]).sum())
        pooled.same_object_accepted += int((ok_all & self.same_object[mask]).sum())
        pooled.same_object_high += int((high & self.same_object[mask]).sum())
        pooled.same_object_total += int(self.same_object[mask].sum())
        for k, labels in enumerate(self.labels):
            part = mask & (self.fixture == k)
            if not part.any():
                continue
            ok = self.accept(s[part], part, model.threshold, model.margin)
            predicted = [(self.ids[i], self.ids[j], None) for (i, j), a in zip(self.P[part].tolist(), ok.tolist(),
                                                                               strict=True) if a]
            scope = {pp for pp, m in zip(self.plan_pair, part.tolist(), strict=True) if m}
            q = evaluate(predicted, labels, plan_pairs=scope)
            labelled = sum(frozenset(labels.plan_of_key[x] for x in key) in scope for key in labels.positives)
            pooled.add(q, labelled)
        return pooled

    def folds(self, scheme: str):
        """(train mask, test mask, name): 'pair' leaves one labelled plan pair out, 'fixture' one
        fixture out, 'blind' fits on the first fixture and judges the others (how the held-out
        fixtures were first measured), 'unseen' leaves out both plans of each judged pair."""
        import numpy as np

        if scheme == "pair":
            names = [f"{k}:{'~'.join(sorted(pp))}" for k, pp in zip(self.fixture.tolist(), self.plan_pair,
                                                                     strict=True)]
            arr = np.asarray(names)
            for name in sorted(set(names)):
                yield arr != name, arr == name, name
        elif scheme == "fixture":
            for k, path in enumerate(self.fixture_paths):
                yield self.fixture != k, self.fixture == k, path.name
        elif scheme == "blind":
            yield self.fixture == 0, self.fixture != 0, f"fit on {self.fixture_paths[0].name}"
        elif scheme == "unseen":
            yield from self.unseen_folds()
        else:
            raise ValueError(f"unknown scheme {scheme!r}")

    def unseen_folds(self):
        """Folds whose test pairs join two plans neither of which is in training: each held-out
        fixture's pairs with one plan of the first fixture, trained on the other fixtures' pairs
        that do not involve that plan (for the first fixture, each of its plan pairs, trained on
        the pairs involving neither plan). Every fixture labels plans against the first fixture's,
        so leaving one fixture out still trains on those plans' tasks: a model that learns them by
        heart scores well there and not on two plans it has never seen, which this scheme shows."""
        import numpy as np

        first = sorted({p for pp, k in zip(self.plan_pair, self.fixture.tolist(), strict=True) if k == 0 for p in pp})
        involves = {p: np.array([p in pp for pp in self.plan_pair]) for p in first}
        for k, path in enumerate(self.fixture_paths):
            mine = self.fixture == k
            if k == 0:
                for n, p in enumerate(first):
                    for q in first[n + 1:]:
                        yield (~mine & ~involves[p] & ~involves[q], mine & involves[p] & involves[q],
                               f"{path.name}: {p} ~ {q}")
            else:
                for p in first:
                    yield ~mine & ~involves[p], mine & involves[p], f"{path.name}: with {p}"

    def cross_validate(self, cols, margin, scheme: str = "pair", c: float = C, support: bool = True,
                       terms: bool = True) -> tuple[Pooled, list[dict]]:
        """Fit on each fold's training pairs, judge its test pairs, pool the counts over folds."""
        pooled, folds = Pooled(), []
        for train, test, name in self.folds(scheme):
            model = self.fit(train, cols, margin, c, support, terms)
            q = self.judge(test, model)
            pooled.merge(q)
            folds.append({"held_out": name, "threshold": model.threshold, "f1": round(q.f1, 4)})
        return pooled, folds

    def in_sample(self, cols, margin, c: float = C, support: bool = True,
                  terms: bool = True) -> tuple[Pooled, Model]:
        import numpy as np

        everything = np.ones(len(self.y), dtype=bool)
        model = self.fit(everything, cols, margin, c, support, terms)
        return self.judge(everything, model), model


class Pooled:
    """Counts summed over folds: predicted pairs right/wrong (precision), labelled pairs
    found/missed (recall), as quality.evaluate counts them within one fold."""

    def __init__(self) -> None:
        self.true_pos = self.false_pos = self.false_neg = self.labels_found = 0
        self.high_right = self.high_wrong = 0  # accepted labelled pairs scored >= HIGH
        self.same_object_accepted = self.same_object_high = self.same_object_total = 0

    def merge(self, other: Pooled) -> None:
        self.true_pos += other.true_pos
        self.false_pos += other.false_pos
        self.false_neg += other.false_neg
        self.labels_found += other.labels_found
        self.high_right += other.high_right
        self.high_wrong += other.high_wrong
        self.same_object_accepted += other.same_object_accepted
        self.same_object_high += other.same_object_high
        self.same_object_total += other.same_object_total

    def add(self, q, labelled: int) -> None:
        self.true_pos += q.true_pos
        self.false_pos += q.false_pos
        self.false_neg += q.false_neg
        self.labels_found += labelled - q.false_neg

    @property
    def precision(self) -> float:
        return self.true_pos / (self.true_pos + self.false_pos) if self.true_pos + self.false_pos else 0.0

    @property
    def recall(self) -> float:
        total = self.labels_found + self.false_neg
        return self.labels_found / total if total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def high_precision(self) -> float:
        n = self.high_right + self.high_wrong
        return self.high_right / n if n else 0.0

    def summary(self) -> str:
        return (f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.true_pos}, fp {self.false_pos}, fn {self.false_neg}); "
                f"scored >= {HIGH}: precision {self.high_precision:.3f} ({self.high_right} right, "
                f"{self.high_wrong} wrong); same-object negatives accepted {self.same_object_accepted}"
                f"/{self.same_object_total} ({self.same_object_high} at >= {HIGH})")


def _f1(pred, y) -> float:
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def as_dict(q) -> dict:
    return {"precision": round(q.precision, 4), "recall": round(q.recall, 4), "f1": round(q.f1, 4),
            "true_pos": q.true_pos, "false_pos": q.false_pos, "false_neg": q.false_neg,
            f"precision_at_{HIGH}": round(q.high_precision, 4), f"accepted_at_{HIGH}": q.high_right + q.high_wrong,
            "same_object_negatives": q.same_object_total, "same_object_accepted": q.same_object_accepted,
            f"same_object_accepted_at_{HIGH}": q.same_object_high}


SCHEMES = {
    "pair": "leave one labelled plan pair out",
    "fixture": "leave one fixture out",
    "blind": "fit on the 2024 fixture only, judge the held-out fixtures",
    "unseen": "leave out both plans of each judged pair",
}


def ablation(prob: Problem) -> list[dict]:
    """Cross-validated F1 with each feature left out, without the sibling rule, and at other C."""
    from ccompare.compare.align import FEATURES

    every = list(range(len(FEATURES)))
    rows = []

    def row(name, cols, margin, c=C, support=True, terms=True):
        out = {"variant": name}
        for scheme in SCHEMES:
            q, _ = prob.cross_validate(cols, margin, scheme, c, support, terms)
            out[scheme] = as_dict(q)
        out["in_sample_f1"] = round(prob.in_sample(cols, margin, c, support, terms)[0].f1, 4)
        rows.append(out)

    row("all features, sibling rule", every, SIBLING_MARGIN)
    row("no support stage", every, SIBLING_MARGIN, support=False)
    row("no shared-terms model", every, SIBLING_MARGIN, terms=False)
    row("neither", every, SIBLING_MARGIN, support=False, terms=False)
    row("no sibling rule", every, None)
    for k, name in enumerate(FEATURES):
        row(f"without {name}", [x for x in every if x != k], SIBLING_MARGIN)
    for c in (0.3, 3.0):
        row(f"C={c}", every, SIBLING_MARGIN, c)
    return rows


def term_weights(prob: Problem, model: Model) -> dict:
    """The shared-terms model as JSON: a weight per word term (negligible ones left out)."""
    weights, intercept = model.terms
    kept = {str(t): round(w, 4) for t, w in sorted(zip(prob.vocab, weights, strict=True)) if abs(w) >= 1e-3}
    return {"_about": "Logistic weights of word terms (pyvi words, '#concept' terms) over the products of two "
                      "tasks' word TF-IDF weights (align.shared_terms); terms not listed weigh 0.",
            "C": TERM_C, "intercept": round(intercept, 6), "weights": kept}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ablation", action="store_true", help="also print cross-validated F1 of variants")
    ap.add_argument("--before", action="store_true",
                    help="score the matcher as before issue 16 (thesaurus activity_mismatch, no different-work "
                         "rule) and print the figures without writing the calibration")
    args = ap.parse_args(argv)

    from ccompare.compare.align import FEATURES, SUPPORT, TERMS, candidate_pairs

    prob = Problem(before=args.before)
    cols = list(range(len(FEATURES)))
    checks = {scheme: prob.cross_validate(cols, SIBLING_MARGIN, scheme) for scheme in SCHEMES}
    insample, model = prob.in_sample(cols, SIBLING_MARGIN)
    if args.before:
        for scheme, (q, _) in checks.items():
            print(f"{SCHEMES[scheme] + ':':60s} {q.summary()}")
        print(f"{'in-sample (optimistic):':60s} {insample.summary()}")
        return 0

    bset = set()
    for _, index, run_groups, offset in prob.runs:
        blocked, _ = candidate_pairs(index, run_groups, method="block")
        bset.update((int(i) + offset, int(j) + offset) for i, j in blocked.tolist())
    pos = [(i, j) for (i, j), v in zip(prob.P.tolist(), prob.y.tolist(), strict=True) if v]
    block_recall = sum((i, j) in bset for i, j in pos) / len(pos)

    out = {
        "_about": "Written by models/calibrate_alignment.py: logistic weights over the alignment features, the "
                  "score threshold and the sibling margin, fitted on every hand-labelled fixture. 'pair' leaves "
                  "one labelled plan pair out, 'fixture' one fixture out (its plan unseen in training), 'blind' "
                  "fits on the 2024 fixture only and judges the held-out fixtures, 'unseen' leaves out both plans "
                  "of each judged plan pair (neither plan's tasks seen in training), 'in_sample' is fitted and "
                  "judged on the same pairs (optimistic). The thesaurus and the feature choices were made on the "
                  "2024 plans; the held-out fixtures were labelled without reading the matcher. Pairs of "
                  "different work or of columns on different topics (align.TaskIndex.not_shared) are never "
                  "accepted; precision_at_0.9 is the precision "
                  "of accepted pairs scored >= 0.9, same_object_* count the same-object negatives "
                  "(fixtures/same_object) accepted.",
        "features": list(FEATURES),
        "terms": term_weights(prob, model),
        "direct": {"features": [*FEATURES, TERMS], "coef": [round(c, 6) for c in model.direct[0]],
                   "intercept": round(model.direct[1], 6)},
        "final_features": [*FEATURES, TERMS, SUPPORT],
        "coef": [round(c, 6) for c in model.coef],
        "intercept": round(model.intercept, 6),
        "threshold": model.threshold,
        "sibling_margin": SIBLING_MARGIN,
        "metrics": {
            "fixtures": [str(f.relative_to(ROOT)) for f in prob.fixture_paths],
            "same_object_labels": sorted(str(f.relative_to(ROOT)) for f in SAME_OBJECT.glob("*.json")),
            "labelled_candidate_pairs": int(len(prob.y)),
            "positive_pairs": int(prob.y.sum()),
            **{scheme: as_dict(q) for scheme, (q, _) in checks.items()},
            **{f"{scheme}_folds": folds for scheme, (_, folds) in checks.items()},
            "in_sample": as_dict(insample),
            "blocking_recall_on_positives": round(block_recall, 4),
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    print(f"features {list(FEATURES)}")
    print(f"direct stage {out['direct']}")
    print(f"final stage (features + support) coef {out['coef']} intercept {out['intercept']} "
          f"threshold {model.threshold} sibling margin {SIBLING_MARGIN}")
    for scheme, (q, _) in checks.items():
        print(f"{SCHEMES[scheme] + ':':60s} {q.summary()}")
    print(f"{'in-sample (optimistic):':60s} {insample.summary()}")
    print(f"blocking keeps {block_recall:.1%} of the labelled positive pairs")
    if args.ablation:
        print("\nvariant                         " + "  ".join(f"{s:>7s} F1" for s in SCHEMES) + "  in-sample F1")
        for r in ablation(prob):
            print(f"{r['variant']:30s}  " + "  ".join(f"{r[s]['f1']:10.3f}" for s in SCHEMES)
                  + f"  {r['in_sample_f1']:12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
